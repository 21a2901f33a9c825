// npx tsx bench/strategies.ts [--seeds 5] [--budget 2000] [--cap EPOCHS] [--threshold 0.75] [--jobs 2] [--only NAME,...]
//                              [--tpe '{"startupTrials": 5}'] [--asha '{"metric": "trainAcc", "bootstrapTrials": 2}'] [--median '{"warmupEpochs": 10}']
// How much training each search strategy spends on the book's §6.5 workload (examples/book-6.5:
// wd 10^U(−8,−4), lr 10^U(−6,−2), 500 images, 50 epochs), through the real runner and workers:
//   (a) epochs consumed until some trial first records val acc ≥ threshold;
//   (b) the best final val acc of the trials that ended (completed, or pruned) within `budget` epochs.
// Epochs consumed = epoch events received, in the order they arrive. Each run uses ONE worker
// thread, so trials run one after another and the count is exactly "the sum over trials, in the
// order they started, of the epochs they trained" — and the run is reproducible (with two
// workers the samplers and pruners would see a history that depends on timing). Runs of
// different strategies/seeds run side by side (--jobs), which changes nothing but the wall time.
// A run stops at the budget, or later (up to --cap) while (a) is still unmet; (b) is read at the
// budget. --tpe/--asha/--median put settings into the spec (others keep the schema's defaults), to
// try candidate defaults. Not a test: numbers for docs/search-strategies.md.
import { parseArgs } from 'node:util';
import { cpus } from 'node:os';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseSpec } from '../src/core/spec';
import type { SearchSpec } from '../src/core/spec/types';
import type { TrialEvent } from '../src/core/runs/events';
import { startRun } from '../src/core/session';
import { threadExecutor } from '../src/worker/pool';

const BOOK_SPEC = resolve(__dirname, '..', 'examples', 'book-6.5', 'search.json');

interface Strategy {
  name: string;
  method: 'random' | 'tpe';
  /** As written in search.json: the schema fills in the defaults. */
  prune: { method: 'median' | 'asha' } | null;
}

const STRATEGIES: Strategy[] = [
  { name: 'random', method: 'random', prune: null },
  { name: 'random+median', method: 'random', prune: { method: 'median' } },
  { name: 'random+ASHA', method: 'random', prune: { method: 'asha' } },
  { name: 'TPE', method: 'tpe', prune: null },
  { name: 'TPE+ASHA', method: 'tpe', prune: { method: 'asha' } },
];

interface Measurement {
  strategy: string;
  seed: number;
  /** Epochs consumed when val acc first reached the threshold; null when it did not within the cap. */
  epochsToThreshold: number | null;
  bestAtBudget: number;
  trialsStarted: number;
}

/** Settings written into the spec, beside the method names (the schema fills in the rest). */
interface Settings {
  tpe: object;
  asha: object;
  median: object;
}

/** The book's spec with this strategy and seed, defaults filled as the CLI fills them. */
function strategySpec(strategy: Strategy, seed: number, settings: Settings): SearchSpec {
  const book = JSON.parse(readFileSync(BOOK_SPEC, 'utf8'));
  delete book.$schema;
  const prune = strategy.prune && { ...strategy.prune, ...settings[strategy.prune.method] };
  book.search = { ...book.search, method: strategy.method, prune, seed, trials: 10_000, ...(strategy.method === 'tpe' ? { tpe: settings.tpe } : {}) };
  book.run = { workers: 1, backend: 'wasm' };
  const parsed = parseSpec(JSON.stringify(book), BOOK_SPEC);
  if (!parsed.spec) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.spec;
}

async function measure(strategy: Strategy, seed: number, settings: Settings, budget: number, cap: number, threshold: number): Promise<Measurement> {
  const spec = strategySpec(strategy, seed, settings);
  const outRoot = mkdtempSync(join(tmpdir(), 'hpl-strategies-'));
  let consumed = 0;
  let epochsToThreshold: number | null = null;
  let bestAtBudget = -Infinity;
  let trialsStarted = 0;
  let stopping = false;
  let cancel = () => {};
  const onEvent = (e: TrialEvent) => {
    if (stopping) return; // events of the trial in flight while the run is being cancelled
    if (e.type === 'start') trialsStarted++;
    if (e.type === 'end' && (e.status === 'completed' || e.status === 'pruned') && consumed <= budget && e.valAcc !== undefined) {
      bestAtBudget = Math.max(bestAtBudget, e.valAcc);
    }
    if (e.type !== 'epoch') return;
    consumed++;
    if (epochsToThreshold === null && e.valAcc >= threshold) epochsToThreshold = consumed;
    // a trial whose last epoch is the budget's last one has completed within the budget
    if (consumed === budget && e.epoch === spec.training.epochs) bestAtBudget = Math.max(bestAtBudget, e.valAcc);
    if (consumed >= budget && (epochsToThreshold !== null || consumed >= cap)) {
      stopping = true;
      setImmediate(() => cancel()); // after the session has finished handling this event
    }
  };
  try {
    const handle = await startRun({ spec, specPath: BOOK_SPEC, outRoot, workers: 1, backend: 'wasm', executor: threadExecutor });
    cancel = () => handle.cancel();
    handle.subscribe(onEvent);
    await handle.done;
  } finally {
    rmSync(outRoot, { recursive: true, force: true });
  }
  return { strategy: strategy.name, seed, epochsToThreshold, bestAtBudget, trialsStarted };
}

/** Runs the tasks `jobs` at a time. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, lane));
  return results;
}

/** Median with misses (null = not reached within the cap) counted as larger than everything. */
function medianOf(xs: (number | null)[]): number | null {
  const sorted = [...xs].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  const mid = sorted.length >> 1;
  if (sorted.length % 2) return sorted[mid];
  const [a, b] = [sorted[mid - 1], sorted[mid]];
  return a === null || b === null ? null : (a + b) / 2;
}

function formatTable(rows: Measurement[], strategies: Strategy[], cap: number, threshold: number, budget: number): string {
  const miss = `>${cap}`;
  const head = ['strategy', `median epochs to ${threshold}`, 'per seed', `median best @${budget}`, 'per seed', 'median trials'];
  const cells = strategies.map((s) => {
    const mine = rows.filter((r) => r.strategy === s.name);
    const toThreshold = mine.map((r) => r.epochsToThreshold);
    const best = mine.map((r) => r.bestAtBudget);
    return [
      s.name,
      String(medianOf(toThreshold) ?? miss),
      toThreshold.map((x) => x ?? miss).join(' '),
      medianOf(best)!.toFixed(2),
      best.map((x) => x.toFixed(2)).join(' '),
      String(medianOf(mine.map((r) => r.trialsStarted))),
    ];
  });
  const line = (x: string[]) => `| ${x.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...cells.map(line)].join('\n');
}

async function main() {
  const { values } = parseArgs({
    options: {
      seeds: { type: 'string', default: '5' },
      budget: { type: 'string', default: '2000' },
      cap: { type: 'string' },
      threshold: { type: 'string', default: '0.75' },
      jobs: { type: 'string', default: '2' },
      only: { type: 'string' },
      tpe: { type: 'string', default: '{}' },
      asha: { type: 'string', default: '{}' },
      median: { type: 'string', default: '{}' },
    },
  });
  const seeds = Number(values.seeds);
  const budget = Number(values.budget);
  const cap = Math.max(budget, Number(values.cap ?? budget));
  const threshold = Number(values.threshold);
  const only = values.only?.split(',');
  const settings: Settings = { tpe: JSON.parse(values.tpe), asha: JSON.parse(values.asha), median: JSON.parse(values.median) };
  const strategies = only ? STRATEGIES.filter((s) => only.includes(s.name)) : STRATEGIES;
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, node ${process.version}, ${new Date().toISOString()}`);
  console.log(`book §6.5 space, ${seeds} seeds, budget ${budget} epochs, cap ${cap}, threshold ${threshold}, 1 worker per run, ${values.jobs} runs at a time`);
  const shown = strategySpec(STRATEGIES[4], 1, settings).search;
  const median = strategySpec(STRATEGIES[1], 1, settings).search.prune;
  console.log(`settings: tpe ${JSON.stringify(shown.tpe)}, asha ${JSON.stringify(shown.prune)}, median ${JSON.stringify(median)}\n`);
  const t0 = performance.now();
  const tasks = strategies.flatMap((s) =>
    Array.from({ length: seeds }, (_, k) => async () => {
      const m = await measure(s, k + 1, settings, budget, cap, threshold);
      const elapsed = ((performance.now() - t0) / 1000).toFixed(0);
      console.error(`${s.name} seed ${m.seed}: to ${threshold} ${m.epochsToThreshold ?? `>${cap}`}, best ${m.bestAtBudget.toFixed(2)}, ${m.trialsStarted} trials (${elapsed}s)`);
      return m;
    }),
  );
  const rows = await pool(tasks, Number(values.jobs));
  console.log(formatTable(rows, strategies, cap, threshold, budget));
  console.log(`\n${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

void main();
