// `--backend auto`: the faster of gpu and wasm for the run's own network, never merely the first
// that exists. Small networks (the book's 784-100×6-10 on batches of 100) leave a GPU launch-bound,
// so a GPU can lose to the SIMD kernels; only a measurement on this machine can tell. With no
// hardware GPU nothing is measured. A measurement is a few iterations of the network (a short
// trial on synthetic rows, after a warm-up trial that compiles the GPU's kernels), on each backend;
// the answer is cached per machine and network, so later runs decide at once.
import { hostname } from 'node:os';
import type { ModelSpec, TrainingSpec, TrialConfig } from '../../spec/types';
import type { Backend } from '../backend';
import { noiseDataset } from '../../data/dataset';
import { trainTrial } from '../trainer';
import { withTimeout, type GpuProbe } from './gpu-probe';

/** What the measurement needs of the run: its network and how it trains, and the data's widths. */
export interface NetworkShape {
  model: ModelSpec;
  training: TrainingSpec;
  inputSize: number;
  classes: number;
}

/** A backend that was created, and how `auto` came to it (shown to the user, kept in run.json). */
export interface CreatedBackend {
  backend: Backend;
  note?: string;
}

/** What `auto` decided for one machine and network. */
export interface CachedChoice {
  backend: 'gpu' | 'wasm';
  /** wasm's time over the gpu's for the same iterations: > 1 means the GPU is faster. */
  speedup: number;
  adapter: string;
  /** When it was measured (ISO 8601). */
  measured: string;
}

export interface ChoiceCache {
  get(key: string): CachedChoice | undefined;
  set(key: string, choice: CachedChoice): void;
}

export interface AutoDeps {
  probe(): Promise<GpuProbe>;
  createGpu(): Promise<Backend>;
  createWasm(): Promise<Backend>;
  /** Milliseconds per training iteration of `shape` on `backend`. */
  measure(backend: Backend, shape: NetworkShape): Promise<number>;
  cache: ChoiceCache;
  /** How long the GPU may take to start and be measured before it counts as hung. */
  gpuTimeoutMs: number;
  /** Identifies this machine in the cache (the adapter is added to it). */
  machine: string;
  now(): Date;
}

/** The GPU must beat wasm by this much to be used: timings within noise keep the CPU. */
export const GPU_MARGIN = 1.1;

/** Machine and network, as the cache knows them: what changes the timings, nothing else. */
export function choiceKey(machine: string, adapter: string, shape: NetworkShape): string {
  const { model, training, inputSize, classes } = shape;
  return JSON.stringify({ machine, adapter, inputSize, classes, model, batchSize: training.batchSize, optimizer: training.optimizer });
}

/** `auto` resolved: a gpu backend when a hardware GPU is faster on `shape()`, else wasm; never throws
 * for a GPU's sake (a GPU that fails or hangs is reported and wasm trains). `shape` is called only
 * when a hardware GPU answers. */
export async function chooseBackend(shape: () => NetworkShape, deps: AutoDeps): Promise<CreatedBackend> {
  const probe = await deps.probe();
  if (!probe.ok) return { backend: await deps.createWasm(), note: `wasm: no GPU backend (${probe.reason})` };
  const adapter = probe.adapter ?? 'an unnamed GPU';
  const network = shape();
  const key = choiceKey(deps.machine, adapter, network);
  const cached = deps.cache.get(key);
  if (cached) return fromCache(cached, deps);

  const wasm = await deps.createWasm();
  const wasmMs = await deps.measure(wasm, network);
  let gpu: Backend | undefined;
  let gpuMs: number;
  try {
    gpuMs = await withTimeout(
      (async () => {
        gpu = await deps.createGpu();
        return deps.measure(gpu, network);
      })(),
      deps.gpuTimeoutMs,
      `no answer from the GPU within ${deps.gpuTimeoutMs / 1000} s`,
    );
  } catch (e) {
    disposeQuietly(gpu);
    // not cached: a driver that failed today may work after an update
    return { backend: wasm, note: `wasm: the GPU (${adapter}) failed while being measured: ${(e as Error).message}` };
  }
  const choice: CachedChoice = { backend: wasmMs >= gpuMs * GPU_MARGIN ? 'gpu' : 'wasm', speedup: wasmMs / gpuMs, adapter, measured: deps.now().toISOString() };
  deps.cache.set(key, choice);
  if (choice.backend === 'gpu') {
    wasm.dispose();
    return { backend: gpu!, note: choiceNote(choice, `${fmt(gpuMs)} against ${fmt(wasmMs)} per iteration`) };
  }
  disposeQuietly(gpu);
  return { backend: wasm, note: choiceNote(choice, `${fmt(wasmMs)} against ${fmt(gpuMs)} per iteration`) };
}

async function fromCache(cached: CachedChoice, deps: AutoDeps): Promise<CreatedBackend> {
  const note = choiceNote(cached, `measured ${cached.measured.slice(0, 10)}`);
  if (cached.backend === 'wasm') return { backend: await deps.createWasm(), note };
  try {
    return { backend: await withTimeout(deps.createGpu(), deps.gpuTimeoutMs, `no answer from the GPU within ${deps.gpuTimeoutMs / 1000} s`), note };
  } catch (e) {
    return { backend: await deps.createWasm(), note: `wasm: the GPU (${cached.adapter}) failed to start: ${(e as Error).message}` };
  }
}

/** "gpu: 3.1× wasm on this network" — or why the GPU was not used. */
function choiceNote(c: CachedChoice, detail: string): string {
  return c.backend === 'gpu'
    ? `gpu: ${c.speedup.toFixed(1)}× wasm on this network (${c.adapter}; ${detail})`
    : `wasm: the GPU (${c.adapter}) is ${c.speedup.toPrecision(2)}× wasm on this network, not faster (${detail})`;
}

const fmt = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;

function disposeQuietly(backend: Backend | undefined): void {
  try {
    backend?.dispose();
  } catch {
    // a GPU that failed may fail again while freeing; wasm trains either way
  }
}

// ── The measurement ──────────────────────────────────────────────────────────

/** Iterations per timed trial: two epochs of four batches, the book's ratio of training to evaluation. */
const BATCHES_PER_EPOCH = 4;
const EPOCHS = 2;
const TIMED_TRIALS = 3;

/**
 * Milliseconds per iteration of `shape` on `backend`: a warm-up trial (a GPU compiles its kernels
 * then), then the fastest of three timed ones, each awaited to its last value. Synthetic rows: the
 * values do not change the work, and the learning rate is kept small so that no trial diverges early.
 */
export async function measureIteration(backend: Backend, shape: NetworkShape): Promise<number> {
  const batch = shape.training.batchSize;
  const data = noiseDataset(BATCHES_PER_EPOCH * batch, batch, shape.inputSize, shape.classes);
  const config: TrialConfig = {
    data: { source: 'mnist', trainSize: 0, validationRate: 0, seed: 0 }, // unused: the rows are passed in
    model: shape.model,
    training: { ...shape.training, epochs: EPOCHS, lr: 1e-4 },
  };
  const iterations = BATCHES_PER_EPOCH * EPOCHS;
  let best = Infinity;
  for (let i = 0; i <= TIMED_TRIALS; i++) {
    const t0 = performance.now();
    const outcome = await trainTrial(config, data, backend, i, { onEpoch: () => false });
    await backend.flush?.();
    const ms = performance.now() - t0;
    if (outcome.status !== 'completed') throw new Error(`the measuring trial ended ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}`);
    if (i > 0) best = Math.min(best, ms); // trial 0 warms up
  }
  return best / iterations;
}

/** This machine, as the cache knows it. */
export function machineName(): string {
  return `${hostname()} ${process.platform}-${process.arch}`;
}
