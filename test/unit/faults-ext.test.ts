// The extension host under attack, with the vscode stand-in: a webview that sends hostile messages
// to the real ResultsPanel, and a search.json whose data.source.idx is a link leading out of the
// workspace (the user is asked; no answer, no training; yes, it trains).
import { tempDir } from './helpers/temp';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeWebviewPanel, installVscodeStub, Uri } from './helpers/vscode-stub';
import { parseSpec } from '../../src/core/spec';
import { mnistDir } from '../../src/core/data/load';

const workerBuilt = existsSync(new URL('../../dist/worker.js', import.meta.url));
const ws = realpathSync(tempDir('hpl-ext-faults-'));
const folder = { uri: Uri.file(ws), name: 'ws', index: 0 };
const specPath = join(ws, 'search.json');
const SPEC = {
  name: 'outside-data',
  data: { source: { idx: 'data' }, trainSize: 200, validationRate: 0.2, seed: 1 },
  model: { hiddenSizes: [20] },
  training: { epochs: 1, batchSize: 50 },
  search: { method: 'random', trials: 2, seed: 1, params: { 'training.lr': { log10: [-3, -1] } } },
  run: { workers: 1, backend: 'js' },
};
writeFileSync(specPath, JSON.stringify(SPEC));
symlinkSync(mnistDir(), join(ws, 'data')); // inside by name, outside in fact

const warnings: string[] = [];
const messages: string[] = [];
let answer: string | undefined;
const posted: unknown[] = [];
const stateUpdates: [string, unknown][] = [];
const webview = fakeWebviewPanel(posted);
const receive = webview.fromWebview;
const recorder = installVscodeStub({
  window: {
    showWarningMessage: async (m: string) => (warnings.push(m), answer),
    showInformationMessage: async (m: string) => void messages.push(m),
    showErrorMessage: async (m: string) => void messages.push(`error: ${m}`),
    withProgress: async (_: unknown, task: (p: unknown, token: unknown) => Promise<void>) =>
      task({ report: () => {} }, { onCancellationRequested: () => ({ dispose() {} }) }),
    createWebviewPanel: webview.create,
  },
  workspace: {
    workspaceFolders: [folder],
    getWorkspaceFolder: () => folder,
    openTextDocument: async () => ({ isDirty: false, getText: () => readFileSync(specPath, 'utf8'), uri: Uri.file(specPath) }),
    asRelativePath: (u: Uri) => u.fsPath,
  },
});
const activated = import('../../src/extension/extension').then(({ activate }) =>
  activate({
    subscriptions: [], extensionUri: Uri.file(ws),
    workspaceState: { get: () => undefined, update: async (k: string, v: unknown) => void stateUpdates.push([k, v]) },
  } as never),
);

test('the real panel ignores hostile webview messages: no reply, no stored state, no throw', async () => {
  await activated;
  const dir = join(ws, 'a-run');
  mkdirSync(dir);
  writeFileSync(join(dir, 'spec.json'), JSON.stringify(parseSpec(JSON.stringify({ ...SPEC, data: { source: 'mnist' } }), 'x.json').spec));
  await recorder.commands.get('hparamLab.focusTrial')!(dir, 0);
  posted.length = 0;
  stateUpdates.length = 0;
  const hostile: unknown[] = [
    undefined, null, 7, 'ready', [], { type: 'runSearch', spec: '/etc/passwd' }, { type: 'setBestN', n: '1e9' },
    { type: 'setBestN', n: -1 }, { type: 'select', trial: 'x'.repeat(5_000_000) }, { type: 'select', trial: [1] },
    JSON.parse('{"__proto__": {"type": "ready"}}'), JSON.parse('{"type": "setBestN", "n": 1e400}'),
  ];
  for (const m of hostile) receive(m);
  assert.deepEqual(posted, [], 'nothing answered');
  assert.deepEqual(stateUpdates, [], 'nothing stored');
  receive({ type: 'setBestN', n: 12, __proto__: { polluted: 1 } });
  assert.deepEqual(stateUpdates, [['hparamLab.panelBestN', 12]]);
  receive({ type: 'ready' });
  assert.equal((posted[0] as { type?: string }).type, 'init', 'a valid ready still gets its init');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('data.source.idx linked out of the workspace: the user is asked; no answer, no run; "Read it", it trains', { skip: !workerBuilt && 'needs dist/worker.js (npm run build)' }, async () => {
  await activated;
  const runs = join(ws, '.hparam-lab', 'runs');
  answer = undefined;
  await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
  assert.equal(warnings.length, 1);
  assert.ok(warnings[0]!.includes(`outside the workspace: ${realpathSync(mnistDir())}`), warnings[0]);
  assert.equal(existsSync(runs), false, 'nothing started without a yes');

  answer = 'Read it';
  await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
  for (let waited = 0; !messages.some((m) => m.includes('finished') || m.startsWith('error')); waited += 50) {
    if (waited > 60_000) throw new Error(`no end: ${messages.join(' | ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.ok(messages.some((m) => m.includes('"outside-data" finished')), messages.join('\n'));
  assert.equal(warnings.length, 2);
});
