// media/kernels.wasm (built from assembly/ by `npm run build`): where it lives, its exports'
// signatures, and one compiled WebAssembly.Module per thread, instantiated once per backend.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../paths';

type Ptr = number; // a byte offset into the backend's memory

/** The part of the WebAssembly JS API used here, typed locally: its full typings live in
 * lib.dom, which this project does not compile against. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type CompiledModule = object;
interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  compile(bytes: Uint8Array): Promise<CompiledModule>;
  instantiate(module: CompiledModule, imports: object): Promise<{ exports: object }>;
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports of assembly/kernels.ts. Sizes are element counts; booleans travel as 0/1. */
export interface Kernels {
  heapBase(): Ptr;
  gemmScratchBytes(k: number): number;
  gemm(c: Ptr, a: Ptr, b: Ptr, m: number, n: number, k: number, transA: number, transB: number, scratch: Ptr): void;
  gemmSparse(c: Ptr, a: Ptr, b: Ptr, m: number, n: number, k: number, transA: number, scratch: Ptr): void;
  biasAct(y: Ptr, b: Ptr, rows: number, cols: number, act: number): void;
  actBackward(dy: Ptr, y: Ptr, n: number, act: number): void;
  axpy(y: Ptr, x: Ptr, n: number, a: number): void;
  mul(y: Ptr, x: Ptr, n: number): void;
  scale(y: Ptr, n: number, s: number): void;
  sumSquares(x: Ptr, n: number): number;
  threshold(mask: Ptr, n: number, ratio: number): void;
  colSum(db: Ptr, dy: Ptr, rows: number, cols: number): void;
  gatherRows(dst: Ptr, src: Ptr, srcRows: number, idx: Ptr, rows: number, cols: number, dstLabels: Ptr, srcLabels: Ptr): number;
  softmaxCrossEntropy(dz: Ptr, z: Ptr, t: Ptr, rows: number, cols: number): number;
  countCorrect(z: Ptr, t: Ptr, rows: number, cols: number): number;
  batchNormForward(
    out: Ptr, x: Ptr, rows: number, cols: number, training: number, momentum: number,
    gamma: Ptr, beta: Ptr, runningMean: Ptr, runningVar: Ptr, xc: Ptr, xn: Ptr, std: Ptr,
  ): void;
  batchNormBackward(
    dx: Ptr, dout: Ptr, rows: number, cols: number,
    gamma: Ptr, dgamma: Ptr, dbeta: Ptr, xc: Ptr, xn: Ptr, std: Ptr,
  ): void;
  sgd(p: Ptr, g: Ptr, n: number, lr: number): void;
  momentum(p: Ptr, g: Ptr, v: Ptr, n: number, lr: number, momentum: number): void;
  nesterov(p: Ptr, g: Ptr, v: Ptr, n: number, lr: number, momentum: number): void;
  adagrad(p: Ptr, g: Ptr, h: Ptr, n: number, lr: number): void;
  rmsprop(p: Ptr, g: Ptr, h: Ptr, n: number, lr: number, decay: number): void;
  adam(p: Ptr, g: Ptr, m: Ptr, v: Ptr, n: number, lrT: number, beta1: number, beta2: number): void;
}

export function kernelsPath(): string {
  return join(packageRoot(), 'media', 'kernels.wasm');
}

let compiled: Promise<CompiledModule> | undefined;

/** Compiles the kernels once per thread (module state is per worker). */
function kernelsModule(): Promise<CompiledModule> {
  compiled ??= readFile(kernelsPath()).then(
    (bytes) => wasmApi.compile(bytes),
    (err: NodeJS.ErrnoException) => {
      compiled = undefined; // a later build may provide the file
      if (err.code === 'ENOENT') throw new Error(`wasm backend: ${kernelsPath()} is missing — run npm run build`);
      throw err;
    },
  );
  return compiled;
}

/** A fresh instance of the kernels working on `memory`. */
export async function instantiateKernels(memory: WasmMemory): Promise<Kernels> {
  const instance = await wasmApi.instantiate(await kernelsModule(), { env: { memory } });
  return instance.exports as unknown as Kernels;
}
