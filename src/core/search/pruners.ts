// The pruner a spec asks for; null when it asks for none.
import type { PruneSpec } from '../spec/types';
import type { Pruner } from './types';
import { createMedianPruner } from './median';
import { createAshaPruner } from './asha';

export function createPruner(prune: PruneSpec | null): Pruner | null {
  if (!prune) return null;
  switch (prune.method) {
    case 'median':
      return createMedianPruner(prune.warmupEpochs, prune.minTrials);
    case 'asha':
      return createAshaPruner(prune);
  }
}
