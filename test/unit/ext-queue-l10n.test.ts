// The queue's sentences reach a Japanese VS Code in Japanese (the stub's l10n.t reads
// l10n/bundle.l10n.ja.json as VS Code would): a malformed hparamLab.queue, with its password
// masked, and — against a real redis-server with no worker — the note that the run waits for one.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVscodeStub, Uri } from './helpers/vscode-stub';
import { haveRedis, RedisServer } from './helpers/redis-server';

const japanese = JSON.parse(readFileSync('l10n/bundle.l10n.ja.json', 'utf8')) as Record<string, string>;
const workerBuilt = existsSync(new URL('../../dist/worker.js', import.meta.url));
let redis: RedisServer | undefined;
before(async () => {
  if (haveRedis()) redis = await RedisServer.start();
});
after(async () => redis?.stop());

const SPEC = {
  name: 'ext-queue-ja',
  data: { source: 'mnist', trainSize: 200, validationRate: 0.2, seed: 1 },
  model: { hiddenSizes: [20] },
  training: { epochs: 2, batchSize: 50 },
  search: { method: 'random', trials: 2, seed: 1, params: { 'training.lr': { log10: [-3, -1] } } },
  run: { workers: 1, backend: 'wasm' },
};

test('a Japanese VS Code: a malformed hparamLab.queue in Japanese (password masked); the waiting note in Japanese', { skip: !workerBuilt && 'needs dist/worker.js (npm run build)' }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'hpl-extq-ja-'));
  try {
    const specPath = join(ws, 'search.json');
    writeFileSync(specPath, JSON.stringify(SPEC, null, 2));
    const folder = { uri: Uri.file(ws), name: 'ws', index: 0 };
    const errors: string[] = [];
    const logged: string[] = [];
    let queue = 'redis://me:secret@127.0.0.1:6399/abc';
    const recorder = installVscodeStub({
      l10n: { t: (m: string, ...a: unknown[]) => (japanese[m] ?? m).replace(/\{(\d+)\}/g, (_, i) => String(a[Number(i)])) },
      env: { language: 'ja' },
      window: {
        showInformationMessage: async () => undefined,
        showErrorMessage: async (m: string) => void errors.push(m),
        createOutputChannel: () => ({ info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m), error: (m: string) => logged.push(m), appendLine() {}, show() {}, dispose() {} }),
        withProgress: async (_: unknown, task: (p: unknown, token: unknown) => Promise<void>) => task({ report: () => {} }, { onCancellationRequested: () => ({ dispose() {} }) }),
      },
      workspace: {
        workspaceFolders: [folder],
        getWorkspaceFolder: () => folder,
        getConfiguration: () => ({ get: (k: string, d: unknown) => (k === 'queue' ? queue : d) }),
        openTextDocument: async () => ({ isDirty: false, getText: () => readFileSync(specPath, 'utf8'), uri: Uri.file(specPath) }),
        asRelativePath: (u: Uri) => u.fsPath,
      },
    });
    const { activate } = await import('../../src/extension/extension');
    activate({ subscriptions: [], extensionUri: Uri.file(ws), workspaceState: { get: () => undefined, update: async () => {} } } as never);

    await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0]!, /^探索を開始できませんでした: --queue redis:\/\/me:\*\*\*@127\.0\.0\.1:6399\/abc: データベース "abc" が数ではありません — /);
    assert.ok(!errors.concat(logged).some((m) => m.includes('secret')), 'the password is never shown');
    assert.equal(existsSync(join(ws, 'runs')), false, 'nothing was started');

    if (!redis) return; // the waiting note needs a real redis-server
    queue = redis.url();
    await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
    for (let waited = 0; !logged.some((m) => m.includes('接続しているワーカーがありません')); waited += 50) {
      if (waited > 30_000) throw new Error(`no Japanese waiting note: ${logged.join(' | ')}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    await recorder.commands.get('hparamLab.stop')!();
    for (let waited = 0; recorder.contextKeys.get('hparamLab.running') !== false; waited += 50) {
      if (waited > 30_000) throw new Error('Stop did not end the waiting run');
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
