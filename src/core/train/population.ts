// A population: up to K trials of the same shape trained in lock-step, one iteration of each per
// tick. A trial that ends (completed, pruned, diverged, cancelled) leaves at once with its own
// outcome; the next trial from the source joins at the next tick, so a sampler keeps learning from
// finished trials and a pruner keeps stopping at rungs. Each slot owns a backend (reused through
// mark/release by the trials that pass through it), so trials never share a buffer.
import type { Dataset } from '../data/dataset';
import type { TrialConfig } from '../spec/types';
import type { SyncBackend } from './backend';
import { PopulationMember } from './population-member';
import type { TrialHooks, TrialOutcome } from './trainer';

export interface PopulationTrial {
  config: TrialConfig;
  seed: number;
  hooks: TrialHooks;
}

export interface PopulationSource {
  /** The next trial to join, or undefined when none is waiting now. Every trial must share the first one's shape. */
  next(): PopulationTrial | undefined | Promise<PopulationTrial | undefined>;
  /** Called when a trial has left, with its outcome (or the error that ended it). */
  ended(trial: PopulationTrial, outcome: TrialOutcome | { status: 'failed'; error: string }): void;
}

/**
 * What fixes a network's buffers: trials with equal keys can share a population; a searched
 * `model.hiddenSizes`, `training.batchSize` or `training.epochs` gives separate populations.
 */
export function populationKey(config: TrialConfig): string {
  const { model, training } = config;
  return JSON.stringify([model.hiddenSizes, model.activation, model.batchNorm, model.dropout > 0, training.batchSize, training.epochs]);
}

/** Runs trials from `source` until it has none left and every member has ended. */
export async function trainPopulation(
  size: number,
  data: Dataset,
  backends: SyncBackend[],
  source: PopulationSource,
): Promise<void> {
  if (backends.length < size) throw new Error(`a population of ${size} needs ${size} backends (got ${backends.length})`);
  const slots: ({ trial: PopulationTrial; member: PopulationMember; mark: number } | undefined)[] = new Array(size).fill(undefined);
  let key: string | undefined;
  let drained = false;
  const leave = (s: number, outcome: Parameters<PopulationSource['ended']>[1]) => {
    const slot = slots[s]!;
    backends[s].release(slot.mark);
    slots[s] = undefined;
    source.ended(slot.trial, outcome);
  };
  for (;;) {
    // Join: fill the free slots, in slot order, from the source.
    for (let s = 0; s < size && !drained; s++) {
      if (slots[s]) continue;
      const trial = await source.next();
      if (!trial) {
        drained = true;
        break;
      }
      const k = populationKey(trial.config);
      key ??= k;
      if (k !== key) throw new Error(`population: a trial of another shape joined (${k}, the population's is ${key}); shapes form separate populations`);
      const mark = backends[s].mark();
      try {
        slots[s] = { trial, member: new PopulationMember(trial.config, data, backends[s], trial.seed, trial.hooks), mark };
      } catch (e) {
        backends[s].release(mark);
        source.ended(trial, { status: 'failed', error: e instanceof Error ? e.message : String(e) });
        s--; // this slot is still free
      }
    }
    if (slots.every((slot) => !slot)) return;
    // One tick: one iteration of every member; those that end leave now.
    for (let s = 0; s < size; s++) {
      const slot = slots[s];
      if (!slot) continue;
      let outcome: TrialOutcome | undefined;
      try {
        outcome = await slot.member.step();
      } catch (e) {
        leave(s, { status: 'failed', error: e instanceof Error ? e.message : String(e) });
        continue;
      }
      if (outcome) leave(s, outcome);
    }
    drained = false; // a source may have new trials once others have ended (TPE, ASHA)
  }
}
