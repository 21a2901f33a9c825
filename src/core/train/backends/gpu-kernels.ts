// The gpu.js kernels of the gpu backend: one per output, each computing a single element
// (this.thread.x) of a flat row-major output. They are kept as source strings, not functions,
// because gpu.js parses kernel source text: a function would be rewritten by the esbuild minifier
// (renamed locals, `!0`, comma expressions) into forms gpu.js cannot translate to GLSL/WGSL.
// Shapes are `this.constants`, so every loop has a compile-time bound (GLSL needs one).
// Rates such as 1 − β come from the host, computed in double as the js reference does: WGSL
// would compute them in float32 from a rounded β (1 − 0.999 is then off by 1.3e-5, relatively).
import type { Act } from '../backend';

/** Row and column of the output element this thread computes; `cols` is the output's width. */
const rowCol = (cols: string) => `
  const i = Math.floor(this.thread.x / ${cols});
  const j = this.thread.x - i * ${cols};`;

// ---- Data movement ----

export const copy = `function (a) { return a[this.thread.x]; }`;

/** dst row r = src row idx[r] (constants: cols). */
export const gatherRows = `function (src, idx) {${rowCol('this.constants.cols')}
  return src[idx[i] * this.constants.cols + j];
}`;

/** dst[r] = src[idx[r]]: the labels of the gathered rows. */
export const gatherInts = `function (src, idx) { return src[idx[this.thread.x]]; }`;

// ---- Affine ----

/** C = op(A)·op(B), C is m×n, the inner dimension k (constants: m, n, k). */
export function gemm(transA: boolean, transB: boolean): string {
  const a = transA ? 'a[p * this.constants.m + i]' : 'a[i * this.constants.k + p]';
  const b = transB ? 'b[j * this.constants.k + p]' : 'b[p * this.constants.n + j]';
  return `function (a, b) {${rowCol('this.constants.n')}
  let sum = 0;
  for (let p = 0; p < this.constants.k; p++) {
    sum += ${a} * ${b};
  }
  return sum;
}`;
}

/** db[j] = Σ_i dY[i,j] / divisor (1 for a sum, rows for a mean) (constants: rows, cols, divisor). */
export const columnSum = `function (y) {
  let sum = 0;
  for (let i = 0; i < this.constants.rows; i++) {
    sum += y[i * this.constants.cols + this.thread.x];
  }
  return sum / this.constants.divisor;
}`;

/** Σ_i x[i,j]·y[i,j] / divisor for column j (constants: rows, cols, divisor). */
export const columnDot = `function (x, y) {
  let sum = 0;
  for (let i = 0; i < this.constants.rows; i++) {
    const at = i * this.constants.cols + this.thread.x;
    sum += x[at] * y[at];
  }
  return sum / this.constants.divisor;
}`;

// ---- Activations (ReLU, Sigmoid) ----

const activation: Record<Act, string> = {
  identity: 'v',
  relu: 'Math.max(v, 0)',
  sigmoid: '1 / (1 + Math.exp(-v))',
};

/** Y[i,j] = act(Y[i,j] + b[j]) (constants: cols). */
export function biasAct(act: Act): string {
  return `function (y, b) {
  const v = y[this.thread.x] + b[this.thread.x % this.constants.cols];
  return ${activation[act]};
}`;
}

/** dY · act'(Y), from the activation's output Y. */
export const actBackward: Record<Exclude<Act, 'identity'>, string> = {
  relu: `function (dy, y) { return y[this.thread.x] > 0 ? dy[this.thread.x] : 0; }`,
  sigmoid: `function (dy, y) {
  const out = y[this.thread.x];
  return dy[this.thread.x] * (1 - out) * out;
}`,
};

// ---- Element-wise ----

export const axpy = `function (y, x, a) { return y[this.thread.x] + a * x[this.thread.x]; }`;
export const mul = `function (y, x) { return y[this.thread.x] * x[this.thread.x]; }`;
export const scale = `function (y, s) { return y[this.thread.x] * s; }`;
export const threshold = `function (u, ratio) { return u[this.thread.x] > ratio ? 1 : 0; }`;

/** Σ_j x[i,j]² of row i; the host adds the rows (constants: cols). */
export const rowSumSquares = `function (x) {
  let sum = 0;
  for (let j = 0; j < this.constants.cols; j++) {
    const v = x[this.thread.x * this.constants.cols + j];
    sum += v * v;
  }
  return sum;
}`;

// ---- SoftmaxWithLoss ----

/** Row max and Σ exp(z − max) of row i, shared by the two softmax kernels. */
const softmaxRow = `
  let max = z[i * this.constants.cols];
  for (let c = 1; c < this.constants.cols; c++) {
    max = Math.max(max, z[i * this.constants.cols + c]);
  }
  let sum = 0;
  for (let c = 0; c < this.constants.cols; c++) {
    sum += Math.exp(z[i * this.constants.cols + c] - max);
  }`;

/** dZ = (softmax(Z) − onehot(t)) / rows (constants: rows, cols). */
export const softmaxGrad = `function (z, t) {${rowCol('this.constants.cols')}${softmaxRow}
  const y = Math.exp(z[this.thread.x] - max) / sum;
  const onehot = j === t[i] ? 1 : 0;
  return (y - onehot) / this.constants.rows;
}`;

/** −log(softmax(Z)[i, t[i]] + 1e-7) of row i; the host averages the rows (constants: cols). */
export const rowCrossEntropy = `function (z, t) {
  const i = this.thread.x;${softmaxRow}
  const y = Math.exp(z[i * this.constants.cols + t[i]] - max) / sum;
  return -Math.log(y + 0.0000001);
}`;

/** 1 when argmax of row i (first maximum wins) equals t[i], else 0 (constants: cols). */
export const rowCorrect = `function (z, t) {
  const i = this.thread.x;
  let best = z[i * this.constants.cols];
  let arg = 0;
  for (let c = 1; c < this.constants.cols; c++) {
    const v = z[i * this.constants.cols + c];
    if (v > best) {
      best = v;
      arg = c;
    }
  }
  return arg === t[i] ? 1 : 0;
}`;

// ---- BatchNormalization (eps 1e-6, the book's 10e-7) ----

/** x[i,j] − mean[j] (constants: cols). */
export const centre = `function (x, mean) { return x[this.thread.x] - mean[this.thread.x % this.constants.cols]; }`;

/** sqrt(var + eps). */
export const bnStd = `function (variance) { return Math.sqrt(variance[this.thread.x] + 0.000001); }`;

/** x[i,j] / d[j] (constants: cols). */
export const divideColumns = `function (x, d) { return x[this.thread.x] / d[this.thread.x % this.constants.cols]; }`;

/** gamma[j]·xn[i,j] + beta[j] (constants: cols). */
export const bnAffine = `function (xn, gamma, beta) {
  const j = this.thread.x % this.constants.cols;
  return gamma[j] * xn[this.thread.x] + beta[j];
}`;

/** Test mode: gamma·(x − running mean) / sqrt(running var + eps) + beta (constants: cols). */
export const bnInference = `function (x, gamma, beta, mean, variance) {
  const j = this.thread.x % this.constants.cols;
  const xn = (x[this.thread.x] - mean[j]) / Math.sqrt(variance[j] + 0.000001);
  return gamma[j] * xn + beta[j];
}`;

/** momentum·running + rate·batch, rate = 1 − momentum. */
export const runningAverage = `function (running, batch, momentum, rate) {
  return momentum * running[this.thread.x] + rate * batch[this.thread.x];
}`;

/** dvar[j] = 0.5·dstd/std with dstd = −Σ_i (gamma·dout·xc)/std² (constants: rows, cols). */
export const bnDvar = `function (dout, xc, gamma, std) {
  let sum = 0;
  for (let i = 0; i < this.constants.rows; i++) {
    const at = i * this.constants.cols + this.thread.x;
    sum += (gamma[this.thread.x] * dout[at] * xc[at]) / (std[this.thread.x] * std[this.thread.x]);
  }
  return 0.5 * -sum / std[this.thread.x];
}`;

/** dxc = gamma·dout/std + (2/rows)·xc·dvar (constants: rows, cols). */
export const bnDxc = `function (dout, xc, gamma, std, dvar) {
  const j = this.thread.x % this.constants.cols;
  const dxn = gamma[j] * dout[this.thread.x];
  return dxn / std[j] + (2.0 / this.constants.rows) * xc[this.thread.x] * dvar[j];
}`;

/** dx = dxc − dmu/rows, dmu = Σ_i dxc (constants: rows, cols). */
export const bnDx = `function (dxc, dmu) {
  return dxc[this.thread.x] - dmu[this.thread.x % this.constants.cols] / this.constants.rows;
}`;

// ---- Optimizers (common/optimizer.py, eps 1e-7) ----

/** Momentum and Nesterov: v = momentum·v − lr·g. */
export const velocity = `function (v, g, lr, momentum) {
  return momentum * v[this.thread.x] - lr * g[this.thread.x];
}`;

/** Nesterov: p += momentum²·v, then p −= (1 + momentum)·lr·g (with the new v). */
export const nesterovStep = `function (p, g, v, lr, momentum) {
  const x = this.thread.x;
  return p[x] + momentum * momentum * v[x] - (1 + momentum) * lr * g[x];
}`;

/** AdaGrad: h += g². */
export const adagradH = `function (h, g) { return h[this.thread.x] + g[this.thread.x] * g[this.thread.x]; }`;

/** RMSprop: h = decay·h + rate·g², rate = 1 − decay. */
export const rmspropH = `function (h, g, decay, rate) {
  const x = this.thread.x;
  return decay * h[x] + rate * g[x] * g[x];
}`;

/** AdaGrad and RMSprop: p −= lr·g / (sqrt(h) + 1e-7), with the new h. */
export const adaptiveStep = `function (p, g, h, lr) {
  const x = this.thread.x;
  return p[x] - lr * g[x] / (Math.sqrt(h[x]) + 0.0000001);
}`;

/** Adam's moments: m += rate·(g − m) for the first, v += rate·(g² − v) for the second, rate = 1 − β. */
export const adamM = `function (m, g, rate) {
  const x = this.thread.x;
  return m[x] + rate * (g[x] - m[x]);
}`;
export const adamV = `function (v, g, rate) {
  const x = this.thread.x;
  return v[x] + rate * (g[x] * g[x] - v[x]);
}`;

/** Adam: p −= lrT·m / (sqrt(v) + 1e-7), with the new moments. */
export const adamStep = `function (p, m, v, lrT) {
  const x = this.thread.x;
  return p[x] - lrT * m[x] / (Math.sqrt(v[x]) + 0.0000001);
}`;
