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
  sse: number;
}

const mean = (ys: number[]) => ys.reduce((s, y) => s + y, 0) / ys.length;

function sumSquaredError(y: readonly number[], rows: readonly number[]): number {
  const m = mean(rows.map((r) => y[r]));
  return rows.reduce((s, r) => s + (y[r] - m) ** 2, 0);
}

/** The split of `rows` with the lowest SSE, scanning every feature's sorted values once. */
function bestSplit(x: readonly number[][], y: readonly number[], rows: readonly number[], minLeaf: number): Split | null {
  let best: Split | null = null;
  const n = rows.length;
  for (let f = 0; f < x[0].length; f++) {
    const sorted = [...rows].sort((a, b) => x[a][f] - x[b][f]);
    let leftSum = 0;
    let leftSq = 0;
    const totalSum = sorted.reduce((s, r) => s + y[r], 0);
    const totalSq = sorted.reduce((s, r) => s + y[r] * y[r], 0);
    for (let k = 1; k < n; k++) {
      const yPrev = y[sorted[k - 1]];
      leftSum += yPrev;
      leftSq += yPrev * yPrev;
      const lo = x[sorted[k - 1]][f];
      const hi = x[sorted[k]][f];
      if (k < minLeaf || n - k < minLeaf || lo === hi) continue;
      // SSE = Σy² − (Σy)²/n on each side
      const sse = leftSq - (leftSum * leftSum) / k + (totalSq - leftSq) - ((totalSum - leftSum) ** 2) / (n - k);
      if (!best || sse < best.sse) best = { feature: f, threshold: (lo + hi) / 2, sse };
    }
  }
  return best;
}

export function growTree(
  x: readonly number[][],
  y: readonly number[],
  rows: readonly number[],
  options: TreeOptions,
  depth = 0,
): TreeNode {
  const leaf = { value: mean(rows.map((r) => y[r])) };
  if (depth >= options.maxDepth || rows.length < 2 * options.minLeaf) return leaf;
  const split = bestSplit(x, y, rows, options.minLeaf);
  if (!split || split.sse >= sumSquaredError(y, rows) - 1e-12) return leaf;
  const left = rows.filter((r) => x[r][split.feature] <= split.threshold);
  const right = rows.filter((r) => x[r][split.feature] > split.threshold);
  return {
    feature: split.feature,
    threshold: split.threshold,
    left: growTree(x, y, left, options, depth + 1),
    right: growTree(x, y, right, options, depth + 1),
  };
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
