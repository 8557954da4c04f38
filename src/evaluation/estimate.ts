// The difference in differences and its uncertainty, set-based over the panel (panel.ts).
//
// Estimate: the change of the pilot group's pooled value between before and after the start,
// minus the same change for the comparison départements (the pooled value of a group is
// Σ numerators / Σ bases over its départements and months; for volumes, the log of the monthly
// mean, so that the effect is relative).
//
// Uncertainty: placebo pilots ("faux pilotes"), studentised. Each draw takes as many comparison
// départements as the pilot has (drawn without replacement, fixed seed) and computes the same
// difference in differences between them and the other comparison départements. Groups differ in
// size, hence in noise: each estimate (real or placebo) is divided by its standard error, built
// from the sampling variance of each département's values (binomial for shares, Poisson for
// counts, the observed variance for means) plus a common variance of département-level shocks
// estimated on the comparison départements (τ², method of moments). With no effect, the real
// ratio would be one more draw of the placebo ratios: the p-value is the share of draws at least
// as far from 0, and the 95 % interval is estimate − q × standard error for the 97.5 % and 2.5 %
// quantiles q of the placebo ratios (inversion of the test, for an effect that adds the same
// amount everywhere). See docs/evaluation.md.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../warehouse/db.ts';
import { TABLE_PANEL } from './panel.ts';

/** Options of the inference. */
export interface OptionsInference {
  /** Number of placebo draws (default 999). */
  tirages?: number;
  /** Seed of the draws (default 20250101). */
  graine?: number;
}

/** Pooled numerator and base of a group over a period. */
export interface Agregat {
  num: number;
  den: number;
}

/** The estimate of one indicator (log scale for volumes). */
export interface EstimationBrute {
  indicateur: string;
  departementsPilote: number;
  departementsTemoins: number;
  pilote: { avant: Agregat; apres: Agregat };
  temoins: { avant: Agregat; apres: Agregat };
  /** Difference in differences (log scale for volumes). */
  estimation: number | null;
  /** Its standard error, and the variance of département-level shocks used in it. */
  erreurType: number | null;
  tau2: number | null;
  /** Quantiles 2.5 % and 97.5 % of the studentised placebo estimates, and how many draws were usable. */
  placeboQ025: number | null;
  placeboQ975: number | null;
  tiragesUtiles: number;
  /** Draws whose studentised |placebo| ≥ the studentised |estimate|. */
  tiragesAuMoinsAussiLoin: number;
  /** Histogram of the placebo estimates brought to the pilot's standard error (raw scale). */
  histogramme: { de: number; a: number; n: number }[];
}

/** Runs the estimation for every indicator of the panel. */
export async function estimer(con: DuckDBConnection, o: OptionsInference = {}): Promise<EstimationBrute[]> {
  const B = o.tirages ?? 999;
  const graine = o.graine ?? 20250101;
  if (!Number.isInteger(B) || B < 19) throw new Error(`nombre de tirages invalide : ${B} (au moins 19)`);
  if (!Number.isSafeInteger(graine)) throw new Error(`graine invalide : ${graine}`);
  // f: the scale of the comparison (log of the monthly mean for volumes, the value otherwise)
  const f = (num: string, den: string) => `(CASE WHEN unite = 'volume' THEN CASE WHEN ${num} > 0 AND ${den} > 0 THEN ln(${num} / ${den}) END
      ELSE CASE WHEN ${den} > 0 THEN ${num} / ${den} END END)`;
  // Statistics of a group from the sums of its members: pooled DiD and its variance.
  //   terms: per member, p_av, p_ap (weights), v_av, v_ap (sampling variances of its values)
  const groupe = (from: string, cles: string) => `
    SELECT ${cles}, any_value(unite) AS unite, count(*) AS n,
      sum(n_av) AS n_av, sum(d_av) AS d_av, sum(n_ap) AS n_ap, sum(d_ap) AS d_ap,
      sum(p_av) AS p_av, sum(p_ap) AS p_ap,
      sum(p_av * p_av * v_av) AS s_av, sum(p_ap * p_ap * v_ap) AS s_ap,
      sum(p_av * p_av) AS q_av, sum(p_ap * p_ap) AS q_ap, sum(p_av * p_ap) AS q_x
    FROM ${from} GROUP BY ${cles}`;
  // DiD value and variance of a group row g (aliases: value, variance), with τ² from t.
  const stat = (g: string) => `
      ${f(`${g}.n_ap`, `${g}.d_ap`).replaceAll('unite', `${g}.unite`)} - ${f(`${g}.n_av`, `${g}.d_av`).replaceAll('unite', `${g}.unite`)}`;
  const variance = (g: string) => `
      (${g}.s_av / (${g}.p_av * ${g}.p_av) + ${g}.s_ap / (${g}.p_ap * ${g}.p_ap)
       + t.tau2 * (${g}.q_av / (${g}.p_av * ${g}.p_av) + ${g}.q_ap / (${g}.p_ap * ${g}.p_ap) + 2 * ${g}.q_x / (${g}.p_av * ${g}.p_ap)) / 4)`;
  const rows = await queryRows<{
    indicateur: string; n_pilote: number | null; n_temoins: number | null;
    p_av_num: number | null; p_av_den: number | null; p_ap_num: number | null; p_ap_den: number | null;
    t_av_num: number | null; t_av_den: number | null; t_ap_num: number | null; t_ap_den: number | null;
    estimation: number | null; se: number | null; tau2: number | null; q025: number | null; q975: number | null; utiles: number; aussi_loin: number;
    histo: { de: number; a: number; n: number }[] | null;
  }>(con, `
    WITH unites AS (SELECT DISTINCT indicateur, unite FROM ${TABLE_PANEL}),
    dp AS (
      SELECT indicateur, unite, departement, role, apres, sum(num) AS num, sum(den) AS den, sum(num2) AS num2
      FROM ${TABLE_PANEL} WHERE role <> 'exclu' GROUP BY ALL),
    -- per département: sums before / after, weight in its group's pooled value, sampling variance of its value
    dv AS (
      SELECT *,
        CASE WHEN unite = 'volume' THEN num ELSE den END AS poids,
        CASE WHEN unite = 'volume' THEN CASE WHEN num > 0 THEN 1.0 / num END
             ELSE CASE WHEN den > 0 THEN greatest(num2 / den - (num / den) ^ 2, 0) / den END END AS v
      FROM dp),
    dd AS (
      SELECT indicateur, any_value(unite) AS unite, departement, any_value(role) AS role,
        max(num) FILTER (WHERE NOT apres) AS n_av, max(den) FILTER (WHERE NOT apres) AS d_av,
        max(num) FILTER (WHERE apres) AS n_ap, max(den) FILTER (WHERE apres) AS d_ap,
        max(poids) FILTER (WHERE NOT apres) AS p_av, max(poids) FILTER (WHERE apres) AS p_ap,
        max(v) FILTER (WHERE NOT apres) AS v_av, max(v) FILTER (WHERE apres) AS v_ap
      FROM dv GROUP BY indicateur, departement
      HAVING max(poids) FILTER (WHERE NOT apres) > 0 AND max(poids) FILTER (WHERE apres) > 0),
    -- τ²: variance of the comparison départements' own differences beyond their sampling variance
    t AS (
      SELECT indicateur, greatest(0, coalesce(var_samp(delta), 0) - avg(v_av + v_ap)) AS tau2 FROM (
        SELECT indicateur, unite, v_av, v_ap, ${f('n_ap', 'd_ap')} - ${f('n_av', 'd_av')} AS delta FROM dd WHERE role = 'temoin')
      GROUP BY indicateur),
    reels AS (${groupe('dd', 'indicateur, role')}),
    est AS (
      SELECT p.indicateur, p.n AS n_pilote, c.n AS n_temoins,
        p.n_av AS p_av_num, p.d_av AS p_av_den, p.n_ap AS p_ap_num, p.d_ap AS p_ap_den,
        c.n_av AS t_av_num, c.d_av AS t_av_den, c.n_ap AS t_ap_num, c.d_ap AS t_ap_den,
        (${stat('p')}) - (${stat('c')}) AS estimation,
        sqrt(${variance('p')} + ${variance('c')}) AS se, t.tau2
      FROM reels p JOIN reels c ON c.indicateur = p.indicateur AND c.role = 'temoin' JOIN t ON t.indicateur = p.indicateur
      WHERE p.role = 'pilote'),
    -- draws: as many comparison départements as the pilot has, without replacement
    tirages AS (
      SELECT d.indicateur, b.b, d.departement, d.unite, d.n_av, d.d_av, d.n_ap, d.d_ap, d.p_av, d.p_ap, d.v_av, d.v_ap,
        row_number() OVER (PARTITION BY d.indicateur, b.b ORDER BY hash(hash(${graine}::BIGINT, d.indicateur, b.b, d.departement)), d.departement) <= e.n_pilote AS faux
      FROM dd d JOIN est e ON e.indicateur = d.indicateur CROSS JOIN range(${B}) b(b)
      WHERE d.role = 'temoin'),
    faux AS (${groupe('tirages', 'indicateur, b, faux')}),
    placebo AS (
      SELECT p.indicateur, p.b, ((${stat('p')}) - (${stat('r')})) / sqrt(${variance('p')} + ${variance('r')}) AS z
      FROM faux p JOIN faux r ON r.indicateur = p.indicateur AND r.b = p.b AND NOT r.faux JOIN t ON t.indicateur = p.indicateur
      WHERE p.faux),
    valides AS (SELECT indicateur, z FROM placebo WHERE z IS NOT NULL AND isfinite(z)),
    stats AS (
      SELECT v.indicateur, quantile_cont(v.z, 0.025) AS q025, quantile_cont(v.z, 0.975) AS q975, count(*) AS utiles,
        count(*) FILTER (WHERE abs(v.z) >= abs(e.estimation / e.se) - 1e-12) AS aussi_loin
      FROM valides v JOIN est e USING (indicateur) WHERE e.se > 0 GROUP BY v.indicateur),
    -- placebo estimates brought to the pilot's standard error, in 30 bins
    ramenes AS (SELECT v.indicateur, v.z * e.se AS x FROM valides v JOIN est e USING (indicateur) WHERE e.se > 0),
    bornes AS (SELECT indicateur, min(x) AS lo, (max(x) - min(x)) / 30 AS pas FROM ramenes GROUP BY indicateur),
    histo AS (
      SELECT indicateur, list({'de': lo + i * pas, 'a': lo + (i + 1) * pas, 'n': n} ORDER BY i) AS histo FROM (
        SELECT r.indicateur, b.lo, b.pas, CASE WHEN b.pas > 0 THEN least(29, floor((r.x - b.lo) / b.pas))::INTEGER ELSE 0 END AS i, count(*) AS n
        FROM ramenes r JOIN bornes b USING (indicateur) GROUP BY ALL)
      GROUP BY indicateur)
    SELECT u.indicateur, e.n_pilote, e.n_temoins, e.p_av_num, e.p_av_den, e.p_ap_num, e.p_ap_den, e.t_av_num, e.t_av_den, e.t_ap_num, e.t_ap_den,
      e.estimation, e.se, e.tau2, s.q025, s.q975, coalesce(s.utiles, 0) AS utiles, coalesce(s.aussi_loin, 0) AS aussi_loin, h.histo
    FROM unites u LEFT JOIN est e USING (indicateur) LEFT JOIN stats s USING (indicateur) LEFT JOIN histo h USING (indicateur)
    ORDER BY u.indicateur`);
  const n = (x: number | null) => x ?? 0;
  return rows.map((r) => ({
    indicateur: r.indicateur,
    departementsPilote: n(r.n_pilote),
    departementsTemoins: n(r.n_temoins),
    pilote: { avant: { num: n(r.p_av_num), den: n(r.p_av_den) }, apres: { num: n(r.p_ap_num), den: n(r.p_ap_den) } },
    temoins: { avant: { num: n(r.t_av_num), den: n(r.t_av_den) }, apres: { num: n(r.t_ap_num), den: n(r.t_ap_den) } },
    estimation: finite(r.estimation),
    erreurType: finite(r.se),
    tau2: finite(r.tau2),
    placeboQ025: finite(r.q025),
    placeboQ975: finite(r.q975),
    tiragesUtiles: r.utiles,
    tiragesAuMoinsAussiLoin: r.aussi_loin,
    histogramme: (r.histo ?? []).map((x) => ({ de: Number(x.de), a: Number(x.a), n: Number(x.n) })),
  }));
}

const finite = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
