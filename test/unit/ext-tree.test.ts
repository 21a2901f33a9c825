import { formatParamValue } from '../../src/core/format';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TRIAL_ICONS, orderRuns, rankedChildren, runDescription, shortParamNames, trialDescription,
  trialLabel, trialTooltip,
} from '../../src/extension/logic/tree-model';
import { untranslated } from '../../src/core/translate';
import { bestValAcc, emptyRunState } from '../../src/core/runs/state';
import { run, trial } from './helpers/ext-fixtures';

const params = (lr: number, wd: number) => ({ 'training.lr': lr, 'training.weightDecay': wd });

test('runs are listed newest first by their folder stamp, whatever the root', () => {
  const dirs = ['/a/runs/20260101-120000-x', '/b/runs/20261201-090000-y', '/a/runs/20260615-000000-z'];
  const ordered = orderRuns(dirs.map((dir) => ({ dir }))).map((r) => r.dir);
  assert.deepEqual(ordered, ['/b/runs/20261201-090000-y', '/a/runs/20260615-000000-z', '/a/runs/20260101-120000-x']);
});

test('trials are ranked by final val acc, best first, trials without a score last', () => {
  const trials = [trial(0, 0.5, params(1e-3, 1e-6)), trial(1, undefined, params(1e-4, 1e-7), 'running'), trial(2, 0.84, params(9.4e-3, 2.8e-6)), trial(3, 0.1, params(1e-6, 1e-8), 'pruned')];
  const ranked = rankedChildren(trials);
  assert.deepEqual(ranked.map((r) => r.trial.trial), [2, 0, 3, 1]);
  assert.deepEqual(ranked.map((r) => r.rank), [1, 2, 3, 4]);
  assert.equal(trialLabel(1, ranked[0]!.trial), '#1  0.84');
  assert.equal(trialLabel(4, ranked[3]!.trial), '#4  —');
});

test('a trial row describes the searched params briefly in scientific notation', () => {
  const t = trial(2, 0.84, params(0.0094, 0.0000028));
  assert.equal(trialDescription(t, ['training.lr', 'training.weightDecay']), 'lr 9.4e-3 · wd 2.8e-6');
  assert.equal(formatParamValue(100), '100');
  assert.equal(formatParamValue([100, 50]), '[100,50]');
  assert.equal(formatParamValue('adam'), 'adam');
});

test('short param names fall back to the full path when two would collide', () => {
  assert.deepEqual(shortParamNames(['training.lr', 'model.dropout', 'training.batchSize']), { 'training.lr': 'lr', 'model.dropout': 'dropout', 'training.batchSize': 'bs' });
  assert.deepEqual(shortParamNames(['a.weightDecay', 'b.weightDecay']), { 'a.weightDecay': 'a.weightDecay', 'b.weightDecay': 'b.weightDecay' });
});

test('a run row shows date, status and the best finished val acc', () => {
  const r = run([trial(0, 0.5, params(1e-3, 1e-6)), trial(1, 0.9, params(1e-3, 1e-6), 'running'), trial(2, 0.7, params(1e-3, 1e-6))], {
    meta: { specPath: '', started: 'not a date', version: '' },
  });
  // a running trial's current value is not a result yet; the date falls back to the folder stamp
  assert.equal(bestValAcc(r.state), 0.7);
  assert.equal(runDescription(r, untranslated), '2026-12-01 21:26 · completed · best 0.70');
  assert.equal(runDescription({ ...r, state: emptyRunState(), status: 'interrupted' }, untranslated), '2026-12-01 21:26 · interrupted');
});

test('the tooltip lists every param at full precision and escapes markdown', () => {
  const t = { ...trial(7, 0.81, { 'training.lr': 0.0094123, 'model.activation': 'relu_*x*' }), error: 'bad [link](x)' };
  const tip = trialTooltip(t, 50, untranslated);
  assert.match(tip, /training\\\.lr \| 0\\\.0094123/);
  assert.match(tip, /relu\\_\\\*x\\\*/);
  assert.match(tip, /val acc 0\\\.81 · train acc 0\\\.86/);
  assert.match(tip, /epochs 1\/50 · backend wasm · seed 1007/);
  assert.ok(!tip.includes('[link](x)'), 'an error message is text, not a link');
});

test('every trial status has an icon', () => {
  for (const status of ['running', 'completed', 'pruned', 'diverged', 'failed', 'cancelled'] as const) assert.ok(TRIAL_ICONS[status]);
  assert.equal(TRIAL_ICONS.running, 'sync~spin');
});
