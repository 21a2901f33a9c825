// Runs one of the host's one-off threads (see src/worker/task-contract.ts) to its result.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { packageRoot } from '../core/paths';
import type { TaskMessage } from '../worker/task-contract';

export function runTaskThread<R>(bundle: string, workerData: unknown, onProgress?: (done: number, total: number) => void): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(packageRoot(), 'dist', bundle), { workerData });
    worker.on('message', (m: TaskMessage<R>) => {
      if (m.type === 'progress') return onProgress?.(m.done, m.total);
      void worker.terminate();
      if (m.type === 'done') resolve(m.result);
      else reject(new Error(m.error));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the ${bundle} thread stopped (exit code ${code})`)));
  });
}
