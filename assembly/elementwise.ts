// Whole-matrix element-wise kernels and column sums. Whole-matrix loops run to the padded end
// of the allocation (see paddedEnd); only sumSquares, a reduction, stops at exactly n.
import { loadLanes, paddedEnd, storeLanes } from './lanes';

/** y += a·x */
export function axpy(y: usize, x: usize, n: i32, a: f32): void {
  const va = f32x4.splat(a);
  for (const end = paddedEnd(y, n); y < end; y += 16, x += 16) {
    v128.store(y, f32x4.add(v128.load(y), f32x4.mul(va, v128.load(x))));
  }
}

/** y *= x */
export function mul(y: usize, x: usize, n: i32): void {
  for (const end = paddedEnd(y, n); y < end; y += 16, x += 16) {
    v128.store(y, f32x4.mul(v128.load(y), v128.load(x)));
  }
}

/** y *= s */
export function scale(y: usize, n: i32, s: f32): void {
  const vs = f32x4.splat(s);
  for (const end = paddedEnd(y, n); y < end; y += 16) v128.store(y, f32x4.mul(v128.load(y), vs));
}

/** Σ x², squared and summed in float64 (two lanes per v128) so long sums keep their digits. */
export function sumSquares(x: usize, n: i32): f64 {
  let acc = f64x2.splat(0);
  const end = x + (<usize>(n >> 2) << 4);
  for (; x < end; x += 16) {
    const v = v128.load(x);
    const lo = f64x2.promote_low_f32x4(v);
    const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1));
    acc = f64x2.add(acc, f64x2.add(f64x2.mul(lo, lo), f64x2.mul(hi, hi)));
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  for (let i = n & 3; i > 0; i--, x += 4) {
    const v = <f64>load<f32>(x);
    sum += v * v;
  }
  return sum;
}

/** mask[i] = u[i] > ratio ? 1 : 0, in place. */
export function threshold(mask: usize, n: i32, ratio: f32): void {
  const vr = f32x4.splat(ratio);
  const one = f32x4.splat(1);
  for (const end = paddedEnd(mask, n); mask < end; mask += 16) {
    v128.store(mask, v128.and(f32x4.gt(v128.load(mask), vr), one));
  }
}

/** db[j] = Σ_i dY[i,j], four columns at a time down the rows. */
export function colSum(db: usize, dy: usize, rows: i32, cols: i32): void {
  const ld = <usize>cols << 2;
  for (let j = 0; j < cols; j += 4) {
    const w = cols - j;
    let acc = f32x4.splat(0);
    let p = dy + (<usize>j << 2);
    for (let i = 0; i < rows; i++, p += ld) acc = f32x4.add(acc, loadLanes(p, w));
    storeLanes(db + (<usize>j << 2), acc, w);
  }
}

/** dst row r = src row idx[r] (and dstLabels[r] = srcLabels[idx[r]] when labels != 0).
 * Returns −1, or the first r whose idx[r] is not a row of src (then nothing is copied). */
export function gatherRows(dst: usize, src: usize, srcRows: i32, idx: usize, rows: i32, cols: i32, dstLabels: usize, srcLabels: usize): i32 {
  for (let r = 0; r < rows; r++) {
    if (<u32>load<i32>(idx + (<usize>r << 2)) >= <u32>srcRows) return r;
  }
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++, dst += rowBytes) {
    const i = load<i32>(idx + (<usize>r << 2));
    memory.copy(dst, src + <usize>i * rowBytes, rowBytes);
    if (dstLabels) store<i32>(dstLabels + (<usize>r << 2), load<i32>(srcLabels + (<usize>i << 2)));
  }
  return -1;
}
