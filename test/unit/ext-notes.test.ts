// Notes, "Show more" and the panel's filter through the real extension (activate() on the vscode
// stand-in): Add Note… from a tree row and from the panel writes notes.json atomically and shows
// it in the tree and the panel; a damaged notes.json is refused naming the file; a run of 250
// trials lists its top 100 and pages on; a `filter` message from the panel narrows the tree.
import { tempDir } from './helpers/temp';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeWebviewPanel, installVscodeStub, Uri } from './helpers/vscode-stub';
import { bookSpec } from './helpers/ext-fixtures';
import { NOTES_FILE, readNotes } from '../../src/core/runs/notes';

interface Item { label: string; description?: string; tooltip?: { value: string } | string; command?: { command: string; arguments?: unknown[] }; contextValue?: string }
interface Node { kind: string; run: { dir: string }; trial?: { trial: number }; count?: number }
interface Provider { getChildren(node?: Node): Node[]; getTreeItem(node: Node): Item }

const ws = realpathSync(tempDir('hpl-ext-notes-'));
const folder = { uri: Uri.file(ws), name: 'ws', index: 0 };
const runDir = join(ws, '.hparam-lab', 'runs', '20261201-212640-book-6.5');
const TRIALS = 250;

/** A finished run of TRIALS trials; trial n scores n / 1000, so the best is the last. */
function writeRun(): void {
  mkdirSync(runDir, { recursive: true });
  writeFileSync(join(runDir, 'spec.json'), JSON.stringify({ ...bookSpec(), search: { ...bookSpec().search, trials: TRIALS } }));
  const time = '2026-12-01T21:26:40.000Z';
  const lines: string[] = [];
  for (let trial = 0; trial < TRIALS; trial++) {
    const valAcc = trial / 1000;
    lines.push(
      JSON.stringify({ type: 'start', trial, seed: trial, params: { 'training.lr': 1e-3, 'training.weightDecay': 1e-6 }, backend: 'js', time }),
      JSON.stringify({ type: 'epoch', trial, epoch: 1, trainAcc: valAcc, valAcc, loss: 1 }),
      JSON.stringify({ type: 'end', trial, status: 'completed', valAcc, trainAcc: valAcc, epochs: 1, seconds: 1, time }),
    );
  }
  writeFileSync(join(runDir, 'trials.jsonl'), lines.join('\n') + '\n');
}
writeRun();

const answers: (string | undefined)[] = [];
const asked: { title?: string; value?: string }[] = [];
const errors: string[] = [];
const posted: { type: string; [k: string]: unknown }[] = [];
const webview = fakeWebviewPanel(posted);
const view = { selection: [] as Node[], visible: true, dispose() {}, reveal: async () => {} };
let provider: Provider | undefined;
const recorder = installVscodeStub({
  window: {
    showInputBox: async (options: { title?: string; value?: string }) => (asked.push(options), answers.shift()),
    showErrorMessage: async (m: string) => void errors.push(m),
    createTreeView: (_id: string, options: { treeDataProvider: Provider }) => ((provider = options.treeDataProvider), view),
    createWebviewPanel: webview.create,
  },
  workspace: { workspaceFolders: [folder], getWorkspaceFolder: () => folder, asRelativePath: (u: Uri) => u.fsPath },
});
const activated = import('../../src/extension/extension').then(({ activate }) =>
  activate({ subscriptions: [], extensionUri: Uri.file(ws), workspaceState: { get: () => undefined, update: async () => {} } } as never),
);
const command = (id: string) => recorder.commands.get(id)!;

const runNode = () => provider!.getChildren()[0]!;
const children = () => provider!.getChildren(runNode());
const trialNode = (n: number) => children().find((c) => c.kind === 'trial' && c.trial!.trial === n)!;
const tooltipText = (item: Item) => (typeof item.tooltip === 'string' ? item.tooltip : item.tooltip?.value ?? '');

test('Add Note… on a trial row writes notes.json atomically; the tree shows it; an edit starts from it', async () => {
  await activated;
  answers.push('lr *too* [high](x)');
  await command('hparamLab.editNote')(trialNode(249));
  assert.deepEqual(readdirSync(runDir).sort(), [NOTES_FILE, 'spec.json', 'trials.jsonl'], 'no temp file left');
  assert.deepEqual(readNotes(runDir), { trials: { 249: 'lr *too* [high](x)' } }, 'a fresh reader reads it back');
  const item = provider!.getTreeItem(trialNode(249));
  assert.match(item.description!, /^✎ /);
  assert.match(tooltipText(item), /\*\*Note\*\*\n\nlr \\\*too\\\* \\\[high\\\]\\\(x\\\)/, 'the note, escaped');

  answers.push(undefined); // cancelled: nothing changes
  await command('hparamLab.editNote')(trialNode(249));
  assert.equal(asked.at(-1)!.value, 'lr *too* [high](x)', 'the input box starts from the current note');
  assert.deepEqual(readNotes(runDir).trials, { 249: 'lr *too* [high](x)' });

  view.selection = [runNode()]; // the palette, with the run row selected
  answers.push('book spec, 250 trials');
  await command('hparamLab.editNote')();
  assert.equal(readNotes(runDir).run, 'book spec, 250 trials');
  assert.match(provider!.getTreeItem(runNode()).description!, /^✎ /);
  assert.match(tooltipText(provider!.getTreeItem(runNode())), /book spec, 250 trials/);

  answers.push('  ');
  await command('hparamLab.editNote')(trialNode(249));
  assert.deepEqual(readNotes(runDir).trials, {}, 'empty text removes the note');
  assert.doesNotMatch(provider!.getTreeItem(trialNode(249)).description!, /✎/);
});

test('the panel gets the notes after every init, asks for one with editNote, and gets the new notes', async () => {
  await activated;
  await command('hparamLab.focusTrial')(runDir, 248);
  posted.length = 0;
  webview.fromWebview({ type: 'ready' });
  const types = posted.map((m) => m.type);
  assert.ok(types.indexOf('notes') > types.indexOf('init'), `notes follow init: ${types.join(',')}`);
  assert.deepEqual(posted.find((m) => m.type === 'notes'), { type: 'notes', run: 'book spec, 250 trials', trials: {} });

  posted.length = 0;
  answers.push('from the panel');
  webview.fromWebview({ type: 'editNote', trial: 248 });
  for (let i = 0; i < 50 && !posted.some((m) => m.type === 'notes'); i++) await new Promise((r) => setTimeout(r, 10));
  assert.match(asked.at(-1)!.title!, /trial 248/);
  assert.deepEqual(posted.filter((m) => m.type === 'notes'), [{ type: 'notes', run: 'book spec, 250 trials', trials: { 248: 'from the panel' } }]);
  assert.deepEqual(readNotes(runDir).trials, { 248: 'from the panel' });
  assert.match(provider!.getTreeItem(trialNode(248)).description!, /^✎ /, 'the tree shows it too');
});

test('a run of 250 trials lists its best 100, then 100 more, then the rest', async () => {
  await activated;
  command('hparamLab.refresh')();
  let rows = children();
  assert.equal(rows.filter((r) => r.kind === 'trial').length, 100);
  assert.equal(rows[0]!.trial!.trial, 249, 'ranked, best first');
  const more = rows.at(-1)!;
  assert.equal(more.kind, 'more');
  const item = provider!.getTreeItem(more);
  assert.equal(item.label, 'Show 100 more…');
  await command(item.command!.command)(...item.command!.arguments!);
  rows = children();
  assert.equal(rows.filter((r) => r.kind === 'trial').length, 200);
  assert.equal(provider!.getTreeItem(rows.at(-1)!).label, 'Show 50 more…');
  await command('hparamLab.showMoreTrials')(runDir);
  rows = children();
  assert.equal(rows.length, 250, 'every trial, no more row');
  assert.equal(rows.at(-1)!.trial!.trial, 0);
  command('hparamLab.refresh')();
  assert.equal(children().length, 101, 'a refresh starts again from the first page');
});

test('the panel’s filter narrows the tree to its trials until cleared', async () => {
  await activated;
  await command('hparamLab.focusTrial')(runDir, 248);
  const kept = [3, 5, 8, 13, 21, 34, 55, 89, 144, 200, 233, 240];
  webview.fromWebview({ type: 'filter', trials: kept });
  assert.match(provider!.getTreeItem(runNode()).description!, / · filtered in the panel: 12 of 250 trials$/);
  let rows = children();
  assert.equal(rows[0]!.kind, 'clearFilter');
  assert.deepEqual(rows.slice(1).map((r) => r.trial!.trial), [...kept].reverse(), 'only the kept trials, ranked');
  const clear = provider!.getTreeItem(rows[0]!);
  assert.equal(clear.label, 'Clear panel filter');
  posted.length = 0;
  await command(clear.command!.command)(...clear.command!.arguments!);
  assert.doesNotMatch(provider!.getTreeItem(runNode()).description!, /filtered/);
  assert.deepEqual(posted, [{ type: 'clearBrushes' }], 'the panel drops its brushes too');
  assert.equal(children().length, 101);

  webview.fromWebview({ type: 'filter', trials: [1, 2] });
  assert.equal(children().length, 3);
  webview.fromWebview({ type: 'filter', trials: null });
  assert.equal(children().length, 101, 'null clears');
  webview.fromWebview({ type: 'filter', trials: [1, 2] });
  webview.fromWebview({ type: 'ready' });
  assert.equal(children().length, 101, 'a reloaded page has no brushes: the filter goes');
  webview.fromWebview({ type: 'filter', trials: ['1'] });
  assert.equal(children().length, 101, 'a malformed filter is ignored');
});

test('a damaged notes.json is refused naming the file and kept as it is', async () => {
  await activated;
  const file = join(runDir, NOTES_FILE);
  writeFileSync(file, '{"trials": {"1": "half');
  const before = asked.length;
  await command('hparamLab.editNote')(trialNode(249));
  assert.equal(asked.length, before, 'no input box');
  assert.ok(errors.some((m) => m.includes(file) && /damaged/.test(m)), errors.join('\n'));
  assert.equal(readFileSync(file, 'utf8'), '{"trials": {"1": "half');
});
