// Batch Normalisation over the rows of an N×D batch (the book's BatchNorm, eps 1e-6), four
// columns at a time: each group of columns is independent, so its statistics stay in registers.
import { loadLanes, storeLanes } from './lanes';

const EPS: f32 = 1e-6;

/** Training: mu, var over rows; xc = x − mu; std = √(var + eps); xn = xc / std; running
 * averages move by `momentum`; out = gamma·xn + beta. Test: the running statistics instead.
 * out may alias x. */
export function batchNormForward(
  out: usize, x: usize, rows: i32, cols: i32, training: bool, momentum: f64,
  gamma: usize, beta: usize, runningMean: usize, runningVar: usize, xc: usize, xn: usize, std: usize,
): void {
  const ld = <usize>cols << 2;
  const n = f32x4.splat(<f32>rows);
  const vm = f32x4.splat(<f32>momentum);
  const vm1 = f32x4.splat(<f32>(1 - momentum)); // formed in f64, rounded once
  for (let j = 0; j < cols; j += 4) {
    const w = cols - j;
    const col = <usize>j << 2;
    const g = loadLanes(gamma + col, w);
    const b = loadLanes(beta + col, w);
    if (!training) {
      const mean = loadLanes(runningMean + col, w);
      const sd = f32x4.sqrt(f32x4.add(loadLanes(runningVar + col, w), f32x4.splat(EPS)));
      for (let i = 0, o: usize = col; i < rows; i++, o += ld) {
        const norm = f32x4.div(f32x4.sub(loadLanes(x + o, w), mean), sd);
        storeLanes(out + o, f32x4.add(f32x4.mul(g, norm), b), w);
      }
      continue;
    }
    let sum = f32x4.splat(0);
    for (let i = 0, o: usize = col; i < rows; i++, o += ld) sum = f32x4.add(sum, loadLanes(x + o, w));
    const mu = f32x4.div(sum, n);
    let sq = f32x4.splat(0);
    for (let i = 0, o: usize = col; i < rows; i++, o += ld) {
      const c = f32x4.sub(loadLanes(x + o, w), mu);
      storeLanes(xc + o, c, w);
      sq = f32x4.add(sq, f32x4.mul(c, c));
    }
    const variance = f32x4.div(sq, n);
    const sd = f32x4.sqrt(f32x4.add(variance, f32x4.splat(EPS)));
    storeLanes(std + col, sd, w);
    for (let i = 0, o: usize = col; i < rows; i++, o += ld) {
      const norm = f32x4.div(loadLanes(xc + o, w), sd);
      storeLanes(xn + o, norm, w);
      storeLanes(out + o, f32x4.add(f32x4.mul(g, norm), b), w);
    }
    const rm = runningMean + col;
    const rv = runningVar + col;
    storeLanes(rm, f32x4.add(f32x4.mul(vm, loadLanes(rm, w)), f32x4.mul(vm1, mu)), w);
    storeLanes(rv, f32x4.add(f32x4.mul(vm, loadLanes(rv, w)), f32x4.mul(vm1, variance)), w);
  }
}

/** The book's backward, term by term: dbeta = Σ dout; dgamma = Σ xn·dout; dxn = gamma·dout;
 * dstd = −Σ dxn·xc / std²; dvar = 0.5·dstd / std; dxc = dxn / std + (2/N)·xc·dvar;
 * dx = dxc − Σ dxc / N. dx may alias dout. */
export function batchNormBackward(
  dx: usize, dout: usize, rows: i32, cols: i32,
  gamma: usize, dgamma: usize, dbeta: usize, xc: usize, xn: usize, std: usize,
): void {
  const ld = <usize>cols << 2;
  const n = f32x4.splat(<f32>rows);
  const twoOverN = f32x4.splat(2 / <f32>rows);
  for (let j = 0; j < cols; j += 4) {
    const w = cols - j;
    const col = <usize>j << 2;
    const g = loadLanes(gamma + col, w);
    const sd = loadLanes(std + col, w);
    const sd2 = f32x4.mul(sd, sd);
    let db = f32x4.splat(0), dg = db, dstd = db;
    for (let i = 0, o: usize = col; i < rows; i++, o += ld) {
      const d = loadLanes(dout + o, w);
      db = f32x4.add(db, d);
      dg = f32x4.add(dg, f32x4.mul(loadLanes(xn + o, w), d));
      dstd = f32x4.sub(dstd, f32x4.div(f32x4.mul(f32x4.mul(g, d), loadLanes(xc + o, w)), sd2));
    }
    storeLanes(dbeta + col, db, w);
    storeLanes(dgamma + col, dg, w);
    const dvar = f32x4.div(f32x4.mul(f32x4.splat(0.5), dstd), sd);
    let dmu = f32x4.splat(0);
    for (let i = 0, o: usize = col; i < rows; i++, o += ld) {
      const dxn = f32x4.mul(g, loadLanes(dout + o, w));
      const dxc = f32x4.add(f32x4.div(dxn, sd), f32x4.mul(f32x4.mul(twoOverN, loadLanes(xc + o, w)), dvar));
      dmu = f32x4.add(dmu, dxc);
      storeLanes(dx + o, dxc, w);
    }
    const shift = f32x4.div(dmu, n);
    for (let i = 0, o: usize = col; i < rows; i++, o += ld) {
      storeLanes(dx + o, f32x4.sub(loadLanes(dx + o, w), shift), w);
    }
  }
}
