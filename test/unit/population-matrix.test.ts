// The whole matrix for populations, compared bit for bit: js and wasm × batch norm on/off ×
// dropout on/off, 37 trials of every optimizer with mixed lr, decay, momentum, decay rate, β1/β2,
// dropout ratio and initial scale, trained alone (trainTrial) and in populations of 1, 2, 7 and 37.
// Trials leave (completed, pruned at their first or a later evaluation, diverged, cancelled) and
// join the way a sampler hands them out: some only after others have ended, some asynchronously,
// so the population runs part-empty and refills mid-epoch. Every number of every curve is compared
// with Object.is and every kept weight array by its bytes (population.test.ts compares with deepStrictEqual).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OptimizerName, WeightInit } from '../../src/core/spec/types';
import type { SyncBackend } from '../../src/core/train/backend';
import { JsBackend } from '../../src/core/train/backends/js';
import { createWasmBackend } from '../../src/core/train/backends/wasm';
import { trainPopulation, type PopulationTrial } from '../../src/core/train/population';
import { trainTrial, type TrialHooks, type TrialOutcome } from '../../src/core/train/trainer';
import type { EpochPoint } from '../../src/core/runs/events';
import { prototypeDataset, trialConfig } from './helpers/train-fixtures';

const OPTIMIZERS: OptimizerName[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'];
const INITS: WeightInit[] = ['he', 'xavier', 0.05];
const data = prototypeDataset(30, 10, 10, 3, 11);
const factories: Record<'js' | 'wasm', () => Promise<SyncBackend>> = {
  js: async () => new JsBackend(),
  wasm: () => createWasmBackend(),
};

type Outcome = TrialOutcome | { status: 'failed'; error: string };
interface Record_ {
  points: EpochPoint[];
  outcome?: Outcome;
}

/** Trial i: every optimizer, mixed hyperparameters; how it leaves depends on i only. */
function trialsOf(variant: { batchNorm: boolean; dropout: boolean }) {
  return Array.from({ length: 37 }, (_, i) => {
    const diverges = [0, 8, 19, 29].includes(i); // sgd, nesterov, momentum, adam (adam with batch norm does not diverge)
    const config = trialConfig(
      { hiddenSizes: [6, 5], batchNorm: variant.batchNorm, dropout: variant.dropout ? 0.05 + 0.1 * (i % 4) : 0, weightInit: INITS[i % 3] },
      {
        epochs: 3,
        batchSize: 10,
        optimizer: OPTIMIZERS[i % 6],
        lr: diverges ? 1e20 : 10 ** (-2.5 + (i % 7) * 0.35),
        weightDecay: i % 4 === 0 ? 0 : 10 ** (-5 + (i % 5)),
        momentum: 0.5 + 0.05 * (i % 9),
        decayRate: 0.9 + 0.01 * (i % 8),
        beta1: 0.8 + 0.02 * (i % 5),
        beta2: 0.99 + 0.001 * (i % 9),
      },
    );
    const pruneAt = i % 7 === 3 ? 1 : i % 7 === 6 ? 2 : 0;
    return { config, seed: 7000 + 13 * i, pruneAt, cancelAfter: i % 10 === 9 ? 4 : 0 };
  });
}
type Trial = ReturnType<typeof trialsOf>[number];

/** Hooks that record the trial's events and prune / cancel it by its own counts only; every trial keeps its weights. */
function hooksFor(t: Trial, record: Record_): TrialHooks {
  let checks = 0;
  return {
    onEpoch: (point) => (record.points.push(point), point.epoch === t.pruneAt),
    keepWeights: true,
    shouldCancel: () => t.cancelAfter > 0 && ++checks > t.cancelAfter,
  };
}

/** Equal to the bit: numbers by Object.is, typed arrays by their bytes, the rest by structure. */
function assertBitEqual(got: unknown, want: unknown, path: string): void {
  if (ArrayBuffer.isView(want)) {
    assert.ok(ArrayBuffer.isView(got) && got.constructor === want.constructor, `${path}: ${got?.constructor.name} where ${want.constructor.name}`);
    const bytes = (v: ArrayBufferView) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    assert.ok(bytes(got as ArrayBufferView).equals(bytes(want)), `${path}: the bytes differ`);
  } else if (typeof want === 'object' && want !== null) {
    assert.equal(typeof got, 'object', path);
    assert.deepEqual(Object.keys(got as object).sort(), Object.keys(want).sort(), `${path}: keys`);
    for (const [key, value] of Object.entries(want)) assertBitEqual((got as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    assert.ok(Object.is(got, want), `${path}: ${String(got)} where ${String(want)}`);
  }
}

async function alone(kind: 'js' | 'wasm', trials: Trial[]): Promise<Record_[]> {
  const backend = await factories[kind]();
  const records: Record_[] = [];
  for (const t of trials) {
    const record: Record_ = { points: [] };
    record.outcome = await trainTrial(t.config, data, backend, t.seed, hooksFor(t, record));
    records.push(record);
  }
  return records;
}

/**
 * The trials through a population of `size`, handed out as a sampler that waits for results does:
 * trial i only once ⌊i/3⌋ trials have ended (until then "none now"), every other one asynchronously.
 */
async function together(kind: 'js' | 'wasm', trials: Trial[], size: number) {
  const backends = await Promise.all(Array.from({ length: size }, factories[kind]));
  const records: Record_[] = trials.map(() => ({ points: [] }));
  const index = new Map<PopulationTrial, number>();
  const order: number[] = [];
  let next = 0;
  let waited = 0;
  await trainPopulation(size, data, backends, {
    next: () => {
      if (next >= trials.length) return undefined;
      if (order.length < Math.floor(next / 3)) return void waited++;
      const i = next++;
      const trial = { config: trials[i].config, seed: trials[i].seed, hooks: hooksFor(trials[i], records[i]) };
      index.set(trial, i);
      return i % 2 ? Promise.resolve(trial) : trial;
    },
    ended: (trial, outcome) => {
      const i = index.get(trial)!;
      assert.equal(records[i].outcome, undefined, `trial ${i} ended twice`);
      records[i].outcome = outcome;
      order.push(i);
    },
  });
  return { records, order, waited };
}

const statusOf = (r: Record_) => r.outcome!.status;

for (const kind of ['js', 'wasm'] as const) {
  for (const batchNorm of [false, true]) {
    for (const dropout of [false, true]) {
      test(`${kind}, batch norm ${batchNorm ? 'on' : 'off'}, dropout ${dropout ? 'on' : 'off'}: curves and weights in populations of 1, 2, 7 and 37 are trainTrial's to the bit`, async () => {
        const trials = trialsOf({ batchNorm, dropout });
        const reference = await alone(kind, trials);
        // the matrix is really covered: every optimizer trains to the end, and every way to leave happens
        for (const optimizer of OPTIMIZERS) {
          assert.ok(reference.some((r, i) => trials[i].config.training.optimizer === optimizer && statusOf(r) === 'completed'), `${optimizer} completes`);
        }
        const statuses = reference.map(statusOf);
        assert.deepEqual([...new Set(statuses)].sort(), ['cancelled', 'completed', 'diverged', 'pruned']);
        assert.ok(reference.some((r) => statusOf(r) === 'pruned' && r.points.length === 1), 'pruned at the first evaluation');
        assert.ok(reference.some((r) => statusOf(r) === 'diverged' && /iteration 2 of/.test(r.outcome!.error!)), 'diverged between evaluations');
        for (const r of reference) if (statusOf(r) === 'completed') assert.equal(r.points.length, 3);

        for (const size of [1, 2, 7, 37]) {
          const { records, order, waited } = await together(kind, trials, size);
          for (let i = 0; i < trials.length; i++) assertBitEqual(records[i], reference[i], `population of ${size}, trial ${i}`);
          assert.equal(order.length, trials.length, 'every trial ended once');
          if (size > 2) {
            assert.ok(waited > 0, 'the population ran with slots left empty while the sampler waited');
            assert.notDeepEqual(order, [...order].sort((a, b) => a - b), 'trials leave as they end, not as they joined');
          }
        }
      });
    }
  }
}

for (const kind of ['js', 'wasm'] as const) {
  test(`${kind}: a population of exactly 1, 2 or 7 trials, and one with more slots than trials, gives trainTrial's results to the bit`, async () => {
    const trials = trialsOf({ batchNorm: true, dropout: true });
    const reference = await alone(kind, trials.slice(0, 7));
    for (const [count, size] of [[1, 1], [2, 2], [7, 7], [2, 37]]) {
      const { records } = await together(kind, trials.slice(0, count), size);
      for (let i = 0; i < count; i++) assertBitEqual(records[i], reference[i], `${count} trials in a population of ${size}, trial ${i}`);
    }
  });
}
