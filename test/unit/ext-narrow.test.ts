import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, parse } from 'jsonc-parser';
import { changedRanges, distributionText, narrowEdits } from '../../src/core/search/narrow-edit';
import { narrowRanges } from '../../src/core/search/narrow';
import { trial } from './helpers/ext-fixtures';

const formatting = { tabSize: 2, insertSpaces: true, eol: '\n' };

const SPEC = `// the book's §6.5 search
{
  "name": "book-6.5",
  "training": { "epochs": 50, "lr": 0.01 }, // fixed
  "search": {
    "method": "random",
    "params": {
      /* the book draws decay first */
      "training.weightDecay": { "log10": [-8, -4] }, // 10^U(-8,-4)
      "training.lr":          { "log10": [-6, -2] }  // 10^U(-6,-2)
    }
  }
}
`;

test('only the bounds that change are replaced; comments and layout survive', () => {
  const changes = [{ path: 'training.lr', before: { log10: [-6, -2] as [number, number] }, after: { log10: [-3.1, -2] as [number, number] } }];
  const { edits, missing } = narrowEdits(SPEC, changes, formatting);
  assert.deepEqual(missing, []);
  assert.equal(edits.length, 1, 'the upper bound did not change');
  const out = applyEdits(SPEC, edits);
  assert.equal(out, SPEC.replace('"training.lr":          { "log10": [-6, -2] }', '"training.lr":          { "log10": [-3.1, -2] }'));
  for (const comment of ["// the book's §6.5 search", '// fixed', '/* the book draws decay first */', '// 10^U(-8,-4)', '// 10^U(-6,-2)']) {
    assert.ok(out.includes(comment), comment);
  }
});

test('narrowing the top trials of a run rewrites the file to the narrowed ranges', () => {
  const top = [trial(0, 0.8, { 'training.lr': 0.0094, 'training.weightDecay': 2.8e-6 }), trial(1, 0.7, { 'training.lr': 0.0016, 'training.weightDecay': 3e-8 })];
  const params = { 'training.weightDecay': { log10: [-8, -4] as [number, number] }, 'training.lr': { log10: [-6, -2] as [number, number] } };
  const changes = changedRanges(narrowRanges(params, top, 0.1));
  assert.ok(changes.length > 0);
  const out = parse(applyEdits(SPEC, narrowEdits(SPEC, changes, formatting).edits)) as { search: { params: Record<string, unknown> } };
  for (const c of changes) assert.deepEqual(out.search.params[c.path], c.after);
});

test('a change of kind replaces the whole value; a param the file no longer has is reported, not added', () => {
  const changes = [
    { path: 'training.lr', before: { log10: [-6, -2] as [number, number] }, after: { uniform: [0.001, 0.01] as [number, number] } },
    { path: 'model.dropout', before: { uniform: [0, 0.5] as [number, number] }, after: { uniform: [0.1, 0.3] as [number, number] } },
  ];
  const { edits, missing } = narrowEdits(SPEC, changes, formatting);
  assert.deepEqual(missing, ['model.dropout']);
  const text = applyEdits(SPEC, edits);
  const out = parse(text) as { search: { params: Record<string, unknown> } };
  assert.deepEqual(out.search.params['training.lr'], { uniform: [0.001, 0.01] });
  assert.ok(!text.includes('model.dropout'));
  assert.ok(text.includes('// 10^U(-8,-4)'));
});

test('choice lists are narrowed in place, and unchanged ranges produce no edit', () => {
  const text = '{\n  "search": { "params": { "training.optimizer": { "choice": ["sgd", "adam", "momentum"] } } }\n}\n';
  const same = { path: 'x', before: { int: [1, 3] as [number, number] }, after: { int: [1, 3] as [number, number] } };
  const change = { path: 'training.optimizer', before: { choice: ['sgd', 'adam', 'momentum'] }, after: { choice: ['adam'] } };
  assert.deepEqual(changedRanges([same, change]), [change]);
  const out = parse(applyEdits(text, narrowEdits(text, [change], formatting).edits)) as { search: { params: Record<string, unknown> } };
  assert.deepEqual(out.search.params['training.optimizer'], { choice: ['adam'] });
});

test('edits computed on CRLF text keep its line ends', () => {
  const crlf = SPEC.replace(/\n/g, '\r\n');
  const changes = [{ path: 'training.weightDecay', before: { log10: [-8, -4] as [number, number] }, after: { log10: [-7.5, -5] as [number, number] } }];
  const out = applyEdits(crlf, narrowEdits(crlf, changes, { ...formatting, eol: '\r\n' }).edits);
  assert.equal(out.split('\r\n').length, crlf.split('\r\n').length);
  assert.ok(out.includes('{ "log10": [-7.5, -5] }'));
});

test('the preview names each range readably', () => {
  assert.equal(distributionText({ log10: [-6, -2] }), 'log10 [-6, -2]');
  assert.equal(distributionText({ choice: ['sgd', 'adam'] }), 'choice ["sgd", "adam"]');
});
