// (1) Live curves: the trials that are running (and the selected one), validation accuracy solid,
// training accuracy dashed, one colour per trial. Each redraw inserts only the new points. When
// nothing runs (the run is done or stopped) the same chart shows every curve of the best K trials
// (K as in Best-N): an empty "Running trials" chart would take the panel's first place for nothing.
// Colours go by slot, not by trial: a trial takes the lowest free slot while it is drawn, so the
// colour scale's domain never changes (a domain of trial numbers rebuilt the scale and its legend
// at every trial start and end, the chart's biggest cost at 10,000 trials). The tooltip names the trial.
import { changeset } from 'vega';
import type { VisualizationSpec } from 'vega-embed';
import { TrackedRanking } from '../ranking';
import { curveRows } from '../rows';
import type { PanelStore } from '../store';
import { localize } from '../../src/panel/strings';
import { Chart, literal, SELECTED, type ChartContext } from './chart';

export const LIVE_DATA = 'live';

/** What the chart shows: running trials, the best K finished ones, or nothing yet. */
export type LiveShowing = 'running' | 'best' | 'none';

export class LiveCurves extends Chart {
  /** Trial → (curve version, points drawn). */
  private drawn = new Map<number, { version: number; points: number; slot: number; lane: number }>();
  /** Colour slots: as many as the palette has colours. */
  private slots = 6;
  /** Trials drawn past the palette's end so far: they take its colours in turn. */
  private overflow = 0;

  private shown: 'running' | 'best' = 'running';
  /** The finished trials in order, kept from the trials that change (sorting 10,000 per redraw is too slow). */
  private readonly ranking = new TrackedRanking();

  get showing(): LiveShowing {
    return this.drawn.size === 0 ? 'none' : this.shown;
  }

  protected forget(): void {
    this.drawn.clear();
    this.ranking.reset();
  }

  protected spec({ run, strings, theme, width }: ChartContext): VisualizationSpec {
    this.slots = Math.max(1, theme.palette.length);
    const kindLabel = `datum.value === 'val' ? ${literal(localize(strings, 'valAcc'))} : ${literal(localize(strings, 'trainAcc'))}`;
    return {
      width,
      height: 220,
      autosize: { type: 'fit-x', contains: 'padding', resize: true },
      params: [{ name: SELECTED, value: null }],
      data: { name: LIVE_DATA },
      mark: { type: 'line', clip: true, invalid: 'show' }, // rows hold finite values only (curveRows)
      encoding: {
        x: {
          field: 'epoch', type: 'quantitative', title: localize(strings, 'epoch'),
          scale: { domain: [1, run.epochs], nice: false }, axis: { tickMinStep: 1 },
        },
        y: { field: 'acc', type: 'quantitative', title: localize(strings, 'accuracy'), scale: { domain: [0, 1] } },
        color: {
          field: 'slot', type: 'nominal', legend: null,
          scale: { domain: Array.from({ length: this.slots }, (_, i) => i), range: theme.palette },
        },
        // one line per drawn trial: trials share a slot's colour, never its lane. Lanes, not trial
        // numbers, as line keys: with a key per trial the chart's time and the page's heap grew with
        // every trial ever drawn (bench:panel at 10,000 trials: heap 314 MB, 100 MB with lanes).
        detail: { field: 'lane', type: 'nominal' },
        tooltip: [
          { field: 'trial', type: 'nominal', title: localize(strings, 'trial') },
          { field: 'epoch', type: 'quantitative', title: localize(strings, 'epoch') },
          { field: 'acc', type: 'quantitative', title: localize(strings, 'accuracy'), format: '.4f' },
        ],
        strokeDash: {
          field: 'kind', type: 'nominal', title: null,
          scale: { domain: ['val', 'train'], range: [[1, 0], [5, 3]] },
          legend: { labelExpr: kindLabel, symbolStrokeColor: theme.foreground, symbolType: 'stroke' },
        },
        strokeWidth: { condition: { test: `datum.trial === ${SELECTED}`, value: theme.lineWidth * 2.2 }, value: theme.lineWidth },
      },
    };
  }

  sync(store: PanelStore): boolean {
    const ranking = this.ranking.sync(store);
    const wanted = new Set<number>();
    this.shown = store.state.counts.running > 0 ? 'running' : 'best';
    if (this.shown === 'running') {
      for (const t of store.trials.values()) if (t.status === 'running') wanted.add(t.trial);
    } else {
      for (const t of ranking.top(store.bestN)) wanted.add(t.trial);
    }
    if (store.selected !== null && store.trials.has(store.selected)) wanted.add(store.selected);

    const gone = new Set<number>();
    const rows = [];
    for (const [trial, drawn] of this.drawn) {
      if (!wanted.has(trial) || drawn.version !== store.curveVersion(trial)) gone.add(trial);
    }
    const reslot = new Map<number, number>();
    for (const trial of gone) {
      if (wanted.has(trial)) reslot.set(trial, this.drawn.get(trial)!.slot); // redrawn in its own colour
      this.drawn.delete(trial);
    }
    const used = new Set([...this.drawn.values()].map((d) => d.slot));
    const lanes = new Set([...this.drawn.values()].map((d) => d.lane));
    for (const trial of wanted) {
      const t = store.trials.get(trial)!;
      const before = this.drawn.get(trial);
      const slot = before?.slot ?? reslot.get(trial) ?? this.freeSlot(used);
      used.add(slot);
      const lane = before?.lane ?? freeLane(lanes);
      lanes.add(lane);
      const drawn = before?.points ?? 0;
      if (t.curve.length > drawn) for (const row of curveRows(trial, t.curve.slice(drawn))) rows.push({ ...row, slot, lane });
      this.drawn.set(trial, { version: store.curveVersion(trial), points: t.curve.length, slot, lane });
    }
    if (gone.size === 0 && rows.length === 0) return false;
    const changes = changeset().insert(rows);
    if (gone.size > 0) changes.remove((r: { trial: number }) => gone.has(r.trial));
    this.view?.change(LIVE_DATA, changes);
    return true;
  }

  /** The lowest slot no drawn trial holds; past the palette's end, colours repeat. */
  private freeSlot(used: Set<number>): number {
    for (let slot = 0; slot < this.slots; slot++) if (!used.has(slot)) return slot;
    return this.overflow++ % this.slots; // round the palette, not all on the first colour
  }
}

/** The lowest lane no drawn trial holds: as many lanes as trials drawn at once, never more. */
function freeLane(lanes: Set<number>): number {
  let lane = 0;
  while (lanes.has(lane)) lane++;
  return lane;
}
