// Which trials the panel ranks: the finished ones (src/core/runs/state.ts) with a final val acc,
// in the core's order (src/core/search/ranking.ts, the book's §6.5 rule).
import type { TrialRecord } from '../src/core/runs/events';
import { isFinished } from '../src/core/runs/state';
import { rankTrials } from '../src/core/search/ranking';

export type RankedTrial = TrialRecord & { valAcc: number };

/** Finished, with a final val acc to rank by. */
export const hasFinalValAcc = (t: TrialRecord): t is RankedTrial =>
  isFinished(t.status) && typeof t.valAcc === 'number' && Number.isFinite(t.valAcc);

/** The best `n` finished trials, best first. */
export function bestTrials(trials: Iterable<TrialRecord>, n: number): RankedTrial[] {
  return (rankTrials([...trials].filter(hasFinalValAcc)) as RankedTrial[]).slice(0, n);
}
