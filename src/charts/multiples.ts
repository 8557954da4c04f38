// Small multiples of the trend: one small line chart per scope (organisme or département),
// the national line in grey behind it when the unit is a share or a mean (comparable scales).
import {
  aucuneValeur,
  graphiqueSansValeur,
  base,
  preparer,
  notesSecret,
  axeValeur,
  COULEURS,
  type OptionsCommunes,
  type Point,
  type TopLevelSpec,
} from './common.js';

/** The value of one scope in one year. */
export interface LigneMultiple extends Point {
  code: string;
  libelle: string;
  annee: number;
}

/** Options of petitsMultiples. */
export interface OptionsMultiples extends OptionsCommunes {
  /** National series drawn behind each scope (shares and means only). */
  reference?: { libelle: string; valeurs: readonly ({ annee: number } & Point)[] };
  /** Scopes per row (default 3). */
  colonnes?: number;
  /** Year to mark. */
  anneeCourante?: number;
}

/** Small multiples of lines, one panel per scope. */
export function petitsMultiples(lignes: readonly LigneMultiple[], o: OptionsMultiples): TopLevelSpec {
  const rows = preparer(lignes, o.unite, o.seuil).map((r) => ({ ...r, serie: 'perimetre' }));
  const notes = notesSecret(rows, o.seuil);
  const ordre = [...new Set(rows.map((r) => r.libelle))];
  const annees = [...new Set(rows.map((r) => r.annee))].sort((a, b) => a - b);
  const comparable = o.unite !== 'personnes' && o.unite !== 'evenements';
  const ref = comparable && o.reference ? preparer(o.reference.valeurs, o.unite, o.seuil) : [];
  // The reference is drawn in every panel (one copy per scope, out of the table) and listed once in the table.
  const copies = ordre.flatMap((libelle) => ref.map((r) => ({ ...r, libelle, serie: 'reference', _horsTableau: true })));
  const tableSeule = ref.map((r) => ({ ...r, libelle: o.reference!.libelle, code: 'FR', serie: 'reference', _seulementTableau: true }));
  const largeur = Math.floor((o.largeur ?? 680) / (o.colonnes ?? 3)) - 24;
  const x = {
    field: 'annee',
    type: 'ordinal' as const,
    title: null,
    scale: { type: 'point' as const, domain: annees, padding: 0.3 },
    axis: {
      labelAngle: 0,
      labelAlign: 'center',
      labelBaseline: 'top',
      ticks: false,
      labelFontSize: 10,
      values: [annees[0], annees.at(-1)],
    },
  };
  const y = {
    field: 'trace',
    type: 'quantitative' as const,
    title: null,
    axis: { ...axeValeur(o.unite), tickCount: 3, domain: false, ticks: false, labelFontSize: 10 },
  };
  const sousTitre = [o.sousTitre, ref.length ? `En gris : ${o.reference!.libelle}` : undefined].filter(Boolean).join(' — ');
  const resume = ordre
    .map(
      (l) =>
        `${l} : ${rows
          .filter((r) => r.libelle === l)
          .map((r) => `${r.annee} ${r.texte}`)
          .join(', ')}`,
    )
    .join(' ; ');
  const tableau = {
    ligne: { champ: 'libelle', titre: 'Périmètre' },
    colonne: { champ: 'annee', titre: 'Année' },
    valeur: { titre: 'Valeur' },
  };
  if (aucuneValeur(rows)) return graphiqueSansValeur(o, tableau, rows, resume);
  return {
    ...base({ ...o, sousTitre }, tableau, notes, resume),
    data: { values: [...rows, ...copies, ...tableSeule] },
    transform: [{ filter: '!datum._seulementTableau' }],
    facet: {
      field: 'libelle',
      type: 'nominal',
      title: null,
      sort: ordre,
      header: { labelAnchor: 'start', labelFontWeight: 600, labelLimit: largeur },
    },
    columns: o.colonnes ?? 3,
    spec: {
      width: largeur,
      height: 90,
      layer: [
        {
          transform: [{ filter: "datum.serie === 'reference'" }],
          mark: { type: 'line', color: '#9aa5b1', strokeWidth: 1.5, invalid: 'break-paths-show-domains' },
          encoding: { x, y },
        },
        {
          transform: [{ filter: "datum.serie === 'perimetre'" }],
          mark: { type: 'line', color: COULEURS.principal, strokeWidth: 2, invalid: 'break-paths-show-domains' },
          encoding: { x, y },
        },
        {
          transform: [{ filter: "datum.serie === 'perimetre'" }],
          mark: { type: 'point', filled: true, size: 22, color: COULEURS.principal },
          encoding: {
            x,
            y,
            tooltip: [
              { field: 'libelle', title: 'Périmètre' },
              { field: 'annee', title: 'Année' },
              { field: 'texte', title: 'Valeur' },
            ],
          },
        },
      ],
    },
    resolve: { scale: { y: comparable ? 'shared' : 'independent' } },
    spacing: { row: 18, column: 24 },
  } as TopLevelSpec;
}
