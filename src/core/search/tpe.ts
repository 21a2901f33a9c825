// Tree-structured Parzen Estimator (Bergstra et al. 2011), univariate, Optuna's defaults as a guide.
// The first `startupTrials` results come from the random sampler (the same draws a random search
// makes for those trials). After that, the results are split by the objective: the best `gamma`
// fraction feeds l(x), the rest g(x); for each param, `candidates` draws from l(x), keep the one
// with the largest l(x)/g(x).
//
// Parallel workers — "constant liar": a trial still running (pending) is put among the worst
// (into g), so the next proposal steers away from points already being tried instead of
// duplicating them. Pending trials are never counted as results (not for the start-up phase,
// not for gamma). Pruned trials score their last recorded val acc; diverged and failed ones
// score worst; cancelled ones are ignored (they will be run again on resume).
//
// Reproducible: the draws come from deriveSeed(seed, trial, 'tpe') and the history is read in
// trial order, so the same history always gives the same proposal.
import { Rng, deriveSeed } from '../random';
import type { Distribution, ParamValue, Params, SearchSpec } from '../spec/types';
import type { TrialRecord } from '../runs/events';
import type { Sampler } from './types';
import { choiceIndex, choicesOf, numericRange } from './distributions';
import { lastValAcc } from './objective';
import { randomParams } from './random';
import { drawNumeric, fitCategorical, fitNumeric, logDensity, logMass, pickIndex } from './parzen';

interface Split {
  below: TrialRecord[];
  above: TrialRecord[];
  results: number;
}

function score(record: TrialRecord): number {
  if (record.status === 'completed' || record.status === 'pruned') return lastValAcc(record) ?? -Infinity;
  return -Infinity; // diverged, failed, and pending trials (the constant liar)
}

/** The best ⌈gamma · results⌉ results (at least one) go below; everything else, pending included, above. */
export function splitTrials(trials: readonly TrialRecord[], gamma: number): Split {
  const considered = trials.filter((t) => t.status !== 'cancelled');
  const results = considered.filter((t) => t.status !== 'running').length;
  const byScore = (a: TrialRecord, b: TrialRecord) => (score(a) === score(b) ? 0 : score(b) - score(a));
  const ranked = [...considered].sort((a, b) => byScore(a, b) || a.trial - b.trial);
  const scored = ranked.filter((t) => score(t) > -Infinity).length;
  const nBelow = Math.min(Math.max(1, Math.ceil(gamma * results)), scored);
  const byTrial = (a: TrialRecord, b: TrialRecord) => a.trial - b.trial;
  return { below: ranked.slice(0, nBelow).sort(byTrial), above: ranked.slice(nBelow).sort(byTrial), results };
}

/** The best of `candidates` draws from l(x) by log l(x) − log g(x), for one param. */
function proposeParam(
  path: string,
  dist: Distribution,
  { below, above }: Split,
  candidates: number,
  rng: Rng,
): ParamValue {
  const list = choicesOf(dist);
  if (list) {
    const indices = (group: TrialRecord[]) => group.map((t) => choiceIndex(list, t.params[path])).filter((i) => i >= 0);
    const l = fitCategorical(indices(below), list.length);
    const g = fitCategorical(indices(above), list.length);
    return list[argmaxOver(candidates, () => pickIndex(l, rng), (i) => Math.log(l[i]) - Math.log(g[i]))];
  }
  // numeric: log10 in exponent space; int on [lo − ½, hi + ½], scored by the mass of its rounded value
  const { scale, lo, hi } = numericRange(dist)!;
  const [low, high] = scale === 'int' ? [lo - 0.5, hi + 0.5] : [lo, hi];
  const internal = (group: TrialRecord[]) =>
    group
      .map((t) => t.params[path])
      .filter((v): v is number => typeof v === 'number')
      .map((v) => (scale === 'log10' ? Math.log10(v) : v))
      .filter(Number.isFinite);
  const l = fitNumeric(internal(below), low, high);
  const g = fitNumeric(internal(above), low, high);
  if (scale === 'int') {
    const draw = () => Math.min(hi, Math.max(lo, Math.round(drawNumeric(l, rng))));
    return argmaxOver(candidates, draw, (k) => logMass(l, k - 0.5, k + 0.5) - logMass(g, k - 0.5, k + 0.5));
  }
  const best = argmaxOver(candidates, () => drawNumeric(l, rng), (x) => logDensity(l, x) - logDensity(g, x));
  return scale === 'log10' ? 10 ** best : best;
}

/** The first of `n` draws with the highest score (a NaN score never wins). */
function argmaxOver<T>(n: number, draw: () => T, scoreOf: (x: T) => number): T {
  let best = draw();
  let bestScore = scoreOf(best);
  for (let k = 1; k < n; k++) {
    const x = draw();
    const s = scoreOf(x);
    if (s > bestScore || Number.isNaN(bestScore)) [best, bestScore] = [x, s];
  }
  return best;
}

export function createTpeSampler(spec: SearchSpec): Sampler {
  const { seed, params, tpe } = spec.search;
  return {
    sample(trial, trials): Params {
      const history = trials.filter((t) => t.trial !== trial);
      const split = splitTrials(history, tpe.gamma);
      if (split.results < tpe.startupTrials) return randomParams(spec, trial);
      const rng = new Rng(deriveSeed(seed, trial, 'tpe'));
      const proposal: Params = {};
      for (const [path, dist] of Object.entries(params)) {
        proposal[path] = proposeParam(path, dist, split, tpe.candidates, rng);
      }
      return proposal;
    },
  };
}
