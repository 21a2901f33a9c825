// The Vega config follows the VS Code theme: colours and font are read from the CSS variables
// VS Code sets on the webview's <html>, at load and again when the body's theme class changes.
import type { Config } from 'vega-lite';
import { readableOn } from './contrast';

export type ThemeKind = 'light' | 'dark' | 'high-contrast';

export interface Theme {
  kind: ThemeKind;
  foreground: string;
  muted: string;
  background: string;
  focus: string;
  /** Colours of lines told apart by trial. */
  palette: string[];
  val: string;
  train: string;
  fontFamily: string;
  fontSize: number;
  lineWidth: number;
}

function themeKind(body: HTMLElement): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast') || c.contains('vscode-high-contrast-light')) return 'high-contrast';
  return c.contains('vscode-dark') ? 'dark' : 'light';
}

export function readTheme(): Theme {
  const css = getComputedStyle(document.documentElement);
  const kind = themeKind(document.body);
  const dark = kind === 'dark';
  const v = (name: string, fallback: string) => css.getPropertyValue(`--vscode-${name}`).trim() || fallback;
  const foreground = v('foreground', dark ? '#cccccc' : '#3b3b3b');
  const background = v('editor-background', dark ? '#1f1f1f' : '#ffffff');
  // Every curve (training accuracy is dashed, so thinner to the eye) reaches 4.5:1 on the background.
  const palette = [
    v('charts-blue', '#3794ff'), v('charts-orange', '#d18616'), v('charts-green', '#89d185'),
    v('charts-purple', '#b180d7'), v('charts-red', '#f14c4c'), v('charts-yellow', '#cca700'),
  ].map((colour) => readableOn(colour, background));
  return {
    kind,
    foreground,
    muted: v('descriptionForeground', foreground),
    background,
    focus: v('focusBorder', '#0078d4'),
    palette,
    val: palette[0]!,
    train: palette[1]!,
    fontFamily: v('font-family', 'sans-serif'),
    fontSize: Number.parseFloat(v('font-size', '13')) || 13,
    lineWidth: kind === 'high-contrast' ? 2.5 : 1.6,
  };
}

/** Calls `onChange` when VS Code switches the theme (it swaps the body's classes and the variables). */
export function watchTheme(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}

export function vegaConfig(t: Theme): Config {
  const small = Math.max(10, t.fontSize - 2);
  const gridOpacity = t.kind === 'high-contrast' ? 0.45 : 0.14;
  return {
    background: t.background,
    font: t.fontFamily,
    padding: 4,
    view: { stroke: t.kind === 'high-contrast' ? t.foreground : null },
    axis: {
      labelColor: t.foreground,
      titleColor: t.foreground,
      domainColor: t.muted,
      tickColor: t.muted,
      gridColor: t.foreground,
      gridOpacity,
      labelFontSize: small,
      titleFontSize: small,
      titleFontWeight: 'normal',
    },
    legend: { labelColor: t.foreground, titleColor: t.foreground, labelFontSize: small, titleFontSize: small, titleFontWeight: 'normal' },
    header: { labelColor: t.foreground, titleColor: t.foreground, labelFontSize: t.fontSize - 1 },
    title: { color: t.foreground, subtitleColor: t.muted, fontSize: t.fontSize, fontWeight: 'normal', anchor: 'start' },
    text: { color: t.foreground },
    // No `line.strokeWidth` here: Vega-Lite lets a config's path width override an encoded one, and
    // the curves' widths are encoded (wider for the selected trial).
    range: { category: t.palette },
  };
}
