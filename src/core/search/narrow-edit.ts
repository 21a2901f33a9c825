// Narrowing a search.json's ranges as text edits: each changed bound is replaced where it stands,
// so comments, formatting and everything else in the file survive (jsonc-parser's modify). The
// extension applies them as one undoable edit, `hparam-lab narrow --write` to the file.
import { findNodeAtLocation, modify, parseTree, type Edit, type FormattingOptions } from 'jsonc-parser';
import type { Distribution } from '../spec/types';
import type { NarrowedRange } from './narrow';

export interface NarrowEdits {
  edits: Edit[];
  /** Changed params that the file no longer searches (left untouched). */
  missing: string[];
}

const RANGE_KINDS = ['log10', 'uniform', 'int'] as const;
type RangeKind = (typeof RANGE_KINDS)[number];

function rangeKind(d: Distribution): RangeKind | undefined {
  return RANGE_KINDS.find((k) => k in d);
}

const bounds = (d: Distribution, kind: RangeKind) => (d as Record<RangeKind, [number, number]>)[kind];

/** The edits that turn each `before` into `after` inside `text` (offsets into the original text,
 * non-overlapping). Where both are ranges of the same kind, only the numbers that changed are
 * replaced; otherwise the param's whole value is. With `narrowedFrom` (the source run's folder
 * name), search.narrowedFrom is set too, so that the next run knows it is the next round. */
export function narrowEdits(text: string, changes: readonly NarrowedRange[], formatting: FormattingOptions, narrowedFrom?: string): NarrowEdits {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const edits: Edit[] = [];
  const missing: string[] = [];
  const options = { formattingOptions: formatting };
  for (const change of changes) {
    const paramPath = ['search', 'params', change.path];
    if (!root || !findNodeAtLocation(root, paramPath)) {
      missing.push(change.path);
      continue;
    }
    const kind = rangeKind(change.before);
    const node = kind && findNodeAtLocation(root, [...paramPath, kind]);
    if (kind && kind === rangeKind(change.after) && node?.type === 'array' && node.children?.length === 2) {
      const [lo, hi] = bounds(change.after, kind);
      node.children.forEach((bound, i) => {
        const value = i === 0 ? lo : hi;
        if (bound.value !== value) edits.push(...modify(text, [...paramPath, kind, i], value, options));
      });
    } else {
      edits.push(...modify(text, paramPath, change.after, options));
    }
  }
  if (narrowedFrom !== undefined && root && findNodeAtLocation(root, ['search'])?.type === 'object') {
    edits.push(...modify(text, ['search', 'narrowedFrom'], narrowedFrom, options));
  }
  return { edits, missing };
}

/** "log10 [-6, -2] → [-3.1, -2]" for the preview. */
export function distributionText(d: Distribution): string {
  const [kind, value] = Object.entries(d)[0] ?? ['', undefined];
  return `${kind} ${JSON.stringify(value).replace(/,/g, ', ')}`;
}

/** The ranges that narrowing actually changes. */
export const changedRanges = (ranges: readonly NarrowedRange[]) =>
  ranges.filter((r) => JSON.stringify(r.before) !== JSON.stringify(r.after));
