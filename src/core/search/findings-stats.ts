// The statistics behind the findings in words (findings.ts), each chosen so that its threshold
// means something a reader can check, rather than a number tuned until the book's run reads right.

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: ~15 significant digits), for binomials of 10,000 trials. */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln C(n, k). */
export function lnChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);
}

/**
 * How likely `good` trials drawn at random from `total` would crowd into a window holding at most
 * `window` of the trials (ranked by the param's value): a permutation test of "this param does not
 * matter". If it did not, the good trials would be a random subset with respect to it. A subset of
 * n ranks has range k (max − min + 1) in (N − k + 1)·C(k − 2, n − 2) of the C(N, n) ways.
 * Exact and distribution-free, so it holds for random, grid and TPE runs alike.
 */
export function spanPValue(good: number, total: number, window: number): number {
  if (good < 2 || window >= total) return 1;
  const lnAll = lnChoose(total, good);
  let p = 0;
  for (let k = good; k <= window; k++) p += Math.exp(Math.log(total - k + 1) + lnChoose(k - 2, good - 2) - lnAll);
  return Math.min(1, p);
}

/**
 * For a choice param: the chance that `good` random trials would all use choices held by only
 * `window` of the `total` trials, times the number of ways to pick that many choices of the list
 * (a Bonferroni bound over which choices were singled out).
 */
export function choicePValue(good: number, total: number, window: number, picked: number, choices: number): number {
  if (good < 1 || window >= total || picked >= choices) return 1;
  return Math.min(1, Math.exp(lnChoose(window, good) - lnChoose(total, good) + lnChoose(choices, picked)));
}

/**
 * The chance that the next good trial falls inside the span of n good ones: (n − 1)/(n + 1) for
 * any continuous distribution (the span of n exchangeable draws as a prediction interval).
 */
export const spanCoverage = (n: number): number => (n < 2 ? 0 : (n - 1) / (n + 1));
