// Horizontal bars, one per category (a breakdown: age brackets, origins, types…), value labels
// at the end of each bar; a suppressed value has no bar and its mark (« s »).
import {
  AJUSTE,
  LARGEUR_TOTALE,
  axeCategories,
  aucuneValeur,
  graphiqueSansValeur,
  base,
  preparer,
  notesSecret,
  axeValeur,
  COULEURS,
  coucheValeurs,
  type OptionsCommunes,
  type Point,
  type TopLevelSpec,
} from './common.js';

/** One category: its code, its French label and its published value. */
export interface LigneCategorie extends Point {
  categorie: string;
  libelle: string;
}

/** Options of barresCategories. */
export interface OptionsBarres extends OptionsCommunes {
  /** Header of the category column in the data table (« Tranche d'âge »). */
  titreCategorie: string;
  /** Header of the value column (« Part des assurés »). */
  titreValeur: string;
  /** Sort by decreasing value (default: the order given). */
  trier?: boolean;
  /** Fixed domain of the value axis (e.g. [1, 4] for a mean score). */
  domaine?: [number, number];
  couleur?: string;
}

/** Upper end of the value axis: the largest value plus room for its label. */
export function marge(rows: readonly { trace: number | null }[]): number {
  const max = Math.max(0, ...rows.map((r) => r.trace ?? 0));
  return max > 0 ? max * 1.18 : 1;
}

/** Bars of a breakdown by category. */
export function barresCategories(lignes: readonly LigneCategorie[], o: OptionsBarres): TopLevelSpec {
  const rows = preparer(lignes, o.unite, o.seuil);
  const ordre = o.trier ? [...rows].sort((a, b) => (b.trace ?? -Infinity) - (a.trace ?? -Infinity)) : rows;
  const notes = notesSecret(rows, o.seuil);
  const y = {
    field: 'libelle',
    type: 'nominal' as const,
    sort: ordre.map((r) => r.libelle),
    title: null,
    axis: axeCategories(ordre.map((r) => r.libelle)).axis,
  };
  const resume = rows.map((r) => `${r.libelle} : ${r.texte}`).join(' ; ');
  const tableau = { ligne: { champ: 'libelle', titre: o.titreCategorie }, valeur: { titre: o.titreValeur } };
  if (aucuneValeur(rows)) return graphiqueSansValeur(o, tableau, ordre, resume);
  return {
    ...base(o, tableau, notes, resume),
    width: o.largeur ?? LARGEUR_TOTALE,
    autosize: AJUSTE,
    height: { step: 30 },
    data: { values: ordre },
    transform: [{ calculate: `datum.affiche ? datum.trace : ${o.domaine?.[0] ?? 0}`, as: 'position' }],
    encoding: { y },
    layer: [
      {
        mark: { type: 'bar', color: o.couleur ?? COULEURS.principal, cornerRadiusEnd: 2, height: { band: 0.7 } },
        encoding: {
          x: {
            field: 'trace',
            type: 'quantitative',
            title: null,
            axis: { ...axeValeur(o.unite), grid: true, tickCount: 5, domain: false, ticks: false },
            scale: o.domaine ? { domain: o.domaine, zero: false, clamp: true } : { domain: [0, marge(rows)], nice: true },
          },
          tooltip: [
            { field: 'libelle', title: o.titreCategorie },
            { field: 'texte', title: o.titreValeur },
          ],
        },
      },
      coucheValeurs({ dx: 5, fontSize: 12 }),
    ],
  } as TopLevelSpec;
}
