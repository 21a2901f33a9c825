// TPE's Parzen estimators (Bergstra et al. 2011), one parameter at a time, with Optuna's
// defaults: a prior kernel (centre of the range, bandwidth = the range, weight 1), each
// observation's bandwidth = the larger gap to its sorted neighbours, and the "magic clip"
// bandwidth ∈ [range / min(100, 1 + kernels), range]. Kernels are truncated to the range.
import type { Rng } from '../random';
import { normalLogPdf, normalMass } from './normal';

const PRIOR_WEIGHT = 1;

/** A mixture of Gaussians truncated to [low, high]. */
export interface TruncatedMixture {
  low: number;
  high: number;
  weights: number[];
  mus: number[];
  sigmas: number[];
}

export function fitNumeric(observations: readonly number[], low: number, high: number): TruncatedMixture {
  const range = high - low;
  const mus = [...observations.map((x) => Math.min(high, Math.max(low, x))), (low + high) / 2];
  const priorIndex = mus.length - 1;
  const order = mus.map((_, i) => i).sort((i, j) => mus[i] - mus[j] || i - j);
  const sigmas = new Array<number>(mus.length).fill(range);
  const minSigma = range / Math.min(100, 1 + mus.length);
  for (let k = 0; k < order.length; k++) {
    const leftGap = k > 0 ? mus[order[k]] - mus[order[k - 1]] : 0;
    const rightGap = k < order.length - 1 ? mus[order[k + 1]] - mus[order[k]] : 0;
    const gap = Math.max(leftGap, rightGap); // endpoints: the one inner neighbour (Optuna's consider_endpoints=False)
    sigmas[order[k]] = Math.min(range, Math.max(minSigma, gap));
  }
  sigmas[priorIndex] = range;
  const total = observations.length + PRIOR_WEIGHT;
  const weights = mus.map((_, i) => (i === priorIndex ? PRIOR_WEIGHT : 1) / total);
  return { low, high, weights, mus, sigmas };
}

/** log Σᵢ wᵢ · P(kernel i ∈ [a, b] | it lies in [low, high]) — for int params, [k − ½, k + ½]. */
export function logMass(m: TruncatedMixture, a: number, b: number): number {
  return logSumExp(
    m.mus.map((mu, i) => {
      const s = m.sigmas[i];
      const z = normalMass((m.low - mu) / s, (m.high - mu) / s);
      return Math.log(m.weights[i]) + Math.log(normalMass((a - mu) / s, (b - mu) / s)) - Math.log(z);
    }),
  );
}

/** log of the mixture's density at x. */
export function logDensity(m: TruncatedMixture, x: number): number {
  return logSumExp(
    m.mus.map((mu, i) => {
      const s = m.sigmas[i];
      const z = normalMass((m.low - mu) / s, (m.high - mu) / s);
      return Math.log(m.weights[i]) + normalLogPdf((x - mu) / s) - Math.log(s) - Math.log(z);
    }),
  );
}

/** A draw: pick a kernel by weight, then draw from it until the draw lands inside the range. Each
 * kernel's centre lies in the range and its bandwidth is at most the range, so over a third of
 * the draws are accepted. */
export function drawNumeric(m: TruncatedMixture, rng: Rng): number {
  const i = pickIndex(m.weights, rng);
  for (;;) {
    const x = m.mus[i] + m.sigmas[i] * rng.normal();
    if (x >= m.low && x <= m.high) return x;
  }
}

/** Category probabilities: the prior weight spread evenly over the n choices plus one per observation. */
export function fitCategorical(observations: readonly number[], n: number): number[] {
  const counts = new Array<number>(n).fill(PRIOR_WEIGHT / n);
  for (const c of observations) counts[c] += 1;
  const total = observations.length + PRIOR_WEIGHT;
  return counts.map((c) => c / total);
}

export function pickIndex(probabilities: readonly number[], rng: Rng): number {
  let u = rng.next();
  for (let i = 0; i < probabilities.length - 1; i++) {
    u -= probabilities[i];
    if (u < 0) return i;
  }
  return probabilities.length - 1;
}

function logSumExp(terms: number[]): number {
  const max = Math.max(...terms);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - max), 0));
}
