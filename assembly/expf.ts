// exp(x) for x ≤ 0 on four lanes (Cephes expf): x = n·ln2 + r with |r| ≤ ln2/2, a degree-7
// polynomial for e^r, then scaling by 2^n. Relative error ≈ 2e-7 (a couple of float32 ulps).
// 2^n is applied in two halves so results down into the subnormal range stay right.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375; // few bits, so n·LN2_HI is exact
const LN2_LO: f32 = -2.12194440e-4;
const X_MIN: f32 = -104; // e^-104 rounds to exactly 0 in float32, so does everything below

@inline
function pow2(n: v128): v128 {
  return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
}

@inline
export function expNeg4(x: v128): v128 {
  x = f32x4.max(x, f32x4.splat(X_MIN));
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(LOG2E)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let y = f32x4.splat(1.9875691500e-4);
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.3981999507e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(8.3334519073e-3));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(4.1665795894e-2));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(1.6666665459e-1));
  y = f32x4.add(f32x4.mul(y, r), f32x4.splat(5.0000001201e-1));
  y = f32x4.add(f32x4.add(f32x4.mul(y, f32x4.mul(r, r)), r), f32x4.splat(1));
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const half = i32x4.shr_s(ni, 1);
  return f32x4.mul(f32x4.mul(y, pow2(half)), pow2(i32x4.sub(ni, half)));
}
