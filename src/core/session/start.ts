// Starting and resuming a run: the lock, the run folder and its files, the executor made ready,
// then a session that the caller holds before its first trial is handed out.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { BackendChoice, SearchSpec } from '../spec/types';
import { applyParams } from '../spec/apply';
import { createPruner, createSampler } from '../search';
import type { Sampler } from '../search/types';
import { packageVersion } from '../paths';
import { TrialLog } from '../runs/jsonl';
import { acquireLock, LockedError } from '../runs/lock';
import { emptyRunState, isFinished, type RunState } from '../runs/state';
import { nextRunDir, readRun, TRIALS_FILE, writeRunFiles, writeRunMeta, type RunMeta } from '../runs/store';
import { roundFields } from '../runs/rounds';
import type { ExecutorFactory } from './executor';
import { diskError } from './disk';
import { RunSession, type RunHandle } from './session';

export interface RunOptions {
  spec: SearchSpec;
  /** Absolute path of the search.json (data.source.idx resolves against its folder). */
  specPath: string;
  /** The runs root: the run folder `<yyyymmdd-hhmmss>-<name>/` is created inside it. */
  outRoot: string;
  /** What trains the trials (worker threads: src/worker/pool.ts). */
  executor: ExecutorFactory;
  /** Overrides spec.run. */
  workers?: number;
  backend?: BackendChoice;
  /** Human-readable notes (backend fallback, worker replaced…). */
  onNote?: (message: string) => void;
}

export type ResumeOptions = Omit<RunOptions, 'spec' | 'specPath' | 'outRoot'>;

export async function startRun(opts: RunOptions): Promise<RunHandle> {
  try {
    mkdirSync(opts.outRoot, { recursive: true });
  } catch (e) {
    throw diskError(opts.outRoot, e as Error, false);
  }
  const { search } = opts.spec;
  const sampler = createSampler(opts.spec);
  // a grid has as many trials as points (or fewer, when the spec asks for fewer)
  const trials = sampler.size === undefined ? search.trials : Math.min(search.trials, sampler.size);
  const { dir, release } = newRunUnderLock(opts.outRoot, opts.spec.name);
  return open({ ...opts, spec: { ...opts.spec, search: { ...search, trials } } }, sampler, dir, emptyRunState(), release);
}

/** Finishes the trials of `dir` that have no final status (or were cancelled), with the same seeds and params. */
export async function resumeRun(dir: string, opts: ResumeOptions): Promise<RunHandle> {
  const run = readRun(dir);
  const sampler = createSampler(run.spec);
  const release = takeLock(dirname(dir), basename(dir));
  return open({ ...opts, spec: run.spec, specPath: run.meta.specPath, outRoot: dirname(dir) }, sampler, dir, run.state, release, run.meta);
}

/**
 * A new run's folder name, chosen while holding the lock: two searches started in one second
 * would otherwise pick the same name. A holder that released the lock made its folder first
 * (open() creates it before the lock can go), so a name taken meanwhile is seen and skipped.
 */
function newRunUnderLock(runsRoot: string, name: string): { dir: string; release: () => void } {
  for (;;) {
    const dir = nextRunDir(runsRoot, name);
    const release = takeLock(runsRoot, basename(dir));
    if (!existsSync(dir)) return { dir, release };
    release();
  }
}

async function open(opts: RunOptions, sampler: Sampler, dir: string, state: RunState, release: () => void, oldMeta?: RunMeta): Promise<RunHandle> {
  const { spec } = opts;
  // a trial needs running unless it ended by itself (a cancelled one runs again, from scratch)
  const pending: number[] = [];
  for (let t = 0; t < spec.search.trials; t++) {
    const status = state.trials.get(t)?.status;
    if (status === undefined || !isFinished(status)) pending.push(t);
  }
  const baseDir = dirname(opts.specPath || dir);
  const executor = opts.executor({
    workers: opts.workers ?? spec.run.workers,
    fuse: spec.run.fuse,
    backend: opts.backend ?? spec.run.backend,
    network: { config: applyParams(spec, {}), baseDir },
  });
  let ready;
  try {
    ready = await executor.open(Math.max(1, pending.length));
  } catch (e) {
    release();
    throw e;
  }
  const meta: RunMeta = oldMeta ?? { specPath: opts.specPath, started: new Date().toISOString(), version: packageVersion(), ...roundFields(opts.outRoot, spec) };
  delete meta.ended;
  delete meta.stopped;
  if (ready.note) {
    meta.backendNote = ready.note;
    opts.onNote?.(ready.shownNote ?? ready.note);
  }
  let log: TrialLog;
  try {
    if (!oldMeta) {
      mkdirSync(dir);
      // spec.json is the exact spec that ran: defaults filled, the backend that really ran
      writeRunFiles(dir, { ...spec, run: { workers: ready.slots / (ready.fuse ?? 1), ...(ready.fuse && ready.fuse > 1 ? { fuse: ready.fuse } : {}), backend: ready.backend } }, meta);
    } else {
      writeRunMeta(dir, meta);
    }
    log = new TrialLog(join(dir, TRIALS_FILE));
  } catch (e) {
    await executor.close();
    release();
    throw diskError(dir, e as Error);
  }
  const session = new RunSession({
    dir,
    spec,
    baseDir,
    backend: ready.backend,
    meta,
    state,
    log,
    executor,
    sampler,
    pruner: createPruner(spec.search.prune),
    pending,
    release,
    onNote: opts.onNote,
  });
  // the caller subscribes when it has the handle; the first trial starts after that
  setImmediate(() => session.begin());
  return session;
}

/** The lock of the runs root; a root that cannot be written says so in words (LockedError as it is). */
function takeLock(runsRoot: string, run: string): () => void {
  try {
    return acquireLock(runsRoot, run);
  } catch (e) {
    throw e instanceof LockedError ? e : diskError(runsRoot, e as Error, false);
  }
}
