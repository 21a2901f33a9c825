// Fused bias + activation (forward) and the activation's derivative (backward), as the book's
// Affine → Relu/Sigmoid pairs. Codes: 0 identity, 1 relu, 2 sigmoid.
import { expNeg4 } from './expf';
import { loadLanes, paddedEnd, storeLanes } from './lanes';

const RELU = 1;
const SIGMOID = 2;

/** 1 / (1 + e^−x), via e = e^−|x| so the exponential never overflows: x ≥ 0 → 1/(1+e), x < 0 → e/(1+e). */
@inline
function sigmoid4(x: v128): v128 {
  const e = expNeg4(f32x4.neg(f32x4.abs(x)));
  const num = v128.bitselect(f32x4.splat(1), e, f32x4.ge(x, f32x4.splat(0)));
  return f32x4.div(num, f32x4.add(f32x4.splat(1), e));
}

@inline
function activate(x: v128, act: i32): v128 {
  if (act == RELU) return f32x4.max(x, f32x4.splat(0));
  if (act == SIGMOID) return sigmoid4(x);
  return x;
}

/** Y[i,j] = act(Y[i,j] + b[j]). */
export function biasAct(y: usize, b: usize, rows: i32, cols: i32, act: i32): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j += 4) {
      const w = cols - j;
      const p = y + (<usize>j << 2);
      storeLanes(p, activate(f32x4.add(loadLanes(p, w), loadLanes(b + (<usize>j << 2), w)), act), w);
    }
    y += <usize>cols << 2;
  }
}

/** dY *= act'(Y), Y the activation's output: relu passes where Y > 0, sigmoid scales by (1 − Y)·Y. */
export function actBackward(dy: usize, y: usize, n: i32, act: i32): void {
  const end = paddedEnd(dy, n);
  if (act == RELU) {
    for (; dy < end; dy += 16, y += 16) {
      v128.store(dy, v128.and(v128.load(dy), f32x4.gt(v128.load(y), f32x4.splat(0))));
    }
  } else if (act == SIGMOID) {
    for (; dy < end; dy += 16, y += 16) {
      const out = v128.load(y);
      v128.store(dy, f32x4.mul(f32x4.mul(v128.load(dy), f32x4.sub(f32x4.splat(1), out)), out));
    }
  }
}
