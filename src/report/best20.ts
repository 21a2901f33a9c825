// The book's Best-20 figure (§6.5.3, its plt.show()): the 20 best trials by final val acc, five to a
// row, val acc solid and train acc dashed, y from 0 to 1 with ticks on the first column only. The
// panel's Best-N (webview/views/best.ts) draws the same curves live and interactively; this one is a
// fixed-size, data-inlined print of the figure with the book's titles, so it is a spec of its own.
import type { TopLevelSpec } from 'vega-lite';
import type { TrialRecord } from '../core/runs/events';
import { curveRows } from '../../webview/rows';
import { bestTitle } from './labels';
import { REPORT_THEME } from './theme';

export const BEST_COUNT = 20;
export const BEST_COLUMNS = 5;

export interface BestCell {
  rank: number;
  trial: TrialRecord & { valAcc: number };
}

export function best20Spec(cells: readonly BestCell[], searched: readonly string[], epochs: number, labels: { valAcc: string; trainAcc: string }): TopLevelSpec {
  const t = REPORT_THEME;
  const values = cells.flatMap(({ rank, trial }) => {
    const title = bestTitle(rank, trial.valAcc, trial.params, searched).join('\n');
    return curveRows(trial.trial, trial.curve).map((r) => ({ ...r, rank, title }));
  });
  const legendLabel = `datum.value === 'val' ? ${JSON.stringify(labels.valAcc)} : ${JSON.stringify(labels.trainAcc)}`;
  return {
    data: { values },
    columns: BEST_COLUMNS,
    spacing: { column: 12, row: 8 },
    facet: {
      field: 'title', type: 'nominal', title: null, sort: { field: 'rank', op: 'min' },
      // Two lines: "Best-1 (val acc:0.83)" over "lr:…, weight decay:…".
      header: { labelExpr: "split(datum.value, '\\n')", labelPadding: 4, labelFontSize: 10, labelLimit: 0 },
    },
    spec: {
      width: 190,
      height: 100,
      mark: { type: 'line', clip: true, strokeWidth: 1.6 },
      encoding: {
        x: { field: 'epoch', type: 'quantitative', title: null, scale: { domain: [1, Math.max(2, epochs)], nice: false }, axis: { tickCount: 4, grid: false } },
        y: { field: 'acc', type: 'quantitative', title: null, scale: { domain: [0, 1] }, axis: { values: [0, 0.5, 1], format: '.1f' } },
        color: {
          field: 'kind', type: 'nominal', title: null,
          scale: { domain: ['val', 'train'], range: [t.val, t.train] },
          // One legend for both channels: the same field and the same legend merge.
          legend: { orient: 'top', direction: 'horizontal', labelExpr: legendLabel },
        },
        strokeDash: { field: 'kind', type: 'nominal', title: null, scale: { domain: ['val', 'train'], range: [[1, 0], [4, 3]] }, legend: { orient: 'top', direction: 'horizontal', labelExpr: legendLabel } },
        detail: { field: 'trial', type: 'nominal' },
      },
    },
    resolve: { axis: { x: 'shared', y: 'shared' } },
  };
}
