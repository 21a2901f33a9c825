// media/kernels.wasm and media/kernels-relaxed.wasm (built from assembly/ by `npm run build`):
// where they live, their exports' signatures, which one this engine runs, and one compiled
// WebAssembly.Module per thread and build, instantiated once per backend.
import { readFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
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
  validate(bytes: Uint8Array): boolean;
  instantiate(module: CompiledModule, imports: object): Promise<{ exports: object }>;
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** The exports of assembly/kernels.ts. Sizes are element counts; booleans travel as 0/1. */
export interface Kernels {
  heapBase(): Ptr;
  gemmScratchBytes(k: number, aElems: number): number;
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

/** `relaxed`: the kernels with fused multiply-adds (relaxed SIMD), ≈1.5× the GEMM throughput of
 * `simd128` on CPUs with FMA; `simd128`: the same kernels with a multiply and an add. */
export type KernelBuild = 'relaxed' | 'simd128';

export function kernelsPath(build: KernelBuild): string {
  return join(packageRoot(), 'media', build === 'relaxed' ? 'kernels-relaxed.wasm' : 'kernels.wasm');
}

// The smallest module that uses relaxed SIMD: (func (result v128) f32x4.relaxed_madd of three zero vectors).
const RELAXED_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 61, 1, 59, 0,
  ...[0, 1, 2].flatMap(() => [253, 12, ...new Array(16).fill(0)]), 253, 133, 2, 11,
]);

let relaxed: boolean | undefined;

/** Whether this engine runs relaxed SIMD. Node ≥ 22 and Electron do by default; Node 20 has it
 * behind a V8 flag, turned on here before anything is compiled (it is read at validation). */
export function relaxedSimdAvailable(): boolean {
  if (relaxed !== undefined) return relaxed;
  relaxed = wasmApi.validate(RELAXED_PROBE);
  if (!relaxed) {
    try {
      setFlagsFromString('--experimental-wasm-relaxed-simd');
      relaxed = wasmApi.validate(RELAXED_PROBE);
    } catch {
      relaxed = false;
    }
  }
  return relaxed;
}

/** The build a backend gets: relaxed where the engine has it, unless HPL_WASM_KERNELS=simd128. */
export function defaultKernelBuild(): KernelBuild {
  return process.env.HPL_WASM_KERNELS !== 'simd128' && relaxedSimdAvailable() ? 'relaxed' : 'simd128';
}

const compiled = new Map<KernelBuild, Promise<CompiledModule>>();

/** Compiles a build once per thread (module state is per worker). */
function kernelsModule(build: KernelBuild): Promise<CompiledModule> {
  let module = compiled.get(build);
  if (!module) {
    if (build === 'relaxed' && !relaxedSimdAvailable()) {
      return Promise.reject(new Error('wasm backend: this engine has no relaxed SIMD; use the simd128 kernels'));
    }
    const path = kernelsPath(build);
    module = readFile(path).then(
      (bytes) => wasmApi.compile(bytes),
      (err: NodeJS.ErrnoException) => {
        compiled.delete(build); // a later build may provide the file
        if (err.code === 'ENOENT') throw new Error(`wasm backend: ${path} is missing — run npm run build`);
        throw err;
      },
    );
    compiled.set(build, module);
  }
  return module;
}

/** A fresh instance of the kernels working on `memory`. */
export async function instantiateKernels(memory: WasmMemory, build: KernelBuild): Promise<Kernels> {
  const instance = await wasmApi.instantiate(await kernelsModule(build), { env: { memory } });
  return instance.exports as unknown as Kernels;
}
