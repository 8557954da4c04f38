// Chart spec functions (src/charts): each compiles, renders headless to SVG in Node (as the
// exporter does), draws no mark for a suppressed value and shows its mark instead, and yields
// the table of the numbers it shows (text alternative, CSV, XLSX).
import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import * as C from '../../src/charts/index.ts';
import { graphiquesBilan } from '../../src/charts/bilan-charts.ts';
import { DEPARTEMENTS } from '../../src/contract/reference.ts';
import { ESPACE } from '../../src/format/index.ts';
import type { ContexteBilan, MetaIndicateur, Perimetre } from '../../src/data/site-model.ts';
import { CATALOGUE } from '../../src/indicators/index.ts';
import { marquesSvg, versSvg } from './rendu.ts';
import { csv as ecrireCsv } from '../../src/export/spreadsheet.ts';
import { tableauGraphique } from '../../src/export/tables.ts';

const p = (valeur: number) => ({ valeur, statut: 'publie' as const });
const cache = { valeur: null, statut: 'secret' as const };

/** Compiles with Vega-Lite, collecting its warnings (the intended « fit-y » drop excepted). */
function avertissements(spec: TopLevelSpec): string[] {
  const w: string[] = [];
  const logger = {
    level: () => logger,
    info: () => logger,
    debug: () => logger,
    warn: (...a: unknown[]) => (w.push(a.join(' ')), logger),
    error: (...a: unknown[]) => (w.push(`erreur ${a.join(' ')}`), logger),
  };
  compile(spec, { logger: logger as never });
  return w.filter((x) => !x.includes('fit-y'));
}

const age = [
  { categorie: 'moins_26', libelle: 'Moins de 26 ans', ...p(0.05) },
  { categorie: '26_45', libelle: '26 à 45 ans', ...p(0.28) },
  { categorie: '46_59', libelle: '46 à 59 ans', ...p(0.49) },
  { categorie: '60_plus', libelle: '60 ans ou plus', ...cache },
];

describe('barresCategories', () => {
  const spec = C.barresCategories(age, {
    titre: 'Âge des assurés accompagnés en PDP',
    sousTitre: 'Aube, 2024',
    unite: 'part',
    titreCategorie: "Tranche d'âge",
    titreValeur: 'Part',
    fichier: 'age',
  });
  it('compiles without warning and renders: one bar per shown value, the mark for the hidden one', async () => {
    expect(avertissements(spec)).toEqual([]);
    const svg = await versSvg(spec);
    expect(svg).toContain('Âge des assurés accompagnés en PDP');
    expect(marquesSvg(svg, 'mark-rect')).toBe(3);
    expect(svg).toMatch(/>s<\/text>/);
    expect(svg).toContain(`49,0${ESPACE}%`);
  });
  it('never draws a hidden value as 0', () => {
    const valeurs = (spec.data as { values: { categorie: string; trace: number | null; texte: string }[] }).values;
    expect(valeurs.find((v) => v.categorie === '60_plus')).toMatchObject({ trace: null, texte: 's' });
  });
  it('explains the mark in the subtitle', () => {
    expect(JSON.stringify(spec.title)).toContain('« s » : secret statistique');
  });
  it("gives its numbers as a table and, through the exporter's writer (as the site's download), a CSV for French spreadsheets", () => {
    const t = C.tableauDe(spec);
    expect(t.entetes).toEqual(["Tranche d'âge", 'Part']);
    expect(t.lignes.map((l) => l.map((c) => c.texte))).toEqual([
      ['Moins de 26 ans', `5,0${ESPACE}%`],
      ['26 à 45 ans', `28,0${ESPACE}%`],
      ['46 à 59 ans', `49,0${ESPACE}%`],
      ['60 ans ou plus', 's'],
    ]);
    const csv = ecrireCsv(tableauGraphique(spec, 'Âge'))
      .replace(/^\ufeff/, '')
      .split('\r\n');
    expect(csv.slice(0, 6)).toEqual([
      'Âge des assurés accompagnés en PDP',
      "Tranche d'âge;Part (%)",
      'Moins de 26 ans;5,0',
      '26 à 45 ans;28,0',
      '46 à 59 ans;49,0',
      '60 ans ou plus;s',
    ]);
    expect(C.formatTableur('part')).toBe('0.0%');
  });
  it('matches its stored SVG (visual snapshot)', async () => {
    await expect(await versSvg(spec)).toMatchFileSnapshot('./instantanes/barres-age.svg');
  });
});

describe('the other charts', () => {
  const series = ['Aube', 'Carsat Nord-Est', 'France entière'];
  const annees = [2021, 2022, 2023, 2024];
  // regles: rules drawn (a reference line or the current year, one datum: drawn once, not once per row)
  const cas: Record<string, { spec: TopLevelSpec; classe: string; attendu: number; cache?: string; regles?: number }> = {
    comparees: {
      spec: C.barresComparees(
        age.flatMap((a) => series.map((s, i) => ({ ...a, serie: s, ...(a.valeur === null && i > 0 ? p(0.17) : {}) }))),
        { titre: 'Âge', unite: 'part', titreCategorie: "Tranche d'âge", series },
      ),
      classe: 'mark-rect',
      attendu: 11,
      cache: 's',
    },
    tendance: {
      spec: C.courbeTendance(
        annees.map((annee) => ({
          annee,
          serie: 'Aube',
          ...(annee === 2022 ? { valeur: null, statut: 'secret' as const } : p(1000 + annee)),
        })),
        { titre: 'Assurés accompagnés', unite: 'personnes', series: ['Aube'], anneeCourante: 2024 },
      ),
      classe: 'mark-symbol',
      attendu: 3,
      cache: 's',
      regles: 1,
    },
    classement: {
      spec: C.barresClassees(
        [
          { code: 'A', libelle: 'Alpha', ...p(0.4) },
          { code: 'B', libelle: 'Bêta', ...cache },
          { code: 'C', libelle: 'Gamma', ...p(0.5) },
        ],
        {
          titre: 'Maintien',
          unite: 'part',
          titrePerimetre: 'Organisme',
          titreValeur: 'Taux',
          reference: { libelle: 'France entière', ...p(0.45) },
          surligne: 'A',
        },
      ),
      classe: 'mark-rect',
      attendu: 2,
      cache: 's',
      regles: 1,
    },
    multiples: {
      spec: C.petitsMultiples(
        ['Alpha', 'Bêta'].flatMap((libelle) => annees.map((annee) => ({ code: libelle, libelle, annee, ...p(0.4) }))),
        {
          titre: 'Maintien',
          unite: 'part',
          reference: { libelle: 'France entière', valeurs: annees.map((annee) => ({ annee, ...p(0.42) })) },
        },
      ),
      classe: 'mark-symbol',
      attendu: 8,
    },
    carte: {
      spec: C.carteDepartements(
        DEPARTEMENTS.map((d, i) => ({ code: d.departement, libelle: d.nom, ...(i === 0 ? cache : p(0.3 + (i % 10) / 50)) })),
        { titre: 'Maintien par département', unite: 'part', titreValeur: 'Taux' },
      ),
      // 100 départements coloured, 1 grey (hidden), 5 inset frames.
      classe: 'mark-shape',
      attendu: 106,
    },
    etapes: {
      spec: C.parcoursEtapes(
        [
          { etape: 's', libelle: 'Signalements reçus', ...p(2566), annotation: `62,0${ESPACE}% suivis` },
          { etape: 'a', libelle: 'Assurés accompagnés', ...p(5010) },
          { etape: 'f', libelle: 'Parcours finalisés', ...cache },
        ],
        { titre: 'Parcours', unite: 'evenements' },
      ),
      classe: 'mark-rect',
      attendu: 2,
      cache: 's',
    },
  };
  for (const [nom, c] of Object.entries(cas)) {
    it(`${nom}: compiles, renders its marks and shows hidden values by their mark`, async () => {
      expect(avertissements(c.spec)).toEqual([]);
      const svg = await versSvg(c.spec);
      expect(marquesSvg(svg, c.classe)).toBe(c.attendu);
      if (c.cache) expect(svg).toContain(c.cache);
      if (c.regles !== undefined) expect(marquesSvg(svg, 'mark-rule', 'line')).toBe(c.regles);
      const t = C.tableauDe(c.spec);
      expect(t.lignes.length).toBeGreaterThan(0);
      expect(ecrireCsv(tableauGraphique(c.spec, nom))).toContain(';');
    });
  }
  it('small multiples list the reference once in the table, not once per panel', () => {
    const t = C.tableauDe(cas.multiples!.spec);
    expect(t.lignes.map((l) => l[0]!.texte)).toEqual(['Alpha', 'Bêta', 'France entière']);
    expect(t.entetes).toEqual(['Périmètre', '2021', '2022', '2023', '2024']);
  });
});

describe('the charts of a bilan (site and exporter)', () => {
  const annees = [2023, 2024];
  const indicateurs = new Map(
    CATALOGUE.map((m): [string, MetaIndicateur] => [
      m.id,
      {
        id: m.id,
        libelle: m.label,
        unite: m.unit,
        definition: m.definition,
        ...(m.family ? { famille: m.family } : {}),
        ...(m.category ? { categorie: { liste: m.category.list, code: m.category.code, libelle: m.category.code } } : {}),
      },
    ]),
  );
  const perimetre = (nom: string, code: string, niveau: Perimetre['niveau'], facteur: number): Perimetre => ({
    niveau,
    code,
    nom,
    lire: (id, annee) =>
      id.endsWith('.60_plus') && niveau === 'departement'
        ? cache
        : p(indicateurs.get(id)!.unite === 'part' ? 0.2 * facteur : (annee - 2000) * 10 * facteur),
  });
  const ctx: ContexteBilan = {
    annee: 2024,
    annees,
    perimetre: perimetre('Aube', '10', 'departement', 1),
    parents: [perimetre('Carsat Nord-Est', 'CARSAT_NE', 'organisme', 1.1), perimetre('France entière', 'FR', 'national', 1.2)],
    indicateurs,
    seuil: 11,
  };
  it('builds every chart, each with a French title, a file name and a table', async () => {
    const graphiques = graphiquesBilan(ctx);
    expect(graphiques.length).toBeGreaterThanOrEqual(15);
    for (const g of graphiques) {
      expect(avertissements(g.spec)).toEqual([]);
      const svg = await versSvg(g.spec);
      expect(svg.length).toBeGreaterThan(1000);
      const meta = g.spec.usermeta as unknown as C.MetaGraphique;
      expect(meta.fichier).toMatch(/^10-20\d\d-|^10-evolution-/);
      expect(C.tableauDe(g.spec).lignes.length).toBeGreaterThan(0);
    }
  });
});

describe('value axes', () => {
  /** The labels of the value axis of a rendered chart (text of the `role-axis-label` group of the first axis with numbers). */
  const etiquettes = (svg: string): string[] =>
    svg
      .split('role-axis-label"')
      .slice(1)
      .map((g) => [...g.split('</g>')[0]!.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!))
      .find((ls) => ls.length > 1 && ls.every((l) => /^[\d\s\u00a0\u202f%+,.−-]+$/.test(l))) ?? [];

  const cas: [string, 'evenements' | 'part' | 'moyenne', number][] = [
    ['counts of 0 and 1', 'evenements', 1],
    ['counts of 0 only', 'evenements', 0],
    ['shares under 2 %', 'part', 0.012],
    ['averages under 0.3', 'moyenne', 0.25],
  ];
  for (const [nom, unite, haut] of cas) {
    it(`never repeats a tick label (${nom}), whichever chart draws the axis`, async () => {
      const lignes = [
        { categorie: 'a', libelle: 'Assuré', ...p(0) },
        { categorie: 'b', libelle: 'Employeur', ...p(haut) },
        { categorie: 'c', libelle: 'Médecin du travail', ...cache },
      ];
      const specs = [
        C.barresCategories(lignes, { titre: 'Situations', unite, titreCategorie: 'Présentée par', titreValeur: 'Situations' }),
        C.courbeTendance(
          [2022, 2023, 2024].map((annee, i) => ({ annee, serie: 'Aube', ...p(i === 1 ? haut : 0) })),
          { titre: 'Situations', unite, series: ['Aube'] },
        ),
      ];
      for (const spec of specs) {
        const ls = etiquettes(await versSvg(spec));
        expect(ls.length).toBeGreaterThan(1);
        expect(new Set(ls).size).toBe(ls.length);
      }
    });
  }
});
