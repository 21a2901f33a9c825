// Analytic gradients against central differences, for every layer and for the whole net with
// weight decay, BatchNorm and dropout (a fixed mask). The js backend stores float64 here, so
// the differences are exact to ~1e-9 and a relative error under 1e-3 means the maths is right.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SyncBackend, Mat } from '../../src/core/train/backend';
import { JsBackend } from '../../src/core/train/backends/js';
import { Activation } from '../../src/core/train/layers/activation';
import { Affine } from '../../src/core/train/layers/affine';
import { BatchNorm } from '../../src/core/train/layers/batch-norm';
import { Dropout } from '../../src/core/train/layers/dropout';
import type { Layer } from '../../src/core/train/layers/layer';
import { SoftmaxWithLoss } from '../../src/core/train/layers/softmax-with-loss';
import { MultiLayerNet } from '../../src/core/train/net';
import { Rng } from '../../src/core/random';
import { modelSpec } from './helpers/train-fixtures';

const H = 1e-5;
const rng = new Rng(5);

/** A variable the loss depends on: its values live here (float64), `apply` puts them in the backend. */
interface Variable {
  name: string;
  values: Float64Array;
  apply(): void;
  /** The analytic gradient, read after a backward pass. */
  analytic(): ArrayLike<number>;
}

function matVariable(backend: SyncBackend, name: string, m: Mat, grad: () => ArrayLike<number>): Variable {
  const values = Float64Array.from(backend.read(m)); // float32-exact values: read() loses nothing
  return { name, values, apply: () => backend.write(m, values), analytic: grad };
}

/** Uniforms in float32 so that read() round-trips them exactly. */
const uniform = (n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => rng.uniform(lo, hi));

/** Runs `forwardBackward` once for the analytic gradients, then compares each variable's entries. */
function check(variables: Variable[], loss: () => number, forwardBackward: () => void, samples = 25) {
  for (const v of variables) v.apply();
  forwardBackward();
  const analytic = variables.map((v) => Array.from(v.analytic()));
  // Errors are relative to the entry, or to the largest gradient for entries near zero (the
  // bias before a BatchNorm has an exactly zero gradient, for instance).
  const scale = Math.max(...analytic.flat().map(Math.abs));
  assert.ok(scale > 0, 'the gradient is all zero: nothing would be checked');
  variables.forEach((v, vi) => {
    const indices = v.values.length <= samples ? [...v.values.keys()] : Array.from({ length: samples }, () => rng.int(v.values.length));
    for (const i of indices) {
      const old = v.values[i];
      v.values[i] = old + H;
      v.apply();
      const plus = loss();
      v.values[i] = old - H;
      v.apply();
      const minus = loss();
      v.values[i] = old;
      v.apply();
      const numeric = (plus - minus) / (2 * H);
      const a = analytic[vi][i];
      const error = Math.abs(a - numeric) / Math.max(Math.abs(a), Math.abs(numeric), 1e-4 * scale);
      assert.ok(error < 1e-3, `${v.name}[${i}]: analytic ${a}, numeric ${numeric} (relative error ${error})`);
    }
  });
}

/**
 * One layer under L = ½·Σ (R ⊙ out)², R fixed and random (½·Σ out² alone is constant under
 * BatchNorm), so dL/dout = R² ⊙ out. The input is rewritten before every forward, since
 * in-place layers overwrite it.
 */
function checkLayer(
  backend: SyncBackend,
  layer: Layer,
  rows: number,
  width: number,
  params: { name: string; value: Mat; grad: Mat }[],
  outWidth = width,
) {
  const x = backend.alloc(rows, width);
  const xValues = Float64Array.from(uniform(rows * width, -2, 2));
  const r = uniform(rows * outWidth, 0.5, 2);
  const R = backend.alloc(rows, outWidth);
  backend.write(R, r);
  const dout = backend.alloc(rows, outWidth);
  let dx: Mat | null = null;
  const forward = () => {
    backend.write(x, xValues);
    return layer.forward(x, true);
  };
  const loss = () => {
    const out = forward();
    backend.mul(out, R); // out is not needed afterwards here
    return 0.5 * backend.sumSquares(out);
  };
  const input: Variable = { name: 'x', values: xValues, apply: () => {}, analytic: () => (dx ? backend.read(dx) : []) };
  const vars = [input, ...params.map((p) => matVariable(backend, p.name, p.value, () => backend.read(p.grad)))];
  check(vars, loss, () => {
    const out = backend.read(forward());
    backend.write(dout, out.map((o, i) => r[i] * r[i] * o));
    dx = layer.backward(dout);
  });
}

for (const act of ['identity', 'relu', 'sigmoid'] as const) {
  test(`Affine + ${act}: dx, dW, db`, () => {
    const backend = new JsBackend('float64');
    const affine = new Affine(backend, 7, 5, uniform(35), act, { train: 6, test: 6 }, true);
    backend.write(affine.bias.value, uniform(5, -0.5, 0.5));
    checkLayer(backend, affine, 6, 7, [
      { name: 'W', ...affine.weight },
      { name: 'b', ...affine.bias },
    ], 5);
  });
}

for (const act of ['relu', 'sigmoid'] as const) {
  test(`Activation (${act}, in place): dx`, () => {
    const backend = new JsBackend('float64');
    checkLayer(backend, new Activation(backend, 6, act), 5, 6, []);
  });
}

test('BatchNorm: dx, dgamma, dbeta', () => {
  const backend = new JsBackend('float64');
  const bn = new BatchNorm(backend, 6, { train: 9, test: 9 });
  backend.write(bn.gamma.value, uniform(6, 0.5, 2));
  backend.write(bn.beta.value, uniform(6));
  checkLayer(backend, bn, 9, 6, [
    { name: 'gamma', ...bn.gamma },
    { name: 'beta', ...bn.beta },
  ]);
});

test('Dropout with a fixed mask: dx', () => {
  const backend = new JsBackend('float64');
  const replay = replayed(uniform(40, 0, 1));
  const dropout = new Dropout(backend, 8, 5, 0.4, replay);
  const layer: Layer = {
    forward: (x, train) => (replay.reset(), dropout.forward(x, train)),
    backward: (d) => dropout.backward(d),
  };
  checkLayer(backend, layer, 5, 8, []);
});

test('SoftmaxWithLoss: dZ', () => {
  const backend = new JsBackend('float64');
  const rows = 6;
  const classes = 4;
  const lossLayer = new SoftmaxWithLoss(backend, classes, rows);
  const Z = backend.alloc(rows, classes);
  const t = backend.allocInts(rows);
  backend.writeInts(t, [0, 3, 1, 1, 2, 0]);
  const z = matVariable(backend, 'Z', Z, () => backend.read(lossLayer.backward()));
  z.values.set(uniform(rows * classes, -3, 3));
  const loss = () => lossLayer.forward(Z, t) as number; // the js backend's loss is a number
  check([z], loss, loss);
});

/** Uniforms that start over at every reset(): the same dropout mask for every forward. */
function replayed(values: ArrayLike<number>) {
  let i = 0;
  return { next: () => values[i++ % values.length], reset: () => (i = 0) };
}

for (const variant of [
  { name: 'relu, BatchNorm, dropout, weight decay', model: { batchNorm: true, dropout: 0.3 }, decay: 0.1 },
  { name: 'sigmoid, Xavier, weight decay', model: { activation: 'sigmoid', weightInit: 'xavier' }, decay: 0.05 },
] as const) {
  test(`MultiLayerNet (${variant.name}): every parameter`, () => {
    const backend = new JsBackend('float64');
    const rows = 8;
    const replay = replayed(uniform(64, 0, 1));
    const net = new MultiLayerNet(
      backend,
      modelSpec({ hiddenSizes: [5, 4], ...variant.model }),
      variant.decay,
      { inputSize: 6, classes: 3, rows: { train: rows, test: rows } },
      { init: new Rng(11), dropout: replay },
    );
    // non-trivial biases, gamma and beta
    net.params.forEach((p, i) => {
      if (p.rows === 1) backend.write(p, uniform(p.cols, i % 2 ? 0.5 : -0.5, i % 2 ? 1.5 : 0.5));
    });
    const x = backend.alloc(rows, 6);
    backend.write(x, uniform(rows * 6, 0, 1));
    const t = backend.allocInts(rows);
    backend.writeInts(t, [0, 1, 2, 0, 1, 2, 2, 1]);
    const loss = () => (replay.reset(), net.gradient(x, t) as number); // the js backend's loss is a number
    const vars = net.params.map((p, i) => matVariable(backend, `param ${i} (${p.rows}×${p.cols})`, p, () => backend.read(net.grads[i])));
    check(vars, loss, loss, 12);
  });
}
