// The gpu backend: the Backend interface on gpu.js kernels (sources in gpu-kernels.ts).
// gpu.js kernels are functional (inputs → a new output), so every Mat is a slot holding its
// current value: a kernel result that stays on the device (a GPUBuffer handle on webgpu, a
// Float32Array on gpu.js's cpu/webasm modes). An in-place method runs its kernel and swaps the
// slot's value for the result, freeing the old one. Kernels are immutable (a fresh output each
// call), so a kernel can read the slot it replaces, and one kernel serves every Mat of its shape.
// Methods check their arguments at once and queue their kernels (gpu-queue.ts): on webgpu a
// kernel call is asynchronous. Only loss, accuracy counts, Σx² and `read` come back to the host,
// as promises.
import type { GPU } from 'gpu.js';
import type { Act, Backend, BatchNormBuffers, IntVec, Mat } from '../backend';
import { check, checkGatherIndices } from '../backend-checks';
import * as K from './gpu-kernels';
import { DeviceQueue } from './gpu-queue';

/** A kernel result that lives on a device (webgpu's WebGPUBufferResult, a GL texture). */
interface DeviceHandle {
  delete(): void;
  clone(): DeviceHandle;
  toArray(): unknown;
}

/** A value on the device: a handle, or a typed array on cpu/webasm. */
type DeviceValue = Float32Array | DeviceHandle;

type Kernel = (...args: unknown[]) => DeviceValue | Promise<DeviceValue>;

interface Slot {
  /** Set by the queued upload of alloc(), so defined whenever a queued operation runs. */
  value?: DeviceValue;
  /** The values last written by the host, kept for int vectors (bounds checks of gather indices). */
  hostInts?: Int32Array;
}

type Constants = Record<string, number>;

export class GpuJsBackend implements Backend {
  readonly name = 'gpu' as const;
  private slots: (Slot | undefined)[] = [];
  private readonly kernels = new Map<string, Kernel>();
  private readonly queue = new DeviceQueue();
  private disposed = false;

  /**
   * `gpu` is a gpu.js instance (webgpu, or a synchronous mode such as cpu for tests);
   * `release` hands its device back once dispose() has freed everything.
   */
  constructor(
    private readonly gpu: GPU,
    private readonly releaseDevice: () => void | Promise<void> = () => {},
  ) {}

  /** The gpu.js mode that really runs the kernels (`gpu` auto-selection resolved). */
  get mode(): string {
    return this.gpu.Kernel.mode;
  }

  // ── memory ────────────────────────────────────────────────────────────────
  alloc(rows: number, cols: number): Mat {
    return { rows, cols, handle: this.newSlot(rows * cols) };
  }

  allocInts(length: number): IntVec {
    return { length, handle: this.newSlot(length) };
  }

  write(m: Mat, src: ArrayLike<number>): void {
    check.write(m, src);
    this.upload(this.slot(m.handle), Float32Array.from(src)); // copied now: the caller may reuse src
  }

  writeInts(v: IntVec, src: ArrayLike<number>): void {
    check.writeInts(v, src);
    const ints = Int32Array.from(src);
    const slot = this.slot(v.handle);
    this.upload(slot, Float32Array.from(ints));
    slot.hostInts = ints;
  }

  read(m: Mat): Promise<Float32Array> {
    const slot = this.slot(m.handle);
    return this.queue.value(() => snapshot(current(slot)), toHost);
  }

  mark(): number {
    return this.slots.length;
  }

  release(mark: number): void {
    const dropped = this.slots.splice(mark);
    this.queue.run(() => dropped.forEach(free));
  }

  dispose(): void {
    const all = this.slots;
    this.slots = [];
    this.kernels.clear();
    this.disposed = true;
    this.queue.run(async () => {
      all.forEach(free);
      await this.gpu.destroy();
    });
    void this.queue.flush().finally(this.releaseDevice).catch(() => undefined);
  }

  flush(): Promise<void> {
    return this.queue.flush();
  }

  // ── linear algebra ────────────────────────────────────────────────────────
  gemm(C: Mat, A: Mat, B: Mat, transA: boolean, transB: boolean): void {
    check.gemm(C, A, B, transA, transB);
    const m = C.rows;
    const n = C.cols;
    const k = transA ? A.rows : A.cols;
    this.update(C, this.kernel(`gemm${+transA}${+transB}`, K.gemm(transA, transB), m * n, { m, n, k }), [A, B]);
  }

  biasAct(Y: Mat, b: Mat, act: Act): void {
    check.biasAct(Y, b);
    this.update(Y, this.kernel(`biasAct-${act}`, K.biasAct(act), size(Y), { cols: Y.cols }), [Y, b]);
  }

  actBackward(dY: Mat, Y: Mat, act: Act): void {
    check.actBackward(dY, Y);
    if (act === 'identity') return;
    this.update(dY, this.kernel(`actBackward-${act}`, K.actBackward[act], size(dY)), [dY, Y]);
  }

  colSum(db: Mat, dY: Mat): void {
    check.colSum(db, dY);
    this.update(db, this.columnSum(dY, 1), [dY]);
  }

  // ── element-wise ──────────────────────────────────────────────────────────
  axpy(y: Mat, x: Mat, a: number): void {
    check.axpy(y, x);
    this.update(y, this.kernel('axpy', K.axpy, size(y)), [y, x], [a]);
  }

  mul(y: Mat, x: Mat): void {
    check.mul(y, x);
    this.update(y, this.kernel('mul', K.mul, size(y)), [y, x]);
  }

  scale(y: Mat, s: number): void {
    this.update(y, this.kernel('scale', K.scale, size(y)), [y], [s]);
  }

  sumSquares(x: Mat): Promise<number> {
    return this.rowsSummed(this.kernel('rowSumSquares', K.rowSumSquares, x.rows, { cols: x.cols }), [x]);
  }

  threshold(mask: Mat, ratio: number): void {
    this.update(mask, this.kernel('threshold', K.threshold, size(mask)), [mask], [ratio]);
  }

  // ── data ──────────────────────────────────────────────────────────────────
  gatherRows(dst: Mat, src: Mat, idx: IntVec, dstLabels?: IntVec, srcLabels?: IntVec): void {
    check.gatherRows(dst, src, idx, dstLabels, srcLabels);
    const hostIndices = this.slot(idx.handle).hostInts;
    if (hostIndices) checkGatherIndices(hostIndices, src.rows);
    this.update(dst, this.kernel('gatherRows', K.gatherRows, size(dst), { cols: dst.cols }), [src, idx]);
    if (dstLabels && srcLabels) {
      this.update(dstLabels, this.kernel('gatherInts', K.gatherInts, dstLabels.length), [srcLabels, idx]);
      delete this.slot(dstLabels.handle).hostInts;
    }
  }

  // ── SoftmaxWithLoss and accuracy ──────────────────────────────────────────
  softmaxCrossEntropy(dZ: Mat, Z: Mat, t: IntVec): Promise<number> {
    check.softmaxCrossEntropy(dZ, Z, t);
    const shape = { rows: Z.rows, cols: Z.cols };
    // The losses are computed from Z before dZ replaces it (dZ may be Z).
    const losses = this.rowsSummed(this.kernel('rowCrossEntropy', K.rowCrossEntropy, Z.rows, { cols: Z.cols }), [Z, t]);
    this.update(dZ, this.kernel('softmaxGrad', K.softmaxGrad, size(Z), shape), [Z, t]);
    return losses.then((sum) => sum / Z.rows);
  }

  countCorrect(Z: Mat, t: IntVec): Promise<number> {
    check.countCorrect(Z, t);
    return this.rowsSummed(this.kernel('rowCorrect', K.rowCorrect, Z.rows, { cols: Z.cols }), [Z, t]);
  }

  // ── BatchNormalization ────────────────────────────────────────────────────
  batchNormForward(out: Mat, x: Mat, s: BatchNormBuffers, training: boolean): void {
    check.batchNormForward(out, x, s, training);
    const n = size(x);
    const cols = { cols: x.cols };
    if (!training) {
      this.update(out, this.kernel('bnInference', K.bnInference, n, cols), [x, s.gamma, s.beta, s.runningMean, s.runningVar]);
      return;
    }
    const sum = this.columnSum(x, x.rows);
    const centre = this.kernel('centre', K.centre, n, cols);
    const dot = this.columnDot(x, x.rows);
    const bnStd = this.kernel('bnStd', K.bnStd, x.cols);
    const divide = this.kernel('divideColumns', K.divideColumns, n, cols);
    const affine = this.kernel('bnAffine', K.bnAffine, n, cols);
    const average = this.kernel('runningAverage', K.runningAverage, x.cols);
    const [o, xs, xc, xn, std, gamma, beta, runningMean, runningVar] = this.slotsOf(out, x, s.xc, s.xn, s.std, s.gamma, s.beta, s.runningMean, s.runningVar);
    this.queue.run(async () => {
      const mean = await sum(current(xs));
      swap(xc, await centre(current(xs), mean));
      const variance = await dot(current(xc), current(xc));
      swap(std, await bnStd(variance));
      swap(xn, await divide(current(xc), current(std)));
      swap(o, await affine(current(xn), current(gamma), current(beta)));
      swap(runningMean, await average(current(runningMean), mean, s.momentum, 1 - s.momentum));
      swap(runningVar, await average(current(runningVar), variance, s.momentum, 1 - s.momentum));
      freeValue(mean);
      freeValue(variance);
    });
  }

  batchNormBackward(dx: Mat, dout: Mat, s: BatchNormBuffers): void {
    check.batchNormBackward(dx, dout, s);
    const shape = { rows: dout.rows, cols: dout.cols };
    const bnDvar = this.kernel('bnDvar', K.bnDvar, dout.cols, shape);
    const bnDxc = this.kernel('bnDxc', K.bnDxc, size(dout), shape);
    const sum = this.columnSum(dout, 1);
    const dot = this.columnDot(dout, 1);
    const bnDx = this.kernel('bnDx', K.bnDx, size(dout), shape);
    const [dxs, douts, xc, xn, gamma, std, dgamma, dbeta] = this.slotsOf(dx, dout, s.xc, s.xn, s.gamma, s.std, s.dgamma, s.dbeta);
    this.queue.run(async () => {
      const d = current(douts); // read before dx (which may be dout) is replaced
      const dvar = await bnDvar(d, current(xc), current(gamma), current(std));
      const dxc = await bnDxc(d, current(xc), current(gamma), current(std), dvar);
      const dmu = await sum(dxc);
      swap(dbeta, await sum(d));
      swap(dgamma, await dot(current(xn), d));
      swap(dxs, await bnDx(dxc, dmu));
      for (const v of [dvar, dxc, dmu]) freeValue(v);
    });
  }

  // ── optimizer steps ───────────────────────────────────────────────────────
  sgd(p: Mat, g: Mat, lr: number): void {
    check.sgd(p, g);
    this.update(p, this.kernel('axpy', K.axpy, size(p)), [p, g], [-lr]);
  }

  momentum(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    check.momentum(p, g, v);
    this.update(v, this.kernel('velocity', K.velocity, size(p)), [v, g], [lr, momentum]);
    this.update(p, this.kernel('axpy', K.axpy, size(p)), [p, v], [1]);
  }

  nesterov(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    check.nesterov(p, g, v);
    this.update(v, this.kernel('velocity', K.velocity, size(p)), [v, g], [lr, momentum]);
    this.update(p, this.kernel('nesterovStep', K.nesterovStep, size(p)), [p, g, v], [lr, momentum]);
  }

  adagrad(p: Mat, g: Mat, h: Mat, lr: number): void {
    check.adagrad(p, g, h);
    this.update(h, this.kernel('adagradH', K.adagradH, size(p)), [h, g]);
    this.adaptiveStep(p, g, h, lr);
  }

  rmsprop(p: Mat, g: Mat, h: Mat, lr: number, decay: number): void {
    check.rmsprop(p, g, h);
    this.update(h, this.kernel('rmspropH', K.rmspropH, size(p)), [h, g], [decay, 1 - decay]);
    this.adaptiveStep(p, g, h, lr);
  }

  adam(p: Mat, g: Mat, m: Mat, v: Mat, lrT: number, beta1: number, beta2: number): void {
    check.adam(p, g, m, v);
    const n = size(p);
    this.update(m, this.kernel('adamM', K.adamM, n), [m, g], [1 - beta1]);
    this.update(v, this.kernel('adamV', K.adamV, n), [v, g], [1 - beta2]);
    this.update(p, this.kernel('adamStep', K.adamStep, n), [p, m, v], [lrT]);
  }

  // ── helpers ───────────────────────────────────────────────────────────────
  private adaptiveStep(p: Mat, g: Mat, h: Mat, lr: number): void {
    this.update(p, this.kernel('adaptiveStep', K.adaptiveStep, size(p)), [p, g, h], [lr]);
  }

  /** Queues target ← kernel(inputs' current values, ...scalars). */
  private update(target: Mat | IntVec, kernel: Kernel, inputs: (Mat | IntVec)[], scalars: number[] = []): void {
    const [out, ...ins] = this.slotsOf(target, ...inputs);
    this.queue.run(async () => swap(out, await kernel(...ins.map(current), ...scalars)));
  }

  /** Queues a per-row kernel; its rows come back and are added up on the host, in double like js. */
  private rowsSummed(kernel: Kernel, inputs: (Mat | IntVec)[]): Promise<number> {
    const ins = this.slotsOf(...inputs);
    return this.queue.value(() => kernel(...ins.map(current)), async (rows) => {
      const values = await toHost(rows);
      let sum = 0;
      for (let i = 0; i < values.length; i++) sum += values[i];
      return sum;
    });
  }

  /** Σ_i y[i,j] / divisor for each column j of a value shaped like `shape` (constants: rows, cols, divisor). */
  private columnSum(shape: Mat, divisor: number): Kernel {
    return this.kernel('columnSum', K.columnSum, shape.cols, { rows: shape.rows, cols: shape.cols, divisor });
  }

  /** Σ_i a[i,j]·b[i,j] / divisor for each column j. */
  private columnDot(shape: Mat, divisor: number): Kernel {
    return this.kernel('columnDot', K.columnDot, shape.cols, { rows: shape.rows, cols: shape.cols, divisor });
  }

  /** Queues a host array's upload into a slot: read by kernels without further copies. */
  private upload(slot: Slot, data: Float32Array): void {
    const copy = this.kernel('copy', K.copy, data.length);
    this.queue.run(async () => swap(slot, await copy(data)));
  }

  /**
   * The compiled kernel for a source at one output size and constants (gpu.js fixes both at
   * build time); built on its first call, which costs a compile (WGSL or GLSL, 0.1–0.5 s).
   */
  private kernel(name: string, source: string, outputSize: number, constants: Constants = {}): Kernel {
    const key = `${name}|${outputSize}|${JSON.stringify(constants)}`;
    let kernel = this.kernels.get(key);
    if (!kernel) {
      const built = this.gpu.createKernel(source, {
        output: [outputSize],
        constants,
        pipeline: true,
        immutable: true,
        precision: 'single',
        tactic: 'precision',
      });
      kernel = built as unknown as Kernel;
      this.kernels.set(key, kernel);
    }
    return kernel;
  }

  private newSlot(length: number): number {
    if (this.disposed) throw new Error('gpu backend: used after dispose()');
    const slot: Slot = {};
    this.slots.push(slot);
    this.upload(slot, new Float32Array(length));
    return this.slots.length - 1;
  }

  private slot(handle: number): Slot {
    const s = this.slots[handle];
    if (!s) throw new Error(`gpu backend: handle ${handle} is not allocated${this.disposed ? ' (disposed)' : ''}`);
    return s;
  }

  /** The slots of these handles, looked up now: a queued operation must not see a later release. */
  private slotsOf(...ms: (Mat | IntVec)[]): Slot[] {
    return ms.map((m) => this.slot(m.handle));
  }
}

function size(m: Mat): number {
  return m.rows * m.cols;
}

function current(slot: Slot): DeviceValue {
  if (!slot.value) throw new Error('gpu backend: a slot was read before its upload ran');
  return slot.value;
}

/** Replaces a slot's value by a kernel result, freeing the old value's device memory. */
function swap(slot: Slot, value: DeviceValue): void {
  if (slot.value && slot.value !== value) freeValue(slot.value);
  slot.value = value;
}

function free(slot: Slot | undefined): void {
  if (slot?.value) freeValue(slot.value);
}

function freeValue(v: DeviceValue): void {
  if (!(v instanceof Float32Array)) v.delete();
}

/** A value of its own for a readback: later kernels may free the slot's value meanwhile. */
function snapshot(v: DeviceValue): DeviceValue {
  return v instanceof Float32Array ? v.slice() : v.clone();
}

/** Brings a value to the host, freeing it: a kernel output or snapshot nobody else holds. */
async function toHost(v: DeviceValue): Promise<Float32Array> {
  if (v instanceof Float32Array) return v;
  try {
    return Float32Array.from((await v.toArray()) as ArrayLike<number>);
  } finally {
    v.delete();
  }
}
