// The people of an extract as real data has them (issue 11): shares of the people accompanied in
// a year who were accompanied in two départements, in two organismes, in PDP and SPS; and of
// the people with several accompaniments of one axe over the extract. One query on a loaded
// warehouse, printed with its result in docs/generateur.md by `npm run calibration`.
import { join } from 'node:path';
import { REFERENCE_DIR } from '../contract/reference.ts';
import { lit, queryRows, type Warehouse } from '../warehouse/db.ts';

/** The query (DuckDB, on the warehouse tables). Base: people with at least one entretien dated in the year (the catalogue's « accompanied in Y »). */
const PARCOURS_SQL = `WITH an AS (
  SELECT year(e.date) AS annee, a.assure_id, a.departement, d.organisme, a.axe
  FROM entretiens e JOIN accompagnements a USING (accompagnement_id)
  JOIN read_csv('data/reference/departements.csv', all_varchar = true) d USING (departement)),
p AS (
  SELECT annee, assure_id, count(DISTINCT departement) AS n_dep, count(DISTINCT organisme) AS n_org,
    bool_or(axe = 'PDP') AND bool_or(axe = 'SPS') AS pdp_sps
  FROM an GROUP BY ALL),
meme_axe AS (
  SELECT count(DISTINCT assure_id) FILTER (n >= 2) / count(DISTINCT assure_id) AS part
  FROM (SELECT assure_id, axe, count(*) AS n FROM accompagnements GROUP BY ALL))
SELECT annee, count(*) AS personnes,
  avg((n_dep >= 2)::INTEGER) AS deux_departements,
  avg((n_org >= 2)::INTEGER) AS deux_organismes,
  avg(pdp_sps::INTEGER) AS pdp_et_sps,
  (SELECT part FROM meme_axe) AS plusieurs_meme_axe
FROM p GROUP BY annee ORDER BY annee`;

/** One year of PARCOURS_SQL: people accompanied, and shares in [0, 1]. */
export interface ParcoursShares {
  annee: number;
  personnes: number;
  deux_departements: number;
  deux_organismes: number;
  pdp_et_sps: number;
  /** Over the whole extract, not the year: share of people with ≥ 2 accompaniments of one axe. */
  plusieurs_meme_axe: number;
}

/** Runs PARCOURS_SQL on a loaded warehouse (the reference path is resolved from the repository, whatever the working directory). */
export async function parcoursShares(w: Warehouse): Promise<ParcoursShares[]> {
  const sql = PARCOURS_SQL.replace(`'data/reference/departements.csv'`, lit(join(REFERENCE_DIR, 'departements.csv')));
  const rows = await queryRows<Record<keyof ParcoursShares, number | bigint>>(w.con, sql);
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as unknown as ParcoursShares);
}

/** The query and its result as Markdown (French). */
export function parcoursTable(rows: readonly ParcoursShares[]): string {
  const pct = (x: number) => `${(x * 100).toFixed(2).replace('.', ',')} %`;
  return [
    '```sql',
    PARCOURS_SQL,
    '```',
    '',
    '| année | personnes accompagnées | deux départements | deux organismes | PDP et SPS |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.annee} | ${r.personnes.toLocaleString('fr-FR').replace(/\s/g, '\u202f')} | ${pct(r.deux_departements)} | ${pct(r.deux_organismes)} | ${pct(r.pdp_et_sps)} |`,
    ),
    '',
    `Sur toute la période, ${pct(rows[0]?.plusieurs_meme_axe ?? 0)} des personnes ont au moins deux accompagnements d'un même axe.`,
  ].join('\n');
}
