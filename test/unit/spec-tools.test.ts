// applyParams, CLI overrides, reading files, and parseSpec's promise never to throw.
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { applyParams, MAX_SPEC_CHARS, parseSpec, withOverrides, type SearchSpec } from '../../src/core/spec';
import { loadSpec } from '../../src/core/load-spec';
import { parse } from './spec-helpers';

const bookText = '{"search": {"params": {"training.weightDecay": {"log10": [-8, -4]}, "training.lr": {"log10": [-6, -2]}}}}';
const book = (): SearchSpec => parse(bookText).spec!;

test('applyParams replaces the dotted paths and leaves the spec alone', () => {
  const spec = book();
  const before = structuredClone(spec);
  const config = applyParams(spec, { 'training.lr': 0.003, 'training.weightDecay': 1e-6, 'model.hiddenSizes': [50, 50], 'data.trainSize': 300, 'model.batchNorm': true });
  assert.equal(config.training.lr, 0.003);
  assert.equal(config.training.weightDecay, 1e-6);
  assert.deepEqual(config.model.hiddenSizes, [50, 50]);
  assert.equal(config.data.trainSize, 300);
  assert.equal(config.model.batchNorm, true);
  assert.equal(config.training.epochs, spec.training.epochs);
  assert.deepEqual(spec, before);
  config.model.dropout = 0.5;
  config.data.seed = 99;
  assert.deepEqual(spec, before, 'the config is a copy, not a view of the spec');
  assert.deepEqual(Object.keys(config).sort(), ['data', 'model', 'training']);
});

test('applyParams copies list values, and refuses a path that is not searchable', () => {
  const widths = [10, 20];
  const config = applyParams(book(), { 'model.hiddenSizes': widths });
  widths.push(30);
  assert.deepEqual(config.model.hiddenSizes, [10, 20]);
  assert.throws(() => applyParams(book(), { 'search.trials': 3 }), /not a searchable path/);
});

test('withOverrides applies valid flags, strings or numbers, without touching the spec', () => {
  const spec = book();
  const result = withOverrides(spec, { trials: '5', epochs: 3, seed: 0, backend: 'js', workers: '2' });
  assert.ok('spec' in result, JSON.stringify(result));
  assert.equal(result.spec.search.trials, 5);
  assert.equal(result.spec.training.epochs, 3);
  assert.equal(result.spec.search.seed, 0);
  assert.equal(result.spec.run.backend, 'js');
  assert.equal(result.spec.run.workers, 2);
  assert.equal(spec.search.trials, 100);
  assert.ok('spec' in withOverrides(spec, { workers: 'auto' }));
});

test('withOverrides refuses bad flags with the flag and the reason', () => {
  const cases: Array<[Parameters<typeof withOverrides>[1], string]> = [
    [{ trials: 0 }, '--trials 0: 0 is less than 1, the smallest allowed'],
    [{ trials: 20000 }, '--trials 20000: 20000 is more than 10000'],
    [{ trials: 'ten' }, '--trials ten: not a positive whole number'],
    [{ epochs: '1e3' }, '--epochs 1e3: not a positive whole number'],
    [{ epochs: 2.5 }, '--epochs 2.5: not a positive whole number'],
    [{ seed: -1 }, '--seed -1: -1 is less than 0, the smallest allowed'],
    [{ seed: 'x' }, '--seed x: not a whole number (0 or more)'],
    [{ workers: 'many' }, '--workers many: not a positive whole number or "auto"'],
    [{ backend: 'cuda' }, '--backend cuda: unknown backend "cuda"'],
  ];
  for (const [flags, message] of cases) {
    const result = withOverrides(book(), flags);
    assert.ok('error' in result, JSON.stringify(flags));
    assert.ok(result.error.includes(message), `${message}\n${result.error}`);
  }
});

test('withOverrides: --epochs wins over a searched epochs, and new problems are reported', () => {
  const spec = parse('{"search": {"params": {"training.epochs": {"int": [5, 50]}, "training.lr": {"log10": [-6, -2]}}}}').spec!;
  const result = withOverrides(spec, { epochs: 2 });
  assert.ok('spec' in result);
  assert.deepEqual(Object.keys(result.spec.search.params), ['training.lr']);
  const pruned = parse('{"search": {"prune": {"method": "median"}, "params": {"training.lr": {"log10": [-6, -2]}}}}').spec!;
  const short = withOverrides(pruned, { epochs: 3 });
  assert.ok('spec' in short);
  assert.match(short.warnings.join('\n'), /warmupEpochs 5 is not less than training.epochs 3/);
});

const dir = mkdtempSync(join(tmpdir(), 'spec-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('loadSpec: clear errors for missing, folder, too large, not UTF-8, UTF-16', () => {
  const write = (name: string, bytes: string | Buffer) => {
    writeFileSync(join(dir, name), bytes);
    return join(dir, name);
  };
  mkdirSync(join(dir, 'folder'));
  const cases: Array<[string, string]> = [
    [join(dir, 'missing.json'), 'no such file'],
    [join(dir, 'folder'), 'is a folder'],
    [write('big.json', Buffer.alloc(MAX_SPEC_CHARS + 1, 0x20)), 'more than the 1 MB a search.json may have'],
    [write('latin1.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])), 'is not UTF-8 text'],
    [write('utf16.json', Buffer.from('\uFEFF{}', 'utf16le')), 'is UTF-16 text — save it as UTF-8'],
  ];
  for (const [path, message] of cases) {
    const { spec, errors } = loadSpec(path);
    assert.equal(spec, undefined);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.file, path);
    assert.ok(errors[0]!.message.includes(message), `${path}: ${errors[0]!.message}`);
  }
  const good = loadSpec(write('ok.search.json', `\uFEFF${bookText}`));
  assert.equal(good.spec?.name, 'ok');
});

test('parseSpec refuses text over 1 MB without parsing it', () => {
  const { errors } = parse(`{"name": "${'x'.repeat(MAX_SPEC_CHARS)}"}`);
  assert.match(errors[0]!.message, /more than the 1 MB/);
});

test('parseSpec never throws and always answers with positions inside the text', () => {
  const jsonish = fc.oneof(
    fc.string(),
    fc.json(),
    fc.jsonValue().map((v) => JSON.stringify({ search: { params: { 'training.lr': v } } })),
    fc.jsonValue().map((v) => JSON.stringify({ model: v, search: { params: { 'model.hiddenSizes': { choice: [v] } } } })),
    fc.tuple(fc.nat(bookText.length), fc.string({ maxLength: 3 })).map(([i, s]) => bookText.slice(0, i) + s + bookText.slice(i + 1)),
  );
  fc.assert(
    fc.property(jsonish, (text) => {
      const { spec, errors } = parseSpec(text, 'fuzz.json');
      assert.ok(spec !== undefined || errors.some((e) => e.severity === 'error'));
      for (const e of errors) {
        assert.ok(e.offset >= 0 && e.offset + e.length <= text.length, JSON.stringify(e));
        assert.ok(e.line >= 1 && e.column >= 1 && e.message.length > 0);
        assert.doesNotMatch(e.message, /internal error/);
      }
    }),
    { numRuns: 300, seed: 1 },
  );
  assert.match(parseSpec(undefined as unknown as string, 'x').errors[0]!.message, /expected the text of a search.json/);
});
