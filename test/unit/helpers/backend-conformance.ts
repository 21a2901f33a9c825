// Checks any Backend against the js reference, kernel by kernel, on odd shapes and edge values,
// and that it refuses the bad calls every backend refuses (backend-refusals.ts).
// Usage, in a test file: runBackendConformance('wasm', () => createWasmBackend());
// Tolerances follow float32 rounding: a product sum may be off by ~1e-5 of Σ|a·b|, an element-wise
// result by ~1e-6 relative. Exact kernels (gather, threshold, countCorrect) must match exactly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Act, Backend, BatchNormBuffers, Mat } from '../../../src/core/train/backend';
import { JsBackend } from '../../../src/core/train/backends/js';
import { trainTrial, type TrialOutcome } from '../../../src/core/train/trainer';
import { Rng } from '../../../src/core/random';
import { testRefusals } from './backend-refusals';
import type { TrialConfig } from '../../../src/core/spec/types';
import type { Dataset } from '../../../src/core/data/dataset';

type Tolerance = (expected: number, index: number) => number;
const relative =
  (rel: number, abs = rel): Tolerance =>
  (e) =>
    abs + rel * Math.abs(e);

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    const ok = Number.isNaN(e) ? Number.isNaN(a) : e === a || Math.abs(a - e) <= tol(e, i);
    if (!ok) assert.fail(`${what}[${i}]: got ${a}, expected ${e} (tolerance ${tol(e, i)})`);
  }
}

export function runBackendConformance(name: string, make: () => Backend | Promise<Backend>): void {
  describe(`${name} backend conforms to the js reference`, () => {
    let got: Backend;
    const ref = new JsBackend();
    const rng = new Rng(20240607);
    before(async () => {
      got = await make();
    });
    after(() => {
      got.dispose();
      ref.dispose();
    });

    testRefusals(() => got);

    const uniform = (n: number, lo = -1, hi = 1) => Float32Array.from({ length: n }, () => rng.uniform(lo, hi));
    /** The same matrix in both backends. */
    const both = (rows: number, cols: number, values?: ArrayLike<number>) => {
      const r = ref.alloc(rows, cols);
      const g = got.alloc(rows, cols);
      if (values) {
        ref.write(r, values);
        got.write(g, values);
      }
      return { r, g };
    };
    const bothInts = (values: ArrayLike<number>) => {
      const r = ref.allocInts(values.length);
      const g = got.allocInts(values.length);
      ref.writeInts(r, values);
      got.writeInts(g, values);
      return { r, g };
    };
    /** The backend under test may hand values over later (a GPU backend): its reads are awaited. */
    const same = async (m: { r: Mat; g: Mat }, tol: Tolerance, what: string) => assertClose(await got.read(m.g), ref.read(m.r), tol, what);

    test('alloc is zero-filled, write/read round-trips, read returns a copy', async () => {
      const m = got.alloc(3, 7);
      assert.deepEqual(Array.from(await got.read(m)), new Array(21).fill(0));
      const values = uniform(21, -1e6, 1e6);
      got.write(m, values);
      const copy = await got.read(m);
      assert.deepEqual(copy, values);
      copy[0] = 42;
      assert.equal((await got.read(m))[0], values[0]);
    });

    for (const [M, K, N] of [
      [1, 1, 1],
      [3, 7, 5],
      [101, 784, 33],
      [100, 100, 10],
    ]) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          test(`gemm ${M}×${K}·${K}×${N} transA=${transA} transB=${transB}`, async () => {
            const a = uniform(M * K);
            const b = uniform(K * N);
            const A = transA ? both(K, M, a) : both(M, K, a);
            const B = transB ? both(N, K, b) : both(K, N, b);
            const C = both(M, N, uniform(M * N, 100, 200)); // overwritten, not accumulated
            ref.gemm(C.r, A.r, B.r, transA, transB);
            got.gemm(C.g, A.g, B.g, transA, transB);
            // the scale of each product sum: Σ_k |op(A)[i,k]·op(B)[k,j]|
            const at = (i: number, k: number) => (transA ? a[k * M + i] : a[i * K + k]);
            const bt = (k: number, j: number) => (transB ? b[j * K + k] : b[k * N + j]);
            const scale = new Float64Array(M * N);
            for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) for (let k = 0; k < K; k++) scale[i * N + j] += Math.abs(at(i, k) * bt(k, j));
            await same(C, (_, i) => 1e-5 * scale[i] + 1e-7, 'C');
          });
        }
      }
    }

    const edge = [0, -0, 1e-8, -1e-8, 1, -1, 20, -20, 100, -100, 1000, -1000, 3.5, -0.25];
    for (const act of ['identity', 'relu', 'sigmoid'] as Act[]) {
      test(`biasAct ${act} with edge values`, async () => {
        const rows = 5;
        const cols = edge.length;
        const Y = both(rows, cols, Float32Array.from({ length: rows * cols }, (_, i) => (i < cols ? edge[i] : rng.uniform(-5, 5))));
        const b = both(1, cols, Float32Array.from({ length: cols }, (_, j) => (j % 3 === 0 ? 0 : rng.uniform(-1, 1))));
        ref.biasAct(Y.r, b.r, act);
        got.biasAct(Y.g, b.g, act);
        await same(Y, relative(1e-6), 'Y');
      });

      test(`actBackward ${act}, including outputs exactly 0 and 1`, async () => {
        const rows = 7;
        const cols = 9;
        const y = Float32Array.from({ length: rows * cols }, (_, i) =>
          i % 5 === 0 ? 0 : i % 7 === 0 && act !== 'relu' ? 1 : act === 'sigmoid' ? rng.next() : rng.uniform(-2, 2),
        );
        if (act === 'relu') for (let i = 0; i < y.length; i++) y[i] = Math.max(0, y[i]);
        const Y = both(rows, cols, y);
        const dY = both(rows, cols, uniform(rows * cols, -3, 3));
        ref.actBackward(dY.r, Y.r, act);
        got.actBackward(dY.g, Y.g, act);
        await same(dY, relative(1e-6), 'dY');
      });
    }

    test('colSum 101×37', async () => {
      const dY = both(101, 37, uniform(101 * 37));
      const db = both(1, 37, uniform(37, 5, 6));
      ref.colSum(db.r, dY.r);
      got.colSum(db.g, dY.g);
      await same(db, relative(1e-5), 'db');
    });

    test('axpy, mul, scale, sumSquares', async () => {
      const n = [13, 11] as const;
      const x = uniform(n[0] * n[1], -10, 10);
      const y = both(...n, uniform(n[0] * n[1], -10, 10));
      const X = both(...n, x);
      ref.axpy(y.r, X.r, -0.37);
      got.axpy(y.g, X.g, -0.37);
      await same(y, relative(1e-6), 'axpy');
      ref.mul(y.r, X.r);
      got.mul(y.g, X.g);
      await same(y, relative(1e-6), 'mul');
      ref.scale(y.r, 1e-3);
      got.scale(y.g, 1e-3);
      await same(y, relative(1e-6), 'scale');
      const expected = ref.sumSquares(y.r);
      assert.ok(Math.abs((await got.sumSquares(y.g)) - expected) <= 1e-5 * expected, 'sumSquares');
    });

    test('threshold keeps u > ratio only (u == ratio is dropped)', async () => {
      const u = Float32Array.from([0, 0.5, 0.5000001, 0.4999999, 0.999, 0.25, 0.75, 1e-9]);
      const mask = got.alloc(2, 4);
      got.write(mask, u);
      got.threshold(mask, 0.5);
      assert.deepEqual(Array.from(await got.read(mask)), [0, 0, 1, 0, 1, 0, 1, 0]);
    });

    test('gatherRows with repeated indices, with and without labels', async () => {
      const src = both(9, 5, uniform(45));
      const labels = bothInts([10, 11, 12, 13, 14, 15, 16, 17, 18]);
      const idx = bothInts([8, 0, 3, 3, 8, 1]);
      const dst = both(6, 5, uniform(30));
      got.gatherRows(dst.g, src.g, idx.g);
      ref.gatherRows(dst.r, src.r, idx.r);
      await same(dst, () => 0, 'rows');
      const dstLabels = bothInts([0, 0, 0, 0, 0, 0]);
      got.gatherRows(dst.g, src.g, idx.g, dstLabels.g, labels.g);
      // the labels are read back through countCorrect: a one-hot row per label class
      const classes = 19;
      const oneHot = new Float32Array(6 * classes);
      [18, 10, 13, 13, 18, 11].forEach((label, r) => (oneHot[r * classes + label] = 1));
      const Z = got.alloc(6, classes);
      got.write(Z, oneHot);
      assert.equal(await got.countCorrect(Z, dstLabels.g), 6);
    });

    test('softmaxCrossEntropy on random and extreme logits', async () => {
      const classes = 10;
      const special = [
        [1000, -1000, 0, 0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        [-50, 50, 50, 50, 50, 50, 50, 50, 50, 50], // the label's probability underflows: loss ≈ −log(1e-7)
        [88, 87, 86, -88, 0, 1, 2, 3, 4, 5],
      ];
      const rows = 33;
      const z = Float32Array.from({ length: rows * classes }, (_, i) => special[Math.floor(i / classes)]?.[i % classes] ?? rng.uniform(-8, 8));
      const Z = both(rows, classes, z);
      const t = bothInts(Array.from({ length: rows }, (_, r) => (r < special.length ? 0 : rng.int(classes))));
      const dZ = both(rows, classes);
      const expected = ref.softmaxCrossEntropy(dZ.r, Z.r, t.r);
      const loss = await got.softmaxCrossEntropy(dZ.g, Z.g, t.g);
      assert.ok(Math.abs(loss - expected) <= 1e-5 * expected, `loss ${loss} vs ${expected}`);
      await same(dZ, relative(1e-5, 1e-7), 'dZ');
    });

    test('countCorrect: first maximum wins, −1 never counts', async () => {
      const Z = both(6, 3, [3, 3, 1, 3, 3, 1, 2, 2, 2, 2, 2, 2, 0, 1, 5, 0, 1, 5]);
      const t = bothInts([0, 1, 0, 2, 2, -1]);
      assert.equal(ref.countCorrect(Z.r, t.r), 3);
      assert.equal(await got.countCorrect(Z.g, t.g), 3);
      const rows = 101;
      const R = both(rows, 10, uniform(rows * 10));
      const labels = bothInts(Array.from({ length: rows }, () => rng.int(10)));
      assert.equal(await got.countCorrect(R.g, labels.g), ref.countCorrect(R.r, labels.r));
    });

    const bnBuffers = (b: Backend, rows: number, width: number, gamma: Float32Array, beta: Float32Array): BatchNormBuffers => {
      const s: BatchNormBuffers = {
        gamma: b.alloc(1, width),
        beta: b.alloc(1, width),
        dgamma: b.alloc(1, width),
        dbeta: b.alloc(1, width),
        runningMean: b.alloc(1, width),
        runningVar: b.alloc(1, width),
        xc: b.alloc(rows, width),
        xn: b.alloc(rows, width),
        std: b.alloc(1, width),
        momentum: 0.9,
      };
      b.write(s.gamma, gamma);
      b.write(s.beta, beta);
      return s;
    };

    test('batchNormForward (training twice, then test mode on other rows) and backward', async () => {
      const rows = 101;
      const width = 13;
      const gamma = uniform(width, 0.5, 2);
      const beta = uniform(width);
      const sr = bnBuffers(ref, rows, width, gamma, beta);
      const sg = bnBuffers(got, rows, width, gamma, beta);
      const out = both(rows, width);
      for (let pass = 0; pass < 2; pass++) {
        const x = both(rows, width, Float32Array.from({ length: rows * width }, (_, i) => 3 * (i % width) + rng.uniform(-2, 2)));
        ref.batchNormForward(out.r, x.r, sr, true);
        got.batchNormForward(out.g, x.g, sg, true);
        await same(out, relative(1e-5), `out (pass ${pass})`);
      }
      await same({ r: sr.runningMean, g: sg.runningMean }, relative(1e-5), 'running mean');
      await same({ r: sr.runningVar, g: sg.runningVar }, relative(1e-5), 'running variance');

      const dout = uniform(rows * width);
      const dx = both(rows, width);
      ref.batchNormBackward(dx.r, both(rows, width, dout).r, sr);
      const dAlias = both(rows, width, dout);
      got.batchNormBackward(dAlias.g, dAlias.g, sg); // dx may alias dout
      assertClose(await got.read(dAlias.g), ref.read(dx.r), relative(1e-4, 1e-6), 'dx (aliasing dout)');
      const dxSeparate = got.alloc(rows, width);
      got.batchNormBackward(dxSeparate, both(rows, width, dout).g, sg);
      assertClose(await got.read(dxSeparate), ref.read(dx.r), relative(1e-4, 1e-6), 'dx');
      await same({ r: sr.dgamma, g: sg.dgamma }, relative(1e-5), 'dgamma');
      await same({ r: sr.dbeta, g: sg.dbeta }, relative(1e-5), 'dbeta');

      const testRows = 7; // not the training batch size: test mode must not touch xc/xn
      const xt = both(testRows, width, uniform(testRows * width, -5, 40));
      const outTest = both(testRows, width);
      ref.batchNormForward(outTest.r, xt.r, sr, false);
      got.batchNormForward(outTest.g, xt.g, sg, false);
      await same(outTest, relative(1e-5), 'test-mode out');
      await same({ r: sr.runningMean, g: sg.runningMean }, relative(1e-5), 'running mean unchanged by test mode');
    });

    type Step = (b: Backend, p: Mat, g: Mat, s: Mat[], t: number) => void;
    const steps: Record<string, [number, Step]> = {
      sgd: [0, (b, p, g) => b.sgd(p, g, 0.01)],
      momentum: [1, (b, p, g, [v]) => b.momentum(p, g, v, 0.01, 0.9)],
      nesterov: [1, (b, p, g, [v]) => b.nesterov(p, g, v, 0.01, 0.9)],
      adagrad: [1, (b, p, g, [h]) => b.adagrad(p, g, h, 0.01)],
      rmsprop: [1, (b, p, g, [h]) => b.rmsprop(p, g, h, 0.01, 0.99)],
      adam: [2, (b, p, g, [m, v], t) => b.adam(p, g, m, v, (0.001 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t), 0.9, 0.999)],
    };
    for (const [opt, [stateCount, step]] of Object.entries(steps)) {
      test(`${opt} step ×3`, async () => {
        const shape = [17, 3] as const;
        const p = both(...shape, uniform(51));
        const state = Array.from({ length: stateCount }, () => both(...shape));
        for (let t = 1; t <= 3; t++) {
          const g = both(...shape, Float32Array.from({ length: 51 }, (_, i) => (i === 0 ? 0 : rng.uniform(-2, 2) * 10 ** rng.int(4) * 1e-3)));
          step(ref, p.r, g.r, state.map((s) => s.r), t);
          step(got, p.g, g.g, state.map((s) => s.g), t);
          await same(p, relative(1e-6), `param after step ${t}`);
          for (const [i, s] of state.entries()) await await same(s, relative(1e-5, 1e-9), `state ${i} after step ${t}`);
        }
      });
    }

    test('mark/release, when offered, frees what came after the mark only', async (t) => {
      if (!got.mark || !got.release) return t.skip('this backend has no mark/release');
      const kept = got.alloc(4, 4);
      got.write(kept, uniform(16));
      const before = await got.read(kept);
      for (let round = 0; round < 3; round++) {
        const m = got.mark();
        const temp = got.alloc(64, 64);
        got.write(temp, uniform(64 * 64));
        got.release(m);
        assert.deepEqual(await got.read(got.alloc(64, 64)), new Float32Array(64 * 64), 'fresh memory is zero');
        assert.deepEqual(await got.read(kept), before);
      }
    });

    test('a whole trial (BatchNorm, dropout, Adam, weight decay) follows the reference', async () => {
      const { config, data } = tinyTrial();
      const run = (b: Backend): Promise<TrialOutcome> => trainTrial(config, data, b, 7, { onEpoch: () => false });
      const [expected, actual] = [await run(ref), await run(got)];
      assert.equal(actual.status, 'completed');
      assert.equal(actual.curve.length, expected.curve.length);
      actual.curve.forEach((point, i) => {
        const e = expected.curve[i];
        assert.ok(Math.abs(point.loss - e.loss) <= 1e-3 * e.loss, `epoch ${i + 1} loss ${point.loss} vs ${e.loss}`);
        assert.ok(Math.abs(point.trainAcc - e.trainAcc) <= 0.02 && Math.abs(point.valAcc - e.valAcc) <= 0.05, `epoch ${i + 1} accuracy`);
      });
    });
  });
}

/** A small, fast trial touching every layer kind. */
function tinyTrial(): { config: TrialConfig; data: Dataset } {
  const rng = new Rng(99);
  const inputSize = 12;
  const classes = 4;
  const make = (n: number) => {
    const x = Float32Array.from({ length: n * inputSize }, () => rng.next());
    const t = Int32Array.from({ length: n }, () => rng.int(classes));
    return { x, t };
  };
  const train = make(60);
  const val = make(20);
  return {
    data: { xTrain: train.x, tTrain: train.t, xVal: val.x, tVal: val.t, inputSize, classes },
    config: {
      data: { source: 'mnist', trainSize: 80, validationRate: 0.25, seed: 1 },
      model: { hiddenSizes: [16, 9], activation: 'relu', weightInit: 'he', batchNorm: true, dropout: 0.3 },
      training: {
        epochs: 4,
        batchSize: 16,
        optimizer: 'adam',
        lr: 0.01,
        weightDecay: 1e-3,
        momentum: 0.9,
        decayRate: 0.99,
        beta1: 0.9,
        beta2: 0.999,
      },
    },
  };
}

