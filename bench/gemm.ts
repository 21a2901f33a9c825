// GEMM throughput of the CPU backends on the shapes training uses: GFLOP/s = 2·M·N·K / time,
// the median of several timed samples taken after a warm-up (V8 starts wasm in its baseline
// compiler and tiers up later). `npx tsx bench/gemm.ts` prints the table; bench/run.ts calls
// benchGemm(). Single-threaded and noisy on shared machines: compare medians, not single runs.
import type { Backend } from '../src/core/train/backend';
import { JsBackend } from '../src/core/train/backends/js';
import { createWasmBackend } from '../src/core/train/backends/wasm';
import { defaultKernelBuild } from '../src/core/train/backends/wasm-module';

export interface GemmShape {
  name: string;
  m: number;
  n: number;
  k: number;
  transA: boolean;
  transB: boolean;
}

export interface GemmRow extends GemmShape {
  /** backend name → GFLOP/s by wall-clock time */
  gflops: Record<string, number>;
  /** backend name → GFLOP/s by the process's CPU time: on a shared machine, time spent
   * waiting for a core does not count (sharing a core's SIMD units still does). */
  cpuGflops?: Record<string, number>;
}

/** forward X·W, dW = Xᵀ·dY, dX = dY·Wᵀ of the 784-input layer, the 100-wide layers, the 10-class
 * output layer, and 64 trials' first layers fused side by side. */
export const GEMM_SHAPES: GemmShape[] = [
  { name: '100×784 · 784×100', m: 100, n: 100, k: 784, transA: false, transB: false },
  { name: '(100×784)ᵀ · 100×100', m: 784, n: 100, k: 100, transA: true, transB: false },
  { name: '100×100 · (784×100)ᵀ', m: 100, n: 784, k: 100, transA: false, transB: true },
  { name: '100×100 · 100×100', m: 100, n: 100, k: 100, transA: false, transB: false },
  { name: '100×100 · 100×10', m: 100, n: 10, k: 100, transA: false, transB: false },
  { name: '100×784 · 784×6400', m: 100, n: 6400, k: 784, transA: false, transB: false },
];

export interface BenchOptions {
  /** Milliseconds of untimed calls first (per backend and shape). */
  warmupMs?: number;
  /** Timed samples per cell; each sample runs calls for at least sampleMs. */
  samples?: number;
  sampleMs?: number;
  /** A cell stops sampling after this many milliseconds, one sample at least (the js backend
   * spends about a second on one call of the wide shape). */
  cellBudgetMs?: number;
}

export async function benchGemm(options: BenchOptions = {}): Promise<GemmRow[]> {
  const { warmupMs = 300, samples = 7, sampleMs = 40, cellBudgetMs = 1500 } = options;
  // `wasm` is the build a backend gets by default (relaxed SIMD where the engine has it);
  // `simd128` is the same kernels without fused multiply-adds, for comparison.
  const backends: Array<[string, Backend]> = [['js', new JsBackend()], ['wasm', await createWasmBackend()]];
  if (defaultKernelBuild() === 'relaxed') backends.push(['simd128', await createWasmBackend('simd128')]);
  const rows: Required<GemmRow>[] = GEMM_SHAPES.map((shape) => ({ ...shape, gflops: {}, cpuGflops: {} }));
  try {
    for (const [name, backend] of backends) {
      for (const row of rows) {
        const call = prepare(backend, row);
        const { wall, cpu } = medianSeconds(call, warmupMs, samples, sampleMs, cellBudgetMs);
        const flops = 2 * row.m * row.n * row.k;
        row.gflops[name] = flops / wall / 1e9;
        row.cpuGflops[name] = flops / cpu / 1e9;
      }
    }
  } finally {
    for (const [, backend] of backends) backend.dispose();
  }
  return rows;
}

/** Allocates and fills the operands, returns one gemm call. */
function prepare(backend: Backend, s: GemmShape): () => void {
  const A = s.transA ? backend.alloc(s.k, s.m) : backend.alloc(s.m, s.k);
  const B = s.transB ? backend.alloc(s.n, s.k) : backend.alloc(s.k, s.n);
  const C = backend.alloc(s.m, s.n);
  backend.write(A, Float32Array.from({ length: s.m * s.k }, (_, i) => Math.sin(i)));
  backend.write(B, Float32Array.from({ length: s.k * s.n }, (_, i) => Math.cos(i)));
  return () => backend.gemm(C, A, B, s.transA, s.transB);
}

/** Median seconds per call, by wall clock and by CPU time. */
function medianSeconds(call: () => void, warmupMs: number, samples: number, sampleMs: number, budgetMs: number) {
  const start = performance.now();
  do call(); while (performance.now() - start < warmupMs);
  const wall: number[] = [];
  const cpu: number[] = [];
  const sampling = performance.now();
  while (wall.length < samples && (wall.length === 0 || performance.now() - sampling < budgetMs)) {
    let calls = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let t1 = t0;
    do {
      call();
      calls++;
      t1 = performance.now();
    } while (t1 - t0 < sampleMs);
    const used = process.cpuUsage(cpu0);
    wall.push((t1 - t0) / 1e3 / calls);
    cpu.push((used.user + used.system) / 1e6 / calls);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

export function formatGemmTable(rows: GemmRow[]): string {
  const byWall = [...new Set(rows.flatMap((r) => Object.keys(r.gflops)))];
  const byCpu = [...new Set(rows.flatMap((r) => Object.keys(r.cpuGflops ?? {})))];
  const columns = [...byWall, ...byCpu.map((n) => `${n} cpu`)];
  const width = Math.max(...rows.map((r) => r.name.length));
  const cell = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(1)).padStart(8);
  const head = `${'GFLOP/s'.padEnd(width)}  ${columns.map((c) => c.padStart(8)).join('  ')}`;
  const lines = rows.map((r) => {
    const values = [...byWall.map((n) => r.gflops[n]), ...byCpu.map((n) => r.cpuGflops?.[n])];
    return `${r.name.padEnd(width)}  ${values.map(cell).join('  ')}`;
  });
  const note = byCpu.length ? ['(medians after warm-up, one thread; "cpu" columns divide by CPU time, not wall time)'] : [];
  return [head, ...lines, ...note].join('\n');
}

if (require.main === module) {
  benchGemm().then((rows) => console.log(formatGemmTable(rows)));
}
