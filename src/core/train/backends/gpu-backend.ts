// The gpu backend: the Backend interface on gpu.js kernels (sources in gpu-kernels.ts).
// gpu.js kernels are functional (inputs → a new output), so every Mat is a slot holding its
// current value: a kernel result that stays on the device (a GL texture in pipeline mode, a
// Float32Array in gpu.js's cpu/webasm modes). An in-place method runs its kernel and swaps the
// slot's value for the result, freeing the old one. Kernels are immutable (a fresh output each
// call), so a kernel can read the slot it replaces, and one kernel serves every Mat of its shape.
// Only loss, accuracy counts, Σx² and `read` come back to the host.
import type { GPU, IKernelRunShortcut, Texture } from 'gpu.js';
import type { Act, Backend, BatchNormBuffers, IntVec, Mat } from '../backend';
import * as K from './gpu-kernels';

/** A value on the device: a texture on the GL modes, a typed array on cpu/webasm. */
type DeviceValue = Float32Array | Texture;

interface Slot {
  value: DeviceValue;
  /** The values last written by the host, kept for int vectors (bounds checks of gather indices). */
  hostInts?: Int32Array;
}

type Constants = Record<string, number>;

export class GpuJsBackend implements Backend {
  readonly name = 'gpu' as const;
  private slots: (Slot | undefined)[] = [];
  private readonly kernels = new Map<string, IKernelRunShortcut>();
  private disposed = false;

  /** `gpu` is a gpu.js instance in a synchronous mode (cpu, webasm, headlessgl, webgl, webgl2). */
  constructor(private readonly gpu: GPU) {}

  /** The gpu.js mode that really runs the kernels (`gpu` auto-selection resolved). */
  get mode(): string {
    return this.gpu.Kernel.mode;
  }

  // ── memory ────────────────────────────────────────────────────────────────
  alloc(rows: number, cols: number): Mat {
    return { rows, cols, handle: this.newSlot(new Float32Array(rows * cols)) };
  }

  allocInts(length: number): IntVec {
    return { length, handle: this.newSlot(new Float32Array(length)) };
  }

  write(m: Mat, src: ArrayLike<number>): void {
    const n = m.rows * m.cols;
    if (src.length !== n) throw new Error(`write: ${src.length} values into a ${m.rows}×${m.cols} matrix`);
    this.set(m.handle, this.upload(Float32Array.from(src)));
  }

  writeInts(v: IntVec, src: ArrayLike<number>): void {
    if (src.length !== v.length) throw new Error(`writeInts: ${src.length} values into ${v.length}`);
    const ints = Int32Array.from(src);
    this.set(v.handle, this.upload(Float32Array.from(ints)));
    this.slot(v.handle).hostInts = ints;
  }

  read(m: Mat): Float32Array {
    return toHost(this.value(m));
  }

  mark(): number {
    return this.slots.length;
  }

  release(mark: number): void {
    for (const s of this.slots.splice(mark)) if (s) free(s.value);
  }

  dispose(): void {
    for (const s of this.slots) if (s) free(s.value);
    this.slots = [];
    this.kernels.clear();
    this.disposed = true;
    void this.gpu.destroy().catch(() => undefined);
  }

  // ── linear algebra ────────────────────────────────────────────────────────
  gemm(C: Mat, A: Mat, B: Mat, transA: boolean, transB: boolean): void {
    const m = transA ? A.cols : A.rows;
    const k = transA ? A.rows : A.cols;
    const n = transB ? B.rows : B.cols;
    if ((transB ? B.cols : B.rows) !== k || C.rows !== m || C.cols !== n) {
      throw new Error(
        `gemm: ${C.rows}×${C.cols} = op(${A.rows}×${A.cols}) · op(${B.rows}×${B.cols}) (transA ${transA}, transB ${transB})`,
      );
    }
    const kernel = this.kernel(`gemm${+transA}${+transB}`, K.gemm(transA, transB), m * n, { m, n, k });
    this.set(C.handle, kernel(this.value(A), this.value(B)));
  }

  biasAct(Y: Mat, b: Mat, act: Act): void {
    sameCols(Y, b, 'biasAct');
    const kernel = this.kernel(`biasAct-${act}`, K.biasAct(act), size(Y), { cols: Y.cols });
    this.set(Y.handle, kernel(this.value(Y), this.value(b)));
  }

  actBackward(dY: Mat, Y: Mat, act: Act): void {
    if (act === 'identity') return;
    sameShape(dY, Y, 'actBackward');
    const kernel = this.kernel(`actBackward-${act}`, K.actBackward[act], size(dY));
    this.set(dY.handle, kernel(this.value(dY), this.value(Y)));
  }

  colSum(db: Mat, dY: Mat): void {
    sameCols(db, dY, 'colSum');
    this.set(db.handle, this.columnSum(this.value(dY), dY, 1));
  }

  // ── element-wise ──────────────────────────────────────────────────────────
  axpy(y: Mat, x: Mat, a: number): void {
    sameShape(y, x, 'axpy');
    this.set(y.handle, this.kernel('axpy', K.axpy, size(y))(this.value(y), this.value(x), a));
  }

  mul(y: Mat, x: Mat): void {
    sameShape(y, x, 'mul');
    this.set(y.handle, this.kernel('mul', K.mul, size(y))(this.value(y), this.value(x)));
  }

  scale(y: Mat, s: number): void {
    this.set(y.handle, this.kernel('scale', K.scale, size(y))(this.value(y), s));
  }

  sumSquares(x: Mat): number {
    const rows = this.kernel('rowSumSquares', K.rowSumSquares, x.rows, { cols: x.cols })(this.value(x));
    return hostSum(rows);
  }

  threshold(mask: Mat, ratio: number): void {
    this.set(mask.handle, this.kernel('threshold', K.threshold, size(mask))(this.value(mask), ratio));
  }

  // ── data ──────────────────────────────────────────────────────────────────
  gatherRows(dst: Mat, src: Mat, idx: IntVec, dstLabels?: IntVec, srcLabels?: IntVec): void {
    sameCols(dst, src, 'gatherRows');
    if (idx.length !== dst.rows) throw new Error(`gatherRows: ${idx.length} indices for ${dst.rows} rows`);
    const written = this.slot(idx.handle).hostInts;
    const outside = written?.find((r) => r < 0 || r >= src.rows);
    if (outside !== undefined) throw new Error(`gatherRows: row ${outside} of ${src.rows}`);
    const rows = this.kernel('gatherRows', K.gatherRows, size(dst), { cols: dst.cols });
    this.set(dst.handle, rows(this.value(src), this.value(idx)));
    if (dstLabels && srcLabels) {
      const labels = this.kernel('gatherInts', K.gatherInts, dstLabels.length);
      this.set(dstLabels.handle, labels(this.value(srcLabels), this.value(idx)));
    }
  }

  // ── SoftmaxWithLoss and accuracy ──────────────────────────────────────────
  softmaxCrossEntropy(dZ: Mat, Z: Mat, t: IntVec): number {
    sameShape(dZ, Z, 'softmaxCrossEntropy');
    const shape = { rows: Z.rows, cols: Z.cols };
    const z = this.value(Z);
    const labels = this.value(t);
    const losses = this.kernel('rowCrossEntropy', K.rowCrossEntropy, Z.rows, { cols: Z.cols })(z, labels);
    this.set(dZ.handle, this.kernel('softmaxGrad', K.softmaxGrad, size(Z), shape)(z, labels));
    return hostSum(losses) / Z.rows;
  }

  countCorrect(Z: Mat, t: IntVec): number {
    return hostSum(this.kernel('rowCorrect', K.rowCorrect, Z.rows, { cols: Z.cols })(this.value(Z), this.value(t)));
  }

  // ── BatchNormalization ────────────────────────────────────────────────────
  batchNormForward(out: Mat, x: Mat, s: BatchNormBuffers, training: boolean): void {
    sameShape(out, x, 'batchNormForward');
    const n = size(x);
    const cols = { cols: x.cols };
    const xv = this.value(x);
    if (!training) {
      const inference = this.kernel('bnInference', K.bnInference, n, cols);
      const stats = [s.gamma, s.beta, s.runningMean, s.runningVar].map((m) => this.value(m));
      this.set(out.handle, inference(xv, ...stats));
      return;
    }
    const mean = this.columnSum(xv, x, x.rows);
    this.set(s.xc.handle, this.kernel('centre', K.centre, n, cols)(xv, mean));
    const xc = this.value(s.xc);
    const variance = this.columnDot(xc, xc, x, x.rows);
    this.set(s.std.handle, this.kernel('bnStd', K.bnStd, x.cols)(variance));
    this.set(s.xn.handle, this.kernel('divideColumns', K.divideColumns, n, cols)(xc, this.value(s.std)));
    const affine = this.kernel('bnAffine', K.bnAffine, n, cols);
    this.set(out.handle, affine(this.value(s.xn), this.value(s.gamma), this.value(s.beta)));
    const average = this.kernel('runningAverage', K.runningAverage, x.cols);
    this.set(s.runningMean.handle, average(this.value(s.runningMean), mean, s.momentum));
    this.set(s.runningVar.handle, average(this.value(s.runningVar), variance, s.momentum));
    free(mean);
    free(variance);
  }

  batchNormBackward(dx: Mat, dout: Mat, s: BatchNormBuffers): void {
    sameShape(dx, dout, 'batchNormBackward');
    const shape = { rows: dout.rows, cols: dout.cols };
    const [d, xc, gamma, std] = [dout, s.xc, s.gamma, s.std].map((m) => this.value(m));
    const dvar = this.kernel('bnDvar', K.bnDvar, dout.cols, shape)(d, xc, gamma, std);
    const dxc = this.kernel('bnDxc', K.bnDxc, size(dout), shape)(d, xc, gamma, std, dvar);
    const dmu = this.columnSum(dxc, dout, 1);
    this.set(s.dbeta.handle, this.columnSum(d, dout, 1));
    this.set(s.dgamma.handle, this.columnDot(this.value(s.xn), d, dout, 1));
    this.set(dx.handle, this.kernel('bnDx', K.bnDx, size(dout), shape)(dxc, dmu)); // may replace dout: read above
    for (const v of [dvar, dxc, dmu]) free(v);
  }

  // ── optimizer steps ───────────────────────────────────────────────────────
  sgd(p: Mat, g: Mat, lr: number): void {
    this.axpy(p, g, -lr);
  }

  momentum(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    sameShape(p, g, 'momentum');
    this.set(v.handle, this.kernel('velocity', K.velocity, size(p))(this.value(v), this.value(g), lr, momentum));
    this.set(p.handle, this.kernel('axpy', K.axpy, size(p))(this.value(p), this.value(v), 1));
  }

  nesterov(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    sameShape(p, g, 'nesterov');
    this.set(v.handle, this.kernel('velocity', K.velocity, size(p))(this.value(v), this.value(g), lr, momentum));
    const step = this.kernel('nesterovStep', K.nesterovStep, size(p));
    this.set(p.handle, step(this.value(p), this.value(g), this.value(v), lr, momentum));
  }

  adagrad(p: Mat, g: Mat, h: Mat, lr: number): void {
    sameShape(p, g, 'adagrad');
    this.set(h.handle, this.kernel('adagradH', K.adagradH, size(p))(this.value(h), this.value(g)));
    this.adaptiveStep(p, g, h, lr);
  }

  rmsprop(p: Mat, g: Mat, h: Mat, lr: number, decay: number): void {
    sameShape(p, g, 'rmsprop');
    this.set(h.handle, this.kernel('rmspropH', K.rmspropH, size(p))(this.value(h), this.value(g), decay));
    this.adaptiveStep(p, g, h, lr);
  }

  adam(p: Mat, g: Mat, m: Mat, v: Mat, lrT: number, beta1: number, beta2: number): void {
    sameShape(p, g, 'adam');
    const n = size(p);
    this.set(m.handle, this.kernel('adamM', K.adamM, n)(this.value(m), this.value(g), beta1));
    this.set(v.handle, this.kernel('adamV', K.adamV, n)(this.value(v), this.value(g), beta2));
    const step = this.kernel('adamStep', K.adamStep, n);
    this.set(p.handle, step(this.value(p), this.value(m), this.value(v), lrT));
  }

  // ── helpers ───────────────────────────────────────────────────────────────
  private adaptiveStep(p: Mat, g: Mat, h: Mat, lr: number): void {
    const step = this.kernel('adaptiveStep', K.adaptiveStep, size(p));
    this.set(p.handle, step(this.value(p), this.value(g), this.value(h), lr));
  }

  /** Σ_i y[i,j] / divisor for each column j of a value shaped like `shape`, as a new device value. */
  private columnSum(y: DeviceValue, shape: Mat, divisor: number): DeviceValue {
    const constants = { rows: shape.rows, cols: shape.cols, divisor };
    return this.kernel('columnSum', K.columnSum, shape.cols, constants)(y);
  }

  /** Σ_i a[i,j]·b[i,j] / divisor for each column j, as a new device value. */
  private columnDot(a: DeviceValue, b: DeviceValue, shape: Mat, divisor: number): DeviceValue {
    const constants = { rows: shape.rows, cols: shape.cols, divisor };
    return this.kernel('columnDot', K.columnDot, shape.cols, constants)(a, b);
  }

  /** A host array as a device value: uploaded once, then read by kernels without copies. */
  private upload(data: Float32Array): DeviceValue {
    return this.kernel('copy', K.copy, data.length)(data);
  }

  /**
   * The compiled kernel for a source at one output size and constants (gpu.js fixes both at
   * build time); built on first use, which costs a compile (0.1–0.5 s on GL).
   */
  private kernel(name: string, source: string, outputSize: number, constants: Constants = {}): (...args: unknown[]) => DeviceValue {
    const key = `${name}|${outputSize}|${JSON.stringify(constants)}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      kernel = this.gpu.createKernel(source, {
        output: [outputSize],
        constants,
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
      });
      this.kernels.set(key, kernel);
    }
    return kernel as unknown as (...args: unknown[]) => DeviceValue;
  }

  private newSlot(zeros: Float32Array): number {
    if (this.disposed) throw new Error('gpu backend: used after dispose()');
    this.slots.push({ value: this.upload(zeros) });
    return this.slots.length - 1;
  }

  private slot(handle: number): Slot {
    const s = this.slots[handle];
    if (!s) throw new Error(`gpu backend: handle ${handle} is not allocated${this.disposed ? ' (disposed)' : ''}`);
    return s;
  }

  private value(m: Mat | IntVec): DeviceValue {
    return this.slot(m.handle).value;
  }

  /** Replaces a slot's value by a kernel result, freeing the old value's device memory. */
  private set(handle: number, value: DeviceValue): void {
    const s = this.slot(handle);
    if (s.value !== value) free(s.value);
    s.value = value;
    delete s.hostInts;
  }
}

function size(m: Mat): number {
  return m.rows * m.cols;
}

function isTexture(v: DeviceValue): v is Texture {
  return !(v instanceof Float32Array);
}

function free(v: DeviceValue): void {
  if (isTexture(v)) v.delete();
}

function toHost(v: DeviceValue): Float32Array {
  return isTexture(v) ? Float32Array.from(v.toArray() as Float32Array) : v.slice();
}

/** Reads a small per-row result back and adds it up (in double, like the js backend). */
function hostSum(v: DeviceValue): number {
  const values = toHost(v);
  free(v);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum;
}

function sameShape(a: Mat, b: Mat, what: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`${what}: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`);
}

function sameCols(a: Mat, b: Mat, what: string): void {
  if (a.cols !== b.cols) throw new Error(`${what}: ${a.cols} columns vs ${b.cols}`);
}
