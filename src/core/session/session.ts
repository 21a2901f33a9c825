// A run session: one search, from its first trial to its end. It owns the sampler, the pruner, the
// log and the run state; an executor trains the trials it hands out. Every event goes to disk
// first, then into the state (the one reducer), then to the subscribers.
import type { BackendName, SearchSpec } from '../spec/types';
import type { EpochPoint, TrialEvent, TrialRecord } from '../runs/events';
import type { TrialLog } from '../runs/jsonl';
import { applyEvent, type RunState } from '../runs/state';
import { runInfo, writeRunMeta, type RunInfo, type RunMeta } from '../runs/store';
import { applyParams } from '../spec';
import { paramImportance, rankTrials } from '../search';
import type { Pruner, Sampler } from '../search/types';
import { deriveSeed } from '../random';
import { diskError } from './disk';
import { WeightKeeper } from '../runs/kept-weights';
import type { ExecutorHost, TrialExecutor, TrialJob, TrialOutcome } from './executor';

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
  /** The run folder (exists once the handle is returned). */
  readonly dir: string;
  /** The spec that runs (defaults filled, a grid's trials clipped to its points). */
  readonly spec: SearchSpec;
  readonly backend: BackendName;
  /** The live state: each event is applied as soon as it is on disk. */
  readonly state: RunState;
  /** Resolves when every trial has ended or the run was stopped; rejects when the run store cannot be written. */
  readonly done: Promise<RunSummary>;
  /** Calls `listener` with every event from now on, after it is on disk and in `state`. Returns the unsubscribe. */
  subscribe(listener: (e: TrialEvent) => void): () => void;
  /** The run as the views show it, from the live state (no disk read). */
  info(): RunInfo;
  /** Stops every trial at once; trials in flight end as `cancelled`. */
  cancel(): void;
  /** Stops every trial and writes nothing more (the host is going away, e.g. a window reload):
   * the run stays interrupted on disk, and resume finishes it. */
  detach(): void;
}

export const trialSeed = (spec: SearchSpec, trial: number) => deriveSeed(spec.search.seed, trial, 'trial');

export interface SessionParts {
  dir: string;
  spec: SearchSpec;
  /** Folder of the search.json (data.source.idx resolves against it). */
  baseDir: string;
  backend: BackendName;
  meta: RunMeta;
  /** The run's events so far (empty for a new run, replayed from disk for a resumed one). */
  state: RunState;
  log: TrialLog;
  executor: TrialExecutor;
  sampler: Sampler;
  pruner: Pruner | null;
  /** Trials to run, in order. */
  pending: number[];
  /** Frees the runs root's lock. */
  release: () => void;
  onNote?: (message: string) => void;
}

export class RunSession implements RunHandle, ExecutorHost {
  readonly done: Promise<RunSummary>;
  private resolveDone!: (s: RunSummary) => void;
  private rejectDone!: (e: Error) => void;
  private readonly listeners = new Set<(e: TrialEvent) => void>();
  /** Trials this session started that have not ended. */
  private readonly inFlight = new Set<number>();
  /** The records as the sampler and pruner take them; rebuilt only when a trial starts. */
  private records: TrialRecord[] | undefined;
  private finished = false;
  private readonly t0 = performance.now();
  /** Keeps the best trials' weights on disk; absent when search.keepWeights is 0 (or an older spec has none). */
  private readonly keeper: WeightKeeper | undefined;

  constructor(private readonly parts: SessionParts) {
    const keep = parts.spec.search.keepWeights ?? 0;
    this.keeper = keep > 0 ? new WeightKeeper(parts.dir, keep) : undefined;
    this.done = new Promise<RunSummary>((res, rej) => ((this.resolveDone = res), (this.rejectDone = rej)));
  }

  get dir(): string {
    return this.parts.dir;
  }
  get spec(): SearchSpec {
    return this.parts.spec;
  }
  get backend(): BackendName {
    return this.parts.backend;
  }
  get state(): RunState {
    return this.parts.state;
  }

  subscribe(listener: (e: TrialEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  info(): RunInfo {
    const { dir, spec, meta, state } = this.parts;
    return runInfo(dir, spec, meta, state, 0, this.finished ? undefined : 'running');
  }

  /** Hands the executor its first jobs (called once the caller has the handle). */
  begin(): void {
    if (this.finished) return;
    if (this.parts.pending.length === 0) return void this.finish('completed');
    this.parts.executor.begin(this);
  }

  cancel(): void {
    if (this.finished) return;
    this.guard(() => {
      for (const trial of [...this.inFlight]) this.endTrial(trial, { status: 'cancelled', epochs: this.curveLength(trial), seconds: 0 });
    });
    void this.finish('cancelled');
  }

  detach(): void {
    void this.finish('interrupted');
  }

  // ── ExecutorHost ──────────────────────────────────────────────────────────
  next(): TrialJob | undefined {
    if (this.finished) return undefined;
    const trial = this.parts.pending.shift();
    if (trial === undefined) return undefined;
    return this.guard(() => {
      const { spec, sampler, state, baseDir, backend } = this.parts;
      // a resumed trial keeps the params it was given (model-based samplers depend on history)
      const params = state.trials.get(trial)?.params ?? sampler.sample(trial, this.recordList());
      const seed = trialSeed(spec, trial);
      this.inFlight.add(trial);
      this.record({ type: 'start', trial, seed, params, backend, time: new Date().toISOString() });
      return { trial, seed, params, config: applyParams(spec, params), baseDir, ...(this.keeper ? { keepWeights: true } : {}) };
    });
  }

  epoch(trial: number, point: EpochPoint): boolean {
    if (this.finished || !this.inFlight.has(trial)) return false;
    return (
      this.guard(() => {
        this.record({ type: 'epoch', trial, ...point });
        const record = this.parts.state.trials.get(trial)!;
        return this.parts.pruner?.shouldPrune(record, this.recordList()) ?? false;
      }) ?? false
    );
  }

  restart(trial: number, where: { host: string; backend: BackendName }): void {
    const r = this.parts.state.trials.get(trial);
    if (this.finished || !this.inFlight.has(trial) || !r) return;
    this.guard(() => this.record({ type: 'start', trial, seed: r.seed, params: r.params, backend: where.backend, host: where.host, time: new Date().toISOString() }));
  }

  end(trial: number, outcome: TrialOutcome): void {
    if (this.finished || !this.inFlight.has(trial)) return;
    this.guard(() => {
      this.endTrial(trial, outcome);
      if (this.parts.pending.length === 0 && this.inFlight.size === 0) void this.finish('completed');
    });
  }

  note(message: string): void {
    this.parts.onNote?.(message);
  }

  fail(error: Error): void {
    void this.finish('cancelled', error);
  }

  // ── inside ────────────────────────────────────────────────────────────────
  private recordList(): TrialRecord[] {
    return (this.records ??= [...this.parts.state.trials.values()]);
  }

  private curveLength(trial: number): number {
    return this.parts.state.trials.get(trial)?.curve.length ?? 0;
  }

  private endTrial(trial: number, outcome: TrialOutcome): void {
    this.inFlight.delete(trial);
    const r = this.parts.state.trials.get(trial)!;
    const { status, epochs, seconds, error } = outcome;
    this.record({ type: 'end', trial, status, valAcc: r.valAcc, trainAcc: r.trainAcc, epochs, seconds, error, time: new Date().toISOString() });
    this.keeper?.offer(trial, this.parts.state.trials.values(), outcome.weights);
  }

  /** Disk first: what anyone sees is always what is stored. */
  private record(e: TrialEvent): void {
    this.parts.log.append(e);
    applyEvent(this.parts.state, e);
    if (e.type === 'start') this.records = undefined;
    for (const listener of this.listeners) {
      try {
        listener(e);
      } catch (err) {
        this.parts.onNote?.(`a view of the run failed on an event: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  /** A failure while recording (a full disk) stops the run with that error. */
  private guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (e) {
      void this.finish('cancelled', e as Error);
      return undefined;
    }
  }

  private async finish(status: RunSummary['status'], failure?: Error): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    const { executor, log, meta, dir, release, spec, state, backend } = this.parts;
    await executor.close();
    try {
      log.close();
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
    if (failure) return this.rejectDone(diskError(dir, failure));
    const trials = [...state.trials.values()];
    this.resolveDone({
      dir,
      backend,
      seconds: (performance.now() - this.t0) / 1000,
      status,
      trials: rankTrials(trials),
      importance: paramImportance(trials, spec.search.params),
    });
  }
}
