// Rounds through the real extension (activate() on the vscode stand-in): a search.json with a
// round-1 and a round-2 run shows them under "Round 2" / "Round 1" rows (each run's parent is its
// round's row), a single-round search's run stays a top-level row, and the panel of the round-2
// run gets a `rounds` message after its init.
import { tempDir } from './helpers/temp';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeWebviewPanel, installVscodeStub, Uri } from './helpers/vscode-stub';
import { bookSpec } from './helpers/ext-fixtures';

interface Item { label: string; description?: string }
interface Node { kind: string; run?: { dir: string }; round?: number }
interface Provider { getChildren(node?: Node): Node[]; getTreeItem(node: Node): Item; getParent(node: Node): Node | undefined }

const ws = realpathSync(tempDir('hpl-ext-rounds-'));
const folder = { uri: Uri.file(ws), name: 'ws', index: 0 };
const runs = join(ws, '.hparam-lab', 'runs');
const specPath = join(ws, 'search.json');

function writeRun(name: string, meta: object, valAcc: number, spec = specPath): string {
  const dir = join(runs, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'spec.json'), JSON.stringify({ ...bookSpec(), search: { ...bookSpec().search, trials: 1 } }));
  writeFileSync(join(dir, 'run.json'), JSON.stringify({ specPath: spec, started: '2026-12-01T21:26:40.000Z', version: '0.1.0', ...meta }));
  const time = '2026-12-01T21:26:40.000Z';
  writeFileSync(join(dir, 'trials.jsonl'), [
    { type: 'start', trial: 0, seed: 0, params: { 'training.lr': 1e-3, 'training.weightDecay': 1e-6 }, backend: 'js', time },
    { type: 'end', trial: 0, status: 'completed', valAcc, trainAcc: valAcc, epochs: 1, seconds: 1, time },
  ].map((l) => JSON.stringify(l)).join('\n') + '\n');
  return dir;
}
const first = writeRun('20261201-100000-book-6.5', { round: 1, ranges: bookSpec().search.params }, 0.5);
const second = writeRun('20261201-110000-book-6.5', { round: 2, parent: '20261201-100000-book-6.5', ranges: { 'training.lr': { log10: [-3, -2] } } }, 0.8);
const other = writeRun('20261201-120000-other', {}, 0.3, join(ws, 'other.json'));

const posted: { type: string; [k: string]: unknown }[] = [];
const webview = fakeWebviewPanel(posted);
let provider: Provider | undefined;
const recorder = installVscodeStub({
  window: {
    createTreeView: (_id: string, options: { treeDataProvider: Provider }) => ((provider = options.treeDataProvider), { selection: [], visible: true, dispose() {}, reveal: async () => {} }),
    createWebviewPanel: webview.create,
  },
  workspace: { workspaceFolders: [folder], getWorkspaceFolder: () => folder, asRelativePath: (u: Uri) => u.fsPath },
});
const activated = import('../../src/extension/extension').then(({ activate }) =>
  activate({ subscriptions: [], extensionUri: Uri.file(ws), workspaceState: { get: () => undefined, update: async () => {} } } as never),
);

test('the tree shows a two-round search as Round 2 and Round 1, and a one-round search as before', async () => {
  await activated;
  const top = provider!.getChildren();
  assert.deepEqual(top.map((n) => (n.kind === 'round' ? provider!.getTreeItem(n).label : n.run!.dir)), [other, 'Round 2', 'Round 1']);
  const [, round2, round1] = top;
  assert.match(provider!.getTreeItem(round2!).description!, /^book-6\.5 · 1 run · best 0\.80$/);
  const [run2] = provider!.getChildren(round2);
  assert.equal(run2!.run!.dir, second);
  assert.equal(provider!.getParent(run2!), round2, 'a grouped run\'s parent is its round (reveal walks up)');
  assert.deepEqual(provider!.getChildren(round1).map((n) => n.run!.dir), [first]);
  const [trial] = provider!.getChildren(run2);
  assert.equal(provider!.getParent(trial!)?.run?.dir, second);
  assert.equal(provider!.getParent(top[0]!), undefined);
});

test('the panel of a round-2 run gets the rounds after init: ranges in units, round 1\'s trials as points', async () => {
  await activated;
  await recorder.commands.get('hparamLab.focusTrial')!(second, 0);
  posted.length = 0;
  webview.fromWebview({ type: 'ready' });
  const types = posted.map((m) => m.type);
  assert.ok(types.indexOf('rounds') > types.indexOf('init'), types.join());
  const { rounds } = posted.find((m) => m.type === 'rounds') as unknown as { rounds: { round: number; ranges: Record<string, number[]>; points: unknown[]; best: number }[] };
  assert.deepEqual(rounds.map((r) => [r.round, r.best, r.points.length]), [[1, 0.5, 1], [2, 0.8, 0]]);
  assert.deepEqual(rounds[1]!.ranges, { 'training.lr': [10 ** -3, 10 ** -2] });
});
