// The shared vocabulary of the bilan, defined once: levels of a scope, units of a figure, statuses
// of a published cell and the confidentiality threshold. Browser-safe (no Node import): the
// pipeline, the exporter and the site's pages all import it.

/** Levels of a scope (facts.niveau, published.niveau), from the widest. @public */
export const LEVELS = ['national', 'organisme', 'departement'] as const;
/** Level of a scope. */
export type Niveau = (typeof LEVELS)[number];

/** Units of a figure (IndicatorMeta.unit): they drive formatting, rounding and the rule. @public */
export const UNITS = ['personnes', 'evenements', 'part', 'moyenne', 'mois', 'ratio', 'evolution'] as const;
/** Unit of a figure: counts of people or events, shares (fractions), means, durations in months, ratios, changes. */
export type Unite = (typeof UNITS)[number];

/** Why a published row shows what it shows (published.statut): warehouse only, never printed by the site nor the exports. @public */
export const STATUTS_PUBLICATION = ['publie', 'secret_primaire', 'secret_secondaire', 'sans_objet'] as const;
/** Status of a published row in the warehouse. */
export type StatutPublication = (typeof STATUTS_PUBLICATION)[number];

/** What a reader knows of a cell: published, hidden by the rule (never why), or without object (empty base). @public */
export const STATUTS = ['publie', 'secret', 'sans_objet'] as const;
/** Status of a cell as the site and the exports know it. */
export type Statut = (typeof STATUTS)[number];

/** The mark of every value hidden by the rule (secret statistique), whatever the reason and the unit (spec: publication rule). */
export const MARQUE_SECRET = 's';
/** The mark of a share, mean or ratio whose base is empty (sans objet). */
export const MARQUE_SANS_OBJET = '–';

/** Default confidentiality threshold (spec indicators.md, publication rule): counts 1 … threshold − 1 are never shown nor recoverable. */
export const DEFAULT_THRESHOLD = 11;

/** Whether a count is small in the sense of the rule: 1 ≤ value < threshold (zero is not secret). */
export function isSmallCount(value: number, threshold: number = DEFAULT_THRESHOLD): boolean {
  return value > 0 && value < threshold;
}
