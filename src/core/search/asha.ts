// Asynchronous successive halving (Li et al. 2018; Optuna's SuccessiveHalvingPruner): rungs at
// r, rη, rη², … epochs. A trial reaching a rung continues only if its val acc there is among
// the top 1/η of every trial that has reached that rung so far, itself included; otherwise it
// stops at that rung. With n such trials the bar is the ⌊n/η⌋-th best value (the best one while
// n < η, since an asynchronous search cannot wait for more). Ties: a trial equal to the bar is
// promoted, so ties never stop a trial that a better-ordered history would have kept.
import type { Pruner } from './types';
import { valAccAt } from './objective';

/** Whether a 1-based epoch is one of the rungs r·η^k (rounded to whole epochs). */
export function isRung(epoch: number, minEpochs: number, reductionFactor: number): boolean {
  for (let k = 0; ; k++) {
    const rung = Math.round(minEpochs * reductionFactor ** k);
    if (rung === epoch) return true;
    if (rung > epoch || rung < 1 || reductionFactor <= 1) return false;
  }
}

/** NaN val accs compare as the worst. */
const orWorst = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : -Infinity);

export function createAshaPruner(minEpochs: number, reductionFactor: number): Pruner {
  return {
    shouldPrune(trial, trials) {
      const last = trial.curve.at(-1);
      if (!last || !isRung(last.epoch, minEpochs, reductionFactor)) return false;
      const others = trials.filter((t) => t.trial !== trial.trial && valAccAt(t, last.epoch) !== undefined);
      const rungValues = [orWorst(last.valAcc), ...others.map((t) => orWorst(valAccAt(t, last.epoch)))];
      rungValues.sort((a, b) => b - a);
      const barIndex = Math.max(0, Math.floor(rungValues.length / reductionFactor) - 1);
      return orWorst(last.valAcc) < rungValues[barIndex] || orWorst(last.valAcc) === -Infinity;
    },
  };
}
