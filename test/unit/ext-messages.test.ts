import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToPanel, PanelUpdate } from '../../src/contract';
import type { TrialEvent, TrialRecord } from '../../src/core/runs/events';
import { UpdateBatcher, panelInit, panelStrings, paramScale, parsePanelMessage } from '../../src/extension/logic/panel-messages';
import { untranslated } from '../../src/extension/logic/localize';
import { run, trial } from './helpers/ext-fixtures';

test('well-formed webview messages pass, everything else is ignored', () => {
  assert.deepEqual(parsePanelMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parsePanelMessage({ type: 'select', trial: 3, extra: 'dropped' }), { type: 'select', trial: 3 });
  assert.deepEqual(parsePanelMessage({ type: 'select', trial: null }), { type: 'select', trial: null });
  assert.deepEqual(parsePanelMessage({ type: 'setBestN', n: 20 }), { type: 'setBestN', n: 20 });
  const rejected: unknown[] = [
    null, undefined, 'ready', 42, [], { type: 'unknown' }, { type: 'select' }, { type: 'select', trial: -1 }, { type: 'select', trial: 1.5 },
    { type: 'select', trial: '3' }, { type: 'setBestN', n: 0 }, { type: 'setBestN', n: 101 }, { type: 'setBestN', n: Number.NaN },
    { type: 'init', run: {} }, { type: ['ready'] },
  ];
  for (const m of rejected) assert.equal(parsePanelMessage(m), undefined, JSON.stringify(m));
});

test('init is rebuilt from the run: axes follow each distribution, strings are translated', () => {
  const r = run([trial(0, 0.5, { 'training.lr': 0.001, 'training.weightDecay': 1e-6 })]);
  r.spec.search.params['model.dropout'] = { uniform: [0, 0.5] };
  r.spec.search.params['training.optimizer'] = { choice: ['sgd', 'adam'] };
  const init = panelInit(r, panelStrings((s) => `[${s}]`), 20);
  assert.equal(init.type, 'init');
  assert.deepEqual(init.run.params, { 'training.weightDecay': 'log', 'training.lr': 'log', 'model.dropout': 'linear', 'training.optimizer': 'band' });
  assert.equal(init.run.epochs, 50);
  assert.equal(init.run.trialsTotal, 100);
  assert.equal(init.run.backend, 'wasm', 'the backend that ran, not the spec\'s auto');
  assert.equal(init.trials.length, 1);
  assert.ok(Object.values(init.strings).length > 0 && Object.values(init.strings).every((s) => s.startsWith('[')));
  assert.equal(paramScale({ int: [1, 4] }), 'linear');
  assert.equal(panelStrings(untranslated).trialsDone, '{0} / {1} trials', 'placeholders are left for the panel');
});

test('epoch events go out in batches, at most one per interval, with every point intact', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const sent: HostToPanel[] = [];
    const records = new Map<number, TrialRecord>();
    const batcher = new UpdateBatcher((m) => sent.push(m), (ts) => ts.map((n) => records.get(n)!).filter(Boolean), 100, () => Date.now());
    const events: TrialEvent[] = [];
    for (let tr = 0; tr < 3; tr++) {
      records.set(tr, trial(tr, 0.5, { 'training.lr': 0.01 }));
      events.push({ type: 'start', trial: tr, seed: tr, params: {}, backend: 'js', time: '' });
      for (let epoch = 1; epoch <= 50; epoch++) events.push({ type: 'epoch', trial: tr, epoch, trainAcc: 0.5, valAcc: 0.4, loss: 1 });
    }
    // 153 events over 1 second of simulated time
    events.forEach((e, i) => {
      batcher.add(e);
      if (i % 15 === 14) mock.timers.tick(100);
    });
    mock.timers.tick(100);
    batcher.flush();
    const updates = sent as PanelUpdate[];
    assert.ok(updates.length <= 12, `${updates.length} messages for ~1.1 s`);
    assert.ok(updates.every((u) => u.type === 'update'));
    const points = updates.flatMap((u) => u.epochs);
    assert.equal(points.length, 150);
    for (let tr = 0; tr < 3; tr++) {
      assert.deepEqual(points.filter((p) => p.trial === tr).map((p) => p.point.epoch), Array.from({ length: 50 }, (_, i) => i + 1));
    }
    assert.ok(updates.flatMap((u) => u.trials).every((r) => r.curve.length === 0), 'records travel without their curves');
  } finally {
    mock.timers.reset();
  }
});

test('a disposed batcher sends nothing more', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const sent: HostToPanel[] = [];
    const batcher = new UpdateBatcher((m) => sent.push(m), () => [], 100, () => 0);
    batcher.add({ type: 'epoch', trial: 0, epoch: 1, trainAcc: 0, valAcc: 0, loss: 0 });
    batcher.dispose();
    mock.timers.tick(1000);
    assert.equal(sent.length, 0);
  } finally {
    mock.timers.reset();
  }
});
