// How a trial's status looks, the same in every view: pruned trials are triangles pointing down
// (stopped early), diverged ones crosses.
import type { TrialStatus } from '../../src/core/runs/events';
import { localize } from '../../src/panel/strings';
import type { Theme } from '../theme';
import { literal } from './chart';

const STATUS_SHAPES: Record<TrialStatus, string> = {
  running: 'circle',
  completed: 'circle',
  pruned: 'triangle-down',
  diverged: 'cross',
  failed: 'diamond',
  cancelled: 'square',
};

function statusLegend(strings: Record<string, string>, statuses: readonly TrialStatus[]) {
  const label = statuses.map((s) => `datum.value === '${s}' ? ${literal(localize(strings, s))} : `).join('') + 'datum.value';
  return { labelExpr: label, values: [...statuses] };
}

/** The shape encoding, its legend listing `statuses` (others still get their shape). */
export function statusShape(strings: Record<string, string>, statuses: readonly TrialStatus[]) {
  return {
    field: 'status',
    type: 'nominal' as const,
    title: localize(strings, 'status'),
    scale: { domain: Object.keys(STATUS_SHAPES), range: Object.values(STATUS_SHAPES) },
    legend: statusLegend(strings, statuses),
  };
}

/** The colour by status; with the shape on the same field and the same legend, one legend shows both. */
export function statusColor(strings: Record<string, string>, theme: Theme, statuses: readonly TrialStatus[]) {
  const colours: Record<TrialStatus, string> = {
    running: theme.muted, completed: theme.val, pruned: theme.train,
    diverged: theme.palette[4]!, failed: theme.palette[4]!, cancelled: theme.muted,
  };
  return {
    field: 'status',
    type: 'nominal' as const,
    title: localize(strings, 'status'),
    scale: { domain: Object.keys(colours), range: Object.values(colours) },
    legend: statusLegend(strings, statuses),
  };
}
