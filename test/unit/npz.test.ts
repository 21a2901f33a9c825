// The .npz writer: np.savez's layout (stored .npy entries), read back as written, and the same bytes for
// the same weights whenever they are written (a fixed zip timestamp, not the clock).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { npzBytes, parseNpz } from '../../src/core/runs/npz';

const arrays = { W1: { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) }, b1: { shape: [3], data: Float32Array.from([0.5, -0.5, 0]) } };

test('an .npz reads back as written, its entries stored (level 0) as np.savez writes them', () => {
  const bytes = npzBytes(arrays);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  assert.equal(view.getUint32(0, true), 0x04034b50, 'a zip local file header');
  assert.equal(view.getUint16(8, true), 0, 'stored, not deflated');
  const back = parseNpz(bytes, 'trial-0001.npz');
  assert.deepEqual(Object.keys(back), ['W1', 'b1']);
  assert.deepEqual(back.W1!.shape, [2, 3]);
  assert.deepEqual(Array.from(back.b1!.data), [0.5, -0.5, 0]);
});

test('the same weights give the same bytes on any day: the zip carries a fixed date, not the clock', () => {
  const view = new DataView(npzBytes(arrays).buffer);
  // DOS date of the first entry: (year − 1980) << 9 | month << 5 | day → 1980-01-02
  assert.equal(view.getUint16(12, true), (0 << 9) | (1 << 5) | 2);
  assert.deepEqual(npzBytes(arrays), npzBytes(arrays));
});
