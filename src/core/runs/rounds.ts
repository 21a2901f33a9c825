// Rounds: the book's loop (§6.5.2) — search wide, narrow the ranges to the best trials, search
// again. Narrowing writes search.narrowedFrom (the source run's folder name) into the search.json;
// the next run of that file records it in run.json as `parent`, with `round` = the parent's + 1 and
// the `ranges` it searched. This file is the pure core every view reads rounds through:
//   roundFields(runsRoot, spec)   what a new run writes into run.json
//   roundsOf(runsRoot, run)       the run's lineage, round 1 first, ending with `run`
//   compareRounds(runs, k)        best, median and top-K spread of val acc per round, side by side
//   scoredTrials(run)             finished trials with a val acc, best first (what narrowing uses)
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Distribution, SearchSpec } from '../spec/types';
import type { TrialRecord } from './events';
import { isFinished } from './state';
import { readMeta, readRun, type RunInfo, type RunMeta } from './store';
import { rankTrials } from '../search/ranking';
import { lastValAcc } from '../search/objective';
import { median } from '../search/median';

/** The round of a run (runs written before rounds existed are round 1). */
export const roundOf = (run: Pick<RunInfo, 'meta'>): number => run.meta.round ?? 1;

/** run.json's round fields for a new run of `spec` under `runsRoot`. A parent that is gone from
 * the runs folder still counts as round 1, so the new run is round 2. */
export function roundFields(runsRoot: string, spec: SearchSpec): Required<Pick<RunMeta, 'round' | 'ranges'>> & Pick<RunMeta, 'parent'> {
  const ranges = spec.search.params;
  const parent = spec.search.narrowedFrom;
  if (!parent) return { round: 1, ranges };
  const parentRound = readMeta(join(runsRoot, parent)).round ?? 1;
  return { parent, round: parentRound + 1, ranges };
}

/** The run's finished trials that have a val acc, best first. */
export function scoredTrials(run: Pick<RunInfo, 'trials'>): TrialRecord[] {
  return rankTrials(run.trials).filter((r) => isFinished(r.status) && lastValAcc(r) !== undefined);
}

/** The lineage of `run`: its parent's parent … first, `run` last. Stops at a parent folder that is
 * gone or unreadable (and at a loop, which only a hand-edited run.json can make). */
export function roundsOf(runsRoot: string, run: RunInfo): RunInfo[] {
  const chain = [run];
  const seen = new Set([basename(run.dir)]);
  for (let parent = run.meta.parent; parent && !seen.has(parent); parent = chain[0]!.meta.parent) {
    seen.add(parent);
    const dir = join(runsRoot, parent);
    if (!existsSync(join(dir, 'spec.json'))) break;
    try {
      chain.unshift(readRun(dir));
    } catch {
      break;
    }
  }
  return chain;
}

export interface RoundSummary {
  round: number;
  /** The run folder's name. */
  run: string;
  ranges: Record<string, Distribution>;
  /** Trials with a val acc (finished). */
  scored: number;
  best?: number;
  median?: number;
  /** The top K (K = min(k, scored)) val accs: the lowest of them and best − lowest. */
  top?: { k: number; lowest: number; spread: number };
}

/** One summary per run of the lineage, in its order. */
export function compareRounds(runs: readonly RunInfo[], k: number): RoundSummary[] {
  return runs.map((run) => {
    const accs = scoredTrials(run).map((r) => lastValAcc(r)!);
    const summary: RoundSummary = { round: roundOf(run), run: basename(run.dir), ranges: run.meta.ranges ?? run.spec.search.params, scored: accs.length };
    if (accs.length === 0) return summary;
    const top = accs.slice(0, Math.max(1, k));
    const lowest = top.at(-1)!;
    return { ...summary, best: accs[0], median: median(accs), top: { k: top.length, lowest, spread: accs[0]! - lowest } };
  });
}
