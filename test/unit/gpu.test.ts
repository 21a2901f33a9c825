// The gpu backend's kernels, run on gpu.js's cpu mode (the same kernel sources a GPU compiles,
// through the same queue of asynchronous operations), against the js reference backend on small
// odd shapes. Values are read where the scenario asks for them, and awaited afterwards.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Act, Backend, BatchNormBuffers, Deferred, Mat } from '../../src/core/train/backend';
import { createGpuJsBackend } from '../../src/core/train/backends/gpu';
import { JsBackend } from '../../src/core/train/backends/js';

type Outputs = Record<string, Deferred<Float32Array | number>>;

/** Deterministic values in [−1, 1) that differ per seed. */
function values(n: number, seed: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const x = Math.sin((i + 1) * 12.9898 + seed * 78.233) * 43758.5453;
    return 2 * (x - Math.floor(x)) - 1;
  });
}

function filled(b: Backend, rows: number, cols: number, seed: number): Mat {
  const m = b.alloc(rows, cols);
  b.write(m, values(rows * cols, seed));
  return m;
}

function assertClose(actual: Float32Array | number, expected: Float32Array | number, what: string): void {
  const a = typeof actual === 'number' ? [actual] : Array.from(actual);
  const e = typeof expected === 'number' ? [expected] : Array.from(expected);
  assert.equal(a.length, e.length, `${what}: length`);
  for (let i = 0; i < a.length; i++) {
    const tolerance = 1e-5 * Math.max(1, Math.abs(e[i]));
    assert.ok(Math.abs(a[i] - e[i]) <= tolerance, `${what}[${i}]: ${a[i]} vs ${e[i]}`);
  }
}

/** Runs one scenario on the gpu backend (cpu mode) and on the js reference, and compares every output. */
async function matchesReference(scenario: (b: Backend) => Outputs): Promise<void> {
  const gpu = createGpuJsBackend({ mode: 'cpu' });
  const js = new JsBackend();
  try {
    const expected = scenario(js);
    const actual = scenario(gpu);
    assert.deepEqual(Object.keys(actual), Object.keys(expected));
    for (const key of Object.keys(expected)) assertClose(await actual[key], await expected[key], key);
  } finally {
    gpu.dispose();
    js.dispose();
  }
}

const ACTS: Act[] = ['identity', 'relu', 'sigmoid'];

describe('gpu backend kernels (gpu.js cpu mode) match the js reference', () => {
  it('gemm, with every combination of transposes', async () => {
    for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      await matchesReference((b) => {
        const [m, k, n] = [3, 5, 7];
        const A = transA ? filled(b, k, m, 1) : filled(b, m, k, 1);
        const B = transB ? filled(b, n, k, 2) : filled(b, k, n, 2);
        const C = filled(b, m, n, 3); // overwritten, not accumulated
        b.gemm(C, A, B, transA, transB);
        return { [`C ${transA} ${transB}`]: b.read(C) };
      });
    }
  });

  it('biasAct, actBackward and colSum for each activation', async () => {
    for (const act of ACTS) {
      await matchesReference((b) => {
        const Y = filled(b, 5, 3, 4);
        const bias = filled(b, 1, 3, 5);
        b.biasAct(Y, bias, act);
        const dY = filled(b, 5, 3, 6);
        b.actBackward(dY, Y, act);
        const db = b.alloc(1, 3);
        b.colSum(db, dY);
        return { [`Y ${act}`]: b.read(Y), [`dY ${act}`]: b.read(dY), [`db ${act}`]: b.read(db) };
      });
    }
  });

  it('element-wise: axpy, mul, scale, sumSquares, threshold', async () => {
    await matchesReference((b) => {
      const y = filled(b, 3, 7, 7);
      const x = filled(b, 3, 7, 8);
      b.axpy(y, x, -0.37);
      b.mul(y, x);
      b.scale(y, 1.7);
      const mask = b.alloc(3, 7);
      b.write(mask, values(21, 9).map((v) => (v + 1) / 2));
      b.threshold(mask, 0.5);
      return { y: b.read(y), sumSquares: b.sumSquares(y), mask: b.read(mask) };
    });
  });

  it('gatherRows copies rows and their labels, and refuses a row out of range', async () => {
    await matchesReference((b) => {
      const src = filled(b, 6, 5, 10);
      const labels = b.allocInts(6);
      b.writeInts(labels, [3, 1, 4, 1, 0, 2]);
      const idx = b.allocInts(4);
      b.writeInts(idx, [5, 0, 5, 2]);
      const dst = b.alloc(4, 5);
      const dstLabels = b.allocInts(4);
      b.gatherRows(dst, src, idx, dstLabels, labels);
      // The gathered labels feed the loss the way a training batch's do.
      const dZ = b.alloc(4, 5);
      return { dst: b.read(dst), correct: b.countCorrect(dst, dstLabels), loss: b.softmaxCrossEntropy(dZ, dst, dstLabels) };
    });
  });

  it('softmax cross-entropy, its gradient and the accuracy count (first maximum wins)', async () => {
    await matchesReference((b) => {
      const Z = filled(b, 7, 3, 11);
      const t = b.allocInts(7);
      b.writeInts(t, [0, 1, 2, 2, 1, 0, 1]);
      const dZ = b.alloc(7, 3);
      const loss = b.softmaxCrossEntropy(dZ, Z, t);
      const ties = b.alloc(2, 3);
      b.write(ties, [0.5, 0.5, 0.1, 0.2, 0.7, 0.7]);
      const tieLabels = b.allocInts(2);
      b.writeInts(tieLabels, [0, 1]);
      const padded = b.allocInts(7);
      b.writeInts(padded, [0, 1, 2, -1, -1, -1, -1]); // −1 marks padding rows: never correct
      return {
        loss, dZ: b.read(dZ), correct: b.countCorrect(Z, t), tiesCorrect: b.countCorrect(ties, tieLabels),
        paddedCorrect: b.countCorrect(Z, padded),
      };
    });
  });

  it('batch normalisation: training forward, test forward and backward (dx aliasing dout)', async () => {
    await matchesReference((b) => {
      const [N, D] = [5, 3];
      const s: BatchNormBuffers = {
        gamma: filled(b, 1, D, 12),
        beta: filled(b, 1, D, 13),
        dgamma: b.alloc(1, D),
        dbeta: b.alloc(1, D),
        runningMean: b.alloc(1, D),
        runningVar: b.alloc(1, D),
        xc: b.alloc(N, D),
        xn: b.alloc(N, D),
        std: b.alloc(1, D),
        momentum: 0.9,
      };
      const x = filled(b, N, D, 14);
      const out = b.alloc(N, D);
      b.batchNormForward(out, x, s, true);
      const trained = b.read(out);
      const dout = filled(b, N, D, 15);
      b.batchNormBackward(dout, dout, s);
      const test = filled(b, 4, D, 16);
      const testOut = b.alloc(4, D);
      b.batchNormForward(testOut, test, s, false);
      return {
        out: trained, dx: b.read(dout), dgamma: b.read(s.dgamma), dbeta: b.read(s.dbeta),
        runningMean: b.read(s.runningMean), runningVar: b.read(s.runningVar), test: b.read(testOut),
      };
    });
  });

  it('optimizer steps, three of each', async () => {
    await matchesReference((b) => {
      const shape = [3, 5] as const;
      const g = filled(b, ...shape, 17);
      const params: Record<string, Mat> = {};
      const step: Record<string, () => void> = {};
      const p = (name: string, seed: number) => (params[name] = filled(b, ...shape, seed));
      const sgd = p('sgd', 18);
      step.sgd = () => b.sgd(sgd, g, 0.1);
      const [momentum, mv] = [p('momentum', 19), b.alloc(...shape)];
      step.momentum = () => b.momentum(momentum, g, mv, 0.1, 0.9);
      const [nesterov, nv] = [p('nesterov', 20), b.alloc(...shape)];
      step.nesterov = () => b.nesterov(nesterov, g, nv, 0.1, 0.9);
      const [adagrad, ah] = [p('adagrad', 21), b.alloc(...shape)];
      step.adagrad = () => b.adagrad(adagrad, g, ah, 0.1);
      const [rmsprop, rh] = [p('rmsprop', 22), b.alloc(...shape)];
      step.rmsprop = () => b.rmsprop(rmsprop, g, rh, 0.1, 0.99);
      const [adam, am, av] = [p('adam', 23), b.alloc(...shape), b.alloc(...shape)];
      step.adam = () => b.adam(adam, g, am, av, 0.01, 0.9, 0.999);
      for (let t = 0; t < 3; t++) for (const run of Object.values(step)) run();
      return Object.fromEntries(Object.entries(params).map(([name, m]) => [name, b.read(m)]));
    });
  });
});

describe('gpu backend memory', () => {
  it('allocates zeros, reads copies, checks write lengths and refuses use after dispose', async () => {
    const b = createGpuJsBackend({ mode: 'cpu' });
    const m = b.alloc(2, 3);
    assert.deepEqual(Array.from(await b.read(m)), [0, 0, 0, 0, 0, 0]);
    b.write(m, [1, 2, 3, 4, 5, 6]);
    const copy = await b.read(m);
    copy[0] = 99;
    assert.equal((await b.read(m))[0], 1);
    assert.throws(() => b.write(m, [1, 2]), /2 values into a 2×3/);
    b.dispose();
    assert.throws(() => b.alloc(1, 1), /after dispose/);
    assert.throws(() => b.read(m), /not allocated/);
  });

  it('release(mark()) frees what was allocated after the mark and keeps what came before', async () => {
    const b = createGpuJsBackend({ mode: 'cpu' });
    const kept = b.alloc(1, 2);
    b.write(kept, [7, 8]);
    const mark = b.mark();
    const dropped = b.alloc(1, 2);
    b.release(mark);
    assert.throws(() => b.read(dropped), /not allocated/);
    assert.deepEqual(Array.from(await b.read(kept)), [7, 8]);
    assert.equal(b.alloc(3, 1).handle, dropped.handle); // the space is reused
    b.dispose();
  });

  it('reports the gpu.js mode that runs its kernels', () => {
    const b = createGpuJsBackend({ mode: 'cpu' });
    assert.equal(b.mode, 'cpu');
    assert.equal(b.name, 'gpu');
    b.dispose();
  });
});
