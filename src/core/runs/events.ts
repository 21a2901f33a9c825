// One line of a run's trials.jsonl. The file is append-only and the source of truth: the tree,
// the panel and resume are all rebuilt from these events. A later `start` for the same trial
// (a resumed trial) replaces everything recorded for it before.
import type { BackendName, Params } from '../spec/types';

export type TrialStatus = 'running' | 'completed' | 'pruned' | 'diverged' | 'failed' | 'cancelled';
export type EndStatus = Exclude<TrialStatus, 'running'>;

export interface EpochPoint {
  /** 1-based, up to training.epochs. */
  epoch: number;
  trainAcc: number;
  valAcc: number;
  /** Mean training loss of the iterations since the previous evaluation. */
  loss: number;
}

export interface StartEvent {
  type: 'start';
  trial: number;
  seed: number;
  params: Params;
  backend: BackendName;
  /** The host that trains it, when a remote worker does (`hparam-lab worker`). */
  host?: string;
  time: string; // ISO
}

export interface EpochEvent extends EpochPoint {
  type: 'epoch';
  trial: number;
}

export interface EndEvent {
  type: 'end';
  trial: number;
  status: EndStatus;
  /** Last recorded point (the book ranks by the final value); absent when no epoch finished. */
  valAcc?: number;
  trainAcc?: number;
  epochs: number;
  seconds: number;
  error?: string;
  time: string;
}

export type TrialEvent = StartEvent | EpochEvent | EndEvent;

/** A trial as rebuilt from its events. */
export interface TrialRecord {
  trial: number;
  seed: number;
  params: Params;
  backend: BackendName;
  host?: string;
  status: TrialStatus;
  curve: EpochPoint[];
  valAcc?: number;
  trainAcc?: number;
  seconds?: number;
  error?: string;
}
