import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PanelInit, PanelRun } from '../../src/panel/contract';
import type { TrialRecord, TrialStatus } from '../../src/core/runs/events';
import {
  VAL_ACC_AXIS, brushBetween, brushSpan, normalise, parallelAxes, passesBrushes, roundTicks, sampleStride, segmentRows, tickRows, valueAt,
  type ParallelAxis,
} from '../../webview/parallel-rows';
import { RankedTrials } from '../../webview/ranking';
import { PanelStore } from '../../webview/store';

const run: PanelRun = {
  dir: '/r', name: 'mixed', backend: 'js', epochs: 3, trialsTotal: 10,
  params: { 'training.lr': 'log', 'model.dropout': 'linear', 'training.optimizer': 'band' },
};
function trial(n: number, lr: number, dropout: number, optimizer: string, valAcc: number, status: TrialStatus = 'completed'): TrialRecord {
  const curve = [{ epoch: 1, valAcc, trainAcc: valAcc, loss: 1 }];
  return { trial: n, seed: n, params: { 'training.lr': lr, 'model.dropout': dropout, 'training.optimizer': optimizer }, backend: 'js', status, curve, valAcc, trainAcc: valAcc };
}
const trials = [
  trial(0, 1e-5, 0.1, 'sgd', 0.2, 'pruned'),
  trial(1, 3e-4, 0.3, 'adam', 0.8),
  trial(2, 2e-3, 0.5, 'momentum', 0.6),
  trial(3, 5e-3, 0.2, 'adam', 0.9),
];
const axes = parallelAxes(run, trials);
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-9, `${a} ≈ ${b}`);

test('parallel axes: one per searched param in order, then val acc on 0..1; domains like the scatter\'s', () => {
  assert.deepEqual(axes.map((a) => a.key), ['training.lr', 'model.dropout', 'training.optimizer', VAL_ACC_AXIS]);
  assert.deepEqual(axes.map((a) => a.scale), ['log', 'linear', 'band', 'linear']);
  assert.deepEqual(axes[0]!.domain, [1e-5, 1e-2], 'whole decades around the values');
  assert.deepEqual(axes[2]!.domain, ['adam', 'momentum', 'sgd']);
  assert.deepEqual(axes[3]!.domain, [0, 1]);
  assert.equal(parallelAxes(run, [])[0]!.domain, undefined, 'no value yet: no domain');
});

test('normalise: log10 on log axes, the label\'s slot on choices, linear otherwise; null when it cannot be placed', () => {
  close(normalise(axes[0]!, 1e-4)!, 1 / 3);
  close(normalise(axes[0]!, 1e-2)!, 1);
  const [lo, hi] = axes[1]!.domain as [number, number];
  close(normalise(axes[1]!, 0.3)!, (0.3 - lo) / (hi - lo));
  assert.deepEqual(['adam', 'momentum', 'sgd'].map((v) => normalise(axes[2]!, v)), [1 / 6, 3 / 6, 5 / 6]);
  assert.equal(normalise(axes[3]!, 0.25), 0.25);
  assert.equal(normalise(axes[2]!, 'rmsprop'), null);
  assert.equal(normalise(axes[0]!, 1), null, 'outside the fixed domain');
  assert.equal(normalise(axes[0]!, null), null);
  close(valueAt(axes[0]!, 1 / 3), 1e-4);
});

test('segment rows: a trial is a line of segments between neighbouring axes, carrying val acc, status and kept', () => {
  const rows = segmentRows(trials[0]!, axes, false);
  assert.equal(rows.length, 3);
  assert.deepEqual(rows.map((r) => [r.x, r.x2]), [[0, 1], [1, 2], [2, 3]]);
  close(rows[0]!.y, 0);
  assert.equal(rows[2]!.y2, 0.2);
  assert.ok(rows.every((r) => r.trial === 0 && r.valAcc === 0.2 && r.status === 'pruned' && r.kept === false));
  assert.deepEqual(segmentRows({ ...trials[1]!, params: {} }, axes, true), [], 'no params yet: no line');
});

test('brushes: drawn in positions, kept in data units; several axes AND together; a trial with no value fails', () => {
  const lr = brushBetween(axes[0]!, 2 / 3, 1 / 3) as { lo: number; hi: number };
  close(lr.lo, 1e-4);
  close(lr.hi, 1e-3);
  assert.deepEqual(trials.filter((t) => passesBrushes(t, { 'training.lr': lr })).map((t) => t.trial), [1]);
  assert.deepEqual(brushBetween(axes[2]!, 0, 0.55), { values: ['adam', 'momentum'] });
  const both = { 'training.optimizer': { values: ['adam'] }, [VAL_ACC_AXIS]: { lo: 0.85, hi: 1 } };
  assert.deepEqual(trials.filter((t) => passesBrushes(t, both)).map((t) => t.trial), [3]);
  assert.ok(passesBrushes(trials[0]!, {}), 'no brush: every trial passes');
  assert.equal(passesBrushes({ ...trials[0]!, valAcc: undefined }, { [VAL_ACC_AXIS]: { lo: 0, hi: 1 } }), false);
  const span = brushSpan(axes[2]!, { values: ['momentum'] })!;
  close(span[0], 2 / 6);
  close(span[1], 4 / 6);
  const spanLr = brushSpan(axes[0]!, lr)!;
  close(spanLr[0], 1 / 3);
  close(spanLr[1], 2 / 3);
});

test('ticks: decades on log axes, round numbers on linear ones, every choice', () => {
  const ticks = tickRows(axes);
  assert.deepEqual(ticks.filter((t) => t.axis === 0).map((t) => t.label), ['1e-5', '1e-4', '1e-3', '1e-2']);
  assert.deepEqual(ticks.filter((t) => t.axis === 2).map((t) => t.label), ['adam', 'momentum', 'sgd']);
  assert.deepEqual(ticks.filter((t) => t.axis === 3).map((t) => t.label), ['0', '0.2', '0.4', '0.6', '0.8', '1']);
  assert.ok(ticks.every((t) => t.pos >= 0 && t.pos <= 1));
  assert.deepEqual(roundTicks(0.0003, 0.91), [0.2, 0.4, 0.6, 0.8]);
  assert.deepEqual(roundTicks(-0.04, 0.54), [0, 0.2, 0.4]);
  assert.deepEqual(roundTicks(0, 0.5), [0, 0.1, 0.2, 0.3, 0.4, 0.5]);
  assert.deepEqual(roundTicks(2, 2), [2]);
  const wide: ParallelAxis = { key: 'x', scale: 'log', domain: [1e-12, 1] };
  assert.deepEqual(tickRows([wide]).map((t) => t.label), ['1e-12', '1e-10', '1e-8', '1e-6', '1e-4', '1e-2', '1e0'], 'every other decade past eight');
});

test('sampling: a fixed stride over the planned trials keeps about the asked number', () => {
  assert.equal(sampleStride(10_000, 200), 50);
  assert.equal(sampleStride(100, 200), 1);
  const kept = Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % sampleStride(10_000, 200) === 0);
  assert.equal(kept.length, 200);
});

test('ranking with a keep predicate: the best n of the kept trials, in the book\'s order', () => {
  const ranked = new RankedTrials();
  ranked.update(new Map(trials.map((t) => [t.trial, t])));
  assert.equal(ranked.size, 4);
  assert.deepEqual(ranked.top(2).map((t) => t.trial), [3, 1]);
  assert.deepEqual(ranked.top(2, (t) => t.trial !== 3).map((t) => t.trial), [1, 2]);
});

test('store: brushes filter the trials, flag the change for the host, mark flipped trials as changed, survive an init', () => {
  const store = new PanelStore();
  const init: PanelInit = { type: 'init', run, trials, strings: {}, bestN: 20 };
  store.init(init);
  assert.equal(store.filtered(), null);
  assert.ok(trials.every((t) => store.passes(t.trial)));
  const changed = store.track();
  store.filterChanged = false;
  store.setBrush('training.optimizer', { values: ['adam'] });
  assert.equal(store.filterChanged, true);
  assert.deepEqual(store.filtered(), [1, 3]);
  assert.equal(store.passingCount, 2);
  assert.deepEqual([...changed].sort(), [0, 2], 'the trials whose passing flipped');
  store.update({ type: 'update', events: [{ type: 'start', trial: 4, seed: 4, params: { 'training.optimizer': 'adam', 'training.lr': 1e-3, 'model.dropout': 0 }, backend: 'js', time: '' }] });
  assert.deepEqual(store.filtered(), [1, 3, 4], 'a new trial inside the brush passes');
  store.init(init);
  assert.deepEqual(store.filtered(), [1, 3], 'brushes outlive a new init (a reload)');
  store.setBrush('training.optimizer', undefined);
  assert.equal(store.filtered(), null);
  assert.ok(store.passes(0));
});
