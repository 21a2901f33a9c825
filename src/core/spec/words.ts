// Small helpers that put values and names into plain words for messages.

/** A JSON value as a person would write it in the file, shortened. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

export function quoteList(names: readonly unknown[], conjunction = 'or'): string {
  const quoted = names.map((n) => JSON.stringify(n));
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} ${conjunction} ${quoted.at(-1)}`;
}

/** 50000000 → "50,000,000". */
export const thousands = (n: number): string => n.toLocaleString('en-US');

/** 0.2 → "20%". */
export const percent = (rate: number): string => `${Number((rate * 100).toPrecision(6))}%`;

/** Levenshtein distance: how many single-character edits turn a into b, ignoring case, "_" and "-"
 * (so batch_size matches batchSize). */
function editDistance(a: string, b: string): number {
  a = a.toLowerCase().replace(/[_-]/g, '');
  b = b.toLowerCase().replace(/[_-]/g, '');
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The known name closest to `name`, if it is close enough to be a typo (or `name` is its last part,
 * like "lr" for "training.lr"). */
export function nearest(name: string, known: readonly string[]): string | undefined {
  const bySuffix = known.filter((k) => k.toLowerCase().endsWith(`.${name.toLowerCase()}`));
  if (bySuffix.length === 1) return bySuffix[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** " — did you mean "x"?" or " — use one of …". */
export function suggestion(name: string, known: readonly string[]): string {
  const near = nearest(name, known);
  return near ? ` — did you mean ${JSON.stringify(near)}?` : ` — use one of ${quoteList(known)}`;
}
