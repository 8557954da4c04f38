// Renders a Vega-Lite spec to SVG in Node, headless (as the exporter does), for the chart tests.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The SVG of a spec, rendered with vega's view API (no DOM). */
export async function versSvg(spec: TopLevelSpec): Promise<string> {
  const { spec: vg } = compile(spec);
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Number of drawn items (`<balise …>`: `path` for rects and symbols, `line` for rules) in the SVG groups of a mark role (e.g. `mark-rect`). */
export function marquesSvg(svg: string, classe: string, balise = 'path'): number {
  return svg
    .split(`class="${classe} role-mark`)
    .slice(1)
    .reduce((n, g) => n + (g.split('</g>')[0]!.match(new RegExp(`<${balise} `, 'g'))?.length ?? 0), 0);
}
