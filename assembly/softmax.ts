// Softmax with cross-entropy (the book's SoftmaxWithLoss) and accuracy counting.
import { expNeg4 } from './expf';
import { loadLanes, maxLanes, storeLanes, sumLanes } from './lanes';

/** Per row: y = softmax(z − max z); loss += −log(y[t] + 1e-7); dZ = (y − onehot(t)) / rows.
 * Returns the mean loss. dZ may alias Z: each group of four is read before it is written. */
export function softmaxCrossEntropy(dz: usize, z: usize, t: usize, rows: i32, cols: i32): f64 {
  const ld = <usize>cols << 2;
  const batch = <f32>rows;
  let loss: f64 = 0;
  for (let i = 0; i < rows; i++, z += ld, dz += ld) {
    let vmax = f32x4.splat(-Infinity);
    for (let j = 0; j < cols; j += 4) vmax = f32x4.max(vmax, loadLanes(z + (<usize>j << 2), cols - j, -Infinity));
    const zmax = f32x4.splat(maxLanes(vmax));
    // e = exp(z − max) into dZ; lanes past the row load −∞ and add e^−∞ = 0 to the sum.
    let vsum = f32x4.splat(0);
    for (let j = 0; j < cols; j += 4) {
      const w = cols - j;
      const e = expNeg4(f32x4.sub(loadLanes(z + (<usize>j << 2), w, -Infinity), zmax));
      vsum = f32x4.add(vsum, e);
      storeLanes(dz + (<usize>j << 2), e, w);
    }
    const sum = sumLanes(vsum);
    const label = <usize>load<i32>(t + (<usize>i << 2));
    const y = load<f32>(dz + (label << 2)) / sum; // the same division its lane gets below
    loss -= Math.log(<f64>y + 1e-7);
    const vtotal = f32x4.splat(sum);
    const vbatch = f32x4.splat(batch);
    for (let j = 0; j < cols; j += 4) {
      const w = cols - j;
      const p = dz + (<usize>j << 2);
      storeLanes(p, f32x4.div(f32x4.div(loadLanes(p, w), vtotal), vbatch), w);
    }
    store<f32>(dz + (label << 2), (y - 1) / batch);
  }
  return loss / rows;
}

/** Rows whose first maximum (a NaN counts as the maximum, as in numpy's argmax) is at t. */
export function countCorrect(z: usize, t: usize, rows: i32, cols: i32): i32 {
  let correct = 0;
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestValue = load<f32>(z);
    for (let j = 1; j < cols; j++) {
      const v = load<f32>(z + (<usize>j << 2));
      if (v > bestValue || (isNaN(v) && !isNaN(bestValue))) {
        best = j;
        bestValue = v;
      }
    }
    if (best == load<i32>(t + (<usize>i << 2))) correct++;
    z += <usize>cols << 2;
  }
  return correct;
}
