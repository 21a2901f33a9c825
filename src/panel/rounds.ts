// The panel's `rounds` message: the shown run's lineage (core/runs/rounds.ts) as the scatter and
// the round table need it — ranges in the params' own units, and the earlier rounds' points. The
// report draws the same rounds on its scatter (webview/views/round-layers.ts).
import { dirname } from 'node:path';
import type { Distribution } from '../core/spec/types';
import type { RunInfo } from '../core/runs/store';
import { compareRounds, roundsOf, scoredTrials } from '../core/runs/rounds';
import { lastValAcc } from '../core/search/objective';
import { MAX_ROUND_POINTS, type PanelRound, type PanelRounds } from './contract';

/** A numeric range as the axes plot it (log10 exponents → values); choices have none. */
function plottedRange(d: Distribution): [number, number] | undefined {
  if ('log10' in d) return [10 ** d.log10[0], 10 ** d.log10[1]];
  if ('uniform' in d) return d.uniform;
  if ('int' in d) return d.int;
  return undefined;
}

/** undefined for a run of round 1 with no earlier round on disk (nothing to compare). */
export function panelRounds(run: RunInfo, topK: number): PanelRounds | undefined {
  const lineage = roundsOf(dirname(run.dir), run);
  if (lineage.length < 2) return undefined;
  const summaries = compareRounds(lineage, topK);
  const rounds = summaries.map((s, i): PanelRound => {
    const ranges: Record<string, [number, number]> = {};
    for (const [path, d] of Object.entries(s.ranges)) {
      const range = plottedRange(d);
      if (range) ranges[path] = range;
    }
    const earlier = i < lineage.length - 1;
    const points = earlier ? scoredTrials(lineage[i]!).slice(0, MAX_ROUND_POINTS).map((t) => ({ valAcc: lastValAcc(t)!, params: numericParams(t.params) })) : [];
    const { round, run: name, best, median, top } = s;
    return { round, run: name, ranges, points, ...(best === undefined ? {} : { best, median, top }) };
  });
  return { type: 'rounds', rounds };
}

function numericParams(params: RunInfo['trials'][number]['params']): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(params)) if (typeof v === 'number' || typeof v === 'string') out[k] = v;
  return out;
}
