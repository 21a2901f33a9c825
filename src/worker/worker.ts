// A worker thread: owns one backend choice, trains the trials it is sent, streams every epoch
// back and waits for the host's verdict (go on / pruned) before the next one.
import { parentPort, workerData } from 'node:worker_threads';
import type { HostToWorker, TrialTask, WorkerInit, WorkerToHost } from '../contract';
import { loadDataset } from '../core/data/load';
import type { Dataset } from '../core/data/dataset';
import { createBackend } from '../core/train/backends';
import { trainTrial } from '../core/train';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: WorkerToHost) => port.postMessage(m);

let cachedKey = '';
let cachedData: Dataset | undefined;
function dataFor(task: TrialTask): Dataset {
  const key = JSON.stringify([task.config.data, task.baseDir]);
  if (key !== cachedKey || !cachedData) {
    cachedData = loadDataset(task.config.data, task.baseDir);
    cachedKey = key;
  }
  return cachedData;
}

const verdicts = new Map<number, (prune: boolean) => void>();

async function run(task: TrialTask): Promise<void> {
  const t0 = performance.now();
  let epochs = 0;
  try {
    const data = dataFor(task);
    // one backend (one wasm linear memory) per trial, freed when it ends
    const { backend } = await createBackend(init.backend);
    try {
      const outcome = await trainTrial(task.config, data, backend, task.seed, {
        onEpoch(point) {
          epochs = point.epoch;
          return new Promise<boolean>((resolve) => {
            verdicts.set(task.trial, resolve);
            post({ type: 'epoch', trial: task.trial, point });
          });
        },
      });
      post({ type: 'end', trial: task.trial, status: outcome.status, epochs: outcome.epochs, seconds: (performance.now() - t0) / 1000, error: outcome.error });
    } finally {
      backend.dispose();
    }
  } catch (e) {
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

createBackend(init.backend).then(
  ({ backend, note }) => {
    post({ type: 'ready', backend: backend.name, note });
    backend.dispose();
  },
  (e: unknown) => post({ type: 'fatal', error: e instanceof Error ? e.message : String(e) }),
);
