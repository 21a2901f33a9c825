import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Params } from '../../src/core/spec/types';
import type { TrialRecord } from '../../src/core/runs/events';
import { Rng } from '../../src/core/random';
import { paramImportance, randomParams } from '../../src/core/search';
import { IMPORTANCE_MAX_TRIALS } from '../../src/core/search/importance';
import { bookSpec, trialRecord } from './search-fixtures';

const WD = 'training.weightDecay';
const LR = 'training.lr';
const BOOK = bookSpec();

/** The book's 100 random trials scored by `objective`. */
function bookTrials(objective: (p: Params, noise: number) => number, n = 100): TrialRecord[] {
  const noise = new Rng(7);
  return Array.from({ length: n }, (_, i) => {
    const params = randomParams(BOOK, i);
    return trialRecord(i, params, [objective(params, noise.uniform(-1, 1))]);
  });
}

/** Shaped like §6.5: near chance below lr 1e-3, rising to ~0.85 at 1e-2; weight decay adds only noise. */
const bookLike = (p: Params, noise: number) => {
  const lr = Math.log10(p[LR] as number);
  return 0.1 + 0.75 / (1 + Math.exp(-4 * (lr + 2.6))) + 0.03 * noise;
};

function assertShares(shares: Record<string, number>) {
  const total = Object.values(shares).reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - 1) < 1e-9, `shares sum to ${total}`);
  assert.ok(Object.values(shares).every((s) => s >= 0));
}

test('importance: the learning rate first for a §6.5-shaped search', () => {
  const shares = paramImportance(bookTrials(bookLike), BOOK.search.params);
  assertShares(shares);
  assert.deepEqual(Object.keys(shares), [WD, LR]);
  assert.ok(shares[LR] > 0.8, `lr share ${shares[LR]}`);
});

test('importance: follows the param the objective depends on, whichever it is', () => {
  const onlyWd = (p: Params) => Math.log10(p[WD] as number) / -8;
  const shares = paramImportance(bookTrials(onlyWd), BOOK.search.params);
  assertShares(shares);
  assert.ok(shares[WD] > 0.8, `weight decay share ${shares[WD]}`);
});

test('importance: choices count as categories', () => {
  const params = { ...BOOK.search.params, 'training.optimizer': { choice: ['sgd', 'adam', 'momentum'] } };
  const optimizers = ['sgd', 'adam', 'momentum'];
  const trials = Array.from({ length: 60 }, (_, i) => {
    const p = { ...randomParams(BOOK, i), 'training.optimizer': optimizers[i % 3] };
    return trialRecord(i, p, [p['training.optimizer'] === 'adam' ? 0.9 : 0.2]);
  });
  const shares = paramImportance(trials, params);
  assertShares(shares);
  assert.ok(shares['training.optimizer'] > 0.8, `optimizer share ${shares['training.optimizer']}`);
});

test('importance: deterministic, independent of the order of the trials', () => {
  const trials = bookTrials(bookLike, 40);
  const shares = paramImportance(trials, BOOK.search.params);
  assert.deepEqual(paramImportance(trials, BOOK.search.params), shares);
  assert.deepEqual(paramImportance([...trials].reverse(), BOOK.search.params), shares);
});

test('importance: needs two finished trials with a val acc; running and cancelled ones do not count', () => {
  const trials = bookTrials(bookLike, 4);
  assert.deepEqual(paramImportance(trials.slice(0, 1), BOOK.search.params), {});
  const unusable = [
    trials[0],
    { ...trials[1], status: 'running' as const },
    { ...trials[2], status: 'cancelled' as const },
    trialRecord(3, trials[3].params, [], 'failed'),
  ];
  assert.deepEqual(paramImportance(unusable, BOOK.search.params), {});
  assert.deepEqual(paramImportance(trials, {}), {});
  assertShares(paramImportance(trials.slice(0, 2), BOOK.search.params));
});

test('importance: a constant objective singles out no param', () => {
  const shares = paramImportance(bookTrials(() => 0.1, 20), BOOK.search.params);
  assert.deepEqual(shares, { [WD]: 0.5, [LR]: 0.5 });
});

test('importance: past IMPORTANCE_MAX_TRIALS the forest grows on an even stride of the trials, in trial order', () => {
  const trials = bookTrials(bookLike, 2 * IMPORTANCE_MAX_TRIALS + 10); // stride 3
  const shares = paramImportance([...trials].reverse(), BOOK.search.params);
  assertShares(shares);
  assert.ok(shares[LR] > 0.8, `lr share ${shares[LR]}`);
  assert.deepEqual(shares, paramImportance(trials.filter((_, i) => i % 3 === 0), BOOK.search.params));
  assert.notDeepEqual(shares, paramImportance(trials.filter((_, i) => i % 3 === 1), BOOK.search.params));
});
