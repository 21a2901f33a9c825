// The scatter's rounds (store.rounds, from the host): each round's ranges as a rectangle on the
// scatter's axes (earlier rounds dashed, the shown run's solid) and the earlier rounds' trials as
// grey points beneath this run's. With one searched param the rectangles span the val acc axis.
// The report's scatter (src/report/scatter.ts) draws the same layers in its own colours.
import type { PanelRound, PanelRun } from '../../src/panel/contract';
import { localize } from '../../src/panel/strings';
import type { TopLevelSpec } from 'vega-lite';

/** One layer of a layered Vega-Lite spec. */
type Layer = Extract<TopLevelSpec, { layer: unknown }>['layer'][number];

export interface RoundLayers {
  /** Drawn under this run's points (so that clicks still reach them): grey points, then outlines. */
  below: Layer[];
  /** Values the axes' domains must cover (rectangle corners and grey points). */
  xs: number[];
  ys: number[];
}

/** The two colours the layers use: the panel's theme or the report's (no DOM needed, so the report can share this). */
export interface RoundColours {
  foreground: string;
  muted: string;
}

export const NO_ROUND_LAYERS: RoundLayers = { below: [], xs: [], ys: [] };

export function roundLayers(rounds: readonly PanelRound[] | undefined, run: PanelRun, axes: readonly string[], theme: RoundColours, strings: Record<string, string>): RoundLayers {
  const [xName = '', yName] = axes;
  if (!rounds || rounds.length < 2 || axes.some((a) => run.params[a] === 'band')) return NO_ROUND_LAYERS;
  const boxes = rounds.flatMap((r, i) => {
    const x = r.ranges[xName];
    const y = yName === undefined ? [0, 1] : r.ranges[yName];
    if (!x || !y) return [];
    return [{ x: x[0], x2: x[1], y: y[0], y2: y[1], current: i === rounds.length - 1, label: localize(strings, 'round', r.round) }];
  });
  const grey = rounds.slice(0, -1).flatMap((r) =>
    r.points.flatMap((p) => {
      const x = p.params[xName];
      const y = yName === undefined ? p.valAcc : p.params[yName];
      return typeof x === 'number' && typeof y === 'number' ? [{ x, y, valAcc: p.valAcc, label: localize(strings, 'round', r.round) }] : [];
    }),
  );
  const tooltip = [{ field: 'label', type: 'nominal' as const, title: localize(strings, 'rounds') }];
  const points: Layer[] = grey.length === 0 ? [] : [{
    data: { values: grey },
    mark: { type: 'point', filled: true, size: 40, color: theme.muted, opacity: 0.45, strokeWidth: 0 },
    encoding: { tooltip: [...tooltip, { field: 'valAcc', type: 'quantitative' as const, title: localize(strings, 'valAcc'), format: '.3f' }] },
  }];
  // the shown run's ranges solid, earlier rounds' dashed and fainter (one layer each: Vega-Lite's
  // rect takes its dash from the mark, not from the data)
  const outline = (values: typeof boxes, dashed: boolean): Layer[] => values.length === 0 ? [] : [{
    data: { values },
    mark: { type: 'rect', filled: false, stroke: theme.foreground, strokeWidth: 1.2, strokeOpacity: dashed ? 0.5 : 0.9, ...(dashed ? { strokeDash: [4, 3] } : {}) },
    encoding: { x2: { field: 'x2' }, y2: { field: 'y2' }, tooltip },
  }];
  const outlines = [...outline(boxes.filter((b) => !b.current), true), ...outline(boxes.filter((b) => b.current), false)];
  return {
    below: [...points, ...outlines],
    xs: [...boxes.flatMap((b) => [b.x, b.x2]), ...grey.map((g) => g.x)],
    ys: yName === undefined ? [] : [...boxes.flatMap((b) => [b.y, b.y2]), ...grey.map((g) => g.y)],
  };
}
