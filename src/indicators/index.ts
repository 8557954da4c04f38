// The indicator catalogue (layer 3): metadata of every bilan figure and the computation of
// the table `facts`. Other layers import from here.
export { CATALOGUE, AGE_BRACKETS, indicatorMeta, type IndicatorMeta, type Unit, type CategoryList } from './catalogue.ts';
export { computeFacts, refreshFacts, figuresFor, factYears, dataSignature, type ComputeOptions } from './facts.ts';
export { parseScope, formatScope, ALL_SCOPES, NATIONAL_CODE, type Scope, type Niveau } from './scope.ts';
