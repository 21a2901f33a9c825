// Parameter updates of the book's common/optimizer.py, element-wise over whole matrices
// (to the padded end, see paddedEnd). `g` already includes weight decay. Hyperparameters come
// in as f64 and constants derived from them (1 − β2, (1 + μ)·lr) are formed in f64 before
// rounding once: in float32, 1 − 0.999 would already be off by 1e-5.
import { paddedEnd } from './lanes';

const EPS: f32 = 1e-7;

/** p −= lr·g */
export function sgd(p: usize, g: usize, n: i32, lr: f64): void {
  const vlr = f32x4.splat(<f32>lr);
  for (const end = paddedEnd(p, n); p < end; p += 16, g += 16) {
    v128.store(p, f32x4.sub(v128.load(p), f32x4.mul(vlr, v128.load(g))));
  }
}

/** v = momentum·v − lr·g; p += v */
export function momentum(p: usize, g: usize, v: usize, n: i32, lr: f64, mom: f64): void {
  const vlr = f32x4.splat(<f32>lr);
  const vmom = f32x4.splat(<f32>mom);
  for (const end = paddedEnd(p, n); p < end; p += 16, g += 16, v += 16) {
    const vel = f32x4.sub(f32x4.mul(vmom, v128.load(v)), f32x4.mul(vlr, v128.load(g)));
    v128.store(v, vel);
    v128.store(p, f32x4.add(v128.load(p), vel));
  }
}

/** v = momentum·v − lr·g; p += momentum²·v − (1 + momentum)·lr·g */
export function nesterov(p: usize, g: usize, v: usize, n: i32, lr: f64, mom: f64): void {
  const vlr = f32x4.splat(<f32>lr);
  const vmom = f32x4.splat(<f32>mom);
  const mom2 = f32x4.splat(<f32>(mom * mom));
  const lr1 = f32x4.splat(<f32>((1 + mom) * lr));
  for (const end = paddedEnd(p, n); p < end; p += 16, g += 16, v += 16) {
    const grad = v128.load(g);
    const vel = f32x4.sub(f32x4.mul(vmom, v128.load(v)), f32x4.mul(vlr, grad));
    v128.store(v, vel);
    const stepped = f32x4.add(v128.load(p), f32x4.mul(mom2, vel));
    v128.store(p, f32x4.sub(stepped, f32x4.mul(lr1, grad)));
  }
}

/** h += g²; p −= lr·g / (√h + 1e-7) */
export function adagrad(p: usize, g: usize, h: usize, n: i32, lr: f64): void {
  const vlr = f32x4.splat(<f32>lr);
  const eps = f32x4.splat(EPS);
  for (const end = paddedEnd(p, n); p < end; p += 16, g += 16, h += 16) {
    const grad = v128.load(g);
    const acc = f32x4.add(v128.load(h), f32x4.mul(grad, grad));
    v128.store(h, acc);
    const step = f32x4.div(f32x4.mul(vlr, grad), f32x4.add(f32x4.sqrt(acc), eps));
    v128.store(p, f32x4.sub(v128.load(p), step));
  }
}

/** h = decay·h + (1 − decay)·g²; p −= lr·g / (√h + 1e-7) */
export function rmsprop(p: usize, g: usize, h: usize, n: i32, lr: f64, decay: f64): void {
  const vlr = f32x4.splat(<f32>lr);
  const vdecay = f32x4.splat(<f32>decay);
  const vkeep = f32x4.splat(<f32>(1 - decay));
  const eps = f32x4.splat(EPS);
  for (const end = paddedEnd(p, n); p < end; p += 16, g += 16, h += 16) {
    const grad = v128.load(g);
    const acc = f32x4.add(f32x4.mul(vdecay, v128.load(h)), f32x4.mul(f32x4.mul(vkeep, grad), grad));
    v128.store(h, acc);
    const step = f32x4.div(f32x4.mul(vlr, grad), f32x4.add(f32x4.sqrt(acc), eps));
    v128.store(p, f32x4.sub(v128.load(p), step));
  }
}

/** m += (1 − β1)(g − m); v += (1 − β2)(g² − v); p −= lrT·m / (√v + 1e-7) */
export function adam(p: usize, g: usize, m: usize, v: usize, n: i32, lrT: f64, beta1: f64, beta2: f64): void {
  const vlr = f32x4.splat(<f32>lrT);
  const k1 = f32x4.splat(<f32>(1 - beta1));
  const k2 = f32x4.splat(<f32>(1 - beta2));
  const eps = f32x4.splat(EPS);
  for (const end = paddedEnd(p, n); p < end; p += 16, g += 16, m += 16, v += 16) {
    const grad = v128.load(g);
    const m1 = v128.load(m);
    const mt = f32x4.add(m1, f32x4.mul(k1, f32x4.sub(grad, m1)));
    const v1 = v128.load(v);
    const vt = f32x4.add(v1, f32x4.mul(k2, f32x4.sub(f32x4.mul(grad, grad), v1)));
    v128.store(m, mt);
    v128.store(v, vt);
    v128.store(p, f32x4.sub(v128.load(p), f32x4.div(f32x4.mul(vlr, mt), f32x4.add(f32x4.sqrt(vt), eps))));
  }
}
