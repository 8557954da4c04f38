// Charts rendered headless in Node: the Vega-Lite spec of src/charts (the same functions as the
// site) → Vega (compiled) → SVG with vega's view API (renderer 'none', no DOM) → PNG with
// @resvg/resvg-js and the shipped font. Node only.
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FAMILLE, FICHIERS_POLICE, POLICE_EXPORT, installerMesureTexte } from './fonts.ts';

/** Default scale of the PNG files: 2 pixels per CSS pixel (a 480 px chart → 960 px, 8 cm at 300 dpi). */
export const ECHELLE_PNG = 2;

/** The spec with the exporter's font: a config override, the spec functions are unchanged. */
export function pourExport(spec: TopLevelSpec): TopLevelSpec {
  return { ...spec, config: { ...(spec.config ?? {}), font: POLICE_EXPORT } } as TopLevelSpec;
}

/** The SVG of a spec, rendered with vega's view API (no DOM, no network). */
export async function svgDe(spec: TopLevelSpec): Promise<string> {
  installerMesureTexte();
  const { spec: vg } = compile(pourExport(spec), { logger: SILENCE as never });
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Error, loader: SANS_RESEAU as never });
  try {
    // Clip and gradient ids restart at 1 for every chart: the same chart gives the same bytes in
    // whichever thread and after whichever other chart it is drawn (the PDF prefixes them).
    (vega as unknown as { resetSVGDefIds: () => void }).resetSVGDefIds();
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Vega-Lite warnings silenced: the « fit-y » drop on step heights is intended by the spec functions. */
const SILENCE = (() => {
  const l = {
    level: () => l,
    info: () => l,
    debug: () => l,
    warn: () => l,
    error: (...a: unknown[]) => {
      throw new Error(a.join(' '));
    },
  };
  return l;
})();

/** A loader that refuses every URL: exported charts carry their data inline. */
const SANS_RESEAU = {
  load: () => Promise.reject(new Error('aucun accès réseau pendant un export')),
  sanitize: () => Promise.reject(new Error('aucun accès réseau pendant un export')),
  http: () => Promise.reject(new Error('aucun accès réseau pendant un export')),
  file: () => Promise.reject(new Error('aucun accès réseau pendant un export')),
};

/** resvg's options for the PNG files: `echelle` pixels per SVG unit, white background, the shipped
 *  font only (system fonts are not read: an export looks the same on every machine). */
export function optionsPng(echelle = ECHELLE_PNG): ResvgRenderOptions {
  return {
    fitTo: { mode: 'zoom', value: echelle },
    background: '#ffffff',
    font: {
      fontFiles: [FICHIERS_POLICE[400], FICHIERS_POLICE[600]],
      loadSystemFonts: false,
      defaultFontFamily: FAMILLE,
      sansSerifFamily: FAMILLE,
    },
  };
}

/** Width and height of a PNG, read from its IHDR chunk. */
export function taillePng(png: Buffer): { largeur: number; hauteur: number } {
  if (png.toString('latin1', 1, 4) !== 'PNG' || png.toString('latin1', 12, 16) !== 'IHDR') throw new Error("ce n'est pas un PNG");
  return { largeur: png.readUInt32BE(16), hauteur: png.readUInt32BE(20) };
}
