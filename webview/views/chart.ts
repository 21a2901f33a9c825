// What every view shares: the CSP-safe embedding, the `selected` signal, clicks that select a
// trial, and a view's data brought up to the store by changesets (never a full re-render).
import { changeset, type View } from 'vega';
import embed, { type VisualizationSpec } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { Config } from 'vega-lite';
import type { PanelRun } from '../../src/panel/contract';
import type { PanelStore } from '../store';
import type { Theme } from '../theme';

export interface ChartContext {
  run: PanelRun;
  strings: Record<string, string>;
  theme: Theme;
  config: Config;
  /** Width the view may take, in CSS pixels. */
  width: number;
}

/** The highlight of the selected trial reads this signal; every spec declares it. */
export const SELECTED = 'selected';

export abstract class Chart {
  protected view: View | undefined;

  constructor(protected readonly onSelect: (trial: number) => void) {}

  /** The Vega-Lite spec with named, empty datasets; `sync` fills them. */
  protected abstract spec(ctx: ChartContext, store: PanelStore): VisualizationSpec;
  /** Forget what was drawn (a new view starts empty). */
  protected abstract forget(): void;
  /** Changes the view's datasets to match the store; true if anything changed. */
  abstract sync(store: PanelStore): boolean;

  /** Whether the view must be embedded again before it can show the store (its fixed scales no longer fit). */
  needsRemount(_store: PanelStore): boolean {
    return false;
  }

  get vegaView(): View | undefined {
    return this.view;
  }

  async mount(el: HTMLElement, ctx: ChartContext, store: PanelStore): Promise<void> {
    this.view?.finalize();
    this.forget();
    const result = await embed(el, this.spec(ctx, store), {
      // ast + the interpreter: no string is ever evaluated as code (the CSP has no 'unsafe-eval').
      ast: true,
      expr: expressionInterpreter,
      actions: false,
      // vega-embed and vega-tooltip would inject <style> elements; their CSS ships in media/panel.css.
      defaultStyle: false,
      tooltip: { disableDefaultStyle: true },
      renderer: 'canvas',
      mode: 'vega-lite',
      config: ctx.config,
    });
    this.view = result.view;
    this.view.addEventListener('click', (_event, item) => {
      const trial = (item?.datum as { trial?: unknown } | undefined)?.trial;
      if (typeof trial === 'number') this.onSelect(trial);
    });
    this.view.signal(SELECTED, store.selected);
  }

  /** Applies the selection and the changesets; resolves when the view has drawn. */
  async draw(store: PanelStore): Promise<void> {
    if (!this.view) return;
    const changed = this.sync(store);
    if (this.view.signal(SELECTED) === store.selected && !changed) return;
    this.view.signal(SELECTED, store.selected);
    await this.view.runAsync();
  }

  protected replace(name: string, rows: object[]): void {
    this.view?.change(name, changeset().remove(() => true).insert(rows));
  }
}

/** A Vega expression string literal (JSON's quoting is valid Vega expression syntax). */
export const literal = (s: string): string => JSON.stringify(s);

/** `datum.value` spliced into a template such as "Best-{0}", as a Vega expression. */
export function templateExpr(template: string, value = 'datum.value'): string {
  const [before, after = ''] = template.split('{0}');
  return `${literal(before ?? '')} + ${value} + ${literal(after)}`;
}
