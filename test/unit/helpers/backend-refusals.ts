// The bad calls every backend refuses, each with the one message of src/core/train/backend-checks.ts,
// before it writes anything. Part of the conformance suite (backend-conformance.ts), so it runs
// on each backend. Several of the wrong shapes hold as many floats as the right ones (a 4×3 for
// a 3×4): a backend comparing element counts would let them through.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Backend, BatchNormBuffers, IntVec, Mat } from '../../../src/core/train/backend';
import { Rng } from '../../../src/core/random';

type BadCall = [call: () => unknown, message: string];

export function testRefusals(backend: () => Backend): void {
  const rng = new Rng(5);
  // Every matrix a test allocates, with what was written to it: a refused call must leave it so.
  const written: { m: Mat; values: Float32Array }[] = [];
  const mat = (rows: number, cols: number): Mat => {
    const m = backend().alloc(rows, cols);
    const values = Float32Array.from({ length: rows * cols }, () => rng.uniform(-1, 1));
    backend().write(m, values);
    written.push({ m, values });
    return m;
  };
  const ints = (values: number[]): IntVec => {
    const v = backend().allocInts(values.length);
    backend().writeInts(v, values);
    return v;
  };
  const layer = (rows: number, width: number): BatchNormBuffers => ({
    gamma: mat(1, width),
    beta: mat(1, width),
    dgamma: mat(1, width),
    dbeta: mat(1, width),
    runningMean: mat(1, width),
    runningVar: mat(1, width),
    xc: mat(rows, width),
    xn: mat(rows, width),
    std: mat(1, width),
    momentum: 0.9,
  });

  const badCalls: Record<string, (b: Backend) => BadCall[]> = {
    'write and writeInts': (b) => [
      [() => b.write(mat(2, 3), [1, 2]), 'write: 2 values into a 2×3 matrix'],
      [() => b.writeInts(b.allocInts(3), [1, 2]), 'writeInts: 2 values into a vector of 3'],
    ],
    gemm: (b) => {
      const S = mat(4, 4);
      const T = mat(4, 4);
      return [
        [() => b.gemm(mat(3, 2), mat(3, 4), mat(5, 2), false, false), 'gemm: C 3×2 = A 3×4 · B 5×2 does not fit'],
        [() => b.gemm(mat(3, 4), mat(3, 5), mat(4, 5), false, false), 'gemm: C 3×4 = A 3×5 · B 4×5 does not fit'],
        [() => b.gemm(mat(3, 3), mat(4, 3), mat(2, 4), true, true), 'gemm: C 3×3 = Aᵀ 3×4 · Bᵀ 4×2 does not fit'],
        [() => b.gemm(S, S, T, false, false), 'gemm: C may not alias A'],
        [() => b.gemm(S, T, S, true, true), 'gemm: C may not alias B'],
      ];
    },
    'gemmSparseA and gemmSparseAT': (b) => {
      if (!b.gemmSparseA || !b.gemmSparseAT) return [];
      const [sparseA, sparseAT] = [b.gemmSparseA.bind(b), b.gemmSparseAT.bind(b)];
      const S = mat(4, 4);
      const T = mat(4, 4);
      return [
        [() => sparseA(mat(4, 4), mat(4, 6), mat(6, 3)), 'gemmSparseA: C 4×4 = A 4×6 · B 6×3 does not fit'],
        [() => sparseAT(mat(6, 3), mat(4, 6), mat(6, 3)), 'gemmSparseAT: C 6×3 = Aᵀ 6×4 · B 6×3 does not fit'],
        [() => sparseA(S, S, T), 'gemmSparseA: C may not alias A'],
        [() => sparseAT(S, T, S), 'gemmSparseAT: C may not alias B'],
      ];
    },
    'biasAct, actBackward and colSum': (b) => [
      [() => b.biasAct(mat(3, 4), mat(2, 2), 'relu'), 'biasAct: b 2×2 is not 1×4 (Y 3×4)'],
      [() => b.biasAct(mat(3, 4), mat(4, 1), 'identity'), 'biasAct: b 4×1 is not 1×4 (Y 3×4)'],
      [() => b.actBackward(mat(3, 4), mat(4, 3), 'sigmoid'), 'actBackward: Y 4×3 does not match dY 3×4'],
      [() => b.actBackward(mat(3, 4), mat(3, 5), 'identity'), 'actBackward: Y 3×5 does not match dY 3×4'],
      [() => b.colSum(mat(2, 2), mat(5, 4)), 'colSum: db 2×2 is not 1×4 (dY 5×4)'],
    ],
    'axpy and mul': (b) => [
      [() => b.axpy(mat(3, 4), mat(4, 3), 2), 'axpy: x 4×3 does not match y 3×4'],
      [() => b.mul(mat(3, 4), mat(3, 5)), 'mul: x 3×5 does not match y 3×4'],
    ],
    gatherRows: (b) => {
      const src = mat(6, 3);
      const all = [5, 4, 3, 2, 1, 0];
      const labels = ints(all);
      return [
        [() => b.gatherRows(mat(2, 4), src, ints([0, 1])), 'gatherRows: src 6×3 does not match the 4 columns of dst 2×4'],
        [() => b.gatherRows(mat(2, 3), src, ints([0, 1, 2])), 'gatherRows: idx has 3 entries for the 2 rows of dst 2×3'],
        [() => b.gatherRows(mat(2, 3), src, ints([0, 1]), ints([0, 0, 0]), labels), 'gatherRows: dstLabels has 3 entries for the 2 rows of dst 2×3'],
        [() => b.gatherRows(mat(2, 3), src, ints([0, 1]), ints([0, 0]), ints([0, 1, 2, 3, 4])), 'gatherRows: srcLabels has 5 entries for the 6 rows of src 6×3'],
        [() => b.gatherRows(mat(2, 3), src, ints([0, 1]), ints([0, 0])), 'gatherRows: dstLabels and srcLabels come together or not at all'],
        [() => b.gatherRows(src, src, ints(all)), 'gatherRows: dst may not alias src'],
        [() => b.gatherRows(mat(6, 3), src, ints(all), labels, labels), 'gatherRows: dstLabels may not alias srcLabels'],
        [() => b.gatherRows(mat(2, 3), src, ints([0, 6])), 'gatherRows: row 6 of 6'],
        [() => b.gatherRows(mat(2, 3), src, ints([-1, 0]), ints([0, 0]), labels), 'gatherRows: row -1 of 6'],
      ];
    },
    'softmaxCrossEntropy and countCorrect': (b) => [
      [() => b.softmaxCrossEntropy(mat(4, 3), mat(3, 4), ints([0, 1, 2])), 'softmaxCrossEntropy: dZ 4×3 does not match Z 3×4'],
      [() => b.softmaxCrossEntropy(mat(3, 4), mat(3, 4), ints([0, 1, 2, 3])), 'softmaxCrossEntropy: t has 4 entries for the 3 rows of Z 3×4'],
      [() => b.countCorrect(mat(3, 4), ints([0, 1])), 'countCorrect: t has 2 entries for the 3 rows of Z 3×4'],
      [() => b.countCorrect(mat(3, 4), ints([0, 1, 2, 3])), 'countCorrect: t has 4 entries for the 3 rows of Z 3×4'],
    ],
    'batchNormForward and batchNormBackward': (b) => {
      const s = layer(5, 4);
      const x = mat(5, 4);
      return [
        [() => b.batchNormForward(mat(5, 3), x, s, true), 'batchNormForward: out 5×3 does not match x 5×4'],
        [() => b.batchNormForward(mat(5, 4), x, { ...s, gamma: mat(4, 1) }, false), 'batchNormForward: s.gamma 4×1 is not 1×4 (x 5×4)'],
        [() => b.batchNormForward(mat(5, 4), x, { ...s, runningVar: mat(2, 2) }, false), 'batchNormForward: s.runningVar 2×2 is not 1×4 (x 5×4)'],
        [() => b.batchNormForward(mat(5, 4), x, { ...s, xc: mat(4, 4) }, true), 'batchNormForward: s.xc 4×4 does not match x 5×4'],
        [() => b.batchNormForward(s.xn, x, s, true), 'batchNormForward: out may not alias s.xn'],
        [() => b.batchNormBackward(mat(5, 3), x, s), 'batchNormBackward: dx 5×3 does not match dout 5×4'],
        [() => b.batchNormBackward(x, x, { ...s, dgamma: mat(4, 1) }), 'batchNormBackward: s.dgamma 4×1 is not 1×4 (dout 5×4)'],
        [() => b.batchNormBackward(x, x, { ...s, xn: mat(4, 4) }), 'batchNormBackward: s.xn 4×4 does not match dout 5×4'],
        [() => b.batchNormBackward(s.xc, x, s), 'batchNormBackward: dx may not alias s.xc'],
      ];
    },
  };

  type Step = (b: Backend, p: Mat, g: Mat, state: Mat[]) => void;
  const steps: Record<string, [stateNames: string[], Step]> = {
    sgd: [[], (b, p, g) => b.sgd(p, g, 0.01)],
    momentum: [['v'], (b, p, g, [v]) => b.momentum(p, g, v, 0.01, 0.9)],
    nesterov: [['v'], (b, p, g, [v]) => b.nesterov(p, g, v, 0.01, 0.9)],
    adagrad: [['h'], (b, p, g, [h]) => b.adagrad(p, g, h, 0.01)],
    rmsprop: [['h'], (b, p, g, [h]) => b.rmsprop(p, g, h, 0.01, 0.99)],
    adam: [['m', 'v'], (b, p, g, [m, v]) => b.adam(p, g, m, v, 0.001, 0.9, 0.999)],
  };
  for (const [opt, [stateNames, step]] of Object.entries(steps)) {
    badCalls[opt] = (b) => {
      const p = mat(3, 4);
      const g = mat(3, 4);
      const state = stateNames.map(() => mat(3, 4));
      const withState = (i: number, m: Mat) => state.map((s, j) => (j === i ? m : s));
      return [
        [() => step(b, p, mat(4, 3), state), `${opt}: g 4×3 does not match p 3×4`],
        [() => step(b, p, p, state), `${opt}: g may not alias p`],
        ...stateNames.flatMap((name, i): BadCall[] => [
          [() => step(b, p, g, withState(i, mat(4, 3))), `${opt}: ${name} 4×3 does not match p 3×4`],
          [() => step(b, p, g, withState(i, p)), `${opt}: ${name} may not alias p`],
          [() => step(b, p, g, withState(i, g)), `${opt}: ${name} may not alias g`],
        ]),
        ...(opt === 'adam' ? [[() => step(b, p, g, [state[0], state[0]]), 'adam: v may not alias m'] as BadCall] : []),
      ];
    };
  }

  for (const [what, calls] of Object.entries(badCalls)) {
    test(`refuses bad ${what} calls with the shared message, writing nothing`, async (t) => {
      const b = backend();
      written.length = 0;
      const bad = calls(b);
      if (!bad.length) return t.skip(`this backend has no ${what}`);
      for (const [call, message] of bad) assert.throws(call, { message }, `expected: ${message}`);
      for (const [i, { m, values }] of written.entries()) assert.deepEqual(await b.read(m), values, `operand ${i} (${m.rows}×${m.cols}) was written`);
    });
  }
}
