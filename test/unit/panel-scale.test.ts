// The panel at 10,000 trials redraws from what changed: the incremental history rows and ranking
// must always equal the full computation they replace, whatever order the events come in; the
// store says which trials changed; the benchmark's runs are what they claim to be.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TrialEvent, TrialRecord } from '../../src/core/runs/events';
import { replay } from '../../src/core/runs/state';
import { PanelStore } from '../../webview/store';
import { bestTrials, RankedTrials } from '../../webview/ranking';
import { historyRows, HistoryRowsDiff, type HistoryRow } from '../../webview/rows';
import { hostUpdates, recordedBookRun, syntheticBigRun } from '../webview/big-run';
import { percentile } from '../../bench/panel';

const book = recordedBookRun();
const big = syntheticBigRun(book.spec, { trials: 400, seed: 3 });

/** The events of `run` plus a resumed trial (trial 7 started again and ended worse), in order. */
function eventsWithRestart(): TrialEvent[] {
  const events = big.events.map((e) => e.event);
  const start = events.find((e) => e.type === 'start' && e.trial === 7)!;
  return [
    ...events,
    { ...start, time: '2025-01-02T00:00:00.000Z' } as TrialEvent,
    { type: 'epoch', trial: 7, epoch: 1, trainAcc: 0.05, valAcc: 0.04, loss: 2 },
    { type: 'end', trial: 7, status: 'pruned', valAcc: 0.04, trainAcc: 0.05, epochs: 1, seconds: 0, time: '2025-01-02T00:00:01.000Z' },
  ];
}

/** Feeds the events to a store in batches and, after each, checks `check` against the full state. */
function eachBatch(batch: number, check: (store: PanelStore, changed: Set<number>) => void): void {
  const store = new PanelStore();
  store.init({ type: 'init', run: { dir: '', name: '', backend: 'wasm', epochs: 50, trialsTotal: 400, params: {} }, trials: [], strings: {}, bestN: 20 });
  const changed = store.track();
  const events = eventsWithRestart();
  for (let i = 0; i < events.length; i += batch) {
    store.update({ type: 'update', events: events.slice(i, i + batch) });
    check(store, changed);
    changed.clear();
  }
}

/** The rows by trial, without what the brushes add (no brush here: every row is kept). */
const byTrial = (rows: HistoryRow[]) =>
  [...rows].sort((a, b) => a.trial - b.trial).map(({ trial, valAcc, status, epochs, bestSoFar }) => ({ trial, valAcc, status, epochs, bestSoFar }));

test('the history rows kept from the changed trials always equal historyRows of every trial', () => {
  for (const batch of [1, 7, 61]) {
    const diff = new HistoryRowsDiff();
    const drawn = new Set<HistoryRow>();
    let first = true;
    eachBatch(batch, (store, changed) => {
      const { remove, insert } = diff.changes(store.trials, first ? undefined : changed);
      first = false;
      for (const row of remove) assert.ok(drawn.delete(row), 'removes only rows it inserted');
      for (const row of insert) drawn.add(row);
      const rows = historyRows([...store.trials.values()]);
      assert.deepEqual(byTrial([...drawn]), byTrial(rows));
      // the step line (step-after) passes through every row's bestSoFar and stops at the last row, or at `end`
      const steps = diff.steps();
      for (const row of rows) assert.equal(steps.filter((s) => s.trial <= row.trial).at(-1)!.bestSoFar, row.bestSoFar);
      assert.equal(steps.at(-1)?.trial, rows.at(-1)?.trial);
      if (rows.length > 0) assert.deepEqual(diff.steps(1000).at(-1), { trial: 1000, bestSoFar: rows.at(-1)!.bestSoFar });
    });
  }
});

test('a history diff with nothing changed changes nothing', () => {
  const state = replay(big.events.map((e) => e.event));
  const diff = new HistoryRowsDiff();
  assert.equal(diff.changes(state.trials).insert.length, historyRows([...state.trials.values()]).length);
  assert.deepEqual(diff.changes(state.trials, []), { remove: [], insert: [] });
});

test('the ranking kept from the changed trials always equals bestTrials of every trial', () => {
  for (const batch of [1, 13]) {
    const ranking = new RankedTrials();
    let first = true;
    eachBatch(batch, (store, changed) => {
      ranking.update(store.trials, first ? undefined : changed);
      first = false;
      for (const n of [1, 20, 1000]) {
        assert.deepEqual(ranking.top(n).map((t) => t.trial), bestTrials(store.trials.values(), n).map((t) => t.trial));
      }
    });
  }
});

test('the store tells each tracker which trials an update changed, and only those', () => {
  const store = new PanelStore();
  store.init({ type: 'init', run: { dir: '', name: '', backend: 'wasm', epochs: 50, trialsTotal: 2, params: {} }, trials: [], strings: {}, bestN: 20 });
  const a = store.track();
  const b = store.track();
  const time = '2025-01-01T00:00:00.000Z';
  store.update({ type: 'update', events: [
    { type: 'start', trial: 0, seed: 0, params: {}, backend: 'wasm', time },
    { type: 'epoch', trial: 1, epoch: 1, trainAcc: 0.1, valAcc: 0.1, loss: 1 }, // not running: changes nothing
  ] });
  assert.deepEqual([...a], [0]);
  a.clear();
  store.update({ type: 'update', events: [{ type: 'start', trial: 1, seed: 1, params: {}, backend: 'wasm', time }] });
  assert.deepEqual([...a], [1]);
  assert.deepEqual([...b].sort(), [0, 1]);
});

test('host updates hold what happened in each 100 ms, every event once, each trial in its order', () => {
  const updates = hostUpdates(book.events);
  assert.deepEqual(updates.flatMap((u) => u.events), book.events.map((e) => e.event));
  const lastAt = book.events.at(-1)!.at;
  assert.ok(updates.length <= Math.floor(lastAt / 100) + 1);
  const state = replay(updates.flatMap((u) => u.events));
  assert.equal(state.counts.completed, 100);
  for (const t of state.trials.values()) assert.deepEqual(t.curve.map((p) => p.epoch), Array.from({ length: 50 }, (_, i) => i + 1));
});

test('the synthetic run: deterministic, TPE + ASHA, trials stopped at the rungs 5, 15, 45, most at 5', () => {
  const again = syntheticBigRun(book.spec, { trials: 400, seed: 3 });
  assert.deepEqual(again.events, big.events);
  assert.equal(big.spec.search.method, 'tpe');
  assert.equal(big.spec.search.prune?.method, 'asha');
  const trials: TrialRecord[] = [...replay(big.events.map((e) => e.event)).trials.values()];
  assert.equal(trials.length, 400);
  const stoppedAt = (n: number) => trials.filter((t) => t.status === 'pruned' && t.curve.length === n).length;
  assert.ok(stoppedAt(5) > stoppedAt(15) && stoppedAt(15) > stoppedAt(45), `${stoppedAt(5)}, ${stoppedAt(15)}, ${stoppedAt(45)} pruned at 5, 15, 45`);
  assert.ok(stoppedAt(5) > 400 * 0.4, `${stoppedAt(5)} pruned at epoch 5`);
  assert.ok(trials.every((t) => [5, 15, 45, 50].includes(t.curve.length)));
  assert.ok(trials.some((t) => t.status === 'completed'));
  // at most two trials run at once
  let running = 0;
  for (const { event } of big.events) {
    running += event.type === 'start' ? 1 : event.type === 'end' ? -1 : 0;
    assert.ok(running <= 2);
  }
});

test('percentile is the nearest rank', () => {
  const values = Array.from({ length: 100 }, (_, i) => 100 - i);
  assert.equal(percentile(values, 95), 95);
  assert.equal(percentile(values, 50), 50);
  assert.equal(percentile([7], 95), 7);
});
