// (3) The searched params, one point per trial, on log axes where the param was searched in
// log10, coloured by val acc. With one searched param, y is the val acc. Clicking a point
// selects its trial; the selected one gets a ring.
import { changeset } from 'vega';
import type { VisualizationSpec } from 'vega-embed';
import type { PanelRun } from '../../src/panel/contract';
import { axisDomain, covers, type Domain } from '../domains';
import { pointRow, scatterAxes } from '../rows';
import type { PanelStore } from '../store';
import { localize } from '../../src/panel/strings';
import { Chart, SELECTED, type ChartContext } from './chart';
import { statusShape } from './status';

export const SCATTER_DATA = 'points';

/** A log axis labels 1e-6, 1e-5, … and leaves the 2×, 3×, … ticks between them unlabelled. */
const POWERS_OF_TEN_ONLY = "indexof(datum.label, '1e') === 0 ? datum.label : ''";

function axis(run: PanelRun, name: string, field: 'x' | 'y', domain: Domain | undefined) {
  const scale = run.params[name];
  const fixed = domain ? { domain } : {};
  if (scale === 'band') return { field, type: 'nominal' as const, title: name, scale: { type: 'point' as const, ...fixed } };
  if (scale === 'log') {
    const axis = { format: '.0e', labelExpr: POWERS_OF_TEN_ONLY, gridOpacity: 0.06 };
    return { field, type: 'quantitative' as const, title: name, scale: { type: 'log' as const, ...fixed }, axis };
  }
  return { field, type: 'quantitative' as const, title: name, scale: { zero: false, nice: false, ...fixed } };
}

export class ParamScatter extends Chart {
  private axes: string[] = [];
  /** The fixed domains of the mounted x and y scales (undefined: no value yet). */
  private domains: (Domain | undefined)[] = [];
  /** Trial → "status:valAcc" as drawn. */
  private drawn = new Map<number, string>();

  protected forget(): void {
    this.drawn.clear();
  }

  /** Mount again when importance picks other axes, or a point falls outside the fixed domains. */
  override needsRemount(store: PanelStore): boolean {
    const run = store.run;
    if (!run) return false;
    if (scatterAxes(run, store.importance).join() !== this.axes.join()) return true;
    return [...store.trials.values()].some((t) => {
      const row = pointRow(t, run, this.axes);
      return !covers(this.domains[0], row.x) || (this.axes.length > 1 && !covers(this.domains[1], row.y));
    });
  }

  protected spec({ run, strings, theme, width }: ChartContext, store: PanelStore): VisualizationSpec {
    this.axes = scatterAxes(run, store.importance);
    const [xName = '', yName] = this.axes;
    const rows = [...store.trials.values()].map((t) => pointRow(t, run, this.axes));
    this.domains = this.axes.map((name, i) => axisDomain(run.params[name]!, rows.map((r) => (i === 0 ? r.x : r.y))));
    const valAcc = localize(strings, 'valAcc');
    const y = yName !== undefined
      ? axis(run, yName, 'y', this.domains[1])
      : { field: 'y', type: 'quantitative' as const, title: valAcc, scale: { domain: [0, 1] } };
    const tooltip = [
      { field: 'trial', type: 'quantitative' as const, title: localize(strings, 'trial') },
      ...Object.entries(run.params).map(([name, scale], i) =>
        scale === 'band'
          ? { field: `p${i}`, type: 'nominal' as const, title: name }
          : { field: `p${i}`, type: 'quantitative' as const, title: name, format: scale === 'log' ? '.3e' : '.4~g' },
      ),
      { field: 'valAcc', type: 'quantitative' as const, title: valAcc, format: '.3f' },
      { field: 'status', type: 'nominal' as const, title: localize(strings, 'status') },
    ];
    // Viridis without its darkest end on dark themes and its palest end on light ones.
    const extent = theme.kind === 'light' ? [0, 0.88] : [0.2, 1];
    return {
      width,
      height: 240,
      autosize: { type: 'fit-x', contains: 'padding', resize: true },
      params: [{ name: SELECTED, value: null }],
      data: { name: SCATTER_DATA },
      encoding: { x: axis(run, xName, 'x', this.domains[0]), y },
      layer: [
        {
          mark: { type: 'point', filled: true, size: 70, stroke: theme.foreground, strokeWidth: 0.6, strokeOpacity: 0.6 },
          encoding: {
            color: {
              field: 'valAcc', type: 'quantitative', title: valAcc,
              scale: { domain: [0, 1], scheme: { name: 'viridis', extent } },
              legend: { gradientLength: 100, format: '.1f' },
            },
            shape: statusShape(strings, ['completed', 'pruned', 'diverged']),
            opacity: { condition: { test: "datum.status === 'running'", value: 0.5 }, value: 1 },
            tooltip,
          },
        },
        {
          transform: [{ filter: `datum.trial === ${SELECTED}` }],
          mark: { type: 'point', filled: false, size: 360, stroke: theme.focus, strokeWidth: 2.5 },
        },
      ],
    };
  }

  sync(store: PanelStore): boolean {
    const run = store.run;
    if (!run) return false;
    const changed = new Set<number>();
    const rows = [];
    for (const t of store.trials.values()) {
      const state = `${t.status}:${t.valAcc}:${Object.keys(t.params).length}`;
      if (this.drawn.get(t.trial) === state) continue;
      if (this.drawn.has(t.trial)) changed.add(t.trial);
      this.drawn.set(t.trial, state);
      rows.push(pointRow(t, run, this.axes));
    }
    if (rows.length === 0) return false;
    const changes = changeset().insert(rows);
    if (changed.size > 0) changes.remove((r: { trial: number }) => changed.has(r.trial));
    this.view?.change(SCATTER_DATA, changes);
    return true;
  }
}
