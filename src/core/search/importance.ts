// Which searched param explains the final val acc: out-of-bag permutation importance of a
// random forest (Breiman 2001). Each tree is grown on a bootstrap sample of the trials; on the
// trials it never saw, shuffling one param's column raises the squared error by how much the
// tree relied on that param. The rises, averaged over trees, floored at 0 and normalised, are
// the shares. A param the objective ignores (the book's weight decay) gets ≈ 0: a tree that
// split on it fitted noise, which does not carry over to unseen trials.
// Encoding: log10 params in exponent space, uniform/int as they are, choices as category ids.
// Seeded with a fixed seed and read in trial order, so the same trials give the same shares.
import { Rng, deriveSeed } from '../random';
import type { Distribution, ParamValue } from '../spec/types';
import type { TrialRecord } from '../runs/events';
import { isFinished } from '../runs/state';
import { choiceIndex, choicesOf } from './distributions';
import { lastValAcc } from './objective';
import { bootstrap, growTree, predict } from './forest';

const TREES = 32;
const TREE_OPTIONS = { maxDepth: 6, minLeaf: 2 };
const SEED = deriveSeed(0, 'importance');
/** The most trials the forest is grown on: past it, an even stride through them in trial order.
 * The shares of a few params settle long before; 10,000 trials would take the panel's opening 0.7 s. */
export const IMPORTANCE_MAX_TRIALS = 2000;

function encode(dist: Distribution, value: ParamValue | undefined): number {
  const list = choicesOf(dist);
  if (list) {
    const i = choiceIndex(list, value);
    return i >= 0 ? i : NaN;
  }
  if (typeof value !== 'number') return NaN;
  return 'log10' in dist ? Math.log10(value) : value;
}

function meanSquaredError(predictions: number[], y: number[]): number {
  return predictions.reduce((s, p, i) => s + (p - y[i]) ** 2, 0) / y.length;
}

/** Each searched param's share of the explained variance of the final val acc; {} below 2 usable trials. */
export function paramImportance(
  trials: readonly TrialRecord[],
  params: Record<string, Distribution>,
): Record<string, number> {
  const paths = Object.keys(params);
  let usable = trials
    .filter((t) => isFinished(t.status))
    .map((t) => ({ trial: t.trial, y: lastValAcc(t), x: paths.map((p) => encode(params[p], t.params[p])) }))
    .filter((r): r is { trial: number; y: number; x: number[] } => r.y !== undefined && r.x.every(Number.isFinite))
    .sort((a, b) => a.trial - b.trial);
  if (paths.length === 0 || usable.length < 2) return {};
  const stride = Math.ceil(usable.length / IMPORTANCE_MAX_TRIALS);
  if (stride > 1) usable = usable.filter((_, i) => i % stride === 0);
  const x = usable.map((r) => r.x);
  const y = usable.map((r) => r.y);

  const rng = new Rng(SEED);
  const rise = new Array<number>(paths.length).fill(0);
  for (let t = 0; t < TREES; t++) {
    const { inBag, outOfBag } = bootstrap(y.length, rng);
    if (outOfBag.length < 2) continue;
    const tree = growTree(x, y, inBag, TREE_OPTIONS);
    const yOut = outOfBag.map((r) => y[r]);
    const baseline = meanSquaredError(outOfBag.map((r) => predict(tree, x[r])), yOut);
    for (let f = 0; f < paths.length; f++) {
      const shuffled = rng.permutation(outOfBag.length);
      const predictions = outOfBag.map((r, i) => {
        const row = [...x[r]];
        row[f] = x[outOfBag[shuffled[i]]][f];
        return predict(tree, row);
      });
      rise[f] += meanSquaredError(predictions, yOut) - baseline;
    }
  }
  const floored = rise.map((r) => Math.max(0, r));
  const total = floored.reduce((s, r) => s + r, 0);
  // nothing explains anything (e.g. a constant objective): no param is singled out
  const shares = total > 0 ? floored.map((r) => r / total) : paths.map(() => 1 / paths.length);
  return Object.fromEntries(paths.map((p, i) => [p, shares[i]]));
}
