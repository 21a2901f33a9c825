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
  const update = { type: 'update', epochs: [{ trial: 3, point: { epoch: 2, trainAcc: 0.3, valAcc: 0.2, loss: 2 } }], trials: [{ ...trial, curve: [] }] };
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
    { type: 'update', epochs: [{ trial: -1, point: { epoch: 1, trainAcc: 0, valAcc: 0, loss: 0 } }], trials: [] },
    { type: 'update', epochs: 'none', trials: [] },
    { type: 'select', trial: 1.5 },
    { type: 'importance', importance: { a: 'high' } },
  ];
  for (const m of bad) assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
});

test('panel messages: JSON nulls (NaN on the host) read as NaN points and as no final value', () => {
  const msg = parseHostMessage({
    type: 'update',
    epochs: [{ trial: 1, point: { epoch: 5, trainAcc: null, valAcc: 0.1, loss: null } }],
    trials: [{ ...trial, status: 'diverged', valAcc: null, curve: undefined }],
  });
  assert.ok(msg?.type === 'update');
  assert.ok(Number.isNaN(msg.epochs[0]!.point.loss) && Number.isNaN(msg.epochs[0]!.point.trainAcc));
  assert.equal(msg.trials[0]!.valAcc, undefined);
  assert.deepEqual(msg.trials[0]!.curve, []);
});

test('panel messages: non-string strings are dropped, the rest kept', () => {
  const msg = parseHostMessage({ type: 'init', run, trials: [], strings: { a: 'x', b: 3 }, bestN: 5 });
  assert.ok(msg?.type === 'init');
  assert.deepEqual(msg.strings, { a: 'x' });
});
