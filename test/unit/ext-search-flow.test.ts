// The host's commands driving a real (tiny) search through the core runner, with the vscode stub:
// Run search → progress and a finished message → the tree lists the run ranked → Export writes the CSV;
// Stop → a cancelled run → Resume → completed.
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

test("Run search trains, reports progress, the tree and the export show the ranked trials; Stop then Resume completes the run", { skip: !workerBuilt && 'needs dist/worker.js (npm run build)' }, async () => {
  const ws = mkdtempSync(join(tmpdir(), 'hpl-ext-'));
  try {
    const specPath = join(ws, 'search.json');
    writeFileSync(specPath, JSON.stringify(SPEC, null, 2));
    const folder = { uri: Uri.file(ws), name: 'ws', index: 0 };
    const messages: string[] = [];
    const progress: string[] = [];
    const until = async (what: string, ok: () => boolean) => {
      for (let waited = 0; !ok(); waited += 50) {
        if (waited > 60_000) throw new Error(`timed out waiting for ${what}: ${messages.join(' | ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    let onProgress = (_message: string) => {};
    const recorder = installVscodeStub({
      window: {
        showInformationMessage: async (m: string) => void messages.push(m),
        showErrorMessage: async (m: string) => void messages.push(`error: ${m}`),
        showSaveDialog: async () => Uri.file(join(ws, 'out.csv')),
        withProgress: async (_: unknown, task: (p: unknown, token: unknown) => Promise<void>) =>
          task({ report: (r: { message?: string }) => r.message && (progress.push(r.message), onProgress(r.message)) }, { onCancellationRequested: () => ({ dispose() {} }) }),
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
    await until('the end of the search', () => messages.some((m) => m.includes('finished') || m.startsWith('error')));
    assert.ok(!messages.some((m) => m.startsWith('error')), messages.join('\n'));
    assert.equal(progress.at(-1)?.startsWith('3/3 · best '), true, progress.join(' | '));
    assert.equal(recorder.contextKeys.get('hparamLab.running'), false);

    const { RunsTree } = await import('../../src/extension/runs-tree');
    const tree = new RunsTree(() => undefined);
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

    // Stop after the first trial, then Resume: the run ends complete, with every trial
    writeFileSync(specPath, JSON.stringify({ ...SPEC, name: 'flow-stop', search: { ...SPEC.search, trials: 4 } }));
    const stoppedOnce = () => onProgress = () => {};
    onProgress = (m) => {
      if (m.startsWith('1/')) {
        stoppedOnce();
        void recorder.commands.get('hparamLab.stop')!();
      }
    };
    await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
    await until('the stop', () => recorder.contextKeys.get('hparamLab.running') === false);
    tree.reload();
    const stopped = tree.getChildren().find((n) => n.kind === 'run' && n.run.name === 'flow-stop');
    assert.ok(stopped && stopped.kind === 'run');
    assert.equal(stopped.run.status, 'cancelled');
    const before = messages.length;
    await recorder.commands.get('hparamLab.resume')!(stopped);
    await until('the resumed run', () => messages.slice(before).some((m) => m.includes('finished') || m.startsWith('error')));
    assert.ok(!messages.some((m) => m.startsWith('error')), messages.join('\n'));
    tree.reload();
    const resumed = tree.run(stopped.run.dir)!;
    assert.equal(resumed.status, 'completed');
    assert.equal(resumed.trials.filter((t) => t.status === 'completed').length, 4);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
