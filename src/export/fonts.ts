// The font of the exports: Inter (SIL Open Font License 1.1), shipped by the npm package
// @expo-google-fonts/inter as TTF files, which resvg (PNG) and chromium (PDF) both read. The
// chart specs keep their system font stack for the site; the exporter passes a config override
// (POLICE_EXPORT) so that SVG, PNG and PDF all draw the same glyphs, and measures text with
// Inter's advance widths (vega's headless estimate is 0.8 em per character, which would cut
// labels short and misplace them).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as vega from 'vega';

/** Family name of the shipped font. */
export const FAMILLE = 'Inter';

/** Font stack written into exported specs and SVG files: Inter, then common fallbacks for a
 *  reader who opens the SVG where Inter is not installed. */
export const POLICE_EXPORT = `${FAMILLE}, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif`;

const racinePaquet = dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/inter/package.json'));

/** The TTF files of the weights the charts and the report use (regular, semi-bold, bold, italic). */
export const FICHIERS_POLICE = {
  400: join(racinePaquet, '400Regular', 'Inter_400Regular.ttf'),
  600: join(racinePaquet, '600SemiBold', 'Inter_600SemiBold.ttf'),
  700: join(racinePaquet, '700Bold', 'Inter_700Bold.ttf'),
  italique: join(racinePaquet, '400Regular_Italic', 'Inter_400Regular_Italic.ttf'),
} as const;

/** Advance widths of one font, in em, by code point (Basic Multilingual Plane). */
interface Metriques {
  avance: (cp: number) => number;
}

/** Reads the advance widths of a TrueType font (tables head, hhea, hmtx, cmap format 4). */
function lireMetriques(ttf: Buffer): Metriques {
  const tables = new Map<string, number>();
  const n = ttf.readUInt16BE(4);
  for (let i = 0; i < n; i++) {
    const r = 12 + 16 * i;
    tables.set(ttf.toString('latin1', r, r + 4), ttf.readUInt32BE(r + 8));
  }
  const table = (nom: string): number => {
    const o = tables.get(nom);
    if (o === undefined) throw new Error(`police sans table ${nom}`);
    return o;
  };
  const unitesParEm = ttf.readUInt16BE(table('head') + 18);
  const nbMetriques = ttf.readUInt16BE(table('hhea') + 34);
  const hmtx = table('hmtx');
  const avanceGlyphe = (g: number) => ttf.readUInt16BE(hmtx + 4 * Math.min(g, nbMetriques - 1));
  // cmap: the Windows Unicode BMP subtable (platform 3, encoding 1), format 4.
  const cmap = table('cmap');
  let sous = -1;
  for (let i = 0; i < ttf.readUInt16BE(cmap + 2); i++) {
    const r = cmap + 4 + 8 * i;
    if (ttf.readUInt16BE(r) === 3 && ttf.readUInt16BE(r + 2) === 1) sous = cmap + ttf.readUInt32BE(r + 4);
  }
  if (sous < 0 || ttf.readUInt16BE(sous) !== 4) throw new Error('police sans table cmap Unicode (format 4)');
  const segments = ttf.readUInt16BE(sous + 6) / 2;
  const fins = sous + 14;
  const debuts = fins + 2 * segments + 2;
  const deltas = debuts + 2 * segments;
  const decalages = deltas + 2 * segments;
  const glyphe = (cp: number): number => {
    for (let s = 0; s < segments; s++) {
      if (ttf.readUInt16BE(fins + 2 * s) < cp) continue;
      const debut = ttf.readUInt16BE(debuts + 2 * s);
      if (debut > cp) return 0;
      const delta = ttf.readInt16BE(deltas + 2 * s);
      const decalage = ttf.readUInt16BE(decalages + 2 * s);
      if (decalage === 0) return (cp + delta) & 0xffff;
      const g = ttf.readUInt16BE(decalages + 2 * s + decalage + 2 * (cp - debut));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const cache = new Map<number, number>();
  return {
    avance: (cp) => {
      let a = cache.get(cp);
      if (a === undefined) cache.set(cp, (a = cp > 0xffff ? 0.6 : avanceGlyphe(glyphe(cp)) / unitesParEm));
      return a;
    },
  };
}

let metriques: { normal: Metriques; gras: Metriques } | null = null;

/** Width in pixels of a text in Inter at a size and weight (no kerning: a close upper bound). */
function largeurTexte(texte: string, taille: number, graisse: string | number | undefined = 400): number {
  metriques ??= { normal: lireMetriques(readFileSync(FICHIERS_POLICE[400])), gras: lireMetriques(readFileSync(FICHIERS_POLICE[600])) };
  const poids = graisse === 'bold' ? 700 : Number(graisse) || 400;
  const m = poids >= 600 ? metriques.gras : metriques.normal;
  let em = 0;
  for (const c of texte) em += m.avance(c.codePointAt(0)!);
  return em * taille;
}

interface ItemTexte {
  fontSize?: number;
  fontWeight?: string | number;
}

/** Vega's text measure for the exports: Inter's widths of the whole line. Like vl-convert's, it
 *  does not truncate: vega's own truncate() calls it to find where to cut a label at its limit. */
function mesure(item: ItemTexte, ligne: unknown): number {
  const taille = item.fontSize != null ? +item.fontSize || 0 : 11;
  const texte = ligne == null ? '' : String(ligne).trim();
  return taille <= 0 || !texte ? 0 : largeurTexte(texte, taille, item.fontWeight);
}

/** Makes vega measure text with Inter's widths in this process (idempotent). Node only: the site
 *  measures with the browser's canvas. */
export function installerMesureTexte(): void {
  (vega as unknown as { textMetrics: { width: (item: ItemTexte, text: unknown) => number } }).textMetrics.width = mesure;
}
