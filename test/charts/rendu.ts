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
