// The shared vocabulary of the bilan, defined once: levels of a scope, units of a figure, statuses
// of a published cell and the confidentiality threshold. Browser-safe (no Node import): the
// pipeline, the exporter and the site's pages all import it.

/** Levels of a scope (facts.niveau, published.niveau), from the widest. */
export const LEVELS = ['national', 'organisme', 'departement'] as const;
/** Level of a scope. */
export type Niveau = (typeof LEVELS)[number];

/** Units of a figure (IndicatorMeta.unit): they drive formatting, rounding and the rule. */
export const UNITS = ['personnes', 'evenements', 'part', 'moyenne', 'mois', 'ratio', 'evolution'] as const;
/** Unit of a figure: counts of people or events, shares (fractions), means, durations in months, ratios, changes. */
export type Unite = (typeof UNITS)[number];

/** Why a published cell shows what it shows (published.statut; never leaves the warehouse for a hidden cell). */
export const STATUTS = ['publie', 'secret_primaire', 'secret_secondaire', 'sans_objet'] as const;
/** Status of a published cell. */
export type Statut = (typeof STATUTS)[number];

/** Default confidentiality threshold (spec indicators.md, publication rule): counts 1 … threshold − 1 are never shown nor recoverable. */
export const DEFAULT_THRESHOLD = 11;

/** Whether a count is small in the sense of the rule: 1 ≤ value < threshold (zero is not secret). */
export function isSmallCount(value: number, threshold: number = DEFAULT_THRESHOLD): boolean {
  return value > 0 && value < threshold;
}
