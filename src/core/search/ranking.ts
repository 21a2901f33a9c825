// The ranking of §6.5: by the final val acc, best first (the book ranks by the final value, not
// the best one). At equal accuracy a completed trial beats a pruned one, which beats the rest;
// then the earlier trial comes first. A trial that did not end with a result (diverged, failed,
// cancelled, running) ranks after every one that did, whatever it scored before it stopped: a
// diverged trial's last point is from before its loss blew up. Trials without a val acc come last.
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

/** 0: ended with a result (completed, pruned), 1: a value without a result, 2: no value. */
function standing(t: TrialRecord, value: number | undefined): number {
  if (value === undefined) return 2;
  return t.status === 'completed' || t.status === 'pruned' ? 0 : 1;
}

/** Negative when `a` ranks above `b`. */
export function compareTrials(a: TrialRecord, b: TrialRecord): number {
  const va = lastValAcc(a);
  const vb = lastValAcc(b);
  const byStanding = standing(a, va) - standing(b, vb);
  const byValue = va === vb || va === undefined || vb === undefined ? 0 : vb - va;
  return byStanding || byValue || STATUS_RANK[a.status] - STATUS_RANK[b.status] || a.trial - b.trial;
}

/** A new array, best first; the input is left as it is. */
export function rankTrials(trials: readonly TrialRecord[]): TrialRecord[] {
  return [...trials].sort(compareTrials);
}
