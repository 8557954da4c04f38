// The aggregated sources of the catalogue: one SQL block per source, each computing, for every
// year and every scope at once (GROUPING SETS département → organisme → national), the columns
// the indicator definitions of catalogue.ts read (counts, histograms of codes, sums, quantiles).
import { CODES, DEPARTEMENTS, codeValues } from '../contract/reference.ts';
import { ident, lit } from '../warehouse/db.ts';
import { AGE_BRACKETS, ALL_AXES, PREFIXED_AXES, SATISFACTION_ITEMS, code, type BlockName } from './catalogue.ts';
import { ALL_SCOPES, NATIONAL_CODE } from './scope.ts';

/** Days per month used for durations. */
export const DAYS_PER_MONTH = 30.4375;
/** Threshold of pdp.part_assures_5_entretiens. */
const MIN_ENTRETIENS_PERSON = 5;
/** Threshold of pdp.parcours_finalises_3_entretiens. */
const MIN_ENTRETIENS_PARCOURS = 3;
/** Threshold of collectif.part_isic_3_seances. */
const MIN_SEANCES_ISIC = 3;

const values = (rows: readonly (string | number | boolean)[][]): string =>
  rows.map((r) => `(${r.map((v) => (typeof v === 'string' ? lit(v) : String(v))).join(', ')})`).join(', ');

/** SQL creating the temporary reference tables the blocks join (scopes, codes, age brackets, axes). */
export function referenceTablesSql(): string[] {
  const axisRows = codeValues('axe').flatMap((axe) => {
    const prefixed = PREFIXED_AXES.some((a) => a.axis === axe);
    return [[axe, ALL_AXES, prefixed], ...(prefixed ? [[axe, axe, true]] : [])];
  });
  return [
    `CREATE OR REPLACE TEMP TABLE ind_dep AS SELECT * FROM (VALUES ${values(DEPARTEMENTS.map((d) => [d.departement, d.organisme]))}) t(departement, organisme)`,
    `CREATE OR REPLACE TEMP TABLE ind_scopes AS SELECT * FROM (VALUES ${values(ALL_SCOPES.map((s, i) => [s.niveau, s.code, i]))}) t(niveau, code, ordre)`,
    `CREATE OR REPLACE TEMP TABLE ind_codes AS SELECT * FROM (VALUES ${values(CODES.map((c) => [c.liste, c.code, c.groupe]))}) t(liste, code, groupe)`,
    `CREATE OR REPLACE TEMP TABLE ind_age AS SELECT * FROM (VALUES ${values(AGE_BRACKETS.map((b) => [b.code, b.min, b.max]))}) t(code, amin, amax)`,
    `CREATE OR REPLACE TEMP TABLE ind_axis AS SELECT * FROM (VALUES ${values(axisRows)}) t(axe, axis_key, prefixed)`,
  ];
}

/** SQL: GROUP BY every scope level (plus the given keys). */
const scopeSets = (keys: string): string =>
  `GROUP BY GROUPING SETS ((${keys}, organisme, departement), (${keys}, organisme), (${keys}))`;
/** SQL: the niveau and code columns of a grouping-sets row. */
const SCOPE_COLUMNS = `CASE WHEN grouping(departement) = 0 THEN 'departement' WHEN grouping(organisme) = 0 THEN 'organisme' ELSE 'national' END AS niveau,
  coalesce(departement, organisme, ${lit(NATIONAL_CODE)}) AS code`;
/** SQL: an histogram of a column's values, only over the rows satisfying `where`. */
const histWhere = (column: string, where: string): string => `histogram(${column}) FILTER (WHERE ${where})`;

const PDP = lit(PREFIXED_AXES[0]!.axis);

/**
 * SQL of each block: rows (annee, niveau, code, axis_key, …columns read by the definitions).
 * `ind_acc_year` (entretiens per accompaniment and year) must exist.
 */
export const BLOCK_SQL: Record<Exclude<BlockName, 'derive'>, string> = {
  // People accompanied: one row per person × scope × axis key, profile from the qualifying
  // accompaniment with the latest (date_debut, accompagnement_id); then counted per scope.
  personnes: `
    WITH r AS (
      SELECT y.annee, k.axis_key, k.prefixed, a.assure_id, d.organisme, d.departement, y.n_ent,
             a.date_debut, a.accompagnement_id, a.sexe, a.age, a.situation_emploi, a.risque
      FROM ind_acc_year y
      JOIN accompagnements a USING (accompagnement_id)
      JOIN ind_dep d ON d.departement = a.departement
      JOIN ind_axis k ON k.axe = a.axe),
    person AS (
      SELECT annee, axis_key, ${SCOPE_COLUMNS},
        arg_max({'sexe': sexe, 'age': age, 'situation_emploi': situation_emploi, 'risque': risque},
                (date_debut, accompagnement_id)) AS p,
        sum(n_ent) AS n_ent, bool_or(prefixed) AS in_axes
      FROM r ${scopeSets('annee, axis_key, assure_id')})
    SELECT person.annee, person.niveau, person.code, person.axis_key, count(*) AS n, sum(n_ent) AS ent, count_if(in_axes) AS n_axes,
      count_if(n_ent >= ${MIN_ENTRETIENS_PERSON}) AS n5,
      histogram(p.sexe) AS h_sexe, histogram(ag.code) AS h_age, histogram(sg.groupe) AS h_emploi, histogram(p.risque) AS h_risque
    FROM person
    LEFT JOIN ind_age ag ON p.age BETWEEN ag.amin AND ag.amax
    LEFT JOIN ind_codes sg ON sg.liste = 'situation_emploi' AND sg.code = p.situation_emploi
    GROUP BY person.annee, person.niveau, person.code, person.axis_key`,

  signalements: `
    WITH r AS (
      SELECT year(s.date) AS annee, d.organisme, d.departement, s.origine, o.groupe AS origine_groupe, s.suite
      FROM signalements s
      JOIN ind_dep d ON d.departement = s.departement
      JOIN ind_codes o ON o.liste = 'origine' AND o.code = s.origine
      WHERE s.axe = ${PDP})
    SELECT annee, ${SCOPE_COLUMNS}, count(*) AS n, histogram(origine) AS h_origine,
      histogram(origine_groupe) AS h_origine_groupe, histogram(suite) AS h_suite
    FROM r ${scopeSets('annee')}`,

  finalises: `
    WITH tot AS (SELECT accompagnement_id, sum(n_ent) AS n_ent FROM ind_acc_year GROUP BY accompagnement_id),
    r AS (
      SELECT year(a.date_fin) AS annee, d.organisme, d.departement,
        (a.date_fin - a.date_debut) / ${DAYS_PER_MONTH} AS mois,
        coalesce(t.n_ent, 0) >= ${MIN_ENTRETIENS_PARCOURS} AS e3, a.issue, i.groupe AS issue_groupe
      FROM accompagnements a
      JOIN ind_dep d ON d.departement = a.departement
      LEFT JOIN tot t ON t.accompagnement_id = a.accompagnement_id
      LEFT JOIN ind_codes i ON i.liste = 'issue' AND i.code = a.issue
      WHERE a.axe = ${PDP} AND a.date_fin IS NOT NULL)
    SELECT annee, ${SCOPE_COLUMNS}, count(*) AS n, count_if(e3) AS n3,
      ${histWhere('issue', 'e3')} AS h_issue, ${histWhere('issue_groupe', 'e3')} AS h_issue_groupe,
      quantile_cont(mois, [0.25, 0.5, 0.75]) AS q, sum(mois) AS s_mois
    FROM r ${scopeSets('annee')}`,

  preconisations: `
    WITH r AS (
      SELECT year(p.date) AS annee, d.organisme, d.departement, p.type
      FROM preconisations p
      JOIN accompagnements a ON a.accompagnement_id = p.accompagnement_id
      JOIN ind_dep d ON d.departement = a.departement
      WHERE a.axe = ${PDP})
    SELECT annee, ${SCOPE_COLUMNS}, count(*) AS n, histogram(type) AS h_type
    FROM r ${scopeSets('annee')}`,

  actions: `
    WITH r AS (
      SELECT year(x.date_demande) AS annee, d.organisme, d.departement, c.groupe AS categorie, x.decision
      FROM actions_remobilisation x
      JOIN accompagnements a ON a.accompagnement_id = x.accompagnement_id
      JOIN ind_dep d ON d.departement = a.departement
      JOIN ind_codes c ON c.liste = 'type_action' AND c.code = x.type
      WHERE a.axe = ${PDP})
    SELECT annee, ${SCOPE_COLUMNS}, count(*) AS n, histogram(categorie) AS h_categorie, histogram(decision) AS h_decision
    FROM r ${scopeSets('annee')}`,

  instances: `
    WITH r AS (
      SELECT year(i.date) AS annee, d.organisme, d.departement, i.type
      FROM instances i JOIN ind_dep d ON d.departement = i.departement)
    SELECT annee, ${SCOPE_COLUMNS}, histogram(type) AS h_type
    FROM r ${scopeSets('annee')}`,

  situations: `
    WITH r AS (
      SELECT year(i.date) AS annee, d.organisme, d.departement, i.type = ${lit(code('type_instance', 'IC_PDP'))} AS ic,
        s.presentee_par, s.objet = ${lit(code('objet', 'ESSAI_ENCADRE'))} AND s.decision = ${lit(code('decision_instance', 'ACCORDEE'))} AS essai
      FROM situations_instances s
      JOIN instances i ON i.instance_id = s.instance_id
      JOIN ind_dep d ON d.departement = i.departement)
    SELECT annee, ${SCOPE_COLUMNS}, count_if(ic) AS n_ic, ${histWhere('presentee_par', 'ic')} AS h_presentee_ic,
      count_if(essai) AS n_essais
    FROM r ${scopeSets('annee')}`,

  collectif: `
    WITH r AS (
      SELECT year(c.date_debut) AS annee, d.organisme, d.departement, c.type, c.nb_participants,
        c.type = ${lit(code('type_action_collective', 'ISIC'))} AS isic, c.nb_seances
      FROM actions_collectives c JOIN ind_dep d ON d.departement = c.departement)
    SELECT annee, ${SCOPE_COLUMNS}, histogram(type) AS h_type, coalesce(sum(nb_participants), 0) AS participants,
      count_if(isic) AS n_isic, count_if(isic AND nb_seances >= ${MIN_SEANCES_ISIC}) AS n_isic3
    FROM r ${scopeSets('annee')}`,

  satisfaction: `
    WITH r AS (
      SELECT year(s.date) AS annee, d.organisme, d.departement, s.satisfaction, g.groupe,
        ${SATISFACTION_ITEMS.map((c) => `s.${ident(c)}`).join(', ')}
      FROM satisfaction s
      JOIN ind_dep d ON d.departement = s.departement
      LEFT JOIN ind_codes g ON g.liste = 'satisfaction' AND g.code = s.satisfaction)
    SELECT annee, ${SCOPE_COLUMNS}, count(satisfaction) AS n, histogram(groupe) AS h_groupe,
      ${SATISFACTION_ITEMS.map((c) => `coalesce(sum(${ident(c)}), 0) AS ${ident(`s_${c}`)}, count(${ident(c)}) AS ${ident(`n_${c}`)}`).join(',\n      ')}
    FROM r ${scopeSets('annee')}`,
};

/** SQL creating `ind_acc_year`: entretiens per accompaniment and year (the one scan of entretiens). */
export const ACC_YEAR_SQL = `CREATE OR REPLACE TEMP TABLE ind_acc_year AS
  SELECT accompagnement_id, year(date) AS annee, count(*) AS n_ent FROM entretiens GROUP BY ALL`;

/** SQL: per year and scope, the sum of a column of an optional table (effectifs, arrets_longs). */
export function scopeSumSql(table: string, column: string): string {
  return `WITH r AS (SELECT t.annee, d.organisme, d.departement, t.${ident(column)} AS x
                    FROM ${ident(table)} t JOIN ind_dep d ON d.departement = t.departement)
    SELECT annee, ${SCOPE_COLUMNS}, sum(x)::DOUBLE AS total FROM r ${scopeSets('annee')}`;
}
