// The gpu backend's queue of asynchronous operations, and the trainer with a backend whose
// values arrive later (as on a GPU): the same numbers as when they are there at once, and a
// divergence still named by its iteration.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Backend } from '../../src/core/train/backend';
import { JsBackend } from '../../src/core/train/backends/js';
import { DeviceQueue } from '../../src/core/train/backends/gpu-queue';
import { trainTrial } from '../../src/core/train/trainer';
import { noiseDataset, trialConfig } from './helpers/train-fixtures';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('DeviceQueue', () => {
  it('runs operations in call order, each after the asynchronous ones before it', async () => {
    const queue = new DeviceQueue();
    const log: string[] = [];
    queue.run(async () => {
      await tick(); // a kernel's first call: built asynchronously
      log.push('build');
    });
    queue.run(() => void log.push('submit'));
    const value = queue.value(() => (log.push('read'), 42));
    assert.deepEqual(log, [], 'nothing runs before the caller yields');
    assert.equal(await value, 42);
    await queue.flush();
    assert.deepEqual(log, ['build', 'submit', 'read']);
  });

  it('hands a value through `after` off the chain: later operations do not wait for it', async () => {
    const queue = new DeviceQueue();
    let release!: () => void;
    const readback = new Promise<void>((resolve) => (release = resolve));
    const value = queue.value(() => 7, async (v) => (await readback, v * 2));
    let ran = false;
    queue.run(() => void (ran = true));
    await queue.flush();
    assert.equal(ran, true);
    release();
    assert.equal(await value, 14);
  });

  it('after a failure skips what follows; the error reaches the next value and flush, and nothing is unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const queue = new DeviceQueue();
      let skipped = true;
      queue.run(() => {
        throw new Error('device lost');
      });
      queue.run(() => void (skipped = false));
      const ignored = queue.value(() => 1); // never awaited, as a cancelled trial's loss
      const awaited = queue.value(() => 2);
      await assert.rejects(awaited, /device lost/);
      await assert.rejects(queue.flush(), /device lost/);
      await assert.rejects(ignored, /device lost/);
      assert.equal(skipped, true);
      queue.value(() => 3, () => Promise.reject(new Error('readback failed')));
      await tick();
      await tick();
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

/** The js backend with its four values handed over as promises, a tick late. */
function deferredValues(inner: JsBackend): Backend {
  const later = <T>(value: T) => new Promise<T>((resolve) => setImmediate(() => resolve(value)));
  return Object.create(inner, {
    read: { value: (m: Parameters<JsBackend['read']>[0]) => later(inner.read(m)) },
    sumSquares: { value: (x: Parameters<JsBackend['sumSquares']>[0]) => later(inner.sumSquares(x)) },
    softmaxCrossEntropy: { value: (...a: Parameters<JsBackend['softmaxCrossEntropy']>) => later(inner.softmaxCrossEntropy(...a)) },
    countCorrect: { value: (...a: Parameters<JsBackend['countCorrect']>) => later(inner.countCorrect(...a)) },
  }) as Backend;
}

describe('trainTrial with deferred values', () => {
  const data = noiseDataset(40, 10, 6, 3, 5);
  const keepGoing = { onEpoch: () => false };

  it('records exactly the curve of the same trial with values at once', async () => {
    const config = trialConfig({ hiddenSizes: [7] }, { epochs: 3, batchSize: 8, weightDecay: 0.01 });
    const now = await trainTrial(config, data, new JsBackend(), 3, keepGoing);
    const later = await trainTrial(config, data, deferredValues(new JsBackend()), 3, keepGoing);
    assert.equal(later.status, 'completed');
    assert.deepEqual(later, now);
  });

  it('finds a divergence at the next evaluation and names the iteration where it began', async () => {
    const config = trialConfig({ hiddenSizes: [7] }, { epochs: 3, batchSize: 8, lr: 1e30 });
    const now = await trainTrial(config, data, new JsBackend(), 3, keepGoing);
    const later = await trainTrial(config, data, deferredValues(new JsBackend()), 3, keepGoing);
    assert.equal(now.status, 'diverged');
    assert.equal(later.status, 'diverged');
    assert.equal(later.error, now.error);
    assert.deepEqual(later.curve, now.curve);
  });
});
