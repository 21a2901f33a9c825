// The book's words for the searched parameters and its figure titles: §6.5's code prints
//   "Best-1(val acc:0.83) | lr:0.0094, weight decay:2.8e-06"
// for each of the best trials; the report's Best-20 cells carry the same text.
import type { ParamValue } from '../core/spec/types';

const BOOK_NAMES: Record<string, string> = { 'training.lr': 'lr', 'training.weightDecay': 'weight decay' };

/** "lr", "weight decay", or the path's last part ("hiddenSizes" for model.hiddenSizes). */
export function paramLabel(path: string): string {
  return BOOK_NAMES[path] ?? path.split('.').at(-1) ?? path;
}

/** A value as Python prints it closely enough to compare: 2 significant digits, exponent below 1e-3. */
export function valueText(v: ParamValue | undefined): string {
  if (typeof v === 'number') return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(2)));
  if (Array.isArray(v)) return `[${v.join(', ')}]`;
  return String(v);
}

/** The searched paths in the book's order ("lr:…, weight decay:…"), the others after them. */
export function bookOrder(paths: readonly string[]): string[] {
  const known = Object.keys(BOOK_NAMES);
  const rank = (p: string) => (known.includes(p) ? known.indexOf(p) : known.length);
  return [...paths].sort((a, b) => rank(a) - rank(b));
}

/** The two lines of the Best-k cell's title. */
export function bestTitle(rank: number, valAcc: number, params: Record<string, ParamValue>, searched: readonly string[]): [string, string] {
  const key = bookOrder(searched).map((path) => `${paramLabel(path)}:${valueText(params[path])}`).join(', ');
  return [`Best-${rank} (val acc:${valAcc.toFixed(2)})`, key];
}
