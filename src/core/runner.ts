// Runs a search: samples trials, hands them to worker threads, writes every event to the run
// store first, then tells subscribers. The CLI and the extension both drive searches through this.
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { BackendChoice, BackendName, Params, SearchSpec } from './spec/types';
import type { EndStatus, TrialEvent, TrialRecord } from './runs/events';
import { applyParams } from './spec';
import { createPruner, createSampler, gridSize, paramImportance, rankTrials } from './search';
import type { Pruner, Sampler } from './search/types';
import { deriveSeed } from './random';
import { packageRoot } from './paths';
import { TrialLog } from './runs/jsonl';
import { acquireLock, LockedError } from './runs/lock';
import { nextRunDir, readRun, TRIALS_FILE, writeRunFiles, writeRunMeta, type RunMeta } from './runs/store';
import { TrialWorker, type WorkerHandlers } from './pool';
import type { WorkerToHost } from '../contract';

export interface RunOptions {
  spec: SearchSpec;
  /** Absolute path of the search.json (data.source.idx resolves against its folder). */
  specPath: string;
  /** The runs root: the run folder `<yyyymmdd-hhmmss>-<name>/` is created inside it. */
  outRoot: string;
  /** Overrides spec.run. */
  workers?: number;
  backend?: BackendChoice;
  /** Path of the built worker entry; default: dist/worker.js of the package. */
  workerScript?: string;
  /** Every event, after it is on disk. */
  onEvent?: (e: TrialEvent) => void;
  /** Human-readable notes (backend fallback, worker replaced…). */
  onNote?: (message: string) => void;
}

export interface RunSummary {
  dir: string;
  backend: BackendName;
  seconds: number;
  status: 'completed' | 'cancelled' | 'interrupted';
  /** Ranked, best first. */
  trials: TrialRecord[];
  importance?: Record<string, number>;
}

export interface RunHandle {
  /** The run folder (exists once startRun returns). */
  readonly dir: string;
  readonly backend: BackendName;
  /** Resolves when every trial has ended or the run was cancelled; rejects when the run store cannot be written. */
  readonly done: Promise<RunSummary>;
  /** Stops every worker at once; trials in flight end as `cancelled`. */
  cancel(): void;
  /** Stops every worker and writes nothing more (the host is going away, e.g. a window reload):
   * the run stays interrupted on disk, and resume finishes it. */
  detach(): void;
}

export const trialSeed = (spec: SearchSpec, trial: number) => deriveSeed(spec.search.seed, trial, 'trial');

export function workerCount(choice: number | 'auto', trials: number): number {
  const n = choice === 'auto' ? availableParallelism() : choice;
  return Math.max(1, Math.min(n, trials));
}

export async function startRun(opts: RunOptions): Promise<RunHandle> {
  try {
    mkdirSync(opts.outRoot, { recursive: true });
  } catch (e) {
    throw diskError(opts.outRoot, e as Error, false);
  }
  const dir = nextRunDir(opts.outRoot, opts.spec.name);
  const { search } = opts.spec;
  // a grid has as many trials as points (or fewer, when the spec asks for fewer)
  const trials = search.method === 'grid' ? Math.min(search.trials, gridSize(opts.spec)) : search.trials;
  return launch({ ...opts, spec: { ...opts.spec, search: { ...search, trials } } }, dir, new Map(), false);
}

/** Finishes the trials of `dir` that have no final status (or were cancelled), with the same seeds and params. */
export async function resumeRun(dir: string, opts: Omit<RunOptions, 'spec' | 'specPath' | 'outRoot'> = {}): Promise<RunHandle> {
  const info = readRun(dir);
  const done = new Map<number, TrialRecord>();
  for (const t of info.trials) done.set(t.trial, t);
  return launch({ ...opts, spec: info.spec, specPath: info.meta.specPath, outRoot: dirname(dir) }, dir, done, true, info.meta);
}

async function launch(
  opts: RunOptions,
  dir: string,
  records: Map<number, TrialRecord>,
  resuming: boolean,
  oldMeta?: RunMeta,
): Promise<RunHandle> {
  const { spec } = opts;
  const release = takeLock(opts.outRoot, basename(dir));
  // HPL_WORKER_SCRIPT: a diagnostic hook (the tests use it to start a worker that crashes)
  const script = opts.workerScript ?? process.env.HPL_WORKER_SCRIPT ?? join(packageRoot(), 'dist', 'worker.js');
  const choice = opts.backend ?? spec.run.backend;
  // a trial needs running unless it ended by itself (a cancelled one runs again, from scratch)
  const pending: number[] = [];
  for (let t = 0; t < spec.search.trials; t++) {
    const r = records.get(t);
    if (!r || r.status === 'running' || r.status === 'cancelled') pending.push(t);
  }
  const sampler: Sampler = createSampler(spec);
  const pruner: Pruner | null = createPruner(spec.search.prune);
  const baseDir = dirname(opts.specPath || dir);
  const t0 = performance.now();

  let log: TrialLog | undefined;
  let finished = false;
  let resolveDone!: (s: RunSummary) => void;
  let rejectDone!: (e: Error) => void;
  const done = new Promise<RunSummary>((res, rej) => ((resolveDone = res), (rejectDone = rej)));
  const workers = new Set<TrialWorker>();

  const record = (e: TrialEvent) => {
    log!.append(e); // disk first: what the user sees is always what is stored
    opts.onEvent?.(e);
  };
  const endTrial = (trial: number, status: EndStatus, epochs: number, seconds: number, error?: string) => {
    const r = records.get(trial)!;
    r.status = status;
    r.seconds = seconds;
    if (error !== undefined) r.error = error;
    record({ type: 'end', trial, status, valAcc: r.valAcc, trainAcc: r.trainAcc, epochs, seconds, error, time: new Date().toISOString() });
  };

  const meta: RunMeta = oldMeta ?? { specPath: opts.specPath, started: new Date().toISOString(), version: version() };
  delete meta.ended;
  delete meta.stopped;

  const finish = async (status: RunSummary['status'], failure?: Error) => {
    if (finished) return;
    finished = true;
    await Promise.all([...workers].map((w) => w.stop()));
    workers.clear();
    try {
      log?.close();
      // a detached run writes nothing more: on disk it stays interrupted, ready to resume
      if (!failure && status !== 'interrupted') {
        meta.ended = new Date().toISOString();
        if (status === 'cancelled') meta.stopped = true;
        writeRunMeta(dir, meta);
      }
    } catch (e) {
      failure ??= e as Error;
    } finally {
      release();
    }
    if (failure) return rejectDone(diskError(dir, failure));
    const trials = [...records.values()];
    resolveDone({
      dir,
      backend: backendName,
      seconds: (performance.now() - t0) / 1000,
      status,
      trials: rankTrials(trials),
      importance: paramImportance(trials, spec.search.params),
    });
  };
  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      void finish('cancelled', e as Error);
    }
  };

  const dispatch = (w: TrialWorker) => {
    if (finished) return;
    const trial = pending.shift();
    if (trial === undefined) {
      if (![...workers].some((x) => x.trial !== undefined)) void finish('completed');
      return;
    }
    const previous = records.get(trial);
    // a resumed trial keeps the params it was given (model-based samplers depend on history)
    const params: Params = previous?.params ?? sampler.sample(trial, [...records.values()]);
    const seed = trialSeed(spec, trial);
    records.set(trial, { trial, seed, params, backend: w.backend, status: 'running', curve: [] });
    record({ type: 'start', trial, seed, params, backend: w.backend, time: new Date().toISOString() });
    w.send({ type: 'trial', trial, seed, params, config: applyParams(spec, params), baseDir });
  };

  const handlers: WorkerHandlers = {
    message: (w, m: WorkerToHost) =>
      guard(() => {
        if (finished) return;
        if (m.type === 'epoch') {
          const r = records.get(m.trial)!;
          r.curve.push(m.point);
          r.valAcc = m.point.valAcc;
          r.trainAcc = m.point.trainAcc;
          record({ type: 'epoch', trial: m.trial, ...m.point });
          w.send({ type: 'verdict', trial: m.trial, prune: pruner?.shouldPrune(r, [...records.values()]) ?? false });
        } else if (m.type === 'end') {
          w.trial = undefined;
          endTrial(m.trial, m.status, m.epochs, m.seconds, m.error);
          dispatch(w);
        }
      }),
    died: (w, trial, reason) =>
      guard(() => {
        workers.delete(w);
        if (finished) return;
        if (trial !== undefined) {
          const r = records.get(trial)!;
          endTrial(trial, 'failed', r.curve.length, 0, `the worker running this trial died: ${reason}`);
        }
        opts.onNote?.(`a worker thread died (${reason}); starting a new one`);
        TrialWorker.start(script, choice, handlers).then(
          (nw) => {
            if (finished) return void nw.stop();
            workers.add(nw);
            dispatch(nw);
          },
          (e: Error) => void finish('cancelled', e),
        );
      }),
  };

  let started: TrialWorker[];
  try {
    const n = workerCount(opts.workers ?? spec.run.workers, Math.max(1, pending.length));
    started = await Promise.all(Array.from({ length: n }, () => TrialWorker.start(script, choice, handlers)));
  } catch (e) {
    release();
    throw e;
  }
  for (const w of started) workers.add(w);
  const backendName = started[0].backend;
  if (started[0].note) {
    meta.backendNote = started[0].note;
    opts.onNote?.(started[0].note);
  }
  try {
    if (!resuming) {
      mkdirSync(dir);
      // spec.json is the exact spec that ran: defaults filled, the backend that really ran
      writeRunFiles(dir, { ...spec, run: { workers: started.length, backend: backendName } }, meta);
    } else {
      writeRunMeta(dir, meta);
    }
    log = new TrialLog(join(dir, TRIALS_FILE));
  } catch (e) {
    await Promise.all(started.map((w) => w.stop()));
    release();
    throw diskError(dir, e as Error);
  }

  if (pending.length === 0) void finish('completed');
  else for (const w of started) guard(() => dispatch(w));

  return {
    dir,
    backend: backendName,
    done,
    cancel() {
      if (finished) return;
      guard(() => {
        for (const w of workers) if (w.trial !== undefined) endTrial(w.trial, 'cancelled', records.get(w.trial)!.curve.length, 0);
      });
      void finish('cancelled');
    },
    detach() {
      void finish('interrupted');
    },
  };
}

/** The lock of the runs root; a root that cannot be written says so in words (LockedError as it is). */
function takeLock(runsRoot: string, run: string): () => void {
  try {
    return acquireLock(runsRoot, run);
  } catch (e) {
    throw e instanceof LockedError ? e : diskError(runsRoot, e as Error, false);
  }
}

/** A write that failed, in words: which folder, why, and what became of the run. */
function diskError(dir: string, e: Error, started = true): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const outcome = started ? 'The run stopped' : 'Nothing was run';
  if (code === 'ENOSPC') return new Error(`the disk is full: cannot write to ${dir}. ${outcome}${started ? `; every finished epoch is in ${join(dir, TRIALS_FILE)}` : ''}.`);
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return new Error(`cannot write to ${dir} (${code}: read-only or not permitted). ${outcome}.`);
  return e;
}

let cachedVersion: string | undefined;
function version(): string {
  return (cachedVersion ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
}
