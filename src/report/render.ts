// Vega-Lite → Vega → SVG headless in Node, and SVG → PNG. Expressions go through vega's AST
// interpreter, as in the panel: no string is ever turned into code.
import type { TopLevelSpec } from 'vega-lite';
import { reportVegaConfig } from './theme';

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  // Imported when used: vega is ESM-only with a top-level await, which a require() cannot load.
  const [{ parse, View }, { expressionInterpreter }, { compile }] = await Promise.all([import('vega'), import('vega-interpreter'), import('vega-lite')]);
  // Vega-Lite's warnings (the Best-20 legend merges two channels' domains) would land in the CLI's
  // output; errors still throw.
  const quiet = { level: () => quiet, warn: () => quiet, info: () => quiet, debug: () => quiet, error: (...e: unknown[]) => { throw new Error(String(e[0])); } };
  const vega = compile(spec, { config: reportVegaConfig(), logger: quiet as never }).spec;
  const view = new View(parse(vega, undefined, { ast: true }), { renderer: 'none', expr: expressionInterpreter });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The PNG of an SVG at `scale` × its size, or undefined where the rasteriser cannot load (its
 * prebuilt binary is missing for this platform): the SVG is still written. */
export async function renderPng(svg: string, scale = 2): Promise<Buffer | undefined> {
  let Resvg: typeof import('@resvg/resvg-js').Resvg;
  try {
    ({ Resvg } = await import('@resvg/resvg-js'));
  } catch {
    return undefined;
  }
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
