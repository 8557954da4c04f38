// The indicator catalogue (layer 3): metadata of every bilan figure and the computation of
// the table `facts`. Other layers import from here.
export { CATALOGUE, AGE_BRACKETS, type IndicatorMeta } from './catalogue.ts';
export { computeFacts, refreshFacts, figuresFor, factYears } from './facts.ts';
export { parseScope, formatScope, ALL_SCOPES, type Scope } from './scope.ts';
