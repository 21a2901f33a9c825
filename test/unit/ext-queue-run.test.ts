// A search from the extension (the vscode stub) through hparamLab.queue, against a real
// redis-server: with no worker the status bar says it waits and Stop ends the run; with a worker
// process the trials train there and the run finishes (and nothing keeps the host busy after).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVscodeStub, Uri } from './helpers/vscode-stub';
import { haveRedis, RedisServer } from './helpers/redis-server';
import { startWorkers, stopAll, type Proc } from './helpers/queue';

const workerBuilt = existsSync(new URL('../../dist/worker.js', import.meta.url));
let redis: RedisServer;
before(async () => {
  if (haveRedis()) redis = await RedisServer.start();
});
after(async () => redis?.stop());
const skip = (!haveRedis() && 'redis-server is not installed') || (!workerBuilt && 'needs dist/worker.js (npm run build)');

const SPEC = {
  name: 'ext-queue',
  data: { source: 'mnist', trainSize: 200, validationRate: 0.2, seed: 1 },
  model: { hiddenSizes: [20] },
  training: { epochs: 2, batchSize: 50 },
  search: { method: 'random', trials: 3, seed: 1, params: { 'training.lr': { log10: [-3, -1] } } },
  run: { workers: 1, backend: 'wasm' },
};

test('hparamLab.queue from the extension: waiting for a worker, Stop ends it; with a worker the run trains there and finishes', { skip }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'hpl-extq-'));
  let workers: Proc[] = [];
  try {
    const specPath = join(ws, 'search.json');
    writeFileSync(specPath, JSON.stringify(SPEC, null, 2));
    const folder = { uri: Uri.file(ws), name: 'ws', index: 0 };
    const messages: string[] = [];
    const status: string[] = [];
    const until = async (what: string, ok: () => boolean) => {
      for (let waited = 0; !ok(); waited += 50) {
        if (waited > 60_000) throw new Error(`timed out waiting for ${what}: ${messages.join(' | ')} / ${status.join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const recorder = installVscodeStub({
      window: {
        showInformationMessage: async (m: string) => void messages.push(m),
        showErrorMessage: async (m: string) => void messages.push(`error: ${m}`),
        createStatusBarItem: () => ({ set text(v: string) { status.push(v); }, show() {}, hide() {}, dispose() {} }),
        withProgress: async (_: unknown, task: (p: unknown, token: unknown) => Promise<void>) => task({ report: () => {} }, { onCancellationRequested: () => ({ dispose() {} }) }),
      },
      workspace: {
        workspaceFolders: [folder],
        getWorkspaceFolder: () => folder,
        getConfiguration: () => ({ get: (k: string, d: unknown) => (k === 'queue' ? redis.url() : d) }),
        openTextDocument: async () => ({ isDirty: false, getText: () => readFileSync(specPath, 'utf8'), uri: Uri.file(specPath) }),
        asRelativePath: (u: Uri) => u.fsPath,
      },
    });
    const { activate } = await import('../../src/extension/extension');
    activate({ subscriptions: [], extensionUri: Uri.file(ws), workspaceState: { get: () => undefined, update: async () => {} } } as never);
    const running = () => recorder.contextKeys.get('hparamLab.running');

    await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
    await until('the status bar to say it waits', () => status.some((s) => /waiting for a worker/.test(s)));
    await recorder.commands.get('hparamLab.stop')!();
    await until('Stop to end the waiting run', () => running() === false);

    workers = await startWorkers(redis.url(), 1);
    await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
    await until('the end of the search', () => messages.some((m) => m.includes('finished') || m.startsWith('error')));
    assert.ok(!messages.some((m) => m.startsWith('error')), messages.join('\n'));
    assert.ok(status.some((s) => /· 1 worker$/.test(s)), status.join(' | '));
    assert.match(workers[0]!.stderr(), /trial 2 \(seed \d+\): training on wasm/);
  } finally {
    await stopAll(workers);
    rmSync(ws, { recursive: true, force: true });
  }
});
