// Regression trees grown on bootstrap samples (a random forest, Breiman 2001), just enough to
// measure permutation importance. Splits minimise the summed squared error of the two halves.
import type { Rng } from '../random';

export type TreeNode = { value: number } | { feature: number; threshold: number; left: TreeNode; right: TreeNode };

export interface TreeOptions {
  maxDepth: number;
  minLeaf: number;
}

interface Split {
  feature: number;
  threshold: number;
}

/** The split with the lowest summed squared error (SSE = Σy² − (Σy)²/n on each side), scanning
 * each feature's rows in sorted order once; null when no split lowers the SSE. */
function bestSplit(x: readonly number[][], y: readonly number[], sortedRows: readonly number[][], minLeaf: number): Split | null {
  const rows = sortedRows[0];
  const n = rows.length;
  let totalSum = 0;
  let totalSq = 0;
  for (const r of rows) {
    totalSum += y[r];
    totalSq += y[r] * y[r];
  }
  let best: Split | null = null;
  let bestSse = totalSq - (totalSum * totalSum) / n - 1e-12; // a split must beat the parent
  sortedRows.forEach((sorted, f) => {
    let leftSum = 0;
    let leftSq = 0;
    for (let k = 1; k < n; k++) {
      const yPrev = y[sorted[k - 1]];
      leftSum += yPrev;
      leftSq += yPrev * yPrev;
      const lo = x[sorted[k - 1]][f];
      const hi = x[sorted[k]][f];
      if (k < minLeaf || n - k < minLeaf || lo === hi) continue;
      const sse = leftSq - (leftSum * leftSum) / k + (totalSq - leftSq) - (totalSum - leftSum) ** 2 / (n - k);
      if (sse < bestSse) {
        bestSse = sse;
        best = { feature: f, threshold: (lo + hi) / 2 };
      }
    }
  });
  return best;
}

/** `sortedRows[f]`: the node's rows sorted by feature f (sorted once at the root; splits keep the order). */
function growNode(
  x: readonly number[][],
  y: readonly number[],
  sortedRows: number[][],
  options: TreeOptions,
  depth: number,
): TreeNode {
  const rows = sortedRows[0];
  const split = depth < options.maxDepth && rows.length >= 2 * options.minLeaf ? bestSplit(x, y, sortedRows, options.minLeaf) : null;
  if (!split) return { value: rows.reduce((s, r) => s + y[r], 0) / rows.length };
  const { feature, threshold } = split;
  const goesLeft = (r: number) => x[r][feature] <= threshold;
  return {
    feature,
    threshold,
    left: growNode(x, y, sortedRows.map((sorted) => sorted.filter(goesLeft)), options, depth + 1),
    right: growNode(x, y, sortedRows.map((sorted) => sorted.filter((r) => !goesLeft(r))), options, depth + 1),
  };
}

/** A regression tree on `rows` (indices into x and y, repeats allowed: a bootstrap sample). */
export function growTree(x: readonly number[][], y: readonly number[], rows: readonly number[], options: TreeOptions): TreeNode {
  const sortedRows = x[0].map((_, f) => [...rows].sort((a, b) => x[a][f] - x[b][f]));
  return growNode(x, y, sortedRows, options, 0);
}

export function predict(node: TreeNode, row: readonly number[]): number {
  while (!('value' in node)) node = row[node.feature] <= node.threshold ? node.left : node.right;
  return node.value;
}

/** n row indices drawn with replacement, and the rows left out of the bag. */
export function bootstrap(n: number, rng: Rng): { inBag: number[]; outOfBag: number[] } {
  const inBag = Array.from({ length: n }, () => rng.int(n));
  const drawn = new Set(inBag);
  const outOfBag = Array.from({ length: n }, (_, i) => i).filter((i) => !drawn.has(i));
  return { inBag, outOfBag };
}
