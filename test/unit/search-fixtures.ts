// Shared fixtures of the search tests: the book's §6.5 spec and hand-made trial records.
import type { EpochPoint, TrialRecord, TrialStatus } from '../../src/core/runs/events';
import type { Params, SearchSection, SearchSpec } from '../../src/core/spec/types';

export function bookSpec(search: Partial<SearchSection> = {}): SearchSpec {
  return {
    name: 'book-6.5',
    data: { source: 'mnist', trainSize: 500, validationRate: 0.2, seed: 1 },
    model: { hiddenSizes: [100, 100, 100, 100, 100, 100], activation: 'relu', weightInit: 'he', batchNorm: false, dropout: 0 },
    training: {
      epochs: 50, batchSize: 100, optimizer: 'sgd', lr: 0.01, weightDecay: 0,
      momentum: 0.9, decayRate: 0.99, beta1: 0.9, beta2: 0.999,
    },
    search: {
      method: 'random',
      trials: 100,
      seed: 1,
      objective: 'valAcc',
      params: { 'training.weightDecay': { log10: [-8, -4] }, 'training.lr': { log10: [-6, -2] } },
      prune: null,
      tpe: { startupTrials: 10, candidates: 24, gamma: 0.25 },
      ...search,
    },
    run: { workers: 1, backend: 'js' },
  };
}

/** A trial whose val acc per epoch is `valAccs` (epochs 1, 2, …); the final val acc is the last one
 * unless the trial is still running. */
export function trialRecord(
  trial: number,
  params: Params,
  valAccs: number[],
  status: TrialStatus = 'completed',
): TrialRecord {
  const curve: EpochPoint[] = valAccs.map((valAcc, i) => ({ epoch: i + 1, trainAcc: valAcc, valAcc, loss: 1 }));
  const record: TrialRecord = { trial, seed: trial, params, backend: 'js', status, curve };
  if (status !== 'running' && valAccs.length > 0) record.valAcc = valAccs.at(-1);
  return record;
}
