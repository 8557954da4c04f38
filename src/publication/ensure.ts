// The protect phase as one call: publish when the inputs changed (signature), let the caller
// publish what depends on the published set (the evaluation), audit everything that leaves the
// warehouse, and republish with the evaluation's group totals until the audit passes.
import type { Warehouse } from '../warehouse/db.ts';
import { lit, queryRows, tableExists } from '../warehouse/db.ts';
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
  /** Whether `audit` is the stored report of the last audit that passed, the content being unchanged since (no new audit run). */
  auditReused: boolean;
}

/**
 * A checksum of what the audit reads besides the facts (which the signature covers): every row of
 * `published` and of `published_evaluation` (count, XOR and sum of row hashes). Equal checksums:
 * the audited content has not changed since.
 */
async function auditedContent(w: Warehouse): Promise<string> {
  const parts: string[] = [];
  for (const t of ['published', 'published_evaluation']) {
    if (!(await tableExists(w.con, t))) {
      parts.push(`${t}:-`);
      continue;
    }
    const [r] = await queryRows<{ n: number; x: string; s: string }>(
      w.con,
      `SELECT count(*) AS n, CAST(bit_xor(hash(t)) AS VARCHAR) AS x, CAST(sum(hash(t) % 1000000007) AS VARCHAR) AS s FROM ${t} t`,
    );
    parts.push(`${t}:${r!.n}:${r!.x}:${r!.s}`);
  }
  return parts.join('|');
}

/** Records in publication_state that the content as it is now passed `audit` (its report kept). */
async function recordAudit(w: Warehouse, audit: AuditReport): Promise<void> {
  await w.con.run(
    `UPDATE publication_state SET complet = true, contenu_audite = ${lit(await auditedContent(w))}, rapport_audit = ${lit(JSON.stringify(audit))}`,
  );
}

/** Most rounds of publish → evaluation → audit before giving up (the audit's failure is returned). */
const MAX_ROUNDS = 3;

/**
 * Ensures the published set is current and safe: republishes when the signature of its inputs
 * (facts, threshold, reference data, rule version) differs from the stored one or the last run did
 * not complete; after each publication runs `afterPublish` (the build passes the evaluation's
 * publisher), then audits (bilan, evaluation series, model checked against the facts); with the same
 * signature and the same published content as at the last audit that passed, that audit's report is
 * returned without auditing again, unless `reaudit` (the `bilan audit` command). When the
 * audit fails and the evaluation's totals changed, publishes again with them. Returns the last
 * audit: the caller fails on `audit.ok === false`.
 */
export async function ensurePublished(
  w: Warehouse,
  opts: { threshold?: number; afterPublish?: (w: Warehouse) => Promise<unknown>; force?: boolean; reaudit?: boolean } = {},
): Promise<EnsureResult> {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const stored = await storedSignature(w);
  if (!opts.force && stored?.complet && stored.signature === (await publicationSignature(w, threshold))) {
    // Same inputs and, since the last audit that passed, the same published content: that audit holds.
    if (!opts.reaudit && stored.rapportAudit !== null && stored.contenuAudite === (await auditedContent(w))) {
      return { republished: false, rounds: 0, audit: JSON.parse(stored.rapportAudit) as AuditReport, auditReused: true };
    }
    const audit = await auditPublished(w, { threshold });
    if (audit.ok) {
      await recordAudit(w, audit);
      return { republished: false, rounds: 0, audit, auditReused: false };
    }
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
      await recordAudit(w, audit);
      break;
    }
    const next = (await tableExists(w.con, 'published_evaluation')) ? await evaluationTotals(w.con) : [];
    if (JSON.stringify(next) === JSON.stringify(external)) break;
    external = next;
  }
  return { republished: true, ...(state ? { state } : {}), rounds, audit: audit!, auditReused: false };
}
