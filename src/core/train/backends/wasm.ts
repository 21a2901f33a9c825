// The default CPU backend: SIMD kernels (assembly/, built to media/kernels*.wasm) working in
// one WebAssembly.Memory per backend instance, i.e. per trial. A Mat's handle is its byte
// offset there. All memory is allocated while the net is built; training calls only kernels.
import type { Act, Backend, BatchNormBuffers, IntVec, Mat, SyncBackend } from '../backend';
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
    expectLength(src.length, m.rows * m.cols, 'write');
    this.mem.f32(m.handle, m.rows * m.cols).set(src);
  }

  writeInts(v: IntVec, src: ArrayLike<number>): void {
    expectLength(src.length, v.length, 'writeInts');
    this.mem.i32(v.handle, v.length).set(src);
  }

  read(m: Mat): Float32Array {
    return this.mem.f32(m.handle, m.rows * m.cols).slice();
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
    const [m, k] = transA ? [A.cols, A.rows] : [A.rows, A.cols];
    const [kb, n] = transB ? [B.cols, B.rows] : [B.rows, B.cols];
    if (k !== kb || C.rows !== m || C.cols !== n) {
      throw new Error(`wasm gemm: ${m}×${k} · ${kb}×${n} does not fit C ${C.rows}×${C.cols}`);
    }
    if (C.handle === A.handle || C.handle === B.handle) throw new Error('wasm gemm: C may not alias A or B');
    this.k.gemm(C.handle, A.handle, B.handle, m, n, k, +transA, +transB, this.mem.scratch);
  }

  gemmSparseA(C: Mat, A: Mat, B: Mat): void {
    this.sparseProduct(C, A, B, false);
  }

  gemmSparseAT(C: Mat, A: Mat, B: Mat): void {
    this.sparseProduct(C, A, B, true);
  }

  /** C = op(A) · B skipping A's zeros; its term list lives in gemm's scratch (k entries of 8 bytes). */
  private sparseProduct(C: Mat, A: Mat, B: Mat, transA: boolean): void {
    const [m, k] = transA ? [A.cols, A.rows] : [A.rows, A.cols];
    if (B.rows !== k || C.rows !== m || C.cols !== B.cols) {
      throw new Error(`wasm sparse gemm: ${m}×${k} · ${B.rows}×${B.cols} does not fit C ${C.rows}×${C.cols}`);
    }
    if (C.handle === A.handle || C.handle === B.handle) throw new Error('wasm sparse gemm: C may not alias A or B');
    this.k.gemmSparse(C.handle, A.handle, B.handle, m, B.cols, k, +transA, this.mem.scratch);
  }

  biasAct(Y: Mat, b: Mat, act: Act): void {
    expectLength(b.rows * b.cols, Y.cols, 'biasAct bias');
    this.k.biasAct(Y.handle, b.handle, Y.rows, Y.cols, ACT_CODE[act]);
  }

  actBackward(dY: Mat, Y: Mat, act: Act): void {
    this.k.actBackward(dY.handle, Y.handle, sameSize(dY, Y), ACT_CODE[act]);
  }

  colSum(db: Mat, dY: Mat): void {
    expectLength(db.rows * db.cols, dY.cols, 'colSum');
    this.k.colSum(db.handle, dY.handle, dY.rows, dY.cols);
  }

  axpy(y: Mat, x: Mat, a: number): void {
    this.k.axpy(y.handle, x.handle, sameSize(y, x), a);
  }

  mul(y: Mat, x: Mat): void {
    this.k.mul(y.handle, x.handle, sameSize(y, x));
  }

  scale(y: Mat, s: number): void {
    this.k.scale(y.handle, y.rows * y.cols, s);
  }

  sumSquares(x: Mat): number {
    return this.k.sumSquares(x.handle, x.rows * x.cols);
  }

  threshold(mask: Mat, ratio: number): void {
    this.k.threshold(mask.handle, mask.rows * mask.cols, ratio);
  }

  gatherRows(dst: Mat, src: Mat, idx: IntVec, dstLabels?: IntVec, srcLabels?: IntVec): void {
    expectLength(src.cols, dst.cols, 'gatherRows columns');
    expectLength(idx.length, dst.rows, 'gatherRows indices');
    const labels = dstLabels && srcLabels;
    const bad = this.k.gatherRows(
      dst.handle, src.handle, src.rows, idx.handle, dst.rows, dst.cols,
      labels ? dstLabels.handle : 0, labels ? srcLabels.handle : 0,
    );
    if (bad >= 0) throw new Error(`wasm gatherRows: row ${this.mem.i32(idx.handle, idx.length)[bad]} of ${src.rows}`);
  }

  softmaxCrossEntropy(dZ: Mat, Z: Mat, t: IntVec): number {
    sameSize(dZ, Z);
    if (t.length < Z.rows) throw new Error(`wasm softmaxCrossEntropy: ${t.length} labels for ${Z.rows} rows`);
    return this.k.softmaxCrossEntropy(dZ.handle, Z.handle, t.handle, Z.rows, Z.cols);
  }

  countCorrect(Z: Mat, t: IntVec): number {
    if (t.length < Z.rows) throw new Error(`wasm countCorrect: ${t.length} labels for ${Z.rows} rows`);
    return this.k.countCorrect(Z.handle, t.handle, Z.rows, Z.cols);
  }

  batchNormForward(out: Mat, x: Mat, s: BatchNormBuffers, training: boolean): void {
    sameSize(out, x);
    this.k.batchNormForward(
      out.handle, x.handle, x.rows, x.cols, +training, s.momentum,
      s.gamma.handle, s.beta.handle, s.runningMean.handle, s.runningVar.handle, s.xc.handle, s.xn.handle, s.std.handle,
    );
  }

  batchNormBackward(dx: Mat, dout: Mat, s: BatchNormBuffers): void {
    sameSize(dx, dout);
    this.k.batchNormBackward(
      dx.handle, dout.handle, dout.rows, dout.cols,
      s.gamma.handle, s.dgamma.handle, s.dbeta.handle, s.xc.handle, s.xn.handle, s.std.handle,
    );
  }

  sgd(p: Mat, g: Mat, lr: number): void {
    this.k.sgd(p.handle, g.handle, sameSize(p, g), lr);
  }

  momentum(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    this.k.momentum(p.handle, g.handle, v.handle, sameSize(p, g, v), lr, momentum);
  }

  nesterov(p: Mat, g: Mat, v: Mat, lr: number, momentum: number): void {
    this.k.nesterov(p.handle, g.handle, v.handle, sameSize(p, g, v), lr, momentum);
  }

  adagrad(p: Mat, g: Mat, h: Mat, lr: number): void {
    this.k.adagrad(p.handle, g.handle, h.handle, sameSize(p, g, h), lr);
  }

  rmsprop(p: Mat, g: Mat, h: Mat, lr: number, decay: number): void {
    this.k.rmsprop(p.handle, g.handle, h.handle, sameSize(p, g, h), lr, decay);
  }

  adam(p: Mat, g: Mat, m: Mat, v: Mat, lrT: number, beta1: number, beta2: number): void {
    this.k.adam(p.handle, g.handle, m.handle, v.handle, sameSize(p, g, m, v), lrT, beta1, beta2);
  }
}

/** The common element count of matrices an element-wise kernel walks together. */
function sameSize(a: Mat, b: Mat, c: Mat = a, d: Mat = a): number {
  const n = a.rows * a.cols;
  expectLength(b.rows * b.cols, n, 'element-wise operands');
  expectLength(c.rows * c.cols, n, 'element-wise operands');
  expectLength(d.rows * d.cols, n, 'element-wise operands');
  return n;
}

function expectLength(got: number, want: number, what: string): void {
  if (got !== want) throw new Error(`wasm backend: ${what} have ${got} elements, expected ${want}`);
}
