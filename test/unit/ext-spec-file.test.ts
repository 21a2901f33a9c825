import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import { parseSpec } from '../../src/core/spec';
import { codeLensLine, isSpecFileName, issueRange, lensesApply, withoutSchemaLink, type ZeroBasedRange } from '../../src/extension/logic/spec-file';
import { Debouncer } from '../../src/extension/logic/timing';

/** The text a 0-based range covers. */
function textAt(text: string, r: ZeroBasedRange): string {
  const lines = text.split('\n');
  if (r.startLine === r.endLine) return lines[r.startLine]!.slice(r.startCharacter, r.endCharacter);
  return [lines[r.startLine]!.slice(r.startCharacter), ...lines.slice(r.startLine + 1, r.endLine), lines[r.endLine]!.slice(0, r.endCharacter)].join('\n');
}

const VALID = `// comments are allowed
{
  "name": "t",
  "search": { "trials": 3, "params": { "training.lr": { "log10": [-6, -2] } } }
}
`;

test('search.json and *.search.json are spec files, others are not', () => {
  assert.ok(isSpecFileName('/ws/search.json'));
  assert.ok(isSpecFileName('C:\\ws\\exp\\adam.search.json'));
  assert.ok(!isSpecFileName('/ws/research.json'));
  assert.ok(!isSpecFileName('/ws/search.json.bak'));
});

test("parseSpec's 1-based positions become the editor's 0-based range over the offending text", () => {
  const text = VALID.replace('"log10": [-6, -2]', '"log10": [-2, -6]').replace('"trials": 3', '"trials": "three"');
  const { errors } = parseSpec(text, '/ws/search.json');
  assert.ok(errors.length > 0);
  for (const e of errors) {
    const r = issueRange(e);
    const covered = textAt(text, r);
    assert.equal(covered, text.slice(e.offset, e.offset + e.length), `${e.message} at ${e.line}:${e.column}`);
  }
  const trials = errors.find((e) => e.path.includes('trials'));
  assert.ok(trials && textAt(text, issueRange(trials)).includes('"three"'));
});

test('a range that ends before it starts collapses onto its start', () => {
  const r = issueRange({ line: 3, column: 5, endLine: 2, endColumn: 1, message: '', severity: 'error' });
  assert.deepEqual(r, { startLine: 2, startCharacter: 4, endLine: 2, endCharacter: 4 });
});

test('the CodeLens sits on the root object, after leading comments, only on a valid spec', () => {
  assert.equal(codeLensLine(VALID), 1);
  assert.equal(codeLensLine('{}'), 0);
  assert.equal(codeLensLine('[1, 2]'), undefined);
  assert.equal(codeLensLine(''), undefined);
  assert.ok(lensesApply(parseSpec(VALID, '/ws/search.json').errors));
  assert.ok(!lensesApply(parseSpec('{ "name": 3 ', '/ws/search.json').errors));
  assert.ok(lensesApply([{ line: 1, column: 1, endLine: 1, endColumn: 2, message: 'w', severity: 'warning' }]));
});

test('diagnostics wait for a pause in typing, per document', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const checked: string[] = [];
    const debouncer = new Debouncer<string>(300, (key) => checked.push(key));
    debouncer.call('a');
    mock.timers.tick(200);
    debouncer.call('a');
    debouncer.call('b');
    mock.timers.tick(200);
    assert.deepEqual(checked, [], 'still typing');
    mock.timers.tick(100);
    assert.deepEqual(checked.sort(), ['a', 'b'], 'each document checked once');
    debouncer.call('a');
    debouncer.cancel('a');
    mock.timers.tick(1000);
    assert.equal(checked.length, 2, 'a closed document is not checked');
  } finally {
    mock.timers.reset();
  }
});

test("an example copied into a workspace loses its repository-relative $schema link, and nothing else", () => {
  const example = '{\n  "$schema": "../../src/core/spec/search.schema.json",\n  // keep me\n  "name": "x"\n}\n';
  assert.equal(withoutSchemaLink(example), '{\n  // keep me\n  "name": "x"\n}\n');
  assert.equal(withoutSchemaLink('{ "name": "x" }'), '{ "name": "x" }');
});

test('removing the $schema link keeps the JSON valid wherever it stands', () => {
  assert.equal(withoutSchemaLink('{ "name": "x", "$schema": "s" }'), '{ "name": "x" }');
  assert.equal(withoutSchemaLink('{\n  "name": "x",\n  "$schema": "s"\n}'), '{\n  "name": "x"\n}');
  assert.deepEqual(JSON.parse(withoutSchemaLink('{ "$schema": "s" }')), {});
  assert.equal(withoutSchemaLink('{ "inner": { "$schema": "kept" } }'), '{ "inner": { "$schema": "kept" } }');
});
