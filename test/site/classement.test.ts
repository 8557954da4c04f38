// The ranking of a rate on the comparison page shows every scope's base (n) and marks small bases,
// whatever the rate: its base is the published count it is computed on (`denominateur` of the
// published row), not only when the base is itself a main indicator. Hand-made published rows.
import { describe, expect, it } from 'vitest';
import { aUneBase, basesDesTaux, type LignePubliee } from '../../src/data/published-reader.ts';
import { vuesComparaison } from '../../src/components/comparison.ts';
import type { Comparaison, Meta } from '../../src/data/site-model.ts';
import { INDICATEURS_PRINCIPAUX } from '../../src/data/site-model.ts';

const ligne = (code: string, indicateur: string, valeur: number | null, denominateur: number | null, annee = 2025): LignePubliee => ({
  annee,
  niveau: 'departement',
  code,
  indicateur,
  valeur,
  statut: valeur === null ? 'secret' : 'publie',
  denominateur,
});

describe('the base (n) of a rate', () => {
  it('every rate, share, mean, duration and evolution of the comparison has one; counts and the ratio to ETP have none', () => {
    // Rates whose base is not itself a main indicator (the case the page missed before).
    for (const id of ['pdp.taux_transformation', 'pdp.part_spst_parmi_externes', 'satisfaction.taux', 'pdp.taux_maintien_employabilite'])
      expect(aUneBase(id), id).toBe(true);
    expect(aUneBase('pdp.duree_mois.mediane')).toBe(true);
    expect(aUneBase('evolution.pdp.assures_accompagnes')).toBe(true);
    expect(aUneBase('pdp.taux_couverture')).toBe(true);
    expect(aUneBase('entretiens')).toBe(false);
    expect(aUneBase('assures_par_etp')).toBe(false);
    // 22 main indicators: 9 counts, 1 ratio to ETP, 12 with a base.
    expect(INDICATEURS_PRINCIPAUX.filter(aUneBase)).toHaveLength(12);
  });

  it('is the published denominator of the year, null when the rate is hidden or the year absent', () => {
    const lignes = [
      ligne('11', 'pdp.taux_transformation', 0.5, 40),
      ligne('11', 'pdp.taux_transformation', 0.4, 30, 2024),
      ligne('30', 'pdp.taux_transformation', null, null),
      ligne('30', 'entretiens', 500, null),
    ];
    const b = basesDesTaux(lignes, [2023, 2024, 2025], new Set(['pdp.taux_transformation', 'entretiens']));
    expect(b.get('departement:11')).toEqual({ 'pdp.taux_transformation': [null, 30, 40] });
    expect(b.has('departement:30')).toBe(false);
  });
});

describe('the ranking of a rate (comparison page, and its downloads)', () => {
  const meta: Pick<Meta, 'indicateurs' | 'seuil' | 'organismes' | 'departements'> = {
    seuil: 11,
    indicateurs: [
      { id: 'pdp.taux_transformation', libelle: 'Taux de transformation des signalements (PDP)', unite: 'part', definition: '' },
    ],
    organismes: [{ code: 'CARSAT_LR', nom: 'Carsat Languedoc-Roussillon', type: 'CARSAT', departements: ['11', '30', '34'] }],
    departements: [
      { code: '11', nom: 'Aude', organisme: 'CARSAT_LR' },
      { code: '30', nom: 'Gard', organisme: 'CARSAT_LR' },
      { code: '34', nom: 'Hérault', organisme: 'CARSAT_LR' },
    ],
  };
  const jeu = (code: string, nom: string, valeur: number | 's', n: number | null) => ({
    niveau: 'departement' as const,
    code,
    nom,
    lien: `departements/${code}.html`,
    organisme: 'CARSAT_LR',
    valeurs: { 'pdp.taux_transformation': [valeur] },
    ...(n === null ? {} : { bases: { 'pdp.taux_transformation': [n] } }),
  });
  // Aude: 60,0 % of 40 signalements (small base); Gard: 50,0 % of 1 234; Hérault hidden.
  const comparaison: Comparaison = {
    annees: [2025],
    indicateurs: ['pdp.taux_transformation'],
    perimetres: [jeu('11', 'Aude', 0.6, 40), jeu('30', 'Gard', 0.5, 1234), jeu('34', 'Hérault', 's', null)],
  };
  const vues = vuesComparaison(comparaison, meta, {
    indicateur: 'pdp.taux_transformation',
    annee: 2025,
    niveau: 'departement',
    organisme: '',
    tri: 'decroissant',
  });
  const rangs = (vues.classement as unknown as { data: { values: { libelle: string; n: string; ligneBase: string; faible: boolean }[] } })
    .data.values;

  it('shows each scope’s base under its name and marks the small one, even when the base is not a main indicator', () => {
    const nn = (s: string) => s.replace(/\u202f/g, ' ');
    expect(rangs.map((r) => [r.libelle, nn(r.ligneBase), r.faible])).toEqual([
      ['Aude (11)', 'n = 40, base faible', true],
      ['Gard (30)', 'n = 1 234', false],
      ['Hérault (34)', '', false],
    ]);
    const usermeta = vues.classement.usermeta as unknown as { tableau: { extras?: { titre: string }[] }; notes: string[] };
    // The chart's table (text alternative, CSV and XLSX downloads) has the base as a column.
    expect(usermeta.tableau.extras?.map((e) => e.titre)).toEqual(['Base (n)']);
    expect(usermeta.notes.join(' ')).toContain('Base faible');
  });
});
