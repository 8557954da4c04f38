// French formatting of the bilan figures, driven by the unit of a value (the one place where
// numbers become text: site pages, chart labels, commentary, exports). Browser-safe and pure.
// Every space this module writes is a narrow no-break space (U+202F), as Intl 'fr-FR' does
// for thousands and before « % »: « 11 851 », « 91,6 % », « +7 % », « 9,2 mois ».

/** Unit of an indicator (IndicatorMeta.unit of src/indicators). */
import { DEFAULT_THRESHOLD, MARQUE_SANS_OBJET, MARQUE_SECRET, type Statut, type Unite } from '../vocabulary.js';

export type { Unite } from '../vocabulary.js';

/** What a reader knows of a cell (src/vocabulary.ts). */
export type { Statut } from '../vocabulary.js';

/** One published cell: the value (null unless `publie`), its status, and its mark when it is not
 *  shown (`published.affichage`: « s » or « – »), if known. */
export interface Cellule {
  valeur: number | null;
  statut: Statut;
  marque?: string;
}

/** The space used between a number and what follows it (narrow no-break space). */
export const ESPACE = '\u202f';

/** Default confidentiality threshold (docs/confidentialite.md): counts 1–10 are not shown. */
export const SEUIL_DEFAUT = DEFAULT_THRESHOLD;

export { MARQUE_SECRET, MARQUE_SANS_OBJET } from '../vocabulary.js';

const nombres = new Map<string, Intl.NumberFormat>();
/** A cached fr-FR number formatter. */
function nf(options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = JSON.stringify(options);
  let f = nombres.get(key);
  if (!f) nombres.set(key, (f = new Intl.NumberFormat('fr-FR', options)));
  return f;
}

/** Replaces every space Intl may emit (U+0020, U+00A0, U+202F) by ESPACE, and U+2212 by « - ». */
function espaces(text: string): string {
  return text.replace(/[\u0020\u00a0\u202f]/g, ESPACE).replace(/\u2212/g, '-');
}

/** A number in French: `1234.5` → « 1 234,5 » (decimals: exact count of decimals). */
export function formatNombre(n: number, decimales = 0): string {
  return espaces(nf({ minimumFractionDigits: decimales, maximumFractionDigits: decimales }).format(n));
}

/** A share in [0, 1] as a percentage: `0.916` → « 91,6 % ». */
export function formatPart(p: number, decimales = 1): string {
  return espaces(nf({ style: 'percent', minimumFractionDigits: decimales, maximumFractionDigits: decimales }).format(p));
}

/** A relative change as a signed percentage: `0.068` → « +7 % », `-0.12` → « -12 % », « 0 % ». */
export function formatEvolution(e: number, decimales = 0): string {
  return espaces(nf({ style: 'percent', maximumFractionDigits: decimales, signDisplay: 'exceptZero' }).format(e));
}

/** A difference of shares in percentage points: `0.031` → « +3,1 pts ». */
export function formatPoints(d: number, decimales = 1): string {
  const t = espaces(nf({ minimumFractionDigits: decimales, maximumFractionDigits: decimales, signDisplay: 'exceptZero' }).format(d * 100));
  return `${t}${ESPACE}pt${Math.abs(d * 100) >= 2 ? 's' : ''}`;
}

/** A raw value, formatted by its unit (never called with null: see formatCellule). */
export function formatValeur(valeur: number, unite: Unite): string {
  switch (unite) {
    case 'personnes':
    case 'evenements':
      return formatNombre(valeur, 0);
    case 'part':
      return formatPart(valeur, 1);
    case 'evolution':
      return formatEvolution(valeur, 0);
    case 'mois':
      return `${formatNombre(valeur, 1)}${ESPACE}mois`;
    case 'moyenne':
      return formatNombre(valeur, 1);
    case 'ratio':
      return formatNombre(valeur, Math.abs(valeur) >= 1 ? 1 : 2);
  }
}

/** Whether a unit counts (people or events); other units are shares, means or ratios. */
export function estComptage(unite: Unite): boolean {
  return unite === 'personnes' || unite === 'evenements';
}

/**
 * What a page shows for a cell that is not published (docs/confidentialite.md, spec « Publication
 * rule »): « s » (secret statistique) for every value the rule hides, count or share, primary or
 * secondary — a mark per reason would tell the reader which cells are small, and « < 11 » would be
 * false on a secondary cell of hundreds; « – » for an empty base (sans objet).
 */
export function libelleSecret(statut: Exclude<Statut, 'publie'>): string {
  return statut === 'sans_objet' ? MARQUE_SANS_OBJET : MARQUE_SECRET;
}

/** The text of a cell: its formatted value, or the mark of why it is not shown. */
export function formatCellule(cellule: Cellule | undefined, unite: Unite, _seuil = SEUIL_DEFAUT): string {
  if (!cellule) return MARQUE_SANS_OBJET;
  if (cellule.statut === 'publie' && cellule.valeur !== null && Number.isFinite(cellule.valeur)) return formatValeur(cellule.valeur, unite);
  return libelleSecret(cellule.statut === 'publie' ? 'sans_objet' : cellule.statut);
}

/** Whether a cell carries a value that may be shown. */
export function estAffichable(cellule: Cellule | undefined): cellule is Cellule & { valeur: number } {
  return !!cellule && cellule.statut === 'publie' && cellule.valeur !== null && Number.isFinite(cellule.valeur);
}

/** The French legend of the marks used for cells that are not shown. */
export function legendeSecret(seuil = SEUIL_DEFAUT): { marque: string; sens: string }[] {
  return [
    {
      marque: MARQUE_SECRET,
      sens:
        `secret statistique : valeur non diffusée, parce qu'elle porte sur moins de ${formatNombre(seuil)} cas ou qu'elle permettrait ` +
        "d'en recalculer une ; même marque dans les deux cas, jamais un zéro (les zéros sont affichés)",
    },
    { marque: MARQUE_SANS_OBJET, sens: 'sans objet (aucun cas dans la base)' },
  ];
}

/** Short French sentence of why a cell is not shown (tooltips, chart notes). */
export function raisonSecret(statut: Statut, seuil = SEUIL_DEFAUT): string {
  switch (statut) {
    case 'secret':
      return `secret statistique (seuil de ${formatNombre(seuil)} cas)`;
    case 'sans_objet':
      return 'sans objet';
    case 'publie':
      return '';
  }
}

const dates = new Map<string, Intl.DateTimeFormat>();
function df(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = dates.get(key);
  if (!f) dates.set(key, (f = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', ...options })));
  return f;
}

/** A date in French: « 22 novembre 2025 ». */
export function formatDate(d: Date | string): string {
  return espaces(df({ day: 'numeric', month: 'long', year: 'numeric' }).format(typeof d === 'string' ? new Date(d) : d));
}

/** A date and time in French: « 22 novembre 2025 à 15:04 ». */
export function formatDateHeure(d: Date | string): string {
  const date = typeof d === 'string' ? new Date(d) : d;
  return `${formatDate(date)} à ${df({ hour: '2-digit', minute: '2-digit' }).format(date)}`;
}

/** Words that stop the head of a noun phrase: what follows them keeps its number
 *  (« réunion d'information » → « réunions d'information »). */
const FIN_DE_TETE = /^(de|d'.*|du|des|à|au|aux|en|pour|par|sur|sans|avec|et|ou|\(.*|«.*)$/i;
/** Words in -al whose plural is -als. */
const PLURIELS_EN_ALS = new Set(['bal', 'carnaval', 'chacal', 'festival', 'récital', 'régal', 'final', 'naval', 'fatal', 'banal']);
/** Words in -au, -eu whose plural is -s. */
const PLURIELS_EN_S = new Set(['pneu', 'bleu', 'landau', 'sarrau', 'émeu']);

/** The plural of one French word (« sociale » → « sociales », « local » → « locaux », « niveau » →
 *  « niveaux »); words ending in s, x, z, acronyms and numbers are unchanged. */
function motAuPluriel(mot: string): string {
  if (!/\p{Ll}$/u.test(mot) || /[sxz]$/.test(mot)) return mot;
  const bas = mot.toLowerCase();
  if (bas.endsWith('al') && !PLURIELS_EN_ALS.has(bas)) return `${mot.slice(0, -2)}aux`;
  if (/(au|eu)$/.test(bas) && !PLURIELS_EN_S.has(bas)) return `${mot}x`;
  return `${mot}s`;
}

/**
 * The French plural of a noun or noun phrase: every word of its head takes the plural, up to the
 * first preposition or parenthesis (« intervention sociale d'intérêt collectif (ISIC) » →
 * « interventions sociales d'intérêt collectif (ISIC) », « atelier » → « ateliers »,
 * « essai encadré accordé » → « essais encadrés accordés »).
 */
export function formePlurielle(groupe: string): string {
  const mots = groupe.split(' ');
  const fin = mots.findIndex((m, i) => i > 0 && FIN_DE_TETE.test(m));
  const tete = fin < 0 ? mots : mots.slice(0, fin);
  return [...tete.map(motAuPluriel), ...(fin < 0 ? [] : mots.slice(fin))].join(' ');
}

/** The form of a noun agreeing with a count (French rule: plural from 2, so « 0 dossier »,
 *  « 1 dossier », « 1,5 mois », « 2 dossiers »); the plural defaults to formePlurielle. */
export function accord(n: number, singulier: string, plurielForme = formePlurielle(singulier)): string {
  return Math.abs(n) >= 2 ? plurielForme : singulier;
}

/** « 1 dossier », « 25 interventions »: a count formatted in French with its noun agreeing
 *  (accord). The one plural helper of the site, the commentary and the exports. */
export function pluriel(n: number, singulier: string, plurielForme = formePlurielle(singulier), decimales = 0): string {
  return `${formatNombre(n, decimales)} ${accord(n, singulier, plurielForme)}`;
}

/** d3-format locale for Vega (axis labels), matching this module: decimal comma, U+202F groups. */
export const LOCALE_NOMBRES = {
  decimal: ',',
  thousands: ESPACE,
  grouping: [3],
  currency: ['', `${ESPACE}€`] as [string, string],
  percent: `${ESPACE}%`,
  minus: '-',
};

/** d3-time-format locale for Vega (French months and days). */
export const LOCALE_DATES = {
  dateTime: '%A %e %B %Y à %X',
  date: '%d/%m/%Y',
  time: '%H:%M:%S',
  periods: ['AM', 'PM'] as [string, string],
  days: ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi'],
  shortDays: ['dim.', 'lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.'],
  months: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
  shortMonths: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
};

/**
 * A unit's axis in Vega: the d3-format specifier (with LOCALE_NOMBRES) and the smallest step between
 * two ticks that it tells apart (a whole number, a percentage point, a tenth).
 */
export function axeDe(unite: Unite): { format: string; pas: number } {
  switch (unite) {
    case 'part':
      return { format: '.0%', pas: 0.01 };
    case 'evolution':
      return { format: '+.0%', pas: 0.01 };
    case 'mois':
    case 'moyenne':
    case 'ratio':
      return { format: ',.1~f', pas: 0.1 };
    default:
      return { format: ',.0f', pas: 1 };
  }
}

/** The d3-format specifier Vega axes use for a unit (with LOCALE_NOMBRES). */
export const formatAxe = (unite: Unite): string => axeDe(unite).format;
