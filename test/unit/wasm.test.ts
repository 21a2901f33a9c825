// The wasm backend against the js reference (the shared conformance suite), plus what only the
// wasm backend has: GEMM edge tiles on the shapes training uses, the exp approximation behind
// sigmoid, and its own linear memory (growth, zero-filled reuse, isolation, dispose).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Rng } from '../../src/core/random';
import type { SyncBackend } from '../../src/core/train/backend';
import { JsBackend } from '../../src/core/train/backends/js';
import { createWasmBackend } from '../../src/core/train/backends/wasm';
import { defaultKernelBuild, relaxedSimdAvailable, type KernelBuild } from '../../src/core/train/backends/wasm-module';
import { assertClose, runBackendConformance } from './helpers/backend-conformance';

// Both builds of the kernels pass the same suite: the relaxed one (fused multiply-adds) is what
// a backend gets where the engine has relaxed SIMD, the SIMD128 one everywhere else.
const BUILDS: KernelBuild[] = ['simd128', 'relaxed'];
for (const build of BUILDS) runBackendConformance(`wasm (${build})`, () => createWasmBackend(build));

test('the default build is the relaxed one where the engine runs it; HPL_WASM_KERNELS=simd128 forces SIMD128', () => {
  // Node 20 has relaxed SIMD behind a flag that relaxedSimdAvailable() sets; Node ≥ 22 by default.
  assert.equal(relaxedSimdAvailable(), true);
  assert.equal(defaultKernelBuild(), 'relaxed');
  process.env.HPL_WASM_KERNELS = 'simd128';
  try {
    assert.equal(defaultKernelBuild(), 'simd128');
  } finally {
    delete process.env.HPL_WASM_KERNELS;
  }
});

const rng = new Rng(7);
const uniform = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));

describe('wasm gemm edge tiles (4-row blocks, 8- and 4-column panels)', () => {
  // [M, K, N]: training's shapes, then every remainder of M mod 4 and N mod 8.
  const shapes = [
    [100, 784, 100],
    [101, 784, 10],
    [784, 100, 100],
    [100, 100, 784],
    [6, 3, 17],
    [7, 9, 12],
    [8, 5, 5],
    [9, 11, 6],
    [4, 2, 7],
    [2, 1, 3],
  ];
  for (const [M, K, N] of shapes) for (const build of BUILDS) {
    test(`${M}×${K}·${K}×${N} in all four transpose forms (${build})`, async () => {
      const ref = new JsBackend();
      const got = await createWasmBackend(build);
      const a = uniform(M * K);
      const b = uniform(K * N);
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const mats = (backend: SyncBackend) => {
            const A = transA ? backend.alloc(K, M) : backend.alloc(M, K);
            const B = transB ? backend.alloc(N, K) : backend.alloc(K, N);
            backend.write(A, a);
            backend.write(B, b);
            const C = backend.alloc(M, N);
            backend.write(C, new Float32Array(M * N).fill(NaN)); // must be overwritten everywhere
            backend.gemm(C, A, B, transA, transB);
            return backend.read(C);
          };
          // Float32 sums of K products stay within K·2⁻²³ of Σ|a·b| of the exact value.
          const at = (i: number, k: number) => (transA ? a[k * M + i] : a[i * K + k]);
          const bt = (k: number, j: number) => (transB ? b[j * K + k] : b[k * N + j]);
          const bound = (_: number, index: number) => {
            const i = Math.floor(index / N);
            const j = index % N;
            let sum = 0;
            for (let k = 0; k < K; k++) sum += Math.abs(at(i, k) * bt(k, j));
            return (K * sum) / 2 ** 23 + 1e-12;
          };
          assertClose(mats(got), mats(ref), bound, `C (transA ${transA}, transB ${transB})`);
        }
      }
      got.dispose();
    });
  }
});

test('sigmoid keeps float32 accuracy across its whole range, subnormal results included', async () => {
  const got = await createWasmBackend();
  const grid = Array.from({ length: 4001 }, (_, i) => -87 + (174 * i) / 4000);
  const xs = Float32Array.from([...grid, -90, -95, -100, -103, -110, 200]);
  const Y = got.alloc(1, xs.length);
  got.write(Y, xs);
  got.biasAct(Y, got.alloc(1, xs.length), 'sigmoid');
  const exact = Array.from(xs, (x) => 1 / (1 + Math.exp(-x)));
  // relative accuracy for normal floats; below 2^-126 the spacing of float32 itself, 2^-149
  assertClose(got.read(Y), exact, (e) => 1e-6 * e + 2 ** -148, 'sigmoid');
  got.dispose();
});

describe('wasm memory', () => {
  test('grows past its first page and keeps earlier matrices', async () => {
    const got = await createWasmBackend();
    const small = got.alloc(3, 5);
    const values = uniform(15);
    got.write(small, values);
    const big = got.alloc(1000, 700); // ~2.8 MB: several grow() calls
    got.write(big, new Float32Array(700_000).fill(2));
    assert.deepEqual(got.read(small), values);
    assert.equal(got.sumSquares(big), 4 * 700_000);
    got.dispose();
  });

  test('alloc is zero-filled even where gemm scratch has been written', async () => {
    const got = await createWasmBackend();
    const A = got.alloc(50, 300);
    got.write(A, uniform(50 * 300));
    const C = got.alloc(50, 50);
    got.gemm(C, A, A, false, true); // its packing scratch lies just above C
    const fresh = got.alloc(300, 8);
    assert.ok(got.read(fresh).every((v) => v === 0));
    got.dispose();
  });

  test('two backends do not share memory', async () => {
    const one = await createWasmBackend();
    const two = await createWasmBackend();
    const m1 = one.alloc(4, 4);
    const m2 = two.alloc(4, 4);
    one.write(m1, new Float32Array(16).fill(1));
    assert.ok(two.read(m2).every((v) => v === 0));
    one.dispose();
    assert.ok(two.read(m2).every((v) => v === 0), 'disposing one leaves the other usable');
    two.dispose();
  });

  test('release below the start and use after dispose are errors', async () => {
    const got = await createWasmBackend();
    const m = got.alloc(2, 2);
    assert.throws(() => got.release!(-64), /release/);
    got.dispose();
    assert.throws(() => got.read(m), /after dispose/);
    assert.throws(() => got.alloc(1, 1), /after dispose/);
  });
});
