import type { ParamValue } from './spec/types';

/** A searched value in the book's notation: 0.0094 → "9.4e-3"; integers and choices as they are. */
export function formatParamValue(v: ParamValue): string {
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e6 ? String(v) : v.toExponential(1);
  return Array.isArray(v) ? `[${v.join(',')}]` : String(v);
}
