// Stress through the runner API, in this process: searches in a row, then quick start/stop cycles.
// After each: no live worker thread, no lock left; at the end the resident set, after GC, is
// compared with the one after a warm-up search (the first search loads wasm, MNIST and the
// modules once; that is not a leak). Run with --expose-gc:
//   node --expose-gc --import tsx bench/stress.ts [--searches 3] [--trials 100] [--epochs 5] [--cycles 20]
// The last stdout line is a JSON object (test/unit/stress.test.ts runs a reduced one).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseSpec } from '../src/core/spec';
import { startRun } from '../src/core/session';
import { liveWorkerCount, threadExecutor } from '../src/worker/pool';
import { lockPath } from '../src/core/runs/lock';
import { readRun } from '../src/core/runs/store';

export interface StressReport {
  searches: number;
  trials: number;
  epochs: number;
  cycles: number;
  seconds: number;
  /** Resident set after GC: after the warm-up, and at the end. */
  rssStartMB: number;
  rssEndMB: number;
  rssGrowth: number;
  heapStartMB: number;
  heapEndMB: number;
  /** Most live worker threads seen after a search or a cycle had ended (0 = no leak). */
  leakedWorkers: number;
  /** Lock files found after a search or a cycle had ended. */
  orphanedLocks: number;
  /** Runs whose folder says something other than what happened (completed / cancelled). */
  wrongStatus: string[];
}

const MB = 1024 * 1024;

function settled(): { rss: number; heap: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  // heap = what JavaScript still holds (objects, and buffers outside the V8 heap): a leak shows here
  // first; RSS also moves with the allocator's arenas for threads that have ended
  return { rss: m.rss / MB, heap: (m.heapUsed + m.external) / MB };
}

function bookSpec(trials: number, epochs: number) {
  const text = JSON.stringify({
    name: 'stress',
    data: { source: 'mnist', trainSize: 500, validationRate: 0.2, seed: 1 },
    model: { hiddenSizes: [100, 100, 100, 100, 100, 100], activation: 'relu', weightInit: 'he' },
    training: { epochs, batchSize: 100, optimizer: 'sgd' },
    search: { method: 'random', trials, seed: 1, params: { 'training.weightDecay': { log10: [-8, -4] }, 'training.lr': { log10: [-6, -2] } } },
    run: { workers: 2, backend: 'wasm' },
  });
  const { spec, errors } = parseSpec(text, 'stress/search.json');
  if (!spec) throw new Error(errors.map((e) => e.message).join('\n'));
  return spec;
}

export async function stress(opts: { searches: number; trials: number; epochs: number; cycles: number }): Promise<StressReport> {
  const root = mkdtempSync(join(tmpdir(), 'hpl-stress-'));
  const specPath = join(root, 'search.json');
  writeFileSync(specPath, '{}');
  const outRoot = join(root, 'runs');
  let leakedWorkers = 0;
  let orphanedLocks = 0;
  const wrongStatus: string[] = [];
  const afterEach = (dir: string, expected: string) => {
    leakedWorkers = Math.max(leakedWorkers, liveWorkerCount());
    if (existsSync(lockPath(outRoot))) orphanedLocks++;
    const status = readRun(dir).status;
    if (status !== expected) wrongStatus.push(`${dir}: ${status}, expected ${expected}`);
  };
  const search = async (trials: number, epochs: number) => {
    const handle = await startRun({ spec: bookSpec(trials, epochs), specPath, outRoot, workers: 2, executor: threadExecutor });
    const summary = await handle.done;
    afterEach(summary.dir, 'completed');
  };

  // warm-up: the first runs grow the allocator's per-thread arenas, which it keeps for reuse —
  // that is not a leak, so the baseline is taken once they exist
  const stopAtOnce = async (afterMs = 0) => {
    const handle = await startRun({ spec: bookSpec(opts.trials, opts.epochs), specPath, outRoot, workers: 2, executor: threadExecutor });
    if (afterMs) await new Promise<void>((resolve) => setTimeout(resolve, afterMs));
    handle.cancel();
    const summary = await handle.done;
    afterEach(summary.dir, 'cancelled');
  };

  await search(2, 1);
  for (let i = 0; i < 3; i++) await stopAtOnce();
  const start = settled();
  const t0 = performance.now();
  for (let i = 0; i < opts.searches; i++) await search(opts.trials, opts.epochs);
  // half stop at once, half after the first trial has started
  for (let i = 0; i < opts.cycles; i++) await stopAtOnce(i % 2 === 1 ? 20 : 0);
  const seconds = (performance.now() - t0) / 1000;
  const end = settled();
  rmSync(root, { recursive: true, force: true });
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    ...opts, seconds: round(seconds),
    rssStartMB: round(start.rss), rssEndMB: round(end.rss), rssGrowth: Math.round((end.rss / start.rss - 1) * 1000) / 1000,
    heapStartMB: round(start.heap), heapEndMB: round(end.heap),
    leakedWorkers, orphanedLocks, wrongStatus,
  };
}

if (require.main === module) {
  const { values } = parseArgs({
    options: { searches: { type: 'string', default: '3' }, trials: { type: 'string', default: '100' }, epochs: { type: 'string', default: '5' }, cycles: { type: 'string', default: '20' } },
  });
  stress({ searches: Number(values.searches), trials: Number(values.trials), epochs: Number(values.epochs), cycles: Number(values.cycles) }).then(
    (report) => process.stdout.write(JSON.stringify(report) + '\n'),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
