// One declaration of a bilan's sections: the scope pages draw it (sectionsBilan), the exporter
// writes its charts (graphiquesBilan) and the PDF places them — no page chart the export lacks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SECTIONS_BILAN } from '../../src/charts/sections.ts';
import { graphiquesBilan } from '../../src/charts/bilan-charts.ts';
import type { ContexteBilan, MetaIndicateur } from '../../src/data/site-model.ts';
import { CATALOGUE } from '../../src/indicators/index.ts';

const indicateurs = new Map(
  CATALOGUE.map((m): [string, MetaIndicateur] => [
    m.id,
    { id: m.id, libelle: m.label, unite: m.unit, definition: m.definition, ...(m.family ? { famille: m.family } : {}) },
  ]),
);
const lire = () => ({ valeur: 0.5, statut: 'publie' as const });
const ctx: ContexteBilan = {
  annee: 2025,
  annees: [2024, 2025],
  indicateurs,
  seuil: 11,
  perimetre: { niveau: 'organisme', code: 'X', nom: 'X', lire },
  parents: [{ niveau: 'national', code: 'FR', nom: 'France entière', lire }],
};

describe('sections of a bilan', () => {
  it('the export writes exactly the charts of the declaration, in its order, each name once', () => {
    const noms = SECTIONS_BILAN.flatMap((s) => s.graphiques.map((g) => g.nom));
    expect(graphiquesBilan(ctx).map((g) => g.nom)).toEqual(noms);
    expect(new Set(noms).size).toBe(noms.length);
    // The two charts the issue found on one side only are on both.
    expect(noms).toEqual(expect.arrayContaining(['pdp-profil', 'evolution-maintien']));
  });
  it.each(['src/organismes/[code].md', 'src/departements/[code].md'])('%s draws the declared sections, no chart of its own', (page) => {
    const md = readFileSync(page, 'utf8');
    expect(md).toContain('display(sectionsBilan(ctx))');
    expect(md).not.toMatch(/graphique\(G\./);
  });
  it('the PDP profile of the national page is the declared one (3 bars, as in the export)', () => {
    expect(readFileSync('src/pdp.md', 'utf8')).toContain('specSection("pdp-profil", ctx)');
    const spec = SECTIONS_BILAN.flatMap((s) => s.graphiques)
      .find((g) => g.nom === 'pdp-profil')!
      .spec(ctx);
    const categories = new Set((spec.data as { values: { categorie: string }[] }).values.map((v) => v.categorie));
    expect(categories.size).toBe(3);
  });
});
