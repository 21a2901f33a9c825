// The host's commands driving a real (tiny) search through the core runner, with the vscode stub:
// Run search → progress and a finished message → the tree lists the run ranked → Export writes the CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVscodeStub, Uri } from './helpers/vscode-stub';

const workerBuilt = existsSync(new URL('../../dist/worker.js', import.meta.url));

const SPEC = {
  name: 'flow',
  data: { source: 'mnist', trainSize: 200, validationRate: 0.2, seed: 1 },
  model: { hiddenSizes: [20] },
  training: { epochs: 2, batchSize: 50 },
  search: { method: 'random', trials: 3, seed: 1, params: { 'training.lr': { log10: [-3, -1] } } },
  run: { workers: 1, backend: 'js' },
};

test('Run search trains, reports progress, and the tree and the export show the ranked trials', { skip: !workerBuilt && 'needs dist/worker.js (npm run build)' }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'hpl-ext-'));
  try {
    const specPath = join(ws, 'search.json');
    writeFileSync(specPath, JSON.stringify(SPEC, null, 2));
    const folder = { uri: Uri.file(ws), name: 'ws', index: 0 };
    const messages: string[] = [];
    const progress: string[] = [];
    let finished!: () => void;
    const done = new Promise<void>((resolve) => (finished = resolve));
    const recorder = installVscodeStub({
      window: {
        showInformationMessage: async (m: string) => {
          messages.push(m);
          if (m.includes('finished')) finished();
        },
        showErrorMessage: async (m: string) => {
          messages.push(`error: ${m}`);
          finished();
        },
        showSaveDialog: async () => Uri.file(join(ws, 'out.csv')),
        withProgress: async (_: unknown, task: (p: unknown, token: unknown) => Promise<void>) =>
          task({ report: (r: { message?: string }) => r.message && progress.push(r.message) }, { onCancellationRequested: () => ({ dispose() {} }) }),
      },
      workspace: {
        workspaceFolders: [folder],
        getWorkspaceFolder: () => folder,
        openTextDocument: async () => ({ isDirty: false, getText: () => readFileSync(specPath, 'utf8'), uri: Uri.file(specPath) }),
        asRelativePath: (u: Uri) => u.fsPath,
        fs: { writeFile: async (u: Uri, bytes: Uint8Array) => writeFileSync(u.fsPath, bytes) },
      },
    });
    const { activate } = await import('../../src/extension/extension');
    activate({ subscriptions: [], extensionUri: Uri.file(ws), workspaceState: { get: () => undefined, update: async () => {} } } as never);

    await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
    await done;
    assert.ok(!messages.some((m) => m.startsWith('error')), messages.join('\n'));
    assert.equal(progress.at(-1)?.startsWith('3/3 · best '), true, progress.join(' | '));
    assert.equal(recorder.contextKeys.get('hparamLab.running'), false);

    const { RunsTree } = await import('../../src/extension/runs-tree');
    const tree = new RunsTree();
    const [runNode] = tree.getChildren();
    assert.ok(runNode && runNode.kind === 'run');
    assert.equal(runNode.run.status, 'completed');
    const rows = tree.getChildren(runNode).map((n) => tree.getTreeItem(n));
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((r) => String(r.label).split(/\s+/)[0]), ['#1', '#2', '#3']);
    const accs = rows.map((r) => Number(String(r.label).split(/\s+/)[1]));
    assert.deepEqual([...accs].sort((a, b) => b - a), accs, 'ranked best first');
    assert.match(String(rows[0]!.description), /^lr \d\.\de-\d$/);

    await recorder.commands.get('hparamLab.export')!(runNode);
    const csv = readFileSync(join(ws, 'out.csv'), 'utf8').trim().split('\r\n');
    assert.equal(csv.length, 4);
    assert.ok(csv[0]!.startsWith('rank,trial,status,valAcc'));
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
