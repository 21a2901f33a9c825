import { test, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { HostToPanel, PanelUpdate } from '../../src/panel/contract';
import type { TrialEvent } from '../../src/core/runs/events';
import { UpdateBatcher, panelInit, panelStrings, parsePanelMessage } from '../../src/extension/logic/panel-messages';
import { paramScale } from '../../src/panel/run-view';
import { untranslated } from '../../src/core/translate';
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

test('events go out in batches, at most one per interval, every one intact and in order', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const sent: HostToPanel[] = [];
    const batcher = new UpdateBatcher((m) => sent.push(m), 100, () => Date.now());
    const events: TrialEvent[] = [];
    for (let tr = 0; tr < 3; tr++) {
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
    assert.deepEqual(updates.flatMap((u) => u.events), events);
  } finally {
    mock.timers.reset();
  }
});

test('a disposed batcher sends nothing more; a cleared one drops what an init already holds', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const sent: HostToPanel[] = [];
    const batcher = new UpdateBatcher((m) => sent.push(m), 100, () => 0);
    const epoch = (n: number): TrialEvent => ({ type: 'epoch', trial: 0, epoch: n, trainAcc: 0, valAcc: 0, loss: 0 });
    batcher.add(epoch(1));
    batcher.clear();
    batcher.add(epoch(2));
    mock.timers.tick(1000);
    assert.deepEqual(sent, [{ type: 'update', events: [epoch(2)] }]);
    batcher.add(epoch(3));
    batcher.dispose();
    mock.timers.tick(1000);
    assert.equal(sent.length, 1);
  } finally {
    mock.timers.reset();
  }
});
