// One training thread of a remote worker process: the same worker thread (dist/worker.js) and
// messages as a local run, so a trial trains the same, bit for bit, wherever it runs. Training
// stays off the process's event loop, which keeps renewing BullMQ's job locks meanwhile.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../core/paths';
import type { BackendName } from '../core/spec/types';
import type { EpochPoint } from '../core/runs/events';
import type { TrialJob, TrialOutcome } from '../core/session/executor';
import type { HostToWorker, WorkerInit, WorkerToHost } from '../worker/contract';

export class TrainingSlot {
  private onEpoch: ((p: EpochPoint) => boolean) | undefined;
  private onEnd: ((o: TrialOutcome) => void) | undefined;
  private epochs = 0;
  /** False once the thread has exited (it died, or was stopped): a new slot takes its place. */
  alive = true;

  private constructor(
    private readonly worker: Worker,
    readonly backend: BackendName,
    readonly note: string | undefined,
  ) {
    worker.on('message', (m: WorkerToHost) => this.received(m));
    const died = (why: string) => {
      this.alive = false;
      this.finish({ status: 'failed', epochs: this.epochs, seconds: 0, error: `the worker thread died: ${why}` });
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
        if (m.type === 'ready') resolve(new TrainingSlot(worker, m.backend, m.note));
        else {
          void worker.terminate();
          reject(new Error(m.type === 'fatal' ? m.error : `unexpected first message ${m.type}`));
        }
      };
      worker.on('message', first);
      worker.once('error', reject);
    });
  }

  /** Trains one trial; `onEpoch` answers at each epoch whether to stop here. */
  train(job: TrialJob, onEpoch: (p: EpochPoint) => boolean): Promise<TrialOutcome> {
    this.epochs = 0;
    this.onEpoch = onEpoch;
    return new Promise((resolve) => {
      this.onEnd = resolve;
      this.send({ type: 'trial', ...job });
    });
  }

  /** Stops the thread at once; a trial in flight ends (failed) and the caller decides what that means. */
  async close(): Promise<void> {
    this.alive = false;
    await this.worker.terminate();
  }

  private received(m: WorkerToHost): void {
    if (m.type === 'epoch' && this.onEpoch) {
      this.epochs = m.point.epoch;
      this.send({ type: 'verdict', trial: m.trial, prune: this.onEpoch(m.point) });
    } else if (m.type === 'end') {
      const { type, trial, ...outcome } = m;
      void type;
      void trial;
      this.finish(outcome);
    }
  }

  private finish(outcome: TrialOutcome): void {
    const end = this.onEnd;
    this.onEnd = undefined;
    this.onEpoch = undefined;
    end?.(outcome);
  }

  private send(m: HostToWorker): void {
    this.worker.postMessage(m);
  }
}
