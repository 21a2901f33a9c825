import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage } from '../../webview/validate';

const run = { dir: '/r', name: 'book', backend: 'wasm', epochs: 50, trialsTotal: 100, params: { 'training.lr': 'log' } };
const trial = {
  trial: 3, seed: 9, params: { 'training.lr': 0.001, 'model.hiddenSizes': [100, 100], opt: 'sgd', bn: true }, backend: 'wasm',
  status: 'completed', curve: [{ epoch: 1, trainAcc: 0.2, valAcc: 0.1, loss: 2.3 }], valAcc: 0.1, trainAcc: 0.2, seconds: 1.5,
};

test('panel messages: a well-formed init, update, select and importance pass whole', () => {
  const init = { type: 'init', run, trials: [trial], strings: { waiting: 'Warte…' }, bestN: 20 };
  assert.deepEqual(parseHostMessage(init), init);
  const update = {
    type: 'update',
    events: [
      { type: 'start', trial: 3, seed: 9, params: trial.params, backend: 'wasm', time: 't0' },
      { type: 'epoch', trial: 3, epoch: 2, trainAcc: 0.3, valAcc: 0.2, loss: 2 },
      { type: 'end', trial: 3, status: 'pruned', valAcc: 0.2, trainAcc: 0.3, epochs: 2, seconds: 1.5, error: 'x', time: 't1' },
    ],
  };
  assert.deepEqual(parseHostMessage(update), update);
  assert.deepEqual(parseHostMessage({ type: 'select', trial: 4 }), { type: 'select', trial: 4 });
  assert.deepEqual(parseHostMessage({ type: 'select', trial: null }), { type: 'select', trial: null });
  assert.deepEqual(parseHostMessage({ type: 'importance', importance: { a: 0.7, b: 0.3 } }), { type: 'importance', importance: { a: 0.7, b: 0.3 } });
});

test('panel messages: unknown types and non-objects are ignored', () => {
  for (const m of [null, 42, 'init', [], { type: 'refresh' }, { type: 'ready' }, {}]) assert.equal(parseHostMessage(m), undefined);
});

test('panel messages: a malformed part drops the whole message', () => {
  const bad = [
    { type: 'init', run: { ...run, epochs: 0 }, trials: [], strings: {}, bestN: 20 },
    { type: 'init', run: { ...run, params: { lr: 'log2' } }, trials: [], strings: {}, bestN: 20 },
    { type: 'init', run, trials: [{ ...trial, status: 'exploded' }], strings: {}, bestN: 20 },
    { type: 'init', run, trials: [{ ...trial, params: { lr: { nested: 1 } } }], strings: {}, bestN: 20 },
    { type: 'init', run, trials: [{ ...trial, curve: [{ epoch: 1, trainAcc: '0.2', valAcc: 0.1, loss: 1 }] }], strings: {}, bestN: 20 },
    { type: 'init', run, trials: [], strings: {}, bestN: 0 },
    { type: 'update', events: [{ type: 'epoch', trial: -1, epoch: 1, trainAcc: 0, valAcc: 0, loss: 0 }] },
    { type: 'update', events: [{ type: 'epoch', trial: 1, epoch: 1, trainAcc: '0', valAcc: 0, loss: 0 }] },
    { type: 'update', events: [{ type: 'end', trial: 1, status: 'running', epochs: 1, seconds: 1 }] },
    { type: 'update', events: [{ type: 'start', trial: 1, seed: 1, params: { a: {} }, backend: 'js' }] },
    { type: 'update', events: [{ type: 'restart', trial: 1 }] },
    { type: 'update', events: 'none' },
    { type: 'select', trial: 1.5 },
    { type: 'importance', importance: { a: 'high' } },
  ];
  for (const m of bad) assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
});

test('panel messages: JSON nulls (NaN on the host) read as NaN points and as no final value', () => {
  const msg = parseHostMessage({
    type: 'update',
    events: [
      { type: 'epoch', trial: 1, epoch: 5, trainAcc: null, valAcc: 0.1, loss: null },
      { type: 'end', trial: 1, status: 'diverged', valAcc: null, trainAcc: null, epochs: 5, seconds: 1, time: '' },
    ],
  });
  assert.ok(msg?.type === 'update');
  const [point, end] = msg.events;
  assert.ok(point?.type === 'epoch' && Number.isNaN(point.loss) && Number.isNaN(point.trainAcc));
  assert.ok(end?.type === 'end' && end.valAcc === undefined && end.trainAcc === undefined);
  const init = parseHostMessage({ type: 'init', run, trials: [{ ...trial, status: 'diverged', valAcc: null, curve: undefined }], strings: {}, bestN: 1 });
  assert.ok(init?.type === 'init');
  assert.equal(init.trials[0]!.valAcc, undefined);
  assert.deepEqual(init.trials[0]!.curve, []);
});

test('panel messages: non-string strings are dropped, the rest kept', () => {
  const msg = parseHostMessage({ type: 'init', run, trials: [], strings: { a: 'x', b: 3 }, bestN: 5 });
  assert.ok(msg?.type === 'init');
  assert.deepEqual(msg.strings, { a: 'x' });
});
