// The runs tree's top level with rounds: a search.json whose runs span more than one round (see
// core/runs/rounds.ts) shows them under "Round 1", "Round 2", … rows; every other run stays a
// top-level row, as before rounds existed. Computed without vscode.
import type { RunInfo } from '../../core/runs/store';
import { bestValAcc } from '../../core/runs/state';
import { roundOf } from '../../core/runs/rounds';
import type { Translate } from '../../core/translate';
import { accuracyText } from './tree-model';

type RoundRun = Pick<RunInfo, 'dir' | 'meta' | 'name'> & Partial<Pick<RunInfo, 'state'>>;

export interface RoundGroup<R extends RoundRun> {
  /** Unique among the groups: the search.json and the round. */
  key: string;
  round: number;
  /** The runs of this round, in the order given (newest first). */
  runs: R[];
}

export type TopEntry<R extends RoundRun> = { kind: 'run'; run: R } | { kind: 'round'; group: RoundGroup<R> };

/** The search a run belongs to: its search.json (a run without one stands alone). */
const searchOf = (run: RoundRun) => run.meta.specPath || run.dir;

/** `runs` (newest first) as the tree's top level: a multi-round search's runs grouped by round,
 * each group where its newest run would stand. */
export function groupRounds<R extends RoundRun>(runs: readonly R[]): TopEntry<R>[] {
  const rounds = new Map<string, Set<number>>();
  for (const run of runs) {
    const set = rounds.get(searchOf(run)) ?? new Set<number>();
    rounds.set(searchOf(run), set.add(roundOf(run)));
  }
  const entries: TopEntry<R>[] = [];
  const groups = new Map<string, RoundGroup<R>>();
  for (const run of runs) {
    if (rounds.get(searchOf(run))!.size < 2) {
      entries.push({ kind: 'run', run });
      continue;
    }
    const key = `${searchOf(run)}#round-${roundOf(run)}`;
    let group = groups.get(key);
    if (!group) {
      groups.set(key, (group = { key, round: roundOf(run), runs: [] }));
      entries.push({ kind: 'round', group });
    }
    group.runs.push(run);
  }
  return entries;
}

export const roundLabel = (round: number, t: Translate) => t('Round {0}', round);

/** "book-6.5 · 2 runs · best 0.81". */
export function roundDescription(group: RoundGroup<RoundRun>, t: Translate): string {
  const bests = group.runs.flatMap((r) => (r.state ? [bestValAcc(r.state)] : [])).filter((b): b is number => b !== undefined);
  const parts = [group.runs[0]!.name, group.runs.length === 1 ? t('1 run') : t('{0} runs', group.runs.length)];
  if (bests.length > 0) parts.push(t('best {0}', accuracyText(Math.max(...bests))));
  return parts.join(' · ');
}
