// Every message that crosses a thread or a webview boundary, typed in one place:
// extension host / CLI ↔ worker thread, and extension host ↔ panel webview.
import type { BackendChoice, BackendName, Params, TrialConfig } from './core/spec/types';
import type { EndStatus, EpochPoint, TrialRecord } from './core/runs/events';

// ── host → worker ────────────────────────────────────────────────────────────
export interface TrialTask {
  type: 'trial';
  trial: number;
  seed: number;
  params: Params;
  config: TrialConfig;
  /** Absolute folder of the spec: data.source.idx is resolved against it. */
  baseDir: string;
}
/** The answer to every `epoch` message: go on, or stop this trial as pruned. */
export interface VerdictMessage {
  type: 'verdict';
  trial: number;
  prune: boolean;
}
export interface WorkerInit {
  /** workerData of a new worker: the backend it must create. */
  backend: BackendChoice;
}
export type HostToWorker = TrialTask | VerdictMessage;

// ── worker → host ────────────────────────────────────────────────────────────
export interface WorkerReady {
  type: 'ready';
  backend: BackendName;
  /** Why `auto` did not pick a faster backend, if it did not (e.g. no hardware GPU adapter). */
  note?: string;
}
export interface WorkerEpoch {
  type: 'epoch';
  trial: number;
  point: EpochPoint;
}
export interface WorkerEnd {
  type: 'end';
  trial: number;
  status: EndStatus;
  epochs: number;
  seconds: number;
  error?: string;
}
export interface WorkerFatal {
  type: 'fatal';
  error: string;
}
export type WorkerToHost = WorkerReady | WorkerEpoch | WorkerEnd | WorkerFatal;

// ── host → webview ───────────────────────────────────────────────────────────
export interface PanelRun {
  dir: string;
  name: string;
  backend: string;
  epochs: number;
  trialsTotal: number;
  /** Searched params: dotted path → scale used for axes. */
  params: Record<string, 'log' | 'linear' | 'band'>;
}
export interface PanelInit {
  type: 'init';
  run: PanelRun;
  trials: TrialRecord[];
  /** Localised strings for the panel. */
  strings: Record<string, string>;
  bestN: number;
}
/** A batch of changes since the last message (≤10 per second). */
export interface PanelUpdate {
  type: 'update';
  epochs: { trial: number; point: EpochPoint }[];
  trials: TrialRecord[]; // trials whose status/params/final values changed (curve omitted)
}
export interface PanelSelect {
  type: 'select';
  trial: number | null;
}
export interface PanelImportance {
  type: 'importance';
  importance: Record<string, number>;
}
export type HostToPanel = PanelInit | PanelUpdate | PanelSelect | PanelImportance;

// ── webview → host ───────────────────────────────────────────────────────────
export type PanelToHost =
  | { type: 'ready' }
  | { type: 'select'; trial: number | null }
  | { type: 'setBestN'; n: number };
