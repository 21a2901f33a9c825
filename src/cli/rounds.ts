// hparam-lab rounds RUN_DIR [--top K] [--json]: the run's rounds side by side — round 1 (the wide
// search) to this run, each with its ranges, best val acc, median and the top-K spread. Its own
// command rather than part of `narrow`: the comparison is wanted after the next round has run,
// when there is nothing left to narrow.
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { compareRounds, roundsOf } from '../core/runs/rounds';
import { distributionText } from '../core/search/narrow-edit';
import { columns, t } from './l10n';
import { pad } from './format';
import { runArg, topArg } from './run-dir';
import { UsageError, type Subcommand } from './subcommands';

const DEFAULT_TOP = 20; // the book's Best-20
const acc = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(3));

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { top: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  if (positionals.length > 1) throw new UsageError(t('{0} needs one RUN_DIR', 'rounds'));
  const run = runArg(positionals[0], 'rounds');
  const k = topArg(values.top, DEFAULT_TOP);
  const rounds = compareRounds(roundsOf(dirname(run.dir), run), k);
  if (values.json) {
    process.stdout.write(JSON.stringify({ run: run.dir, top: k, rounds }) + '\n');
    return 0;
  }
  const head = [t('round'), t('run'), t('trials'), t('best'), t('median'), t('top-{0} lowest', k), t('top-{0} spread', k)];
  const rows = rounds.map((r) => [String(r.round), r.run, String(r.scored), acc(r.best), acc(r.median), acc(r.top?.lowest), acc(r.top?.spread)]);
  const widths = head.map((h, c) => Math.max(columns(h), ...rows.map((row) => columns(row[c]!))));
  const line = (cells: string[]) => cells.map((x, c) => pad(x, widths[c]!, c !== 1)).join('  ').trimEnd();
  const out = [t('val acc by round (best, median, and the spread of the top {0}):', k), line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line), ''];
  for (const r of rounds) {
    out.push(t('round {0} searched:', r.round));
    const width = Math.max(...Object.keys(r.ranges).map(columns));
    for (const [path, d] of Object.entries(r.ranges)) out.push(`  ${pad(path, width, false)}  ${distributionText(d)}`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

export const roundsCommand: Subcommand = {
  synopsis: 'hparam-lab rounds RUN_DIR [--top K] [--json]',
  explain: () => t('compares a run\'s rounds side by side: the ranges, best and median val acc, and the top-K spread'),
  main,
};
