import { tempDir } from './helpers/temp';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOTES_FILE, readNotes, setNote } from '../../src/core/runs/notes';
import { exportCsv, exportJson } from '../../src/core/runs/export';
import { run, trial } from './helpers/ext-fixtures';

test('a run without notes.json has no notes', () => {
  assert.deepEqual(readNotes(tempDir('hpl-notes-')), { trials: {} });
});

test('notes are written atomically, read back by a fresh reader, and empty text removes one', () => {
  const dir = tempDir('hpl-notes-');
  setNote(dir, null, '  lr above 1e-2 diverges  ');
  setNote(dir, 7, 'best "so far", see\nepoch 3');
  setNote(dir, 9, 'to delete');
  assert.deepEqual(readdirSync(dir), [NOTES_FILE], 'no temp file left beside it');
  assert.deepEqual(readNotes(dir), { run: 'lr above 1e-2 diverges', trials: { 7: 'best "so far", see\nepoch 3', 9: 'to delete' } });
  setNote(dir, 9, '   ');
  setNote(dir, null, '');
  assert.deepEqual(readNotes(dir), { trials: { 7: 'best "so far", see\nepoch 3' } });
  assert.deepEqual(JSON.parse(readFileSync(join(dir, NOTES_FILE), 'utf8')), { trials: { 7: 'best "so far", see\nepoch 3' } });
});

test('a damaged notes.json is an error naming the file, and is not overwritten', () => {
  const dir = tempDir('hpl-notes-');
  const file = join(dir, NOTES_FILE);
  for (const text of ['{"run": "half', '[1]', '{"run": 3}', '{"trials": {"x": "a"}}', '{"trials": {"2": 5}}']) {
    writeFileSync(file, text);
    assert.throws(() => readNotes(dir), (e: Error) => e.message.includes(file) && /damaged/.test(e.message), text);
    assert.throws(() => setNote(dir, 1, 'new'), (e: Error) => e.message.includes(file));
    assert.equal(readFileSync(file, 'utf8'), text, 'what the user wrote is kept');
  }
});

test('exports carry the notes: a CSV column, a JSON field per trial and the run note', () => {
  const r = run([trial(0, 0.3, { 'training.lr': 1e-4 }), trial(1, 0.8, { 'training.lr': 1e-2 })]);
  const notes = { run: 'book spec', trials: { 0: 'slow, "too small" lr' } };
  const lines = exportCsv(r, notes).trim().split('\r\n');
  assert.equal(lines[0]!.split(',').at(-1), 'note');
  assert.ok(lines[1]!.endsWith(','), 'the best trial has no note: an empty cell');
  assert.ok(lines[2]!.endsWith(',"slow, ""too small"" lr"'));
  const json = JSON.parse(exportJson(r, notes)) as { note?: string; trials: { trial: number; note?: string }[] };
  assert.equal(json.note, 'book spec');
  assert.deepEqual(json.trials.map((t) => [t.trial, t.note]), [[1, undefined], [0, 'slow, "too small" lr']]);
  assert.equal((JSON.parse(exportJson(r)) as { note?: string }).note, undefined, 'no notes, no field');
});
