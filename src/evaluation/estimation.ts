// The difference in differences and its uncertainty, set-based over the panel (panel.ts).
//
// Estimate: the change of the pilot group's pooled value between before and after the start,
// minus the same change for the comparison départements (the pooled value of a group is
// Σ numerators / Σ bases over its départements and months; for volumes, the log of the monthly
// mean, so that the effect is relative).
//
// Uncertainty: placebo pilots ("faux pilotes"). Each draw replaces every pilot département by a
// comparison département of similar size (one of its K nearest by the size of its base before the
// start, drawn with a fixed seed), and computes the same difference in differences between that
// placebo group and the other comparison départements. With no effect, the real estimate would
// be one more draw of that distribution: the 95 % interval is the estimate minus the 97.5 % and
// 2.5 % quantiles of the placebo estimates (inversion of a randomisation test, assuming an effect
// that adds the same amount everywhere), the p-value the share of draws at least as far from 0.
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit, queryRows } from '../warehouse/db.ts';
import { TABLE_PANEL } from './panel.ts';

/** Options of the inference. */
export interface OptionsInference {
  /** Number of placebo draws (default 999). */
  tirages?: number;
  /** Seed of the draws (default 20250101). */
  graine?: number;
  /** Number of comparison départements of similar size each pilot département can be replaced by (default 20). */
  voisins?: number;
}

/** Pooled numerator and base of a group over a period. */
export interface Agregat {
  num: number;
  den: number;
}

/** The estimate of one indicator, on the log scale for volumes (raw) and on the display scale. */
export interface EstimationBrute {
  indicateur: string;
  departementsPilote: number;
  departementsTemoins: number;
  pilote: { avant: Agregat; apres: Agregat };
  temoins: { avant: Agregat; apres: Agregat };
  /** Difference in differences (log scale for volumes). */
  estimation: number | null;
  /** Quantiles 2.5 % and 97.5 % of the placebo estimates, their mean, and how many draws were usable. */
  placeboQ025: number | null;
  placeboQ975: number | null;
  placeboMoyenne: number | null;
  tiragesUtiles: number;
  /** Draws whose |placebo| ≥ |estimate|. */
  tiragesAuMoinsAussiLoin: number;
  /** Histogram of the placebo estimates (raw scale): lower bound of each bin and count. */
  histogramme: { de: number; a: number; n: number }[];
}

/** Runs the estimation for every indicator of the panel. */
export async function estimer(con: DuckDBConnection, o: OptionsInference = {}): Promise<EstimationBrute[]> {
  const B = o.tirages ?? 999;
  const graine = o.graine ?? 20250101;
  const K = o.voisins ?? 20;
  if (!Number.isInteger(B) || B < 19) throw new Error(`nombre de tirages invalide : ${B} (au moins 19)`);
  if (!Number.isInteger(K) || K < 1) throw new Error(`nombre de voisins invalide : ${K}`);
  // f: the scale of the comparison (log of the monthly mean for volumes, the value otherwise)
  const f = (num: string, den: string) => `CASE WHEN u.unite = 'volume' THEN CASE WHEN ${num} > 0 AND ${den} > 0 THEN ln(${num} / ${den}) END
      ELSE CASE WHEN ${den} > 0 THEN ${num} / ${den} END END`;
  const rows = await queryRows<{
    indicateur: string; n_pilote: number; n_temoins: number;
    p_av_num: number; p_av_den: number; p_ap_num: number; p_ap_den: number;
    t_av_num: number; t_av_den: number; t_ap_num: number; t_ap_den: number;
    estimation: number | null; q025: number | null; q975: number | null; moyenne: number | null; utiles: number; aussi_loin: number;
    histo: { de: number; a: number; n: number }[] | null;
  }>(con, `
    WITH unites AS (SELECT DISTINCT indicateur, unite FROM ${TABLE_PANEL}),
    dp AS (
      SELECT indicateur, departement, role, apres, sum(num) AS num, sum(den) AS den FROM ${TABLE_PANEL} WHERE role <> 'exclu' GROUP BY ALL),
    groupes AS (
      SELECT indicateur, role, apres, sum(num) AS num, sum(den) AS den, count(DISTINCT departement) AS n FROM dp GROUP BY ALL),
    larges AS (
      SELECT g.indicateur,
        max(n) FILTER (WHERE role = 'pilote') AS n_pilote, max(n) FILTER (WHERE role = 'temoin') AS n_temoins,
        coalesce(max(num) FILTER (WHERE role = 'pilote' AND NOT apres), 0) AS p_av_num, coalesce(max(den) FILTER (WHERE role = 'pilote' AND NOT apres), 0) AS p_av_den,
        coalesce(max(num) FILTER (WHERE role = 'pilote' AND apres), 0) AS p_ap_num, coalesce(max(den) FILTER (WHERE role = 'pilote' AND apres), 0) AS p_ap_den,
        coalesce(max(num) FILTER (WHERE role = 'temoin' AND NOT apres), 0) AS t_av_num, coalesce(max(den) FILTER (WHERE role = 'temoin' AND NOT apres), 0) AS t_av_den,
        coalesce(max(num) FILTER (WHERE role = 'temoin' AND apres), 0) AS t_ap_num, coalesce(max(den) FILTER (WHERE role = 'temoin' AND apres), 0) AS t_ap_den
      FROM groupes g GROUP BY g.indicateur),
    est AS (
      SELECT l.*, (${f('p_ap_num', 'p_ap_den')}) - (${f('p_av_num', 'p_av_den')}) - ((${f('t_ap_num', 't_ap_den')}) - (${f('t_av_num', 't_av_den')})) AS estimation
      FROM larges l JOIN unites u USING (indicateur)),
    -- size of each département: its base before the start (events for volumes)
    taille AS (
      SELECT dp.indicateur, dp.departement, dp.role, CASE WHEN u.unite = 'volume' THEN dp.num ELSE dp.den END AS taille
      FROM dp JOIN unites u USING (indicateur) WHERE NOT dp.apres),
    t AS (SELECT indicateur, departement, taille, row_number() OVER (PARTITION BY indicateur ORDER BY departement) AS ti FROM taille WHERE role = 'pilote'),
    c AS (SELECT indicateur, departement, taille FROM taille WHERE role = 'temoin' AND taille > 0),
    candidats AS (
      SELECT * FROM (
        SELECT t.indicateur, t.ti, c.departement,
          row_number() OVER (PARTITION BY t.indicateur, t.ti ORDER BY abs(ln(c.taille) - ln(greatest(t.taille, 1))), c.departement) AS k
        FROM t JOIN c USING (indicateur))
      WHERE k <= ${K}),
    nk AS (SELECT indicateur, ti, count(*) AS n FROM candidats GROUP BY ALL),
    tirages AS (
      SELECT nk.indicateur, b.b, nk.ti,
        1 + floor((hash(hash(${graine}::BIGINT, nk.indicateur, b.b, nk.ti)) >> 11)::DOUBLE / 9007199254740992.0 * nk.n)::BIGINT AS k
      FROM nk CROSS JOIN range(${B}) b(b)),
    membres AS (SELECT t.indicateur, t.b, c.departement FROM tirages t JOIN candidats c USING (indicateur, ti, k)),
    placebo AS (
      SELECT m.indicateur, m.b, dp.apres, sum(dp.num) AS num, sum(dp.den) AS den
      FROM membres m JOIN dp ON dp.indicateur = m.indicateur AND dp.departement = m.departement GROUP BY ALL),
    distincts AS (
      SELECT d.indicateur, d.b, dp.apres, sum(dp.num) AS num, sum(dp.den) AS den
      FROM (SELECT DISTINCT indicateur, b, departement FROM membres) d
      JOIN dp ON dp.indicateur = d.indicateur AND dp.departement = d.departement GROUP BY ALL),
    reste AS (
      SELECT d.indicateur, d.b, d.apres, g.num - d.num AS num, g.den - d.den AS den
      FROM distincts d JOIN groupes g ON g.indicateur = d.indicateur AND g.role = 'temoin' AND g.apres = d.apres),
    par_tirage AS (
      SELECT p.indicateur, p.b,
        (${f('max(p.num) FILTER (WHERE p.apres)', 'max(p.den) FILTER (WHERE p.apres)')})
        - (${f('max(p.num) FILTER (WHERE NOT p.apres)', 'max(p.den) FILTER (WHERE NOT p.apres)')})
        - ((${f('max(r.num) FILTER (WHERE r.apres)', 'max(r.den) FILTER (WHERE r.apres)')})
           - (${f('max(r.num) FILTER (WHERE NOT r.apres)', 'max(r.den) FILTER (WHERE NOT r.apres)')})) AS valeur
      FROM placebo p JOIN reste r USING (indicateur, b, apres) JOIN unites u USING (indicateur)
      GROUP BY p.indicateur, p.b, u.unite),
    valides AS (SELECT indicateur, valeur FROM par_tirage WHERE valeur IS NOT NULL AND isfinite(valeur)),
    bornes AS (SELECT indicateur, min(valeur) AS lo, max(valeur) AS hi FROM valides GROUP BY indicateur),
    histo AS (
      SELECT indicateur, list({'de': lo + i * pas, 'a': lo + (i + 1) * pas, 'n': n} ORDER BY i) AS histo FROM (
        SELECT v.indicateur, b.lo, (b.hi - b.lo) / 30 AS pas,
          least(29, floor((v.valeur - b.lo) / nullif((b.hi - b.lo) / 30, 0)))::INTEGER AS i, count(*) AS n
        FROM valides v JOIN bornes b USING (indicateur) GROUP BY ALL)
      GROUP BY indicateur),
    stats AS (
      SELECT v.indicateur, quantile_cont(v.valeur, 0.025) AS q025, quantile_cont(v.valeur, 0.975) AS q975, avg(v.valeur) AS moyenne,
        count(*) AS utiles, count(*) FILTER (WHERE abs(v.valeur) >= abs(e.estimation) - 1e-12) AS aussi_loin
      FROM valides v JOIN est e USING (indicateur) GROUP BY v.indicateur)
    SELECT e.indicateur, coalesce(e.n_pilote, 0) AS n_pilote, coalesce(e.n_temoins, 0) AS n_temoins,
      e.p_av_num, e.p_av_den, e.p_ap_num, e.p_ap_den, e.t_av_num, e.t_av_den, e.t_ap_num, e.t_ap_den,
      e.estimation, s.q025, s.q975, s.moyenne, coalesce(s.utiles, 0) AS utiles, coalesce(s.aussi_loin, 0) AS aussi_loin, h.histo
    FROM est e LEFT JOIN stats s USING (indicateur) LEFT JOIN histo h USING (indicateur)
    ORDER BY e.indicateur`);
  return rows.map((r) => ({
    indicateur: r.indicateur,
    departementsPilote: r.n_pilote,
    departementsTemoins: r.n_temoins,
    pilote: { avant: { num: r.p_av_num, den: r.p_av_den }, apres: { num: r.p_ap_num, den: r.p_ap_den } },
    temoins: { avant: { num: r.t_av_num, den: r.t_av_den }, apres: { num: r.t_ap_num, den: r.t_ap_den } },
    estimation: finite(r.estimation),
    placeboQ025: finite(r.q025),
    placeboQ975: finite(r.q975),
    placeboMoyenne: finite(r.moyenne),
    tiragesUtiles: r.utiles,
    tiragesAuMoinsAussiLoin: r.aussi_loin,
    histogramme: (r.histo ?? []).map((x) => ({ de: Number(x.de), a: Number(x.a), n: Number(x.n) })),
  }));
}

const finite = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** SQL literal list of départements (for callers that filter on them). */
export const listeSql = (deps: readonly string[]): string => deps.map(lit).join(', ');
