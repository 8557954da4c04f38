// The publication rule's constants (../shared/spec/indicators.md, « Publication rule »), in one
// place: the default threshold, the marks a reader sees, and the rule's version (part of the
// signature that decides whether to republish). Pure and browser-safe: src/format reads it too.
// (To move into src/vocabulary.ts once that module exists.)

/** Default confidentiality threshold: counts 1 … 10 are never published nor recoverable. */
export const DEFAULT_THRESHOLD = 11;

/** The one mark of every value the rule hides, primary or secondary, count or share (secret statistique). */
export const HIDDEN_MARK = 's';

/** The mark of a share, mean or ratio whose base is empty. */
export const EMPTY_MARK = '–';

/**
 * Version of the rule as implemented (model of the reader's knowledge, engine): a published set
 * built by another version is rebuilt. Raise it whenever relations.ts, engine.ts or publish.ts
 * change what gets hidden.
 */
export const RULE_VERSION = '2026-11-30.2';
