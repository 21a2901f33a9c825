// The weights of a run's best trials (search.keepWeights of them), as `weights/trial-0042.npz`
// beside trials.jsonl. Offered as each trial ends; a file is written (atomically) while its trial
// ranks in the top K of the trials that have weights, and removed once K better ones push it out,
// so at the end exactly the top K are on disk. The ranking is §6.5's (val acc); test accuracy never
// enters it.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialRecord } from './events';
import { npzBytes, type NpzArrays } from './npz';
import { writeFileAtomic } from './store';
import { rankTrials } from '../search/ranking';

export const WEIGHTS_DIR = 'weights';

export function weightFile(runDir: string, trial: number): string {
  return join(runDir, WEIGHTS_DIR, `trial-${String(trial).padStart(4, '0')}.npz`);
}

/** The trials whose weights a run folder holds. */
export function keptTrials(runDir: string): number[] {
  const dir = join(runDir, WEIGHTS_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((f) => /^trial-(\d+)\.npz$/.exec(f))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

export class WeightKeeper {
  private readonly kept: Set<number>;

  /** Files already in the folder (a resumed run) count as kept. */
  constructor(
    private readonly runDir: string,
    private readonly k: number,
  ) {
    this.kept = new Set(keptTrials(runDir));
  }

  /** `trial` has ended (its end is in `records`); `weights` are its final arrays, if it sent them. */
  offer(trial: number, records: Iterable<TrialRecord>, weights: NpzArrays | undefined): void {
    const candidates = [...records].filter((r) => (this.kept.has(r.trial) || (r.trial === trial && weights)) && (r.status === 'completed' || r.status === 'pruned'));
    const top = new Set(rankTrials(candidates).slice(0, this.k).map((r) => r.trial));
    if (weights && top.has(trial)) {
      mkdirSync(join(this.runDir, WEIGHTS_DIR), { recursive: true });
      writeFileAtomic(weightFile(this.runDir, trial), npzBytes(weights));
      this.kept.add(trial);
    }
    for (const t of [...this.kept]) {
      if (top.has(t)) continue;
      rmSync(weightFile(this.runDir, t), { force: true });
      this.kept.delete(t);
    }
  }
}
