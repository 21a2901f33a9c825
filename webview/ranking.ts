// Which trials the panel ranks: the finished ones (src/core/runs/state.ts) with a final val acc,
// in the core's order (src/core/search/ranking.ts, the book's §6.5 rule).
import type { TrialRecord } from '../src/core/runs/events';
import { isFinished } from '../src/core/runs/state';
import { compareTrials, rankTrials } from '../src/core/search/ranking';

export type RankedTrial = TrialRecord & { valAcc: number };

/** Finished, with a final val acc to rank by. */
export const hasFinalValAcc = (t: TrialRecord): t is RankedTrial =>
  isFinished(t.status) && typeof t.valAcc === 'number' && Number.isFinite(t.valAcc);

/** The best `n` finished trials, best first. */
export function bestTrials(trials: Iterable<TrialRecord>, n: number): RankedTrial[] {
  return (rankTrials([...trials].filter(hasFinalValAcc)) as RankedTrial[]).slice(0, n);
}

/** Index of the first element of sorted `list` that `compare` puts after `item` (insert there). */
function upperBound<T>(list: readonly T[], item: T, compare: (a: T, b: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(list[mid]!, item) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The finished trials in bestTrials' order, kept sorted as trials change: a redraw at 10,000
 * trials cannot afford to sort them all again for the best 20. */
export class RankedTrials {
  private ranked: RankedTrial[] = [];
  private readonly listed = new Set<number>();

  /** Brings the order up to date with the `changed` trials (every trial when undefined). */
  update(trials: ReadonlyMap<number, TrialRecord>, changed: Iterable<number> = trials.keys()): void {
    for (const trial of changed) {
      if (this.listed.delete(trial)) this.ranked.splice(this.ranked.findIndex((t) => t.trial === trial), 1);
      const t = trials.get(trial);
      if (!t || !hasFinalValAcc(t)) continue;
      this.ranked.splice(upperBound(this.ranked, t, compareTrials), 0, t);
      this.listed.add(trial);
    }
  }

  /** The best `n`, best first; with `keep`, the best `n` of those it keeps (the brushes' filter). */
  top(n: number, keep?: (t: RankedTrial) => boolean): RankedTrial[] {
    if (!keep) return this.ranked.slice(0, n);
    const kept: RankedTrial[] = [];
    for (const t of this.ranked) {
      if (kept.length >= n) break;
      if (keep(t)) kept.push(t);
    }
    return kept;
  }

  /** How many finished trials are ranked. */
  get size(): number {
    return this.ranked.length;
  }
}

/** What a view's ranking reads from the panel's store. */
interface TrackedTrials {
  readonly trials: ReadonlyMap<number, TrialRecord>;
  /** A set the store fills with every trial that changes from now on. */
  track(): Set<number>;
}

/** A view's own RankedTrials, kept from the trials that changed since its last redraw (each view
 * tracks its own changes); after `reset` (a new run, a remount) it ranks every trial again. */
export class TrackedRanking {
  private ranking: RankedTrials | undefined;
  private changed: Set<number> | undefined;

  /** The trials the next `sync` will look at: those changed, or all of them after a reset. */
  pending(store: TrackedTrials): Iterable<number> {
    this.changed ??= store.track();
    return this.ranking === undefined ? store.trials.keys() : this.changed;
  }

  /** The ranking, brought up to date. */
  sync(store: TrackedTrials): RankedTrials {
    this.changed ??= store.track();
    const fresh = this.ranking === undefined;
    this.ranking ??= new RankedTrials();
    this.ranking.update(store.trials, fresh ? undefined : this.changed);
    this.changed.clear();
    return this.ranking;
  }

  reset(): void {
    this.ranking = undefined;
  }
}
