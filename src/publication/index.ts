// Statistical confidentiality (layer 4): `facts` → `published` (primary and secondary
// suppression) and the audit that plays the attacker on the published set.
export { publish, suppress, DEFAULT_THRESHOLD, type Statut, type PublicationState, type FactRow } from './publish.ts';
export { auditPublished, auditRows, attackTable, type AuditReport, type AuditIssue, type AuditMethod } from './audit.ts';
export { protect, isSmall, type ProtectProblem, type ProtectResult, type SumRelation, type UnitStatus } from './engine.ts';
export { buildModel, type PublicationModel, type FactKey } from './relations.ts';
