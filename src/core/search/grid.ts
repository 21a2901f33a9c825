// Grid search: the cartesian product of the value lists, in the key order of `search.params`,
// the last key varying fastest (as nested for-loops written in that order would).
import type { Distribution, ParamValue, SearchSpec } from '../spec/types';
import type { Sampler } from './types';
import { choicesOf } from './distributions';

/** The values a grid walks for one param: its values/choice list (the spec check refuses ranges). */
function gridValues(path: string, dist: Distribution): ParamValue[] {
  const list = choicesOf(dist);
  if (list) return list;
  throw new Error(`grid search needs a list of values for "${path}" ({"values": [...]}), not a range`);
}

function gridAxes(spec: SearchSpec): [string, ParamValue[]][] {
  return Object.entries(spec.search.params).map(([path, dist]) => [path, gridValues(path, dist)]);
}

export function createGridSampler(spec: SearchSpec): Sampler {
  const axes = gridAxes(spec);
  // how many combinations the grid has (1 when nothing is searched)
  const size = axes.reduce((n, [, values]) => n * values.length, 1);
  return {
    size,
    sample(trial) {
      if (!Number.isInteger(trial) || trial < 0 || trial >= size) {
        throw new RangeError(`grid trial ${trial} is outside the grid's ${size} combinations`);
      }
      const params: Record<string, ParamValue> = {};
      let rest = trial;
      for (let k = axes.length - 1; k >= 0; k--) {
        const [path, values] = axes[k];
        params[path] = values[rest % values.length];
        rest = Math.floor(rest / values.length);
      }
      // mixed-radix digits come out last key first: rebuild in key order
      return Object.fromEntries(axes.map(([path]) => [path, params[path]]));
    },
  };
}
