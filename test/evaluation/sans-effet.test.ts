// The generator's no-effect switch (`generate --sans-effet`, issue 15): the same draws with the
// pilots' effects at zero. Before the start the two extracts are identical; after it, the
// flyers' extra referrals (from médecins traitants) are gone.
import { describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { runGeneration } from '../../src/generate/index.ts';
import { PILOTE_FLYERS } from '../../src/generate/params.ts';
import { queryRows } from '../../src/warehouse/db.ts';

describe('generate --sans-effet', () => {
  it('keeps every draw and removes only the pilot effects (Aube, flyers from January 2025)', async () => {
    const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
    const con = await inst.connect();
    try {
      for (const [t, sans] of [
        ['avec', false],
        ['sans', true],
      ] as const) {
        await runGeneration(
          con,
          { departements: ['10'], years: [2024, 2025], seed: 3, sansEffet: sans },
          { until: 'out_entretiens', axes: ['PDP'] },
        );
        await con.run(`CREATE TABLE ${t} AS SELECT year(date) AS annee, origine, count(*) AS n FROM out_signalements GROUP BY ALL`);
      }
      const rows = await queryRows<{ annee: number; origine: string; avec: number; sans: number }>(
        con,
        `
        SELECT annee, origine, coalesce(a.n, 0)::INTEGER AS avec, coalesce(s.n, 0)::INTEGER AS sans
        FROM avec a FULL JOIN sans s USING (annee, origine) ORDER BY annee, origine`,
      );
      const de = (annee: number) => rows.filter((r) => r.annee === annee);
      // 2024: before the start, identical
      for (const r of de(2024)) expect(r.avec, r.origine).toBe(r.sans);
      // 2025: with the effect, m = 1.066 times the accompaniments, each forced to the médecin traitant
      // with probability (m − 1) / m: the médecins traitants' referrals rise, the others' total stays
      // about the same (n m × (1 / m) on average)
      const mt = (k: 'avec' | 'sans') =>
        de(2025)
          .filter((r) => r.origine === PILOTE_FLYERS.origine_supplementaire)
          .reduce((s, r) => s + r[k], 0);
      const autres = (k: 'avec' | 'sans') =>
        de(2025)
          .filter((r) => r.origine !== PILOTE_FLYERS.origine_supplementaire)
          .reduce((s, r) => s + r[k], 0);
      expect(mt('avec')).toBeGreaterThan(mt('sans'));
      expect(Math.abs(autres('avec') / autres('sans') - 1)).toBeLessThan(0.05);
      const total = (k: 'avec' | 'sans') => de(2025).reduce((s, r) => s + r[k], 0);
      // about 6.6 % more referrals (the multiplier), within Poisson noise of a few hundred
      expect(total('avec') / total('sans')).toBeGreaterThan(1.0);
      expect(total('avec') / total('sans')).toBeLessThan(1.15);
    } finally {
      con.closeSync();
      inst.closeSync();
    }
  }, 120_000);
});
