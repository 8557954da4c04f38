// What every chart shares: the row and option types, the colours (colour-blind safe), the
// French locale and the base of a Vega-Lite spec. Pure and browser-safe: the site renders the
// specs with vega-embed, the exporter renders them headless in Node with vega's view API.
import type { TopLevelSpec } from 'vega-lite';
import {
  formatCellule,
  formatAxe,
  axeDe,
  estAffichable,
  raisonSecret,
  legendeSecret,
  LOCALE_NOMBRES,
  LOCALE_DATES,
  SEUIL_DEFAUT,
  type Cellule,
  type Statut,
  type Unite,
} from '../format/index.js';

export type { TopLevelSpec };

/** A published value as charts receive it. */
export type Point = Cellule;

/** Options every chart function takes. */
export interface OptionsCommunes {
  /** French title (the chart's first line). */
  titre: string;
  /** Second line (scope, year…). */
  sousTitre?: string;
  /** Unit of the values (formatting, axes). */
  unite: Unite;
  /** Confidentiality threshold, for the legend of the « s » mark. */
  seuil?: number;
  /** Total width in pixels, labels included (default LARGEUR_TOTALE; the map and the small
   *  multiples take it as the width of their drawing). */
  largeur?: number;
  /** Base name of the downloaded files, without extension. */
  fichier?: string;
  /** Source lines printed under the title, after the notes (see ligneSource). */
  source?: readonly string[];
}

/** Where the figures come from, as charts print it: the extract's provenance (src/warehouse/provenance.ts). */
export interface SourceDonnees {
  /** True when the bilan rests on a synthetic extract (the generator's). */
  synthetique: boolean;
  /** Date of the extract, YYYY-MM-DD, if known. */
  dateExtraction: string | null;
}

/** The sentence every chart, page and PDF page of a synthetic bilan carries. */
export const MENTION_SYNTHETIQUE = 'Données synthétiques de démonstration';

/** The source line of a chart (as Datawrapper and official statistics print it): « Source : service
 *  social de l'Assurance Maladie, bilan 2025, extrait du 15/01/2026 », then, for a synthetic bilan,
 *  « Données synthétiques de démonstration ». `annees`: the year, or the first and last of a trend. */
export function ligneSource(source: SourceDonnees | null | undefined, annees: number | readonly [number, number]): string[] {
  const a = typeof annees === 'number' ? String(annees) : annees[0] === annees[1] ? String(annees[0]) : `${annees[0]}–${annees[1]}`;
  const date = source?.dateExtraction ? `, extrait du ${source.dateExtraction.split('-').reverse().join('/')}` : '';
  return [`Source : service social de l'Assurance Maladie, bilan ${a}${date}`, ...(source?.synthetique ? [MENTION_SYNTHETIQUE] : [])];
}

/** Default total width of a chart (labels and legend included). */
export const LARGEUR_TOTALE = 560;

/** Autosize of the single-view charts: `width` is the whole chart's width, labels included, so the
 *  site can give a chart exactly the width of its container (and the exporter a fixed one). */
export const AJUSTE = { type: 'fit-x', contains: 'padding' } as const;

/** Colours (Okabe–Ito, distinguishable with the common colour-vision deficiencies). */
export const COULEURS = {
  principal: '#0072B2',
  parent: '#E69F00',
  national: '#555555',
  accent: '#D55E00',
  vert: '#009E73',
  ciel: '#56B4E9',
  rose: '#CC79A7',
  secret: '#c9ced4',
  vide: '#eef0f2',
  texte: '#1f2933',
  discret: '#5f6b7a',
  grille: '#e5e8ec',
} as const;

/** Ordered palette for several series (scope, parent, nation, then others). */
export const PALETTE: readonly string[] = [
  COULEURS.principal,
  COULEURS.parent,
  COULEURS.national,
  COULEURS.vert,
  COULEURS.rose,
  COULEURS.ciel,
  COULEURS.accent,
];

/** Font stack: system fonts only (the site makes no external request). */
const POLICE = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif';

/** How a chart's data becomes a table (text alternative, CSV, XLSX): read by src/charts/data.ts. */
export interface DescriptionTableau {
  /** Field and header of the row labels. */
  ligne: { champ: string; titre: string };
  /** Field whose values become columns (several series), if any. */
  colonne?: { champ: string; titre: string };
  /** Header of the value column when there is no `colonne`. */
  valeur: { titre: string };
  /** Further text columns (annotations), shown after the value. */
  extras?: { champ: string; titre: string }[];
}

/** The `usermeta` of every spec of this module. */
export interface MetaGraphique {
  fichier: string;
  unite: Unite;
  seuil: number;
  tableau: DescriptionTableau;
  /** Notes shown under the chart (marks of suppressed cells used in it). */
  notes: string[];
  /** The title and subtitle lines, unwrapped (to re-wrap them at another width). */
  titre: string;
  sousTitres: string[];
}

/** A row as it is stored in the spec's data: the caller's fields plus display fields. */
export type Ligne<T> = T & {
  valeur: number | null;
  statut: Statut;
  /** Value drawn (null when not shown). */
  trace: number | null;
  /** Formatted value or mark (« 91,6 % », « s », « – »). */
  texte: string;
  /** Whether the value is shown. */
  affiche: boolean;
  /** Why the value is not shown (empty when it is). */
  raison: string;
};

/** Adds the display fields to rows (formatted text, whether shown, why not). */
export function preparer<T extends Point>(lignes: readonly T[], unite: Unite, seuil = SEUIL_DEFAUT): Ligne<T>[] {
  return lignes.map((l) => {
    const affiche = estAffichable(l);
    return {
      ...l,
      trace: affiche ? l.valeur : null,
      texte: formatCellule(l, unite, seuil),
      affiche,
      raison: raisonSecret(l.statut, seuil),
    };
  });
}

/** Notes for the marks of suppressed cells present in rows (empty if all are shown). */
export function notesSecret(lignes: readonly { statut: Statut; affiche: boolean; texte: string }[], seuil = SEUIL_DEFAUT): string[] {
  const marques = new Set(lignes.filter((l) => !l.affiche).map((l) => l.texte));
  return legendeSecret(seuil)
    .filter((l) => marques.has(l.marque))
    .map((l) => `« ${l.marque} » : ${l.sens}`);
}

/** A file name from a title: lower case ASCII, dashes. */
export function nomFichier(titre: string): string {
  return (
    titre
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 80) || 'graphique'
  );
}

/** Vega config: French locale, system fonts, quiet axes. */
function configuration(): Record<string, unknown> {
  return {
    locale: { number: LOCALE_NOMBRES, time: LOCALE_DATES },
    font: POLICE,
    background: '#ffffff',
    padding: { left: 8, right: 16, top: 8, bottom: 8 },
    view: { stroke: null },
    title: {
      anchor: 'start',
      fontSize: 16,
      fontWeight: 600,
      color: COULEURS.texte,
      subtitleFontSize: 13,
      subtitleColor: COULEURS.discret,
      offset: 14,
      subtitlePadding: 4,
    },
    axis: {
      labelFontSize: 12,
      titleFontSize: 12,
      labelColor: COULEURS.texte,
      titleColor: COULEURS.discret,
      titleFontWeight: 'normal',
      gridColor: COULEURS.grille,
      domainColor: '#9aa5b1',
      tickColor: '#9aa5b1',
      labelLimit: 260,
    },
    legend: {
      labelFontSize: 12,
      titleFontSize: 12,
      orient: 'top',
      labelLimit: 320,
      titleColor: COULEURS.discret,
      labelColor: COULEURS.texte,
      symbolType: 'square',
    },
    text: { fontSize: 12, color: COULEURS.texte },
    header: { labelFontSize: 12, titleFontSize: 12, labelColor: COULEURS.texte },
    bar: { color: COULEURS.principal },
    line: { color: COULEURS.principal, strokeWidth: 2.5 },
    point: { filled: true, size: 50 },
  };
}

/** Splits a title into lines of at most `max` characters (at spaces). */
export function envelopper(texte: string, max: number): string[] {
  const lignes: string[] = [];
  let ligne = '';
  for (const mot of texte.split(' ')) {
    if (ligne && `${ligne} ${mot}`.length > max) {
      lignes.push(ligne);
      ligne = mot;
    } else ligne = ligne ? `${ligne} ${mot}` : mot;
  }
  if (ligne) lignes.push(ligne);
  return lignes;
}

/** Characters per title line for a chart width (16 px bold: about 10 px per character). */
const caracteresParLigne = (largeur: number): number => Math.max(24, Math.floor((largeur - 16) / 10));
/** Characters per subtitle line (13 px: about 7 px per character). */
const caracteresParLigneSousTitre = (largeur: number): number => Math.max(30, Math.floor((largeur - 16) / 7));

/** The title block of a chart for a width: title and subtitle lines wrapped to fit it. */
function titrePour(titre: string, sousTitres: readonly string[], largeur: number): { text: string[]; subtitle?: string[] } {
  const sous = sousTitres.flatMap((t) => envelopper(t, caracteresParLigneSousTitre(largeur)));
  return { text: envelopper(titre, caracteresParLigne(largeur)), ...(sous.length ? { subtitle: sous } : {}) };
}

/** A single-view chart (autosize fit-x) at another total width, its title re-wrapped to fit. */
export function aLargeur(spec: TopLevelSpec, largeur: number): TopLevelSpec {
  if ((spec.autosize as { type?: string } | undefined)?.type !== 'fit-x') return spec;
  const meta = spec.usermeta as unknown as MetaGraphique;
  return {
    ...spec,
    width: largeur,
    title: { ...(spec.title as object), ...titrePour(meta.titre, meta.sousTitres, largeur) },
  } as TopLevelSpec;
}

/** The parts of a spec every chart has: schema, title, description, config, usermeta. */
export function base(
  o: OptionsCommunes,
  tableau: DescriptionTableau,
  notes: string[],
  description: string,
): Pick<TopLevelSpec, '$schema' | 'title' | 'description' | 'config' | 'usermeta'> {
  const sousTitres = [o.sousTitre, ...notes, ...(o.source ?? [])].filter((x): x is string => !!x);
  const usermeta: MetaGraphique = {
    fichier: o.fichier ?? nomFichier(o.titre),
    unite: o.unite,
    seuil: o.seuil ?? SEUIL_DEFAUT,
    tableau,
    notes,
    titre: o.titre,
    sousTitres,
  };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: titrePour(o.titre, sousTitres, o.largeur ?? LARGEUR_TOTALE),
    description: `${o.titre}. ${description}`,
    config: configuration() as TopLevelSpec['config'],
    usermeta: usermeta as unknown as Record<string, unknown>,
  };
}

/** The d3-format specifier of a unit's axis. */
export const formatDAxe = formatAxe;

/**
 * A unit's value axis: its format, and the smallest step between two ticks that this format tells
 * apart (a whole number, a percentage point, a tenth), so that small values never give ticks that
 * read the same (« 0 0 0 1 1 1 » for counts of 0 and 1).
 */
export function axeValeur(unite: Unite): { format: string; tickMinStep: number } {
  const { format, pas } = axeDe(unite);
  return { format, tickMinStep: pas };
}

/**
 * The layer that writes each bar's value at its end (`position`, `texte`), dimmed when the value
 * is not shown (hidden or empty base); `y` when the bars are horizontal on a y channel.
 */
export function coucheValeurs<Y extends object>(o: { dx: number; fontSize: number; y?: Y; champ?: string }) {
  return {
    mark: { type: 'text' as const, align: 'left' as const, dx: o.dx, fontSize: o.fontSize },
    encoding: {
      ...(o.y ? { y: o.y } : {}),
      x: { field: 'position', type: 'quantitative' as const },
      text: { field: o.champ ?? 'texte' },
      color: { condition: { test: 'datum.affiche', value: COULEURS.texte }, value: COULEURS.discret },
    },
  };
}

/** Whether no value of a chart can be drawn: every one hidden or without base. */
export const aucuneValeur = (rows: readonly { affiche: boolean }[]): boolean => rows.every((r) => !r.affiche);

/** The sentence a chart shows instead of empty axes when none of its values can be shown. */
function phraseSansValeur(rows: readonly { statut: Statut }[]): string[] {
  // Two short lines: they fit the narrowest chart (390 px) without re-wrapping.
  return rows.some((r) => r.statut === 'secret')
    ? ['Données non publiables :', 'effectifs trop faibles (secret statistique).']
    : ['Aucune donnée pour ce périmètre', 'et cette période.'];
}

/**
 * A chart none of whose values can be shown: its title and a sentence instead of empty axes. The
 * rows stay in the spec's data, so the table (text alternative, CSV, XLSX) still lists each mark.
 */
export function graphiqueSansValeur(
  o: OptionsCommunes,
  tableau: DescriptionTableau,
  rows: readonly { statut: Statut; affiche: boolean; texte: string }[],
  description: string,
): TopLevelSpec {
  const phrase = phraseSansValeur(rows);
  return {
    ...base(o, tableau, notesSecret(rows, o.seuil), `${phrase.join(' ')} ${description}`),
    width: o.largeur ?? LARGEUR_TOTALE,
    autosize: AJUSTE,
    height: 56,
    data: { values: [...rows] },
    transform: [{ filter: '!datum._horsTableau' }, { aggregate: [{ op: 'count', as: 'n' }] }],
    mark: {
      type: 'text',
      align: 'left',
      baseline: 'middle',
      fontSize: 13,
      fontStyle: 'italic',
      color: COULEURS.discret,
      x: 0,
      y: 20,
      lineHeight: 18,
    },
    encoding: { text: { value: phrase } },
  } as TopLevelSpec;
}

/** Characters per line of a category label (12 px): long labels wrap onto two or three lines. */
const CARACTERES_LIBELLE = 24;

/** Estimated width in pixels of a 12 px label line (Inter and system sans-serif average 0.56 em). */
const largeurLibelle = (texte: string): number => Math.ceil(texte.length * 6.8);

/**
 * The category axis of horizontal bars: every label written whole, wrapped on lines of at most
 * CARACTERES_LIBELLE characters (never cut with « … »), in a column of fixed width so that the
 * legend can start at the chart's left edge (legendeGauche). Returns the axis and the column width.
 */
export function axeCategories(
  libelles: readonly string[],
  suite: ReadonlyMap<string, string> = new Map(),
): { axis: Record<string, unknown>; largeur: number; lignes: number } {
  const lignes = new Map(libelles.map((l) => [l, [...envelopper(l, CARACTERES_LIBELLE), ...(suite.get(l) ? [suite.get(l)!] : [])]]));
  const largeur = Math.max(40, ...[...lignes.values()].flat().map(largeurLibelle));
  const multiples = [...lignes].filter(([, ls]) => ls.length > 1);
  const labelExpr = multiples.length ? `(${JSON.stringify(Object.fromEntries(multiples))})[datum.value] || datum.value` : undefined;
  return {
    largeur: largeur + 6,
    lignes: Math.max(1, ...[...lignes.values()].map((ls) => ls.length)),
    axis: {
      ticks: false,
      domain: false,
      labelPadding: 6,
      labelLimit: largeur + 20,
      minExtent: largeur + 6,
      maxExtent: largeur + 6,
      labelLineHeight: 14,
      ...(labelExpr ? { labelExpr } : {}),
    },
  };
}

/** A vertical legend above the plot starting at the chart's left edge (over the category column
 *  of width `decalage`), so that long series names are never cut at narrow widths. */
export function legendeGauche(decalage: number, series: number): Record<string, unknown> {
  return { orient: 'none', direction: 'vertical', legendX: -decalage, legendY: -hauteurLegende(series), labelLimit: 1000 };
}

/** Height taken by legendeGauche above the plot (the title is moved up by as much). */
export const hauteurLegende = (series: number): number => series * 16 + 10;

/** A spec's title moved up by `decalage` pixels (room for a legend placed with orient none). */
export function titreDecale(titre: TopLevelSpec['title'], decalage: number): TopLevelSpec['title'] {
  return { ...(titre as object), offset: 14 + decalage } as TopLevelSpec['title'];
}
