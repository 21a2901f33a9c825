// A worker thread: creates its backend once, trains the trials it is sent one at a time (the
// backend frees each trial's buffers with mark/release), streams every epoch back and waits for
// the host's verdict (go on / pruned) before the next one.
import { parentPort, workerData } from 'node:worker_threads';
import type { HostToWorker, TrialMessage, WorkerInit, WorkerToHost } from './contract';
import { loadDataset } from '../core/data/load';
import type { Dataset } from '../core/data/dataset';
import type { Backend } from '../core/train/backend';
import { createBackend, type NetworkShape } from '../core/train/backends';
import { trainTrial } from '../core/train';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: WorkerToHost) => port.postMessage(m);

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
  post({ type: 'ready', backend: created.name, note });
  return created;
});
backend.catch((e: unknown) => post({ type: 'fatal', error: e instanceof Error ? e.message : String(e) }));

const verdicts = new Map<number, (prune: boolean) => void>();

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
        return new Promise<boolean>((resolve) => {
          verdicts.set(task.trial, resolve);
          post({ type: 'epoch', trial: task.trial, point });
        });
      },
    });
    post({ type: 'end', trial: task.trial, status: outcome.status, epochs: outcome.epochs, seconds: (performance.now() - t0) / 1000, error: outcome.error });
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
    void run(m);
  }
});
