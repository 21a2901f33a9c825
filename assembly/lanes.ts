// Loads and stores of the last, partial group of columns in a row: `w` (1..4) valid lanes.
// Row-wise kernels walk a row four columns at a time; the final group may be narrower, and
// writing a whole v128 there would clobber the next row. Missing lanes load as `fill`.

@inline
export function loadLanes(p: usize, w: i32, fill: f32 = 0): v128 {
  if (w >= 4) return v128.load(p);
  let v = f32x4.splat(fill);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (w > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (w > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

@inline
export function storeLanes(p: usize, v: v128, w: i32): void {
  if (w >= 4) {
    v128.store(p, v);
    return;
  }
  store<f32>(p, f32x4.extract_lane(v, 0));
  if (w > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
  if (w > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
}

@inline
export function sumLanes(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

@inline
export function maxLanes(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

/** Bytes covered by `n` floats rounded up to whole v128s: allocations are padded so, which lets
 * whole-matrix kernels run over the padding instead of a scalar tail (padding is never read back). */
@inline
export function paddedEnd(p: usize, n: i32): usize {
  return p + ((<usize>(n + 3) >> 2) << 4);
}

/** c + a·b: one fused multiply-add where the build has relaxed SIMD (rounding once, like a
 * hardware FMA, or twice where the CPU has none), a multiply and an add otherwise. */
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}
