// `hparam-lab worker`: a process on any host that takes trial jobs from the queue, trains them in
// threads of its own (src/queue/slot.ts) and streams every epoch back as job progress. It reads
// the stop and session keys at each epoch, so a pruned trial stops within one epoch and nobody
// trains for a coordinator that is gone. Stopping it (close) puts its trials back in the queue.
//
// With `fuse` > 1 each thread trains up to `fuse` trials of one shape as a population. BullMQ's
// Worker takes concurrency × fuse jobs at once (and keeps renewing all their locks while the
// threads train); each job goes to the thread whose population it can join, else to an idle one.
// A job of another shape waits in its thread until that thread's population has drained, as in
// a local run with run.fuse. Every job keeps its own progress, stop and result.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { Worker as QueueWorker, WaitingError, UnrecoverableError, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { BackendChoice } from '../core/spec/types';
import { applyParams, parseSpec } from '../core/spec';
import type { TrialJob } from '../core/session/executor';
import { npzBytes } from '../core/runs/npz';
import { QUEUE_NAME, STOP_CHANNEL, WEIGHTS_TTL_MS, queueTiming, sessionKey, stopKey, weightsKey, workerKey, type TrialJobData, type TrialProgress, type TrialResult, type WorkerInfo } from './contract';
import { DataRefusedError, findData } from './data-identity';
import { queueNotes } from './words';
import { untranslated, type Translate } from '../core/translate';
import { bullConnection, checkConnection, type QueueUrl } from './redis-url';
import { TrainingSlot } from './slot';
import { populationGroup } from '../worker/population-runner';

export interface RemoteWorkerOptions {
  url: QueueUrl;
  concurrency: number;
  /** Trials each thread trains at once as a population (1: one at a time). */
  fuse: number;
  backend: BackendChoice;
  /** Folders of IDX data this host has (matched by content). */
  dataFolders: string[];
  log: (line: string) => void;
  /** Words the refusals it logs (default English). */
  t?: Translate;
}

export interface RemoteWorker {
  readonly info: WorkerInfo;
  /** How `auto` and `fuse` were resolved, when there is something to say (no GPU; no population on gpu). */
  readonly note?: string;
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
  // the threads share this host's memory: a population's budget is its share (population-size.ts)
  const first = await TrainingSlot.start({ backend: opts.backend, network, fuse: opts.fuse, workers: opts.concurrency });
  const startSlot = () => TrainingSlot.start({ backend: first.backend, network, fuse: first.fuse, workers: opts.concurrency });
  const slots = [first, ...(await Promise.all(Array.from({ length: opts.concurrency - 1 }, startSlot)))];
  /** A dead slot's replacement, awaited by each of its jobs before it lets BullMQ take another. */
  const replacing = new Map<TrainingSlot, Promise<void>>();
  const host = hostname();
  const fuse = first.fuse; // the gpu backend trains one trial at a time
  const info: WorkerInfo = { id: `${host}-${process.pid}-${randomUUID().slice(0, 8)}`, host, pid: process.pid, backend: first.backend, slots: opts.concurrency * fuse, ...(fuse > 1 ? { fuse } : {}) };
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
      const t = opts.t ?? untranslated;
      const refusal = e instanceof DataRefusedError ? e.refusal : undefined;
      opts.log(refusal ? queueNotes.refused(d.trial, refusal, t) : `trial ${d.trial}: ${(e as Error).message}`);
      if (refusal) await job.updateProgress({ kind: 'refused', refusal } satisfies TrialProgress).catch(() => undefined);
      // the failed reason stays English: it is the trial's error in the coordinator's trials.jsonl
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
    const slot = await slotFor(populationGroup(trial));
    const progress = (p: TrialProgress) => job.updateProgress(p).catch(() => undefined);
    void progress({ kind: 'start', attempt, host, worker: info.id, backend: slot.backend });
    opts.log(`trial ${d.trial} (seed ${d.seed}): training on ${slot.backend}`);
    let stop = false;
    let gone = false;
    const outcome = await slot.train(trial, populationGroup(trial), (point) => {
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

  /** The live thread for a trial of `group`: one whose trials are all of it, with room; else an idle
   * one; else any with room (it waits there for the population before it). */
  async function slotFor(group: string): Promise<TrainingSlot> {
    for (;;) {
      const open = slots.filter((s) => s.alive && s.load < fuse);
      const slot = open.find((s) => s.load > 0 && s.groups().every((g) => g === group)) ?? open.find((s) => s.load === 0) ?? open.find((s) => s.groups().includes(group)) ?? open[0];
      if (slot) return slot;
      if (replacing.size === 0) throw new Error('no training thread of this worker is alive');
      // every live thread is full: a dead one's replacement is on its way
      await Promise.race([...replacing.values()].map((p) => p.catch(() => undefined)));
    }
  }

  function replaceIfDead(slot: TrainingSlot): Promise<void> {
    let fresh = replacing.get(slot);
    // its other jobs wait for the same replacement; once replaced, a dead slot is in `slots` no more
    if (!fresh && !slot.alive && !closing && slots.includes(slot)) {
      fresh = startSlot()
        .then((s) => void (slots[slots.indexOf(slot)] = s))
        .finally(() => replacing.delete(slot));
      replacing.set(slot, fresh);
    }
    return fresh ?? Promise.resolve();
  }

  const worker = new QueueWorker<TrialJobData, TrialResult>(QUEUE_NAME, train, {
    connection: bullConnection(opts.url),
    concurrency: opts.concurrency * fuse,
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
    note: first.note,
    async close() {
      closing = true;
      clearInterval(heartbeat);
      // threads stop now; their trials end at once and go back to the queue (see train)
      const stopping = worker.close();
      await Promise.all(slots.map((s) => s.close()));
      await stopping;
      await redis.del(workerKey(info.id)).catch(() => undefined);
      stops.disconnect();
      redis.disconnect();
    },
  };
}
