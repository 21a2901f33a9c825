// The coordinator's executor: trials go to remote workers as BullMQ jobs; their epochs come back
// as job progress. The session keeps the sampler, the pruner and the log as in a local run: jobs
// are queued only as fast as workers free up (a model-based sampler sees every result so far),
// and every trial ends once, whatever Redis or the workers do.
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { ExecutorHost, ExecutorReady, ExecutorSettings, TrialExecutor, TrialJob, TrialOutcome } from '../core/session/executor';
import { parseNpz, type NpzArrays } from '../core/runs/npz';
import { QUEUE_NAME, STOP_CHANNEL, TRIAL_JOB, queueTiming, sessionKey, stopKey, weightsKey, type TrialJobData, type TrialProgress, type TrialResult, type WorkerInfo } from './contract';
import { dataIdentity } from './data-identity';
import { bullConnection, checkConnection, type QueueUrl } from './redis-url';
import { listWorkers } from './workers';
import { queueNotes as notes, workersInWords } from './words';
import { untranslated, type Translate } from '../core/translate';

interface Flight {
  job: TrialJob;
  jobId: string;
  /** Enqueued this many times (a job Redis lost is queued again). */
  queued: number;
  /** The pickup whose epochs count; undefined until a worker takes the job. */
  attempt?: string;
  /** The job is in Redis (queue.add resolved): from then on, a missing job was lost. */
  added: boolean;
  t0: number;
  /** Its result is being read (the weights come in a second round trip): a second report of it waits for nothing. */
  ending?: true;
}

/** Called with the number of connected workers whenever it changes (the status bar, the CLI). */
export type WorkersListener = (count: number, words: string) => void;

/** `t` words what the user sees now (notes, the listener); run files keep English. */
export const queueExecutor = (url: QueueUrl, onWorkers?: WorkersListener, t: Translate = untranslated) => (settings: ExecutorSettings): TrialExecutor => new QueueExecutor(url, settings, onWorkers, t);

export class QueueExecutor implements TrialExecutor {
  private readonly session = randomUUID();
  private readonly timing = queueTiming();
  private redis!: Redis;
  private queue!: Queue<TrialJobData, TrialResult>;
  private events!: QueueEvents;
  private host: ExecutorHost | undefined;
  private readonly flights = new Map<number, Flight>();
  private readonly byJob = new Map<string, Flight>();
  private window = 1;
  private workers = -1;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly url: QueueUrl,
    private readonly settings: ExecutorSettings,
    private readonly onWorkers?: WorkersListener,
    private readonly t: Translate = untranslated,
  ) {}

  async open(): Promise<ExecutorReady> {
    await checkConnection(this.url);
    const connection = bullConnection(this.url);
    this.redis = new Redis(this.url.options);
    this.redis.on('error', () => undefined); // ioredis reconnects by itself
    this.queue = new Queue(QUEUE_NAME, { connection });
    this.queue.on('error', () => undefined);
    this.events = new QueueEvents(QUEUE_NAME, { connection });
    this.events.on('error', () => undefined);
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
    this.events.on('progress', ({ jobId, data }) => this.progress(jobId, data as TrialProgress));
    this.events.on('completed', ({ jobId, returnvalue }) => void this.completed(jobId, parse(returnvalue)));
    this.events.on('failed', ({ jobId, failedReason }) => this.failed(jobId, failedReason));
    await this.alive();
    const workers = await this.followWorkers();
    this.timer = setInterval(() => void this.tick(), Math.max(100, this.timing.ttlMs / 3));
    const backend = this.settings.backend === 'auto' ? 'wasm' : this.settings.backend;
    return {
      backend: workers[0]?.backend ?? backend,
      slots: this.window,
      note: workersInWords(workers, this.url.shown),
      shownNote: workersInWords(workers, this.url.shown, this.t),
    };
  }

  begin(host: ExecutorHost): void {
    this.host = host;
    this.fill();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    const flights = [...this.flights.values()];
    this.flights.clear();
    const tidy = async () => {
      // waiting jobs leave the queue; a job a worker holds is stopped at its next epoch
      await Promise.all(flights.map((f) => this.stop(f.jobId)));
      await Promise.all(flights.map((f) => this.queue.remove(f.jobId).catch(() => undefined)));
      await this.redis.del(sessionKey(this.session)).catch(() => undefined);
    };
    // Redis may be down: what is not tidied now expires with the session key
    await Promise.race([tidy(), new Promise((r) => setTimeout(r, 2000).unref())]);
    this.redis.disconnect();
    await Promise.race([Promise.all([this.events.close(), this.queue.close()]), new Promise((r) => setTimeout(r, 2000).unref())]);
  }

  // ── inside ────────────────────────────────────────────────────────────────
  /** Queues the next trials while workers have room for them. */
  private fill(): void {
    while (!this.closed && this.host && this.flights.size < this.window) {
      const job = this.host.next();
      if (!job) return;
      const flight: Flight = { job, jobId: '', queued: 0, added: false, t0: performance.now() };
      this.flights.set(job.trial, flight);
      void this.enqueue(flight);
    }
  }

  private async enqueue(f: Flight): Promise<void> {
    this.byJob.delete(f.jobId);
    f.jobId = `${this.session}.${f.job.trial}.${f.queued++}`;
    f.attempt = undefined;
    f.added = false;
    f.ending = undefined;
    this.byJob.set(f.jobId, f);
    const { trial, seed, params, config, baseDir, keepWeights } = f.job;
    const data: TrialJobData = { session: this.session, trial, seed, params, config, baseDir, data: dataIdentity(config.data, baseDir), ...(keepWeights ? { keepWeights: true } : {}) };
    try {
      await this.queue.add(TRIAL_JOB, data, { jobId: f.jobId, attempts: 1, removeOnComplete: { age: 3600 }, removeOnFail: { age: 86400 } });
      f.added = true;
    } catch (e) {
      this.end(f, { status: 'failed', epochs: 0, seconds: 0, error: `could not queue the trial on ${this.url.shown}: ${(e as Error).message}` });
    }
  }

  private progress(jobId: string, p: TrialProgress): void {
    const f = this.byJob.get(jobId);
    if (!f || !this.host || this.closed || typeof p !== 'object' || p === null) return;
    if (p.kind === 'start') {
      if (f.attempt !== undefined) this.host.note(notes.takenAgain(f.job.trial, p.worker, this.t));
      f.attempt = p.attempt;
      this.host.restart?.(f.job.trial, { host: p.host, backend: p.backend });
      // a worker that joined since the last tick: counted now, not only when the next tick comes
      if (this.workers <= 0) this.followWorkers().catch(() => undefined);
    } else if (p.kind === 'epoch' && p.attempt === f.attempt) {
      if (this.host.epoch(f.job.trial, p.point)) {
        void this.stop(jobId);
        this.end(f, { status: 'pruned', epochs: p.point.epoch, seconds: (performance.now() - f.t0) / 1000 });
      }
    } else if (p.kind === 'refused') {
      // its error in trials.jsonl (the job's failed reason) stays English; this is for the user
      this.host.note(notes.refused(f.job.trial, p.refusal, this.t));
    }
  }

  private async completed(jobId: string, r: TrialResult | undefined): Promise<void> {
    const f = this.byJob.get(jobId);
    if (!f || !r) return;
    // the result of a pickup whose epochs were superseded does not count: that trial trains again
    if (r.attempt !== f.attempt || r.abandoned) return void this.enqueue(f);
    if (f.ending) return;
    f.ending = true;
    const { status, epochs, seconds, error } = r;
    const weights = r.weights ? await this.takeWeights(f, weightsKey(jobId, r.attempt)) : undefined;
    this.end(f, { status, epochs, seconds, error, ...(weights ? { weights } : {}) });
  }

  /** The .npz bytes the worker left beside the job, read once and removed. */
  private async takeWeights(f: Flight, key: string): Promise<NpzArrays | undefined> {
    try {
      const [[, bytes]] = (await this.redis.multi().getBuffer(key).del(key).exec()) as [[Error | null, Buffer | null]];
      if (bytes) return parseNpz(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), `${this.url.shown} ${key}`);
      this.host?.note(notes.weightsGone(f.job.trial, this.url.shown, this.t));
    } catch (e) {
      this.host?.note(notes.weightsUnread(f.job.trial, this.url.shown, (e as Error).message, this.t));
    }
    return undefined;
  }

  private failed(jobId: string, reason: string): void {
    const f = this.byJob.get(jobId);
    if (f) this.end(f, { status: 'failed', epochs: 0, seconds: (performance.now() - f.t0) / 1000, error: reason });
  }

  /** Ends a trial once: later results for it (a stalled job that did finish) find no flight. */
  private end(f: Flight, outcome: TrialOutcome): void {
    if (this.flights.get(f.job.trial) !== f || this.closed) return;
    this.flights.delete(f.job.trial);
    this.byJob.delete(f.jobId);
    this.host?.end(f.job.trial, outcome);
    this.fill();
  }

  private stop(jobId: string): Promise<unknown> {
    return this.redis.multi().set(stopKey(jobId), '1', 'PX', this.timing.ttlMs * 4).publish(STOP_CHANNEL, jobId).exec().catch(() => undefined);
  }

  private alive(): Promise<unknown> {
    return this.redis.set(sessionKey(this.session), '1', 'PX', this.timing.ttlMs);
  }

  private workersChanged(count: number, words: string): void {
    if (count === this.workers) return;
    if (this.workers !== -1) this.host?.note(words);
    this.workers = count;
    this.onWorkers?.(count, words);
  }

  /** Reads the workers' registrations: their count for the listeners, their slots for the window. */
  private async followWorkers(): Promise<WorkerInfo[]> {
    const workers = await listWorkers(this.redis);
    if (this.closed) return workers;
    this.workersChanged(workers.length, workersInWords(workers, this.url.shown, this.t));
    this.window = Math.max(1, workers.reduce((n, w) => n + w.slots, 0));
    return workers;
  }

  /** Keeps the session alive, follows the workers, and finds jobs Redis lost or events missed. */
  private async tick(): Promise<void> {
    try {
      await this.alive();
      await this.followWorkers();
      if (this.closed) return;
      for (const f of [...this.flights.values()]) {
        const jobId = f.jobId;
        if (!f.added) continue;
        const state = await this.queue.getJobState(jobId);
        if (this.closed || this.byJob.get(jobId) !== f) continue;
        if (state === 'unknown') {
          this.host?.note(notes.jobLost(f.job.trial, this.t));
          void this.enqueue(f);
        } else if (state === 'completed' || state === 'failed') {
          const job = await this.queue.getJob(jobId);
          // an event on its way is the normal path: only a job finished a while ago was missed
          if (!job?.finishedOn || Date.now() - job.finishedOn < 5000) continue;
          if (state === 'completed') await this.completed(jobId, job?.returnvalue);
          else this.failed(jobId, job?.failedReason ?? 'failed');
        }
      }
      this.fill();
    } catch {
      // Redis is away: the next tick tries again
    }
  }
}

function parse(v: unknown): TrialResult | undefined {
  try {
    return (typeof v === 'string' ? JSON.parse(v) : v) as TrialResult;
  } catch {
    return undefined;
  }
}
