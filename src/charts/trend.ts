// Lines over the years, one per series (a scope, or the scope and its parent and the nation
// for a share); the chosen year is marked; a suppressed year breaks the line and shows its mark.
// Value labels never collide, at any width: one series writes the value of the chosen year only
// (the other years are in the tooltips and the data table); several series write none (their
// values are close by nature); a hidden year writes its mark once at the foot of the axis.
import {
  AJUSTE,
  LARGEUR_TOTALE,
  aucuneValeur,
  graphiqueSansValeur,
  base,
  preparer,
  notesSecret,
  axeValeur,
  PALETTE,
  COULEURS,
  type OptionsCommunes,
  type Point,
  type TopLevelSpec,
} from './common.js';

/** The value of one series in one year. */
export interface LigneTendance extends Point {
  annee: number;
  serie: string;
}

/** Options of courbeTendance. */
export interface OptionsTendance extends OptionsCommunes {
  /** Series in display order (their colours follow PALETTE). */
  series: readonly string[];
  /** Year to mark with a vertical rule. */
  anneeCourante?: number;
  /** Write the value of the chosen year (default: when there is one series). */
  etiquettes?: boolean;
  hauteur?: number;
}

/** Line chart of the trend over the years. */
export function courbeTendance(lignes: readonly LigneTendance[], o: OptionsTendance): TopLevelSpec {
  const rows = preparer(lignes, o.unite, o.seuil);
  const notes = notesSecret(rows, o.seuil);
  const annees = [...new Set(rows.map((r) => r.annee))].sort((a, b) => a - b);
  const etiquettes = o.etiquettes ?? o.series.length === 1;
  const resume = o.series
    .map(
      (s) =>
        `${s} : ${rows
          .filter((r) => r.serie === s)
          .map((r) => `${r.annee} ${r.texte}`)
          .join(', ')}`,
    )
    .join(' ; ');
  const echelle = { type: 'point' as const, domain: annees, padding: 0.6 };
  const x = {
    field: 'annee',
    type: 'ordinal' as const,
    title: null,
    scale: echelle,
    axis: { labelAngle: 0, labelAlign: 'center', labelBaseline: 'top', ticks: false, domain: true, labelPadding: 6 },
  };
  const y = {
    field: 'trace',
    type: 'quantitative' as const,
    title: null,
    axis: { ...axeValeur(o.unite), tickCount: 5, domain: false, ticks: false },
  };
  const couleur = {
    field: 'serie',
    type: 'nominal' as const,
    title: null,
    scale: { domain: [...o.series], range: PALETTE.slice(0, o.series.length) },
    sort: [...o.series],
    legend: o.series.length === 1 ? null : { direction: 'vertical' as const, orient: 'top' as const },
  };
  const tableau = {
    ligne: { champ: 'annee', titre: 'Année' },
    ...(o.series.length > 1 ? { colonne: { champ: 'serie', titre: 'Périmètre' } } : {}),
    valeur: { titre: 'Valeur' },
  };
  if (aucuneValeur(rows)) return graphiqueSansValeur(o, tableau, rows, resume);
  const anneeEtiquette = o.anneeCourante !== undefined && annees.includes(o.anneeCourante) ? o.anneeCourante : annees.at(-1);
  return {
    ...base(o, tableau, notes, resume),
    width: o.largeur ?? LARGEUR_TOTALE,
    autosize: AJUSTE,
    height: o.hauteur ?? 220,
    data: { values: rows },
    layer: [
      ...(o.anneeCourante !== undefined && annees.includes(o.anneeCourante)
        ? [
            {
              // one datum: drawn once, not once per row
              data: { values: [{}] },
              mark: { type: 'rule' as const, color: '#b8c2cc', strokeDash: [4, 3], strokeWidth: 1.5 },
              encoding: { x: { datum: o.anneeCourante, type: 'ordinal' as const, scale: echelle } },
            },
          ]
        : []),
      {
        mark: { type: 'line', invalid: 'break-paths-show-domains', point: false },
        encoding: { x, y, color: couleur, detail: { field: 'serie' } },
      },
      {
        mark: { type: 'point', filled: true, size: 55 },
        encoding: {
          x,
          y,
          color: couleur,
          tooltip: [
            { field: 'annee', title: 'Année' },
            { field: 'serie', title: 'Périmètre' },
            { field: 'texte', title: 'Valeur' },
          ],
        },
      },
      ...(etiquettes
        ? [
            {
              transform: [{ filter: `datum.affiche && datum.annee === ${anneeEtiquette}` }],
              mark: { type: 'text' as const, dy: -12, fontSize: 11, fontWeight: 600 },
              encoding: { x, y, text: { field: 'texte' } },
            },
          ]
        : []),
      {
        // One mark per hidden year, whatever the number of series hidden that year.
        transform: [{ filter: '!datum.affiche' }, { aggregate: [{ op: 'min', field: 'texte', as: 'texte' }], groupby: ['annee'] }],
        mark: { type: 'text', fontSize: 11, fontStyle: 'italic', color: COULEURS.discret, baseline: 'bottom', dy: -4 },
        encoding: { x, y: { datum: 0, type: 'quantitative' }, text: { field: 'texte' } },
      },
    ],
  } as TopLevelSpec;
}
