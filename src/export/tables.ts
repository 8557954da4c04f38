// The tables of a bilan, as the exporter writes them (CSV, XLSX, PDF): the data of every chart
// (read from the chart's spec by src/charts/data.ts, as the site's downloads), the key
// figures with their change over a year, the main indicators of the scope beside its parents,
// the scope's children, and every published indicator of the year. Pure: from the same
// ContexteBilan / BilanPerimetre as the site pages (published set only). Browser-safe: the site's
// downloads build the table of a chart with tableauGraphique, as the exporter does.
import type { TopLevelSpec } from 'vega-lite';
import { tableauDe, type MetaGraphique } from '../charts/index.js';
import { uniteDe } from '../commentary/index.js';
import {
  CHIFFRES_CLES,
  decoder,
  INDICATEURS_PRINCIPAUX,
  type BilanPerimetre,
  type ContexteBilan,
  type JeuPerimetre,
  type Meta,
} from '../data/site-model.js';
import { estAffichable, formatCellule, formatPoints, legendeSecret, type Cellule, type Unite } from '../format/index.js';

/** A cell of an exported table: the French text (PDF), the raw published value (null when not
 *  shown) and the unit that formats it in a spreadsheet; cells without unit are labels. */
export interface CelluleExport {
  texte: string;
  valeur: number | null;
  unite?: Unite | 'points';
}

/** A table of the export. `nom` is its file name (without extension) and sheet. */
export interface TableauExport {
  nom: string;
  /** Short name of its sheet in the workbook (31 characters at most). */
  feuille: string;
  titre: string;
  entetes: string[];
  lignes: CelluleExport[][];
  /** Notes shown under the table (marks of hidden values used in it). */
  notes: string[];
}

/** French name of a unit, for a column « Unité » (the spreadsheet values are in that unit). */
const NOMS_UNITES: Readonly<Record<Unite | 'points', string>> = {
  personnes: 'personnes',
  evenements: 'nombre',
  part: '%',
  moyenne: 'moyenne',
  mois: 'mois',
  ratio: 'ratio',
  evolution: '% (évolution)',
  points: 'points de %',
};

/** A cell of a published value: formatted text, raw value when shown, unit. */
function celluleValeur(c: Cellule | undefined, unite: Unite, seuil: number): CelluleExport {
  return { texte: formatCellule(c, unite, seuil), valeur: estAffichable(c) ? c.valeur : null, unite };
}

const libelle = (t: string): CelluleExport => ({ texte: t, valeur: null });

/** The notes for the marks used in a table's hidden cells (same sentences as the charts'). */
function notesDe(lignes: readonly CelluleExport[][], seuil: number): string[] {
  const marques = new Set(
    lignes
      .flat()
      .filter((c) => c.unite && c.valeur === null)
      .map((c) => c.texte),
  );
  return legendeSecret(seuil)
    .filter((l) => marques.has(l.marque))
    .map((l) => `« ${l.marque} » : ${l.sens}`);
}

/** The table of a chart (its data as the site's « Voir les données » and downloads show it). */
export function tableauGraphique(spec: TopLevelSpec, feuille: string): TableauExport {
  const t = tableauDe(spec);
  const meta = spec.usermeta as unknown as MetaGraphique;
  return {
    nom: meta.fichier,
    feuille,
    titre: t.titre,
    entetes: t.entetes,
    notes: t.notes,
    lignes: t.lignes.map((l) =>
      l.map((c, i) =>
        t.colonnesValeurs.includes(i) && c.texte !== ''
          ? { texte: c.texte, valeur: c.valeur, unite: t.unite }
          : { texte: c.texte, valeur: null },
      ),
    ),
  };
}

/** Change of an indicator over one year, as a number: the published evolution indicator when the
 *  catalogue has one, else from the two published values (relative for counts and means, in
 *  points for shares); null when either is not shown. Same rule as commentary's `variation`. */
function evolution(ctx: ContexteBilan, id: string): CelluleExport | null {
  const publiee = `evolution.${id}`;
  if (ctx.indicateurs.has(publiee)) {
    const e = ctx.perimetre.lire(publiee, ctx.annee);
    return estAffichable(e) ? celluleValeur(e, 'evolution', ctx.seuil) : null;
  }
  if (!ctx.annees.includes(ctx.annee - 1)) return null;
  const a = ctx.perimetre.lire(id, ctx.annee);
  const b = ctx.perimetre.lire(id, ctx.annee - 1);
  if (!estAffichable(a) || !estAffichable(b)) return null;
  if (uniteDe(ctx, id) === 'part') {
    const d = a.valeur - b.valeur;
    return { texte: formatPoints(d), valeur: d * 100, unite: 'points' };
  }
  if (b.valeur === 0) return null;
  return celluleValeur({ valeur: a.valeur / b.valeur - 1, statut: 'publie' }, 'evolution', ctx.seuil);
}

/** The change over one year and its unit (« % » for counts and means, « points de % » for shares). */
function evolutionEtUnite(ctx: ContexteBilan, id: string): CelluleExport[] {
  const e = evolution(ctx, id);
  return e ? [e, libelle(e.unite === 'points' ? NOMS_UNITES.points : '%')] : [libelle('–'), libelle('')];
}

/** Key figures: value of the year, of the year before, change, and the parents' values. */
export function tableauChiffresCles(ctx: ContexteBilan): TableauExport {
  const precedente = ctx.annees.includes(ctx.annee - 1);
  const lignes = CHIFFRES_CLES.map((k) => {
    const u = uniteDe(ctx, k.id);
    return [
      libelle(ctx.indicateurs.get(k.id)?.libelle ?? k.libelle),
      libelle(NOMS_UNITES[u]),
      celluleValeur(ctx.perimetre.lire(k.id, ctx.annee), u, ctx.seuil),
      ...(precedente ? [celluleValeur(ctx.perimetre.lire(k.id, ctx.annee - 1), u, ctx.seuil)] : []),
      ...evolutionEtUnite(ctx, k.id),
      ...ctx.parents.map((p) => celluleValeur(p.lire(k.id, ctx.annee), u, ctx.seuil)),
    ];
  });
  return {
    nom: 'chiffres-cles',
    feuille: 'Chiffres clés',
    titre: `Chiffres clés ${ctx.annee} — ${ctx.perimetre.nom}`,
    entetes: [
      'Indicateur',
      'Unité',
      String(ctx.annee),
      ...(precedente ? [String(ctx.annee - 1)] : []),
      'Évolution sur un an',
      "Unité de l'évolution",
      ...ctx.parents.map((p) => `${p.nom} ${ctx.annee}`),
    ],
    lignes,
    notes: notesDe(lignes, ctx.seuil),
  };
}

/** The main indicators of the scope beside its parents (one row per indicator). */
export function tableauComparaison(ctx: ContexteBilan): TableauExport {
  const ids = INDICATEURS_PRINCIPAUX.filter((id) => ctx.indicateurs.has(id));
  const perimetres = [ctx.perimetre, ...ctx.parents];
  const lignes = ids.map((id) => {
    const u = uniteDe(ctx, id);
    return [
      libelle(ctx.indicateurs.get(id)!.libelle),
      libelle(NOMS_UNITES[u]),
      ...perimetres.map((p) => celluleValeur(p.lire(id, ctx.annee), u, ctx.seuil)),
    ];
  });
  return {
    nom: 'comparaison',
    feuille: 'Comparaison',
    titre: `Principaux indicateurs ${ctx.annee} : ${ctx.perimetre.nom}${ctx.parents.length ? ' et ' + ctx.parents.map((p) => p.nom).join(', ') : ''}`,
    entetes: ['Indicateur', 'Unité', ...perimetres.map((p) => p.nom)],
    lignes,
    notes: notesDe(lignes, ctx.seuil),
  };
}

/** The scope's children (organismes of the nation, départements of an organisme) for the main
 *  indicators, one row per child; null when the scope has none. */
export function tableauEnfants(bilan: BilanPerimetre, meta: Pick<Meta, 'indicateurs' | 'seuil'>, annee: number): TableauExport | null {
  if (!bilan.enfants.length) return null;
  const metas = new Map(meta.indicateurs.map((m) => [m.id, m]));
  const ids = INDICATEURS_PRINCIPAUX.filter((id) => metas.has(id) && bilan.enfants.some((j) => j.valeurs[id]));
  const rang = bilan.annees.indexOf(annee);
  const lire = (j: JeuPerimetre, id: string) => decoder(j.valeurs[id]?.[rang]);
  const lignes = [bilan.perimetre, ...bilan.enfants].map((j) => [
    libelle(j.niveau === 'departement' ? `${j.nom} (${j.code})` : j.nom),
    ...ids.map((id) => celluleValeur(lire(j, id), metas.get(id)!.unite, meta.seuil)),
  ]);
  const niveau = bilan.enfants[0]!.niveau === 'organisme' ? 'organismes' : 'départements';
  return {
    nom: niveau === 'organismes' ? 'organismes' : 'departements',
    feuille: niveau === 'organismes' ? 'Organismes' : 'Départements',
    titre: `Principaux indicateurs ${annee} des ${niveau} — ${bilan.perimetre.nom}`,
    entetes: [
      'Périmètre',
      ...ids.map((id) => {
        const m = metas.get(id)!;
        return m.unite === 'part' || m.unite === 'evolution' ? `${m.libelle} (%)` : m.unite === 'mois' ? `${m.libelle} (mois)` : m.libelle;
      }),
    ],
    lignes,
    notes: notesDe(lignes, meta.seuil),
  };
}

/** Every published indicator of the scope for the year (and the year before), catalogue order. */
export function tableauIndicateurs(ctx: ContexteBilan): TableauExport {
  const precedente = ctx.annees.includes(ctx.annee - 1);
  const lignes = [...ctx.indicateurs.values()].map((m) => [
    libelle(m.libelle),
    libelle(m.id),
    libelle(NOMS_UNITES[m.unite]),
    celluleValeur(ctx.perimetre.lire(m.id, ctx.annee), m.unite, ctx.seuil),
    ...(precedente ? [celluleValeur(ctx.perimetre.lire(m.id, ctx.annee - 1), m.unite, ctx.seuil)] : []),
  ]);
  return {
    nom: 'indicateurs',
    feuille: 'Indicateurs',
    titre: `Tous les indicateurs publiés — ${ctx.perimetre.nom}, ${ctx.annee}`,
    entetes: ['Indicateur', 'Identifiant', 'Unité', String(ctx.annee), ...(precedente ? [String(ctx.annee - 1)] : [])],
    lignes,
    notes: notesDe(lignes, ctx.seuil),
  };
}
