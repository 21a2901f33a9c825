import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Params } from '../../src/core/spec/types';
import type { TrialRecord } from '../../src/core/runs/events';
import { createSampler, createTpeSampler, randomParams, splitTrials } from '../../src/core/search';
import { bookSpec, trialRecord } from './search-fixtures';

const WD = 'training.weightDecay';
const LR = 'training.lr';

/** A smooth bowl in exponent space with its top (1) at lr 10^−2.7, weight decay 10^−5.2. */
function bowl(p: Params): number {
  const x = Math.log10(p[LR] as number) + 2.7;
  const y = Math.log10(p[WD] as number) + 5.2;
  return 1 - (x * x + y * y) / 8;
}

/** Sequential search: each proposal sees every earlier result. Returns the regret of the best trial. */
function regretAfter(method: 'random' | 'tpe', seed: number, trials: number): number {
  const sampler = createSampler(bookSpec({ method, seed }));
  const history: TrialRecord[] = [];
  for (let i = 0; i < trials; i++) {
    const params = sampler.sample(i, history);
    history.push(trialRecord(i, params, [bowl(params)]));
  }
  return 1 - Math.max(...history.map((t) => t.valAcc!));
}

function history(n: number, method: 'random' | 'tpe' = 'random'): TrialRecord[] {
  const spec = bookSpec({ method });
  return Array.from({ length: n }, (_, i) => {
    const params = randomParams(spec, i);
    return trialRecord(i, params, [bowl(params)]);
  });
}

test('tpe: beats random search on a 2-D bowl in log space, on average over seeds', () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const tpe = mean(seeds.map((s) => regretAfter('tpe', s, 30)));
  const random = mean(seeds.map((s) => regretAfter('random', s, 30)));
  assert.ok(tpe < 0.5 * random, `mean regret after 30 trials: tpe ${tpe}, random ${random}`);
});

test('tpe: the start-up trials are the random sampler\'s draws', () => {
  const spec = bookSpec({ method: 'tpe' });
  const sampler = createTpeSampler(spec);
  const past = history(9);
  for (let i = 0; i < 9; i++) assert.deepEqual(sampler.sample(i, past.slice(0, i)), randomParams(spec, i));
  assert.deepEqual(sampler.sample(9, past), randomParams(spec, 9), '9 results < 10 start-up trials');
  assert.notDeepEqual(sampler.sample(10, history(10)), randomParams(spec, 10));
});

test('tpe: proposals stay inside the ranges, and the same history gives the same proposal in any order', () => {
  const sampler = createTpeSampler(bookSpec({ method: 'tpe' }));
  const past = history(25);
  const proposal = sampler.sample(25, past);
  const lr = Math.log10(proposal[LR] as number);
  const wd = Math.log10(proposal[WD] as number);
  assert.ok(lr >= -6 && lr <= -2 && wd >= -8 && wd <= -4);
  assert.deepEqual(createTpeSampler(bookSpec({ method: 'tpe' })).sample(25, [...past].reverse()), proposal);
  assert.notDeepEqual(sampler.sample(26, past), proposal, 'another trial number draws other candidates');
});

test('tpe: running trials are pending, not results; pruned count with their last val acc; diverged as worst', () => {
  const past = history(8);
  const running = trialRecord(8, past[0].params, [0.99, 0.99], 'running');
  const pruned = trialRecord(9, past[1].params, [0.95, 0.97], 'pruned');
  const diverged = trialRecord(10, past[2].params, [0.999], 'diverged');
  const cancelled = trialRecord(11, past[3].params, [0.999], 'cancelled');
  const split = splitTrials([...past, running, pruned, diverged, cancelled], 0.25);
  assert.equal(split.results, 10, '8 completed + pruned + diverged');
  assert.equal(split.below.length, 3, '⌈0.25 × 10⌉');
  assert.ok(split.below.includes(pruned), 'a pruned trial scores its last val acc');
  assert.ok(split.above.includes(running) && split.above.includes(diverged), 'pending and diverged count as worst');
  assert.ok(![...split.below, ...split.above].includes(cancelled));

  // nine results plus a running trial are still inside the start-up phase
  const spec = bookSpec({ method: 'tpe' });
  const nine = [...history(9), trialRecord(9, randomParams(spec, 9), [0.5], 'running')];
  assert.deepEqual(createTpeSampler(spec).sample(10, nine), randomParams(spec, 10));
});

test('tpe: a pending trial steers the next proposal away from where it runs (constant liar)', () => {
  // the best results crowd around one point; a trial already running there makes it less attractive
  const spec = bookSpec({ method: 'tpe', params: { 'model.dropout': { uniform: [0, 1] } } });
  const past = Array.from({ length: 20 }, (_, i) => {
    const dropout = i / 19;
    return trialRecord(i, { 'model.dropout': dropout }, [1 - Math.abs(dropout - 0.3)]);
  });
  const sampler = createTpeSampler(spec);
  const distanceTo03 = (params: Params) => Math.abs((params['model.dropout'] as number) - 0.3);
  const pending = () =>
    Array.from({ length: 6 }, (_, k) => trialRecord(100 + k, { 'model.dropout': 0.3 + (k - 2.5) * 0.01 }, [], 'running'));
  let closerWithout = 0;
  for (let trial = 20; trial < 60; trial++) {
    if (distanceTo03(sampler.sample(trial, past)) < distanceTo03(sampler.sample(trial, [...past, ...pending()]))) {
      closerWithout++;
    }
  }
  assert.ok(closerWithout > 25, `closer to the crowded point without pending trials in ${closerWithout} of 40`);
});

test('tpe: int params stay whole and in range, choices favour the category of the best results', () => {
  const spec = bookSpec({
    method: 'tpe',
    params: { 'training.batchSize': { int: [10, 20] }, 'model.activation': { choice: ['relu', 'sigmoid', 'tanh'] } },
  });
  const activations = ['relu', 'sigmoid', 'tanh'];
  const past = Array.from({ length: 30 }, (_, i) => {
    const params = { 'training.batchSize': 10 + (i % 11), 'model.activation': activations[i % 3] };
    const score = (params['model.activation'] === 'sigmoid' ? 0.5 : 0) + 0.4 - Math.abs(params['training.batchSize'] - 13) * 0.03;
    return trialRecord(i, params, [score]);
  });
  const sampler = createTpeSampler(spec);
  const proposals = Array.from({ length: 40 }, (_, k) => sampler.sample(30 + k, past));
  for (const p of proposals) {
    const size = p['training.batchSize'] as number;
    assert.ok(Number.isInteger(size) && size >= 10 && size <= 20, `batch size ${size}`);
    assert.ok(activations.includes(p['model.activation'] as string));
  }
  const sigmoid = proposals.filter((p) => p['model.activation'] === 'sigmoid').length;
  assert.ok(sigmoid > 30, `sigmoid proposed ${sigmoid} of 40 times`);
  const nearBest = proposals.filter((p) => Math.abs((p['training.batchSize'] as number) - 13) <= 2).length;
  assert.ok(nearBest > 24, `batch size within 2 of 13 in ${nearBest} of 40`);
});
