// What the panel shows of a run (its params' scales, epochs, whether test accuracy is stored), read
// from the run folder. Shared by the extension host (the panel's `init`) and the report, which must
// not import the extension.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Distribution } from '../core/spec/types';
import type { RunInfo } from '../core/runs/store';
import { TEST_FILE } from '../core/runs/test-report';
import type { PanelRun } from './contract';

export function paramScale(d: Distribution): PanelRun['params'][string] {
  if ('log10' in d) return 'log';
  if ('uniform' in d || 'int' in d) return 'linear';
  return 'band';
}

export function panelRun(run: RunInfo): PanelRun {
  const params: PanelRun['params'] = {};
  for (const [path, d] of Object.entries(run.spec.search.params)) params[path] = paramScale(d);
  return {
    dir: run.dir,
    name: run.name,
    backend: run.trials.find((t) => t.backend)?.backend ?? run.spec.run.backend,
    epochs: run.spec.training.epochs,
    trialsTotal: run.spec.search.trials,
    params,
    ...(existsSync(join(run.dir, TEST_FILE)) ? { testSet: true } : {}),
  };
}
