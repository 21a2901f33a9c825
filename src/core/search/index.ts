// The search strategies: samplers, pruners, ranking, range narrowing and param importance.
export type { Sampler, Pruner } from './types';
export { createSampler } from './samplers';
export { createRandomSampler, randomParams } from './random';
export { createGridSampler } from './grid';
export { createTpeSampler, splitTrials } from './tpe';
export { createPruner } from './pruners';
export { createMedianPruner, median } from './median';
export { createAshaPruner, isRung } from './asha';
export { rankTrials } from './ranking';
export { narrowRanges, roundOutward, type NarrowedRange } from './narrow';
export { paramImportance } from './importance';
export { runFindings, type RunFindings, type ParamRange, type FindingsLocale } from './findings';
export { lastValAcc, valAccAt } from './objective';
export { drawParam } from './distributions';
