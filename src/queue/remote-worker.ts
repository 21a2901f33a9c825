// `hparam-lab worker`: a process on any host that takes trial jobs from the queue, trains each in
// a thread of its own (src/queue/slot.ts) and streams every epoch back as job progress. It reads
// the stop and session keys at each epoch, so a pruned trial stops within one epoch and nobody
// trains for a coordinator that is gone. Stopping it (close) puts its trials back in the queue.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker as QueueWorker, WaitingError, UnrecoverableError, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { BackendChoice } from '../core/spec/types';
import { applyParams, parseSpec } from '../core/spec';
import type { TrialJob } from '../core/session/executor';
import { npzBytes } from '../core/runs/npz';
import { QUEUE_NAME, STOP_CHANNEL, WEIGHTS_TTL_MS, queueTiming, sessionKey, stopKey, weightsKey, workerKey, type TrialJobData, type TrialProgress, type TrialResult, type WorkerInfo } from './contract';
import { findData } from './data-identity';
import { bullConnection, checkConnection, type QueueUrl } from './redis-url';
import { TrainingSlot } from './slot';

export interface RemoteWorkerOptions {
  url: QueueUrl;
  concurrency: number;
  backend: BackendChoice;
  /** Folders of IDX data this host has (matched by content). */
  dataFolders: string[];
  log: (line: string) => void;
}

export interface RemoteWorker {
  readonly info: WorkerInfo;
  /** Stops taking jobs; trials in flight go back to the queue for another worker. */
  close(): Promise<void>;
}

/** The book's network: what `--backend auto` measures a GPU on before any trial arrives. */
function bookNetwork() {
  const parsed = parseSpec(JSON.stringify({ search: { params: { 'training.lr': { log10: [-6, -2] } } } }), 'book.search.json');
  return { config: applyParams(parsed.spec!, {}), baseDir: process.cwd() };
}

export async function startRemoteWorker(opts: RemoteWorkerOptions): Promise<RemoteWorker> {
  await checkConnection(opts.url);
  const timing = queueTiming();
  const network = bookNetwork();
  const first = await TrainingSlot.start({ backend: opts.backend, network });
  const rest = await Promise.all(Array.from({ length: opts.concurrency - 1 }, () => TrainingSlot.start({ backend: first.backend, network })));
  const free = [first, ...rest];
  const all = new Set(free);
  const host = hostname();
  const info: WorkerInfo = { id: `${host}-${process.pid}-${randomUUID().slice(0, 8)}`, host, pid: process.pid, backend: first.backend, slots: opts.concurrency };
  const redis = new Redis(opts.url.options);
  redis.on('error', () => undefined); // ioredis reconnects by itself; the queue worker reports
  const register = () => redis.set(workerKey(info.id), JSON.stringify(info), 'PX', timing.ttlMs).catch(() => undefined);
  await register();
  const stopped = new Set<string>();
  const stops = redis.duplicate();
  stops.on('error', () => undefined);
  stops.on('message', (_channel: string, jobId: string) => stopped.add(jobId));
  await stops.subscribe(STOP_CHANNEL);
  const heartbeat = setInterval(register, timing.ttlMs / 3);
  let closing = false;

  async function train(job: Job<TrialJobData>, token: string | undefined): Promise<TrialResult> {
    const d = job.data;
    const attempt = randomUUID();
    const t0 = performance.now();
    if (!(await redis.exists(sessionKey(d.session)))) {
      return { attempt, status: 'cancelled', epochs: 0, seconds: 0, error: 'no coordinator waits for this trial any more', abandoned: true };
    }
    let dir: string | undefined;
    try {
      dir = findData(d.data, d.config.data.source === 'mnist' ? '' : `${d.baseDir}/${d.config.data.source.idx}`, opts.dataFolders, host);
    } catch (e) {
      opts.log(`trial ${d.trial}: ${(e as Error).message}`);
      throw new UnrecoverableError((e as Error).message);
    }
    const trial: TrialJob = {
      trial: d.trial,
      seed: d.seed,
      params: d.params,
      config: dir ? { ...d.config, data: { ...d.config.data, source: { idx: dir } } } : d.config,
      baseDir: dir ?? d.baseDir,
      ...(d.keepWeights ? { keepWeights: true } : {}),
    };
    const slot = free.pop()!;
    const progress = (p: TrialProgress) => job.updateProgress(p).catch(() => undefined);
    void progress({ kind: 'start', attempt, host, worker: info.id, backend: slot.backend });
    opts.log(`trial ${d.trial} (seed ${d.seed}): training on ${slot.backend}`);
    let stop = false;
    let gone = false;
    const outcome = await slot.train(trial, (point) => {
      void progress({ kind: 'epoch', attempt, point });
      // the answer comes before the next epoch ends: a stop reaches the trial within one epoch
      redis.mget(stopKey(job.id!), sessionKey(d.session)).then(
        ([stopped, alive]) => {
          stop ||= stopped !== null;
          gone ||= alive === null;
        },
        () => undefined,
      );
      stop ||= stopped.has(job.id!);
      return stop || gone || closing;
    });
    stopped.delete(job.id!);
    if (closing) {
      // nothing half-way: the trial goes back to the queue, and another worker trains it from its seed
      await job.moveToWait(token);
      throw new WaitingError();
    }
    await replaceIfDead(slot);
    if (gone) opts.log(`trial ${d.trial}: abandoned after ${outcome.epochs} epochs: its coordinator is gone (resume the run to finish it)`);
    else if (stop) opts.log(`trial ${d.trial}: stopped by its coordinator after ${outcome.epochs} epochs`);
    else opts.log(`trial ${d.trial}: ${outcome.status} after ${outcome.epochs} epochs`);
    const seconds = (performance.now() - t0) / 1000;
    if (gone) return { attempt, status: 'cancelled', epochs: outcome.epochs, seconds, abandoned: true };
    const { weights, ...ended } = outcome;
    // a failed write ends the trial without weights: its result still counts
    const left = weights && (await redis.set(weightsKey(job.id!, attempt), Buffer.from(npzBytes(weights)), 'PX', WEIGHTS_TTL_MS).then(() => true as const, () => undefined));
    return { attempt, ...ended, seconds, ...(left ? { weights: left } : {}) };
  }

  async function replaceIfDead(slot: TrainingSlot): Promise<void> {
    if (slot.alive) return void free.push(slot);
    all.delete(slot);
    const fresh = await TrainingSlot.start({ backend: first.backend, network });
    all.add(fresh);
    free.push(fresh);
  }

  const worker = new QueueWorker<TrialJobData, TrialResult>(QUEUE_NAME, train, {
    connection: bullConnection(opts.url),
    concurrency: opts.concurrency,
    lockDuration: timing.lockMs,
    stalledInterval: timing.stalledMs,
    maxStalledCount: 10,
  });
  let lastError = '';
  worker.on('error', (e) => {
    if (e.message !== lastError) opts.log(`queue: ${e.message}`);
    lastError = e.message;
  });
  worker.on('ready', () => (lastError = ''));
  await worker.waitUntilReady();

  return {
    info,
    async close() {
      closing = true;
      clearInterval(heartbeat);
      // threads stop now; their trials end at once and go back to the queue (see train)
      const stopping = worker.close();
      await Promise.all([...all].map((s) => s.close()));
      await stopping;
      await redis.del(workerKey(info.id)).catch(() => undefined);
      stops.disconnect();
      redis.disconnect();
    },
  };
}
