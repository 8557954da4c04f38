// Statistical confidentiality (layer 4): `facts` → `published` (primary and secondary
// suppression) and the audit that plays the attacker on everything that leaves the warehouse.
export { publish } from './publish.ts';

export { auditPublished, type AuditReport, type AuditMethod } from './audit.ts';

export { ensurePublished, type EnsureResult } from './ensure.ts';
