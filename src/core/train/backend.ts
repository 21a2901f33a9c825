// The compute interface every backend implements (js: the readable reference, wasm: SIMD128
// kernels, gpu: gpu.js). Layers and optimizers talk only to this, so a backend is free to keep
// its buffers where it likes (wasm linear memory, GPU buffers). Kernel calls return at once; the
// few values the host needs (loss, accuracy, Σx², read) come back as Deferred values: plain
// values on the CPU backends, promises on a GPU backend, whose device computes them later.
import type { BackendName } from '../spec/types';

/** A row-major float32 matrix owned by a backend. A vector is a 1×n matrix. */
export interface Mat {
  readonly rows: number;
  readonly cols: number;
  /** Backend-private handle (a byte offset for wasm, a buffer id for gpu). */
  readonly handle: number;
}

/** A vector of int32 (labels, batch indices) owned by a backend. */
export interface IntVec {
  readonly length: number;
  readonly handle: number;
}

export type Act = 'identity' | 'relu' | 'sigmoid';

/** A value now (CPU backends) or once the device has computed it (GPU backends). */
export type Deferred<T> = T | Promise<T>;

/** f(values) once every value is there: synchronously when none is a promise (js and wasm stay synchronous). */
export function whenAll<T, R>(values: Deferred<T>[], f: (values: T[]) => R): Deferred<R> {
  if (values.some((v) => v instanceof Promise)) return Promise.all(values).then(f);
  return f(values as T[]);
}

/** Every method refuses bad arguments (shapes, unsafe aliasing) by the rules of backend-checks.ts. */
export interface Backend {
  readonly name: BackendName;

  // Memory. All allocation happens while a net is built, never inside the training loop.
  alloc(rows: number, cols: number): Mat; // zero-filled
  allocInts(length: number): IntVec;
  write(m: Mat, src: ArrayLike<number>): void;
  writeInts(v: IntVec, src: ArrayLike<number>): void;
  read(m: Mat): Deferred<Float32Array>; // a copy
  /** Frees everything this backend allocated; the backend is unusable afterwards. */
  dispose(): void;
  /** Asynchronous backends: resolves when every kernel called so far has run; their errors surface here. */
  flush?(): Promise<void>;
  /**
   * Stack-like freeing, so that one backend serves every trial of a worker without growing:
   * `release(mark())` frees everything allocated after that `mark()` (those handles become invalid).
   */
  mark(): number;
  release(mark: number): void;

  // Linear algebra.
  /** C = op(A) · op(B), op = transpose when the flag is set. Overwrites C. */
  gemm(C: Mat, A: Mat, B: Mat, transA: boolean, transB: boolean): void;
  /**
   * gemm for an A that is mostly zeros (the first layer's input: MNIST pixels are ~81 % zeros):
   * C = A · B and C = Aᵀ · B, skipping A's zero terms. For finite B the result is gemm's within
   * float32 rounding (0·b adds nothing); a non-finite B row met only by zeros of A does not turn
   * C into NaN as gemm's 0·∞ does. Optional: without them the layers call gemm.
   */
  gemmSparseA?(C: Mat, A: Mat, B: Mat): void;
  gemmSparseAT?(C: Mat, A: Mat, B: Mat): void;
  /** Y[i,j] = act(Y[i,j] + b[j]), in place. */
  biasAct(Y: Mat, b: Mat, act: Act): void;
  /** dY *= act'(Y) where Y is the activation's OUTPUT (relu: Y > 0; sigmoid: Y(1 − Y)). */
  actBackward(dY: Mat, Y: Mat, act: Act): void;
  /** db[j] = Σ_i dY[i,j]. */
  colSum(db: Mat, dY: Mat): void;

  // Element-wise.
  /** y += a · x */
  axpy(y: Mat, x: Mat, a: number): void;
  /** y *= x (element-wise) */
  mul(y: Mat, x: Mat): void;
  /** y *= s */
  scale(y: Mat, s: number): void;
  /** Σ x² */
  sumSquares(x: Mat): Deferred<number>;
  /** mask[i] = u[i] > ratio ? 1 : 0, where u is uniform [0,1) written by the host. In place on `mask`. */
  threshold(mask: Mat, ratio: number): void;

  // Data.
  /** dst row r = src row idx[r]; labels likewise when both int vectors are given. */
  gatherRows(dst: Mat, src: Mat, idx: IntVec, dstLabels?: IntVec, srcLabels?: IntVec): void;

  // Loss and accuracy (Z holds logits, t the labels of its rows).
  /** Mean of −log(softmax(Z)[t] + 1e-7); writes dZ = (softmax(Z) − onehot(t)) / rows (dZ may alias Z). */
  softmaxCrossEntropy(dZ: Mat, Z: Mat, t: IntVec): Deferred<number>;
  /** How many rows have argmax(Z row) == t (first maximum wins and a NaN counts as the maximum, as
   *  numpy's argmax: a row with NaNs points at its first NaN). A label of −1
   *  never counts: evaluation pads its last chunk, and splits train/validation rows, that way. */
  countCorrect(Z: Mat, t: IntVec): Deferred<number>;

  // Batch Normalisation (book: momentum 0.9, eps 1e-6, running statistics at test time).
  /** Writes out (may alias x); training also writes xc, xn, std and moves the running statistics. */
  batchNormForward(out: Mat, x: Mat, s: BatchNormBuffers, training: boolean): void;
  /** Writes dx (may alias dout) and accumulates nothing: dgamma/dbeta are overwritten. */
  batchNormBackward(dx: Mat, dout: Mat, s: BatchNormBuffers): void;

  // Optimizer steps (book's common/optimizer.py, eps 1e-7). `g` already includes weight decay.
  sgd(p: Mat, g: Mat, lr: number): void;
  momentum(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void;
  nesterov(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void;
  adagrad(p: Mat, g: Mat, h: Mat, lr: number): void;
  rmsprop(p: Mat, g: Mat, h: Mat, lr: number, decay: number): void;
  /** lrT already folds in the bias correction: lr · sqrt(1 − β2^t) / (1 − β1^t). */
  adam(p: Mat, g: Mat, m: Mat, v: Mat, lrT: number, beta1: number, beta2: number): void;
}

/** A backend whose values are there at once (js, wasm): their own tests read them synchronously. */
export interface SyncBackend extends Backend {
  read(m: Mat): Float32Array;
  sumSquares(x: Mat): number;
  softmaxCrossEntropy(dZ: Mat, Z: Mat, t: IntVec): number;
  countCorrect(Z: Mat, t: IntVec): number;
}

/** Buffers of one BatchNorm layer (all 1×D except xc/xn, which are N×D). */
export interface BatchNormBuffers {
  gamma: Mat;
  beta: Mat;
  dgamma: Mat;
  dbeta: Mat;
  runningMean: Mat;
  runningVar: Mat;
  /** Saved by a training forward for backward: centred input, normalised input, std. */
  xc: Mat;
  xn: Mat;
  std: Mat;
  momentum: number;
}
