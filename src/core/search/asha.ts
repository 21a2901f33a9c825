// Asynchronous successive halving (Li et al. 2018; Optuna's SuccessiveHalvingPruner): rungs at
// r, rη, rη², … epochs. A trial reaching a rung continues only if its value there (`metric`: val
// acc, or train acc of the same epoch) is among the top 1/η of every trial that has reached that
// rung so far, itself included; otherwise it stops at that rung. With n such trials the bar is the
// ⌊n/η⌋-th best value (the best one while n < η, since an asynchronous search cannot wait for
// more). Ties: a trial equal to the bar is promoted, so ties never stop a trial that a
// better-ordered history would have kept.
//
// bootstrapTrials (Optuna's bootstrap_count): the first b trials at a rung stop there. Without it
// the first trial is alone at every rung and so always trains every epoch, and the next η − 1
// only have to beat it — on the book's space, 50-epoch runs of trials that never learn.
import type { AshaSpec } from '../spec/types';
import type { Pruner } from './types';
import { pointAt } from './objective';

/** Whether a 1-based epoch is one of the rungs r·η^k (rounded to whole epochs). */
export function isRung(epoch: number, minEpochs: number, reductionFactor: number): boolean {
  for (let k = 0; ; k++) {
    const rung = Math.round(minEpochs * reductionFactor ** k);
    if (rung === epoch) return true;
    if (rung > epoch || rung < 1 || reductionFactor <= 1) return false;
  }
}

/** NaN values compare as the worst. */
const orWorst = (v: number) => (Number.isFinite(v) ? v : -Infinity);

export function createAshaPruner({ minEpochs, reductionFactor, metric, bootstrapTrials }: AshaSpec): Pruner {
  return {
    shouldPrune(trial, trials) {
      const last = trial.curve.at(-1);
      if (!last || !isRung(last.epoch, minEpochs, reductionFactor)) return false;
      const own = orWorst(last[metric]);
      const others = trials.filter((t) => t.trial !== trial.trial).map((t) => pointAt(t, last.epoch));
      const rungValues = [own, ...others.filter((p) => p !== undefined).map((p) => orWorst(p[metric]))];
      if (own === -Infinity || rungValues.length <= bootstrapTrials) return true;
      rungValues.sort((a, b) => b - a);
      const barIndex = Math.max(0, Math.floor(rungValues.length / reductionFactor) - 1);
      return own < rungValues[barIndex];
    },
  };
}
