// What each layer computes, against the book's definitions, and how MultiLayerNet assembles them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsBackend } from '../../src/core/train/backends/js';
import { Affine } from '../../src/core/train/layers/affine';
import { BatchNorm } from '../../src/core/train/layers/batch-norm';
import { Dropout } from '../../src/core/train/layers/dropout';
import { SoftmaxWithLoss } from '../../src/core/train/layers/softmax-with-loss';
import { MultiLayerNet, weightScale } from '../../src/core/train/net';
import { Rng } from '../../src/core/random';
import type { ModelSpec } from '../../src/core/spec/types';
import { countingBackend, modelSpec } from './helpers/train-fixtures';

const near = (a: ArrayLike<number>, b: ArrayLike<number>, tol = 1e-6) =>
  Array.from(b).forEach((e, i) => assert.ok(Math.abs(a[i] - e) <= tol * Math.max(1, Math.abs(e)), `[${i}] ${a[i]} vs ${e}`));

test('Affine: relu(x·W + b); the test-mode output has its own buffer', () => {
  const backend = new JsBackend('float64');
  const affine = new Affine(backend, 2, 3, [1, -1, 0.5, 2, 1, -0.5], 'relu', { train: 2, test: 1 }, true);
  backend.write(affine.bias.value, [0.5, 0, -1]);
  const x = backend.alloc(2, 2);
  backend.write(x, [1, 2, -1, 0.5]);
  const out = affine.forward(x, true);
  // row 0: [1+4, −1+2, 0.5−1] + b = [5.5, 1, −1.5] → relu; row 1: [−1+1, 1+0.5, −0.5−0.25] + b = [0.5, 1.5, −1.75]
  near(backend.read(out), [5.5, 1, 0, 0.5, 1.5, 0]);
  const xTest = backend.alloc(1, 2);
  backend.write(xTest, [0, 0]);
  near(backend.read(affine.forward(xTest, false)), [0.5, 0, 0]);
  near(backend.read(out), [5.5, 1, 0, 0.5, 1.5, 0]);
});

test('Affine backward: the relu mask, dW = xᵀ·dout, db = Σ dout, dx = dout·Wᵀ', () => {
  const backend = new JsBackend('float64');
  const affine = new Affine(backend, 2, 2, [1, -1, 0, 1], 'relu', { train: 1, test: 1 }, true);
  const x = backend.alloc(1, 2);
  backend.write(x, [2, 3]); // x·W = [2, 1]... then −1 bias on column 1 kills it
  backend.write(affine.bias.value, [0, -1]);
  affine.forward(x, true); // [2, 0]
  const dout = backend.alloc(1, 2);
  backend.write(dout, [1, 1]);
  const dx = affine.backward(dout)!;
  near(backend.read(dout), [1, 0]); // through the relu mask
  near(backend.read(affine.weight.grad), [2, 0, 3, 0]);
  near(backend.read(affine.bias.grad), [1, 0]);
  near(backend.read(dx), [1, 0]);
});

test('the first Affine computes no dx', () => {
  const backend = new JsBackend();
  const affine = new Affine(backend, 2, 2, [1, 0, 0, 1], 'identity', { train: 1, test: 1 }, false);
  const x = backend.alloc(1, 2);
  affine.forward(x, true);
  assert.equal(affine.backward(backend.alloc(1, 2)), null);
});

test('Dropout is not inverted: kept units unscaled when training, × (1 − ratio) at test time', () => {
  const backend = new JsBackend('float64');
  const u = [0.1, 0.9, 0.3, 0.30000001, 0.7, 0.2];
  let i = 0;
  const dropout = new Dropout(backend, 3, 2, 0.3, { next: () => u[i++] });
  const x = backend.alloc(2, 3);
  backend.write(x, [1, 2, 3, 4, 5, 6]);
  const out = dropout.forward(x, true);
  near(backend.read(out), [0, 2, 0, 4, 5, 0]); // kept where u > 0.3
  const dout = backend.alloc(2, 3);
  backend.write(dout, [1, 1, 1, 1, 1, 1]);
  near(backend.read(dropout.backward(dout)), [0, 1, 0, 1, 1, 0]);
  const xTest = backend.alloc(2, 3);
  backend.write(xTest, [1, 2, 3, 4, 5, 6]);
  near(backend.read(dropout.forward(xTest, false)), [0.7, 1.4, 2.1, 2.8, 3.5, 4.2]);
});

test('BatchNorm: batch statistics when training, running averages (momentum 0.9) at test time', () => {
  const backend = new JsBackend('float64');
  const bn = new BatchNorm(backend, 2, { train: 4, test: 1 });
  const x = backend.alloc(4, 2);
  backend.write(x, [1, 10, 2, 20, 3, 30, 6, 40]);
  const out = backend.read(bn.forward(x, true));
  // column 0: mean 3, variance (4+1+0+9)/4 = 3.5; column 1: mean 25, variance 125
  const eps = 1e-6;
  near(out, [1, 10, 2, 20, 3, 30, 6, 40].map((v, k) => (k % 2 ? (v - 25) / Math.sqrt(125 + eps) : (v - 3) / Math.sqrt(3.5 + eps))));
  near(backend.read(bn.state.runningMean), [0.3, 2.5]);
  near(backend.read(bn.state.runningVar), [0.35, 12.5]);
  const xTest = backend.alloc(1, 2);
  backend.write(xTest, [0.3, 5]);
  near(backend.read(bn.forward(xTest, false)), [0, 2.5 / Math.sqrt(12.5 + eps)]);
});

test('SoftmaxWithLoss: equal logits give log(classes); dZ = (y − onehot) / rows', () => {
  const backend = new JsBackend('float64');
  const layer = new SoftmaxWithLoss(backend, 4, 2);
  const Z = backend.alloc(2, 4);
  backend.write(Z, [5, 5, 5, 5, -1, -1, -1, -1]);
  const t = backend.allocInts(2);
  backend.writeInts(t, [2, 0]);
  const loss = layer.forward(Z, t) as number; // the js backend's loss is a number
  assert.ok(Math.abs(loss - -Math.log(0.25 + 1e-7)) < 1e-12);
  near(backend.read(layer.backward()), [0.125, 0.125, -0.375, 0.125, -0.375, 0.125, 0.125, 0.125]);
});

test('weightScale: He for relu, Xavier for sigmoid, else the number', () => {
  assert.equal(weightScale('he', 50), Math.sqrt(2 / 50));
  assert.equal(weightScale('relu', 50), Math.sqrt(2 / 50));
  assert.equal(weightScale('xavier', 50), Math.sqrt(1 / 50));
  assert.equal(weightScale('sigmoid', 50), Math.sqrt(1 / 50));
  assert.equal(weightScale(0.01, 50), 0.01);
});

function buildNet(model: Partial<ModelSpec>, weightDecay = 0, backend = new JsBackend()) {
  const net = new MultiLayerNet(backend, modelSpec(model), weightDecay, { inputSize: 5, classes: 3, rows: { train: 4, test: 6 } }, {
    init: new Rng(42),
    dropout: new Rng(43),
  });
  return { net, backend };
}

test('MultiLayerNet init: W = scale × normal in layer order, row-major; b = 0; gamma 1, beta 0', () => {
  const { net, backend } = buildNet({ hiddenSizes: [4, 3], weightInit: 'he', batchNorm: true });
  // params: W1 b1 gamma1 beta1 W2 b2 gamma2 beta2 W3 b3
  assert.deepEqual(
    net.params.map((p) => [p.rows, p.cols]),
    [[5, 4], [1, 4], [1, 4], [1, 4], [4, 3], [1, 3], [1, 3], [1, 3], [3, 3], [1, 3]],
  );
  const normals = new Rng(42);
  for (const [index, nIn] of [[0, 5], [4, 4], [8, 3]]) {
    const expected = Float32Array.from(backend.read(net.params[index]), () => Math.sqrt(2 / nIn) * normals.normal());
    assert.deepEqual(backend.read(net.params[index]), expected);
  }
  for (const index of [1, 3, 5, 7, 9]) assert.ok(backend.read(net.params[index]).every((v) => v === 0));
  for (const index of [2, 6]) assert.ok(backend.read(net.params[index]).every((v) => v === 1));
});

test('MultiLayerNet weight decay: loss + ½λΣW², dW + λW, biases untouched', () => {
  const lambda = 0.3;
  const run = (decay: number) => {
    const { net, backend } = buildNet({ hiddenSizes: [4] }, decay, new JsBackend('float64'));
    const x = backend.alloc(4, 5);
    backend.write(x, Float32Array.from({ length: 20 }, (_, i) => (i % 7) / 7));
    const t = backend.allocInts(4);
    backend.writeInts(t, [0, 1, 2, 1]);
    const loss = net.gradient(x, t) as number; // the js backend's loss is a number
    return { loss, net, backend };
  };
  const plain = run(0);
  const decayed = run(lambda);
  const W = [0, 2].map((i) => plain.backend.read(plain.net.params[i]));
  const sumSquares = W.reduce((s, w) => s + w.reduce((a, v) => a + v * v, 0), 0);
  assert.ok(Math.abs(decayed.loss - plain.loss - 0.5 * lambda * sumSquares) < 1e-6);
  plain.net.grads.forEach((g, i) => {
    const expected = Array.from(plain.backend.read(g), (v, k) => (i % 2 === 0 ? v + lambda * W[i / 2][k] : v));
    near(decayed.backend.read(decayed.net.grads[i]), expected, 1e-5);
  });
});

test('MultiLayerNet allocates nothing after construction', () => {
  const counted = countingBackend(new JsBackend());
  const { net } = buildNet({ hiddenSizes: [4, 4], batchNorm: true, dropout: 0.5 }, 0.1, counted.backend);
  const x = counted.backend.alloc(4, 5);
  const t = counted.backend.allocInts(4);
  const xTest = counted.backend.alloc(6, 5);
  const allocs = counted.calls.get('alloc');
  for (let i = 0; i < 3; i++) {
    net.gradient(x, t);
    net.predict(xTest, false);
  }
  assert.equal(counted.calls.get('alloc'), allocs);
  assert.equal(counted.calls.get('allocInts'), 1);
});

test('MultiLayerNet test mode is deterministic and uses no dropout mask', () => {
  const { net, backend } = buildNet({ hiddenSizes: [8], dropout: 0.5 });
  const x = backend.alloc(6, 5);
  backend.write(x, Float32Array.from({ length: 30 }, (_, i) => Math.sin(i)));
  const first = backend.read(net.predict(x, false));
  assert.deepEqual(backend.read(net.predict(x, false)), first);
});
