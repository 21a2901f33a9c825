// The readable reference backend: plain typed-array loops, one kernel per method, the maths as
// the book writes it (common/layers.py, common/functions.py, common/optimizer.py). Every other
// backend is tested against this one. Arithmetic is done in JS doubles and stored in the
// backend's precision: float32 by default, float64 for gradient checks (the book's precision).
import type { Act, Backend, BatchNormBuffers, IntVec, Mat } from '../backend';
import { check, checkGatherIndices } from '../backend-checks';

type Floats = Float32Array | Float64Array;
export type JsPrecision = 'float32' | 'float64';

/** The book's BatchNormalization adds 10e-7 (= 1e-6) to the variance. */
const BN_EPS = 10e-7;
/** common/optimizer.py and cross_entropy_error add 1e-7. */
const EPS = 1e-7;

export class JsBackend implements Backend {
  readonly name = 'js' as const;
  // handle → storage; a handle is the index, so mark/release can free from the top.
  private buffers: (Floats | Int32Array)[] = [];
  private disposed = false;

  constructor(private readonly precision: JsPrecision = 'float32') {}

  // ── memory ────────────────────────────────────────────────────────────────
  alloc(rows: number, cols: number): Mat {
    this.checkLive();
    const data = this.precision === 'float64' ? new Float64Array(rows * cols) : new Float32Array(rows * cols);
    return { rows, cols, handle: this.buffers.push(data) - 1 };
  }

  allocInts(length: number): IntVec {
    this.checkLive();
    return { length, handle: this.buffers.push(new Int32Array(length)) - 1 };
  }

  write(m: Mat, src: ArrayLike<number>): void {
    check.write(m, src);
    const d = this.f(m);
    for (let i = 0; i < d.length; i++) d[i] = src[i];
  }

  writeInts(v: IntVec, src: ArrayLike<number>): void {
    check.writeInts(v, src);
    const d = this.i(v);
    for (let i = 0; i < d.length; i++) d[i] = src[i];
  }

  read(m: Mat): Float32Array {
    return Float32Array.from(this.f(m));
  }

  dispose(): void {
    this.buffers = [];
    this.disposed = true;
  }

  mark(): number {
    return this.buffers.length;
  }

  release(mark: number): void {
    this.buffers.length = mark;
  }

  // ── linear algebra ────────────────────────────────────────────────────────
  gemm(C: Mat, A: Mat, B: Mat, transA: boolean, transB: boolean): void {
    check.gemm(C, A, B, transA, transB);
    const M = transA ? A.cols : A.rows;
    const K = transA ? A.rows : A.cols;
    const N = transB ? B.rows : B.cols;
    const c = this.f(C);
    const a = this.f(A);
    const b = this.f(B);
    if (transB) gemmDots(c, a, b, M, K, N, transA);
    else if (transA) gemmTN(c, a, b, M, K, N);
    else gemmNN(c, a, b, M, K, N);
  }

  gemmSparseA(C: Mat, A: Mat, B: Mat): void {
    check.gemmSparseA(C, A, B);
    gemmSparseNN(this.f(C), this.f(A), this.f(B), A.rows, A.cols, B.cols);
  }

  gemmSparseAT(C: Mat, A: Mat, B: Mat): void {
    check.gemmSparseAT(C, A, B);
    gemmSparseTN(this.f(C), this.f(A), this.f(B), A.cols, A.rows, B.cols);
  }

  biasAct(Y: Mat, b: Mat, act: Act): void {
    check.biasAct(Y, b);
    const y = this.f(Y);
    const bias = this.f(b);
    const cols = Y.cols;
    for (let r = 0; r < Y.rows; r++) {
      for (let j = 0, o = r * cols; j < cols; j++) {
        const v = y[o + j] + bias[j];
        y[o + j] = act === 'relu' ? (v > 0 ? v : 0) : act === 'sigmoid' ? 1 / (1 + Math.exp(-v)) : v;
      }
    }
  }

  actBackward(dY: Mat, Y: Mat, act: Act): void {
    check.actBackward(dY, Y);
    if (act === 'identity') return;
    const d = this.f(dY);
    const y = this.f(Y);
    // Relu: the book's mask is x <= 0, and x > 0 exactly when the output y > 0.
    if (act === 'relu') for (let i = 0; i < d.length; i++) d[i] = y[i] > 0 ? d[i] : 0;
    else for (let i = 0; i < d.length; i++) d[i] *= (1 - y[i]) * y[i];
  }

  colSum(db: Mat, dY: Mat): void {
    check.colSum(db, dY);
    const out = this.f(db);
    const d = this.f(dY);
    const cols = dY.cols;
    for (let j = 0; j < cols; j++) {
      let sum = 0;
      for (let r = 0; r < dY.rows; r++) sum += d[r * cols + j];
      out[j] = sum;
    }
  }

  // ── element-wise ──────────────────────────────────────────────────────────
  axpy(y: Mat, x: Mat, a: number): void {
    check.axpy(y, x);
    const yd = this.f(y);
    const xd = this.f(x);
    for (let i = 0; i < yd.length; i++) yd[i] += a * xd[i];
  }

  mul(y: Mat, x: Mat): void {
    check.mul(y, x);
    const yd = this.f(y);
    const xd = this.f(x);
    for (let i = 0; i < yd.length; i++) yd[i] *= xd[i];
  }

  scale(y: Mat, s: number): void {
    const yd = this.f(y);
    for (let i = 0; i < yd.length; i++) yd[i] *= s;
  }

  sumSquares(x: Mat): number {
    const d = this.f(x);
    let sum = 0;
    for (let i = 0; i < d.length; i++) sum += d[i] * d[i];
    return sum;
  }

  threshold(mask: Mat, ratio: number): void {
    const m = this.f(mask);
    for (let i = 0; i < m.length; i++) m[i] = m[i] > ratio ? 1 : 0;
  }

  // ── data ──────────────────────────────────────────────────────────────────
  gatherRows(dst: Mat, src: Mat, idx: IntVec, dstLabels?: IntVec, srcLabels?: IntVec): void {
    check.gatherRows(dst, src, idx, dstLabels, srcLabels);
    const d = this.f(dst);
    const s = this.f(src);
    const index = this.i(idx);
    checkGatherIndices(index, src.rows); // before any row is copied: a refused call changes nothing
    const cols = src.cols;
    for (let r = 0; r < dst.rows; r++) {
      const from = index[r];
      d.set(s.subarray(from * cols, from * cols + cols), r * cols);
    }
    if (dstLabels && srcLabels) {
      const dl = this.i(dstLabels);
      const sl = this.i(srcLabels);
      for (let r = 0; r < dst.rows; r++) dl[r] = sl[index[r]];
    }
  }

  // ── loss and accuracy ─────────────────────────────────────────────────────
  softmaxCrossEntropy(dZ: Mat, Z: Mat, t: IntVec): number {
    check.softmaxCrossEntropy(dZ, Z, t);
    const z = this.f(Z);
    const dz = this.f(dZ);
    const labels = this.i(t);
    const { rows, cols } = Z;
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (z[o + j] > max) max = z[o + j];
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += Math.exp(z[o + j] - max);
      const label = labels[r];
      for (let j = 0; j < cols; j++) {
        const y = Math.exp(z[o + j] - max) / sum;
        if (j === label) loss -= Math.log(y + EPS);
        dz[o + j] = (y - (j === label ? 1 : 0)) / rows;
      }
    }
    return loss / rows;
  }

  countCorrect(Z: Mat, t: IntVec): number {
    check.countCorrect(Z, t);
    const z = this.f(Z);
    const labels = this.i(t);
    const { rows, cols } = Z;
    let correct = 0;
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      // numpy's argmax: the first maximum, and a NaN counts as the maximum (the first NaN wins)
      let best = 0;
      for (let j = 1; j < cols; j++) {
        const v = z[o + j];
        const top = z[o + best];
        if (v > top || (Number.isNaN(v) && !Number.isNaN(top))) best = j;
      }
      if (best === labels[r]) correct++;
    }
    return correct;
  }

  // ── batch normalisation (common/layers.py BatchNormalization), one column = one feature ──
  batchNormForward(out: Mat, x: Mat, s: BatchNormBuffers, training: boolean): void {
    check.batchNormForward(out, x, s, training);
    const o = this.f(out);
    const xd = this.f(x);
    const gamma = this.f(s.gamma);
    const beta = this.f(s.beta);
    const runMean = this.f(s.runningMean);
    const runVar = this.f(s.runningVar);
    const { rows: N, cols: D } = x;
    if (!training) {
      // Test time: the running statistics; the training-only buffers (xc, xn, std) are untouched.
      for (let j = 0; j < D; j++) {
        const std = Math.sqrt(runVar[j] + BN_EPS);
        for (let i = 0; i < N; i++) o[i * D + j] = gamma[j] * ((xd[i * D + j] - runMean[j]) / std) + beta[j];
      }
      return;
    }
    const xc = this.f(s.xc);
    const xn = this.f(s.xn);
    const stdv = this.f(s.std);
    for (let j = 0; j < D; j++) {
      let mu = 0;
      for (let i = 0; i < N; i++) mu += xd[i * D + j];
      mu /= N;
      let variance = 0;
      for (let i = 0; i < N; i++) {
        const c = xd[i * D + j] - mu;
        xc[i * D + j] = c;
        variance += c * c;
      }
      variance /= N;
      const std = Math.sqrt(variance + BN_EPS);
      stdv[j] = std;
      for (let i = 0; i < N; i++) {
        const n = xc[i * D + j] / std;
        xn[i * D + j] = n;
        o[i * D + j] = gamma[j] * n + beta[j];
      }
      runMean[j] = s.momentum * runMean[j] + (1 - s.momentum) * mu;
      runVar[j] = s.momentum * runVar[j] + (1 - s.momentum) * variance;
    }
  }

  batchNormBackward(dx: Mat, dout: Mat, s: BatchNormBuffers): void {
    check.batchNormBackward(dx, dout, s);
    const dxd = this.f(dx);
    const d = this.f(dout);
    const xc = this.f(s.xc);
    const xn = this.f(s.xn);
    const stdv = this.f(s.std);
    const gamma = this.f(s.gamma);
    const dgamma = this.f(s.dgamma);
    const dbeta = this.f(s.dbeta);
    const { rows: N, cols: D } = dout;
    for (let j = 0; j < D; j++) {
      const std = stdv[j];
      // dbeta = Σ dout; dgamma = Σ xn·dout; dxn = γ·dout; dstd = −Σ dxn·xc / std²; dvar = 0.5·dstd / std
      let sumDout = 0;
      let sumXnDout = 0;
      let dstd = 0;
      let sumXc = 0;
      for (let i = 0; i < N; i++) {
        const k = i * D + j;
        sumDout += d[k];
        sumXnDout += xn[k] * d[k];
        dstd -= (gamma[j] * d[k] * xc[k]) / (std * std);
        sumXc += xc[k];
      }
      const dvar = (0.5 * dstd) / std;
      // dxc = dxn / std + (2/N)·xc·dvar; dmu = Σ dxc; dx = dxc − dmu / N (read before write: dx may be dout)
      const dmu = (gamma[j] * sumDout) / std + (2 / N) * dvar * sumXc;
      for (let i = 0; i < N; i++) {
        const k = i * D + j;
        dxd[k] = (gamma[j] * d[k]) / std + (2 / N) * xc[k] * dvar - dmu / N;
      }
      dbeta[j] = sumDout;
      dgamma[j] = sumXnDout;
    }
  }

  // ── optimizer steps (common/optimizer.py) ─────────────────────────────────
  sgd(p: Mat, g: Mat, lr: number): void {
    check.sgd(p, g);
    const pd = this.f(p);
    const gd = this.f(g);
    for (let i = 0; i < pd.length; i++) pd[i] -= lr * gd[i];
  }

  momentum(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    check.momentum(p, g, v);
    const pd = this.f(p);
    const gd = this.f(g);
    const vd = this.f(v);
    for (let i = 0; i < pd.length; i++) {
      vd[i] = momentum * vd[i] - lr * gd[i];
      pd[i] += vd[i];
    }
  }

  nesterov(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    check.nesterov(p, g, v);
    const pd = this.f(p);
    const gd = this.f(g);
    const vd = this.f(v);
    for (let i = 0; i < pd.length; i++) {
      vd[i] *= momentum;
      vd[i] -= lr * gd[i];
      pd[i] += momentum * momentum * vd[i];
      pd[i] -= (1 + momentum) * lr * gd[i];
    }
  }

  adagrad(p: Mat, g: Mat, h: Mat, lr: number): void {
    check.adagrad(p, g, h);
    const pd = this.f(p);
    const gd = this.f(g);
    const hd = this.f(h);
    for (let i = 0; i < pd.length; i++) {
      hd[i] += gd[i] * gd[i];
      pd[i] -= (lr * gd[i]) / (Math.sqrt(hd[i]) + EPS);
    }
  }

  rmsprop(p: Mat, g: Mat, h: Mat, lr: number, decay: number): void {
    check.rmsprop(p, g, h);
    const pd = this.f(p);
    const gd = this.f(g);
    const hd = this.f(h);
    for (let i = 0; i < pd.length; i++) {
      hd[i] *= decay;
      hd[i] += (1 - decay) * gd[i] * gd[i];
      pd[i] -= (lr * gd[i]) / (Math.sqrt(hd[i]) + EPS);
    }
  }

  adam(p: Mat, g: Mat, m: Mat, v: Mat, lrT: number, beta1: number, beta2: number): void {
    check.adam(p, g, m, v);
    const pd = this.f(p);
    const gd = this.f(g);
    const md = this.f(m);
    const vd = this.f(v);
    for (let i = 0; i < pd.length; i++) {
      md[i] += (1 - beta1) * (gd[i] - md[i]);
      vd[i] += (1 - beta2) * (gd[i] * gd[i] - vd[i]);
      pd[i] -= (lrT * md[i]) / (Math.sqrt(vd[i]) + EPS);
    }
  }

  // ── helpers ───────────────────────────────────────────────────────────────
  private f(m: Mat): Floats {
    const d = this.buffers[m.handle];
    if (!d || d instanceof Int32Array) throw new Error(`js backend: matrix ${m.handle} is not allocated${this.disposed ? ' (disposed)' : ''}`);
    return d;
  }

  private i(v: IntVec): Int32Array {
    const d = this.buffers[v.handle];
    if (!(d instanceof Int32Array)) throw new Error(`js backend: int vector ${v.handle} is not allocated${this.disposed ? ' (disposed)' : ''}`);
    return d;
  }

  private checkLive(): void {
    if (this.disposed) throw new Error('js backend: used after dispose()');
  }
}

// GEMM loops, one per layout, kept small so that V8 optimises each tightly.

/** C (M×N) = A (M×K) · B (K×N), i-k-j: the inner loop runs along contiguous rows of B and C. */
function gemmNN(c: Floats, a: Floats, b: Floats, M: number, K: number, N: number): void {
  c.fill(0);
  for (let i = 0; i < M; i++) {
    const ci = i * N;
    for (let k = 0; k < K; k++) {
      const aik = a[i * K + k];
      const bk = k * N;
      for (let j = 0; j < N; j++) c[ci + j] += aik * b[bk + j];
    }
  }
}

/** C (M×N) = Aᵀ · B with A stored K×M: k-i-j, rows of B and C contiguous again. */
function gemmTN(c: Floats, a: Floats, b: Floats, M: number, K: number, N: number): void {
  c.fill(0);
  for (let k = 0; k < K; k++) {
    const bk = k * N;
    for (let i = 0; i < M; i++) {
      const aki = a[k * M + i];
      const ci = i * N;
      for (let j = 0; j < N; j++) c[ci + j] += aki * b[bk + j];
    }
  }
}

/** gemmNN without the terms whose factor of A is zero (the first layer's input is mostly zeros). */
function gemmSparseNN(c: Floats, a: Floats, b: Floats, M: number, K: number, N: number): void {
  c.fill(0);
  for (let i = 0; i < M; i++) {
    const ci = i * N;
    for (let k = 0; k < K; k++) {
      const aik = a[i * K + k];
      if (aik === 0) continue;
      const bk = k * N;
      for (let j = 0; j < N; j++) c[ci + j] += aik * b[bk + j];
    }
  }
}

/** gemmTN without the zero terms of A. */
function gemmSparseTN(c: Floats, a: Floats, b: Floats, M: number, K: number, N: number): void {
  c.fill(0);
  for (let k = 0; k < K; k++) {
    const bk = k * N;
    for (let i = 0; i < M; i++) {
      const aki = a[k * M + i];
      if (aki === 0) continue;
      const ci = i * N;
      for (let j = 0; j < N; j++) c[ci + j] += aki * b[bk + j];
    }
  }
}

/** C (M×N) = op(A) · Bᵀ with B stored N×K: each C[i,j] is a dot product along a row of B. */
function gemmDots(c: Floats, a: Floats, b: Floats, M: number, K: number, N: number, transA: boolean): void {
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      const bj = j * K;
      let sum = 0;
      if (transA) for (let k = 0; k < K; k++) sum += a[k * M + i] * b[bj + k];
      else for (let k = 0, ai = i * K; k < K; k++) sum += a[ai + k] * b[bj + k];
      c[i * N + j] = sum;
    }
  }
}
