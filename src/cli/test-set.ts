// hparam-lab test RUN_DIR [--top K] [--json]: the kept weights of a run's best trials scored on the
// test set (core/runs/test-scores.ts), val acc beside test acc, stored in the run's test.json.
// Test accuracy reports; it never chooses (§6.5.1): ranking, TPE and narrowing never read it.
import { parseArgs } from 'node:util';
import { NoKeptWeightsError, scoreTestSet } from '../core/runs/test-scores';
import { NpzError } from '../core/runs/npz';
import { IdxError } from '../core/data/idx';
import { t } from './l10n';
import { runArg, topArg } from './run-dir';
import { UsageError, type Subcommand } from './subcommands';

const acc = (v: number | undefined) => (v === undefined ? '  —  ' : v.toFixed(4));

async function main(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { top: { type: 'string' }, json: { type: 'boolean', default: false } } });
  if (positionals.length > 1) throw new UsageError(t('{0} needs one RUN_DIR', 'test'));
  const run = runArg(positionals[0], 'test');
  const top = values.top === undefined ? undefined : topArg(values.top, 1);
  const progress = !values.json && process.stderr.isTTY; // a counter on a terminal only
  let report;
  try {
    report = await scoreTestSet(run, top, (done, total) => progress && process.stderr.write(`\r${done}/${total}`));
  } catch (e) {
    // no kept weights, no t10k files, a damaged .npz: each message names the file and what to do
    if (e instanceof NoKeptWeightsError || e instanceof NpzError || e instanceof IdxError) {
      process.stderr.write(e.message + '\n');
      return 1;
    }
    throw e;
  }
  if (progress) process.stderr.write('\r\x1b[K');
  if (report.note) process.stderr.write(report.note + '\n');
  if (values.json) {
    process.stdout.write(JSON.stringify(report) + '\n');
    return 0;
  }
  const out = [t('{0}: test accuracy of the best {1} kept trials on {2} test images ({3})', run.name, report.trials.length, report.data.images, report.data.dir)];
  out.push(`  ${t('rank')}  ${t('trial')}  ${t('val acc')}  ${t('test acc')}`);
  for (const s of report.trials) out.push(`  ${String(s.rank).padStart(4)}  ${String(s.trial).padStart(5)}  ${acc(s.valAcc).padStart(7)}  ${acc(s.testAcc).padStart(8)}`);
  out.push(t('Test data only reports: the trials are ranked and narrowed by val acc, never by test acc (§6.5.1).'));
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

export const testCommand: Subcommand = {
  synopsis: 'hparam-lab test RUN_DIR [--top K] [--json]',
  explain: () => t('scores the kept weights of the best trials of a run on the test set (reported beside val acc, never used to choose)'),
  main,
};
