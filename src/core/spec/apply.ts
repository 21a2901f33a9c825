// One trial's configuration: the spec's data/model/training with the trial's params in place.
import { searchablePath } from './paths';
import type { Params, SearchSpec, TrialConfig } from './types';

/** The trial's data/model/training with each dotted path of `params` replaced. `spec` is never
 * changed; an unknown path is a bug in the caller (params come from a sampler of this spec). */
export function applyParams(spec: SearchSpec, params: Params): TrialConfig {
  const config: TrialConfig = structuredClone({ data: spec.data, model: spec.model, training: spec.training });
  for (const [path, value] of Object.entries(params)) {
    const target = searchablePath(path);
    if (!target) throw new Error(`applyParams: ${JSON.stringify(path)} is not a searchable path`);
    (config[target.section] as unknown as Record<string, unknown>)[target.field] = structuredClone(value);
  }
  return config;
}
