import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PanelInit } from '../../src/panel/contract';
import type { EndStatus, EpochPoint, TrialEvent, TrialRecord, TrialStatus } from '../../src/core/runs/events';
import { trialList } from '../../src/core/runs/state';
import { bestTrials } from '../../webview/ranking';
import { axisDomain, covers } from '../../webview/domains';
import { bestRows, curveRows, historyRows, importanceRows, pointRow, scatterAxes } from '../../webview/rows';
import { PanelStore } from '../../webview/store';
import { localize } from '../../src/panel/strings';

const point = (epoch: number, valAcc: number, trainAcc = valAcc + 0.05): EpochPoint => ({ epoch, valAcc, trainAcc, loss: 1 });
function record(trial: number, vals: number[], status: TrialStatus = 'completed', params: TrialRecord['params'] = {}): TrialRecord {
  const curve = vals.map((v, i) => point(i + 1, v));
  return { trial, seed: trial, params, backend: 'js', status, curve, valAcc: vals.at(-1), trainAcc: curve.at(-1)?.trainAcc };
}
const run = { dir: '/r', name: 'book', backend: 'js', epochs: 3, trialsTotal: 10, params: { 'training.weightDecay': 'log', 'training.lr': 'log' } } as const;
const init = (trials: TrialRecord[]): PanelInit => ({ type: 'init', run: { ...run, params: { ...run.params } }, trials, strings: {}, bestN: 20 });

const start = (trial: number): TrialEvent => ({ type: 'start', trial, seed: trial, params: {}, backend: 'js', time: '' });
const epoch = (trial: number, p: EpochPoint): TrialEvent => ({ type: 'epoch', trial, ...p });
const end = (trial: number, status: EndStatus, valAcc: number, epochs: number): TrialEvent =>
  ({ type: 'end', trial, status, valAcc, trainAcc: valAcc + 0.05, epochs, seconds: 1, time: '' });

test('panel store: updates apply the run\'s events with the host\'s reducer, in order', () => {
  const store = new PanelStore();
  store.init(init([]));
  store.update({ type: 'update', events: [start(0), epoch(0, point(1, 0.2)), epoch(0, point(2, 0.4))] });
  assert.equal(store.trials.get(0)?.status, 'running');
  store.update({ type: 'update', events: [epoch(0, point(3, 0.5)), end(0, 'completed', 0.5, 3)] });
  const t = store.trials.get(0)!;
  assert.deepEqual(t.curve.map((p) => p.epoch), [1, 2, 3]);
  assert.equal(t.status, 'completed');
  assert.equal(t.valAcc, 0.5);
  assert.equal(store.state.best, t);
  assert.deepEqual([store.state.counts.running, store.state.counts.completed], [0, 1]);
  assert.equal(store.curveVersion(0), 0, 'extended, never replaced');
});

test('panel store: an epoch before its start is ignored; a new start (resume) restarts the curve', () => {
  const store = new PanelStore();
  store.init(init([{ ...record(7, [0.1, 0.2]), status: 'cancelled' }]));
  store.update({ type: 'update', events: [epoch(8, point(1, 0.1))] });
  assert.equal(store.trials.has(8), false);
  store.update({ type: 'update', events: [start(7), epoch(7, point(1, 0.15))] });
  assert.deepEqual(store.trials.get(7)!.curve, [point(1, 0.15)]);
  assert.equal(store.trials.get(7)!.status, 'running');
  assert.equal(store.curveVersion(7), 1);
});

test('panel store: init replaces everything and drops a selection of a trial it does not hold', () => {
  const store = new PanelStore();
  store.selected = 4;
  store.init(init([record(1, [0.3])]));
  assert.equal(store.selected, null);
  store.selected = 1;
  store.importance = { a: 1 };
  store.init({ ...init([record(1, [0.3]), record(2, [0.1])]), bestN: 5 });
  assert.deepEqual([store.selected, store.importance, store.bestN, trialList(store.state).map((t) => t.trial)], [1, undefined, 5, [1, 2]]);
});

test('panel ranking: Best-N holds finished trials only, by final val acc, completed before pruned, earlier first', () => {
  const trials = [
    record(0, [0.9, 0.5]), // final 0.5, not the best 0.9
    record(1, [0.6], 'pruned'),
    record(2, [0.6]),
    record(3, [0.99], 'running'),
    record(4, [0.6]),
    { ...record(5, []), status: 'failed' as const },
    record(6, [0.7]),
  ];
  assert.deepEqual(bestTrials(trials, 10).map((t) => t.trial), [6, 2, 4, 1, 0]);
  assert.deepEqual(bestTrials(trials, 2).map((t) => t.trial), [6, 2]);
});

test('panel rows: curves give a val and a train row per epoch, Best-N rows carry the rank', () => {
  assert.deepEqual(curveRows(2, [point(1, 0.3, 0.4), { epoch: 2, valAcc: NaN, trainAcc: 0.5, loss: NaN }]), [
    { trial: 2, epoch: 1, acc: 0.3, kind: 'val' },
    { trial: 2, epoch: 1, acc: 0.4, kind: 'train' },
    { trial: 2, epoch: 2, acc: 0.5, kind: 'train' },
  ]);
  const [first] = bestTrials([record(0, [0.2, 0.3]), record(1, [0.8], 'pruned')], 20);
  assert.deepEqual(bestRows(first!, 1), [
    { trial: 1, epoch: 1, acc: 0.8, kind: 'val', rank: 1, final: 0.8, status: 'pruned' },
    { trial: 1, epoch: 1, acc: 0.8 + 0.05, kind: 'train', rank: 1, final: 0.8, status: 'pruned' },
  ]);
});

test('panel rows: scatter axes are the first two params, or the two most important; one param plots val acc', () => {
  const r = { ...run, params: { a: 'log', b: 'linear', c: 'band' } as const };
  assert.deepEqual(scatterAxes(r), ['a', 'b']);
  assert.deepEqual(scatterAxes(r, { a: 0.1, b: 0.3, c: 0.6 }), ['c', 'b']);
  const t = record(3, [0.4], 'completed', { a: 0.001, b: 2, c: [100, 50] });
  assert.deepEqual(pointRow(t, r, ['c', 'a']), { trial: 3, x: '[100, 50]', y: 0.001, valAcc: 0.4, status: 'completed', p0: 0.001, p1: 2, p2: '[100, 50]' });
  assert.deepEqual(pointRow(t, { ...run, params: { a: 'log' } }, ['a']).y, 0.4);
  assert.equal(pointRow({ ...t, valAcc: undefined, status: 'running' }, r, ['a', 'b']).valAcc, null);
});

test('panel rows: history lists finished trials by number with where they stopped and the best so far', () => {
  const rows = historyRows([record(2, [0.5, 0.6]), record(0, [0.3]), record(1, [0.1], 'pruned'), record(3, [0.9], 'running')]);
  assert.deepEqual(rows, [
    { trial: 0, valAcc: 0.3, status: 'completed', epochs: 1, bestSoFar: 0.3 },
    { trial: 1, valAcc: 0.1, status: 'pruned', epochs: 1, bestSoFar: 0.3 },
    { trial: 2, valAcc: 0.6, status: 'completed', epochs: 2, bestSoFar: 0.6 },
  ]);
  assert.deepEqual(importanceRows({ a: 0.2, b: 0.8 }).map((r) => r.param), ['b', 'a']);
});

test('panel strings: host strings win, English fills gaps, placeholders are replaced', () => {
  assert.equal(localize({}, 'trialsDone', 3, 10), '3 / 10 trials');
  assert.equal(localize({ trialsDone: '{0} von {1} Versuchen' }, 'trialsDone', 3, 10), '3 von 10 Versuchen');
  assert.equal(localize({}, 'bestTitle', 4), 'Best-4');
});

test('panel domains: log axes widen to whole decades, linear ones pad, bands list labels; values outside ask for more', () => {
  assert.deepEqual(axisDomain('log', [3e-8, 2e-5, null, -1]), [1e-8, 1e-4]);
  assert.deepEqual(axisDomain('log', [1e-3]), [1e-3, 1e-2]);
  assert.deepEqual(axisDomain('linear', [2, 4]), [1.8, 4.2]);
  assert.deepEqual(axisDomain('band', ['sgd', 'adam', 'sgd']), ['adam', 'sgd']);
  assert.equal(axisDomain('log', [null]), undefined);
  assert.ok(covers([1e-8, 1e-4], 5e-5) && !covers([1e-8, 1e-4], 2e-4));
  assert.ok(covers(['adam'], 'adam') && !covers(['adam'], 'sgd'));
  assert.ok(covers(undefined, null) && !covers(undefined, 1));
});
