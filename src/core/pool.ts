// Worker threads that train trials. Each TrialWorker wraps one worker_threads Worker, says which
// backend it really created, and reports the trial it was running if it dies.
import { Worker } from 'node:worker_threads';
import type { BackendChoice, BackendName } from './spec/types';
import type { HostToWorker, WorkerInit, WorkerToHost } from '../contract';

let live = 0;

/** Worker threads started by this process that have not exited yet (the stress test counts leaks with it). */
export function liveWorkerCount(): number {
  return live;
}

export interface WorkerHandlers {
  message(w: TrialWorker, m: WorkerToHost): void;
  /** The thread died (crash, OOM, terminate) while `trial` was in flight (undefined when idle). */
  died(w: TrialWorker, trial: number | undefined, reason: string): void;
}

export class TrialWorker {
  /** Trial in flight, if any. */
  trial: number | undefined;
  private stopping = false;

  private constructor(
    private readonly worker: Worker,
    readonly backend: BackendName,
    readonly note: string | undefined,
  ) {}

  /** Starts a worker and waits until its backend is created. Rejects with the worker's own reason. */
  static start(script: string, backend: BackendChoice, handlers: WorkerHandlers): Promise<TrialWorker> {
    return new Promise((resolve, reject) => {
      const init: WorkerInit = { backend };
      const worker = new Worker(script, { workerData: init });
      live++;
      worker.once('exit', () => live--);
      let tw: TrialWorker | undefined;
      worker.on('message', (m: WorkerToHost) => {
        if (!tw) {
          if (m.type === 'ready') {
            tw = new TrialWorker(worker, m.backend, m.note);
            resolve(tw);
          } else if (m.type === 'fatal') {
            void worker.terminate();
            reject(new Error(m.error));
          }
          return;
        }
        handlers.message(tw, m);
      });
      const fail = (reason: string) => {
        if (!tw) return reject(new Error(`a worker thread failed to start: ${reason}`));
        if (tw.stopping) return;
        tw.stopping = true;
        const trial = tw.trial;
        tw.trial = undefined;
        handlers.died(tw, trial, reason);
      };
      worker.on('error', (e) => fail(e instanceof Error ? e.message : String(e)));
      worker.on('exit', (code) => fail(`the worker thread exited (code ${code})`));
    });
  }

  send(m: HostToWorker): void {
    if (m.type === 'trial') this.trial = m.trial;
    this.worker.postMessage(m);
  }

  get threadId(): number {
    return this.worker.threadId;
  }

  /** Stops the thread at once, wherever it is (the host has already recorded what matters). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }
}
