// The protocol between the host (the extension host or the CLI) and a trial worker thread.
// It imports core types; core never imports it.
import type { BackendChoice, BackendName } from '../core/spec/types';
import type { EpochPoint } from '../core/runs/events';
import type { ExecutorSettings, TrialJob, TrialOutcome } from '../core/session/executor';
import type { FuseRefusal } from '../core/session/fuse-refusal';

/** workerData of a new worker: the backend it must create (once, for every trial it trains), and
 * the network `auto` measures a hardware GPU on. */
export interface WorkerInit {
  backend: BackendChoice;
  network: ExecutorSettings['network'];
  /** run.fuse: trials this worker trains as one population (resolved and bounded by the worker). */
  fuse?: ExecutorSettings['fuse'];
  /** Worker threads of this run on this machine: they share the memory a population may use (default 2). */
  workers?: number;
}

// ── host → worker ────────────────────────────────────────────────────────────
export interface TrialMessage extends TrialJob {
  type: 'trial';
}
/** The answer to every `epoch` message: go on, or stop this trial as pruned. */
export interface VerdictMessage {
  type: 'verdict';
  trial: number;
  prune: boolean;
}
export type HostToWorker = TrialMessage | VerdictMessage;

// ── worker → host ────────────────────────────────────────────────────────────
export interface WorkerReady {
  type: 'ready';
  backend: BackendName;
  /** How `auto` decided (e.g. "wasm: no GPU backend (no WebGPU adapter was found …)"). */
  note?: string;
  /** Trials it trains at once (run.fuse resolved for its backend). */
  fuse?: number;
}
export interface WorkerEpoch {
  type: 'epoch';
  trial: number;
  point: EpochPoint;
}
export interface WorkerEnd extends TrialOutcome {
  type: 'end';
  trial: number;
}
export interface WorkerFatal {
  type: 'fatal';
  error: string;
  /** Set when the worker refused run.fuse for memory: the host words it in the user's language. */
  refusal?: FuseRefusal;
}
export type WorkerToHost = WorkerReady | WorkerEpoch | WorkerEnd | WorkerFatal;
