// The training core's public surface: the trainer, the net, the reference backend, optimizers.
export { trainTrial, type TrialHooks, type TrialOutcome } from './trainer';
export { MultiLayerNet, weightScale, type NetShape, type NetRandomness } from './net';
export { JsBackend, type JsPrecision } from './backends/js';
export { createOptimizer, type Optimizer } from './optimizers';
export { evaluationIterations, trainingSchedule, type Schedule } from './schedule';
export type { Act, Backend, BatchNormBuffers, IntVec, Mat } from './backend';
