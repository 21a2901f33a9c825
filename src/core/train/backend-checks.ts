// The argument rules of the Backend interface: one check per method, called by every backend
// before it touches anything, so that each refuses the same bad calls with the same words.
// Shapes are compared as rows×cols: a 4×3 is not a 3×4, though both hold 12 floats. Whether a
// handle is allocated stays each backend's own check, as their storage differs. A check is a
// few integer compares and builds its message only when it throws: the training loop calls
// them on every kernel, so they must not allocate.
//
// Aliasing (two arguments with the same handle, i.e. the same storage):
// - allowed where every element, row or column is read before it is written: the in-place
//   element-wise methods (biasAct's Y and b, actBackward's dY and Y, axpy, mul), dZ = Z in
//   softmaxCrossEntropy, out = x in batchNormForward, dx = dout in batchNormBackward (all
//   documented in backend.ts); colSum's db can be dY only when dY is one row, which it copies;
// - refused where the result would depend on the order a backend reads and writes in: a
//   product's C that is A or B (C is overwritten while A and B are read), gatherRows' dst that
//   is src or dstLabels that is srcLabels (rows are copied one by one), an optimizer step whose
//   p, g or state buffers are not all different (the state carries to the next step; nesterov
//   reads g after writing p), and a BatchNorm output that is one of the layer's buffers.
// scale, sumSquares and threshold take one matrix of any shape: they have nothing to check.
import type { Backend, BatchNormBuffers, IntVec, Mat } from './backend';

export const check = {
  write(m: Mat, src: ArrayLike<number>): void {
    if (src.length !== m.rows * m.cols) throw new Error(`write: ${src.length} values into a ${shape(m)} matrix`);
  },

  writeInts(v: IntVec, src: ArrayLike<number>): void {
    if (src.length !== v.length) throw new Error(`writeInts: ${src.length} values into a vector of ${v.length}`);
  },

  gemm(C: Mat, A: Mat, B: Mat, transA: boolean, transB: boolean): void {
    product('gemm', C, A, B, transA, transB);
  },

  gemmSparseA(C: Mat, A: Mat, B: Mat): void {
    product('gemmSparseA', C, A, B, false, false);
  },

  gemmSparseAT(C: Mat, A: Mat, B: Mat): void {
    product('gemmSparseAT', C, A, B, true, false);
  },

  biasAct(Y: Mat, b: Mat): void {
    rowVector('biasAct', 'b', b, 'Y', Y);
  },

  actBackward(dY: Mat, Y: Mat): void {
    sameShape('actBackward', 'Y', Y, 'dY', dY);
  },

  colSum(db: Mat, dY: Mat): void {
    rowVector('colSum', 'db', db, 'dY', dY);
  },

  axpy(y: Mat, x: Mat): void {
    sameShape('axpy', 'x', x, 'y', y);
  },

  mul(y: Mat, x: Mat): void {
    sameShape('mul', 'x', x, 'y', y);
  },

  gatherRows(dst: Mat, src: Mat, idx: IntVec, dstLabels?: IntVec, srcLabels?: IntVec): void {
    if (src.cols !== dst.cols) throw new Error(`gatherRows: src ${shape(src)} does not match the ${dst.cols} columns of dst ${shape(dst)}`);
    oneLabelPerRow('gatherRows', 'idx', idx, 'dst', dst);
    distinct('gatherRows', 'dst', dst, 'src', src);
    if (!dstLabels !== !srcLabels) throw new Error('gatherRows: dstLabels and srcLabels come together or not at all');
    if (dstLabels && srcLabels) {
      oneLabelPerRow('gatherRows', 'dstLabels', dstLabels, 'dst', dst);
      oneLabelPerRow('gatherRows', 'srcLabels', srcLabels, 'src', src);
      distinct('gatherRows', 'dstLabels', dstLabels, 'srcLabels', srcLabels);
    }
  },

  softmaxCrossEntropy(dZ: Mat, Z: Mat, t: IntVec): void {
    sameShape('softmaxCrossEntropy', 'dZ', dZ, 'Z', Z);
    oneLabelPerRow('softmaxCrossEntropy', 't', t, 'Z', Z);
  },

  countCorrect(Z: Mat, t: IntVec): void {
    oneLabelPerRow('countCorrect', 't', t, 'Z', Z);
  },

  /** Checks what the forward reads and writes: test mode uses neither std nor the saved xc, xn. */
  batchNormForward(out: Mat, x: Mat, s: BatchNormBuffers, training: boolean): void {
    const method = 'batchNormForward';
    sameShape(method, 'out', out, 'x', x);
    rowVector(method, 's.gamma', s.gamma, 'x', x);
    rowVector(method, 's.beta', s.beta, 'x', x);
    rowVector(method, 's.runningMean', s.runningMean, 'x', x);
    rowVector(method, 's.runningVar', s.runningVar, 'x', x);
    if (training) {
      rowVector(method, 's.std', s.std, 'x', x);
      sameShape(method, 's.xc', s.xc, 'x', x);
      sameShape(method, 's.xn', s.xn, 'x', x);
    }
    notALayerBuffer(method, 'out', out, s);
  },

  batchNormBackward(dx: Mat, dout: Mat, s: BatchNormBuffers): void {
    const method = 'batchNormBackward';
    sameShape(method, 'dx', dx, 'dout', dout);
    rowVector(method, 's.gamma', s.gamma, 'dout', dout);
    rowVector(method, 's.std', s.std, 'dout', dout);
    rowVector(method, 's.dgamma', s.dgamma, 'dout', dout);
    rowVector(method, 's.dbeta', s.dbeta, 'dout', dout);
    sameShape(method, 's.xc', s.xc, 'dout', dout);
    sameShape(method, 's.xn', s.xn, 'dout', dout);
    notALayerBuffer(method, 'dx', dx, s);
  },

  sgd(p: Mat, g: Mat): void {
    stepOperands('sgd', p, g);
  },

  momentum(p: Mat, g: Mat, v: Mat): void {
    stepOperands('momentum', p, g);
    stateBuffer('momentum', 'v', v, p, g);
  },

  nesterov(p: Mat, g: Mat, v: Mat): void {
    stepOperands('nesterov', p, g);
    stateBuffer('nesterov', 'v', v, p, g);
  },

  adagrad(p: Mat, g: Mat, h: Mat): void {
    stepOperands('adagrad', p, g);
    stateBuffer('adagrad', 'h', h, p, g);
  },

  rmsprop(p: Mat, g: Mat, h: Mat): void {
    stepOperands('rmsprop', p, g);
    stateBuffer('rmsprop', 'h', h, p, g);
  },

  adam(p: Mat, g: Mat, m: Mat, v: Mat): void {
    stepOperands('adam', p, g);
    stateBuffer('adam', 'm', m, p, g);
    stateBuffer('adam', 'v', v, p, g);
    distinct('adam', 'v', v, 'm', m);
  },
} satisfies Partial<Record<keyof Backend, (...args: never[]) => void>>; // named as the methods they check

/**
 * gatherRows' row indices, which only the data can show wrong: for the backends that see them
 * on the host (js, and gpu from what was written); wasm finds a bad one in its kernel and calls
 * this to name it.
 */
export function checkGatherIndices(indices: ArrayLike<number>, srcRows: number): void {
  for (let r = 0; r < indices.length; r++) {
    const row = indices[r];
    if (row < 0 || row >= srcRows) throw new Error(`gatherRows: row ${row} of ${srcRows}`);
  }
}

function shape(m: Mat): string {
  return `${m.rows}×${m.cols}`;
}

/** C = op(A) · op(B), op = transpose when its flag is set; C may be neither operand. */
function product(method: string, C: Mat, A: Mat, B: Mat, transA: boolean, transB: boolean): void {
  const m = transA ? A.cols : A.rows;
  const k = transA ? A.rows : A.cols;
  const kb = transB ? B.cols : B.rows;
  const n = transB ? B.rows : B.cols;
  if (k !== kb || C.rows !== m || C.cols !== n) {
    const opA = transA ? 'Aᵀ' : 'A';
    const opB = transB ? 'Bᵀ' : 'B';
    throw new Error(`${method}: C ${shape(C)} = ${opA} ${m}×${k} · ${opB} ${kb}×${n} does not fit`);
  }
  distinct(method, 'C', C, 'A', A);
  distinct(method, 'C', C, 'B', B);
}

function sameShape(method: string, name: string, m: Mat, refName: string, ref: Mat): void {
  if (m.rows !== ref.rows || m.cols !== ref.cols) throw new Error(`${method}: ${name} ${shape(m)} does not match ${refName} ${shape(ref)}`);
}

/** `v` must be one row as wide as `ref` (a bias, a column sum, a BatchNorm statistic). */
function rowVector(method: string, name: string, v: Mat, refName: string, ref: Mat): void {
  if (v.rows !== 1 || v.cols !== ref.cols) throw new Error(`${method}: ${name} ${shape(v)} is not 1×${ref.cols} (${refName} ${shape(ref)})`);
}

function oneLabelPerRow(method: string, name: string, v: IntVec, refName: string, ref: Mat): void {
  if (v.length !== ref.rows) throw new Error(`${method}: ${name} has ${v.length} entries for the ${ref.rows} rows of ${refName} ${shape(ref)}`);
}

function distinct(method: string, name: string, a: Mat | IntVec, otherName: string, b: Mat | IntVec): void {
  if (a.handle === b.handle) throw new Error(`${method}: ${name} may not alias ${otherName}`);
}

function stepOperands(method: string, p: Mat, g: Mat): void {
  sameShape(method, 'g', g, 'p', p);
  distinct(method, 'g', g, 'p', p);
}

function stateBuffer(method: string, name: string, state: Mat, p: Mat, g: Mat): void {
  sameShape(method, name, state, 'p', p);
  distinct(method, name, state, 'p', p);
  distinct(method, name, state, 'g', g);
}

function notALayerBuffer(method: string, name: string, m: Mat, s: BatchNormBuffers): void {
  const h = m.handle;
  const buffer =
    h === s.gamma.handle ? 'gamma'
    : h === s.beta.handle ? 'beta'
    : h === s.dgamma.handle ? 'dgamma'
    : h === s.dbeta.handle ? 'dbeta'
    : h === s.runningMean.handle ? 'runningMean'
    : h === s.runningVar.handle ? 'runningVar'
    : h === s.xc.handle ? 'xc'
    : h === s.xn.handle ? 'xn'
    : h === s.std.handle ? 'std'
    : undefined;
  if (buffer) throw new Error(`${method}: ${name} may not alias s.${buffer}`);
}
