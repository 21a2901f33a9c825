// The linear memory of one wasm backend: a bump allocator that only grows while a net is built
// (freed stack-like by release(mark), or all at once by dispose), plus gemm's packing scratch,
// which always sits just above the last allocation, sized for the largest inner dimension seen.
import { wasmApi } from './wasm-module';

const PAGE = 65536;
const ALIGN = 64; // cache lines: a v128 load never straddles two

export class LinearMemory {
  readonly memory = new wasmApi.Memory({ initial: 1 });
  private base = 0;
  private top = 0;
  private scratchBytes = 0;

  /** Leaves the bytes below `heapBase` to the module's static data. */
  startAbove(heapBase: number): void {
    this.base = this.top = alignUp(Math.max(this.top, heapBase));
    this.ensure(this.top + this.scratchBytes);
  }

  /** Zero-filled bytes, padded to whole cache lines (the kernels may run over the padding). */
  alloc(bytes: number): number {
    const at = this.top;
    this.top = alignUp(at + Math.max(bytes, 1));
    this.ensure(this.top + this.scratchBytes);
    new Uint8Array(this.memory.buffer, at, this.top - at).fill(0); // scratch may have used it
    return at;
  }

  /** The allocation point; release(mark) frees everything allocated after it. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    if (mark > this.top || mark < this.base) throw new Error(`wasm backend: release(${mark}) outside ${this.base}..${this.top}`);
    this.top = mark;
  }

  /** Makes room for `bytes` of scratch; call while allocating, not while training. */
  reserveScratch(bytes: number): void {
    if (bytes <= this.scratchBytes) return;
    this.scratchBytes = bytes;
    this.ensure(this.top + bytes);
  }

  get scratch(): number {
    return this.top;
  }

  f32(at: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, at, length);
  }

  i32(at: number, length: number): Int32Array {
    return new Int32Array(this.memory.buffer, at, length);
  }

  private ensure(end: number): void {
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
  }
}

function alignUp(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
