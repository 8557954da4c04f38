// The protect phase as one call: republish decided by the signature of the inputs and the
// completion flag, the audit skipped only while the published content is the one it passed, « s »
// as the only mark in `published.affichage`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWarehouse, openWarehouse, queryRows, type Warehouse } from '../../src/warehouse/db.ts';
import { ensurePublished } from '../../src/publication/ensure.ts';

let w: Warehouse;
/** Aube (10) and Haute-Marne (52), PDP referrals by year: 40 and 3 in 2024 (3 is small). */
const FACTS = [
  [2024, 'departement', '10', 'pdp.signalements', 40],
  [2024, 'departement', '52', 'pdp.signalements', 3],
  [2024, 'departement', '55', 'pdp.signalements', 25],
] as const;

beforeAll(async () => {
  w = await openWarehouse(':memory:');
  await w.con.run(`CREATE OR REPLACE TABLE facts (annee INTEGER, niveau VARCHAR, code VARCHAR, indicateur VARCHAR,
    valeur DOUBLE, numerateur DOUBLE, denominateur DOUBLE)`);
  await w.con.run(
    `INSERT INTO facts VALUES ${FACTS.map(([a, n, c, i, v]) => `(${a}, '${n}', '${c}', '${i}', ${v}, ${v}, NULL)`).join(', ')}`,
  );
});
afterAll(() => closeWarehouse(w));

describe('ensurePublished', () => {
  it('publishes, runs what follows, audits; then skips while the inputs are the same', async () => {
    let after = 0;
    const first = await ensurePublished(w, {
      threshold: 11,
      afterPublish: async () => {
        after++;
      },
    });
    expect(first.republished).toBe(true);
    expect(first.audit.ok).toBe(true);
    expect(after).toBe(1);
    const rows = await queryRows<{ code: string; affichage: string | null }>(w.con, 'SELECT code, affichage FROM published ORDER BY code');
    expect(rows).toEqual([
      { code: '10', affichage: null },
      { code: '52', affichage: 's' },
      { code: '55', affichage: null },
    ]);
    const again = await ensurePublished(w, {
      threshold: 11,
      afterPublish: async () => {
        after++;
      },
    });
    expect(again.republished).toBe(false);
    expect(after).toBe(1);
  });

  it('republishes when a fact, the threshold or the completion flag changes', async () => {
    await w.con.run("UPDATE facts SET valeur = 5, numerateur = 5 WHERE code = '55'");
    const changed = await ensurePublished(w, { threshold: 11 });
    expect(changed.republished).toBe(true);
    // 3 and 5 are small; no total of them is published: two « s ».
    expect((await queryRows<{ n: number }>(w.con, "SELECT count(*)::INTEGER AS n FROM published WHERE affichage = 's'"))[0]!.n).toBe(2);
    expect((await ensurePublished(w, { threshold: 11 })).republished).toBe(false);
    expect((await ensurePublished(w, { threshold: 4 })).republished).toBe(true);
    expect((await queryRows<{ n: number }>(w.con, "SELECT count(*)::INTEGER AS n FROM published WHERE affichage = 's'"))[0]!.n).toBe(1);
    // An interrupted run (evaluation or audit not done) leaves complet = false: the next one republishes.
    await w.con.run('UPDATE publication_state SET complet = false');
    expect((await ensurePublished(w, { threshold: 4 })).republished).toBe(true);
  });

  it('audits again when the published content changed since the audit that passed, or when asked (bilan audit)', async () => {
    expect((await ensurePublished(w, { threshold: 4 })).audit.ok).toBe(true);
    // unchanged: the stored report of the audit that passed is returned, no new audit
    const same = await ensurePublished(w, { threshold: 4 });
    expect(same.auditReused).toBe(true);
    expect(same.audit.ok).toBe(true);
    // a hidden cell made visible by hand (as a tampered warehouse would be): the audit runs, fails,
    // and the set is published again from the facts (3 hidden again)
    await w.con.run("UPDATE published SET statut = 'publie', affichage = NULL, valeur = 3, numerateur = 3 WHERE code = '52'");
    const tampered = await ensurePublished(w, { threshold: 4 });
    expect(tampered.auditReused).toBe(false);
    expect(tampered.republished).toBe(true);
    expect(tampered.audit.ok).toBe(true);
    expect((await queryRows<{ a: string | null }>(w.con, "SELECT affichage AS a FROM published WHERE code = '52'"))[0]!.a).toBe('s');
    // asked explicitly (bilan audit): a new audit although nothing changed
    const asked = await ensurePublished(w, { threshold: 4, reaudit: true });
    expect(asked).toMatchObject({ republished: false, auditReused: false, audit: { ok: true } });
    expect((await ensurePublished(w, { threshold: 4 })).auditReused).toBe(true);
  });

  it('keeps the status in the warehouse only: published.affichage is « s » whatever the reason', async () => {
    const rows = await queryRows<{ statut: string; affichage: string | null }>(
      w.con,
      'SELECT DISTINCT statut, affichage FROM published ORDER BY statut',
    );
    for (const r of rows) expect(r.affichage).toBe(r.statut === 'publie' ? null : 's');
  });
});
