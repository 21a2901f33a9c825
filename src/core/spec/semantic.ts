// Checks the schema cannot express: ranges in order, sizes that must fit the data and the
// machine, a grid made of lists, settings that would have no effect. Runs on a schema-valid spec.
import { warning, error, type Issue } from './issues';
import { searchablePath, type Segment } from './paths';
import { fieldSchema } from './schema';
import type { Distribution, ParamValue, SearchSpec } from './types';
import { percent, show, thousands } from './words';

export interface DataShape {
  /** Rows of the data set; checks against it are skipped when unknown. */
  dataRows?: number;
  /** Pixels per image (784 for MNIST) and classes (10), for the parameter count. */
  inputSize: number;
  classes: number;
}

/** The whole net, weights and biases (and Batch Norm's γ, β), stays below this so a trial fits in memory. */
export const MAX_PARAMETERS = 50_000_000;

/** `written(path)`: whether the text itself sets the path (rather than the schema's default). */
export type Written = (path: readonly Segment[]) => boolean;

const distributionOf = (d: Distribution): [string, unknown] => Object.entries(d)[0]!;
const paramAt = (path: string): Segment[] => ['search', 'params', path];

/** The values a numeric field can take in this search: its own, or the searched range's ends. */
interface Span {
  min: number;
  max: number;
  /** Where to point: the searched distribution, or the field itself. */
  at: Segment[];
  searched: boolean;
}

function spanOf(spec: SearchSpec, path: string, own: number): Span {
  const searched = spec.search.params[path];
  const [section, field] = path.split('.') as [string, string];
  if (!searched) return { min: own, max: own, at: [section, field], searched: false };
  const [name, value] = distributionOf(searched);
  const numbers = (name === 'log10' ? (value as number[]).map((x) => 10 ** x) : (value as ParamValue[])).filter((v): v is number => typeof v === 'number');
  return { min: Math.min(...numbers), max: Math.max(...numbers), at: [...paramAt(path), name], searched: true };
}

function checkRanges(spec: SearchSpec, issues: Issue[]): void {
  for (const [path, distribution] of Object.entries(spec.search.params)) {
    const [name, value] = distributionOf(distribution);
    const at = [...paramAt(path), name];
    if (name === 'log10' || name === 'uniform' || name === 'int') {
      const [lo, hi] = value as [number, number];
      if (lo > hi) issues.push(error(at, `lower bound ${lo} is above upper bound ${hi} — swap them`));
      else if (lo === hi) issues.push(warning(at, `both bounds are ${lo}, so every trial gets the same value — set it in "${path.split('.')[0]}" instead of searching it`));
      if (name === 'log10') checkLog10Range(path, [lo, hi], at, issues);
    } else {
      const seen = new Set<string>();
      (value as ParamValue[]).forEach((v, i) => {
        const key = JSON.stringify(v);
        if (seen.has(key)) issues.push(warning([...at, i], `${key} is listed twice — each trial of it costs the same as a new one`));
        seen.add(key);
      });
    }
  }
}

/** 10^lo and 10^hi must be values the field accepts (e.g. momentum below 1). */
function checkLog10Range(path: string, bounds: [number, number], at: Segment[], issues: Issue[]): void {
  const { section, field } = searchablePath(path)!;
  const rule = fieldSchema(section, field);
  bounds.forEach((exponent, i) => {
    const v = 10 ** exponent;
    const tooBig = (rule.maximum !== undefined && v > rule.maximum) || (rule.exclusiveMaximum !== undefined && v >= rule.exclusiveMaximum);
    if (tooBig) {
      const limit = rule.maximum !== undefined ? `at most ${rule.maximum}` : `less than ${rule.exclusiveMaximum}`;
      issues.push(error([...at, i], `10^${exponent} = ${v} is more than ${path} accepts (${limit}) — log10 bounds are exponents`));
    }
  });
}

function checkGrid(spec: SearchSpec, written: Written, issues: Issue[]): void {
  if (spec.search.method !== 'grid') return;
  let points = 1;
  for (const [path, distribution] of Object.entries(spec.search.params)) {
    const [name, value] = distributionOf(distribution);
    if (name === 'values' || name === 'choice') points *= (value as unknown[]).length;
    else issues.push(error([...paramAt(path), name], `grid search needs a list here — write {"values": [...]} instead of "${name}", or use method "random"`, { target: 'key' }));
  }
  if (Number.isFinite(points) && points > spec.search.trials) {
    const trials = written(['search', 'trials']) ? `trials is ${spec.search.trials}` : `trials is ${spec.search.trials} (the default)`;
    issues.push(warning(['search', 'trials'], `the grid has ${thousands(points)} points but ${trials}: only the first ${spec.search.trials} run — raise trials to ${points} to try them all`, { fallbacks: [['search', 'method']] }));
  }
}

function checkTpe(spec: SearchSpec, issues: Issue[]): void {
  const { method, trials, tpe } = spec.search;
  if (method === 'tpe' && tpe.startupTrials >= trials) {
    issues.push(warning(['search', 'tpe', 'startupTrials'], `all ${trials} trials are random start-up trials (startupTrials ${tpe.startupTrials}), so TPE never uses the results — lower startupTrials or raise trials`, { fallbacks: [['search', 'trials'], ['search', 'method']] }));
  }
}

function checkData(spec: SearchSpec, shape: DataShape, written: Written, issues: Issue[]): void {
  const trainSize = spanOf(spec, 'data.trainSize', spec.data.trainSize);
  const rate = spec.data.validationRate;
  if (shape.dataRows !== undefined && trainSize.max > shape.dataRows) {
    issues.push(error(trainSize.at, `${trainSize.max} is more than the ${shape.dataRows} rows of the data`));
    return;
  }
  const validationRows = Math.floor(trainSize.min * rate);
  if (validationRows < 1) {
    issues.push(error(['data', 'validationRate'], `int(${trainSize.min} × ${rate}) = 0 validation images — raise validationRate or trainSize`, { fallbacks: [trainSize.at] }));
    return;
  }
  const trainingRows = trainSize.min - validationRows;
  const batch = spanOf(spec, 'training.batchSize', spec.training.batchSize);
  if (batch.max > trainingRows) {
    const what = batch.searched ? `batch size ${batch.max} (searched)` : written(batch.at) ? `${batch.max}` : `${batch.max} (the default)`;
    issues.push(error(batch.at, `${what} is larger than the ${trainingRows} training rows (trainSize ${trainSize.min} minus ${percent(rate)} validation)`, { fallbacks: [trainSize.at] }));
  }
}

/** Weights and biases of 784 → hidden… → 10, plus γ and β of each Batch Norm layer. */
export function parameterCount(hiddenSizes: readonly number[], batchNorm: boolean, shape: DataShape): number {
  const widths = [shape.inputSize, ...hiddenSizes, shape.classes];
  let count = 0;
  for (let i = 1; i < widths.length; i++) count += widths[i - 1]! * widths[i]! + widths[i]!;
  return count + (batchNorm ? 2 * hiddenSizes.reduce((a, b) => a + b, 0) : 0);
}

/** 784 → 100×6 → 10 */
function architecture(hiddenSizes: readonly number[], shape: DataShape): string {
  const runs: string[] = [];
  for (let i = 0; i < hiddenSizes.length; ) {
    let j = i;
    while (j < hiddenSizes.length && hiddenSizes[j] === hiddenSizes[i]) j++;
    runs.push(j - i > 1 ? `${hiddenSizes[i]}×${j - i}` : `${hiddenSizes[i]}`);
    i = j;
  }
  return [shape.inputSize, ...runs, shape.classes].join(' → ');
}

/** The values a list-valued search gives a field, or the field's own value. */
function listed<T>(spec: SearchSpec, path: string, own: T): T[] {
  const searched = spec.search.params[path];
  return searched ? (distributionOf(searched)[1] as T[]) : [own];
}

function checkSize(spec: SearchSpec, shape: DataShape, issues: Issue[]): void {
  const batchNorm = listed(spec, 'model.batchNorm', spec.model.batchNorm).includes(true);
  const searched = spec.search.params['model.hiddenSizes'];
  listed(spec, 'model.hiddenSizes', spec.model.hiddenSizes).forEach((sizes, i) => {
    const count = parameterCount(sizes, batchNorm, shape);
    if (count <= MAX_PARAMETERS) return;
    const at = searched ? [...paramAt('model.hiddenSizes'), distributionOf(searched)[0], i] : ['model', 'hiddenSizes'];
    issues.push(error(at, `${architecture(sizes, shape)} has ${thousands(count)} parameters, more than the ${thousands(MAX_PARAMETERS)} allowed so that a trial fits in memory — use fewer or narrower layers`));
  });
}

/** Fields only some optimizers read: searching them under another optimizer changes nothing. */
const READ_BY: Record<string, string[]> = {
  'training.momentum': ['momentum', 'nesterov'],
  'training.decayRate': ['rmsprop'],
  'training.beta1': ['adam'],
  'training.beta2': ['adam'],
};

function checkUnused(spec: SearchSpec, issues: Issue[]): void {
  const optimizers = listed<string>(spec, 'training.optimizer', spec.training.optimizer);
  for (const path of Object.keys(spec.search.params)) {
    const readers = READ_BY[path];
    if (readers && !optimizers.some((o) => readers.includes(o))) {
      issues.push(warning(paramAt(path), `${path} has no effect with optimizer ${optimizers.map((o) => show(o)).join(', ')}: only ${readers.join(' and ')} ${readers.length > 1 ? 'use' : 'uses'} it`, { target: 'key' }));
    }
  }
}

function checkPrune(spec: SearchSpec, issues: Issue[]): void {
  const prune = spec.search.prune;
  if (!prune || spec.search.params['training.epochs']) return;
  const epochs = spec.training.epochs;
  const [field, first] = prune.method === 'median' ? ['warmupEpochs', prune.warmupEpochs] as const : ['minEpochs', prune.minEpochs] as const;
  if (first >= epochs) {
    issues.push(warning(['search', 'prune', field], `${field} ${first} is not less than training.epochs ${epochs}, so no trial is ever stopped early`, { fallbacks: [['search', 'prune']] }));
  }
}

export function semanticIssues(spec: SearchSpec, shape: DataShape, written: Written): Issue[] {
  const issues: Issue[] = [];
  checkRanges(spec, issues);
  checkGrid(spec, written, issues);
  checkTpe(spec, issues);
  checkData(spec, shape, written, issues);
  checkSize(spec, shape, issues);
  checkUnused(spec, issues);
  checkPrune(spec, issues);
  return issues;
}
