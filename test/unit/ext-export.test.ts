import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportCsv, exportJson, paramColumns } from '../../src/core/runs/export';
import { run, trial } from './helpers/ext-fixtures';

/** RFC 4180 reader, enough for the test: quoted fields with doubled quotes and line breaks. */
function readCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; }
    else field += c;
  }
  return rows;
}

const trials = () => [
  trial(0, 0.3, { 'training.lr': 0.0001, 'training.weightDecay': 1e-7 }),
  { ...trial(1, undefined, { 'training.lr': 1e-6, 'training.weightDecay': 1e-5 }, 'failed'), error: 'NaN loss, "diverged"\nat epoch 3' },
  trial(2, 0.81, { 'training.lr': 0.0094, 'training.weightDecay': 2.8e-6, 'model.hiddenSizes': [100, 50] }),
];

test('CSV: one row per trial, best first, one column per searched param', () => {
  const rows = readCsv(exportCsv(run(trials())));
  assert.deepEqual(rows[0], ['rank', 'trial', 'status', 'valAcc', 'trainAcc', 'epochs', 'seconds', 'seed', 'backend', 'training.weightDecay', 'training.lr', 'model.hiddenSizes', 'error', 'note']);
  assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1]]), [['1', '2'], ['2', '0'], ['3', '1']]);
  const best = Object.fromEntries(rows[0]!.map((h, i) => [h, rows[1]![i]]));
  assert.equal(Number(best['training.lr']), 0.0094, 'full precision');
  assert.equal(best['model.hiddenSizes'], '[100,50]');
  assert.equal(best.valAcc, '0.81');
  const failed = rows[3]!;
  assert.equal(failed[3], '', 'no val acc is an empty cell');
  assert.equal(failed.at(-2), 'NaN loss, "diverged"\nat epoch 3', 'commas, quotes and line breaks survive quoting');
  assert.ok(rows.every((r) => r.length === rows[0]!.length));
});

test('params a trial recorded beyond the spec get columns too', () => {
  assert.deepEqual(paramColumns(run(trials())), ['training.weightDecay', 'training.lr', 'model.hiddenSizes']);
});

test('JSON: the run, its spec and every trial ranked, with curves', () => {
  const r = run(trials());
  const out = JSON.parse(exportJson(r)) as { name: string; status: string; spec: unknown; trials: Array<{ rank: number; trial: number; curve: unknown[] }> };
  assert.equal(out.name, 'book-6.5');
  assert.equal(out.status, 'completed');
  assert.deepEqual(out.spec, r.spec);
  assert.deepEqual(out.trials.map((t) => [t.rank, t.trial]), [[1, 2], [2, 0], [3, 1]]);
  assert.equal(out.trials[0]!.curve.length, 1);
});
