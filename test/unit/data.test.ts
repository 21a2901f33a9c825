import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readIdx, idxCount } from '../../src/core/data/idx';
import { loadDataset, mnistDir, TRAIN_IMAGES, TRAIN_LABELS } from '../../src/core/data/load';

const book = { source: 'mnist' as const, trainSize: 500, validationRate: 0.2, seed: 1 };

test('IDX reader on the real MNIST files: 60,000 / 10,000 images of 28×28', () => {
  const dir = mnistDir();
  const train = readIdx(join(dir, TRAIN_IMAGES));
  assert.deepEqual(train.dims, [60000, 28, 28]);
  assert.equal(train.data.length, 60000 * 784);
  let sum = 0;
  for (const b of train.data) sum += b;
  const mean = sum / train.data.length;
  assert.ok(Math.abs(mean - 33.32) < 0.01, `training pixel mean ${mean} ≈ 33.32 (/255 → ${mean / 255})`);
  assert.equal(idxCount(join(dir, 't10k-images-idx3-ubyte')), 10000);
  assert.equal(idxCount(join(dir, 't10k-labels-idx1-ubyte')), 10000);
  const labels = readIdx(join(dir, TRAIN_LABELS), 10);
  assert.deepEqual([...labels.data], [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]); // MNIST's well-known first labels
});

test('the book split: 500 images → 400 training + 100 validation, pixels in 0–1, seeded', () => {
  const a = loadDataset(book, '.');
  assert.equal(a.tTrain.length, 400);
  assert.equal(a.tVal.length, 100);
  assert.equal(a.xTrain.length, 400 * 784);
  assert.equal(a.inputSize, 784);
  assert.equal(a.classes, 10);
  let max = 0;
  for (const v of a.xTrain) max = Math.max(max, v);
  assert.equal(max, 1);
  const b = loadDataset(book, '.');
  assert.deepEqual(a.tVal, b.tVal);
  const c = loadDataset({ ...book, seed: 2 }, '.');
  assert.notDeepEqual(a.tVal, c.tVal);
  // the union of the split is exactly the first 500 labels
  const first = readIdx(join(mnistDir(), TRAIN_LABELS), 500).data;
  const count = (xs: Iterable<number>) => [...xs].reduce((m, x) => (m.set(x, (m.get(x) ?? 0) + 1), m), new Map<number, number>());
  assert.deepEqual(count([...a.tTrain, ...a.tVal]), count(first));
});

function writeIdx(dir: string, name: string, dims: number[], bytes: Uint8Array, gz = false) {
  const head = new Uint8Array(4 + 4 * dims.length);
  head[2] = 8;
  head[3] = dims.length;
  const v = new DataView(head.buffer);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  const all = Buffer.concat([head, bytes]);
  writeFileSync(join(dir, gz ? name + '.gz' : name), gz ? gzipSync(all) : all);
}

test("the user's own IDX files, raw or gzipped, and clear errors", () => {
  const dir = mkdtempSync(join(tmpdir(), 'hpl-idx-'));
  const px = new Uint8Array(20 * 4).map((_, i) => i % 256);
  writeIdx(dir, TRAIN_IMAGES, [20, 2, 2], px, true);
  writeIdx(dir, TRAIN_LABELS, [20], new Uint8Array(20).map((_, i) => i % 3));
  // idx paths resolve against the spec's folder
  const ok = loadDataset({ source: { idx: basename(dir) }, trainSize: 10, validationRate: 0.2, seed: 1 }, dirname(dir));
  assert.equal(ok.inputSize, 4);
  assert.equal(ok.tTrain.length + ok.tVal.length, 10);

  // mismatched counts
  writeIdx(dir, TRAIN_LABELS, [19], new Uint8Array(19));
  assert.throws(() => loadDataset({ source: { idx: dir }, trainSize: 10, validationRate: 0.2, seed: 1 }, '/'), /declares 20 images but .* 19 labels/);
  // wrong magic number
  writeFileSync(join(dir, TRAIN_LABELS), Buffer.from([1, 2, 3, 4, 0, 0, 0, 1, 0]));
  assert.throws(() => readIdx(join(dir, TRAIN_LABELS)), /not an IDX file \(magic number 01 02 03 04/);
  // truncated
  const bad = join(dir, 'bad');
  mkdirSync(bad);
  writeIdx(bad, TRAIN_LABELS, [100], new Uint8Array(30));
  assert.throws(() => readIdx(join(bad, TRAIN_LABELS)), /truncated — the header declares 100 items of 1 bytes, the file holds 30/);
  assert.throws(() => readIdx(join(dir, 'missing')), /not found/);
});
