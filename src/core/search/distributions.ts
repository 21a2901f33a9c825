// The search distributions of search.json, drawn and compared in one place.
import type { Distribution, ParamValue } from '../spec/types';
import type { Rng } from '../random';

/** One draw: log10 → 10^U(lo, hi) (uniform in exponent space, as the book draws), uniform → U(lo, hi),
 * int → uniform over lo..hi inclusive, choice/values → a uniform pick. */
export function drawParam(dist: Distribution, rng: Rng): ParamValue {
  if ('log10' in dist) return 10 ** rng.uniform(dist.log10[0], dist.log10[1]);
  if ('uniform' in dist) return rng.uniform(dist.uniform[0], dist.uniform[1]);
  if ('int' in dist) return dist.int[0] + rng.int(dist.int[1] - dist.int[0] + 1);
  const list = choicesOf(dist)!;
  return list[rng.int(list.length)];
}

/** The list of a choice/values distribution; null for numeric ranges. */
export function choicesOf(dist: Distribution): ParamValue[] | null {
  if ('choice' in dist) return dist.choice;
  if ('values' in dist) return dist.values;
  return null;
}

/** A numeric range and its scale; null for choice lists. log10 bounds are exponents. */
export function numericRange(dist: Distribution): { scale: 'log10' | 'uniform' | 'int'; lo: number; hi: number } | null {
  if ('log10' in dist) return { scale: 'log10', lo: dist.log10[0], hi: dist.log10[1] };
  if ('uniform' in dist) return { scale: 'uniform', lo: dist.uniform[0], hi: dist.uniform[1] };
  if ('int' in dist) return { scale: 'int', lo: dist.int[0], hi: dist.int[1] };
  return null;
}

/** Values compare structurally: a choice may be an array (e.g. hidden sizes). */
export function sameValue(a: ParamValue, b: ParamValue): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/** Position of `value` in a choice list, −1 when it is not one of them. */
export function choiceIndex(list: readonly ParamValue[], value: ParamValue | undefined): number {
  return value === undefined ? -1 : list.findIndex((candidate) => sameValue(candidate, value));
}
