// The extension host with the vscode stand-in: a search.json whose data folder is broken shows the
// spec loader's message as an error diagnostic on data.source.idx, and Run Search refuses it
// (nothing created); good data of another image size gets an information diagnostic, no refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installVscodeStub, Uri } from './helpers/vscode-stub';
import { BAD_DATA, specText, writeGoodData } from './helpers/bad-data';
import { dataOutsideWorkspace } from '../../src/core/data/containment';

interface SeenDiagnostic {
  range: { startLine: number; startCharacter: number; endLine: number; endCharacter: number };
  message: string;
  severity: number;
}

const root = mkdtempSync(join(tmpdir(), 'hpl-ext-data-'));
const folder = { uri: Uri.file(root), name: 'ws', index: 0 };
const diagnostics = new Map<string, SeenDiagnostic[]>();
const errors: string[] = [];
const warnings: string[] = [];
let answer: string | undefined;
let openListener: (document: unknown) => void = () => {};
const documentOf = (specPath: string) => ({
  uri: Uri.file(specPath), isClosed: false, isDirty: false, getText: () => readFileSync(specPath, 'utf8'),
});
const recorder = installVscodeStub({
  window: {
    showErrorMessage: async (m: string) => void errors.push(m),
    showWarningMessage: async (m: string) => (warnings.push(m), answer),
  },
  workspace: {
    workspaceFolders: [folder],
    getWorkspaceFolder: () => folder,
    openTextDocument: async (u: Uri) => documentOf(u.fsPath),
    asRelativePath: (u: Uri) => u.fsPath,
    onDidOpenTextDocument: (listener: (document: unknown) => void) => ((openListener = listener), { dispose() {} }),
  },
  languages: {
    createDiagnosticCollection: () => ({ set: (uri: Uri, list: SeenDiagnostic[]) => diagnostics.set(uri.fsPath, list), delete() {}, dispose() {} }),
    registerCodeLensProvider: () => ({ dispose() {} }),
  },
});
const activated = import('../../src/extension/extension').then(({ activate }) =>
  activate({ subscriptions: [], extensionUri: Uri.file(root), workspaceState: { get: () => undefined, update: async () => {} } } as never),
);
test.after(() => rmSync(root, { recursive: true, force: true }));

/** Opens the spec in the (stand-in) editor and waits for its diagnostics, which follow a typing pause. */
async function diagnosticsOf(specPath: string): Promise<SeenDiagnostic[]> {
  await activated;
  diagnostics.delete(specPath);
  openListener(documentOf(specPath));
  for (let waited = 0; !diagnostics.has(specPath); waited += 20) {
    if (waited > 10_000) throw new Error(`no diagnostics for ${specPath}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return diagnostics.get(specPath)!;
}

/** A case folder in the workspace: search.json naming "digits", the good data there. */
function caseFolder(name: string, gz = false): { specPath: string; data: string } {
  const dir = join(root, name);
  mkdirSync(dir);
  const specPath = join(dir, 'search.json');
  writeFileSync(specPath, specText('digits', 10));
  writeGoodData(join(dir, 'digits'), gz);
  return { specPath, data: join(dir, 'digits') };
}

/** Where "digits" stands in specText: line 2, column 32 (1-based) → 1, 31 (0-based), quotes included. */
const IDX_RANGE = { startLine: 1, startCharacter: 31, endLine: 1, endCharacter: 39 };

BAD_DATA.forEach((c, i) => {
  test(`diagnostic on data.source.idx and Run Search refuses: ${c.name}`, { skip: c.skip?.() }, async () => {
    const { specPath, data } = caseFolder(`case-${i}`, c.gz);
    c.spoil(data);
    const found = (await diagnosticsOf(specPath)).filter((x) => x.severity === 0);
    // a link out of the workspace (to /dev/zero) is read only once the user agrees (below)
    if (dataOutsideWorkspace({ idx: 'digits' }, specPath, [root]) !== undefined) assert.deepEqual(found, []);
    else {
      const [d, ...others] = found;
      assert.deepEqual(others, []);
      assert.match(d!.message, c.message);
      assert.deepEqual({ ...d!.range }, IDX_RANGE);
    }

    errors.length = 0;
    answer = 'Read it';
    await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
    answer = undefined;
    assert.deepEqual(errors, [`${specPath} has 1 problem(s); fix them before running.`]);
    assert.equal(existsSync(join(root, '.hparam-lab')), false, 'no runs folder');
  });
});

test('good data of 3 × 3 images: an information diagnostic saying the net follows the images, no error', async () => {
  const { specPath } = caseFolder('good', true);
  const all = await diagnosticsOf(specPath);
  assert.deepEqual(all.map((d) => [d.severity, { ...d.range }]), [[2, IDX_RANGE]]);
  assert.match(all[0]!.message, /^20 images of 3 × 3 in 10 classes: the network is 9 → hidden layers → 10 \(its first layer's width follows the images; MNIST's 28 × 28 give 784\)$/);
});

test('data outside the workspace is not read for the diagnostics; once the user agrees to read it, Run Search checks it', async () => {
  const outside = mkdtempSync(join(tmpdir(), 'hpl-outside-'));
  try {
    const data = join(outside, 'digits');
    writeGoodData(data, false);
    BAD_DATA[0]!.spoil(data);
    const dir = join(root, 'outside-case');
    mkdirSync(dir);
    const specPath = join(dir, 'search.json');
    writeFileSync(specPath, specText(data, 10));
    assert.deepEqual((await diagnosticsOf(specPath)).filter((x) => x.severity === 0), [], 'nothing read, nothing reported');

    errors.length = 0;
    warnings.length = 0;
    answer = undefined;
    await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
    assert.equal(warnings.length, 1, 'asked before reading');
    assert.deepEqual(errors, [], 'no answer: nothing read, nothing run');
    answer = 'Read it';
    await recorder.commands.get('hparamLab.runSearch')!(Uri.file(specPath));
    assert.deepEqual(errors, [`${specPath} has 1 problem(s); fix them before running.`]);
    assert.equal(existsSync(join(root, '.hparam-lab')), false, 'no runs folder');
  } finally {
    answer = undefined;
    rmSync(outside, { recursive: true, force: true });
  }
});
