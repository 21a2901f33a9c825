// Median stopping (Optuna's MedianPruner): after each epoch e ≥ warmupEpochs, stop a trial whose
// val acc at e is strictly below the median of the val accs at e of the completed trials — once
// at least minTrials completed trials reached e. (Optuna compares the trial's best value so
// far; here it is the value at e, as the book ranks by the latest value, not the best.)
import type { Pruner } from './types';
import { valAccAt } from './objective';

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function createMedianPruner(warmupEpochs: number, minTrials: number): Pruner {
  return {
    shouldPrune(trial, trials) {
      const last = trial.curve.at(-1);
      if (!last || last.epoch < warmupEpochs) return false;
      const peers = trials
        .filter((t) => t.status === 'completed' && t.trial !== trial.trial)
        .map((t) => valAccAt(t, last.epoch))
        .filter((v): v is number => v !== undefined && Number.isFinite(v));
      if (peers.length === 0 || peers.length < minTrials) return false;
      return !(last.valAcc >= median(peers)); // a NaN val acc is stopped too, as Optuna does
    },
  };
}
