// The scatter of the searched params coloured by val acc, and the importance bars. The rows and
// axes are the panel's (webview/rows.ts pointRow/scatterAxes, webview/domains.ts axisDomain: the
// two most important params, log axes widened to whole decades) so the report shows what the
// panel shows, with the panel's round layers (webview/views/round-layers.ts: each round's ranges as
// rectangles, earlier rounds' trials grey); the spec is static (no selection, no changesets).
import type { TopLevelSpec } from 'vega-lite';
import type { PanelRound, PanelRun } from '../panel/contract';
import type { TrialRecord } from '../core/runs/events';
import { pointRow, scatterAxes, importanceRows } from '../../webview/rows';
import { axisDomain } from '../../webview/domains';
import { roundLayers } from '../../webview/views/round-layers';
import { paramLabel } from './labels';
import { REPORT_THEME } from './theme';

function axis(run: PanelRun, name: string, field: 'x' | 'y', values: readonly (number | string | null)[]) {
  const scale = run.params[name]!;
  const domain = axisDomain(scale, values);
  const fixed = domain ? { domain } : {};
  const title = paramLabel(name);
  if (scale === 'band') return { field, type: 'nominal' as const, title, scale: { type: 'point' as const, ...fixed } };
  if (scale === 'log') return { field, type: 'quantitative' as const, title, scale: { type: 'log' as const, ...fixed }, axis: { format: '.0e', gridOpacity: 0.06 } };
  return { field, type: 'quantitative' as const, title, scale: { zero: false, nice: false, ...fixed } };
}

/** `rounds`: the run's lineage (src/panel/rounds.ts), round 2 on; their rectangles and grey points lie under this run's. */
export function scatterSpec(run: PanelRun, trials: readonly TrialRecord[], importance: Record<string, number> | undefined, valAcc: string, rounds?: readonly PanelRound[]): TopLevelSpec {
  const axes = scatterAxes(run, importance);
  const rows = trials.map((t) => pointRow(t, run, axes)).filter((r) => r.x !== null && r.y !== null);
  const [xName = ''] = axes;
  // A static SVG has no tooltips, so the layers' tooltip words stay the panel's defaults.
  const layers = roundLayers(rounds, run, axes, REPORT_THEME, {});
  const y = axes.length > 1
    ? axis(run, axes[1]!, 'y', [...rows.map((r) => r.y), ...layers.ys])
    : { field: 'y', type: 'quantitative' as const, title: valAcc, scale: { domain: [0, 1] } };
  const x = axis(run, xName, 'x', [...rows.map((r) => r.x), ...layers.xs]);
  return {
    width: 480,
    height: 320,
    encoding: { x, y },
    layer: [
      ...layers.below,
      {
        data: { values: rows },
        // Best last, so the good region is drawn on top.
        transform: [{ calculate: 'datum.valAcc === null ? -1 : datum.valAcc', as: 'order' }],
        mark: { type: 'point', filled: true, size: 60, stroke: REPORT_THEME.foreground, strokeWidth: 0.5, strokeOpacity: 0.6 },
        encoding: {
          order: { field: 'order', type: 'quantitative' },
          // Viridis without its palest end, which white would swallow (the panel's light-theme choice).
          color: { field: 'valAcc', type: 'quantitative', title: valAcc, scale: { domain: [0, 1], scheme: { name: 'viridis', extent: [0, 0.88] } }, legend: { gradientLength: 120, format: '.1f' } },
        },
      },
    ],
  };
}

export function importanceSpec(importance: Record<string, number>, share: string): TopLevelSpec {
  const values = importanceRows(importance).map((r) => ({ ...r, label: paramLabel(r.param) }));
  const x = { field: 'share', type: 'quantitative' as const, title: share, axis: { format: '.0%', tickCount: 5 }, scale: { domain: [0, 1] } };
  const y = { field: 'label', type: 'nominal' as const, title: null, sort: '-x' as const };
  return {
    width: 420,
    height: { step: 26 },
    data: { values },
    layer: [
      { mark: { type: 'bar', color: REPORT_THEME.val }, encoding: { x, y } },
      { mark: { type: 'text', align: 'left', dx: 4, color: REPORT_THEME.foreground }, encoding: { x, y, text: { field: 'share', format: '.0%' } } },
    ],
  };
}
