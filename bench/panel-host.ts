// The host's side of a big run, timed on a run folder in a temp dir: reading it (readRun), its
// exports (CSV, JSON), the panel's init (records + importance, and the size of the message), and
// a real resume of an interrupted run (its last trials trained by a stand-in executor that makes
// up curves at once, so that what is timed is the session: sampler, pruner, log, reducer).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportCsv, exportJson } from '../src/core/runs/export';
import { readRun } from '../src/core/runs/store';
import { paramImportance } from '../src/core/search';
import { resumeRun } from '../src/core/session';
import type { ExecutorFactory, ExecutorHost } from '../src/core/session/executor';
import { panelInit, panelStrings } from '../src/extension/logic/panel-messages';
import { untranslated } from '../src/core/translate';
import type { PanelImportance, PanelInit } from '../src/panel/contract';
import { Rng } from '../src/core/random';
import { writeRunFolder, type BigRun } from '../test/webview/big-run';

export interface HostTimings {
  read_ms: number;
  csv_ms: number;
  json_ms: number;
  init_ms: number;
  importance_ms: number;
  init_mb: number;
  /** Resume of an interrupted copy: from the call to the end of its remaining trials. */
  resume_ms: number;
  resumed_trials: number;
}

const time = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now();
  const value = fn();
  return [value, performance.now() - t0];
};
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Trains every job at once with a made-up curve, asking the host after each epoch as a worker does. */
const instantExecutor: ExecutorFactory = () => {
  let closed = false;
  return {
    open: async () => ({ backend: 'wasm', slots: 2 }),
    begin(host: ExecutorHost) {
      const trainOne = () => {
        if (closed) return;
        const job = host.next();
        if (!job) return;
        const rng = new Rng(job.seed);
        let epochs = 0;
        let pruned = false;
        for (let epoch = 1; epoch <= job.config.training.epochs && !pruned && !closed; epoch++) {
          const valAcc = Math.round(rng.uniform(0.1, 0.9) * 100) / 100;
          pruned = host.epoch(job.trial, { epoch, trainAcc: valAcc, valAcc, loss: 1 });
          epochs = epoch;
        }
        if (!closed) host.end(job.trial, { status: pruned ? 'pruned' : 'completed', epochs, seconds: 0 });
        setImmediate(trainOne);
      };
      setImmediate(trainOne);
      setImmediate(trainOne);
    },
    close: async () => void (closed = true),
  };
};

/** The finished run's init as the host sends it when the panel opens (ResultsPanel.sendInit). */
export function finishedInit(dir: string): { init: PanelInit; importance: PanelImportance | undefined } {
  const run = readRun(dir);
  const importance = paramImportance(run.trials, run.spec.search.params);
  return {
    init: panelInit(run, panelStrings(untranslated), 20),
    importance: Object.keys(importance).length > 0 ? { type: 'importance', importance } : undefined,
  };
}

export async function hostTimings(run: BigRun, resumeLast = 10): Promise<HostTimings> {
  const root = mkdtempSync(join(tmpdir(), 'hpl-bench-host-'));
  try {
    const dir = join(root, 'runs', '20250101-000000-book-6.5');
    writeRunFolder(dir, run);
    const [info, read_ms] = time(() => readRun(dir));
    const [, csv_ms] = time(() => exportCsv(info));
    const [, json_ms] = time(() => exportJson(info));
    const [init, init_ms] = time(() => panelInit(info, panelStrings(untranslated), 20));
    const [, importance_ms] = time(() => paramImportance(info.trials, info.spec.search.params));
    const init_mb = Buffer.byteLength(JSON.stringify(init)) / 2 ** 20;

    // An interrupted copy: every event up to the start of the trial `resumeLast` from the end
    // (the trials in flight then, and those after, are left to resume).
    const cut = run.events.findIndex(({ event }) => event.type === 'start' && event.trial === run.spec.search.trials - resumeLast);
    const interrupted = join(root, 'runs', '20250101-000001-book-6.5');
    writeRunFolder(interrupted, { ...run, meta: { ...run.meta, ended: undefined } }, run.events.slice(0, cut).map((e) => e.event));
    const before = readRun(interrupted);
    const resumed_trials = run.spec.search.trials - (before.trials.length - before.state.counts.running);
    const t0 = performance.now();
    const handle = await resumeRun(interrupted, { executor: instantExecutor });
    const summary = await handle.done;
    const resume_ms = performance.now() - t0;
    if (summary.status !== 'completed') throw new Error(`resume ended ${summary.status}`);
    return {
      read_ms: round(read_ms), csv_ms: round(csv_ms), json_ms: round(json_ms), init_ms: round(init_ms),
      importance_ms: round(importance_ms), init_mb: round(init_mb), resume_ms: round(resume_ms), resumed_trials,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
