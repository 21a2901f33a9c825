import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, deriveSeed } from '../../src/core/random';
import { createSampler, createRandomSampler, createGridSampler, median } from '../../src/core/search';
import { bookSpec } from './search-fixtures';

const WD = 'training.weightDecay';
const LR = 'training.lr';

function drawMany(spec = bookSpec(), n = 2000) {
  const sampler = createRandomSampler(spec);
  return Array.from({ length: n }, (_, i) => sampler.sample(i, []));
}

test('random: log10 draws stay inside 10^lo..10^hi and are uniform in exponent space', () => {
  const draws = drawMany();
  const lrExponents = draws.map((p) => Math.log10(p[LR] as number));
  const wdExponents = draws.map((p) => Math.log10(p[WD] as number));
  assert.ok(lrExponents.every((e) => e >= -6 && e < -2));
  assert.ok(wdExponents.every((e) => e >= -8 && e < -4));
  // uniform in the exponent: the median exponent is the midpoint, a quarter lies in each decade
  assert.ok(Math.abs(median(lrExponents) - -4) < 0.15, `median lr exponent ${median(lrExponents)}`);
  assert.ok(Math.abs(median(wdExponents) - -6) < 0.15);
  const inTopDecade = lrExponents.filter((e) => e >= -3).length / draws.length;
  assert.ok(Math.abs(inTopDecade - 0.25) < 0.04, `share in the top decade ${inTopDecade}`);
});

test('random: draws weight decay before lr from the trial\'s own generator (the book\'s order)', () => {
  const sampler = createRandomSampler(bookSpec());
  for (const trial of [0, 1, 57]) {
    const rng = new Rng(deriveSeed(1, trial, 'params'));
    const wd = 10 ** rng.uniform(-8, -4);
    const lr = 10 ** rng.uniform(-6, -2);
    assert.deepEqual(sampler.sample(trial, []), { [WD]: wd, [LR]: lr });
  }
});

test('random: uniform, int (both ends inclusive) and choice respect their bounds', () => {
  const spec = bookSpec({
    params: {
      'model.dropout': { uniform: [0.1, 0.5] },
      'training.batchSize': { int: [1, 4] },
      'model.activation': { choice: ['relu', 'sigmoid', 'tanh'] },
    },
  });
  const draws = drawMany(spec, 1200);
  const dropouts = draws.map((p) => p['model.dropout'] as number);
  assert.ok(dropouts.every((d) => d >= 0.1 && d < 0.5));
  assert.ok(Math.abs(median(dropouts) - 0.3) < 0.03);
  const sizes = draws.map((p) => p['training.batchSize']);
  assert.ok(sizes.every((s) => Number.isInteger(s)));
  for (const s of [1, 2, 3, 4]) {
    const share = sizes.filter((x) => x === s).length / draws.length;
    assert.ok(Math.abs(share - 0.25) < 0.05, `int ${s} drawn ${share}`);
  }
  for (const a of ['relu', 'sigmoid', 'tanh']) {
    const share = draws.filter((p) => p['model.activation'] === a).length / draws.length;
    assert.ok(Math.abs(share - 1 / 3) < 0.05, `choice ${a} drawn ${share}`);
  }
});

test('random: reproducible from the seed, different for another seed', () => {
  const a = drawMany(bookSpec(), 20);
  const b = drawMany(bookSpec(), 20);
  const c = drawMany(bookSpec({ seed: 2 }), 20);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('random: a trial\'s params do not depend on the order trials are asked for', () => {
  const sampler = createRandomSampler(bookSpec());
  const forwards = [0, 1, 2, 3, 4, 5].map((i) => sampler.sample(i, []));
  const backwards = [5, 4, 3, 2, 1, 0].map((i) => sampler.sample(i, [])).reverse();
  assert.deepEqual(forwards, backwards);
  assert.deepEqual(createRandomSampler(bookSpec()).sample(4, []), forwards[4]);
});

test('grid: the cartesian product in key order, the last key varying fastest', () => {
  const spec = bookSpec({
    method: 'grid',
    params: { 'training.lr': { values: [0.1, 0.01] }, 'model.activation': { choice: ['relu', 'sigmoid', 'tanh'] } },
  });
  assert.equal(createGridSampler(spec).size, 6);
  const sampler = createGridSampler(spec);
  const all = Array.from({ length: 6 }, (_, i) => sampler.sample(i, []));
  assert.deepEqual(all, [
    { 'training.lr': 0.1, 'model.activation': 'relu' },
    { 'training.lr': 0.1, 'model.activation': 'sigmoid' },
    { 'training.lr': 0.1, 'model.activation': 'tanh' },
    { 'training.lr': 0.01, 'model.activation': 'relu' },
    { 'training.lr': 0.01, 'model.activation': 'sigmoid' },
    { 'training.lr': 0.01, 'model.activation': 'tanh' },
  ]);
  assert.deepEqual(Object.keys(all[0]), ['training.lr', 'model.activation']);
  assert.throws(() => sampler.sample(6, []), RangeError);
});

test('grid: values lists of any kind; a range is refused', () => {
  const spec = bookSpec({ method: 'grid', params: { 'model.hiddenSizes': { values: [[50], [100, 100]] }, 'model.batchNorm': { values: [false, true] } } });
  assert.equal(createGridSampler(spec).size, 4);
  const sampler = createSampler(spec);
  assert.deepEqual(sampler.sample(1, []), { 'model.hiddenSizes': [50], 'model.batchNorm': true });
  assert.deepEqual(sampler.sample(2, []), { 'model.hiddenSizes': [100, 100], 'model.batchNorm': false });
  assert.throws(() => createSampler(bookSpec({ method: 'grid' })), /training\.weightDecay/);
  assert.throws(() => createGridSampler(bookSpec({ method: 'grid', params: { 'training.batchSize': { int: [1, 3] } } })), /batchSize/);
});

test('createSampler follows search.method', () => {
  const random = createSampler(bookSpec());
  assert.deepEqual(random.sample(3, []), createRandomSampler(bookSpec()).sample(3, []));
  const tpe = createSampler(bookSpec({ method: 'tpe' }));
  assert.deepEqual(tpe.sample(3, []), random.sample(3, []), 'TPE starts with the random draws');
});
