import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pruner } from '../../src/core/search';
import type { TrialRecord } from '../../src/core/runs/events';
import type { AshaSpec } from '../../src/core/spec/types';
import { createPruner, isRung } from '../../src/core/search';
import { trialRecord } from './search-fixtures';

/** Runs the curves one trial after another, asking the pruner after every epoch as the runner
 * does. Returns, per trial, the epoch it was stopped at (null: it completed). */
function stopEpochs(pruner: Pruner, curves: number[][], before: TrialRecord[] = []): (number | null)[] {
  const trials = [...before];
  return curves.map((curve) => {
    const trial = trials.length;
    for (let e = 1; e <= curve.length; e++) {
      const record = trialRecord(trial, {}, curve.slice(0, e), 'running');
      if (pruner.shouldPrune(record, [...trials, record])) {
        trials.push(trialRecord(trial, {}, curve.slice(0, e), 'pruned'));
        return e;
      }
    }
    trials.push(trialRecord(trial, {}, curve, 'completed'));
    return null;
  });
}

/** An ASHA pruner with the schema's defaults for what is not given. */
const asha = (minEpochs: number, reductionFactor: number, more: Partial<AshaSpec> = {}) =>
  createPruner({ method: 'asha', minEpochs, reductionFactor, metric: 'valAcc', bootstrapTrials: 0, ...more })!;

const done = (values: number[][]) => values.map((v, i) => trialRecord(i, {}, v));
// medians per epoch of these three: 0.2, 0.4, 0.6
const COMPLETED = done([[0.2, 0.4, 0.6], [0.3, 0.5, 0.7], [0.1, 0.3, 0.5]]);

test('median: stops a trial strictly below the completed trials\' median, at the first epoch after warm-up', () => {
  const pruner = createPruner({ method: 'median', warmupEpochs: 2, minTrials: 3 })!;
  const stops = stopEpochs(pruner, [[0.05, 0.35, 0.9]], COMPLETED);
  assert.deepEqual(stops, [2], 'epoch 1 is warm-up; at epoch 2, 0.35 < 0.4');
  assert.deepEqual(stopEpochs(pruner, [[0.05, 0.4, 0.6]], COMPLETED), [null], 'equal to the median is not below it');
  assert.deepEqual(stopEpochs(pruner, [[0.9, 0.9, 0.55]], COMPLETED), [3]);
});

test('median: waits for minTrials completed trials that reached the epoch; pruned and running ones are no reference', () => {
  const pruner = createPruner({ method: 'median', warmupEpochs: 1, minTrials: 4 })!;
  assert.deepEqual(stopEpochs(pruner, [[0.0, 0.0, 0.0]], COMPLETED), [null]);
  const others = [trialRecord(3, {}, [0.9], 'pruned'), trialRecord(4, {}, [0.9, 0.9], 'running')];
  assert.deepEqual(stopEpochs(pruner, [[0.0, 0.0, 0.0]], [...COMPLETED, ...others]), [null]);
  // with a fourth completed trial the median of an even count is the mean of the middle two
  const four = [...COMPLETED, trialRecord(3, {}, [0.4, 0.6, 0.8])]; // epoch 1: 0.1 0.2 0.3 0.4 → 0.25
  assert.deepEqual(stopEpochs(pruner, [[0.25, 0.1]], four), [2]);
  assert.deepEqual(stopEpochs(pruner, [[0.24]], four), [1]);
});

test('median: in a whole run, trials are judged only against those completed before them', () => {
  const pruner = createPruner({ method: 'median', warmupEpochs: 1, minTrials: 2 })!;
  const stops = stopEpochs(pruner, [
    [0.5, 0.6],
    [0.1, 0.2], // one completed trial: not enough to judge
    [0.4, 0.5], // epoch 1 median of 0.5, 0.1 is 0.3: kept; epoch 2 median 0.4: kept
    [0.3, 0.9], // epoch 1 median of 0.5, 0.1, 0.4 is 0.4: stopped
  ]);
  assert.deepEqual(stops, [null, null, null, 1]);
});

test('asha: rungs at r·η^k epochs', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 8, 16].filter((e) => isRung(e, 1, 2)), [1, 2, 4, 8, 16]);
  assert.deepEqual([1, 2, 4, 6, 12, 18, 54].filter((e) => isRung(e, 2, 3)), [2, 6, 18, 54]);
});

test('asha: promotes only the top 1/η of the trials that reached the rung, ties promoted, only at rungs', () => {
  const pruner = asha(1, 2);
  const stops = stopEpochs(pruner, [
    [0.5, 0.6, 0.7, 0.8], // alone at every rung: promoted
    [0.4, 0.9, 0.9, 0.9], // rung 1: {0.5, 0.4}, bar = the best (n < η·2) → stopped at 1
    [0.6, 0.5, 0.9, 0.9], // rung 1: best of 3 → kept; rung 2: {0.6, 0.5} → stopped at 2
    [0.45, 0.9, 0.9, 0.9], // rung 1: 4 trials, top 2 are 0.6, 0.5 → stopped at 1
    [0.5, 0.6, 0.1, 0.3], // rung 1: bar 0.5, tie → kept; rung 2: bar 0.6, tie → kept; epoch 3 no rung;
    //                       rung 4: {0.8, 0.3} → stopped at 4
  ]);
  assert.deepEqual(stops, [null, 1, 2, 1, 4]);
});

test('asha: with r = 2 and η = 3 a trial is judged at epochs 2 and 6 only', () => {
  const pruner = asha(2, 3);
  const good = [0.1, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8];
  const stops = stopEpochs(pruner, [
    good,
    [0.9, 0.7, 0.9, 0.9, 0.9, 0.9, 0.9], // rung 2: {0.8, 0.7} → stopped at 2 despite epoch 1
    [0.9, 0.85, 0.1, 0.1, 0.1, 0.7, 0.7], // rung 2: best of 3 → kept; bad at 3–5 but no rung; rung 6: {0.8, 0.7} → stopped at 6
    [0.0, 0.75, 0.0, 0.0, 0.0, 0.0, 0.0], // rung 2: 4 trials, bar = ⌊4/3⌋-th best = 0.85 → stopped
  ]);
  assert.deepEqual(stops, [null, 2, 6, 2]);
});

test('asha: a NaN val acc at a rung is stopped; no prune spec, no pruner', () => {
  const pruner = asha(1, 2);
  assert.deepEqual(stopEpochs(pruner, [[NaN, 0.5]]), [1]);
  assert.equal(createPruner(null), null);
});

test('asha: bootstrapTrials — the first b trials at a rung stop there and set the bar for the rest', () => {
  const pruner = asha(1, 2, { bootstrapTrials: 2 });
  const stops = stopEpochs(pruner, [
    [0.9, 0.9, 0.9], // rung 1: first to reach it → stopped however good
    [0.2, 0.9, 0.9], // rung 1: second → stopped
    [0.3, 0.5, 0.9], // rung 1: {0.9, 0.2, 0.3}, bar = best = 0.9 → stopped
    [0.95, 0.5, 0.9], // rung 1: 4 values, bar = 2nd best = 0.9 → kept; rung 2: alone there, 1 ≤ 2 → stopped
  ]);
  assert.deepEqual(stops, [1, 1, 1, 2]);
  assert.deepEqual(stopEpochs(asha(1, 2), [[0.9, 0.9, 0.9]]), [null], 'without it the first trial is kept alone at every rung');
});

test('asha: metric trainAcc compares the train accuracy at the rung, not the val acc', () => {
  const point = (epoch: number, trainAcc: number, valAcc: number) => ({ epoch, trainAcc, valAcc, loss: 1 });
  const first = trialRecord(0, {}, [0.5, 0.5]);
  first.curve = [point(1, 0.3, 0.5), point(2, 0.3, 0.5)];
  const candidate = (trainAcc: number, valAcc: number) => {
    const record = trialRecord(1, {}, [valAcc], 'running');
    record.curve = [point(1, trainAcc, valAcc)];
    return record;
  };
  const byTrain = asha(1, 2, { metric: 'trainAcc' });
  const byVal = asha(1, 2);
  // better train acc, worse val acc than the first trial: kept by trainAcc, stopped by valAcc
  assert.equal(byTrain.shouldPrune(candidate(0.4, 0.1), [first]), false);
  assert.equal(byVal.shouldPrune(candidate(0.4, 0.1), [first]), true);
  assert.equal(byTrain.shouldPrune(candidate(0.2, 0.9), [first]), true);
  assert.equal(byVal.shouldPrune(candidate(0.2, 0.9), [first]), false);
  assert.equal(byTrain.shouldPrune(candidate(NaN, 0.9), [first]), true, 'a NaN train acc is the worst');
});
