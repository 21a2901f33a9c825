// Text the CLI prints: the ranked table and parameter values in the book's notation.
import { formatParamValue } from '../core/format';
import type { TrialRecord, TrialStatus } from '../core/runs/events';
import { columns, t } from './l10n';

const acc = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(2));

export function statusText(status: TrialStatus): string {
  switch (status) {
    case 'running': return t('running');
    case 'completed': return t('completed');
    case 'pruned': return t('pruned');
    case 'diverged': return t('diverged');
    case 'failed': return t('failed');
    case 'cancelled': return t('cancelled');
  }
}

/** `text` padded to `width` terminal columns (a CJK character takes two), on the left or the right. */
export function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - columns(text)));
  return right ? fill + text : text + fill;
}

/** The ranked table: rank, trial, val acc, train acc, status, then one column per searched param. */
export function rankedTable(ranked: TrialRecord[], paramNames: string[], limit = Infinity): string {
  const head = [t('rank'), t('trial'), t('val acc'), t('train acc'), t('status'), ...paramNames];
  const rows = ranked.slice(0, limit).map((r, i) => [
    String(i + 1),
    String(r.trial),
    acc(r.valAcc),
    acc(r.trainAcc),
    statusText(r.status),
    ...paramNames.map((p) => (p in r.params ? formatParamValue(r.params[p]) : '')),
  ]);
  const widths = head.map((h, c) => Math.max(columns(h), ...rows.map((r) => columns(r[c]))));
  const line = (cells: string[]) => cells.map((x, c) => pad(x, widths[c], c < 4)).join('  ').trimEnd();
  const out = [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
  if (ranked.length > limit) out.push(t('… {0} more in the run folder', ranked.length - limit));
  return out.join('\n');
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
