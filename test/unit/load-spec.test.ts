// The one spec loader, in-process: a data folder is checked with the spec (every way it can be
// wrong, with the error on data.source.idx at its line:column), images of other sizes are a note,
// the facts are cached per folder, and data that goes away after the check fails the load cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSpec } from '../../src/core/load-spec';
import { checkDataFolder } from '../../src/core/data/check';
import { loadDataset } from '../../src/core/data/load';
import { IdxError } from '../../src/core/data/idx';
import { BAD_DATA, IDX_AT, IMAGES, LABELS, ROWS, dataWorkspace, idxBytes, specText } from './helpers/bad-data';

const errorsOf = (r: ReturnType<typeof loadSpec>) => r.errors.filter((e) => e.severity === 'error');

for (const c of BAD_DATA) {
  test(`refused before a run: ${c.name}`, { skip: c.skip?.() }, () => {
    const w = dataWorkspace(c.gz);
    try {
      c.spoil(w.data);
      const before = readdirSync(w.ws).sort();
      const r = loadSpec(w.specPath);
      assert.equal(r.spec, undefined, 'no spec to run');
      const [e, ...others] = errorsOf(r);
      assert.deepEqual(others, []);
      assert.match(e!.message, c.message);
      assert.equal(e!.path, 'data.source.idx');
      assert.deepEqual([e!.line, e!.column], [IDX_AT.line, IDX_AT.column]);
      assert.equal(e!.file, w.specPath);
      assert.deepEqual(readdirSync(w.ws).sort(), before, 'nothing written');
    } finally {
      w.cleanup();
    }
  });
}

test('good data, plain or gzipped: a spec, with a note that the 3 × 3 images make a 9-input net', () => {
  for (const gz of [false, true]) {
    const w = dataWorkspace(gz);
    try {
      const r = loadSpec(w.specPath);
      assert.ok(r.spec, JSON.stringify(r.errors));
      assert.deepEqual(r.errors.map((e) => [e.severity, e.path, e.line, e.column]), [['info', 'data.source.idx', 2, 32]]);
      assert.match(r.errors[0]!.message, /^20 images of 3 × 3 in 10 classes: the network is 9 → hidden layers → 10 \(its first layer's width follows the images/);
    } finally {
      w.cleanup();
    }
  }
});

test('the embedded MNIST is checked too, and needs no note', () => {
  const r = loadSpec(join(__dirname, '..', '..', 'examples', 'book-6.5', 'search.json'));
  assert.ok(r.spec);
  assert.deepEqual(r.errors, []);
});

test('classes: at least 10; above 9 each needs an image; below 10 may be empty (3 classes, or numbered from 1)', () => {
  const w = dataWorkspace();
  const withLabels = (labels: number[]) => {
    writeFileSync(join(w.data, LABELS), idxBytes([ROWS], Uint8Array.from({ length: ROWS }, (_, i) => labels[i % labels.length]!)));
    return loadSpec(w.specPath);
  };
  try {
    assert.match(withLabels([0, 1, 2]).errors[0]!.message, / in 10 classes: /);
    const letters = withLabels(Array.from({ length: 20 }, (_, i) => i + 1)); // 1–20, as EMNIST Letters numbers its 26
    assert.ok(letters.spec);
    assert.match(letters.errors[0]!.message, / in 21 classes: the network is 9 → hidden layers → 21 /);
    const gap = withLabels([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12]);
    assert.equal(gap.spec, undefined);
    assert.match(errorsOf(gap)[0]!.message, /label 12 at row 11 \(counting from 0\) leaves a gap: class 11 has no image, while the labels below are 0–10/);
  } finally {
    w.cleanup();
  }
});

test('trainSize is bounded by the folder\'s rows; a missing folder is named', () => {
  const w = dataWorkspace();
  try {
    writeFileSync(w.specPath, specText('digits', 500));
    const tooMany = loadSpec(w.specPath);
    assert.equal(tooMany.spec, undefined);
    assert.ok(errorsOf(tooMany).some((e) => /^500 is more than the 20 rows of the data$/.test(e.message)), JSON.stringify(tooMany.errors));

    writeFileSync(w.specPath, specText('elsewhere', 10));
    const [missing] = errorsOf(loadSpec(w.specPath));
    assert.equal(missing!.path, 'data.source.idx');
    assert.deepEqual([missing!.line, missing!.column], [2, 32]);
    assert.match(missing!.message, /elsewhere: no such folder — data\.source\.idx is relative to the folder of the search\.json/);

    writeFileSync(w.specPath, specText('digits/' + IMAGES, 10));
    assert.match(errorsOf(loadSpec(w.specPath))[0]!.message, /train-images-idx3-ubyte: is a file, not a folder — name the folder that holds/);
  } finally {
    w.cleanup();
  }
});

test("the editor's text is checked, not the file's, with positions in that text", () => {
  const w = dataWorkspace();
  try {
    const text = `// unsaved\n${specText('nowhere', 10)}`;
    const [e] = errorsOf(loadSpec(w.specPath, { text }));
    assert.match(e!.message, /nowhere: no such folder/);
    assert.deepEqual([e!.line, e!.column], [3, 32]);
    assert.ok(loadSpec(w.specPath).spec, 'the file on disk is fine');
  } finally {
    w.cleanup();
  }
});

test('the facts are cached per folder by its files\' stat: the same answer until a file changes', () => {
  const w = dataWorkspace();
  try {
    const first = checkDataFolder(w.data);
    assert.equal(checkDataFolder(w.data), first, 'not scanned again');
    assert.equal(first.rows, ROWS);
    writeFileSync(join(w.data, LABELS), idxBytes([ROWS], Uint8Array.from({ length: ROWS }, (_, i) => i % 12)));
    utimesSync(join(w.data, LABELS), 1, 1); // the same size: the mtime tells, even on a coarse clock
    const changed = checkDataFolder(w.data);
    assert.notEqual(changed, first);
    assert.equal(changed.classes, 12);
    rmSync(join(w.data, IMAGES));
    assert.throws(() => checkDataFolder(w.data), /train-images-idx3-ubyte: not found/);
    assert.throws(() => checkDataFolder(w.data), /train-images-idx3-ubyte: not found/, 'a cached problem is thrown again');
  } finally {
    w.cleanup();
  }
});

test('data that vanishes, or turns into a FIFO, after the check: loading it for a trial fails with a clear error, never hangs', () => {
  const w = dataWorkspace();
  try {
    const { spec } = loadSpec(w.specPath);
    assert.ok(spec);
    rmSync(join(w.data, IMAGES));
    assert.throws(() => loadDataset(spec.data, w.ws), (e) => e instanceof IdxError && /train-images-idx3-ubyte: not found \(nor .*\.gz\)/.test(e.message));
    execFileSync('mkfifo', [join(w.data, IMAGES)]);
    assert.throws(() => loadDataset(spec.data, w.ws), /train-images-idx3-ubyte: is a named pipe \(FIFO\), not a regular file/);
  } finally {
    w.cleanup();
  }
});
