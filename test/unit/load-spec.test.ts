import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpecChecked } from '../../src/core/load-spec';
import { TRAIN_IMAGES, TRAIN_LABELS } from '../../src/core/data/load';

function idxFile(path: string, dims: number[]) {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head[2] = 8;
  head[3] = dims.length;
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  writeFileSync(path, Buffer.concat([head, Buffer.alloc(dims.reduce((a, b) => a * b, 1))]));
}

const spec = (idx: string, trainSize: number) =>
  `{\n  "data": { "source": { "idx": "${idx}" }, "trainSize": ${trainSize} },\n  "training": { "batchSize": 4 },\n  "search": { "trials": 1, "params": { "training.lr": { "log10": [-3, -2] } } }\n}\n`;

test("an IDX folder is checked against the spec: missing files and too few rows, with positions", () => {
  const ws = mkdtempSync(join(tmpdir(), 'hpl-load-'));
  mkdirSync(join(ws, 'digits'));
  idxFile(join(ws, 'digits', TRAIN_IMAGES), [20, 3, 3]);
  idxFile(join(ws, 'digits', TRAIN_LABELS), [20]);
  const file = join(ws, 'search.json');

  writeFileSync(file, spec('elsewhere', 10));
  const missing = loadSpecChecked(file);
  assert.equal(missing.spec, undefined);
  assert.equal(missing.errors[0].path, 'data.source.idx');
  assert.deepEqual([missing.errors[0].line, missing.errors[0].column], [2, 32]);
  assert.match(missing.errors[0].message, /not found/);

  writeFileSync(file, spec('digits', 500));
  const tooMany = loadSpecChecked(file);
  assert.equal(tooMany.spec, undefined);
  assert.ok(tooMany.errors.some((e) => /500 is more than the 20 rows of the data/.test(e.message)), JSON.stringify(tooMany.errors));

  writeFileSync(file, spec('digits', 20));
  const ok = loadSpecChecked(file);
  assert.deepEqual(ok.errors.filter((e) => e.severity === 'error'), []);
  assert.equal(ok.spec?.data.trainSize, 20);
});
