// gpu.js in a worker_threads worker (where trials train), and the gpu backend's lazy loading.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Worker } from 'node:worker_threads';

/** Runs CommonJS source in a worker that can require our .ts files (through tsx); resolves its message. */
function inWorker(source: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(`require('tsx/cjs/api').register();\n${source}`, { eval: true, workerData: { root: process.cwd() } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited (${code}) without answering`)));
  });
}

it('gpu.js loads and runs the gpu backend inside a worker thread, and only when a backend is built', async () => {
  const answer = await inWorker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const path = require('node:path');
    const loaded = () => Object.keys(require.cache).some((f) => f.includes(path.join('node_modules', 'gpu.js')));
    const gpu = require(path.join(workerData.root, 'src/core/train/backends/gpu.ts'));
    const beforeBuild = loaded();
    const b = gpu.createGpuJsBackend({ mode: 'cpu' });
    const A = b.alloc(2, 3);
    b.write(A, [1, 2, 3, 4, 5, 6]);
    const C = b.alloc(2, 2);
    b.gemm(C, A, A, false, true);
    b.read(C).then((c) => {
      parentPort.postMessage({ beforeBuild, afterBuild: loaded(), mode: b.mode, C: Array.from(c) });
      b.dispose();
    });
  `);
  assert.deepEqual(answer, {
    beforeBuild: false,
    afterBuild: true,
    mode: 'cpu',
    C: [1 * 1 + 2 * 2 + 3 * 3, 1 * 4 + 2 * 5 + 3 * 6, 4 * 1 + 5 * 2 + 6 * 3, 4 * 4 + 5 * 5 + 6 * 6],
  });
});
