// Runs for the panel at scale, as the host would stream them: the recorded book search
// (bench/fixtures/book-6.5-100x50: a real 100 × 50-epoch run on 2 workers) and a synthetic
// 10,000-trial TPE + ASHA search on the book's spec (rungs at 5, 15 and 45 of 50 epochs, so two
// trials in three stop at epoch 5). Each event carries the time it happened; `hostUpdates`
// cuts them into the `update` messages the host's UpdateBatcher sends (one per 100 ms).
// Deterministic from the seed; written to a run folder in the run store's format.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PanelUpdate } from '../../src/panel/contract';
import type { EndEvent, EpochEvent, StartEvent, TrialEvent } from '../../src/core/runs/events';
import type { RunMeta } from '../../src/core/runs/store';
import type { SearchSpec } from '../../src/core/spec/types';
import { Rng } from '../../src/core/random';

export interface TimedEvent {
  event: TrialEvent;
  /** Milliseconds since the run started. */
  at: number;
}

export interface BigRun {
  spec: SearchSpec;
  meta: RunMeta;
  events: TimedEvent[];
}

export const RECORDED_DIR = join(__dirname, '..', '..', 'bench', 'fixtures', 'book-6.5-100x50');

/** The recorded book search. Epoch events carry no time: they are spread evenly between their
 * trial's start and end (each epoch of a trial takes about as long as the others). */
export function recordedBookRun(dir = RECORDED_DIR): BigRun {
  const spec = JSON.parse(readFileSync(join(dir, 'spec.json'), 'utf8')) as SearchSpec;
  const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8')) as RunMeta;
  const lines = gunzipSync(readFileSync(join(dir, 'trials.jsonl.gz'))).toString('utf8').split('\n').filter(Boolean);
  const events = lines.map((line) => JSON.parse(line) as TrialEvent);
  const t0 = Date.parse((events.find((e) => e.type === 'start') as StartEvent).time);
  const startAt = new Map<number, number>();
  const endAt = new Map<number, { at: number; epochs: number }>();
  for (const e of events) {
    if (e.type === 'start') startAt.set(e.trial, Date.parse(e.time) - t0);
    if (e.type === 'end') endAt.set(e.trial, { at: Date.parse(e.time) - t0, epochs: Math.max(1, e.epochs) });
  }
  const timed = events.map((event): TimedEvent => {
    if (event.type !== 'epoch') return { event, at: Date.parse(event.time) - t0 };
    const from = startAt.get(event.trial) ?? 0;
    const end = endAt.get(event.trial) ?? { at: from, epochs: 1 };
    return { event, at: from + ((end.at - from) * event.epoch) / end.epochs };
  });
  // Sorting by time keeps each trial's own order (its times grow with its events).
  return { spec, meta, events: timed.sort((a, b) => a.at - b.at) };
}

export interface SyntheticOptions {
  trials: number;
  seed: number;
  workers?: number;
  /** How long one epoch of one trial takes (the recorded book run: about 14 ms on wasm). */
  epochMs?: number;
}

/** The book's spec, searched with TPE and pruned with ASHA. */
export function bigSpec(book: SearchSpec, trials: number, seed: number): SearchSpec {
  return {
    ...book,
    search: {
      ...book.search, method: 'tpe', trials, seed,
      prune: { method: 'asha', minEpochs: 5, reductionFactor: 3, metric: 'valAcc', bootstrapTrials: 0 },
    },
    run: { workers: 2, backend: 'wasm' },
  };
}

const step = (x: number) => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;
const LOG_LR: [number, number] = [-6, -2];
const LOG_WD: [number, number] = [-8, -4];
const clamp = (x: number, [lo, hi]: [number, number]) => Math.min(hi, Math.max(lo, x));

/** A §6.5-like curve: lr decides how far a trial gets (nowhere below 1e-4), as in the book. */
function curveOf(lr: number, weightDecay: number, epochs: number, rng: Rng) {
  const reach = Math.min(1, Math.max(0, (Math.log10(lr) + 4) / 2));
  const decay = Math.max(0, (Math.log10(weightDecay) + 6) / 2) * 0.05; // strong weight decay costs a little
  const ceiling = 0.1 + 0.78 * reach ** 1.4 - decay + rng.uniform(-0.03, 0.03);
  const pace = rng.uniform(6, 18);
  return Array.from({ length: epochs }, (_, i) => {
    const epoch = i + 1;
    const progress = 1 - Math.exp(-epoch / pace);
    const valAcc = step(0.1 + (ceiling - 0.1) * progress + rng.uniform(-0.015, 0.015));
    const trainAcc = step(valAcc + 0.12 * reach * (epoch / epochs) + rng.uniform(-0.01, 0.01));
    return { epoch, trainAcc, valAcc, loss: 2.3 * (1 - progress * reach) };
  });
}

/** Descending sorted insert; returns the array. */
function insertDescending(values: number[], v: number): number[] {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid]! >= v) lo = mid + 1;
    else hi = mid;
  }
  values.splice(lo, 0, v);
  return values;
}

/**
 * The synthetic search, simulated: `workers` slots train one trial each; a free slot takes the next
 * trial, whose params a TPE-like proposal picks (after 10 random start-up trials, three times in
 * four near one of the best quarter of the results so far, in log10 space; else anywhere); at each
 * rung the trial goes on only if it is among the best 1/η there (the ASHA rule of
 * src/core/search/asha.ts, bootstrapTrials 0). The real TPE is too slow to sample 10,000 trials for
 * a benchmark; its proposals have this shape.
 */
export function syntheticBigRun(book: SearchSpec, { trials, seed, workers = 2, epochMs = 14 }: SyntheticOptions): BigRun {
  const spec = bigSpec(book, trials, seed);
  const epochs = spec.training.epochs;
  const rng = new Rng(seed);
  const rungs = [5, 15, 45];
  const rungValues = rungs.map(() => [] as number[]);
  /** The results so far as [valAcc, log lr, log wd], best first (for the proposals). */
  const results: [number, number, number][] = [];
  const t0 = Date.parse('2025-01-01T00:00:00.000Z');
  const iso = (at: number) => new Date(t0 + Math.round(at)).toISOString();
  const events: TimedEvent[] = [];
  let next = 0;
  const slotFree = Array.from({ length: workers }, () => 0);
  // Each slot runs its trials back to back; the slot that is free first takes the next trial.
  while (next < trials) {
    const slot = slotFree.indexOf(Math.min(...slotFree));
    const trial = next++;
    let at = slotFree[slot]!;
    let logLr: number;
    let logWd: number;
    if (trial < 10 || results.length === 0 || rng.next() < 0.25) {
      logLr = rng.uniform(...LOG_LR);
      logWd = rng.uniform(...LOG_WD);
    } else {
      const [, lr0, wd0] = results[rng.int(Math.max(1, Math.ceil(results.length / 4)))]!;
      logLr = clamp(lr0 + 0.25 * rng.normal(), LOG_LR);
      logWd = clamp(wd0 + 0.5 * rng.normal(), LOG_WD);
    }
    const params = { 'training.weightDecay': 10 ** logWd, 'training.lr': 10 ** logLr };
    const start: StartEvent = { type: 'start', trial, seed: trial, params, backend: 'wasm', time: iso(at) };
    events.push({ event: start, at });
    const curve = curveOf(params['training.lr'], params['training.weightDecay'], epochs, rng);
    let status: EndEvent['status'] = 'completed';
    let ran = 0;
    for (const point of curve) {
      at += epochMs * rng.uniform(0.8, 1.2);
      ran++;
      const epoch: EpochEvent = { type: 'epoch', trial, ...point };
      events.push({ event: epoch, at });
      const r = rungs.indexOf(point.epoch);
      if (r >= 0) {
        const values = insertDescending(rungValues[r]!, point.valAcc);
        const bar = values[Math.max(0, Math.floor(values.length / 3) - 1)]!;
        if (point.valAcc < bar) {
          status = 'pruned';
          break;
        }
      }
    }
    const last = curve[ran - 1]!;
    const end: EndEvent = {
      type: 'end', trial, status, valAcc: last.valAcc, trainAcc: last.trainAcc, epochs: ran,
      seconds: (at - slotFree[slot]!) / 1000, time: iso(at),
    };
    events.push({ event: end, at });
    slotFree[slot] = at;
    // the proposals read the results best first
    let i = results.findIndex(([v]) => v < last.valAcc);
    if (i < 0) i = results.length;
    results.splice(i, 0, [last.valAcc, logLr, logWd]);
  }
  events.sort((a, b) => a.at - b.at);
  const meta: RunMeta = { specPath: '', started: iso(0), ended: iso(events.at(-1)!.at), version: '0.1.0' };
  return { spec, meta, events };
}

/** The `update` messages the host sends for these events: what happened in each `intervalMs`. */
export function hostUpdates(events: readonly TimedEvent[], intervalMs = 100): PanelUpdate[] {
  const updates: PanelUpdate[] = [];
  let window = -1;
  for (const { event, at } of events) {
    const w = Math.floor(at / intervalMs);
    if (w !== window || updates.length === 0) {
      updates.push({ type: 'update', events: [] });
      window = w;
    }
    updates.at(-1)!.events.push(event);
  }
  return updates;
}

/** Writes the run folder the run store reads (spec.json, run.json, trials.jsonl); `events` may be
 * cut short to leave an interrupted run. */
export function writeRunFolder(dir: string, run: BigRun, events: readonly TrialEvent[] = run.events.map((e) => e.event)): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(run.spec, null, 2) + '\n');
  writeFileSync(join(dir, 'run.json'), JSON.stringify(run.meta, null, 2) + '\n');
  writeFileSync(join(dir, 'trials.jsonl'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
}
