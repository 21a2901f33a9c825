// The protocol between a coordinator (`hparam-lab run --queue`) and remote workers
// (`hparam-lab worker --queue`), carried by BullMQ on Redis. It imports core types; core never
// imports it.
//
// Why job progress for the epochs: BullMQ writes every `job.updateProgress` to the queue's event
// stream (a Redis stream read with XREAD from the last id seen), so the points arrive in order,
// as they happen, and survive a reconnect of either side; no second channel to keep in step.
// Stops travel the other way twice: published at once (the worker hears it during the next epoch,
// so that epoch is its last), and as a key the worker reads at every epoch, which outlives a
// reconnect where a pub/sub message would be lost.
import type { BackendName, Params, TrialConfig } from '../core/spec/types';
import type { EndStatus, EpochPoint } from '../core/runs/events';
import type { DataRefusal } from './words';

/** The one queue every coordinator and worker of a Redis database shares. */
export const QUEUE_NAME = 'hparam-lab-trials';
/** The job name of a trial. */
export const TRIAL_JOB = 'trial';

/** SHA-256 (hex) of each IDX file of a folder, by file name; "mnist" is embedded in every worker. */
export type DataIdentity = 'mnist' | { idx: Record<string, string> };

/** job.data: one trial, with everything a worker on another host needs (no path of the coordinator's is trusted blindly). */
export interface TrialJobData {
  /** The coordinator session that waits for it (a resumed run is another session). */
  session: string;
  trial: number;
  seed: number;
  params: Params;
  config: TrialConfig;
  /** Folder of the spec on the coordinator's host: tried first, used only when its bytes match. */
  baseDir: string;
  data: DataIdentity;
  /** The run keeps its best trials' weights: the worker leaves them at weightsKey(job id, attempt). */
  keepWeights?: true;
}

/** job.progress, in the order a worker sends them. `attempt` tells one pickup of the job from another. */
export type TrialProgress =
  | { kind: 'start'; attempt: string; host: string; worker: string; backend: BackendName }
  | { kind: 'epoch'; attempt: string; point: EpochPoint }
  /** Sent before the job fails for want of its data: the coordinator words it in its user's language. */
  | { kind: 'refused'; refusal: DataRefusal };

/** The job's return value. */
export interface TrialResult {
  attempt: string;
  status: EndStatus;
  epochs: number;
  seconds: number;
  error?: string;
  /** The trial's final weights wait at weightsKey(job id, attempt) as .npz bytes (kept out of the result,
   * which BullMQ also copies into its event stream). */
  weights?: true;
  /** The worker let the trial go because its session key was gone (the coordinator dead, or Redis
   * away longer than the key lives): a coordinator that is in fact alive queues it again. */
  abandoned?: true;
}

/** What a worker registers (and refreshes) while it runs. */
export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  backend: BackendName;
  /** Trials it trains at once: threads × fuse (the coordinator queues that many for it). */
  slots: number;
  /** Trials each thread trains as one population, when more than 1. */
  fuse?: number;
}

// Keys beside BullMQ's own (`bull:<queue>:…`).
const KEY = 'hparam-lab';
/** A worker's registration, refreshed every WORKER_TTL_MS / 3. */
export const workerKey = (id: string) => `${KEY}:worker:${id}`;
export const WORKER_PATTERN = `${KEY}:worker:*`;
/** Exists while the coordinator of `session` waits for its trials. */
export const sessionKey = (session: string) => `${KEY}:session:${session}`;
/** Set when the coordinator no longer wants the job's trial (pruned, stopped). */
export const stopKey = (jobId: string) => `${KEY}:stop:${jobId}`;
/** A finished pickup's weights (.npz bytes) until its coordinator takes them (or WEIGHTS_TTL_MS passes);
 * by attempt, so a superseded pickup's never stand in for the one that counts. */
export const weightsKey = (jobId: string, attempt: string) => `${KEY}:weights:${jobId}:${attempt}`;
export const WEIGHTS_TTL_MS = 3_600_000;
/** The channel a stop is published on (the message: the job id). */
export const STOP_CHANNEL = `${KEY}:stops`;

/** Lifetimes (ms); the tests shorten them through HPL_QUEUE_TIMING="lock,stalled,ttl". */
export interface QueueTiming {
  /** BullMQ's job lock: a worker silent this long has stalled and its job is re-queued. */
  lockMs: number;
  /** How often workers look for stalled jobs. */
  stalledMs: number;
  /** How long a registration (worker or session) lives without a refresh. */
  ttlMs: number;
}

export function queueTiming(env: NodeJS.ProcessEnv = process.env): QueueTiming {
  const [lock, stalled, ttl] = (env.HPL_QUEUE_TIMING ?? '').split(',').map(Number);
  const ok = (v: number | undefined, d: number) => (v !== undefined && Number.isFinite(v) && v > 0 ? v : d);
  return { lockMs: ok(lock, 30_000), stalledMs: ok(stalled, 15_000), ttlMs: ok(ttl, 15_000) };
}
