// (5) Parallel coordinates: one axis per searched param, then val acc; one line per finished
// trial, coloured by val acc, pruned trials faint, trials outside the brushes fainter still.
// Dragging along an axis brushes it (the store keeps the brush and filters every view); a click
// on an axis removes its brush. Past CAP finished trials, the best CAP/2 that pass the brushes
// and an even sample of the rest are drawn: no one can tell 10,000 lines apart.
import { changeset, type View } from 'vega';
import type { VisualizationSpec } from 'vega-embed';
import { TrackedRanking, hasFinalValAcc, type RankedTrials } from '../ranking';
import { covers } from '../domains';
import {
  VAL_ACC_AXIS, axisValueOf, brushBetween, brushSpan, parallelAxes, sampleStride, segmentRows, tickRows,
  type Brush, type ParallelAxis, type SegmentRow,
} from '../parallel-rows';
import type { PanelStore } from '../store';
import { localize } from '../../src/panel/strings';
import { Chart, SELECTED, type ChartContext } from './chart';

export const PARALLEL_DATA = 'parallel';
export const BRUSH_DATA = 'parallel-brushes';
/** The most lines drawn at once. */
export const PARALLEL_CAP = 400;
/** How near an axis (in pixels) a drag must start to brush it. */
const GRAB_PX = 14;

interface BrushRow { axis: number; lo: number; hi: number }

/** The view's padding on each side (Vega also allows one number for all four). */
function paddingOf(view: View): { left: number; top: number } {
  const pad = view.padding();
  return typeof pad === 'number' ? { left: pad, top: pad } : { left: pad.left ?? 0, top: pad.top ?? 0 };
}

export class ParallelCoordinates extends Chart {
  /** Show only the Best-N trials (the section head's toggle). */
  topK = false;
  private axes: ParallelAxis[] = [];
  /** Trial → the segments drawn for it and the "status:valAcc:kept" they were drawn from. */
  private drawn = new Map<number, { state: string; rows: SegmentRow[] }>();
  private readonly ranking = new TrackedRanking();
  private drawnBrushes = '';
  private drawnBrushRows: BrushRow[] = [];
  private listening: HTMLElement | undefined;
  /** A brush gesture just ended: the click that follows must not select a line. */
  private swallowClick = false;
  /** What the note under the title says about the lines drawn (empty: all of them). */
  note = '';

  constructor(onSelect: (trial: number) => void, private readonly onBrush: (axis: string, brush: Brush | undefined) => void) {
    super(onSelect);
  }

  protected forget(): void {
    this.drawn.clear();
    this.ranking.reset();
    this.drawnBrushes = '';
  }

  /** Mount again when a value falls outside an axis' fixed domain (a new label, a new extreme). */
  override needsRemount(store: PanelStore): boolean {
    for (const trial of this.ranking.pending(store)) {
      const t = store.trials.get(trial);
      if (t && this.axes.some((axis) => !covers(axis.domain, axisValueOf(t, axis.key)))) return true;
    }
    return false;
  }

  override async mount(el: HTMLElement, ctx: ChartContext, store: PanelStore): Promise<void> {
    this.listen(el);
    await super.mount(el, ctx, store);
  }

  protected spec({ run, strings, theme, width }: ChartContext, store: PanelStore): VisualizationSpec {
    this.axes = parallelAxes(run, store.trials.values());
    const last = this.axes.length - 1;
    const titles = this.axes.map((axis, i) => ({ axis: i, lo: 0, hi: 1, title: axis.key === VAL_ACC_AXIS ? localize(strings, 'valAcc') : axis.key }));
    const x = { type: 'quantitative' as const, axis: null, scale: { domain: [-0.3, last + 0.4], nice: false, zero: false } };
    const y = { type: 'quantitative' as const, axis: null, scale: { domain: [0, 1], nice: false, zero: false } };
    const small = Math.max(9, theme.fontSize - 3);
    const step = width / (last + 0.7);
    // Viridis without its darkest end on dark themes and its palest end on light ones (as the scatter).
    const extent = theme.kind === 'light' ? [0, 0.88] : [0.2, 1];
    return {
      width,
      height: 240,
      autosize: { type: 'fit-x', contains: 'padding', resize: true },
      padding: { top: 22, bottom: 6, left: 4, right: 4 },
      params: [{ name: SELECTED, value: null }],
      layer: [
        {
          data: { values: titles },
          mark: { type: 'rule', color: theme.muted, strokeWidth: 1 },
          encoding: { x: { field: 'axis', ...x }, y: { field: 'lo', ...y }, y2: { field: 'hi' } },
        },
        {
          data: { name: PARALLEL_DATA },
          mark: { type: 'rule', strokeWidth: theme.lineWidth * 0.75 },
          encoding: {
            x: { field: 'x', ...x }, y: { field: 'y', ...y }, x2: { field: 'x2' }, y2: { field: 'y2' },
            color: {
              condition: { test: '!datum.kept', value: theme.muted },
              field: 'valAcc', type: 'quantitative', scale: { domain: [0, 1], scheme: { name: 'viridis', extent } }, legend: null,
            },
            opacity: { condition: [{ test: '!datum.kept', value: 0.08 }, { test: "datum.status === 'pruned'", value: 0.2 }], value: 0.8 },
            tooltip: [
              { field: 'trial', type: 'quantitative', title: localize(strings, 'trial') },
              { field: 'valAcc', type: 'quantitative', format: '.3f', title: localize(strings, 'valAcc') },
              { field: 'status', type: 'nominal', title: localize(strings, 'status') },
            ],
          },
        },
        {
          data: { name: PARALLEL_DATA },
          transform: [{ filter: `datum.trial === ${SELECTED}` }],
          mark: { type: 'rule', color: theme.focus, strokeWidth: theme.lineWidth * 2 },
          encoding: { x: { field: 'x', ...x }, y: { field: 'y', ...y }, x2: { field: 'x2' }, y2: { field: 'y2' } },
        },
        {
          data: { name: BRUSH_DATA },
          mark: { type: 'rule', color: theme.focus, strokeWidth: GRAB_PX, opacity: 0.3, strokeCap: 'butt' },
          encoding: { x: { field: 'axis', ...x }, y: { field: 'lo', ...y }, y2: { field: 'hi' } },
        },
        {
          data: { values: tickRows(this.axes) },
          mark: { type: 'text', align: 'left', baseline: 'middle', dx: 5, fontSize: small, color: theme.muted },
          encoding: { x: { field: 'axis', ...x }, y: { field: 'pos', ...y }, text: { field: 'label', type: 'nominal' } },
        },
        {
          data: { values: titles },
          mark: { type: 'text', align: 'center', baseline: 'bottom', dy: -8, fontWeight: 'bold', color: theme.foreground, limit: Math.max(40, step * 0.95) },
          encoding: { x: { field: 'axis', ...x }, y: { field: 'hi', ...y }, text: { field: 'title', type: 'nominal' } },
        },
      ],
      config: { view: { stroke: null } },
    } as VisualizationSpec;
  }

  /** The trials whose lines are drawn: the Best-N (toggle), every finished one, or past the cap
   * the best that pass the brushes plus every stride-th trial. */
  private wanted(store: PanelStore, ranking: RankedTrials): Set<number> {
    const passes = (t: { trial: number }) => store.passes(t.trial);
    const s = store.strings;
    if (this.topK) {
      this.note = '';
      return new Set(ranking.top(store.bestN, passes).map((t) => t.trial));
    }
    const finished = ranking.size;
    if (finished <= PARALLEL_CAP) {
      this.note = '';
      return new Set(ranking.top(finished).map((t) => t.trial));
    }
    const best = ranking.top(PARALLEL_CAP / 2, passes).map((t) => t.trial);
    const wanted = new Set(best);
    const stride = sampleStride(Math.max(store.run?.trialsTotal ?? 0, store.trials.size), PARALLEL_CAP / 2);
    for (const t of store.trials.values()) if (t.trial % stride === 0 && hasFinalValAcc(t)) wanted.add(t.trial);
    this.note = localize(s, 'parallelSampled', wanted.size, finished, best.length);
    return wanted;
  }

  sync(store: PanelStore): boolean {
    const ranking = this.ranking.sync(store);
    const wanted = this.wanted(store, ranking);
    const remove: SegmentRow[] = [];
    const insert: SegmentRow[] = [];
    for (const [trial, drawn] of this.drawn) {
      if (wanted.has(trial)) continue;
      remove.push(...drawn.rows);
      this.drawn.delete(trial);
    }
    for (const trial of wanted) {
      const t = store.trials.get(trial)!;
      const kept = store.passes(trial);
      const state = `${t.status}:${t.valAcc}:${kept}`;
      const drawn = this.drawn.get(trial);
      if (drawn?.state === state) continue;
      if (drawn) remove.push(...drawn.rows);
      const rows = segmentRows(t, this.axes, kept);
      this.drawn.set(trial, { state, rows });
      insert.push(...rows);
    }
    const brushes = this.brushRows(store);
    const brushKey = JSON.stringify(brushes);
    const brushesChanged = brushKey !== this.drawnBrushes;
    if (brushesChanged) {
      this.drawnBrushes = brushKey;
      this.drawnBrushRows = brushes;
      this.replace(BRUSH_DATA, brushes);
    }
    if (remove.length === 0 && insert.length === 0) return brushesChanged;
    this.view?.change(PARALLEL_DATA, changeset().remove(remove).insert(insert));
    return true;
  }

  private brushRows(store: PanelStore): BrushRow[] {
    return this.axes.flatMap((axis, i) => {
      const brush = store.brushes[axis.key];
      const span = brush && brushSpan(axis, brush);
      return span ? [{ axis: i, lo: span[0], hi: span[1] }] : [];
    });
  }

  // ── brushing: pointer events on the chart's element, mapped through the view's scales ──────

  private listen(el: HTMLElement): void {
    if (this.listening === el) return;
    this.listening = el;
    el.addEventListener('pointerdown', (event) => this.startBrush(el, event));
    el.addEventListener('click', (event) => {
      if (!this.swallowClick) return;
      this.swallowClick = false;
      event.stopPropagation();
    }, true);
  }

  /** The pointer's place as the axis it is near (index) and the height on it (0..1), if near one. */
  private locate(el: HTMLElement, event: PointerEvent): { axis: number; pos: number } | undefined {
    const view = this.view;
    const canvas = el.querySelector('canvas');
    if (!view || !canvas) return undefined;
    const box = canvas.getBoundingClientRect();
    const [ox, oy] = view.origin();
    const pad = paddingOf(view);
    const x = event.clientX - box.left - pad.left - ox;
    const y = event.clientY - box.top - pad.top - oy;
    const xs = view.scale('x') as ((v: number) => number) & { invert(px: number): number };
    const ys = view.scale('y') as ((v: number) => number) & { invert(px: number): number };
    const axis = Math.round(xs.invert(x));
    if (axis < 0 || axis >= this.axes.length || Math.abs(xs(axis) - x) > GRAB_PX) return undefined;
    return { axis, pos: Math.min(1, Math.max(0, ys.invert(y))) };
  }

  private startBrush(el: HTMLElement, down: PointerEvent): void {
    this.swallowClick = false;
    const from = this.locate(el, down);
    if (!from || down.button !== 0 || !this.axes[from.axis]?.domain) return;
    down.preventDefault();
    const axis = this.axes[from.axis]!;
    const others = this.drawnBrushRows.filter((r) => r.axis !== from.axis);
    const move = (event: PointerEvent) => {
      const to = this.posOf(el, event);
      this.replace(BRUSH_DATA, [...others, { axis: from.axis, lo: Math.min(from.pos, to), hi: Math.max(from.pos, to) }]);
      void this.view?.runAsync();
    };
    const up = (event: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      const to = this.posOf(el, event);
      this.swallowClick = true;
      // The next sync draws the store's brushes again, whatever was drawn while dragging.
      this.drawnBrushes = '';
      const dragged = Math.abs(to - from.pos) * this.plotHeight() >= 4;
      this.onBrush(axis.key, dragged ? brushBetween(axis, from.pos, to) : undefined);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  }

  /** The height (0..1) of the pointer on the plot, wherever it is across. */
  private posOf(el: HTMLElement, event: PointerEvent): number {
    const view = this.view;
    const canvas = el.querySelector('canvas');
    if (!view || !canvas) return 0;
    const ys = view.scale('y') as { invert(px: number): number };
    const y = event.clientY - canvas.getBoundingClientRect().top - paddingOf(view).top - view.origin()[1];
    return Math.min(1, Math.max(0, ys.invert(y)));
  }

  private plotHeight(): number {
    const ys = this.view?.scale('y') as ((v: number) => number) | undefined;
    return ys ? Math.abs(ys(0) - ys(1)) : 1;
  }
}
