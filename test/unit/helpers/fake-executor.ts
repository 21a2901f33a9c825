// A trial executor without threads, for the session's tests: each slot "trains" its job one epoch
// per macrotask (so a test can stop the run mid-way), on a curve that follows from the job's
// params alone (so a resumed or re-run trial scores the same), and can be told to let a worker die.
import type { EpochPoint } from '../../../src/core/runs/events';
import type { ExecutorHost, ExecutorReady, ExecutorSettings, TrialExecutor, TrialJob } from '../../../src/core/session';

export interface FakeOptions {
  /** Slots when the settings say 'auto'. */
  slots?: number;
  /** The worker training this trial dies at this epoch (before reporting it). */
  dieAt?: { trial: number; epoch: number };
  /** open() rejects with this. */
  openError?: Error;
  /** The replacement of a dead worker cannot start: the executor fails the run with this. */
  restartError?: Error;
}

/** Val acc of a job at an epoch: rises towards a ceiling set by its learning rate. */
export function fakeCurve(job: Pick<TrialJob, 'params' | 'config'>): EpochPoint[] {
  const lr = Number(job.params['training.lr'] ?? 0.01);
  const ceiling = Math.min(0.95, Math.max(0.1, 0.1 + 0.3 * (Math.log10(lr) + 4)));
  return Array.from({ length: job.config.training.epochs }, (_, i) => {
    const valAcc = Math.round((0.1 + (ceiling - 0.1) * (1 - 0.5 ** (i + 1))) * 100) / 100;
    return { epoch: i + 1, trainAcc: valAcc + 0.02, valAcc, loss: 2 - valAcc };
  });
}

export class FakeExecutor implements TrialExecutor {
  /** Every job handed out, in order. */
  readonly jobs: TrialJob[] = [];
  closed = false;
  private host: ExecutorHost | undefined;
  private slots = 0;

  constructor(private readonly settings: ExecutorSettings, private readonly options: FakeOptions = {}) {}

  async open(trials: number): Promise<ExecutorReady> {
    if (this.options.openError) throw this.options.openError;
    const wanted = this.settings.workers === 'auto' ? (this.options.slots ?? 2) : this.settings.workers;
    this.slots = Math.max(1, Math.min(wanted, trials));
    return { backend: 'js', slots: this.slots };
  }

  begin(host: ExecutorHost): void {
    this.host = host;
    for (let i = 0; i < this.slots; i++) this.feed();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private feed(): void {
    if (this.closed) return;
    const job = this.host!.next();
    if (!job) return;
    this.jobs.push(job);
    this.train(job, fakeCurve(job), 0);
  }

  private train(job: TrialJob, curve: EpochPoint[], done: number): void {
    setImmediate(() => {
      if (this.closed) return;
      const host = this.host!;
      const point = curve[done]!;
      const { dieAt } = this.options;
      if (dieAt && dieAt.trial === job.trial && dieAt.epoch === point.epoch) {
        host.end(job.trial, { status: 'failed', epochs: done, seconds: 0, error: 'the worker running this trial died: killed by the test' });
        host.note('a worker thread died (killed by the test); starting a new one');
        if (this.options.restartError) return host.fail(this.options.restartError);
        return this.feed();
      }
      const pruned = host.epoch(job.trial, point);
      if (pruned || done + 1 === curve.length) {
        host.end(job.trial, { status: pruned ? 'pruned' : 'completed', epochs: done + 1, seconds: 0.01 * (done + 1) });
        return this.feed();
      }
      this.train(job, curve, done + 1);
    });
  }
}

/** An executor factory for RunOptions, remembering the executors it made. */
export function fakeExecutors(options: FakeOptions = {}) {
  const made: FakeExecutor[] = [];
  const factory = (settings: ExecutorSettings) => {
    const executor = new FakeExecutor(settings, options);
    made.push(executor);
    return executor;
  };
  return { factory, made };
}
