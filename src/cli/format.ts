// Text the CLI prints: the ranked table and parameter values in the book's notation.
import type { ParamValue } from '../core/spec/types';
import type { TrialRecord } from '../core/runs/events';

/** 0.0094 → "9.4e-3"; choices as they are. */
export function formatParam(v: ParamValue): string {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && Math.abs(v) < 1e6) return String(v);
    const [m, e] = v.toExponential(1).split('e');
    return `${m}e${Number(e)}`;
  }
  return Array.isArray(v) ? `[${v.join(',')}]` : String(v);
}

const acc = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(2));

/** The ranked table: rank, trial, val acc, train acc, status, then one column per searched param. */
export function rankedTable(ranked: TrialRecord[], paramNames: string[], limit = Infinity): string {
  const head = ['rank', 'trial', 'val acc', 'train acc', 'status', ...paramNames];
  const rows = ranked.slice(0, limit).map((t, i) => [
    String(i + 1),
    String(t.trial),
    acc(t.valAcc),
    acc(t.trainAcc),
    t.status,
    ...paramNames.map((p) => (p in t.params ? formatParam(t.params[p]) : '')),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((x, c) => (c < 4 ? x.padStart(widths[c]) : x.padEnd(widths[c]))).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (ranked.length > limit) out.push(`… ${ranked.length - limit} more in the run folder`);
  return out.join('\n');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
