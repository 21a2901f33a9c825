// Parameter importance (from an `importance` message): one bar per searched param, largest first.
import type { VisualizationSpec } from 'vega-embed';
import { importanceRows } from '../rows';
import type { PanelStore } from '../store';
import { localize } from '../../src/panel/strings';
import { Chart, SELECTED, type ChartContext } from './chart';

export const IMPORTANCE_DATA = 'importance';

export class ImportanceBars extends Chart {
  private drawn: Record<string, number> | undefined;

  protected forget(): void {
    this.drawn = undefined;
  }

  protected spec({ strings, theme, width }: ChartContext): VisualizationSpec {
    const x = { field: 'share', type: 'quantitative' as const, title: localize(strings, 'share'), axis: { format: '.0%', tickCount: 5 }, scale: { domain: [0, 1] } };
    const y = { field: 'param', type: 'nominal' as const, title: null, sort: '-x' as const };
    return {
      width,
      height: { step: 26 },
      autosize: { type: 'fit-x', contains: 'padding', resize: true },
      params: [{ name: SELECTED, value: null }],
      data: { name: IMPORTANCE_DATA },
      layer: [
        { mark: { type: 'bar', color: theme.val }, encoding: { x, y, tooltip: [{ field: 'param', title: localize(strings, 'parameter') }, { field: 'share', format: '.1%', title: localize(strings, 'share') }] } },
        { mark: { type: 'text', align: 'left', dx: 4, color: theme.foreground }, encoding: { x, y, text: { field: 'share', format: '.0%' } } },
      ],
    } as VisualizationSpec;
  }

  sync(store: PanelStore): boolean {
    if (!store.importance || store.importance === this.drawn) return false;
    this.drawn = store.importance;
    this.replace(IMPORTANCE_DATA, importanceRows(store.importance));
    return true;
  }
}
