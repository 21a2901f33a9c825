// hparam-lab — the headless twin of the extension.
//   hparam-lab run SPEC [--trials N] [--epochs N] [--seed N] [--backend B] [--workers N] [--out DIR] [--json]
//   hparam-lab resume RUN_DIR [--json]
// Exit codes: 0 done, 1 failed (an error, or every trial failed), 2 bad usage or invalid spec (nothing written), 130 stopped by Ctrl-C.
import { parseArgs } from 'node:util';
import { dirname, relative, resolve, isAbsolute } from 'node:path';
import { formatSpecError, withOverrides } from '../core/spec';
import { loadSpec } from '../core/load-spec';
import type { SearchSpec } from '../core/spec/types';
import { resumeRun, startRun, type RunHandle, type RunSummary } from '../core/session';
import { executorFor, queueErrorText } from './queue-option';
import { errorText } from './fuse-refusal';
import { SearchProgress } from './progress';
import { formatDuration, rankedTable } from './format';
import { cliLocale, t } from './l10n';
import { runFindings } from '../core/search/findings';
import { SUBCOMMANDS, UsageError } from './subcommands';

/** The synopsis lines are syntax and stay as they are; the explanations are translated. */
const usage = () =>
  [
    t('usage:'),
    '  hparam-lab run SPEC [--trials N] [--epochs N] [--seed N] [--backend auto|js|wasm|gpu] [--workers N] [--fuse auto|N] [--out DIR] [--queue URL] [--json]',
    '  hparam-lab resume RUN_DIR [--queue URL] [--json]',
    ...Object.values(SUBCOMMANDS).map((c) => `  ${c.synopsis}`),
    '',
    `  run     ${t('runs the search described by SPEC (a search.json); flags override the spec')}`,
    `  resume  ${t('finishes the trials of a stopped or interrupted run with the same seeds')}`,
    ...Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name.padEnd(7)} ${c.explain()}`),
    `  --out   ${t('the runs folder (default: .hparam-lab/runs in the current folder, or beside SPEC)')}`,
    `  --json  ${t('prints the results as one JSON object, the last line of stdout')}`,
  ].join('\n');

function int(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < 0) throw new UsageError(t('--{0} must be a whole number, not "{1}"', name, v));
  return Number(v);
}

/** Runs folder default: .hparam-lab/runs of the working folder when the spec lies inside it, else beside the spec. */
function defaultRunsRoot(specPath: string): string {
  const rel = relative(process.cwd(), specPath);
  const inside = !rel.startsWith('..') && !isAbsolute(rel);
  return resolve(inside ? process.cwd() : dirname(specPath), '.hparam-lab', 'runs');
}

async function main(argv: string[]): Promise<number> {
  const sub = argv[0] !== undefined && Object.hasOwn(SUBCOMMANDS, argv[0]) ? SUBCOMMANDS[argv[0]] : undefined;
  if (sub) return sub.main(argv.slice(1));
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      trials: { type: 'string' },
      epochs: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      workers: { type: 'string' },
      fuse: { type: 'string' },
      out: { type: 'string' },
      queue: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [command, target, ...extra] = positionals;
  if (values.help || !command) {
    process.stdout.write(usage() + '\n');
    return values.help ? 0 : 2;
  }
  if (!target || extra.length) throw new UsageError(command === 'resume' ? t('resume needs one RUN_DIR') : t('run needs one SPEC file'));
  const json = values.json === true;
  const log = json ? process.stderr : process.stdout;

  let handle: RunHandle;
  let progress: SearchProgress | undefined;
  const onNote = (m: string) => (progress ? progress.note(m) : process.stderr.write(t('note: {0}', m) + '\n'));

  if (command === 'run') {
    const specPath = resolve(target);
    const loaded = loadSpec(specPath);
    if (!loaded.spec) {
      for (const e of loaded.errors) process.stderr.write(formatSpecError(e) + '\n');
      process.stderr.write(t('{0}: invalid search spec; nothing was run', specPath) + '\n');
      return 2;
    }
    for (const e of loaded.errors) process.stderr.write(formatSpecError(e) + '\n'); // warnings
    const { trials, epochs, seed, workers, fuse, backend } = values;
    const over = withOverrides(loaded.spec, { trials, epochs, seed, workers, fuse, backend });
    if ('error' in over) throw new UsageError(over.error);
    for (const w of over.warnings) process.stderr.write(t('warning: {0}', w) + '\n');
    const outRoot = values.out ? resolve(values.out) : defaultRunsRoot(specPath);
    handle = await startRun({ spec: over.spec, specPath, outRoot, executor: executorFor(values.queue), onNote });
  } else if (command === 'resume') {
    if (values.trials || values.epochs || values.seed || values.out || values.fuse) throw new UsageError(t('resume takes only --json, --workers, --backend and --queue: the run keeps its own spec'));
    handle = await resumeRun(resolve(target), { executor: executorFor(values.queue), onNote, workers: int('workers', values.workers), backend: values.backend as SearchSpec['run']['backend'] | undefined });
  } else {
    throw new UsageError(t('unknown command "{0}"', command));
  }

  const { spec } = handle;
  process.stderr.write(t('{0}: {1} trials × {2} epochs on {3} → {4}', spec.name, spec.search.trials, spec.training.epochs, handle.backend, handle.dir) + '\n');
  // the handle comes before the first trial starts: the progress sees every event
  const shown = new SearchProgress(handle.state, spec.search.trials);
  progress = shown;
  handle.subscribe((e) => shown.onEvent(e));
  let interrupted = false;
  const onSigint = () => {
    if (interrupted) process.exit(130); // a second Ctrl-C: out now (the files are valid already)
    interrupted = true;
    process.stderr.write('\n' + t('stopping: trials in flight are marked cancelled (resume with `hparam-lab resume`)') + '\n');
    handle.cancel();
  };
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigint);
  let summary: RunSummary;
  try {
    summary = await handle.done;
  } finally {
    shown.stop();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  const findingsOf = (locale: 'en' | 'ja') => runFindings(summary.trials, spec.search.params, summary.importance ?? {}, locale);
  report(summary, spec, log, findingsOf(cliLocale() === 'ja' ? 'ja' : 'en').sentences);
  // the JSON is the same in every locale (scripts parse it): its sentences are English
  if (json) process.stdout.write(JSON.stringify({ ...jsonSummary(summary), findings: findingsOf('en') }) + '\n');
  if (summary.status === 'cancelled') return 130;
  const failed = summary.trials.filter((r) => r.status === 'failed');
  if (failed.length === 0 || failed.length < summary.trials.length) return 0;
  const first = failed.reduce((a, b) => (b.trial < a.trial ? b : a));
  process.stderr.write(t('all {0} trials failed; the first: {1}', failed.length, (first.error ?? '?').split('\n')[0]!) + '\n');
  return 1;
}

function report(s: RunSummary, spec: SearchSpec, out: NodeJS.WriteStream, findings: readonly string[]): void {
  const names = Object.keys(spec.search.params);
  out.write('\n' + rankedTable(s.trials, names, 20) + '\n\n');
  const imp = Object.entries(s.importance ?? {}).sort((a, b) => b[1] - a[1]);
  if (imp.length) out.write(t('importance: {0}', imp.map(([k, v]) => `${k} ${(v * 100).toFixed(0)}%`).join(', ')) + '\n');
  for (const line of findings) out.write(line + '\n');
  const ended = s.status === 'cancelled' ? t('stopped in {0} on {1}: {2}', formatDuration(s.seconds), s.backend, s.dir) : t('done in {0} on {1}: {2}', formatDuration(s.seconds), s.backend, s.dir);
  out.write(ended + '\n');
}

export function jsonSummary(s: RunSummary) {
  return {
    run: s.dir,
    backend: s.backend,
    seconds: Math.round(s.seconds * 1000) / 1000,
    status: s.status,
    trials: s.trials.map((r) => ({ trial: r.trial, params: r.params, status: r.status, valAcc: r.valAcc, trainAcc: r.trainAcc, epochs: r.curve.length })),
    ...(s.importance && Object.keys(s.importance).length ? { importance: s.importance } : {}),
  };
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    const code = String((e as NodeJS.ErrnoException | undefined)?.code ?? "");
    if (e instanceof UsageError || code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`hparam-lab: ${(e as Error).message}\n\n${usage()}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`hparam-lab: ${queueErrorText(e) ?? errorText(e)}\n`);
      process.exitCode = 1;
    }
  },
);
