// The gpu backend on WebGPU: GEMM throughput of its kernel (gpu-kernels.ts), GFLOP/s =
// 2·M·N·K / time, with the operands resident on the device, and the wall time of one whole §6.5
// trial (the book's network on its MNIST rows), next to the wasm backend; what `auto` decides on the
// book's network; and the book's search, trial after trial, on each.
// `npx tsx bench/gpu.ts [--adapter hardware|software] [--cpu-modes] [--trials N] [--search N] [--search-budget S] [--mnist DIR]`:
// hardware (the default) needs a GPU; software is Dawn on Mesa's llvmpipe, to try the bench
// without one; --cpu-modes adds gpu.js's cpu and webasm modes (slow: a test vehicle); --mnist
// reads the book's rows from IDX files in DIR instead of the embedded MNIST (bench/gpu-device-check.sh);
// --search N runs the book's N trials on each backend, stopping after S seconds (default 120) a backend.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/core/data/load';
import { packageRoot } from '../src/core/paths';
import { applyParams } from '../src/core/spec';
import { loadSpec } from '../src/core/load-spec';
import type { Backend } from '../src/core/train/backend';
import { createGpuJsBackend, createWebGpuBackend, type AdapterKind } from '../src/core/train/backends/gpu';
import { createWasmBackend } from '../src/core/train/backends/wasm';
import { trainTrial } from '../src/core/train/trainer';
import { chooseBackend, measureIteration } from '../src/core/train/backends/auto';
import { probeGpu } from '../src/core/train/backends/gpu-probe';
import { createSampler } from '../src/core/search';
import { trialSeed } from '../src/core/session/session';
import type { SearchSpec } from '../src/core/spec/types';
import type { Dataset } from '../src/core/data/dataset';
import { formatGemmTable, GEMM_SHAPES, type GemmRow, type GemmShape } from './gemm';

const BOOK_SPEC = join(packageRoot(), 'examples', 'book-6.5', 'search.json');

/** Products queued back to back before C is read once: the throughput of a training step's kernels. */
const IN_FLIGHT = 20;

export interface GpuBenchOptions {
  adapter?: AdapterKind;
  /** Shapes to time; the 6400-wide one takes seconds per call on the CPU modes. */
  shapes?: GemmShape[];
  /** Timed rounds per cell after one untimed round (which compiles the kernel). */
  repeats?: number;
  /** Also time gpu.js's cpu and webasm modes. */
  cpuModes?: boolean;
}

export async function benchGpuGemm(options: GpuBenchOptions = {}): Promise<GemmRow[]> {
  const { adapter = 'hardware', shapes = GEMM_SHAPES, repeats = 5, cpuModes = false } = options;
  const rows: GemmRow[] = shapes.map((shape) => ({ ...shape, gflops: {} }));
  const backend = await createWebGpuBackend({ adapter });
  try {
    for (const row of rows) {
      row.gflops[`webgpu, C read each`] = gflops(row, 1, await median(prepare(backend, row, 1), repeats));
      row.gflops[`webgpu, ${IN_FLIGHT} in flight`] = gflops(row, IN_FLIGHT, await median(prepare(backend, row, IN_FLIGHT), repeats));
    }
  } finally {
    backend.dispose();
    await backend.flush();
  }
  for (const mode of cpuModes ? (['cpu', 'webasm'] as const) : []) {
    const cpuBackend = createGpuJsBackend({ mode });
    try {
      for (const row of rows.filter((r) => r.n < 1000)) row.gflops[`gpu.js ${mode}`] = gflops(row, 1, await median(prepare(cpuBackend, row, 1), repeats));
    } finally {
      cpuBackend.dispose();
    }
  }
  return rows;
}

/** Wall seconds of one §6.5 trial (784→6×100→10, 50 epochs) per backend, the median of `trials` (≥ 1) after a warm-up. */
export async function benchBookTrial(adapter: AdapterKind, trials: number, mnistDir?: string): Promise<string[]> {
  const { spec, data } = bookData(mnistDir);
  // a trial that learns (the book's best learning rates lie in 2.7e-3 … 9.6e-3)
  const config = applyParams(spec, { 'training.lr': 0.006, 'training.weightDecay': 1e-6 });
  const lines = [`one §6.5 trial (784→6×100→10, 50 epochs), wall s, median of ${trials} after a warm-up:`];
  for (const [name, make] of makers(adapter)) {
    const backend = await make();
    const seconds: number[] = [];
    let valAcc = NaN;
    try {
      for (let i = 0; i <= trials; i++) {
        const t0 = performance.now();
        const outcome = await trainTrial(config, data, backend, 1, { onEpoch: () => false });
        await backend.flush?.();
        if (i > 0) seconds.push((performance.now() - t0) / 1000);
        valAcc = outcome.curve.at(-1)?.valAcc ?? NaN;
      }
    } finally {
      backend.dispose();
      await backend.flush?.();
    }
    lines.push(`  ${name.padEnd(20)} ${medianOf(seconds).toFixed(3)} s   (final val acc ${valAcc})`);
  }
  return lines;
}

/** The book's spec and its rows (from IDX files in `mnistDir`, or the embedded MNIST). */
function bookData(mnistDir?: string): { spec: SearchSpec; data: Dataset } {
  const parsed = loadSpec(BOOK_SPEC);
  if (!parsed.spec) throw new Error(`${BOOK_SPEC}: ${JSON.stringify(parsed.errors)}`);
  const source = mnistDir ? { idx: mnistDir } : parsed.spec.data.source;
  return { spec: parsed.spec, data: loadDataset({ ...parsed.spec.data, source }, process.cwd()) };
}

function makers(adapter: AdapterKind): [string, () => Promise<Backend>][] {
  return [
    [`webgpu (${adapter})`, () => createWebGpuBackend({ adapter })],
    ['wasm', createWasmBackend],
  ];
}

/** What `auto` decides on the book's network, measured now (no cache). The software adapter is presented as hardware. */
export async function benchAutoDecision(adapter: AdapterKind, mnistDir?: string): Promise<string> {
  const { spec, data } = bookData(mnistDir);
  const made = await chooseBackend(() => ({ model: spec.model, training: spec.training, inputSize: data.inputSize, classes: data.classes }), {
    probe: adapter === 'hardware' ? probeGpu : async () => ({ ok: true, hardware: true, adapter: 'the software adapter' }),
    createGpu: () => createWebGpuBackend({ adapter }),
    createWasm: createWasmBackend,
    measure: measureIteration,
    cache: { get: () => undefined, set: () => {} },
    gpuTimeoutMs: 60_000,
    machine: 'bench',
    now: () => new Date(),
  });
  made.backend.dispose();
  await made.backend.flush?.();
  return `auto on the book's network: ${made.backend.name} — ${made.note}`;
}

/** The book's search (its sampler, seeds and rows), trial after trial in one thread per backend, until
 * `trials` are done or `budgetS` seconds have passed: seconds per trial, and the 100 trials extrapolated. */
export async function benchBookSearch(adapter: AdapterKind, trials: number, budgetS: number, mnistDir?: string): Promise<string[]> {
  const { spec, data } = bookData(mnistDir);
  const lines = [`the book's search, ${trials} trials × ${spec.training.epochs} epochs, one thread per backend (at most ${budgetS} s each):`];
  for (const [name, make] of makers(adapter)) {
    const sampler = createSampler(spec);
    const backend = await make();
    const finals: number[] = [];
    const t0 = performance.now();
    try {
      for (let t = 0; t < trials && (performance.now() - t0) / 1000 < budgetS; t++) {
        const outcome = await trainTrial(applyParams(spec, sampler.sample(t, [])), data, backend, trialSeed(spec, t), { onEpoch: () => false });
        finals.push(outcome.curve.at(-1)?.valAcc ?? 0);
      }
      await backend.flush?.();
    } finally {
      backend.dispose();
      await backend.flush?.();
    }
    const s = (performance.now() - t0) / 1000;
    const perTrial = s / finals.length;
    lines.push(`  ${name.padEnd(20)} ${finals.length} trials in ${s.toFixed(1)} s: ${perTrial.toFixed(3)} s/trial, 100 trials ≈ ${(100 * perTrial).toFixed(0)} s; best val acc ${Math.max(...finals).toFixed(2)}, median ${medianOf(finals).toFixed(2)}`);
  }
  return lines;
}

function gflops(s: GemmShape, products: number, seconds: number): number {
  return (2 * s.m * s.n * s.k * products) / seconds / 1e9;
}

/** `products` gemms into C, then C read back (awaited), with A and B written once. */
function prepare(backend: Backend, s: GemmShape, products: number): () => Promise<unknown> {
  const A = s.transA ? backend.alloc(s.k, s.m) : backend.alloc(s.m, s.k);
  const B = s.transB ? backend.alloc(s.n, s.k) : backend.alloc(s.k, s.n);
  const C = backend.alloc(s.m, s.n);
  backend.write(A, Float32Array.from({ length: s.m * s.k }, (_, i) => Math.sin(i)));
  backend.write(B, Float32Array.from({ length: s.k * s.n }, (_, i) => Math.cos(i)));
  return async () => {
    for (let p = 0; p < products; p++) backend.gemm(C, A, B, s.transA, s.transB);
    await backend.read(C);
  };
}

/** Median seconds of `repeats` timed rounds, after one untimed round (the kernel's compile). */
async function median(round: () => Promise<unknown>, repeats: number): Promise<number> {
  await round();
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await round();
    times.push((performance.now() - t0) / 1000);
  }
  return medianOf(times);
}

function medianOf(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

/** The command line (above); also the entry of bench/gpu-device-check.sh's bundle. */
export async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      adapter: { type: 'string', default: 'hardware' }, 'cpu-modes': { type: 'boolean', default: false }, trials: { type: 'string', default: '1' },
      search: { type: 'string', default: '0' }, 'search-budget': { type: 'string', default: '120' }, mnist: { type: 'string' },
    },
  });
  const adapter = values.adapter === 'software' ? 'software' : 'hardware';
  try {
    console.log(formatGemmTable(await benchGpuGemm({ adapter, cpuModes: values['cpu-modes'] })));
    const trials = Number(values.trials);
    if (trials > 0) console.log((await benchBookTrial(adapter, trials, values.mnist)).join('\n'));
    console.log(await benchAutoDecision(adapter, values.mnist));
    const search = Number(values.search);
    if (search > 0) console.log((await benchBookSearch(adapter, search, Number(values['search-budget']), values.mnist)).join('\n'));
  } catch (error) {
    console.error(`bench/gpu: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

if (require.main === module) void main();
