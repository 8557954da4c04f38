// The protect phase as one call: publish when the inputs changed (signature), let the caller
// publish what depends on the published set (the evaluation), audit everything that leaves the
// warehouse, and republish with the evaluation's group totals until the audit passes.
import type { Warehouse } from '../warehouse/db.ts';
import { tableExists } from '../warehouse/db.ts';
import { auditPublished, type AuditReport } from './audit.ts';
import { evaluationTotals } from './external.ts';
import { publicationSignature, publish, storedSignature, type PublicationState } from './publish.ts';
import { DEFAULT_THRESHOLD } from './rule.ts';

/** Outcome of ensurePublished. */
export interface EnsureResult {
  /** Whether `published` was rebuilt (false: same signature, last run complete and audited). */
  republished: boolean;
  /** Summary of the last publication run (when republished). */
  state?: PublicationState;
  /** Publication rounds run (with the evaluation's totals of the round before). */
  rounds: number;
  audit: AuditReport;
}

/** Most rounds of publish → evaluation → audit before giving up (the audit's failure is returned). */
const MAX_ROUNDS = 3;

/**
 * Ensures the published set is current and safe: republishes when the signature of its inputs
 * (facts, threshold, reference data, rule version) differs from the stored one or the last run did
 * not complete; after each publication runs `afterPublish` (the build passes the evaluation's
 * publisher), then audits (bilan, evaluation series, model checked against the facts). When the
 * audit fails and the evaluation's totals changed, publishes again with them. Returns the last
 * audit: the caller fails on `audit.ok === false`.
 */
export async function ensurePublished(
  w: Warehouse,
  opts: { threshold?: number; afterPublish?: (w: Warehouse) => Promise<unknown>; force?: boolean } = {},
): Promise<EnsureResult> {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const stored = await storedSignature(w);
  if (!opts.force && stored?.complet && stored.signature === (await publicationSignature(w, threshold))) {
    const audit = await auditPublished(w, { threshold });
    if (audit.ok) return { republished: false, rounds: 0, audit };
  }
  let external = (await tableExists(w.con, 'published_evaluation')) ? await evaluationTotals(w.con) : [];
  let state: PublicationState | undefined;
  let audit: AuditReport | undefined;
  let rounds = 0;
  while (rounds < MAX_ROUNDS) {
    rounds++;
    state = await publish(w, { threshold, external });
    if (opts.afterPublish) await opts.afterPublish(w);
    audit = await auditPublished(w, { threshold });
    if (audit.ok) {
      await w.con.run('UPDATE publication_state SET complet = true');
      break;
    }
    const next = (await tableExists(w.con, 'published_evaluation')) ? await evaluationTotals(w.con) : [];
    if (JSON.stringify(next) === JSON.stringify(external)) break;
    external = next;
  }
  return { republished: true, ...(state ? { state } : {}), rounds, audit: audit! };
}
