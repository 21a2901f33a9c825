// The first layer's products, dense gemm against the sparse-input kernels, on real MNIST rows
// (the book's data: the first 500 training images, pixels / 255), then one whole §6.5 trial on the
// wasm backend with and without them. `npx tsx bench/sparse.ts [--trials N]` (0: the products only). GFLOP/s counts the
// dense product's 2·M·N·K, so the columns compare directly; times are per call, by CPU time
// (on a shared machine, time spent waiting for a core does not count), medians after a warm-up.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDataset } from '../src/core/data/load';
import type { Dataset } from '../src/core/data/dataset';
import { applyParams } from '../src/core/spec';
import { loadSpec } from '../src/core/load-spec';
import type { Backend, Mat } from '../src/core/train/backend';
import { createWasmBackend } from '../src/core/train/backends/wasm';
import { trainTrial } from '../src/core/train/trainer';
import { Rng } from '../src/core/random';

const BOOK_SPEC = join(__dirname, '..', 'examples', 'book-6.5', 'search.json');

interface Shape {
  name: string;
  /** rows of X (the batch, or every row at evaluation) */
  rows: number;
  /** C = X·W (forward) or C = Xᵀ·dY (dW) */
  form: 'forward' | 'dW';
}

const SHAPES: Shape[] = [
  { name: 'X·W      100×784 · 784×100', rows: 100, form: 'forward' },
  { name: 'X·W      500×784 · 784×100', rows: 500, form: 'forward' },
  { name: 'Xᵀ·dY (100×784)ᵀ · 100×100', rows: 100, form: 'dW' },
];
const HIDDEN = 100;

async function benchProducts(data: Dataset): Promise<string[]> {
  const pixels = new Float32Array([...data.xTrain, ...data.xVal]);
  const k = data.inputSize;
  const zeros = pixels.reduce((n, v) => n + (v === 0 ? 1 : 0), 0) / pixels.length;
  const rng = new Rng(1);
  const lines = [`MNIST rows: ${(100 * zeros).toFixed(1)} % zeros`, `${'shape'.padEnd(28)}  input   dense ms  GFLOP/s   sparse ms  GFLOP/s  speed-up`];
  const backend = await createWasmBackend();
  for (const shape of SHAPES) {
    for (const input of ['mnist', 'dense'] as const) {
      // MNIST rows, or the same count of rows with no zeros (the kernels' worst case)
      const x = input === 'mnist' ? pixels.subarray(0, shape.rows * k) : Float32Array.from({ length: shape.rows * k }, () => rng.uniform(0.01, 1));
      const X = matrix(backend, shape.rows, k, x);
      const other = matrix(backend, shape.form === 'forward' ? k : shape.rows, HIDDEN, Float32Array.from({ length: (shape.form === 'forward' ? k : shape.rows) * HIDDEN }, () => rng.uniform(-0.1, 0.1)));
      const C = shape.form === 'forward' ? backend.alloc(shape.rows, HIDDEN) : backend.alloc(k, HIDDEN);
      const dense = shape.form === 'forward' ? () => backend.gemm(C, X, other, false, false) : () => backend.gemm(C, X, other, true, false);
      const sparse = shape.form === 'forward' ? () => backend.gemmSparseA!(C, X, other) : () => backend.gemmSparseAT!(C, X, other);
      const flops = 2 * shape.rows * k * HIDDEN;
      const d = cpuSecondsPerCall(dense);
      const s = cpuSecondsPerCall(sparse);
      const cell = (sec: number) => `${(sec * 1e3).toFixed(3).padStart(8)}  ${(flops / sec / 1e9).toFixed(1).padStart(7)}`;
      lines.push(`${shape.name.padEnd(28)}  ${input.padEnd(5)}  ${cell(d)}    ${cell(s)}  ${(d / s).toFixed(2).padStart(7)}×`);
    }
  }
  backend.dispose();
  return lines;
}

/** CPU seconds of one whole trial of the book's network, median of `trials`, sparse products on and off. */
async function benchTrial(data: Dataset, trials: number): Promise<string[]> {
  const parsed = loadSpec(BOOK_SPEC);
  if (!parsed.spec) throw new Error(`${BOOK_SPEC}: ${JSON.stringify(parsed.errors)}`);
  // a trial that learns (the book's best learning rates lie in 2.7e-3 … 9.6e-3)
  const config = applyParams(parsed.spec, { 'training.lr': 0.006, 'training.weightDecay': 1e-6 });
  const keepGoing = { onEpoch: () => false };
  const seconds: Record<'sparse' | 'dense', number[]> = { sparse: [], dense: [] };
  let valAcc: Record<string, number> = {};
  for (let i = 0; i <= trials; i++) {
    for (const kind of ['sparse', 'dense'] as const) {
      const fresh = await createWasmBackend();
      const backend = kind === 'sparse' ? fresh : withoutSparse(fresh);
      const cpu0 = process.cpuUsage();
      const outcome = await trainTrial(config, data, backend, 1, keepGoing);
      const used = process.cpuUsage(cpu0);
      if (i > 0) seconds[kind].push((used.user + used.system) / 1e6); // the first round warms up
      valAcc = { ...valAcc, [kind]: outcome.curve.at(-1)?.valAcc ?? NaN };
      fresh.dispose();
    }
  }
  const s = median(seconds.sparse);
  const d = median(seconds.dense);
  return [
    `one §6.5 trial (784→6×100→10, 50 epochs), wasm, CPU s, median of ${trials}:`,
    `  dense gemm ${d.toFixed(3)} s   sparse first layer ${s.toFixed(3)} s   ${(d / s).toFixed(2)}× (final val acc ${valAcc.dense} / ${valAcc.sparse})`,
  ];
}

function matrix(backend: Backend, rows: number, cols: number, values: Float32Array): Mat {
  const m = backend.alloc(rows, cols);
  backend.write(m, values);
  return m;
}

function withoutSparse(backend: Backend): Backend {
  return Object.create(backend, { gemmSparseA: { value: undefined }, gemmSparseAT: { value: undefined } }) as Backend;
}

/** Median CPU seconds per call over 7 samples of ≥ 30 ms each, after 200 ms of warm-up. */
function cpuSecondsPerCall(call: () => void): number {
  const start = performance.now();
  do call(); while (performance.now() - start < 200);
  const samples: number[] = [];
  for (let s = 0; s < 7; s++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let calls = 0;
    do {
      call();
      calls++;
    } while (performance.now() - t0 < 30);
    const used = process.cpuUsage(cpu0);
    samples.push((used.user + used.system) / 1e6 / calls);
  }
  return median(samples);
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { trials: { type: 'string', default: '3' } } });
  const parsed = loadSpec(BOOK_SPEC);
  if (!parsed.spec) throw new Error(`${BOOK_SPEC}: ${JSON.stringify(parsed.errors)}`);
  const data = loadDataset(parsed.spec.data, join(__dirname, '..'));
  console.log((await benchProducts(data)).join('\n'));
  const trials = Number(values.trials);
  if (trials > 0) console.log((await benchTrial(data, trials)).join('\n'));
}

if (require.main === module) void main();
