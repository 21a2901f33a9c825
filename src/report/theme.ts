// The report's colours: VS Code's Light+ (a report is printed and shared, so it is light whatever
// the editor's theme), every curve brought to WCAG's 4.5:1 on white by the panel's readableOn. The
// font is DejaVu Sans: installed with Debian's fonts-dejavu-core, so the PNG rasteriser finds it and
// the SVG's text measures as it draws.
import type { Config } from 'vega-lite';
import { readableOn } from '../../webview/contrast';

export const REPORT_FONT = 'DejaVu Sans, Verdana, sans-serif';

const BACKGROUND = '#ffffff';
export const REPORT_THEME = {
  background: BACKGROUND,
  foreground: '#3b3b3b',
  muted: '#717171',
  /** Light+'s charts-blue and charts-orange: val acc and train acc, as in the panel. */
  val: readableOn('#1a85ff', BACKGROUND),
  train: readableOn('#d18616', BACKGROUND),
  fontSize: 12,
};

export function reportVegaConfig(): Config {
  const t = REPORT_THEME;
  return {
    background: t.background,
    font: REPORT_FONT,
    padding: 8,
    axis: {
      labelColor: t.foreground, titleColor: t.foreground, domainColor: t.muted, tickColor: t.muted,
      gridColor: t.foreground, gridOpacity: 0.14, labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal',
    },
    legend: { labelColor: t.foreground, titleColor: t.foreground, labelFontSize: 10, titleFontSize: 11, titleFontWeight: 'normal' },
    header: { labelColor: t.foreground, titleColor: t.foreground, labelFontSize: 10 },
    title: { color: t.foreground, fontSize: t.fontSize, fontWeight: 'normal', anchor: 'start' },
    text: { color: t.foreground },
    view: { stroke: t.muted, strokeOpacity: 0.35 },
  };
}
