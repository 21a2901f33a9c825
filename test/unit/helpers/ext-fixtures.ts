// Small runs and trials for the extension's logic tests.
import type { SearchSpec } from '../../../src/core/spec/types';
import type { TrialRecord, TrialStatus } from '../../../src/core/runs/events';
import type { RunInfo } from '../../../src/core/runs/store';
import { stateOf } from '../../../src/core/runs/state';

export function bookSpec(): SearchSpec {
  return {
    name: 'book-6.5',
    data: { source: 'mnist', trainSize: 500, validationRate: 0.2, seed: 1 },
    model: { hiddenSizes: [100, 100, 100, 100, 100, 100], activation: 'relu', weightInit: 'he', batchNorm: false, dropout: 0 },
    training: { epochs: 50, batchSize: 100, optimizer: 'sgd', lr: 0.01, weightDecay: 0, momentum: 0.9, decayRate: 0.99, beta1: 0.9, beta2: 0.999 },
    search: {
      method: 'random', trials: 100, seed: 1, objective: 'valAcc',
      params: { 'training.weightDecay': { log10: [-8, -4] }, 'training.lr': { log10: [-6, -2] } },
      prune: null,
      tpe: { startupTrials: 10, candidates: 24, gamma: 0.25 },
    },
    run: { workers: 'auto', backend: 'auto' },
  };
}

export function trial(n: number, valAcc: number | undefined, params: TrialRecord['params'], status: TrialStatus = 'completed'): TrialRecord {
  const curve = valAcc === undefined ? [] : [{ epoch: 1, trainAcc: valAcc + 0.05, valAcc, loss: 1 }];
  return {
    trial: n, seed: 1000 + n, params, backend: 'wasm', status, curve,
    valAcc, trainAcc: valAcc === undefined ? undefined : valAcc + 0.05, seconds: 2.5,
  };
}

/** A run holding these trials (its state built from them, as a reader's replay would). */
export function run(trials: TrialRecord[], over: Partial<RunInfo> = {}): RunInfo {
  return {
    dir: '/ws/.hparam-lab/runs/20261201-212640-book-6.5',
    name: 'book-6.5',
    spec: bookSpec(),
    meta: { specPath: '/ws/search.json', started: '2026-12-01T21:26:40.000Z', version: '0.1.0' },
    state: stateOf(trials),
    trials,
    status: 'completed',
    skippedLines: 0,
    ...over,
  };
}
