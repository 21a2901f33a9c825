// trainTrial: the book's schedule as it really runs, the recorded points, divergence, pruning,
// cancelling, reproducibility, and that it learns.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsBackend } from '../../src/core/train/backends/js';
import { Evaluator } from '../../src/core/train/evaluation';
import { MultiLayerNet } from '../../src/core/train/net';
import { trainTrial, type TrialHooks } from '../../src/core/train/trainer';
import { Rng } from '../../src/core/random';
import { countingBackend, modelSpec, noiseDataset, prototypeDataset, trialConfig } from './helpers/train-fixtures';

const keepGoing: TrialHooks = { onEpoch: () => false };

test('400 rows, batch 100, 50 epochs: 200 updates, 50 points, the first after one update', async () => {
  const { backend, calls, results } = countingBackend(new JsBackend());
  const config = trialConfig({ hiddenSizes: [6] }, { epochs: 50, batchSize: 100, weightDecay: 0 });
  const data = noiseDataset(400, 100, 8, 3);
  const updatesAtPoint: number[] = [];
  const paramCount = 4; // W1 b1 W2 b2
  const outcome = await trainTrial(config, data, backend, 1, {
    onEpoch: () => (updatesAtPoint.push((calls.get('sgd') ?? 0) / paramCount), false),
  });
  assert.equal(outcome.status, 'completed');
  assert.equal(outcome.epochs, 50);
  assert.deepEqual(outcome.curve.map((p) => p.epoch), Array.from({ length: 50 }, (_, k) => k + 1));
  assert.equal(calls.get('softmaxCrossEntropy'), 200);
  assert.equal(calls.get('sgd'), 200 * paramCount);
  assert.deepEqual(updatesAtPoint, Array.from({ length: 50 }, (_, k) => 4 * k + 1));
  // evaluation: both sets in one chunk of 500 rows, one count each per epoch
  assert.equal(calls.get('countCorrect'), 100);
  // loss of a point = mean of the iterations' losses since the previous point (no weight decay here)
  const losses = results.get('softmaxCrossEntropy') as number[];
  assert.equal(outcome.curve[0].loss, losses[0]);
  const second = losses.slice(1, 5).reduce((a, b) => a + b, 0) / 4;
  assert.ok(Math.abs(outcome.curve[1].loss - second) < 1e-12);
  const isShare = (acc: number, rows: number) => acc >= 0 && acc <= 1 && Math.abs(acc * rows - Math.round(acc * rows)) < 1e-9;
  for (const p of outcome.curve) assert.ok(isShare(p.trainAcc, 400) && isShare(p.valAcc, 100), JSON.stringify(p));
});

test('the recorded loss includes the weight-decay term', async () => {
  const { backend, results } = countingBackend(new JsBackend());
  const config = trialConfig({ hiddenSizes: [6] }, { epochs: 1, batchSize: 10, weightDecay: 0.5 });
  const outcome = await trainTrial(config, noiseDataset(10, 5, 4, 3), backend, 3, keepGoing);
  const crossEntropy = (results.get('softmaxCrossEntropy') as number[])[0];
  const sumSquares = (results.get('sumSquares') as number[]).slice(0, 2).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(outcome.curve[0].loss - (crossEntropy + 0.25 * sumSquares)) < 1e-9);
});

test("lr 10 on the book's net diverges", async () => {
  const config = trialConfig({ hiddenSizes: [100, 100, 100, 100, 100, 100] }, { epochs: 50, batchSize: 100, lr: 10 });
  const outcome = await trainTrial(config, noiseDataset(200, 50, 64, 10), new JsBackend(), 1, keepGoing);
  assert.equal(outcome.status, 'diverged');
  assert.match(outcome.error ?? '', /loss became (NaN|Infinity|-Infinity) at iteration \d+ of 100/);
  assert.ok(outcome.epochs < 50);
  assert.equal(outcome.curve.length, outcome.epochs);
});

test('onEpoch returning true prunes; onEpoch is awaited', async () => {
  const seen: number[] = [];
  const outcome = await trainTrial(trialConfig({}, { epochs: 10 }), noiseDataset(40, 10, 6, 3), new JsBackend(), 2, {
    onEpoch: async (p) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push(p.epoch);
      return p.epoch === 3;
    },
  });
  assert.equal(outcome.status, 'pruned');
  assert.equal(outcome.epochs, 3);
  assert.deepEqual(seen, [1, 2, 3]);
});

test('shouldCancel is checked every iteration', async () => {
  let checks = 0;
  const outcome = await trainTrial(trialConfig({}, { epochs: 10 }), noiseDataset(40, 10, 6, 3), new JsBackend(), 2, {
    onEpoch: () => false,
    shouldCancel: () => ++checks > 5, // iterations 0..4 run; 2 per epoch → points after 0, 2, 4
  });
  assert.equal(outcome.status, 'cancelled');
  assert.equal(checks, 6);
  assert.equal(outcome.epochs, 3);
});

test('same seed → bit-identical curves; another seed → another curve', async () => {
  const config = trialConfig({ hiddenSizes: [12, 12], batchNorm: true, dropout: 0.2 }, { epochs: 6, optimizer: 'adam', lr: 0.01, weightDecay: 1e-3 });
  const data = noiseDataset(80, 20, 10, 4);
  const run = async (seed: number) => (await trainTrial(config, data, new JsBackend(), seed, keepGoing)).curve;
  const a = await run(11);
  assert.deepEqual(await run(11), a);
  const b = await run(12);
  assert.notDeepEqual(b, a);
});

test('it learns: a prototype problem reaches high validation accuracy', async () => {
  const data = prototypeDataset(200, 50, 16, 4);
  const config = trialConfig({ hiddenSizes: [32] }, { epochs: 20, batchSize: 20, lr: 0.1 });
  const outcome = await trainTrial(config, data, new JsBackend(), 1, keepGoing);
  const first = outcome.curve[0];
  const last = outcome.curve[outcome.curve.length - 1];
  assert.equal(outcome.status, 'completed');
  assert.ok(last.valAcc >= 0.9, `val acc ${last.valAcc}`);
  assert.ok(last.trainAcc >= 0.9, `train acc ${last.trainAcc}`);
  assert.ok(last.loss < first.loss / 2, `loss ${first.loss} → ${last.loss}`);
});

test('a trial frees what it allocated (mark/release)', async () => {
  const backend = new JsBackend();
  const before = backend.mark();
  await trainTrial(trialConfig({ batchNorm: true }, { epochs: 2, optimizer: 'adam' }), noiseDataset(40, 10, 6, 3), backend, 1, keepGoing);
  assert.equal(backend.mark(), before);
});

test('a trial needs validation rows', async () => {
  const data = { ...noiseDataset(20, 1, 4, 2), tVal: new Int32Array(0), xVal: new Float32Array(0) };
  await assert.rejects(trainTrial(trialConfig(), data, new JsBackend(), 1, keepGoing), /validation rows/);
});

test('evaluation in chunks (padded, mixing both sets) counts exactly as in one piece', () => {
  const backend = new JsBackend();
  const data = noiseDataset(23, 11, 5, 3, 8);
  const total = 34;
  const x = backend.alloc(total, 5);
  backend.write(x, Float32Array.from([...data.xTrain, ...data.xVal]));
  const t = Int32Array.from([...data.tTrain, ...data.tVal]);
  const netWith = (chunkRows: number) =>
    new MultiLayerNet(backend, modelSpec({ hiddenSizes: [7] }), 0, { inputSize: 5, classes: 3, rows: { train: 4, test: chunkRows } }, {
      init: new Rng(1),
      dropout: new Rng(2),
    });
  // the counts by hand, from the logits of all rows at once
  const logits = backend.read(netWith(total).predict(x, false));
  const argmax = (r: number) => [0, 1, 2].reduce((best, j) => (logits[r * 3 + j] > logits[r * 3 + best] ? j : best), 0);
  const correct = (from: number, to: number) => t.slice(from, to).filter((label, i) => argmax(from + i) === label).length;
  const expected = { trainAcc: correct(0, 23) / 23, valAcc: correct(23, total) / 11 };
  for (const chunkRows of [1, 5, 7, 23, 33, total]) {
    assert.deepEqual(new Evaluator(backend, x, t, 23, 11, chunkRows).accuracy(netWith(chunkRows)), expected, `chunks of ${chunkRows}`);
  }
});
