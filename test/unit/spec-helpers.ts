// Shared by the spec tests: specs written with a ⟨ marking where the error must point.
import { parseSpec, type SpecOptions } from '../../src/core/spec';

export const MARK = '⟨';

/** The text without its marker, and the 1-based line:column the marker stood at. */
export function marked(source: string): { text: string; at: string } {
  const i = source.indexOf(MARK);
  if (i < 0 || source.indexOf(MARK, i + 1) >= 0) throw new Error(`exactly one ${MARK} expected in: ${source}`);
  const before = source.slice(0, i).split('\n');
  return { text: source.slice(0, i) + source.slice(i + 1), at: `${before.length}:${before.at(-1)!.length + 1}` };
}

export function parse(text: string, opts?: SpecOptions) {
  return parseSpec(text, 'test/search.json', opts);
}
