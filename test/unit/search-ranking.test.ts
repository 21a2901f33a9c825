import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrialRecord } from '../../src/core/runs/events';
import { rankTrials } from '../../src/core/search';
import { trialRecord } from './search-fixtures';

const order = (ranked: TrialRecord[]) => ranked.map((t) => t.trial);

test('ranking: by the final val acc, best first — not by the best val acc of the curve', () => {
  const trials = [
    trialRecord(0, {}, [0.2, 0.9, 0.5]),
    trialRecord(1, {}, [0.3, 0.6]),
    trialRecord(2, {}, [0.1, 0.7]),
  ];
  assert.deepEqual(order(rankTrials(trials)), [2, 1, 0]);
});

test('ranking: at equal val acc completed before pruned before the rest, then the earlier trial', () => {
  const trials = [
    trialRecord(0, {}, [0.5], 'diverged'),
    trialRecord(1, {}, [0.5], 'pruned'),
    trialRecord(2, {}, [0.5], 'completed'),
    trialRecord(3, {}, [0.5], 'failed'),
    trialRecord(4, {}, [0.5], 'completed'),
    trialRecord(5, {}, [0.5], 'pruned'),
  ];
  assert.deepEqual(order(rankTrials(trials)), [2, 4, 1, 5, 0, 3]);
});

test('ranking: trials without a val acc come last, in the same status-then-trial order', () => {
  const trials = [
    trialRecord(0, {}, [], 'failed'),
    trialRecord(1, {}, [0.1], 'completed'),
    trialRecord(2, {}, [], 'running'),
    { ...trialRecord(3, {}, [0.2], 'completed'), valAcc: NaN, curve: [] },
    trialRecord(4, {}, [0.05], 'diverged'),
  ];
  assert.deepEqual(order(rankTrials(trials)), [1, 4, 3, 0, 2]);
});

test('ranking: pure — the input is untouched and its order does not matter', () => {
  const trials = [0.3, 0.5, 0.5, 0.1, 0.5].map((v, i) => trialRecord(i, {}, [v], i === 2 ? 'pruned' : 'completed'));
  const copy = structuredClone(trials);
  const ranked = rankTrials(trials);
  assert.deepEqual(trials, copy);
  assert.deepEqual(order(ranked), [1, 4, 2, 0, 3]);
  assert.deepEqual(order(rankTrials([...trials].reverse())), order(ranked));
  assert.equal(ranked[0], trials[1], 'the same records, not copies');
});
