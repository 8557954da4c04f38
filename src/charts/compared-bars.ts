// Grouped horizontal bars: each category shown for several scopes side by side (the scope,
// its parent, the nation), to compare a profile or a set of rates.
import {
  AJUSTE,
  LARGEUR_TOTALE,
  axeCategories,
  legendeGauche,
  hauteurLegende,
  titreDecale,
  aucuneValeur,
  graphiqueSansValeur,
  base,
  preparer,
  notesSecret,
  axeValeur,
  PALETTE,
  coucheValeurs,
  type OptionsCommunes,
  type Point,
  type TopLevelSpec,
} from './common.js';
import { marge } from './bars.js';

/** One category for one series (scope). */
export interface LigneComparee extends Point {
  categorie: string;
  libelle: string;
  serie: string;
}

/** Options of barresComparees. */
export interface OptionsComparees extends OptionsCommunes {
  titreCategorie: string;
  /** Series in display order (their colours follow PALETTE). */
  series: readonly string[];
  domaine?: [number, number];
}

/** Bars of several series per category. */
export function barresComparees(lignes: readonly LigneComparee[], o: OptionsComparees): TopLevelSpec {
  const rows = preparer(lignes, o.unite, o.seuil);
  const notes = notesSecret(rows, o.seuil);
  const categories = [...new Set(rows.map((r) => r.libelle))];
  const resume = categories
    .map(
      (c) =>
        `${c} : ${rows
          .filter((r) => r.libelle === c)
          .map((r) => `${r.serie} ${r.texte}`)
          .join(', ')}`,
    )
    .join(' ; ');
  const axe = axeCategories(categories);
  const couleur = {
    field: 'serie',
    type: 'nominal' as const,
    title: null,
    scale: { domain: [...o.series], range: PALETTE.slice(0, o.series.length) },
    sort: [...o.series],
    legend: legendeGauche(axe.largeur, o.series.length),
  };
  const yOffset = { field: 'serie', type: 'nominal' as const, sort: [...o.series], scale: { paddingInner: 0.1 } };
  const tableau = {
    ligne: { champ: 'libelle', titre: o.titreCategorie },
    colonne: { champ: 'serie', titre: 'Périmètre' },
    valeur: { titre: 'Valeur' },
  };
  if (aucuneValeur(rows)) return graphiqueSansValeur(o, tableau, rows, resume);
  const entete = base(o, tableau, notes, resume);
  return {
    ...entete,
    title: titreDecale(entete.title, hauteurLegende(o.series.length)),
    width: o.largeur ?? LARGEUR_TOTALE,
    autosize: AJUSTE,
    height: { step: 15, for: 'offset' },
    data: { values: rows },
    transform: [{ calculate: `datum.affiche ? datum.trace : ${o.domaine?.[0] ?? 0}`, as: 'position' }],
    encoding: {
      y: { field: 'libelle', type: 'nominal', sort: categories, title: null, axis: axe.axis, scale: { paddingInner: 0.25 } },
      yOffset,
    },
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2 },
        encoding: {
          x: {
            field: 'trace',
            type: 'quantitative',
            title: null,
            axis: { ...axeValeur(o.unite), grid: true, tickCount: 5, domain: false, ticks: false },
            scale: o.domaine ? { domain: o.domaine, zero: false, clamp: true } : { domain: [0, marge(rows)], nice: true },
          },
          color: couleur,
          tooltip: [
            { field: 'libelle', title: o.titreCategorie },
            { field: 'serie', title: 'Périmètre' },
            { field: 'texte', title: 'Valeur' },
          ],
        },
      },
      coucheValeurs({ dx: 4, fontSize: 11 }),
    ],
  } as TopLevelSpec;
}
