// A worker thread: creates its backend once, trains the trials it is sent one at a time (the
// backend frees each trial's buffers with mark/release), streams every epoch back and waits for
// the host's verdict (go on / pruned) before the next one. With run.fuse > 1 it trains them as
// populations instead (./population-runner): several at once, each with the same events.
import { parentPort, workerData } from 'node:worker_threads';
import type { HostToWorker, TrialMessage, WorkerInit, WorkerToHost } from './contract';
import { loadDataset } from '../core/data/load';
import type { Dataset } from '../core/data/dataset';
import type { Backend } from '../core/train/backend';
import { createBackend, type NetworkShape } from '../core/train/backends';
import { trainTrial } from '../core/train';
import type { SyncBackend } from '../core/train/backend';
import { memberBytes, resolveFuse, wantedFuse, workerBudgetBytes } from '../core/train/population-size';
import { FuseRefusedError } from '../core/session/fuse-refusal';
import type { EpochPoint } from '../core/runs/events';
import type { BackendName } from '../core/spec/types';
import { totalmem } from 'node:os';
import { PopulationRunner } from './population-runner';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: WorkerToHost) => port.postMessage(m);
/** Set when run.fuse > 1: the trials train as populations. */
let population: PopulationRunner | undefined;

let cachedKey = '';
let cachedData: Dataset | undefined;
function dataFor(task: Pick<TrialMessage, 'config' | 'baseDir'>): Dataset {
  const key = JSON.stringify([task.config.data, task.baseDir]);
  if (key !== cachedKey || !cachedData) {
    cachedData = loadDataset(task.config.data, task.baseDir);
    cachedKey = key;
  }
  return cachedData;
}

/** What `auto` measures a GPU on: the run's network, with the widths of its data (loaded once, for the trials too). */
function network(): NetworkShape {
  const { config } = init.network;
  const data = dataFor(init.network);
  return { model: config.model, training: config.training, inputSize: data.inputSize, classes: data.classes };
}

/** The backend every trial of this worker trains on (the gpu backend keeps its compiled kernels). */
let backend: Promise<Backend> = createBackend(init.backend, network).then(({ backend: created, note }) => {
  const sized = populationSize(created.name);
  if ('error' in sized) throw new FuseRefusedError(sized.refusal);
  if (sized.fuse > 1) population = populationRunner(created as SyncBackend, sized.fuse);
  post({ type: 'ready', backend: created.name, note: [note, sized.note].filter(Boolean).join('; ') || undefined, fuse: sized.fuse });
  return created;
});
backend.catch((e: unknown) => post({ type: 'fatal', error: e instanceof Error ? e.message : String(e), refusal: e instanceof FuseRefusedError ? e.refusal : undefined }));

const verdicts = new Map<number, (prune: boolean) => void>();

/** Posts an epoch and waits for the host's verdict: true stops the trial as pruned. */
function askVerdict(trial: number, point: EpochPoint): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    verdicts.set(trial, resolve);
    post({ type: 'epoch', trial, point });
  });
}

/** run.fuse for this worker's backend, bounded by its share of the machine's memory (workerBudgetBytes). */
function populationSize(name: BackendName): ReturnType<typeof resolveFuse> {
  // no population: the data is read by the first trial (a missing file fails trials, not the worker)
  if (wantedFuse(init.fuse, name) === 1) return { fuse: 1 };
  const data = dataFor(init.network);
  const shape = { inputSize: data.inputSize, classes: data.classes, trainRows: data.tTrain.length, valRows: data.tVal.length };
  return resolveFuse(init.fuse, name, memberBytes(init.network.config, shape), workerBudgetBytes(totalmem(), init.workers ?? 2));
}

/** Trials as populations of `size`: slot 0 trains on the worker's backend, the others on backends like it. */
function populationRunner(first: SyncBackend, size: number): PopulationRunner {
  let slots: Promise<SyncBackend[]> | undefined;
  const epochs = new Map<number, number>();
  return new PopulationRunner({
    size,
    backends: () =>
      (slots ??= Promise.all(Array.from({ length: size - 1 }, () => createBackend(first.name, network).then((c) => c.backend as SyncBackend))).then((rest) => [first, ...rest])),
    data: dataFor,
    hooks: (task) => ({ onEpoch: (point) => (epochs.set(task.trial, point.epoch), askVerdict(task.trial, point)), keepWeights: task.keepWeights }),
    ended(task, outcome, seconds) {
      const sofar = epochs.get(task.trial) ?? 0;
      epochs.delete(task.trial);
      const weights = 'weights' in outcome ? outcome.weights : undefined;
      const end: WorkerToHost = { type: 'end', trial: task.trial, status: outcome.status, epochs: 'epochs' in outcome ? (outcome.epochs ?? sofar) : sofar, seconds, error: outcome.error, weights };
      port.postMessage(end, weights ? Object.values(weights).map((a) => a.data.buffer as ArrayBuffer) : []);
    },
  });
}

async function run(task: TrialMessage): Promise<void> {
  const t0 = performance.now();
  let epochs = 0;
  let trainer: Backend | undefined;
  try {
    const data = dataFor(task);
    trainer = await backend;
    const outcome = await trainTrial(task.config, data, trainer, task.seed, {
      onEpoch(point) {
        epochs = point.epoch;
        return askVerdict(task.trial, point);
      },
      keepWeights: task.keepWeights,
    });
    const { weights } = outcome;
    const end: WorkerToHost = { type: 'end', trial: task.trial, status: outcome.status, epochs: outcome.epochs, seconds: (performance.now() - t0) / 1000, error: outcome.error, weights };
    // the weights' buffers move to the host thread, not copied
    port.postMessage(end, weights ? Object.values(weights).map((a) => a.data.buffer as ArrayBuffer) : []);
  } catch (e) {
    if (trainer) {
      // a trial that threw while training may have left its backend unusable (a lost GPU device): the next gets a new one
      trainer.dispose();
      backend = createBackend(init.backend, network).then((created) => created.backend);
    }
    const error = e instanceof Error ? e.message : String(e);
    post({ type: 'end', trial: task.trial, status: 'failed', epochs, seconds: (performance.now() - t0) / 1000, error });
  }
}

port.on('message', (m: HostToWorker) => {
  if (m.type === 'verdict') {
    const resolve = verdicts.get(m.trial);
    verdicts.delete(m.trial);
    resolve?.(m.prune);
  } else if (m.type === 'trial') {
    if (population) population.add(m);
    else void run(m);
  }
});
