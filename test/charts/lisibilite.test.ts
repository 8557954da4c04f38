// Readability of every chart at the widths readers get it — a phone (390 px), a laptop page
// (1366 px) and the exporter's fixed width (PNG, PDF): rendered headless with vega's View as the
// exporter does (src/export/render.ts: Inter, text measured with its advance widths), then the
// bounding boxes of the text items read from the scenegraph. No two value labels may overlap,
// none may stick out of the chart, no label, legend entry or title is cut with « … ».
import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import * as C from '../../src/charts/index.ts';
import { graphiquesBilan, LARGEUR } from '../../src/charts/bilan-charts.ts';
import { DEPARTEMENTS, ORGANISMES } from '../../src/contract/reference.ts';
import type { ContexteBilan, MetaIndicateur, Perimetre } from '../../src/data/site-model.ts';
import { CATALOGUE } from '../../src/indicators/index.ts';
import { pourExport } from '../../src/export/render.ts';
import { installerMesureTexte } from '../../src/export/fonts.ts';

/** A text item of the scenegraph, in the chart's coordinates. */
interface Texte {
  role: string;
  texte: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

type Scene = {
  marktype?: string;
  role?: string;
  items?: Scene[];
  x?: number;
  y?: number;
  text?: unknown;
  opacity?: number;
  fillOpacity?: number;
  bounds?: { x1: number; y1: number; x2: number; y2: number };
};

/** Renders a spec headless (exporter's font and measure) and lists its text items with their boxes. */
async function textes(spec: TopLevelSpec): Promise<{ largeur: number; textes: Texte[] }> {
  installerMesureTexte();
  const { spec: vg } = compile(pourExport(spec), {
    logger: {
      level: () => 0,
      warn: () => 0,
      info: () => 0,
      debug: () => 0,
      error: (e: unknown) => {
        throw e;
      },
    } as never,
  });
  const view = new vega.View(vega.parse(vg), { renderer: 'none' });
  try {
    await view.runAsync();
    const out: Texte[] = [];
    const parcourir = (mark: Scene, dx: number, dy: number): void => {
      for (const item of mark.items ?? []) {
        if (mark.marktype === 'text') {
          const t = Array.isArray(item.text) ? item.text.join(' ') : String(item.text ?? '');
          if (t.trim() && item.bounds && (item.opacity ?? 1) > 0 && (item.fillOpacity ?? 1) > 0) {
            out.push({
              role: mark.role ?? '',
              texte: t,
              x1: item.bounds.x1 + dx,
              y1: item.bounds.y1 + dy,
              x2: item.bounds.x2 + dx,
              y2: item.bounds.y2 + dy,
            });
          }
        } else if (mark.marktype === 'group') {
          for (const m of item.items ?? []) parcourir(m, dx + (item.x ?? 0), dy + (item.y ?? 0));
        }
      }
    };
    parcourir((view.scenegraph() as unknown as { root: Scene }).root, 0, 0);
    // Boxes in the SVG's coordinates (the scenegraph's are relative to the view's origin).
    const [ox, oy] = view.origin();
    const svg = await view.toSVG();
    const largeur = Number(/width="([\d.]+)"/.exec(svg)![1]);
    return { largeur, textes: out.map((t) => ({ ...t, x1: t.x1 + ox, x2: t.x2 + ox, y1: t.y1 + oy, y2: t.y2 + oy })) };
  } finally {
    view.finalize();
  }
}

const chevauche = (a: Texte, b: Texte): boolean => a.x1 < b.x2 - 0.5 && b.x1 < a.x2 - 0.5 && a.y1 < b.y2 - 0.5 && b.y1 < a.y2 - 0.5;

/** The overlapping pairs among value labels (text marks drawn from the data). */
function collisions(ts: readonly Texte[]): string[] {
  const valeurs = ts.filter((t) => t.role === 'mark');
  const out: string[] = [];
  for (let i = 0; i < valeurs.length; i++)
    for (let j = i + 1; j < valeurs.length; j++)
      if (chevauche(valeurs[i]!, valeurs[j]!)) out.push(`« ${valeurs[i]!.texte} » / « ${valeurs[j]!.texte} »`);
  return out;
}

// Realistic figures: national counts of six years (the issue's « 134 801 136 195 140 441 »),
// shares close to each other for three series, long category labels.
const p = (valeur: number) => ({ valeur, statut: 'publie' as const });
const cache = { valeur: null, statut: 'secret' as const };
const annees = [2020, 2021, 2022, 2023, 2024, 2025];
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
const valeur = (id: string, annee: number, facteur: number): number => {
  const u = indicateurs.get(id)!.unite;
  const h = [...id].reduce((s, c) => s + c.charCodeAt(0), 0) % 7;
  if (u === 'part') return Math.min(0.95, 0.4 + h / 40 + (annee - 2020) / 200) * facteur;
  if (u === 'moyenne') return 3.2 + h / 20;
  if (u === 'mois') return 7 + h + (annee - 2020) / 10;
  return Math.round((134801 + (annee - 2020) * 2700 + h * 1000) * facteur);
};
const perimetre = (nom: string, code: string, niveau: Perimetre['niveau'], facteur: number): Perimetre => ({
  niveau,
  code,
  nom,
  lire: (id, annee) => (id.endsWith('.60_plus') && niveau === 'departement' ? cache : p(valeur(id, annee, facteur))),
});
const ctx: ContexteBilan = {
  annee: 2025,
  annees,
  indicateurs,
  seuil: 11,
  source: { synthetique: true, dateExtraction: '2026-01-15' },
  perimetre: perimetre('Carsat Languedoc-Roussillon', 'CARSAT_LR', 'organisme', 1),
  parents: [perimetre('France entière', 'FR', 'national', 1.01)],
};
const ctxDepartement: ContexteBilan = {
  ...ctx,
  perimetre: perimetre('Pyrénées-Orientales', '66', 'departement', 0.98),
  parents: [ctx.perimetre, ...ctx.parents],
};

const autres: Record<string, TopLevelSpec> = {
  classement: C.barresClassees(
    ORGANISMES.map((o, i) => ({ code: o.organisme, libelle: o.nom, ...(i === 3 ? cache : p(0.4 + (i % 5) / 100)), base: p(40 + i * 37) })),
    {
      titre: "Maintien dans l'emploi ou l'employabilité",
      unite: 'part',
      titrePerimetre: 'Organisme',
      titreValeur: 'Taux',
      reference: { libelle: 'France entière', ...p(0.42) },
      surligne: 'CARSAT_LR',
      seuil: 11,
    },
  ),
  multiples: C.petitsMultiples(
    ORGANISMES.slice(0, 6).flatMap((o) =>
      annees.map((annee) => ({ code: o.organisme, libelle: o.nom, annee, ...p(0.4 + (annee - 2020) / 100) })),
    ),
    { titre: 'Maintien', unite: 'part', reference: { libelle: 'France entière', valeurs: annees.map((annee) => ({ annee, ...p(0.42) })) } },
  ),
  // Twelve years of national counts: labelling every point would write « 134 801136 195… ».
  'tendance longue': C.courbeTendance(
    Array.from({ length: 12 }, (_, i) => ({ annee: 2014 + i, serie: 'France entière', ...p(134801 + i * 1394) })),
    { titre: 'Assurés accompagnés', unite: 'personnes', series: ['France entière'], anneeCourante: 2025 },
  ),
  carte: C.carteDepartements(
    DEPARTEMENTS.map((d, i) => ({ code: d.departement, libelle: d.nom, ...(i === 0 ? cache : p(0.3 + (i % 10) / 50)) })),
    { titre: 'Maintien par département', unite: 'part', titreValeur: 'Taux' },
  ),
};

const cas: [string, TopLevelSpec][] = [
  ...graphiquesBilan(ctx).map((g): [string, TopLevelSpec] => [`organisme ${g.nom}`, g.spec]),
  ...graphiquesBilan(ctxDepartement).map((g): [string, TopLevelSpec] => [`département ${g.nom}`, g.spec]),
  ...Object.entries(autres),
];

describe.each([390, 1366, LARGEUR])('every chart at %i px', (largeur) => {
  it.each(cas)('%s: no two value labels overlap, none sticks out, nothing is cut', async (_, spec) => {
    const r = await textes(C.aLargeur(spec, largeur));
    expect(collisions(r.textes)).toEqual([]);
    for (const t of r.textes.filter((x) => x.role === 'mark')) {
      expect(t.x1, t.texte).toBeGreaterThanOrEqual(-0.5);
      expect(t.x2, t.texte).toBeLessThanOrEqual(r.largeur + 0.5);
    }
    expect(r.textes.filter((t) => t.texte.includes('…')).map((t) => t.texte)).toEqual([]);
  });
});

describe('the satisfaction items', () => {
  it.each([390, 1366])('show every item name whole and the whole legend at %i px', async (largeur) => {
    const spec = graphiquesBilan(ctx).find((g) => g.nom === 'satisfaction-items')!.spec;
    const r = await textes(C.aLargeur(spec, largeur));
    const axe = r.textes.filter((t) => t.role === 'axis-label').map((t) => t.texte);
    for (const item of [
      'Écoute',
      'Confiance',
      'Clarté des réponses',
      'Information sur les droits et démarches',
      'Prise en compte de la situation',
    ])
      expect(axe).toContain(item);
    expect(r.textes.filter((t) => t.role === 'legend-label').map((t) => t.texte)).toEqual([
      'Carsat Languedoc-Roussillon',
      'France entière',
    ]);
    // The bars start at the axis (score 1), right of the item names: no bar over a name.
    const droiteNoms = Math.max(...r.textes.filter((t) => t.role === 'axis-label' && !/^\d/.test(t.texte)).map((t) => t.x2));
    let origine = 0;
    const svg = await (async () => {
      installerMesureTexte();
      const { spec: vg } = compile(pourExport(C.aLargeur(spec, largeur)));
      const v = new vega.View(vega.parse(vg), { renderer: 'none' });
      try {
        await v.runAsync();
        origine = v.origin()[0];
        return v.scenegraph() as unknown as { root: Scene };
      } finally {
        v.finalize();
      }
    })();
    const barres: number[] = [];
    const parcourir = (m: Scene, dx: number): void => {
      for (const i of m.items ?? []) {
        if (m.marktype === 'rect' && m.role === 'mark' && i.bounds) barres.push(i.bounds.x1 + dx);
        else if (m.marktype === 'group') for (const s of i.items ?? []) parcourir(s, dx + (i.x ?? 0));
      }
    };
    parcourir(svg.root, origine);
    expect(barres.length).toBe(10);
    expect(Math.min(...barres)).toBeGreaterThan(droiteNoms);
  });
});

describe('a chart whose values are all hidden', () => {
  it('says so in a sentence instead of drawing empty axes', async () => {
    const tous: ContexteBilan = { ...ctxDepartement, perimetre: { ...ctxDepartement.perimetre, lire: () => cache } };
    for (const g of graphiquesBilan(tous).filter((x) => x.nom.startsWith('pdp-age') || x.nom === 'evolution-pdp')) {
      const r = await textes(g.spec);
      const phrase = r.textes
        .filter((t) => t.role === 'mark')
        .map((t) => t.texte)
        .join(' ');
      // pdp-age compares with the parents (shown): it keeps its bars; the trend of a count has only the scope.
      if (g.nom === 'evolution-pdp') {
        expect(phrase).toBe('Données non publiables : effectifs trop faibles (secret statistique).');
        expect(r.textes.filter((t) => t.role === 'axis-label')).toEqual([]);
        // The data table still lists every year with its mark.
        expect(C.tableauDe(g.spec).lignes).toHaveLength(annees.length);
      }
    }
    const barres = C.barresCategories(
      [
        { categorie: 'a', libelle: 'A', ...cache },
        { categorie: 'b', libelle: 'B', ...cache },
      ],
      { titre: 'Âge', unite: 'part', titreCategorie: 'Tranche', titreValeur: 'Part' },
    );
    const r = await textes(barres);
    expect(
      r.textes
        .filter((t) => t.role === 'mark')
        .map((t) => t.texte)
        .join(' '),
    ).toBe('Données non publiables : effectifs trop faibles (secret statistique).');
    expect(r.textes.filter((t) => t.role === 'axis-label')).toEqual([]);
    const vides = C.barresCategories([{ categorie: 'a', libelle: 'A', valeur: null, statut: 'sans_objet' }], {
      titre: 'Âge',
      unite: 'part',
      titreCategorie: 'Tranche',
      titreValeur: 'Part',
    });
    expect(
      (await textes(vides)).textes
        .filter((t) => t.role === 'mark')
        .map((t) => t.texte)
        .join(' '),
    ).toBe('Aucune donnée pour ce périmètre et cette période.');
  });
});

describe('source line', () => {
  it('every chart of a bilan names its source, year and extract date, and says a synthetic bilan is synthetic', async () => {
    for (const g of graphiquesBilan(ctx)) {
      const titre = (await textes(g.spec)).textes
        .filter((t) => t.role.startsWith('title'))
        .map((t) => t.texte)
        .join(' ');
      expect(titre, g.nom).toMatch(/Source : service social de l'Assurance Maladie, bilan (2025|2020–2025), extrait du 15\/01\/2026/);
      expect(titre, g.nom).toContain('Données synthétiques de démonstration');
    }
    const reel = graphiquesBilan({ ...ctx, source: { synthetique: false, dateExtraction: '2026-01-15' } });
    for (const g of reel) expect(JSON.stringify(g.spec.title), g.nom).not.toContain('synthétiques');
  });
});
