// hparam-lab report RUN_DIR [--out FILE]: the run as one self-contained HTML page (the book's
// Best-20 figure, the scatter, importance, findings, rounds, notes, test accuracy) with
// best-20.svg and best-20.png beside it. The page is in the CLI's language.
import { parseArgs } from 'node:util';
import { writeReport } from '../report/index';
import { NotARunError } from '../report/data';
import { cliLocale, t } from './l10n';
import { UsageError, type Subcommand } from './subcommands';

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
  if (positionals.length !== 1) throw new UsageError(t('{0} needs one RUN_DIR', 'report'));
  let files;
  try {
    files = await writeReport(positionals[0]!, { out: values.out, locale: cliLocale() === 'ja' ? 'ja' : 'en' });
  } catch (e) {
    if (e instanceof NotARunError) throw new UsageError(t('{0} is not a run folder (it has no spec.json): give a folder under .hparam-lab/runs', e.dir));
    throw e;
  }
  const lines = [t('wrote the report {0}', files.html)];
  if (files.svg) lines.push(t('wrote the Best-20 figure {0}', files.svg));
  if (files.png) lines.push(t('wrote the Best-20 figure {0}', files.png));
  else if (files.svg) lines.push(t('no PNG: @resvg/resvg-js could not be loaded here; the SVG is the figure'));
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

export const reportCommand: Subcommand = {
  synopsis: 'hparam-lab report RUN_DIR [--out FILE]',
  explain: () => t('writes the run as one HTML page (Best-20, scatter, importance, findings, rounds, notes) with best-20.svg/.png beside it'),
  main,
};
