// Parallel coordinates, shaped in TypeScript so that Vega only draws flat rows: each axis (one per
// searched param in run.params order, then val acc) is normalised to 0..1 here (log10 for log
// params, the label's place for choices, linear otherwise), a trial becomes one segment row
// between each pair of neighbouring axes, and the brushes (kept in data units) decide which
// trials pass. Pure and unit-tested.
import type { PanelRun } from '../src/panel/contract';
import type { TrialRecord, TrialStatus } from '../src/core/runs/events';
import { axisDomain, type Domain, type Scale } from './domains';
import { axisValue } from './rows';

/** The key of the final axis (a spec's param is a dotted path, never this). */
export const VAL_ACC_AXIS = ':valAcc';

export interface ParallelAxis {
  /** The param's dotted path, or VAL_ACC_AXIS. */
  key: string;
  scale: Scale;
  /** Fixed while the view is mounted; undefined while no trial has a value on it. */
  domain: Domain | undefined;
}

/** A brush keeps the trials whose value lies in [lo, hi] (numeric axes) or among `values` (choices). */
export type Brush = { lo: number; hi: number } | { values: string[] };
export type Brushes = Record<string, Brush>;

/** A trial's value on an axis: the param as the axes place it, or its val acc (null: none). */
export function axisValueOf(t: TrialRecord, key: string): number | string | null {
  if (key === VAL_ACC_AXIS) return typeof t.valAcc === 'number' && Number.isFinite(t.valAcc) ? t.valAcc : null;
  return axisValue(t.params[key]);
}

/** Whether the trial's value lies in every brush (no brush: it passes). */
export function passesBrushes(t: TrialRecord, brushes: Brushes): boolean {
  for (const [key, brush] of Object.entries(brushes)) {
    const v = axisValueOf(t, key);
    if (v === null) return false;
    if ('values' in brush) {
      if (!brush.values.includes(String(v))) return false;
    } else if (typeof v !== 'number' || v < brush.lo || v > brush.hi) return false;
  }
  return true;
}

/** The axes for the trials seen so far: the searched params, then val acc on 0..1. */
export function parallelAxes(run: PanelRun, trials: Iterable<TrialRecord>): ParallelAxis[] {
  const list = [...trials];
  const params = Object.entries(run.params).map(([key, scale]) => ({
    key, scale, domain: axisDomain(scale, list.map((t) => axisValueOf(t, key))),
  }));
  return [...params, { key: VAL_ACC_AXIS, scale: 'linear', domain: [0, 1] }];
}

/** Where `value` sits on the axis, 0 (bottom) to 1 (top); null when it cannot be placed. */
export function normalise(axis: ParallelAxis, value: number | string | null): number | null {
  const { domain } = axis;
  if (value === null || !domain) return null;
  if (axis.scale === 'band') {
    const labels = domain as string[];
    const at = labels.indexOf(String(value));
    return at < 0 ? null : (at + 0.5) / labels.length;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return null;
  let [lo, hi] = domain as [number, number];
  let v = value;
  if (axis.scale === 'log') {
    if (v <= 0) return null;
    [lo, hi, v] = [Math.log10(lo), Math.log10(hi), Math.log10(v)];
  }
  const pos = hi > lo ? (v - lo) / (hi - lo) : 0.5;
  return pos >= 0 && pos <= 1 ? pos : null;
}

/** The value at position `pos` of a numeric axis (normalise's inverse). */
export function valueAt(axis: ParallelAxis, pos: number): number {
  const [lo, hi] = axis.domain as [number, number];
  if (axis.scale === 'log') return 10 ** (Math.log10(lo) + pos * (Math.log10(hi) - Math.log10(lo)));
  return lo + pos * (hi - lo);
}

/** The brush a drag from position `a` to `b` on the axis draws (in data units). */
export function brushBetween(axis: ParallelAxis, a: number, b: number): Brush {
  const [from, to] = [Math.max(0, Math.min(a, b)), Math.min(1, Math.max(a, b))];
  if (axis.scale === 'band') {
    const labels = (axis.domain ?? []) as string[];
    return { values: labels.filter((label) => { const p = normalise(axis, label)!; return p >= from && p <= to; }) };
  }
  return { lo: valueAt(axis, from), hi: valueAt(axis, to) };
}

/** The part of the axis a brush covers, 0..1 (a choice brush spans its labels' slots); null: none. */
export function brushSpan(axis: ParallelAxis, brush: Brush): [number, number] | null {
  if ('values' in brush) {
    const places = brush.values.map((v) => normalise(axis, v)).filter((p): p is number => p !== null);
    if (places.length === 0) return null;
    const half = 0.5 / ((axis.domain as string[] | undefined)?.length ?? 1);
    return [Math.max(0, Math.min(...places) - half), Math.min(1, Math.max(...places) + half)];
  }
  if (!axis.domain) return null;
  const clampTo = (v: number) => Math.min(1, Math.max(0, normalise(axis, v) ?? (v < valueAt(axis, 0.5) ? 0 : 1)));
  return [clampTo(brush.lo), clampTo(brush.hi)];
}

export interface SegmentRow {
  trial: number;
  /** The segment runs from axis x (at height y) to axis x2 (at y2); axes are numbered from 0. */
  x: number;
  y: number;
  x2: number;
  y2: number;
  valAcc: number | null;
  status: TrialStatus;
  /** Whether the trial passes the brushes (the others are drawn faint). */
  kept: boolean;
}

/** A trial's line as segments between neighbouring axes; none if a value cannot be placed. */
export function segmentRows(t: TrialRecord, axes: readonly ParallelAxis[], kept: boolean): SegmentRow[] {
  const pos = axes.map((axis) => normalise(axis, axisValueOf(t, axis.key)));
  if (pos.some((p) => p === null)) return [];
  const valAcc = axisValueOf(t, VAL_ACC_AXIS) as number | null;
  return axes.slice(1).map((_, i) => ({ trial: t.trial, x: i, y: pos[i]!, x2: i + 1, y2: pos[i + 1]!, valAcc, status: t.status, kept }));
}

export interface TickRow {
  axis: number;
  pos: number;
  label: string;
}

/** The labelled ticks of each axis: decades on log axes (every other one past eight), round
 * numbers on linear ones, every label of a choice. */
export function tickRows(axes: readonly ParallelAxis[]): TickRow[] {
  return axes.flatMap((axis, i) => {
    const { domain } = axis;
    if (!domain) return [];
    if (axis.scale === 'band') return (domain as string[]).map((label) => ({ axis: i, pos: normalise(axis, label)!, label }));
    const [lo, hi] = domain as [number, number];
    if (axis.scale === 'log') {
      const [first, last] = [Math.round(Math.log10(lo)), Math.round(Math.log10(hi))];
      const every = last - first > 8 ? 2 : 1;
      const rows: TickRow[] = [];
      for (let k = first; k <= last; k += every) rows.push({ axis: i, pos: normalise(axis, Number(`1e${k}`)) ?? (k === first ? 0 : 1), label: `1e${k}` });
      return rows;
    }
    return roundTicks(lo, hi).flatMap((v) => {
      const pos = normalise(axis, v);
      return pos === null ? [] : [{ axis: i, pos, label: String(v) }];
    });
  });
}

/** About five round numbers (steps of 1, 2 or 5 × 10^k) between lo and hi, as their decimals read. */
export function roundTicks(lo: number, hi: number): number[] {
  if (!(hi > lo)) return [lo];
  const rough = (hi - lo) / 5;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough)!;
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step); k * step <= hi + step * 1e-9; k++) ticks.push(Number((k * step).toFixed(digits)));
  return ticks;
}

/** The step of an even, deterministic sample of about `count` of a run's planned trials: the
 * sample keeps every stride-th trial number, so a trial stays in (or out of) it as the run streams on. */
export function sampleStride(plannedTrials: number, count: number): number {
  return Math.max(1, Math.ceil(plannedTrials / Math.max(1, count)));
}
