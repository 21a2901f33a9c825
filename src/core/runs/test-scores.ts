// Test accuracy of a run's kept weights: each trial's net rebuilt from its spec and params, its
// arrays loaded from weights/trial-NNNN.npz, the test set predicted in test mode (the book's
// predict(train_flg=False): batch norm with its running statistics, dropout scaled by 1 − ratio),
// on the fastest CPU backend (wasm, else js). Written to test.json beside the run; it is for
// reporting only — ranking, TPE and narrowing never read it (§6.5.1).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunInfo } from './store';
import { writeFileAtomic } from './store';
import { keptTrials, weightFile } from './kept-weights';
import { parseNpz } from './npz';
import { rankTrials } from '../search/ranking';
import { applyParams } from '../spec/apply';
import { loadTestSet, type TestSet } from '../data/test-set';
import { evaluationChunkRows } from '../train/evaluation';
import { MultiLayerNet } from '../train/net';
import { loadWeights } from '../train/weights';
import { JsBackend } from '../train/backends/js';
import { createWasmBackend } from '../train/backends/wasm';
import type { Backend } from '../train/backend';
import { TEST_FILE, type TestReport, type TrialTestScore } from './test-report';

export class NoKeptWeightsError extends Error {}

/** wasm where it loads, else the js reference (same numbers within float32 rounding). */
async function cpuBackend(): Promise<{ backend: Backend; note?: string }> {
  try {
    return { backend: await createWasmBackend() };
  } catch (e) {
    return { backend: new JsBackend(), note: `wasm unavailable (${e instanceof Error ? e.message : String(e)}); scored on js` };
  }
}

/** Scores the best `top` kept trials (all kept ones when absent) and writes test.json. */
export async function scoreTestSet(run: RunInfo, top?: number, onProgress?: (done: number, total: number) => void): Promise<TestReport & { note?: string }> {
  const kept = new Set(keptTrials(run.dir));
  if (kept.size === 0) {
    throw new NoKeptWeightsError(`${run.dir}: no kept weights (no ${join('weights', 'trial-NNNN.npz')} files) — set "search.keepWeights" (e.g. 20) in the search.json and run it again`);
  }
  const ranked = rankTrials(run.trials);
  const chosen = ranked.map((r, i) => ({ r, rank: i + 1 })).filter(({ r }) => kept.has(r.trial)).slice(0, top ?? kept.size);
  const baseDir = run.meta.specPath ? dirname(run.meta.specPath) : run.dir;
  const test = loadTestSet(run.spec.data.source, baseDir);
  const { backend, note } = await cpuBackend();
  const trials: TrialTestScore[] = [];
  try {
    for (const { r, rank } of chosen) {
      const file = weightFile(run.dir, r.trial);
      const arrays = parseNpz(new Uint8Array(readFileSync(file)), file);
      const testAcc = testAccuracy(backend, applyParams(run.spec, r.params).model, arrays, file, test);
      trials.push({ trial: r.trial, rank, ...(r.valAcc !== undefined ? { valAcc: r.valAcc } : {}), testAcc, file });
      onProgress?.(trials.length, chosen.length);
    }
  } finally {
    backend.dispose();
  }
  const report: TestReport = {
    run: run.dir,
    time: new Date().toISOString(),
    data: { source: test.embedded ? 'mnist' : 'idx', dir: test.dir, images: test.t.length },
    backend: backend.name,
    trials,
  };
  writeFileAtomic(join(run.dir, TEST_FILE), JSON.stringify(report, null, 2) + '\n');
  return { ...report, ...(note ? { note } : {}) };
}

function testAccuracy(backend: Backend, model: RunInfo['spec']['model'], arrays: ReturnType<typeof parseNpz>, file: string, test: TestSet): number {
  const last = model.hiddenSizes.length + 1;
  const wIn = arrays.W1;
  const wOut = arrays[`W${last}`];
  if (!wIn || !wOut) throw new Error(`${file}: has no W1 or W${last}; the run's network has ${last} weight matrices`);
  if (wIn.shape[0] !== test.inputSize) throw new Error(`${file}: W1 takes ${wIn.shape[0]} inputs, the test images have ${test.inputSize} pixels`);
  const classes = wOut.shape[1];
  const n = test.t.length;
  const chunk = evaluationChunkRows(n, Math.max(test.inputSize, classes, ...model.hiddenSizes));
  const mark = backend.mark();
  try {
    const net = new MultiLayerNet(backend, model, 0, { inputSize: test.inputSize, classes, rows: { train: 1, test: chunk } }, { init: { normal: () => 0 }, dropout: { next: () => 0 } });
    loadWeights(backend, net, arrays, file);
    const x = backend.alloc(chunk, test.inputSize);
    const t = backend.allocInts(chunk);
    const xHost = new Float32Array(chunk * test.inputSize);
    const tHost = new Int32Array(chunk);
    let correct = 0;
    for (let start = 0; start < n; start += chunk) {
      const rows = Math.min(chunk, n - start);
      xHost.fill(0).set(test.x.subarray(start * test.inputSize, (start + rows) * test.inputSize));
      tHost.fill(-1).set(test.t.subarray(start, start + rows)); // −1 pads the last chunk: never counts
      backend.write(x, xHost);
      backend.writeInts(t, tHost);
      correct += backend.countCorrect(net.predict(x, false), t) as number; // a CPU backend's count is a number
    }
    return correct / n;
  } finally {
    backend.release(mark);
  }
}
