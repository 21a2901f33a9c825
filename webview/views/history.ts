// (4) History: the final val acc of each finished trial by trial number, pruned trials marked
// (a triangle at the value where they stopped), and the best-so-far line.
import { changeset } from 'vega';
import type { VisualizationSpec } from 'vega-embed';
import { HistoryRowsDiff } from '../rows';
import type { PanelStore } from '../store';
import { localize } from '../../src/panel/strings';
import { Chart, SELECTED, type ChartContext } from './chart';
import { statusColor, statusShape } from './status';

export const HISTORY_DATA = 'history';
export const HISTORY_BEST_DATA = 'historyBest';
/** From this many planned trials on, the best-so-far line runs to the axis' end while the run
 * streams: a line that grows at every finished trial makes the whole chart be drawn again. */
export const LONG_RUN = 1000;
const FINISHED = ['completed', 'pruned', 'diverged'] as const;

function lastTrialOf(store: PanelStore): number {
  let last = store.run?.trialsTotal ?? 0;
  for (const trial of store.trials.keys()) if (trial > last) last = trial;
  return last;
}

export class TrialHistory extends Chart {
  /** What is drawn, brought up to date from the trials that changed (undefined: start over). */
  private diff: HistoryRowsDiff | undefined;
  private changed: Set<number> | undefined;
  private drawnSteps = '';
  /** The fixed x domain's end: the planned trials, or more if a resumed run added some. */
  private lastTrial = 0;

  protected forget(): void {
    this.diff = undefined;
    this.drawnSteps = '';
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
          data: { name: HISTORY_BEST_DATA },
          mark: { type: 'line', interpolate: 'step-after', color: theme.muted, strokeWidth: 1, strokeDash: [2, 2] },
          encoding: { x, y: { ...y, field: 'bestSoFar' } },
        },
        {
          mark: { type: 'point', filled: true, size: 50 },
          encoding: {
            x, y,
            shape: statusShape(strings, FINISHED),
            color: statusColor(strings, theme, FINISHED),
            // Trials outside the parallel coordinates' brushes stay in place, faint.
            opacity: { condition: { test: 'datum.kept === false', value: 0.12 }, value: 1 },
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
    this.changed ??= store.track();
    const fresh = this.diff === undefined;
    this.diff ??= new HistoryRowsDiff();
    const { remove, insert } = this.diff.changes(store.trials, fresh ? undefined : this.changed, (trial) => store.passes(trial));
    this.changed.clear();
    const steps = this.diff.steps((store.run?.trialsTotal ?? 0) >= LONG_RUN ? this.lastTrial : undefined);
    const stepsKey = steps.map((s) => `${s.trial}:${s.bestSoFar}`).join();
    if (remove.length === 0 && insert.length === 0 && stepsKey === this.drawnSteps) return false;
    if (remove.length > 0 || insert.length > 0) this.view?.change(HISTORY_DATA, changeset().remove(remove).insert(insert));
    if (stepsKey !== this.drawnSteps) this.replace(HISTORY_BEST_DATA, steps);
    this.drawnSteps = stepsKey;
    return true;
  }
}
