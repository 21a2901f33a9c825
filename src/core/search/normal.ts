// The standard normal distribution's tail masses, accurate far into the tails (TPE compares
// densities of kernels that may sit many bandwidths away from a candidate).

/** erfc(x) by Numerical Recipes' Chebyshev fit: relative error < 1.2e-7 for every x. */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  const r = t * Math.exp(-z * z + poly);
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z). */
function upperTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** P(a < Z < b) for a standard normal Z, taken from the nearer tail so that no mass cancels away. */
export function normalMass(a: number, b: number): number {
  if (b <= a) return 0;
  if (a >= 0) return upperTail(a) - upperTail(b);
  if (b <= 0) return upperTail(-b) - upperTail(-a);
  return 1 - upperTail(-a) - upperTail(b);
}

/** log of the standard normal density. */
export function normalLogPdf(z: number): number {
  return -0.5 * z * z - 0.5 * Math.log(2 * Math.PI);
}
