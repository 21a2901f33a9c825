// GEMM throughput of the gpu backend's kernel (gpu-kernels.ts), GFLOP/s = 2·M·N·K / time, time
// including reading C back: on gpu.js's synchronous cpu and webasm modes through the backend,
// and — on a machine where the probe finds a hardware WebGPU adapter — on gpu.js's webgpu mode
// directly (its calls are asynchronous, so they are awaited here). `npx tsx bench/gpu.ts` prints
// the table; benchGpuGemm() returns the rows.
import type { Backend } from '../src/core/train/backend';
import { createGpuJsBackend, probeGpu } from '../src/core/train/backends/gpu';
import * as K from '../src/core/train/backends/gpu-kernels';
import { formatGemmTable, GEMM_SHAPES, type GemmRow, type GemmShape } from './gemm';

export interface GpuBenchOptions {
  /** Shapes to time; the 6400-wide one takes seconds per call on the CPU modes. */
  shapes?: GemmShape[];
  /** Timed calls per cell after one untimed call (which compiles the kernel). */
  repeats?: number;
}

export interface GpuBenchResult {
  rows: GemmRow[];
  /** Why the webgpu column is missing, when it is. */
  webgpuSkipped?: string;
}

export async function benchGpuGemm(options: GpuBenchOptions = {}): Promise<GpuBenchResult> {
  const { shapes = GEMM_SHAPES.filter((s) => s.n < 1000), repeats = 5 } = options;
  const rows: GemmRow[] = shapes.map((shape) => ({ ...shape, gflops: {} }));
  for (const mode of ['cpu', 'webasm'] as const) {
    const backend = createGpuJsBackend({ mode });
    try {
      for (const row of rows) row.gflops[`gpu.js ${mode}`] = gflops(row, await median(prepare(backend, row), repeats));
    } finally {
      backend.dispose();
    }
  }
  const probe = await probeGpu();
  if (!probe.hardware) return { rows, webgpuSkipped: probe.reason };
  const gpu = await webGpuJs();
  try {
    for (const row of rows) row.gflops['gpu.js webgpu'] = gflops(row, await median(webGpuGemm(gpu, row), repeats));
  } finally {
    await gpu.destroy();
  }
  return { rows };
}

function gflops(s: GemmShape, seconds: number): number {
  return (2 * s.m * s.n * s.k) / seconds / 1e9;
}

function operands(s: GemmShape): [Float32Array, Float32Array] {
  return [
    Float32Array.from({ length: s.m * s.k }, (_, i) => Math.sin(i)),
    Float32Array.from({ length: s.k * s.n }, (_, i) => Math.cos(i)),
  ];
}

/** One gemm through the backend, C read back. */
function prepare(backend: Backend, s: GemmShape): () => void {
  const A = s.transA ? backend.alloc(s.k, s.m) : backend.alloc(s.m, s.k);
  const B = s.transB ? backend.alloc(s.n, s.k) : backend.alloc(s.k, s.n);
  const C = backend.alloc(s.m, s.n);
  const [a, b] = operands(s);
  backend.write(A, a);
  backend.write(B, b);
  return () => {
    backend.gemm(C, A, B, s.transA, s.transB);
    backend.read(C);
  };
}

interface AsyncGpu {
  createKernel(source: string, settings: object): (...args: unknown[]) => Promise<unknown>;
  destroy(): Promise<void>;
}

/** gpu.js in webgpu mode over dawn.node (navigator.gpu is what gpu.js looks for). */
async function webGpuJs(): Promise<AsyncGpu> {
  const { create } = (await import('webgpu')) as { create: (flags: string[]) => unknown };
  const global = globalThis as { navigator?: { gpu?: unknown } };
  global.navigator ??= {};
  global.navigator.gpu = create([]);
  const { GPU } = require('gpu.js') as { GPU: new (settings: { mode: string }) => AsyncGpu };
  return new GPU({ mode: 'webgpu' });
}

/** One gemm on webgpu: operands uploaded once (pipeline handles), C read back each call. */
function webGpuGemm(gpu: AsyncGpu, s: GemmShape): () => Promise<unknown> {
  const [a, b] = operands(s);
  const upload = (n: number) => gpu.createKernel(K.copy, { output: [n], pipeline: true });
  const constants = { m: s.m, n: s.n, k: s.k };
  const gemm = gpu.createKernel(K.gemm(s.transA, s.transB), { output: [s.m * s.n], constants, precision: 'single' });
  const resident = Promise.all([upload(a.length)(a), upload(b.length)(b)]);
  return async () => gemm(...(await resident));
}

/** Median seconds of `repeats` timed calls, after one untimed call (the kernel's compile). */
async function median(call: () => unknown, repeats: number): Promise<number> {
  await call();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await call();
    times.push((performance.now() - t0) / 1000);
  }
  times.sort((x, y) => x - y);
  return times[times.length >> 1];
}

if (require.main === module) {
  benchGpuGemm().then(({ rows, webgpuSkipped }) => {
    console.log(formatGemmTable(rows));
    if (webgpuSkipped) console.log(`webgpu: skipped (${webgpuSkipped})`);
  });
}
