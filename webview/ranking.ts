// Which trials the panel ranks: the finished ones with a final val acc (a running trial has no
// final value yet), in the core's order (src/core/search/ranking.ts, the book's §6.5 rule).
import type { TrialRecord } from '../src/core/runs/events';
import { rankTrials } from '../src/core/search/ranking';

export type FinishedTrial = TrialRecord & { valAcc: number };

export function isFinished(t: TrialRecord): t is FinishedTrial {
  return t.status !== 'running' && typeof t.valAcc === 'number' && Number.isFinite(t.valAcc);
}

/** The best `n` finished trials, best first. */
export function bestTrials(trials: Iterable<TrialRecord>, n: number): FinishedTrial[] {
  return (rankTrials([...trials].filter(isFinished)) as FinishedTrial[]).slice(0, n);
}
