// (3) The searched params, one point per trial, on log axes where the param was searched in
// log10, coloured by val acc. With one searched param, y is the val acc. Clicking a point
// selects its trial; the selected one gets a ring.
import { changeset } from 'vega';
import type { VisualizationSpec } from 'vega-embed';
import type { PanelRun } from '../../src/panel/contract';
import { axisDomain, covers, type Domain } from '../domains';
import { pointRow, scatterAxes, type PointRow } from '../rows';
import type { PanelStore } from '../store';
import { localize } from '../../src/panel/strings';
import { Chart, SELECTED, type ChartContext } from './chart';
import { LONG_RUN } from './history';
import { statusShape } from './status';
import { roundLayers } from './round-layers';

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
  /** Trial → its row as drawn, with the "status:valAcc:params" it was drawn from. */
  private drawn = new Map<number, { state: string; row: PointRow }>();
  /** The trials that changed since the last sync (undefined until the first; the store fills it). */
  private changed: Set<number> | undefined;
  private fresh = true;

  protected forget(): void {
    this.drawn.clear();
    this.fresh = true;
  }

  /** The trials to look at: all of them after a mount, else those that changed (10,000 trials
   * cannot all be looked at on every redraw). */
  private toLook(store: PanelStore): Iterable<number> {
    this.changed ??= store.track();
    return this.fresh ? store.trials.keys() : this.changed;
  }

  /** Mount again when importance picks other axes, or a point falls outside the fixed domains. */
  override needsRemount(store: PanelStore): boolean {
    const run = store.run;
    if (!run) return false;
    if (scatterAxes(run, store.importance).join() !== this.axes.join()) return true;
    for (const trial of this.toLook(store)) {
      const t = store.trials.get(trial);
      if (!t) continue;
      const row = pointRow(t, run, this.axes);
      if (!covers(this.domains[0], row.x) || (this.axes.length > 1 && !covers(this.domains[1], row.y))) return true;
    }
    return false;
  }

  protected spec({ run, strings, theme, width }: ChartContext, store: PanelStore): VisualizationSpec {
    this.axes = scatterAxes(run, store.importance);
    const [xName = '', yName] = this.axes;
    const rows = [...store.trials.values()].map((t) => pointRow(t, run, this.axes));
    const rounds = roundLayers(store.rounds, run, this.axes, theme, strings); // round 2 on: earlier rounds and each round's ranges
    this.domains = this.axes.map((name, i) => axisDomain(run.params[name]!, [...rows.map((r) => (i === 0 ? r.x : r.y)), ...(i === 0 ? rounds.xs : rounds.ys)]));
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
      { field: 'note', type: 'nominal' as const, title: localize(strings, 'note') }, // absent: not shown
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
        ...rounds.below,
        {
          // A long run's points overlap: smaller and without their outline (half the drawing time
          // of every redraw, and the colours still read).
          mark: run.trialsTotal >= LONG_RUN
            ? { type: 'point', filled: true, size: 24, strokeWidth: 0 }
            : { type: 'point', filled: true, size: 70, stroke: theme.foreground, strokeWidth: 0.6, strokeOpacity: 0.6 },
          encoding: {
            color: {
              field: 'valAcc', type: 'quantitative', title: valAcc,
              scale: { domain: [0, 1], scheme: { name: 'viridis', extent } },
              legend: { gradientLength: 100, format: '.1f' },
            },
            shape: statusShape(strings, ['completed', 'pruned', 'diverged']),
            opacity: { condition: [{ test: '!datum.kept', value: 0.1 }, { test: "datum.status === 'running'", value: 0.5 }], value: 1 },
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
    const changes = changeset();
    let changed = false;
    for (const trial of this.toLook(store)) {
      const t = store.trials.get(trial);
      if (!t) continue;
      const kept = store.passes(trial);
      const note = store.notes.trials.get(trial);
      const state = `${t.status}:${t.valAcc}:${Object.keys(t.params).length}:${kept}:${note}`;
      const drawn = this.drawn.get(trial);
      if (drawn?.state === state) continue;
      // kept: false when the trial lies outside the parallel coordinates' brushes (drawn faint).
      const row = { ...pointRow(t, run, this.axes), kept, ...(note === undefined ? {} : { note }) };
      changed = true;
      if (drawn) {
        // A drawn point is modified in place: a removal makes Vega bound every point of the mark again.
        const [now, was] = [row as Record<string, unknown>, drawn.row as unknown as Record<string, unknown>];
        for (const key of new Set([...Object.keys(now), ...Object.keys(was)])) {
          if (now[key] !== was[key]) changes.modify(drawn.row, key, now[key]);
        }
        this.drawn.set(trial, { state, row: drawn.row });
      } else {
        this.drawn.set(trial, { state, row });
        changes.insert(row);
      }
    }
    this.changed!.clear();
    this.fresh = false;
    if (!changed) return false;
    this.view?.change(SCATTER_DATA, changes);
    return true;
  }
}
