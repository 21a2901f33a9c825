// Worker threads that train trials: the executor of a run on this machine. One thread per slot,
// each with its own backend; a thread that dies fails only its trial and is replaced.
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BackendChoice, BackendName } from '../core/spec/types';
import { packageRoot } from '../core/paths';
import type { ExecutorHost, ExecutorReady, ExecutorSettings, TrialExecutor, TrialJob } from '../core/session/executor';
import { FuseRefusedError } from '../core/session/fuse-refusal';
import type { HostToWorker, WorkerInit, WorkerToHost } from './contract';

let live = 0;

/** Worker threads started by this process that have not exited yet (the stress test counts leaks with it). */
export function liveWorkerCount(): number {
  return live;
}

export function workerCount(choice: number | 'auto', trials: number): number {
  const n = choice === 'auto' ? availableParallelism() : choice;
  return Math.max(1, Math.min(n, trials));
}

/** The executor factory the CLI and the extension run searches with. */
export const threadExecutor = (settings: ExecutorSettings): TrialExecutor => new ThreadExecutor(settings);

export class ThreadExecutor implements TrialExecutor {
  private readonly workers = new Set<TrialWorker>();
  private host: ExecutorHost | undefined;
  private closed = false;
  /** What the first worker created (`auto` resolved); later workers create the same. */
  private backend: BackendChoice;
  // HPL_WORKER_SCRIPT: a diagnostic hook (the tests use it to start a worker that crashes)
  private readonly script = process.env.HPL_WORKER_SCRIPT ?? join(packageRoot(), 'dist', 'worker.js');
  /** Threads this run starts: they share the memory populations may use. */
  private threads = 1;

  constructor(private readonly settings: ExecutorSettings) {
    this.backend = settings.backend;
  }

  async open(trials: number): Promise<ExecutorReady> {
    const n = workerCount(this.settings.workers, trials);
    this.threads = n;
    // The first worker resolves `auto` (a GPU is measured once, not by every thread at the same
    // time); the others, and replacements, create the backend it chose.
    let first: TrialWorker;
    try {
      first = await this.startWorker();
    } catch (e) {
      await this.close();
      throw e;
    }
    this.backend = first.backend;
    const started = await Promise.allSettled(Array.from({ length: n - 1 }, () => this.startWorker()));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.close();
      throw failed.reason;
    }
    return { backend: first.backend, slots: this.workers.size * first.fuse, fuse: first.fuse, note: first.note };
  }

  begin(host: ExecutorHost): void {
    this.host = host;
    for (const w of this.workers) this.feed(w);
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.workers];
    this.workers.clear();
    await Promise.all(workers.map((w) => w.stop()));
  }

  private async startWorker(): Promise<TrialWorker> {
    const init: WorkerInit = { backend: this.backend, network: this.settings.network, fuse: this.settings.fuse, workers: this.threads };
    const w = await TrialWorker.start(this.script, init, (m) => this.received(w, m), (trials, reason) => this.died(w, trials, reason));
    if (this.closed) {
      await w.stop();
      throw new Error('the run stopped while its worker threads were starting');
    }
    this.workers.add(w);
    return w;
  }

  /** Fills a worker's free slots (one, or its population's) with the next trials, if there are any. */
  private feed(w: TrialWorker): void {
    while (!this.closed && this.host && w.trials.size < w.fuse) {
      const job = this.host.next();
      if (!job) return;
      w.train(job);
    }
  }

  private received(w: TrialWorker, m: WorkerToHost): void {
    if (this.closed || !this.host) return;
    if (m.type === 'epoch') {
      w.trials.set(m.trial, m.point.epoch);
      w.send({ type: 'verdict', trial: m.trial, prune: this.host.epoch(m.trial, m.point) });
    } else if (m.type === 'end') {
      w.trials.delete(m.trial);
      this.host.end(m.trial, m);
      this.feed(w);
    }
  }

  private died(w: TrialWorker, trials: Map<number, number>, reason: string): void {
    this.workers.delete(w);
    if (this.closed || !this.host) return;
    const host = this.host;
    for (const [trial, epochs] of trials) host.end(trial, { status: 'failed', epochs, seconds: 0, error: `the worker running this trial died: ${reason}` });
    host.note(`a worker thread died (${reason}); starting a new one`);
    this.startWorker().then(
      (nw) => this.feed(nw),
      (e: Error) => !this.closed && host.fail(e),
    );
  }
}

/** One worker_threads Worker: the backend it really created, and the trials it is training. */
class TrialWorker {
  /** Trials in flight (one, or up to its population's size), each with its epochs so far. */
  readonly trials = new Map<number, number>();
  private stopping = false;

  private constructor(
    private readonly worker: Worker,
    readonly backend: BackendName,
    readonly note: string | undefined,
    /** Trials it trains at once. */
    readonly fuse: number,
  ) {}

  /** Starts a worker and waits until its backend is created. Rejects with the worker's own reason. */
  static start(
    script: string,
    init: WorkerInit,
    onMessage: (m: WorkerToHost) => void,
    onDeath: (trials: Map<number, number>, reason: string) => void,
  ): Promise<TrialWorker> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(script, { workerData: init });
      live++;
      worker.once('exit', () => live--);
      let tw: TrialWorker | undefined;
      worker.on('message', (m: WorkerToHost) => {
        if (tw) return onMessage(m);
        if (m.type === 'ready') {
          tw = new TrialWorker(worker, m.backend, m.note, m.fuse ?? 1);
          resolve(tw);
        } else if (m.type === 'fatal') {
          void worker.terminate();
          reject(m.refusal ? new FuseRefusedError(m.refusal) : new Error(m.error));
        }
      });
      const fail = (reason: string) => {
        if (!tw) return reject(new Error(`a worker thread failed to start: ${reason}`));
        if (tw.stopping) return;
        tw.stopping = true;
        onDeath(new Map(tw.trials), reason);
        tw.trials.clear();
      };
      worker.on('error', (e) => fail(e instanceof Error ? e.message : String(e)));
      worker.on('exit', (code) => fail(`the worker thread exited (code ${code})`));
    });
  }

  train(job: TrialJob): void {
    this.trials.set(job.trial, 0);
    this.send({ type: 'trial', ...job });
  }

  send(m: HostToWorker): void {
    this.worker.postMessage(m);
  }

  /** Stops the thread at once, wherever it is (the host has already recorded what matters). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }
}
