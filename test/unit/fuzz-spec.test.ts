// The spec validator against hostile files, in-process: 600 generated cases (fixed seed) through
// parseSpec (the text) and loadSpec (the bytes on disk), then the extreme ones by hand. Nothing
// may throw, hang, answer without a position, accept a value beyond the schema's limits, or leave
// a property on Object.prototype.
import { tempDir } from './helpers/temp';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseSpec, type ParseResult } from '../../src/core/spec';
import { loadSpec } from '../../src/core/load-spec';
import { validatorCode, VALIDATOR_FILE } from '../../scripts/validator.mjs';
import { BOOK_SPEC, hostileCase, prototypeKeys, tenMegabytes, withValueAt, type HostileCase } from './helpers/fuzz-specs';

const RUNS = 600;
/** A hang guard, far above the milliseconds a case takes: a parse that runs away trips it. */
const HANG_GUARD_MS = 5000;
const dir = tempDir('hpl-fuzz-');

function timed(fn: () => ParseResult): ParseResult {
  const t0 = performance.now();
  const result = fn();
  const ms = performance.now() - t0;
  assert.ok(ms < HANG_GUARD_MS, `took ${ms.toFixed(0)} ms`);
  return result;
}

/** What every answer must be, whatever the input. */
function checkAnswer(result: ParseResult, file: string, label: string): void {
  const { spec, errors } = result;
  assert.ok(spec !== undefined || errors.some((e) => e.severity === 'error'), `${label}: neither a spec nor an error`);
  if (spec) assert.ok(errors.every((e) => e.severity === 'warning'), `${label}: a spec despite errors`);
  for (const e of errors) {
    assert.equal(e.file, file);
    assert.ok(Number.isInteger(e.line) && e.line >= 1 && Number.isInteger(e.column) && e.column >= 1, `${label}: ${JSON.stringify(e)}`);
    assert.ok(e.message.length > 0);
    assert.doesNotMatch(e.message, /internal error/, label);
  }
  if (!spec) return;
  // an accepted spec is within the limits that protect the machine
  assert.ok(Number.isSafeInteger(spec.search.trials) && spec.search.trials >= 1 && spec.search.trials <= 10_000, label);
  assert.ok(spec.model.hiddenSizes.length <= 32 && spec.model.hiddenSizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 4096), label);
  assert.ok(Number.isInteger(spec.training.epochs) && spec.training.epochs <= 10_000, label);
  assert.ok(Number.isFinite(spec.training.lr) && Number.isFinite(spec.data.validationRate), label);
  assert.equal(Object.getPrototypeOf(spec.search.params), Object.prototype, label);
}

test(`fuzz: ${RUNS} hostile specs through parseSpec and loadSpec — an answer with positions, never a throw, a hang or pollution`, () => {
  const before = prototypeKeys();
  let accepted = 0;
  let refusedBytes = 0;
  fc.assert(
    fc.property(hostileCase, (c: HostileCase) => {
      checkAnswer(timed(() => parseSpec(c.text, 'fuzz/search.json')), 'fuzz/search.json', c.label);
      const path = join(dir, 'search.json');
      writeFileSync(path, c.bytes);
      const fromDisk = timed(() => loadSpec(path));
      checkAnswer(fromDisk, path, c.label);
      if (fromDisk.spec) accepted++;
      if (c.spoiled && !fromDisk.spec) refusedBytes++;
      assert.deepEqual(prototypeKeys(), before, `${c.label}: Object.prototype changed`);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, c.label);
    }),
    { numRuns: RUNS, seed: 20261201 },
  );
  // the generator must mostly produce invalid files, else it tests little
  assert.ok(accepted < RUNS / 2, `${accepted} of ${RUNS} accepted`);
  assert.ok(refusedBytes > 0);
});

test('fuzz: the limits are refused with the field named — trials 1e12, hiddenSizes [1e9], NaN as text', () => {
  const cases: [string[], string, RegExp][] = [
    [['search', 'trials'], '1e12', /search\.trials/],
    [['model', 'hiddenSizes'], '[1e9]', /model\.hiddenSizes/],
    [['training', 'lr'], '"NaN"', /training\.lr/],
    [['training', 'lr'], '"Infinity"', /training\.lr/],
    [['training', 'epochs'], '1e308', /training\.epochs/],
  ];
  for (const [path, raw, where] of cases) {
    const { spec, errors } = parseSpec(withValueAt(path, raw), 'f.json');
    assert.equal(spec, undefined, raw);
    assert.ok(errors.some((e) => where.test(e.path)), `${raw}: ${errors.map((e) => e.path).join(', ')}`);
  }
  const bare = parseSpec(withValueAt(['training', 'lr'], 'NaN'), 'f.json');
  assert.match(bare.errors[0]!.message, /JSON has no NaN/);
});

test('fuzz: a 10 MB file, 100,000 levels of nesting and a 200,000-item list are refused before parsing', () => {
  const huge = tenMegabytes();
  const inMemory = timed(() => parseSpec(huge, 'huge.json'));
  assert.match(inMemory.errors[0]!.message, /more than the 1 MB/);
  const path = join(dir, 'huge.search.json');
  writeFileSync(path, huge);
  assert.match(timed(() => loadSpec(path)).errors[0]!.message, /more than the 1 MB/);
  const nested = timed(() => parseSpec('['.repeat(100_000) + ']'.repeat(100_000), 'deep.json'));
  assert.match(nested.errors[0]!.message, /nested more than/);
  const long = timed(() => parseSpec(withValueAt(['model', 'hiddenSizes'], `[${Array(200_000).fill(1).join(',')}]`), 'long.json'));
  assert.match(long.errors[0]!.message, /a list of 200,000 items/);
});

test('fuzz: prototype keys are ordinary unknown fields — reported, never assigned to a prototype', () => {
  const before = prototypeKeys();
  const texts = [
    '{"__proto__": {"polluted": "yes"}, "search": {"params": {"training.lr": {"log10": [-6, -2]}}}}',
    withValueAt(['search', 'params', '__proto__'], '{"log10": [-6, -2]}'),
    withValueAt(['constructor'], '{"prototype": {"polluted": "yes"}}'),
    withValueAt(['model', 'prototype'], '{"polluted": "yes"}'),
  ];
  for (const text of texts) {
    const { spec, errors } = parseSpec(text, 'p.json');
    assert.equal(spec, undefined, text);
    assert.ok(errors.some((e) => /__proto__|constructor|prototype/.test(e.path + e.message)), errors.map((e) => e.message).join('\n'));
  }
  assert.deepEqual(prototypeKeys(), before);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  // the book's spec itself still passes after all that
  assert.ok(parseSpec(JSON.stringify(BOOK_SPEC), 'book.json').spec);
});

test('the generated validator is the one the schema and the options give (rebuild after editing the schema)', () => {
  assert.equal(readFileSync(VALIDATOR_FILE, 'utf8'), validatorCode(), `${VALIDATOR_FILE} is stale: run npm run build`);
});
