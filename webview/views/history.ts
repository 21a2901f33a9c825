// (4) History: the final val acc of each finished trial by trial number, pruned trials marked
// (a triangle at the value where they stopped), and the best-so-far line.
import type { VisualizationSpec } from 'vega-embed';
import { historyRows } from '../rows';
import type { PanelStore } from '../store';
import { localize } from '../../src/panel/strings';
import { Chart, SELECTED, type ChartContext } from './chart';
import { statusColor, statusShape } from './status';

export const HISTORY_DATA = 'history';
const FINISHED = ['completed', 'pruned', 'diverged'] as const;

const lastTrialOf = (store: PanelStore) => Math.max(store.run?.trialsTotal ?? 0, ...store.trials.keys());

export class TrialHistory extends Chart {
  private drawnKey = '';
  /** The fixed x domain's end: the planned trials, or more if a resumed run added some. */
  private lastTrial = 0;

  protected forget(): void {
    this.drawnKey = '';
  }

  override needsRemount(store: PanelStore): boolean {
    return lastTrialOf(store) > this.lastTrial;
  }

  protected spec({ strings, theme, width }: ChartContext, store: PanelStore): VisualizationSpec {
    this.lastTrial = lastTrialOf(store);
    const x = {
      field: 'trial', type: 'quantitative' as const, title: localize(strings, 'trial'),
      scale: { domain: [0, this.lastTrial] }, axis: { tickMinStep: 1 },
    };
    const y = { field: 'valAcc', type: 'quantitative' as const, title: localize(strings, 'valAcc'), scale: { domain: [0, 1] } };
    return {
      width,
      height: 200,
      autosize: { type: 'fit-x', contains: 'padding', resize: true },
      params: [{ name: SELECTED, value: null }],
      data: { name: HISTORY_DATA },
      layer: [
        {
          mark: { type: 'line', interpolate: 'step-after', color: theme.muted, strokeWidth: 1, strokeDash: [2, 2] },
          encoding: { x, y: { ...y, field: 'bestSoFar' } },
        },
        {
          mark: { type: 'point', filled: true, size: 50 },
          encoding: {
            x, y,
            shape: statusShape(strings, FINISHED),
            color: statusColor(strings, theme, FINISHED),
            tooltip: [
              { field: 'trial', type: 'quantitative', title: localize(strings, 'trial') },
              { field: 'valAcc', type: 'quantitative', format: '.3f', title: localize(strings, 'valAcc') },
              { field: 'status', type: 'nominal', title: localize(strings, 'status') },
              { field: 'epochs', type: 'quantitative', title: localize(strings, 'epochs') },
              { field: 'bestSoFar', type: 'quantitative', format: '.3f', title: localize(strings, 'bestSoFar') },
            ],
          },
        },
        {
          transform: [{ filter: `datum.trial === ${SELECTED}` }],
          mark: { type: 'point', filled: false, size: 300, stroke: theme.focus, strokeWidth: 2.5 },
          encoding: { x, y },
        },
      ],
    };
  }

  sync(store: PanelStore): boolean {
    const rows = historyRows([...store.trials.values()]);
    const key = rows.map((r) => `${r.trial}:${r.valAcc}:${r.status}`).join(',');
    if (key === this.drawnKey) return false;
    this.drawnKey = key;
    this.replace(HISTORY_DATA, rows);
    return true;
  }
}
