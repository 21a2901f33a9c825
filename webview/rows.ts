// The rows each Vega-Lite view draws, shaped from trial records. Pure and unit-tested; JSON-like
// rows only (Vega's CSV parsing would build functions from strings, which the CSP forbids).
import type { PanelRun } from '../src/panel/contract';
import type { ParamValue } from '../src/core/spec/types';
import type { TrialRecord, TrialStatus } from '../src/core/runs/events';
import { hasFinalValAcc, type RankedTrial } from './ranking';

export type CurveKind = 'val' | 'train';
export interface CurveRow {
  trial: number;
  epoch: number;
  acc: number;
  kind: CurveKind;
}
export interface BestRow extends CurveRow {
  /** 1-based place in the ranking: the cell titled "Best-<rank>". */
  rank: number;
  /** The final val acc the trial is ranked by. */
  final: number;
  status: TrialStatus;
}

/** Two rows per epoch (validation and training accuracy), points without a finite value skipped. */
export function curveRows(trial: number, points: TrialRecord['curve']): CurveRow[] {
  const rows: CurveRow[] = [];
  for (const p of points) {
    if (Number.isFinite(p.valAcc)) rows.push({ trial, epoch: p.epoch, acc: p.valAcc, kind: 'val' });
    if (Number.isFinite(p.trainAcc)) rows.push({ trial, epoch: p.epoch, acc: p.trainAcc, kind: 'train' });
  }
  return rows;
}

/** The curves of the trial in the Best-<rank> cell, each row tagged with that place. */
export function bestRows(t: RankedTrial, rank: number): BestRow[] {
  return curveRows(t.trial, t.curve).map((r) => ({ ...r, rank, final: t.valAcc, status: t.status }));
}

/** A param value as an axis can place it: numbers stay numbers, everything else becomes a label. */
export function axisValue(v: ParamValue | undefined): number | string | null {
  if (v === undefined) return null;
  return typeof v === 'number' ? v : Array.isArray(v) ? `[${v.join(', ')}]` : String(v);
}

export interface PointRow {
  trial: number;
  x: number | string | null;
  y: number | string | null;
  valAcc: number | null;
  status: TrialStatus;
  /** Every searched param, by position in run.params (names may hold dots, which Vega reads as paths). */
  [param: `p${number}`]: number | string | null;
}

/** The two searched params the scatter plots: the most important when importance is known, else the first two. */
export function scatterAxes(run: PanelRun, importance?: Record<string, number>): string[] {
  const names = Object.keys(run.params);
  if (!importance) return names.slice(0, 2);
  const share = (n: string) => importance[n] ?? -Infinity;
  return [...names].sort((a, b) => share(b) - share(a) || names.indexOf(a) - names.indexOf(b)).slice(0, 2);
}

/** One point per trial with known params; y is the second param, or val acc when only one was searched. */
export function pointRow(t: TrialRecord, run: PanelRun, axes: readonly string[]): PointRow {
  const valAcc = typeof t.valAcc === 'number' && Number.isFinite(t.valAcc) ? t.valAcc : null;
  const row: PointRow = {
    trial: t.trial,
    x: axisValue(t.params[axes[0]!]),
    y: axes.length > 1 ? axisValue(t.params[axes[1]!]) : valAcc,
    valAcc,
    status: t.status,
  };
  Object.keys(run.params).forEach((name, i) => (row[`p${i}`] = axisValue(t.params[name])));
  return row;
}

export interface HistoryRow {
  trial: number;
  valAcc: number;
  status: TrialStatus;
  /** Epochs the trial ran (where a pruned trial stopped). */
  epochs: number;
  /** The best final val acc among this trial and the ones before it. */
  bestSoFar: number;
  /** False when the trial lies outside the parallel coordinates' brushes (drawn faint). */
  kept?: boolean;
}

export function historyRows(trials: readonly TrialRecord[]): HistoryRow[] {
  let best = -Infinity;
  return trials
    .filter(hasFinalValAcc)
    .sort((a, b) => a.trial - b.trial)
    .map((t) => {
      best = Math.max(best, t.valAcc);
      return { trial: t.trial, valAcc: t.valAcc, status: t.status, epochs: t.curve.at(-1)?.epoch ?? 0, bestSoFar: best };
    });
}

/** What a view's dataset needs to become the rows it should hold: the rows to take out (the very
 * objects it was given) and the rows to put in. */
export interface RowChanges<Row> {
  remove: Row[];
  insert: Row[];
}

/** historyRows kept up to date from the trials that changed: only rows whose values differ are
 * replaced (Vega encodes every inserted row again; at 10,000 trials a full replace per redraw is
 * what the panel cannot afford). */
export class HistoryRowsDiff {
  private readonly rows = new Map<number, HistoryRow>();
  /** The finished trials' numbers, ascending (bestSoFar runs along them). */
  private readonly order: number[] = [];

  /** The changes that bring the drawn rows to historyRows(trials); `changed`: the trials that
   * changed since the last call (every trial when undefined). */
  changes(
    trials: ReadonlyMap<number, TrialRecord>, changed: Iterable<number> = trials.keys(), passes: (trial: number) => boolean = () => true,
  ): RowChanges<HistoryRow> {
    const remove: HistoryRow[] = [];
    for (const trial of changed) {
      const t = trials.get(trial);
      const finished = t !== undefined && hasFinalValAcc(t);
      const at = lowerBound(this.order, trial);
      const listed = this.order[at] === trial;
      if (finished && !listed) this.order.splice(at, 0, trial);
      if (!finished && listed) {
        this.order.splice(at, 1);
        const drawn = this.rows.get(trial);
        if (drawn) remove.push(drawn);
        this.rows.delete(trial);
      }
    }
    const insert: HistoryRow[] = [];
    let best = -Infinity;
    for (const trial of this.order) {
      const t = trials.get(trial) as RankedTrial;
      best = Math.max(best, t.valAcc);
      const epochs = t.curve.at(-1)?.epoch ?? 0;
      const drawn = this.rows.get(trial);
      const kept = passes(trial);
      if (drawn && drawn.valAcc === t.valAcc && drawn.status === t.status && drawn.epochs === epochs && drawn.bestSoFar === best && drawn.kept === kept) continue;
      if (drawn) remove.push(drawn);
      const row: HistoryRow = { trial, valAcc: t.valAcc, status: t.status, epochs, bestSoFar: best, kept };
      this.rows.set(trial, row);
      insert.push(row);
    }
    return { remove, insert };
  }

  /** The best-so-far step line of the rows as of the last `changes`: a point where the best
   * rises, and one at `end` (default: the last finished trial) where the line stops. Drawn with
   * step-after, it is the line through every row's bestSoFar, with a handful of points. */
  steps(end?: number): { trial: number; bestSoFar: number }[] {
    const steps: { trial: number; bestSoFar: number }[] = [];
    for (const trial of this.order) {
      const { bestSoFar } = this.rows.get(trial)!;
      if (steps.length === 0 || bestSoFar > steps.at(-1)!.bestSoFar) steps.push({ trial, bestSoFar });
    }
    const last = this.order.at(-1);
    if (last !== undefined && steps.at(-1)!.trial !== last) steps.push({ trial: last, bestSoFar: steps.at(-1)!.bestSoFar });
    if (end !== undefined && last !== undefined && end > last) steps.push({ trial: end, bestSoFar: steps.at(-1)!.bestSoFar });
    return steps;
  }
}

/** Index of the first number in ascending `list` that is not below `n`. */
function lowerBound(list: readonly number[], n: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]! < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ImportanceRow {
  param: string;
  share: number;
}

export function importanceRows(importance: Record<string, number>): ImportanceRow[] {
  return Object.entries(importance)
    .map(([param, share]) => ({ param, share }))
    .sort((a, b) => b.share - a.share);
}
