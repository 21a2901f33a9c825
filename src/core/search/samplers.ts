// The sampler a spec asks for.
import type { SearchSpec } from '../spec/types';
import type { Sampler } from './types';
import { createRandomSampler } from './random';
import { createGridSampler } from './grid';
import { createTpeSampler } from './tpe';

export function createSampler(spec: SearchSpec): Sampler {
  switch (spec.search.method) {
    case 'random':
      return createRandomSampler(spec);
    case 'grid':
      return createGridSampler(spec);
    case 'tpe':
      return createTpeSampler(spec);
  }
}
