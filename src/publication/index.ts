// Statistical confidentiality (layer 4): `facts` → `published` (primary and secondary
// suppression) and the audit that plays the attacker on everything that leaves the warehouse.
export { publish, suppress, publicationSignature, HEADLINE_IDS, type Statut, type PublicationState, type FactRow } from './publish.ts';
export { DEFAULT_THRESHOLD, HIDDEN_MARK, EMPTY_MARK, RULE_VERSION } from './rule.ts';
export { auditPublished, auditRows, attackTable, checkAgainstFacts, type AuditReport, type AuditIssue, type AuditMethod } from './audit.ts';
export {
  protect,
  isSmall,
  hiddenLowerBounds,
  type ProtectProblem,
  type ProtectResult,
  type SumRelation,
  type UnitStatus,
} from './engine.ts';
export { buildModel, type PublicationModel, type FactKey, type ExternalTotal, type CellRef } from './relations.ts';
export { evaluationTotals, evaluationTotalsOf } from './external.ts';
export { ensurePublished, type EnsureResult } from './ensure.ts';
