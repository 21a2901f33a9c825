// Small synthetic data and specs for the training tests, and a backend wrapper that counts calls.
import type { Backend } from '../../../src/core/train/backend';
import type { Dataset } from '../../../src/core/data/dataset';
import type { ModelSpec, TrainingSpec, TrialConfig } from '../../../src/core/spec/types';
import { Rng } from '../../../src/core/random';

export { noiseDataset } from '../../../src/core/data/dataset';

export function trainingSpec(overrides: Partial<TrainingSpec> = {}): TrainingSpec {
  return {
    epochs: 5,
    batchSize: 20,
    optimizer: 'sgd',
    lr: 0.01,
    weightDecay: 0,
    momentum: 0.9,
    decayRate: 0.99,
    beta1: 0.9,
    beta2: 0.999,
    ...overrides,
  };
}

export function modelSpec(overrides: Partial<ModelSpec> = {}): ModelSpec {
  return { hiddenSizes: [16, 16], activation: 'relu', weightInit: 'he', batchNorm: false, dropout: 0, ...overrides };
}

export function trialConfig(model: Partial<ModelSpec> = {}, training: Partial<TrainingSpec> = {}): TrialConfig {
  return {
    data: { source: 'mnist', trainSize: 0, validationRate: 0.2, seed: 1 },
    model: modelSpec(model),
    training: trainingSpec(training),
  };
}

/** A learnable problem: each class is a noisy copy of its own random prototype. */
export function prototypeDataset(nTrain: number, nVal: number, inputSize: number, classes: number, seed = 1): Dataset {
  const rng = new Rng(seed);
  const prototypes = Array.from({ length: classes }, () => Float32Array.from({ length: inputSize }, () => rng.next()));
  const make = (n: number) => {
    const x = new Float32Array(n * inputSize);
    const t = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      t[r] = rng.int(classes);
      for (let j = 0; j < inputSize; j++) x[r * inputSize + j] = Math.min(1, Math.max(0, prototypes[t[r]][j] + rng.uniform(-0.3, 0.3)));
    }
    return { x, t };
  };
  const train = make(nTrain);
  const val = make(nVal);
  return { xTrain: train.x, tTrain: train.t, xVal: val.x, tVal: val.t, inputSize, classes };
}

/** Wraps a backend, counting the calls of each method and keeping what each call returned. */
export function countingBackend<B extends Backend>(inner: B): { backend: B; calls: Map<string, number>; results: Map<string, unknown[]> } {
  const calls = new Map<string, number>();
  const results = new Map<string, unknown[]>();
  const backend = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const name = String(key);
        calls.set(name, (calls.get(name) ?? 0) + 1);
        const result = value.apply(target, args);
        if (result !== undefined) results.set(name, [...(results.get(name) ?? []), result]);
        return result;
      };
    },
  });
  return { backend, calls, results };
}
