// The ranking of §6.5: by the final val acc, best first (the book ranks by the final value, not
// the best one). At equal accuracy a completed trial beats a pruned one, which beats the rest;
// then the earlier trial comes first. Trials without a val acc come last.
import type { TrialRecord, TrialStatus } from '../runs/events';
import { lastValAcc } from './objective';

const STATUS_RANK: Record<TrialStatus, number> = {
  completed: 0,
  pruned: 1,
  running: 2,
  diverged: 2,
  failed: 2,
  cancelled: 2,
};

function compareTrials(a: TrialRecord, b: TrialRecord): number {
  const va = lastValAcc(a) ?? -Infinity;
  const vb = lastValAcc(b) ?? -Infinity;
  const byValue = va === vb ? 0 : vb - va; // (−∞ − −∞ would be NaN)
  return byValue || STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.trial - b.trial;
}

/** A new array, best first; the input is left as it is. */
export function rankTrials(trials: readonly TrialRecord[]): TrialRecord[] {
  return [...trials].sort(compareTrials);
}
