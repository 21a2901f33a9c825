// The contract between a run session and whatever trains its trials: worker threads on this
// machine (src/worker/pool.ts) today; fused populations and workers on other hosts plug in here too.
// The session keeps the sampler, the pruner, the log and the state; an executor trains the trials
// it takes and says what happened, nothing more.
import type { BackendChoice, BackendName, Params, TrialConfig } from '../spec/types';
import type { EndStatus, EpochPoint } from '../runs/events';
import type { NpzArrays } from '../runs/npz';

/** One trial to train: everything an executor needs, nothing it must look up. */
export interface TrialJob {
  trial: number;
  seed: number;
  params: Params;
  /** The spec with the trial's params applied. */
  config: TrialConfig;
  /** Absolute folder of the spec: data.source.idx is resolved against it. */
  baseDir: string;
  /** The run keeps its best trials' weights (search.keepWeights > 0): send them back with the end. */
  keepWeights?: boolean;
}

export interface TrialOutcome {
  status: EndStatus;
  /** Epochs that finished. */
  epochs: number;
  seconds: number;
  error?: string;
  /** The final weights by the book's names (asked for by TrialJob.keepWeights; completed or pruned trials only). */
  weights?: NpzArrays;
}

/** What a session offers its executor. The executor calls it in the order things happen. */
export interface ExecutorHost {
  /** The next trial to train (its params are sampled now, from every result so far), or undefined
   * when no trial is left to start. */
  next(): TrialJob | undefined;
  /** An epoch of `trial` finished; the answer says whether to stop the trial here (pruned). */
  epoch(trial: number, point: EpochPoint): boolean;
  /** An in-flight `trial` (re)starts on a machine of its own (a remote worker took it, or took it
   * again after its first worker died): a new `start` event names where, superseding what the
   * trial had recorded before. Executors on this machine never call it. */
  restart?(trial: number, where: { host: string; backend: BackendName }): void;
  /** `trial` ended; its slot is free for the next job. */
  end(trial: number, outcome: TrialOutcome): void;
  /** Something the user should know (a backend fallback, a worker replaced). */
  note(message: string): void;
  /** The executor cannot go on (a replacement worker failed to start): the run stops with this error. */
  fail(error: Error): void;
}

export interface ExecutorReady {
  /** The backend that really trains (`auto` resolved). */
  backend: BackendName;
  /** How many trials train at once. */
  slots: number;
  /** Trials per population where the executor fuses them (slots = workers × fuse). */
  fuse?: number;
  /** How `auto` decided ("gpu: 3.1× wasm on this network", "wasm: no GPU backend (…)"). */
  note?: string;
  /** The note in the user's language, to show now, where it differs from `note` (run.json keeps that one). */
  shownNote?: string;
}

export interface TrialExecutor {
  /** Gets ready to train up to `trials` trials (threads started, backends created). Rejects with
   * the reason when it cannot; nothing is left running then. */
  open(trials: number): Promise<ExecutorReady>;
  /** From now on, whenever a slot is free, takes the next job from `host`, until it has none. */
  begin(host: ExecutorHost): void;
  /** Stops every trial in flight at once and frees everything; the host hears nothing more. */
  close(): Promise<void>;
}

/** What the spec (or the user's override) asks of the executor. */
export interface ExecutorSettings {
  workers: number | 'auto';
  /** run.fuse: trials a worker trains together as one population (1 = off). */
  fuse?: number | 'auto';
  backend: BackendChoice;
  /** The network `auto` measures a GPU on: the spec's values before any are sampled, and the
   * folder its data.source.idx resolves against. */
  network: { config: TrialConfig; baseDir: string };
}

export type ExecutorFactory = (settings: ExecutorSettings) => TrialExecutor;
