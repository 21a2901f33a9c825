// (2) Best-N, the book's figure: small multiples of the N best trials by final val acc, five to a
// row, titled "Best-1", "Best-2", …; val acc solid, train acc dashed, y from 0 to 1 with tick
// labels on the first column only. The selected trial's cell is outlined.
import { changeset } from 'vega';
import type { VisualizationSpec } from 'vega-embed';
import { TrackedRanking } from '../ranking';
import { bestRows, type BestRow } from '../rows';
import type { PanelStore } from '../store';
import { localize } from '../../src/panel/strings';
import { Chart, SELECTED, templateExpr, type ChartContext } from './chart';

export const BEST_DATA = 'best';
export const BEST_COLUMNS = 5;
export const BEST_N_CHOICES = [5, 10, 20, 40] as const;

export class BestGrid extends Chart {
  /** What each cell shows, as "trial:version:points" by rank − 1; only cells that change are redrawn. */
  private drawn: string[] = [];
  /** Every finished trial in the book's order, kept sorted from the trials that change (undefined: start over). */
  private readonly ranking = new TrackedRanking();

  protected forget(): void {
    this.drawn = [];
    this.ranking.reset();
  }

  protected spec({ run, strings, theme, width }: ChartContext): VisualizationSpec {
    const spacing = 10;
    const axisRoom = 34;
    const cellWidth = Math.max(80, Math.floor((width - axisRoom - spacing * (BEST_COLUMNS - 1)) / BEST_COLUMNS) - 2);
    const cellHeight = Math.round(cellWidth * 0.6);
    const isSelected = `datum.trial === ${SELECTED}`;
    const caption = `'#' + datum.trial + '  ' + format(datum.final, '.2f')`;
    return {
      data: { name: BEST_DATA },
      params: [{ name: SELECTED, value: null }],
      // The grid grows as trials finish: recompute the size on every update.
      autosize: { type: 'pad', resize: true },
      columns: BEST_COLUMNS,
      spacing,
      facet: {
        field: 'rank', type: 'ordinal', title: null,
        header: { labelExpr: templateExpr(localize(strings, 'bestTitle')), labelPadding: 4 },
      },
      spec: {
        width: cellWidth,
        height: cellHeight,
        layer: [
          {
            // One frame per cell: it takes clicks on the empty part of the cell and draws the outline.
            transform: [{ aggregate: [{ op: 'count', as: 'points' }], groupby: ['trial', 'rank', 'final', 'status'] }],
            mark: { type: 'rect', fill: theme.background, fillOpacity: 0.001, stroke: theme.focus, strokeWidth: 3 },
            encoding: {
              x: { value: 0 }, x2: { value: 'width' }, y: { value: 0 }, y2: { value: 'height' },
              strokeOpacity: { condition: { test: isSelected, value: 1 }, value: 0 },
              tooltip: [
                { field: 'trial', type: 'quantitative', title: localize(strings, 'trial') },
                { field: 'final', type: 'quantitative', format: '.3f', title: localize(strings, 'valAcc') },
                { field: 'status', type: 'nominal', title: localize(strings, 'status') },
              ],
            },
          },
          {
            // The rows hold finite values only: no per-point validity expression to evaluate.
            mark: { type: 'line', clip: true, invalid: 'show' },
            encoding: {
              x: { field: 'epoch', type: 'quantitative', title: null, scale: { domain: [1, run.epochs], nice: false }, axis: { tickCount: 4, grid: false } },
              y: { field: 'acc', type: 'quantitative', title: null, scale: { domain: [0, 1] }, axis: { values: [0, 0.5, 1], format: '.1f' } },
              color: { field: 'kind', type: 'nominal', scale: { domain: ['val', 'train'], range: [theme.val, theme.train] }, legend: null },
              strokeDash: { field: 'kind', type: 'nominal', scale: { domain: ['val', 'train'], range: [[1, 0], [4, 3]] }, legend: null },
              strokeWidth: { condition: { test: isSelected, value: theme.lineWidth * 1.8 }, value: theme.lineWidth },
            },
          },
          {
            // Which trial the cell shows and the value it is ranked by.
            transform: [
              { aggregate: [{ op: 'count', as: 'points' }], groupby: ['trial', 'final'] },
              { calculate: caption, as: 'caption' },
            ],
            mark: { type: 'text', align: 'left', baseline: 'top', x: 4, y: 3, color: theme.muted, fontSize: Math.max(9, theme.fontSize - 3) },
            encoding: { text: { field: 'caption', type: 'nominal' } },
          },
        ],
      },
      resolve: { axis: { x: 'shared', y: 'shared' } },
      config: { view: { stroke: theme.muted, strokeOpacity: 0.35 } },
    } as VisualizationSpec;
  }

  sync(store: PanelStore): boolean {
    const ranking = this.ranking.sync(store);
    // Only the trials that pass the parallel coordinates' brushes are ranked.
    const ranked = ranking.top(store.bestN, (t) => store.passes(t.trial));
    const cells = ranked.map((t) => `${t.trial}:${store.curveVersion(t.trial)}:${t.curve.length}`);
    // Re-inserting rows is what costs (every new row is encoded again): touch the changed cells only.
    const changed = new Set<number>();
    for (let i = 0; i < Math.max(cells.length, this.drawn.length); i++) if (cells[i] !== this.drawn[i]) changed.add(i + 1);
    if (changed.size === 0) return false;
    this.drawn = cells;
    const rows = ranked.flatMap((t, i) => (changed.has(i + 1) ? bestRows(t, i + 1) : []));
    this.view?.change(BEST_DATA, changeset().remove((r: BestRow) => changed.has(r.rank)).insert(rows));
    return true;
  }
}
