import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Distribution, ParamValue } from '../../src/core/spec/types';
import { narrowRanges, roundOutward } from '../../src/core/search';
import { trialRecord } from './search-fixtures';

/** Narrow one param `path` over top trials with these values. */
function narrowOne(before: Distribution, values: ParamValue[], margin?: number): Distribution {
  const top = values.map((v, i) => trialRecord(i, { p: v }, [0.9]));
  const [range] = narrowRanges({ p: before }, top, margin);
  assert.equal(range.path, 'p');
  assert.deepEqual(range.before, before);
  return range.after;
}

test('narrow: log10 ranges narrow in exponent space and come back as exponents', () => {
  // exponents −3 and −2.5: span 0.5, margin 0.1 → 0.05 on each side
  assert.deepEqual(narrowOne({ log10: [-6, -2] }, [1e-3, 10 ** -2.5]), { log10: [-3.05, -2.45] });
  assert.deepEqual(narrowOne({ log10: [-6, -2] }, [1e-3, 10 ** -2.5], 0.5), { log10: [-3.25, -2.25] });
  assert.deepEqual(narrowOne({ log10: [-6, -2] }, [1e-3, 10 ** -2.5], 0), { log10: [-3, -2.5] });
});

test('narrow: kept inside the old range, rounded outwards to 3 significant digits', () => {
  assert.deepEqual(narrowOne({ log10: [-6, -2] }, [10 ** -2.01, 10 ** -2.5]), { log10: [-2.55, -2] });
  assert.deepEqual(narrowOne({ log10: [-6, -2] }, [10 ** -5.99, 10 ** -3]), { log10: [-6, -2.7] });
  // −3.123456 and −2.54321: pad 0.0580246 → [−3.1814806, −2.4851854] → outwards
  assert.deepEqual(narrowOne({ log10: [-6, -2] }, [10 ** -3.123456, 10 ** -2.54321]), { log10: [-3.19, -2.48] });
  assert.equal(roundOutward(1234.5, 'down'), 1230);
  assert.equal(roundOutward(1234.5, 'up'), 1240);
  assert.equal(roundOutward(-2.741, 'down'), -2.75);
  assert.equal(roundOutward(0.000123456, 'up'), 0.000124);
  assert.equal(roundOutward(2.74, 'up'), 2.74, 'already round stays put');
  assert.equal(roundOutward(999.5, 'up'), 1000);
});

test('narrow: a single value widens by a minimum — 0.1 decade, 1% of a uniform range, 1 for ints', () => {
  assert.deepEqual(narrowOne({ log10: [-6, -2] }, [1e-3, 1e-3]), { log10: [-3.1, -2.9] });
  assert.deepEqual(narrowOne({ uniform: [0, 2] }, [0.5]), { uniform: [0.48, 0.52] });
  assert.deepEqual(narrowOne({ int: [1, 10] }, [5]), { int: [4, 6] });
  assert.deepEqual(narrowOne({ int: [1, 6] }, [6, 6]), { int: [5, 6] });
});

test('narrow: uniform is linear, int rounds outwards', () => {
  assert.deepEqual(narrowOne({ uniform: [0, 1] }, [0.2, 0.3]), { uniform: [0.19, 0.31] });
  assert.deepEqual(narrowOne({ int: [1, 100] }, [3, 7]), { int: [2, 8] }); // pad 0.4
  assert.deepEqual(narrowOne({ int: [3, 100] }, [3, 13]), { int: [3, 14] });
});

test('narrow: choices keep only what the top trials used, in their order, never nothing', () => {
  assert.deepEqual(narrowOne({ choice: ['sgd', 'momentum', 'adam'] }, ['adam', 'sgd', 'adam']), { choice: ['sgd', 'adam'] });
  assert.deepEqual(narrowOne({ values: [[50], [100, 100], [200]] }, [[100, 100]]), { values: [[100, 100]] });
  assert.deepEqual(narrowOne({ choice: [true, false] }, ['neither']), { choice: [true, false] });
});

test('narrow: every searched param, in key order; a param no top trial has keeps its range', () => {
  const params: Record<string, Distribution> = { wd: { log10: [-8, -4] }, lr: { log10: [-6, -2] }, act: { choice: ['relu', 'sigmoid'] } };
  const top = [trialRecord(0, { wd: 1e-6, lr: 1e-2 }, [0.8]), trialRecord(1, { wd: 1e-5, lr: 1e-3 }, [0.7])];
  const ranges = narrowRanges(params, top);
  assert.deepEqual(ranges.map((r) => r.path), ['wd', 'lr', 'act']);
  assert.deepEqual(ranges.map((r) => r.after), [{ log10: [-6.1, -4.9] }, { log10: [-3.1, -2] }, { choice: ['relu', 'sigmoid'] }]);
});
