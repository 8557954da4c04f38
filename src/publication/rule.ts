// The publication rule's constants (../shared/spec/indicators.md, « Publication rule »): the default
// threshold and the marks a reader sees are defined once in src/vocabulary.ts (browser-safe, read
// by the pages) and re-exported here under the publication's names; the rule's version (part of the
// signature that decides whether to republish) is defined here.
export { DEFAULT_THRESHOLD, MARQUE_SECRET as HIDDEN_MARK, MARQUE_SANS_OBJET as EMPTY_MARK } from '../vocabulary.ts';

/**
 * Version of the rule as implemented (model of the reader's knowledge, engine, weights): a
 * published set built by another version is rebuilt. Raise it whenever relations.ts, engine.ts or
 * publish.ts change what gets hidden.
 */
export const RULE_VERSION = '2026-11-30.2';
