// Products with a mostly-zero left operand (gemmSparseA: C = A·B, gemmSparseAT: C = Aᵀ·B) on the
// js and wasm backends against the dense gemm, and the first Affine layer using them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Rng } from '../../src/core/random';
import type { SyncBackend } from '../../src/core/train/backend';
import { JsBackend } from '../../src/core/train/backends/js';
import { createWasmBackend } from '../../src/core/train/backends/wasm';
import { Affine } from '../../src/core/train/layers/affine';
import { trainTrial } from '../../src/core/train/trainer';
import { assertClose } from './helpers/backend-conformance';
import { countingBackend, trialConfig } from './helpers/train-fixtures';
import type { Dataset } from '../../src/core/data/dataset';

const rng = new Rng(31);

/** Values in [−1, 1), each zero with probability `zeros`; a few are −0. */
function sparseValues(n: number, zeros: number): Float32Array {
  return Float32Array.from({ length: n }, () => (rng.next() < zeros ? (rng.next() < 0.1 ? -0 : 0) : rng.uniform(-1, 1)));
}

/** An M×K matrix with the rows that trouble a sparse kernel: an all-zero row, a row whose only
 * non-zero is its last entry, a row with only its first, a row of all non-zeros. */
function awkwardA(M: number, K: number, zeros: number): Float32Array {
  const a = sparseValues(M * K, zeros);
  const row = (r: number, f: (k: number) => number) => {
    if (r < M) for (let k = 0; k < K; k++) a[r * K + k] = f(k);
  };
  row(0, () => 0);
  row(1, (k) => (k === K - 1 ? -0.75 : 0));
  row(2, (k) => (k === 0 ? 0.5 : 0));
  row(3, () => rng.uniform(-1, 1) || 0.125);
  return a;
}

function product(backend: SyncBackend, a: Float32Array, b: Float32Array, M: number, K: number, N: number, form: 'A' | 'AT' | 'dense') {
  // form AT stores A as K×M: the product is Aᵀ (M×K) · B.
  const transA = form === 'AT';
  const A = transA ? backend.alloc(K, M) : backend.alloc(M, K);
  const B = backend.alloc(K, N);
  const C = backend.alloc(M, N);
  backend.write(A, a);
  backend.write(B, b);
  backend.write(C, new Float32Array(M * N).fill(NaN)); // must be overwritten everywhere
  if (form === 'A') backend.gemmSparseA!(C, A, B);
  else if (form === 'AT') backend.gemmSparseAT!(C, A, B);
  else backend.gemm(C, A, B, false, false);
  return backend.read(C);
}

/** The dense products of both forms, through gemm with the matching transpose flag. */
function dense(backend: SyncBackend, a: Float32Array, b: Float32Array, M: number, K: number, N: number, transA: boolean) {
  const A = transA ? backend.alloc(K, M) : backend.alloc(M, K);
  const B = backend.alloc(K, N);
  const C = backend.alloc(M, N);
  backend.write(A, a);
  backend.write(B, b);
  backend.gemm(C, A, B, transA, false);
  return backend.read(C);
}

// [M, K, N]: the book's first layer (batch 100 / evaluation 500 rows × 784 pixels → 100), and
// every remainder of K mod 4 and of N against the 52/32/16-column blocks (exact, or a last block
// moved back to overlap the one before) and the 4-column passes below 16 columns.
const shapes = [
  [1, 1, 1],
  [3, 7, 5],
  [101, 784, 100],
  [4, 2, 48],
  [5, 9, 83],
  [6, 13, 30],
  [7, 6, 2],
  [2, 5, 125],
  [4, 11, 52],
  [3, 6, 105],
  [3, 10, 35],
  [2, 7, 16],
  [5, 8, 14],
];

describe('sparse products equal the dense gemm', () => {
  for (const [M, K, N] of shapes) {
    test(`${M}×${K}·${K}×${N}, A·B and Aᵀ·B`, async () => {
      const js = new JsBackend();
      const wasm = await createWasmBackend();
      const b = Float32Array.from({ length: K * N }, () => rng.uniform(-2, 2));
      // ~10 % zeros: wasm hands a matrix denser than half to its gemm (small shapes suffice there,
      // the js reference takes a tenth of a second for the big one)
      const shares = M * K * N > 1e6 ? [0.8] : [0.8, 0.1];
      for (const [transA, zeros] of shares.flatMap((z) => [[false, z], [true, z]] as const)) {
        const what = `${transA ? 'Aᵀ·B' : 'A·B'}, ${100 * zeros} % zeros`;
        // As stored: M×K for A·B, K×M for Aᵀ·B (its columns are the awkward lines then).
        const a = transA ? transpose(awkwardA(M, K, zeros), M, K) : awkwardA(M, K, zeros);
        const form = transA ? 'AT' : 'A';
        const expected = dense(js, a, b, M, K, N, transA);
        // Float32 sums of K products stay within K·2⁻²³ of Σ|a·b| (= |A|·|B|) of the exact value.
        const scale = dense(wasm, a.map(Math.abs), b.map(Math.abs), M, K, N, transA);
        const bound = (_: number, index: number) => (K * scale[index]) / 2 ** 23 + 1e-12;
        assertClose(product(wasm, a, b, M, K, N, form), expected, bound, `wasm ${what}`);
        // Skipping a zero term changes no finite sum: each backend's sparse product is its gemm's.
        assert.deepEqual(product(js, a, b, M, K, N, form), expected, `js ${what}`);
        assert.deepEqual(product(wasm, a, b, M, K, N, form), dense(wasm, a, b, M, K, N, transA), `wasm ${what} vs wasm gemm`);
      }
      js.dispose();
      wasm.dispose();
    });
  }

  test('a NaN in A reaches its row of C, as in gemm; a zero A row gives +0', async () => {
    for (const backend of [new JsBackend(), await createWasmBackend()]) {
      const [M, K, N] = [3, 9, 6];
      const a = new Float32Array(M * K);
      a[0 * K + 4] = NaN;
      a[2 * K + 8] = 2;
      const b = Float32Array.from({ length: K * N }, (_, i) => i - 20);
      const c = product(backend, a, b, M, K, N, 'A');
      assert.ok(c.subarray(0, N).every(Number.isNaN), `${backend.name}: NaN row`);
      assert.ok(c.subarray(N, 2 * N).every((v) => Object.is(v, 0)), `${backend.name}: zero row is +0`);
      assert.deepEqual(Array.from(c.subarray(2 * N)), Array.from(b.subarray(8 * N, 9 * N), (v) => 2 * v));
      backend.dispose();
    }
  });
});

describe('the first Affine layer', () => {
  test('uses the sparse products for its forwards and dW; a later layer and a backend without them use gemm', () => {
    const { backend, calls } = countingBackend(new JsBackend());
    const rows = { train: 4, test: 6 };
    const first = new Affine(backend, 5, 3, sparseValues(15, 0), 'relu', rows, false);
    const second = new Affine(backend, 3, 2, sparseValues(6, 0), 'identity', rows, true);
    const x = backend.alloc(4, 5);
    backend.write(x, sparseValues(20, 0.5));
    second.forward(first.forward(x, true), true);
    first.forward(backend.alloc(6, 5), false);
    const dout = backend.alloc(4, 2);
    backend.write(dout, sparseValues(8, 0));
    first.backward(second.backward(dout)!);
    assert.equal(calls.get('gemmSparseA'), 2);
    assert.equal(calls.get('gemmSparseAT'), 1);
    assert.equal(calls.get('gemm'), 3); // second layer: forward, dW, dx

    const plain = countingBackend(withoutSparse(new JsBackend()));
    new Affine(plain.backend, 5, 3, sparseValues(15, 0), 'relu', rows, false).forward(plain.backend.alloc(4, 5), true);
    assert.equal(plain.calls.get('gemm'), 1);
    assert.equal(plain.calls.get('gemmSparseA'), undefined);
  });

  test('a wasm trial on sparse inputs records the same curve with and without the sparse products', async () => {
    const data = sparseDataset(60, 20, 49, 4);
    const config = trialConfig({ hiddenSizes: [12, 8] }, { epochs: 4, batchSize: 10, lr: 0.1, weightDecay: 1e-3 });
    const keepGoing = { onEpoch: () => false };
    const sparse = await trainTrial(config, data, await createWasmBackend(), 5, keepGoing);
    const denseRun = await trainTrial(config, data, withoutSparse(await createWasmBackend()), 5, keepGoing);
    assert.equal(sparse.status, 'completed');
    assert.deepEqual(sparse.curve, denseRun.curve);
  });
});

describe('countCorrect with NaN logits (numpy argmax: the first NaN is the maximum)', () => {
  test('js and wasm agree', async () => {
    // one row per case; the label is where numpy's argmax points
    const cases: [number[], number][] = [
      [[1, NaN, 3, 2], 1],
      [[NaN, 5, NaN, 7], 0],
      [[0, 2, 9, NaN], 3],
      [[NaN, NaN, NaN, NaN], 0],
      [[-Infinity, -Infinity, -1, -Infinity], 2],
      [[4, 4, NaN, 4], 2],
    ];
    const z = cases.flatMap(([row]) => row);
    for (const backend of [new JsBackend(), await createWasmBackend()]) {
      const Z = backend.alloc(cases.length, 4);
      backend.write(Z, z);
      const argmax = backend.allocInts(cases.length);
      backend.writeInts(argmax, cases.map(([, at]) => at));
      assert.equal(backend.countCorrect(Z, argmax), cases.length, backend.name);
      // and a label elsewhere never counts
      for (let r = 0; r < cases.length; r++) {
        const labels = backend.allocInts(cases.length);
        backend.writeInts(labels, cases.map(([, at], i) => (i === r ? (at + 1) % 4 : at)));
        assert.equal(backend.countCorrect(Z, labels), cases.length - 1, `${backend.name} row ${r}`);
      }
      backend.dispose();
    }
  });
});

function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
  return t;
}

/** The backend as a backend without the optional sparse products. */
function withoutSparse<B extends SyncBackend>(backend: B): B {
  return Object.create(backend, { gemmSparseA: { value: undefined }, gemmSparseAT: { value: undefined } }) as B;
}

/** MNIST-like rows: ~80 % zeros, the rest in (0, 1]; labels at random. */
function sparseDataset(nTrain: number, nVal: number, inputSize: number, classes: number): Dataset {
  const x = (n: number) => Float32Array.from(sparseValues(n * inputSize, 0.8), Math.abs);
  const t = (n: number) => Int32Array.from({ length: n }, () => rng.int(classes));
  return { xTrain: x(nTrain), tTrain: t(nTrain), xVal: x(nVal), tVal: t(nVal), inputSize, classes };
}
