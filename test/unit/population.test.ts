// Populations: a trial trained in a population of any size gives the same events, to the bit, as
// trainTrial alone — on js and wasm, with mixed learning rates, weight decays and optimizers, batch
// norm and dropout, trials that are pruned, diverge or are cancelled, and trials that join as others leave.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OptimizerName } from '../../src/core/spec/types';
import type { SyncBackend } from '../../src/core/train/backend';
import { JsBackend } from '../../src/core/train/backends/js';
import { createWasmBackend } from '../../src/core/train/backends/wasm';
import { populationKey, trainPopulation, type PopulationTrial } from '../../src/core/train/population';
import { trainTrial, type TrialHooks } from '../../src/core/train/trainer';
import { prototypeDataset, trialConfig } from './helpers/train-fixtures';

const OPTIMIZERS: OptimizerName[] = ['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'];
const data = prototypeDataset(40, 10, 12, 3, 7);
const factories: Record<'js' | 'wasm', () => Promise<SyncBackend>> = {
  js: async () => new JsBackend(),
  wasm: () => createWasmBackend(),
};

type Event = { epoch: unknown } | { end: unknown };

/** Trial i of a mixed search: its own lr, decay, optimizer, dropout ratio; some pruned, diverged or cancelled. */
function trialsOf(count: number, variant: { batchNorm: boolean; dropout: boolean }) {
  return Array.from({ length: count }, (_, i) => {
    const diverges = i % 9 === 4;
    const config = trialConfig(
      { hiddenSizes: [8, 6], batchNorm: variant.batchNorm, dropout: variant.dropout ? 0.1 + 0.05 * (i % 5) : 0 },
      {
        epochs: 4,
        batchSize: 10,
        optimizer: OPTIMIZERS[i % OPTIMIZERS.length],
        lr: diverges ? 1e6 : 10 ** (-3 + (i % 7) * 0.4),
        weightDecay: i % 3 === 0 ? 0 : 10 ** (-6 + (i % 4)),
      },
    );
    return { config, seed: 1000 + i, pruneAt: i % 5 === 2 ? 2 : 0, cancelAfter: i % 11 === 7 ? 6 : 0 };
  });
}

/** Hooks that log the trial's events and prune / cancel it by its own counts only. */
function hooksFor(t: ReturnType<typeof trialsOf>[number], log: Event[]): TrialHooks {
  let checks = 0;
  return {
    onEpoch: (point) => (log.push({ epoch: point }), point.epoch === t.pruneAt),
    keepWeights: t.seed % 2 === 0, // kept weights come back the same too
    shouldCancel: () => t.cancelAfter > 0 && ++checks > t.cancelAfter,
  };
}

async function unfused(kind: 'js' | 'wasm', trials: ReturnType<typeof trialsOf>): Promise<Event[][]> {
  const backend = await factories[kind]();
  const logs: Event[][] = [];
  for (const t of trials) {
    const log: Event[] = [];
    const outcome = await trainTrial(t.config, data, backend, t.seed, hooksFor(t, log));
    log.push({ end: outcome });
    logs.push(log);
  }
  return logs;
}

async function fused(kind: 'js' | 'wasm', trials: ReturnType<typeof trialsOf>, size: number): Promise<{ logs: Event[][]; order: number[] }> {
  const backends = await Promise.all(Array.from({ length: size }, factories[kind]));
  const logs: Event[][] = trials.map(() => []);
  const order: number[] = [];
  let next = 0;
  const index = new Map<PopulationTrial, number>();
  await trainPopulation(size, data, backends, {
    next: () => {
      if (next >= trials.length) return undefined;
      const i = next++;
      const trial = { config: trials[i].config, seed: trials[i].seed, hooks: hooksFor(trials[i], logs[i]) };
      index.set(trial, i);
      return trial;
    },
    ended: (trial, outcome) => {
      const i = index.get(trial)!;
      order.push(i);
      logs[i].push({ end: outcome });
    },
  });
  return { logs, order };
}

for (const kind of ['js', 'wasm'] as const) {
  for (const variant of [{ batchNorm: false, dropout: false }, { batchNorm: true, dropout: true }]) {
    test(`${kind}, batch norm ${variant.batchNorm ? 'on' : 'off'}, dropout ${variant.dropout ? 'on' : 'off'}: fused == unfused to the bit for populations of 1, 2, 7 and 37`, async () => {
      const trials = trialsOf(37, variant);
      const reference = await unfused(kind, trials);
      const statuses = new Set(reference.map((log) => (log.at(-1) as { end: { status: string } }).end.status));
      assert.deepEqual([...statuses].sort(), ['cancelled', 'completed', 'diverged', 'pruned'], 'the mix covers every way to leave');
      for (const size of [1, 2, 7, 37]) {
        const { logs, order } = await fused(kind, trials, size);
        for (let i = 0; i < trials.length; i++) assert.deepStrictEqual(logs[i], reference[i], `trial ${i}, population of ${size}`);
        assert.equal(order.length, trials.length, 'every trial ended once');
        // trials leave as they end, not in the order they joined (the short ones first)
        if (size > 1) assert.notDeepEqual(order, [...order].sort((a, b) => a - b));
      }
    });
  }
}

test('shapes form separate populations: a trial of another shape is refused', async () => {
  const a = trialConfig({ hiddenSizes: [8, 6] }, { epochs: 2, batchSize: 10 });
  assert.equal(populationKey(a), populationKey(trialConfig({ hiddenSizes: [8, 6] }, { epochs: 2, batchSize: 10, lr: 0.5, optimizer: 'adam' })));
  for (const other of [
    trialConfig({ hiddenSizes: [8, 7] }, { epochs: 2, batchSize: 10 }),
    trialConfig({ hiddenSizes: [8, 6] }, { epochs: 3, batchSize: 10 }),
    trialConfig({ hiddenSizes: [8, 6] }, { epochs: 2, batchSize: 20 }),
    trialConfig({ hiddenSizes: [8, 6], batchNorm: true }, { epochs: 2, batchSize: 10 }),
  ]) {
    assert.notEqual(populationKey(other), populationKey(a));
    const queue = [a, other];
    await assert.rejects(
      trainPopulation(2, data, [new JsBackend(), new JsBackend()], {
        next: () => {
          const config = queue.shift();
          return config && { config, seed: 1, hooks: { onEpoch: () => false } };
        },
        ended: () => {},
      }),
      /another shape/,
    );
  }
});
