// Each optimizer of the book's common/optimizer.py, two steps on a 1×2 parameter, against the
// formulas written out by hand (float64 storage, so the only error is the formulas' own rounding).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JsBackend } from '../../src/core/train/backends/js';
import { createOptimizer } from '../../src/core/train/optimizers';
import type { OptimizerName } from '../../src/core/spec/types';
import { countingBackend, trainingSpec } from './helpers/train-fixtures';

const p0 = [1, -2];
const g1 = [0.5, -1];
const g2 = [0.25, 2];
const eps = 1e-7;

function twoSteps(optimizer: OptimizerName, lr: number): [number[], number[]] {
  const backend = new JsBackend('float64');
  const p = backend.alloc(1, 2);
  const g = backend.alloc(1, 2);
  backend.write(p, p0);
  const opt = createOptimizer(trainingSpec({ optimizer, lr }), backend);
  backend.write(g, g1);
  opt.step([p], [g]);
  const after1 = Array.from(backend.read(p));
  backend.write(g, g2);
  opt.step([p], [g]);
  return [after1, Array.from(backend.read(p))];
}

function assertNear(actual: number[], expected: number[], what: string) {
  // read() hands back float32: compare at float32 precision
  actual.forEach((a, i) => assert.ok(Math.abs(a - expected[i]) <= 1e-6 * Math.max(1, Math.abs(expected[i])), `${what}[${i}]: ${a} vs ${expected[i]}`));
}

test('sgd: p −= lr·g', () => {
  const [s1, s2] = twoSteps('sgd', 0.1);
  assertNear(s1, [1 - 0.1 * 0.5, -2 + 0.1 * 1], 'step 1');
  assertNear(s2, [0.95 - 0.1 * 0.25, -1.9 - 0.1 * 2], 'step 2');
});

test('momentum: v = 0.9·v − lr·g, p += v', () => {
  const [s1, s2] = twoSteps('momentum', 0.1);
  const v1 = [-0.1 * 0.5, 0.1 * 1];
  const v2 = [0.9 * v1[0] - 0.1 * 0.25, 0.9 * v1[1] - 0.1 * 2];
  assertNear(s1, [1 + v1[0], -2 + v1[1]], 'step 1');
  assertNear(s2, [1 + v1[0] + v2[0], -2 + v1[1] + v2[1]], 'step 2');
});

test("nesterov, the book's form: v = 0.9·v − lr·g, p += 0.81·v − 1.9·lr·g", () => {
  const [s1, s2] = twoSteps('nesterov', 0.1);
  const v1 = g1.map((g) => -0.1 * g);
  const p1 = p0.map((p, i) => p + 0.81 * v1[i] - 1.9 * 0.1 * g1[i]);
  const v2 = v1.map((v, i) => 0.9 * v - 0.1 * g2[i]);
  const p2 = p1.map((p, i) => p + 0.81 * v2[i] - 1.9 * 0.1 * g2[i]);
  assertNear(s1, p1, 'step 1');
  assertNear(s2, p2, 'step 2');
});

test('adagrad: h += g², p −= lr·g / (√h + 1e-7)', () => {
  const [s1, s2] = twoSteps('adagrad', 0.1);
  const h1 = g1.map((g) => g * g);
  const p1 = p0.map((p, i) => p - (0.1 * g1[i]) / (Math.sqrt(h1[i]) + eps));
  const h2 = h1.map((h, i) => h + g2[i] * g2[i]);
  assertNear(s1, p1, 'step 1');
  assertNear(s2, p1.map((p, i) => p - (0.1 * g2[i]) / (Math.sqrt(h2[i]) + eps)), 'step 2');
});

test('rmsprop: h = 0.99·h + 0.01·g², p −= lr·g / (√h + 1e-7)', () => {
  const [s1, s2] = twoSteps('rmsprop', 0.1);
  const h1 = g1.map((g) => 0.01 * g * g);
  const p1 = p0.map((p, i) => p - (0.1 * g1[i]) / (Math.sqrt(h1[i]) + eps));
  const h2 = h1.map((h, i) => 0.99 * h + 0.01 * g2[i] * g2[i]);
  assertNear(s1, p1, 'step 1');
  assertNear(s2, p1.map((p, i) => p - (0.1 * g2[i]) / (Math.sqrt(h2[i]) + eps)), 'step 2');
});

test('adam: moments with bias correction folded into lr_t', () => {
  const lr = 0.001;
  const [s1, s2] = twoSteps('adam', lr);
  const m1 = g1.map((g) => 0.1 * g);
  const v1 = g1.map((g) => 0.001 * g * g);
  const lr1 = (lr * Math.sqrt(1 - 0.999)) / (1 - 0.9);
  const p1 = p0.map((p, i) => p - (lr1 * m1[i]) / (Math.sqrt(v1[i]) + eps));
  const m2 = m1.map((m, i) => m + 0.1 * (g2[i] - m));
  const v2 = v1.map((v, i) => v + 0.001 * (g2[i] * g2[i] - v));
  const lr2 = (lr * Math.sqrt(1 - 0.999 ** 2)) / (1 - 0.9 ** 2);
  assertNear(s1, p1, 'step 1');
  assertNear(s2, p1.map((p, i) => p - (lr2 * m2[i]) / (Math.sqrt(v2[i]) + eps)), 'step 2');
  // the first step moves every coordinate by ≈ lr, whatever the gradient's size
  s1.forEach((p, i) => assert.ok(Math.abs(Math.abs(p - p0[i]) - lr) < 1e-6));
});

test('the spec’s momentum, decay and betas are the ones used', () => {
  const backend = new JsBackend('float64');
  const p = backend.alloc(1, 1);
  const g = backend.alloc(1, 1);
  backend.write(g, [1]);
  const opt = createOptimizer(trainingSpec({ optimizer: 'momentum', lr: 1, momentum: 0.5 }), backend);
  opt.step([p], [g]); // v = −1, p = −1
  opt.step([p], [g]); // v = 0.5·(−1) − 1 = −1.5, p = −2.5
  assert.equal(backend.read(p)[0], -2.5);
});

for (const optimizer of ['momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'] as const) {
  test(`${optimizer} allocates its state once, per parameter`, () => {
    const { backend, calls } = countingBackend(new JsBackend());
    const params = [backend.alloc(3, 4), backend.alloc(1, 4)];
    const grads = [backend.alloc(3, 4), backend.alloc(1, 4)];
    backend.write(grads[0], new Float32Array(12).fill(1));
    backend.write(grads[1], new Float32Array(4).fill(-1));
    const opt = createOptimizer(trainingSpec({ optimizer }), backend);
    calls.clear();
    opt.step(params, grads);
    const perParam = optimizer === 'adam' ? 2 : 1;
    assert.equal(calls.get('alloc'), 2 * perParam);
    for (let i = 0; i < 3; i++) opt.step(params, grads);
    assert.equal(calls.get('alloc'), 2 * perParam, 'no allocation after the first step');
    assert.equal(calls.get(optimizer), 8);
    // same gradient on every element: every element of a parameter moved alike
    const moved = backend.read(params[0]);
    assert.ok(moved.every((v) => v === moved[0] && v < 0));
  });
}
