// The book's Trainer schedule: iterations and the iterations after which an epoch is evaluated.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { evaluationIterations, trainingSchedule } from '../../src/core/train/schedule';

/** The book's rule, literally: it % iter_per_epoch == 0 for it < int(epochs × iter_per_epoch). */
function bookEvaluations(nTrain: number, batch: number, epochs: number): number[] {
  const iterPerEpoch = Math.max(nTrain / batch, 1);
  const maxIter = Math.trunc(epochs * iterPerEpoch);
  const out: number[] = [];
  for (let it = 0; it < maxIter; it++) if (it % iterPerEpoch === 0) out.push(it);
  return out;
}

test('§6.5: 400 rows, batch 100, 50 epochs → 200 iterations, evaluations after 0, 4, …, 196', () => {
  const { iterations, evaluations } = trainingSchedule(400, 100, 50);
  assert.equal(iterations, 200);
  assert.equal(evaluations.length, 50);
  assert.deepEqual(evaluations, Array.from({ length: 50 }, (_, k) => 4 * k));
  assert.deepEqual(evaluationIterations(400, 100, 50), evaluations);
});

test('identical to the book whenever iter_per_epoch is an integer (or below 1)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 12 }), (batch, multiple, epochs) => {
      const nTrain = batch * multiple;
      assert.deepEqual(evaluationIterations(nTrain, batch, epochs), bookEvaluations(nTrain, batch, epochs));
      assert.equal(trainingSchedule(nTrain, batch, epochs).iterations, epochs * multiple);
      const small = Math.max(1, batch - multiple); // fewer rows than a batch: one iteration per epoch
      assert.deepEqual(evaluationIterations(small, batch, epochs), bookEvaluations(small, batch, epochs));
    }),
  );
});

test('a fractional iter_per_epoch still gives one evaluation per epoch, at ceil(k · ipe)', () => {
  assert.deepEqual(evaluationIterations(150, 100, 3), [0, 2, 3]); // ipe 1.5; the book: [0, 3]
  assert.equal(trainingSchedule(150, 100, 3).iterations, 4);
  // 300/90 = 3.333…: 3 × 3.3333333333333335 rounds above 10 in floats; the schedule must not.
  assert.deepEqual(evaluationIterations(300, 90, 4), [0, 4, 7, 10]);
  // ipe 1.2, 4 epochs: int(4.8) = 4 iterations, but the 4th evaluation is at ceil(3.6) = 4: run it.
  assert.deepEqual(trainingSchedule(120, 100, 4), { iterations: 5, evaluations: [0, 2, 3, 4] });
});

test('always epochs evaluations, increasing, first at 0, each within its epoch, all run', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 60 }), (nTrain, batch, epochs) => {
      const { iterations, evaluations } = trainingSchedule(nTrain, batch, epochs);
      const ipe = Math.max(nTrain / batch, 1);
      assert.equal(evaluations.length, epochs);
      assert.equal(evaluations[0], 0);
      evaluations.forEach((it, k) => {
        assert.ok(it >= k * ipe - 1e-9 && it < k * ipe + 1, `evaluation ${k} at ${it}, ipe ${ipe}`);
        if (k > 0) assert.ok(it > evaluations[k - 1]);
      });
      assert.ok(evaluations[epochs - 1] < iterations);
      assert.ok(iterations >= Math.floor(epochs * ipe) && iterations <= Math.floor(epochs * ipe) + 1);
    }),
  );
});
