// One training thread of a remote worker process: the same worker thread (dist/worker.js) and
// messages as a local run, so a trial trains the same, bit for bit, wherever it runs. Training
// stays off the process's event loop, which keeps renewing BullMQ's job locks meanwhile. With
// `fuse` > 1 the thread trains its trials as populations (src/worker/population-runner.ts): up to
// `fuse` of one shape in lock-step, each with its own epochs, verdicts and end.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../core/paths';
import type { BackendName } from '../core/spec/types';
import type { EpochPoint } from '../core/runs/events';
import type { TrialJob, TrialOutcome } from '../core/session/executor';
import { FuseRefusedError } from '../core/session/fuse-refusal';
import type { HostToWorker, WorkerInit, WorkerToHost } from '../worker/contract';

interface InFlight {
  onEpoch: (p: EpochPoint) => boolean;
  onEnd: (o: TrialOutcome) => void;
  epochs: number;
  /** What the trial may share a population with (populationGroup). */
  group: string;
}

export class TrainingSlot {
  /** By the thread's own trial number: jobs of two coordinators may carry the same trial number. */
  private readonly trials = new Map<number, InFlight>();
  private nextId = 0;
  /** False once the thread has exited (it died, or was stopped): a new slot takes its place. */
  alive = true;

  private constructor(
    private readonly worker: Worker,
    readonly backend: BackendName,
    readonly note: string | undefined,
    /** Trials it trains at once (the fuse asked for, resolved for its backend). */
    readonly fuse: number,
  ) {
    worker.on('message', (m: WorkerToHost) => this.received(m));
    const died = (why: string) => {
      this.alive = false;
      for (const id of [...this.trials.keys()]) this.finish(id, { status: 'failed', epochs: this.trials.get(id)!.epochs, seconds: 0, error: `the worker thread died: ${why}` });
    };
    worker.on('error', (e) => died(e instanceof Error ? e.message : String(e)));
    worker.on('exit', (code) => died(`exit code ${code}`));
  }

  /** Starts the thread and waits for its backend. */
  static start(init: WorkerInit): Promise<TrainingSlot> {
    const script = process.env.HPL_WORKER_SCRIPT ?? join(packageRoot(), 'dist', 'worker.js');
    return new Promise((resolve, reject) => {
      const worker = new Worker(script, { workerData: init });
      const first = (m: WorkerToHost) => {
        worker.off('message', first);
        if (m.type === 'ready') resolve(new TrainingSlot(worker, m.backend, m.note, m.fuse ?? 1));
        else {
          void worker.terminate();
          // a population that does not fit keeps its facts: the CLI words them in the user's language
          reject(m.type === 'fatal' ? (m.refusal ? new FuseRefusedError(m.refusal) : new Error(m.error)) : new Error(`unexpected first message ${m.type}`));
        }
      };
      worker.on('message', first);
      worker.once('error', reject);
    });
  }

  /** Trials in flight (training, or waiting in the thread for a population of their shape). */
  get load(): number {
    return this.trials.size;
  }

  /** The groups of the trials in flight, oldest first. */
  groups(): string[] {
    return [...this.trials.values()].map((t) => t.group);
  }

  /** Trains one trial; `onEpoch` answers at each epoch whether to stop here. */
  train(job: TrialJob, group: string, onEpoch: (p: EpochPoint) => boolean): Promise<TrialOutcome> {
    const id = this.nextId++;
    return new Promise((onEnd) => {
      this.trials.set(id, { onEpoch, onEnd, epochs: 0, group });
      this.send({ type: 'trial', ...job, trial: id });
    });
  }

  /** Stops the thread at once; the trials in flight end (failed) and the caller decides what that means. */
  async close(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private received(m: WorkerToHost): void {
    if (m.type === 'epoch') {
      const t = this.trials.get(m.trial);
      if (!t) return;
      t.epochs = m.point.epoch;
      this.send({ type: 'verdict', trial: m.trial, prune: t.onEpoch(m.point) });
    } else if (m.type === 'end') {
      const { type, trial, ...outcome } = m;
      void type;
      this.finish(trial, outcome);
    }
  }

  private finish(id: number, outcome: TrialOutcome): void {
    const t = this.trials.get(id);
    this.trials.delete(id);
    t?.onEnd(outcome);
  }

  private send(m: HostToWorker): void {
    this.worker.postMessage(m);
  }
}
