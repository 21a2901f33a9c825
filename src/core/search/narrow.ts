// The book's step 3 of a search: narrow each range to where the best trials landed, then search
// again. Bounds are the min/max over the top trials, widened by `margin` × (max − min) on each
// side on the param's own scale (log10 in exponent space), kept inside the old range, and
// rounded outwards to 3 significant digits so that they read well in search.json.
import type { Distribution, ParamValue } from '../spec/types';
import type { TrialRecord } from '../runs/events';
import { sameValue } from './distributions';

export interface NarrowedRange {
  path: string;
  before: Distribution;
  after: Distribution;
}

/** Widening when every top trial has the same value: on each side, in the param's own units. */
const MIN_PAD_DECADES = 0.1;
const MIN_PAD_UNIFORM_SHARE = 0.01; // of the old range
const MIN_PAD_INT = 1;
const DIGITS = 3;

/** x rounded to `DIGITS` significant digits, away from the range's inside. */
export function roundOutward(x: number, direction: 'down' | 'up'): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x))) - (DIGITS - 1));
  const q = x / step;
  const nearest = Math.round(q);
  const whole = Math.abs(q - nearest) < 1e-9 ? nearest : direction === 'down' ? Math.floor(q) : Math.ceil(q);
  return Number((whole * step).toPrecision(DIGITS + 1)); // drops the float noise of whole × step
}

function widen(values: number[], [oldLo, oldHi]: [number, number], pad: number): [number, number] {
  const clamp = (x: number) => Math.min(oldHi, Math.max(oldLo, x));
  const lo = clamp(roundOutward(clamp(Math.min(...values) - pad), 'down'));
  const hi = clamp(roundOutward(clamp(Math.max(...values) + pad), 'up'));
  return [lo, hi];
}

function narrowOne(before: Distribution, values: ParamValue[], margin: number): Distribution {
  if ('choice' in before || 'values' in before) {
    const list = 'choice' in before ? before.choice : before.values;
    const kept = list.filter((choice) => values.some((v) => sameValue(choice, v)));
    const after = kept.length > 0 ? kept : list;
    return 'choice' in before ? { choice: after } : { values: after };
  }
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  const spanPad = (xs: number[], minPad: number) => {
    const span = Math.max(...xs) - Math.min(...xs);
    return span > 0 ? margin * span : minPad;
  };
  if ('log10' in before) {
    const exponents = numbers.filter((v) => v > 0).map(Math.log10);
    if (exponents.length === 0) return before;
    return { log10: widen(exponents, before.log10, spanPad(exponents, MIN_PAD_DECADES)) };
  }
  if (numbers.length === 0) return before;
  if ('uniform' in before) {
    const [lo, hi] = before.uniform;
    return { uniform: widen(numbers, before.uniform, spanPad(numbers, MIN_PAD_UNIFORM_SHARE * (hi - lo))) };
  }
  const [oldLo, oldHi] = before.int;
  const pad = spanPad(numbers, MIN_PAD_INT);
  return {
    int: [
      Math.max(oldLo, Math.floor(Math.min(...numbers) - pad)),
      Math.min(oldHi, Math.ceil(Math.max(...numbers) + pad)),
    ],
  };
}

/** For each searched param (in key order), its range before and after narrowing to `top`. */
export function narrowRanges(
  params: Record<string, Distribution>,
  top: readonly TrialRecord[],
  margin = 0.1,
): NarrowedRange[] {
  return Object.entries(params).map(([path, before]) => {
    const values = top.map((t) => t.params[path]).filter((v) => v !== undefined);
    return { path, before, after: narrowOne(before, values, margin) };
  });
}
