// Small interfaces keep search strategies swappable (as Optuna's samplers and pruners do).
import type { Params } from '../spec/types';
import type { TrialRecord } from '../runs/events';

/** Proposes the params of one trial. `trials` holds every trial so far: finished ones with their
 * final valAcc, and ones still in flight (status "running"), which a model-based sampler must
 * treat as pending, not as results. */
export interface Sampler {
  sample(trial: number, trials: readonly TrialRecord[]): Params;
  /** How many different trials it can propose (a grid's points); undefined when there is no end. */
  readonly size?: number;
}

/** Decides after each epoch whether a trial should stop early. */
export interface Pruner {
  /** `trial` has just recorded `curve.at(-1)`; `trials` holds every trial of the run so far. */
  shouldPrune(trial: TrialRecord, trials: readonly TrialRecord[]): boolean;
}
