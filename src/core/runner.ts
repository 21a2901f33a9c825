// Runs a search: samples trials, hands them to worker threads, writes every event to the run
// store first, then tells subscribers. The CLI and the extension both drive searches through this.
import type { BackendChoice, BackendName, SearchSpec } from './spec/types';
import type { TrialEvent, TrialRecord } from './runs/events';

export interface RunOptions {
  spec: SearchSpec;
  /** Absolute path of the search.json (data.source.idx resolves against its folder). */
  specPath: string;
  /** The runs root: the run folder `<yyyymmdd-hhmmss>-<name>/` is created inside it. */
  outRoot: string;
  /** Overrides spec.run. */
  workers?: number;
  backend?: BackendChoice;
  /** Path of the built worker entry (dist/worker.js); default: found from the package root. */
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
  status: 'completed' | 'cancelled';
  /** Ranked, best first. */
  trials: TrialRecord[];
  importance?: Record<string, number>;
}

export interface RunHandle {
  /** The run folder (exists once startRun returns). */
  readonly dir: string;
  readonly done: Promise<RunSummary>;
  /** Stops every worker within one epoch; trials in flight end as `cancelled`. */
  cancel(): void;
}

export declare function startRun(opts: RunOptions): Promise<RunHandle>;
/** Finishes the trials of `dir` that have no final status (or were cancelled), with the same seeds. */
export declare function resumeRun(dir: string, opts: Omit<RunOptions, 'spec' | 'specPath' | 'outRoot'>): Promise<RunHandle>;
