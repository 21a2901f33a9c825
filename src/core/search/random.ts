// Random search (§6.5): every trial's params come from its own generator, derived from the
// search seed and the trial number, so no trial depends on which others were asked for first.
import { Rng, deriveSeed } from '../random';
import type { Params, SearchSpec } from '../spec/types';
import type { Sampler } from './types';
import { drawParam } from './distributions';

/** Trial `trial`'s random params, drawn in the key order of `search.params` (the book draws weight decay before lr). */
export function randomParams(spec: SearchSpec, trial: number): Params {
  const rng = new Rng(deriveSeed(spec.search.seed, trial, 'params'));
  const params: Params = {};
  for (const [path, dist] of Object.entries(spec.search.params)) params[path] = drawParam(dist, rng);
  return params;
}

export function createRandomSampler(spec: SearchSpec): Sampler {
  return { sample: (trial) => randomParams(spec, trial) };
}
