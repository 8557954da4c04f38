// The aggregated sources of the catalogue: one SQL block per source, each computing, for every
// year and every scope at once (GROUPING SETS département → organisme → national), the columns
// the indicator definitions of catalogue.ts read (counts, histograms of codes, sums, quantiles).
import { CODES, DEPARTEMENTS, codesOf } from '../contract/reference.ts';
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

/** SQL creating the temporary reference tables the blocks join (scopes, codes, age brackets, profiles). */
export function referenceTablesSql(): string[] {
  return [
    `CREATE OR REPLACE TEMP TABLE ind_dep AS SELECT * FROM (VALUES ${values(DEPARTEMENTS.map((d, i) => [d.departement, d.organisme, i]))}) t(departement, organisme, idx)`,
    `CREATE OR REPLACE TEMP TABLE ind_scopes AS SELECT * FROM (VALUES ${values(ALL_SCOPES.map((s, i) => [s.niveau, s.code, i]))}) t(niveau, code, ordre)`,
    `CREATE OR REPLACE TEMP TABLE ind_codes AS SELECT * FROM (VALUES ${values(CODES.map((c) => [c.liste, c.code, c.groupe]))}) t(liste, code, groupe)`,
    `CREATE OR REPLACE TEMP TABLE ind_age AS SELECT * FROM (VALUES ${values(AGE_BRACKETS.map((b) => [b.code, b.min, b.max]))}) t(code, amin, amax)`,
    // Every profile (sexe × age × situation_emploi × risque) with its class: sexe, age bracket,
    // employment group, risque, numbered by class (pid), so a person's profile is one small integer.
    `CREATE OR REPLACE TEMP TABLE ind_profiles AS
      WITH x AS (
        SELECT s.code AS sexe, g.age, t.code AS tranche, e.code AS situation_emploi, e.groupe AS emploi, r.code AS risque
        FROM ind_codes s, (SELECT range AS age FROM range(0, 200)) g, ind_age t, ind_codes e, ind_codes r
        WHERE s.liste = 'sexe' AND e.liste = 'situation_emploi' AND r.liste = 'risque' AND g.age BETWEEN t.amin AND t.amax)
      SELECT *, dense_rank() OVER (ORDER BY sexe, tranche, emploi, risque)::INTEGER AS pid FROM x`,
  ];
}

/** SQL: GROUP BY every scope level (plus the given keys). */
const scopeSets = (keys: string): string => `GROUP BY GROUPING SETS ((${keys}, organisme, departement), (${keys}, organisme), (${keys}))`;
/** SQL: the niveau and code columns of a grouping-sets row. */
const SCOPE_COLUMNS = `CASE WHEN grouping(departement) = 0 THEN 'departement' WHEN grouping(organisme) = 0 THEN 'organisme' ELSE 'national' END AS niveau,
  coalesce(departement, organisme, ${lit(NATIONAL_CODE)}) AS code`;
/** SQL: an histogram of a column's values, only over the rows satisfying `where`. */
const histWhere = (column: string, where: string): string => `histogram(${column}) FILTER (WHERE ${where})`;

const PDP = lit(PREFIXED_AXES[0]!.axis);

/** Slots of the person-choice key: pid (profile class) in the low bits, then the tie rank, then the day. */
const PID_SLOTS = 128;
const TIE_SLOTS = 1_048_576;
/** The axis keys of the person rows: all axes, then each prefixed axis (column suffix = index). */
const PERSON_AXES = [
  { key: ALL_AXES, where: null as string | null },
  ...PREFIXED_AXES.map((a) => ({ key: a.axis, where: `axe = ${lit(a.axis)}` })),
];

/**
 * SQL: one row per accompaniment × year with entretiens (from ind_acc_year), with the person, the
 * département (and its index), the axe, the entretiens count and the person-choice key `k`: a
 * BIGINT ordered like (date_debut, accompagnement_id) whose low bits hold the profile class (pid).
 * Ties (same person, same date_debut) are ranked by accompagnement_id in byte order (ind_ties).
 * `accompagnements`: the relation of accompaniments to read (a subset of the table).
 */
function accYearRowsSql(accompagnements = 'accompagnements'): string {
  return `
    SELECT y.annee, a.assure_id, d.departement, d.organisme, d.idx AS di, a.axe, y.n_ent,
      ((date_diff('day', DATE '1900-01-01', a.date_debut)::BIGINT * ${TIE_SLOTS} + coalesce(t.tr, 0)) * ${PID_SLOTS} + pr.pid) AS k
    FROM ${accompagnements} a
    JOIN ind_acc_year y ON y.accompagnement_id = a.accompagnement_id
    JOIN ind_dep d ON d.departement = a.departement
    JOIN ind_profiles pr ON pr.sexe = a.sexe AND pr.age = a.age AND pr.situation_emploi = a.situation_emploi AND pr.risque = a.risque
    LEFT JOIN ind_ties t ON t.accompagnement_id = a.accompagnement_id`;
}

/** SQL: the per-person aggregates of every axis key: latest key k<i> and entretiens e<i>. */
const personAggregates = (): string => PERSON_AXES.map((_, i) => `max(k${i}) AS k${i}, sum(e${i}) AS e${i}`).join(', ');
/** SQL: the row's key and entretiens for every axis key (null when the row is not of that axis). */
const axisColumns = (): string =>
  PERSON_AXES.map((a, i) =>
    a.where ? `if(${a.where}, k, NULL) AS k${i}, if(${a.where}, n_ent, NULL) AS e${i}` : `k AS k${i}, n_ent AS e${i}`,
  ).join(', ');

/** SQL: the profile class of a person-choice key. */
const pidOf = (k: string): string => `(${k} % ${PID_SLOTS})::INTEGER`;

/**
 * Statements preparing the `personnes` block (temporary tables):
 * - ind_ties: the rank by accompagnement_id of accompaniments sharing a person and a date_debut;
 * - ind_person: one row per person × year (national level), with the range of département indexes;
 * - ind_person_multi: for the few people accompanied in several départements in the year, their rows
 *   at département and organisme level (everyone else's row is the same at every level).
 */
export function personPrepareSql(): string[] {
  const classes =
    codesOf('sexe').length *
    AGE_BRACKETS.length *
    new Set(codesOf('situation_emploi').map((c) => c.groupe)).size *
    codesOf('risque').length;
  if (classes >= PID_SLOTS) throw new Error(`trop de classes de profil (${classes}) pour la clé de choix (${PID_SLOTS})`);
  return [
    `CREATE OR REPLACE TEMP TABLE ind_ties AS
      SELECT accompagnement_id, row_number() OVER (PARTITION BY assure_id, date_debut ORDER BY accompagnement_id) AS tr
      FROM accompagnements
      WHERE (assure_id, date_debut) IN (SELECT (assure_id, date_debut) FROM accompagnements GROUP BY ALL HAVING count(*) > 1)`,
    `CREATE OR REPLACE TEMP TABLE ind_person AS
      SELECT annee, assure_id, min(di) AS dmin, max(di) AS dmax, ${personAggregates()}
      FROM (SELECT *, ${axisColumns()} FROM (${accYearRowsSql()})) r GROUP BY annee, assure_id`,
    `CREATE OR REPLACE TEMP TABLE ind_person_multi AS
      WITH m AS (SELECT annee, assure_id FROM ind_person WHERE dmin <> dmax)
      SELECT annee, ${SCOPE_COLUMNS}, ${personAggregates()}
      FROM (SELECT *, ${axisColumns()} FROM (${accYearRowsSql('(SELECT * FROM accompagnements SEMI JOIN (SELECT DISTINCT assure_id FROM m) USING (assure_id))')})) r
      SEMI JOIN m USING (annee, assure_id)
      GROUP BY GROUPING SETS ((annee, assure_id, organisme, departement), (annee, assure_id, organisme))`,
  ];
}

/**
 * SQL of the `personnes` block: per year, scope and axis key, the people accompanied (n), their
 * entretiens (ent), those with ≥ 5 entretiens (n5), those with a PDP or SPS entretien (n_axes), and
 * maps of people by sexe, age bracket, employment group and risque. People are first counted by
 * profile class and département of single-département people (one pass over ind_person), then
 * rolled up to organismes and national, with the multi-département people's own rows added.
 */
function personsSql(): string {
  const inAxes = PERSON_AXES.slice(1)
    .map((_, j) => `k${j + 1} IS NOT NULL`)
    .join(' OR ');
  const keys = 'annee, niveau, code, axis_key';
  const long = PERSON_AXES.map(
    (a, i) =>
      `SELECT annee, di, ${lit(a.key)} AS axis_key, p${i} AS pid, sum(n) AS n, sum(nax) AS nax, sum(s${i}) AS ent, sum(f${i}) AS n5
       FROM g1 WHERE p${i} IS NOT NULL GROUP BY annee, di, p${i}`,
  ).join('\n      UNION ALL ');
  const longMulti = PERSON_AXES.map(
    (a, i) =>
      `SELECT annee, niveau, code, ${lit(a.key)} AS axis_key, ${pidOf(`k${i}`)} AS pid, 1 AS n, (${inAxes})::INTEGER AS nax, e${i} AS ent,
       (e${i} >= ${MIN_ENTRETIENS_PERSON})::INTEGER AS n5 FROM ind_person_multi WHERE k${i} IS NOT NULL`,
  ).join('\n      UNION ALL ');
  const attrMap = (attr: string) => `m_${attr} AS (
      SELECT ${keys}, map_from_entries(list({'key': ${attr}, 'value': c})) AS h
      FROM (SELECT ${keys}, ${attr}, sum(n) AS c FROM tot JOIN pids USING (pid) GROUP BY ALL) GROUP BY ALL)`;
  return `
    WITH g1 AS (
      SELECT annee, di, ${PERSON_AXES.map((_, i) => `p${i}`).join(', ')}, count(*) AS n, count_if(${inAxes}) AS nax,
        ${PERSON_AXES.map((_, i) => `sum(e${i}) AS s${i}, count_if(e${i} >= ${MIN_ENTRETIENS_PERSON}) AS f${i}`).join(', ')}
      FROM (SELECT annee, if(dmin = dmax, dmin, -1) AS di, ${PERSON_AXES.map((_, i) => `${pidOf(`k${i}`)} AS p${i}, k${i}, e${i}`).join(', ')}
            FROM ind_person)
      GROUP BY ALL),
    long AS (
      ${long}),
    scoped AS (
      SELECT annee, 'national' AS niveau, ${lit(NATIONAL_CODE)} AS code, axis_key, pid, n, nax, ent, n5 FROM long
      UNION ALL SELECT l.annee, 'organisme', d.organisme, axis_key, pid, n, nax, ent, n5 FROM long l JOIN ind_dep d ON d.idx = l.di
      UNION ALL SELECT l.annee, 'departement', d.departement, axis_key, pid, n, nax, ent, n5 FROM long l JOIN ind_dep d ON d.idx = l.di
      UNION ALL ${longMulti}),
    tot AS (SELECT ${keys}, pid, sum(n) AS n, sum(nax) AS nax, sum(ent) AS ent, sum(n5) AS n5 FROM scoped GROUP BY ALL),
    pids AS (SELECT DISTINCT pid, sexe, tranche, emploi, risque FROM ind_profiles),
    base AS (SELECT ${keys}, sum(n) AS n, sum(ent) AS ent, sum(n5) AS n5, sum(nax) AS n_axes FROM tot GROUP BY ALL),
    ${['sexe', 'tranche', 'emploi', 'risque'].map(attrMap).join(',\n    ')}
    SELECT base.*, m_sexe.h AS h_sexe, m_tranche.h AS h_age, m_emploi.h AS h_emploi, m_risque.h AS h_risque
    FROM base
    LEFT JOIN m_sexe USING (${keys}) LEFT JOIN m_tranche USING (${keys})
    LEFT JOIN m_emploi USING (${keys}) LEFT JOIN m_risque USING (${keys})`;
}

/**
 * SQL of each block: rows (annee, niveau, code, axis_key, …columns read by the definitions).
 * `ind_acc_year` (entretiens per accompaniment and year) must exist.
 */
export const BLOCK_SQL: Record<Exclude<BlockName, 'derive'>, string> = {
  // People accompanied: see personsSql.
  personnes: personsSql(),

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
    WITH fin AS (
      SELECT a.accompagnement_id, year(a.date_fin) AS annee, d.organisme, d.departement,
        (a.date_fin - a.date_debut) / ${DAYS_PER_MONTH} AS mois, a.issue, i.groupe AS issue_groupe
      FROM accompagnements a
      JOIN ind_dep d ON d.departement = a.departement
      LEFT JOIN ind_codes i ON i.liste = 'issue' AND i.code = a.issue
      WHERE a.axe = ${PDP} AND a.date_fin IS NOT NULL),
    tot AS (
      SELECT accompagnement_id, sum(n_ent) AS n_ent FROM ind_acc_year
      WHERE accompagnement_id IN (SELECT accompagnement_id FROM fin) GROUP BY accompagnement_id),
    r AS (
      SELECT fin.*, coalesce(t.n_ent, 0) >= ${MIN_ENTRETIENS_PARCOURS} AS e3
      FROM fin LEFT JOIN tot t ON t.accompagnement_id = fin.accompagnement_id)
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
