// Fixed scale domains for the scatter. A domain that follows the data changes the scale on every
// update, and Vega then encodes every point again; a fixed one leaves old points alone. The
// domain covers the values seen at mount (log axes widened to whole decades); a value outside it
// asks for a new mount, which is rare. Pure and unit-tested.
import type { PanelRun } from '../src/panel/contract';

export type Scale = PanelRun['params'][string];
export type Domain = [number, number] | string[];

/** 10^k as the decimal literal reads it (10 ** -4 is 0.00009999999999999999, below 1e-4). */
const decade = (k: number): number => Number(`1e${k}`);

export function axisDomain(scale: Scale, values: readonly (number | string | null)[]): Domain | undefined {
  if (scale === 'band') {
    const labels = [...new Set(values.filter((v): v is number | string => v !== null).map(String))].sort();
    return labels.length > 0 ? labels : undefined;
  }
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && (scale !== 'log' || v > 0));
  if (numbers.length === 0) return undefined;
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  if (scale === 'log') {
    const decadeLo = Math.floor(Math.log10(lo));
    const decadeHi = Math.max(Math.ceil(Math.log10(hi)), decadeLo + 1);
    return [decade(decadeLo), decade(decadeHi)];
  }
  const pad = hi > lo ? (hi - lo) * 0.1 : Math.abs(lo) * 0.1 || 1;
  return [lo - pad, hi + pad];
}

/** Whether `value` can be drawn inside `domain` (no value: nothing to draw, so yes). */
export function covers(domain: Domain | undefined, value: number | string | null): boolean {
  if (value === null) return true;
  if (!domain) return false;
  if (typeof domain[0] === 'string') return (domain as string[]).includes(String(value));
  const [lo, hi] = domain as [number, number];
  return typeof value === 'number' && value >= lo && value <= hi;
}
