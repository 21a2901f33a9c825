// The default CPU backend: SIMD kernels (assembly/, built to media/kernels*.wasm) working in
// one WebAssembly.Memory per backend instance, i.e. per trial. A Mat's handle is its byte
// offset there. All memory is allocated while the net is built; training calls only kernels.
import type { Act, Backend, BatchNormBuffers, IntVec, Mat, SyncBackend } from '../backend';
import { check, checkGatherIndices } from '../backend-checks';
import { LinearMemory } from './wasm-memory';
import { defaultKernelBuild, instantiateKernels, type KernelBuild, type Kernels } from './wasm-module';

const ACT_CODE: Record<Act, number> = { identity: 0, relu: 1, sigmoid: 2 };

export async function createWasmBackend(build: KernelBuild = defaultKernelBuild()): Promise<SyncBackend> {
  const mem = new LinearMemory();
  const kernels = await instantiateKernels(mem.memory, build);
  mem.startAbove(kernels.heapBase());
  return new WasmBackend(kernels, mem);
}

class WasmBackend implements Backend {
  readonly name = 'wasm' as const;
  private live: { k: Kernels; mem: LinearMemory } | undefined;

  constructor(kernels: Kernels, mem: LinearMemory) {
    this.live = { k: kernels, mem };
  }

  private get k(): Kernels {
    return this.state.k;
  }

  private get mem(): LinearMemory {
    return this.state.mem;
  }

  private get state(): { k: Kernels; mem: LinearMemory } {
    if (!this.live) throw new Error('wasm backend: used after dispose()');
    return this.live;
  }

  alloc(rows: number, cols: number): Mat {
    // gemm's inner dimension is a side of one of its operands, so the largest side bounds it;
    // its packed op(A) is one of these matrices, so the largest one bounds that.
    this.mem.reserveScratch(this.k.gemmScratchBytes(Math.max(rows, cols), rows * cols));
    return { rows, cols, handle: this.mem.alloc(rows * cols * 4) };
  }

  allocInts(length: number): IntVec {
    return { length, handle: this.mem.alloc(length * 4) };
  }

  write(m: Mat, src: ArrayLike<number>): void {
    check.write(m, src);
    this.mem.f32(m.handle, size(m)).set(src);
  }

  writeInts(v: IntVec, src: ArrayLike<number>): void {
    check.writeInts(v, src);
    this.mem.i32(v.handle, v.length).set(src);
  }

  read(m: Mat): Float32Array {
    return this.mem.f32(m.handle, size(m)).slice();
  }

  mark(): number {
    return this.mem.mark();
  }

  release(mark: number): void {
    this.mem.release(mark);
  }

  dispose(): void {
    this.live = undefined; // the memory goes with the last reference to it
  }

  gemm(C: Mat, A: Mat, B: Mat, transA: boolean, transB: boolean): void {
    check.gemm(C, A, B, transA, transB);
    const k = transA ? A.rows : A.cols;
    this.k.gemm(C.handle, A.handle, B.handle, C.rows, C.cols, k, +transA, +transB, this.mem.scratch);
  }

  // C = op(A) · B skipping A's zeros; its term list lives in gemm's scratch (k entries of 8 bytes).
  gemmSparseA(C: Mat, A: Mat, B: Mat): void {
    check.gemmSparseA(C, A, B);
    this.k.gemmSparse(C.handle, A.handle, B.handle, C.rows, C.cols, B.rows, 0, this.mem.scratch);
  }

  gemmSparseAT(C: Mat, A: Mat, B: Mat): void {
    check.gemmSparseAT(C, A, B);
    this.k.gemmSparse(C.handle, A.handle, B.handle, C.rows, C.cols, B.rows, 1, this.mem.scratch);
  }

  biasAct(Y: Mat, b: Mat, act: Act): void {
    check.biasAct(Y, b);
    this.k.biasAct(Y.handle, b.handle, Y.rows, Y.cols, ACT_CODE[act]);
  }

  actBackward(dY: Mat, Y: Mat, act: Act): void {
    check.actBackward(dY, Y);
    this.k.actBackward(dY.handle, Y.handle, size(dY), ACT_CODE[act]);
  }

  colSum(db: Mat, dY: Mat): void {
    check.colSum(db, dY);
    this.k.colSum(db.handle, dY.handle, dY.rows, dY.cols);
  }

  axpy(y: Mat, x: Mat, a: number): void {
    check.axpy(y, x);
    this.k.axpy(y.handle, x.handle, size(y), a);
  }

  mul(y: Mat, x: Mat): void {
    check.mul(y, x);
    this.k.mul(y.handle, x.handle, size(y));
  }

  scale(y: Mat, s: number): void {
    this.k.scale(y.handle, size(y), s);
  }

  sumSquares(x: Mat): number {
    return this.k.sumSquares(x.handle, size(x));
  }

  threshold(mask: Mat, ratio: number): void {
    this.k.threshold(mask.handle, size(mask), ratio);
  }

  gatherRows(dst: Mat, src: Mat, idx: IntVec, dstLabels?: IntVec, srcLabels?: IntVec): void {
    check.gatherRows(dst, src, idx, dstLabels, srcLabels);
    const bad = this.k.gatherRows(
      dst.handle, src.handle, src.rows, idx.handle, dst.rows, dst.cols,
      dstLabels ? dstLabels.handle : 0, srcLabels ? srcLabels.handle : 0,
    );
    // the kernel found an index outside src (and copied nothing): the shared check names it
    if (bad >= 0) checkGatherIndices(this.mem.i32(idx.handle, idx.length), src.rows);
  }

  softmaxCrossEntropy(dZ: Mat, Z: Mat, t: IntVec): number {
    check.softmaxCrossEntropy(dZ, Z, t);
    return this.k.softmaxCrossEntropy(dZ.handle, Z.handle, t.handle, Z.rows, Z.cols);
  }

  countCorrect(Z: Mat, t: IntVec): number {
    check.countCorrect(Z, t);
    return this.k.countCorrect(Z.handle, t.handle, Z.rows, Z.cols);
  }

  batchNormForward(out: Mat, x: Mat, s: BatchNormBuffers, training: boolean): void {
    check.batchNormForward(out, x, s, training);
    this.k.batchNormForward(
      out.handle, x.handle, x.rows, x.cols, +training, s.momentum,
      s.gamma.handle, s.beta.handle, s.runningMean.handle, s.runningVar.handle, s.xc.handle, s.xn.handle, s.std.handle,
    );
  }

  batchNormBackward(dx: Mat, dout: Mat, s: BatchNormBuffers): void {
    check.batchNormBackward(dx, dout, s);
    this.k.batchNormBackward(
      dx.handle, dout.handle, dout.rows, dout.cols,
      s.gamma.handle, s.dgamma.handle, s.dbeta.handle, s.xc.handle, s.xn.handle, s.std.handle,
    );
  }

  sgd(p: Mat, g: Mat, lr: number): void {
    check.sgd(p, g);
    this.k.sgd(p.handle, g.handle, size(p), lr);
  }

  momentum(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    check.momentum(p, g, v);
    this.k.momentum(p.handle, g.handle, v.handle, size(p), lr, momentum);
  }

  nesterov(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    check.nesterov(p, g, v);
    this.k.nesterov(p.handle, g.handle, v.handle, size(p), lr, momentum);
  }

  adagrad(p: Mat, g: Mat, h: Mat, lr: number): void {
    check.adagrad(p, g, h);
    this.k.adagrad(p.handle, g.handle, h.handle, size(p), lr);
  }

  rmsprop(p: Mat, g: Mat, h: Mat, lr: number, decay: number): void {
    check.rmsprop(p, g, h);
    this.k.rmsprop(p.handle, g.handle, h.handle, size(p), lr, decay);
  }

  adam(p: Mat, g: Mat, m: Mat, v: Mat, lrT: number, beta1: number, beta2: number): void {
    check.adam(p, g, m, v);
    this.k.adam(p.handle, g.handle, m.handle, v.handle, size(p), lrT, beta1, beta2);
  }
}

function size(m: Mat): number {
  return m.rows * m.cols;
}
