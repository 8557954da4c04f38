// The SQL of the generator: parameter tables built from params.ts, then one statement per
// stage (cells → accompaniments → children, detection, bodies, collective actions, survey,
// denominators). Randomness is u(tag, key) = hash(seed, tag, key) mapped to [0, 1), so the
// output depends only on the seed and the keys (département, month, axe, rank), never on
// thread scheduling, and a smaller scale is exactly a subset of the national extract.
import { CODES, ORGANISME_OF, codeValues } from '../contract/reference.ts';
import { lit } from '../warehouse/db.ts';
import {
  ACTIONS_COLLECTIVES,
  AGES,
  ANNEES_CHAUFFE,
  ENTRETIEN_FINAL_JOURS,
  AXES,
  BRUIT,
  HETEROGENEITE,
  CODES_ROLES,
  DELAI_SIGNALEMENT_MAX,
  DISTRIBUTIONS,
  ECART_SECOND,
  EN_COURS_FIN,
  INSTANCES,
  PARCOURS,
  PILOTES,
  POIDS_DEPARTEMENTS,
  SANS_EFFET,
  SAISONNALITE,
  TENDANCE,
  VOLUMES,
  partGroupe,
  poidsComplets,
} from './params.ts';

/** What one run generates: the départements, the years and the seed. */
export interface Plan {
  departements: readonly string[];
  years: readonly [number, number];
  seed: number;
  /** Switch the pilots' built-in effects off (validation of the evaluation: same data, no effect). */
  sansEffet?: boolean;
}

type Cell = string | number | boolean | null;

/** CREATE TABLE + INSERT of a small parameter table. */
function table(name: string, columns: readonly [string, string][], rows: readonly Cell[][]): string {
  const ddl = `CREATE OR REPLACE TABLE ${name} (${columns.map(([c, t]) => `${c} ${t}`).join(', ')});`;
  if (rows.length === 0) return ddl;
  const cell = (v: Cell): string => {
    if (v === null) return 'NULL';
    if (typeof v === 'string') return lit(v);
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (!Number.isFinite(v)) throw new Error(`valeur non finie dans ${name}`);
    return String(v);
  };
  return `${ddl}\nINSERT INTO ${name} VALUES ${rows.map((r) => `(${r.map(cell).join(', ')})`).join(',\n')};`;
}

/** Cumulative [lo, hi) bounds of weighted items; the last hi is exactly 1. */
function bounds<T>(items: readonly [T, number][]): [T, number, number][] {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let acc = 0;
  return items.map(([x, w], i) => {
    const lo = acc / total;
    acc += w;
    return [x, lo, i === items.length - 1 ? 1 : acc / total];
  });
}

/** Bins of [0, 1) for drawing from a distribution by an equi-join (precision 1 / BINS per code). */
const BINS = 10_000;

/**
 * Join clause that draws `alias.code` from distribution `nom` for the variant expression and uniform u.
 * An equi-join on the bin floor(u × BINS) matches exactly one row, whatever the join order.
 */
function pick(alias: string, nom: string, variante: string, u: string): string {
  if (!DISTRIBUTIONS[nom]) throw new Error(`distribution inconnue : ${nom}`);
  return `JOIN p_bin ${alias} ON ${alias}.nom = ${lit(nom)} AND ${alias}.variante = ${variante} AND ${alias}.b = floor(${u} * ${BINS})::INTEGER`;
}

/** Bins of [0, 1) for drawing the département a person moves to. */
const PARTNER_BINS = 1_000;

/**
 * Where people of each département move to (PARCOURS): for `autre` false, the other départements
 * of its organisme, for `autre` true those of the other organismes, weighted by population;
 * cumulative [lo, hi) bounds. An organisme of one département moves people to other organismes only.
 */
function partnerRows(): Cell[][] {
  const rows: Cell[][] = [];
  for (const d of POIDS_DEPARTEMENTS) {
    const org = ORGANISME_OF.get(d.departement);
    const others = POIDS_DEPARTEMENTS.filter((x) => x.departement !== d.departement);
    const same = others.filter((x) => ORGANISME_OF.get(x.departement) === org);
    const other = others.filter((x) => ORGANISME_OF.get(x.departement) !== org);
    for (const [autre, list] of [
      [false, same.length ? same : other],
      [true, other],
    ] as const) {
      for (const [cible, lo, hi] of bounds(list.map((x) => [x.departement, x.population_milliers] as [string, number])))
        rows.push([d.departement, autre, cible, lo, hi]);
    }
  }
  return rows;
}

/** SQL date literal. */
const date = (y: number, m = 1, d = 1): string =>
  `DATE '${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}'`;

/** Parameter tables and macros of a run. */
export function parameterSql(plan: Plan): string[] {
  const [y0, y1] = plan.years;
  const totalPop = POIDS_DEPARTEMENTS.reduce((s, d) => s + d.population_milliers, 0);
  const inScope = new Set(plan.departements);
  const axes = codeValues('axe');
  const distRows: Cell[][] = [];
  for (const [nom, d] of Object.entries(DISTRIBUTIONS)) {
    for (const v of Object.keys(d.variantes)) {
      for (const [code, lo, hi] of bounds(poidsComplets(d, v).filter(([, w]) => w > 0)))
        distRows.push([nom, v, code === '' ? null : code, lo, hi]);
    }
  }
  const ageRows: Cell[][] = [];
  for (const [axe, brackets] of Object.entries(AGES)) {
    for (const [[amin, amax], lo, hi] of bounds(brackets.map(([a, b, w]) => [[a, b] as const, w] as [readonly [number, number], number]))) {
      ageRows.push([axe, amin, amax, lo, hi]);
    }
  }
  const years: number[] = [];
  for (let y = y0 - ANNEES_CHAUFFE; y <= y1; y++) years.push(y);
  const issue = DISTRIBUTIONS.issue!;
  return [
    // DuckDB combines the hashes of several arguments by XOR, so hash(seed, tag, k) for two tags
    // differ by a constant: re-hashing the result (a 64-bit mixer) makes the draws independent.
    `CREATE OR REPLACE MACRO u(tag, k) AS ((hash(hash(${plan.seed}::BIGINT, tag, k)) >> 11)::DOUBLE / 9007199254740992.0);`,
    `CREATE OR REPLACE MACRO u2(tag, k, j) AS ((hash(hash(${plan.seed}::BIGINT, tag, k, j)) >> 11)::DOUBLE / 9007199254740992.0);`,
    // approximately standard normal: sum of 4 uniforms, centred and scaled
    `CREATE OR REPLACE MACRO z(tag, k) AS ((u(tag || 'a', k) + u(tag || 'b', k) + u(tag || 'c', k) + u(tag || 'd', k) - 2.0) * 1.7320508075688772);`,
    // exponential of mean 1
    `CREATE OR REPLACE MACRO expo(tag, k) AS (-ln(1.0 - u(tag, k)));`,
    // idx: rank of the département in the national list, so that keys do not depend on the scale.
    // p_dep_tous: every département (people move in from outside the scope); p_dep: those of the scope.
    table(
      'p_dep_tous',
      [
        ['departement', 'VARCHAR'],
        ['idx', 'BIGINT'],
        ['poids', 'DOUBLE'],
        ['intensite', 'DOUBLE'],
        ['intensite_entretiens', 'DOUBLE'],
        ['dans', 'BOOLEAN'],
      ],
      POIDS_DEPARTEMENTS.map(
        (d, i) =>
          [d.departement, i, d.population_milliers / totalPop, d.intensite, d.intensite_entretiens, inScope.has(d.departement)] as Cell[],
      ),
    ),
    `CREATE OR REPLACE TABLE p_dep AS SELECT departement, idx, poids, intensite FROM p_dep_tous WHERE dans;`,
    table(
      'p_partenaire',
      [
        ['departement', 'VARCHAR'],
        ['autre', 'BOOLEAN'],
        ['cible', 'VARCHAR'],
        ['lo', 'DOUBLE'],
        ['hi', 'DOUBLE'],
      ],
      partnerRows(),
    ),
    `CREATE OR REPLACE TABLE p_partenaire_bin AS SELECT p.departement, p.autre, r.b::INTEGER AS b, p.cible
     FROM p_partenaire p JOIN range(${PARTNER_BINS}) r(b) ON (r.b + 0.5) / ${PARTNER_BINS} >= p.lo AND (r.b + 0.5) / ${PARTNER_BINS} < p.hi;`,
    `CREATE OR REPLACE TABLE p_dep_effets AS
     SELECT departement,
       u('h_maintien', departement) * ${HETEROGENEITE.maintien_points_max} AS points_maintien,
       intensite_entretiens * exp(${HETEROGENEITE.entretiens} * z('h_entretiens', departement)) AS f_entretiens,
       exp(${HETEROGENEITE.duree} * z('h_duree', departement)) AS f_duree,
       exp(${HETEROGENEITE.origine} * z('h_origine', departement)) AS a_origine,
       exp(${HETEROGENEITE.signalement} * z('h_signalement', departement)) AS f_signalement
     FROM p_dep_tous;`,
    `CREATE OR REPLACE TABLE p_taille AS SELECT departement, poids * intensite * ${POIDS_DEPARTEMENTS.length} AS taille FROM p_dep;`,
    table(
      'p_axe',
      [
        ['axe', 'VARCHAR'],
        ['idx', 'BIGINT'],
        ['debuts_par_an', 'DOUBLE'],
        ['duree_min', 'INTEGER'],
        ['duree_etendue', 'INTEGER'],
        ['delai_min', 'INTEGER'],
        ['delai_moyen_exp', 'DOUBLE'],
        ['entretiens_par_mois', 'DOUBLE'],
        ['entretiens_min', 'INTEGER'],
        ['part_avec_signalement', 'DOUBLE'],
        ['sans_suite_par_debut', 'DOUBLE'],
        ['part_second', 'DOUBLE'],
      ],
      axes.map((a, i) => {
        const p = AXES[a]!;
        return [
          a,
          i,
          p.debuts_par_an,
          p.duree_min,
          p.duree_etendue,
          p.delai_min,
          p.delai_moyen_exp,
          p.entretiens_par_mois,
          p.entretiens_min,
          p.part_avec_signalement,
          p.signalements_sans_suite_par_debut,
          p.part_second_accompagnement,
        ];
      }),
    ),
    table(
      'p_annee',
      [
        ['annee', 'INTEGER'],
        ['axe', 'VARCHAR'],
        ['facteur', 'DOUBLE'],
      ],
      years.flatMap((y) =>
        axes.map((a) => [
          y,
          a,
          (1 + AXES[a]!.croissance_annuelle) ** (y - TENDANCE.annee_reference) *
            (y === TENDANCE.crise_sanitaire.annee ? TENDANCE.crise_sanitaire.facteur : 1),
        ]),
      ),
    ),
    table(
      'p_mois',
      [
        ['mois', 'INTEGER'],
        ['facteur', 'DOUBLE'],
      ],
      SAISONNALITE.map((f, i) => [i + 1, f]),
    ),
    table(
      'p_pilote',
      [
        ['departement', 'VARCHAR'],
        ['pilote', 'VARCHAR'],
        ['debut', 'DATE'],
        ['fin', 'DATE'],
        ['axe', 'VARCHAR'],
        ['mult', 'DOUBLE'],
        ['p_force', 'DOUBLE'],
        ['origine', 'VARCHAR'],
        ['delai', 'INTEGER'],
        ['points', 'DOUBLE'],
      ],
      PILOTES.map((p) => (plan.sansEffet ? { ...p, ...SANS_EFFET } : p)).flatMap((p) =>
        p.departements.map((d) => [
          d,
          p.id,
          p.debut,
          p.fin ?? '9999-12-31',
          p.axe,
          p.multiplicateur_signalements,
          p.origine_supplementaire ? (p.multiplicateur_signalements - 1) / p.multiplicateur_signalements : 0,
          p.origine_supplementaire,
          p.delai_premier_entretien_jours,
          p.points_maintien_emploi,
        ]),
      ),
    ),
    table(
      'p_dist',
      [
        ['nom', 'VARCHAR'],
        ['variante', 'VARCHAR'],
        ['code', 'VARCHAR'],
        ['lo', 'DOUBLE'],
        ['hi', 'DOUBLE'],
      ],
      distRows,
    ),
    table(
      'p_age',
      [
        ['axe', 'VARCHAR'],
        ['amin', 'INTEGER'],
        ['amax', 'INTEGER'],
        ['lo', 'DOUBLE'],
        ['hi', 'DOUBLE'],
      ],
      ageRows,
    ),
    // each bin takes the code whose [lo, hi) holds the bin's midpoint
    `CREATE OR REPLACE TABLE p_bin AS SELECT d.nom, d.variante, r.b::INTEGER AS b, d.code
     FROM p_dist d JOIN range(${BINS}) r(b) ON (r.b + 0.5) / ${BINS} >= d.lo AND (r.b + 0.5) / ${BINS} < d.hi;`,
    `CREATE OR REPLACE TABLE p_age_bin AS SELECT a.axe, r.b::INTEGER AS b, a.amin, a.amax
     FROM p_age a JOIN range(${BINS}) r(b) ON (r.b + 0.5) / ${BINS} >= a.lo AND (r.b + 0.5) / ${BINS} < a.hi;`,
    table(
      'p_issue_maintien',
      [
        ['variante', 'VARCHAR'],
        ['p0', 'DOUBLE'],
      ],
      Object.keys(issue.variantes).map((v) => [v, partGroupe(issue, v, CODES_ROLES.groupe_maintien)]),
    ),
    table(
      'p_codes',
      [
        ['liste', 'VARCHAR'],
        ['code', 'VARCHAR'],
        ['groupe', 'VARCHAR'],
      ],
      CODES.map((c) => [c.liste, c.code, c.groupe]),
    ),
    table(
      'p_instance',
      [
        ['type', 'VARCHAR'],
        ['par_an', 'DOUBLE'],
        ['elasticite', 'DOUBLE'],
        ['part_dep', 'DOUBLE'],
        ['bruit', 'DOUBLE'],
        ['sit_min', 'INTEGER'],
        ['sit_etendue', 'INTEGER'],
      ],
      codeValues('type_instance').map((t) => {
        const p = INSTANCES[t]!;
        return [t, p.par_an, p.elasticite_taille, p.part_departements, p.bruit, p.situations_min, p.situations_etendue];
      }),
    ),
    table(
      'p_collectif',
      [
        ['type', 'VARCHAR'],
        ['par_an', 'DOUBLE'],
        ['elasticite', 'DOUBLE'],
        ['seances_min', 'INTEGER'],
        ['seances_etendue', 'INTEGER'],
        ['part_moins', 'DOUBLE'],
        ['participants_min', 'INTEGER'],
        ['participants_etendue', 'INTEGER'],
      ],
      codeValues('type_action_collective').map((t) => {
        const p = ACTIONS_COLLECTIVES[t]!;
        return [
          t,
          p.par_an,
          p.elasticite_taille,
          p.seances_min,
          p.seances_etendue,
          p.part_moins_que_min,
          p.participants_min,
          p.participants_etendue,
        ];
      }),
    ),
    `CREATE OR REPLACE TABLE p_annees AS SELECT y::INTEGER AS annee FROM range(${y0}, ${y1 + 1}) r(y);`,
  ];
}

/** The generation stages: accompaniments, children, detection, bodies, collective actions, survey, denominators. */
export function generationSql(plan: Plan): string[] {
  const [y0, y1] = plan.years;
  const d0 = date(y0);
  const dEnd = date(y1, 12, 31);
  const months = 12 * (y1 - y0 + 1 + ANNEES_CHAUFFE);
  const crisis = TENDANCE.crise_sanitaire.annee;
  const suiteAcc = lit(CODES_ROLES.suite_accompagnement);
  return [
    // 1. cells: expected accompaniment starts per département, month (ANNEES_CHAUFFE warm-up years before the range) and axe
    `CREATE OR REPLACE TABLE cells AS
     WITH m AS (SELECT i AS mois_idx, (${date(y0 - ANNEES_CHAUFFE)} + to_months(i::INTEGER))::DATE AS mois FROM range(${months}) r(i)),
     c AS (
       SELECT d.departement, d.dans, m.mois, a.axe, ((d.idx * 10000 + m.mois_idx) * 10 + a.idx) * 100000000 AS cle0,
         coalesce(p.axe = a.axe AND m.mois BETWEEN p.debut AND p.fin, false) AS traite, p.p_force AS p_force_pilote, p.origine AS origine_pilote, p.mult,
         a.debuts_par_an / 12.0 * d.poids * d.intensite * pa.facteur * pm.facteur
           * exp(${BRUIT.niveau_departement} * z('niv', d.departement)
               + ${BRUIT.niveau_departement_axe} * z('niva', d.departement || a.axe)
               + ${BRUIT.annee} * z('an', d.departement || a.axe || year(m.mois)::VARCHAR)) AS lambda0
       FROM p_dep_tous d CROSS JOIN m CROSS JOIN p_axe a
       JOIN p_annee pa ON pa.annee = year(m.mois) AND pa.axe = a.axe
       JOIN p_mois pm ON pm.mois = month(m.mois)
       LEFT JOIN p_pilote p ON p.departement = d.departement)
     SELECT departement, dans, mois, axe, cle0, traite, origine_pilote,
       CASE WHEN traite THEN p_force_pilote ELSE 0 END AS p_force,
       floor(lambda0 * CASE WHEN traite THEN mult ELSE 1 END + u('n', cle0))::BIGINT AS n
     FROM c;`,
    // 2. first accompaniments of each person. Integer keys, stable across scales:
    //    ((département rank × 10⁴ + month rank) × 10 + axe rank) × 10⁸ + k × 10 + r, where r is
    //    1 for a first accompaniment, 2 for the second one, 3 for a signalement without accompaniment.
    // The cell's month is the detection month (the signalement, if any); the accompaniment starts
    // 0 … DELAI_SIGNALEMENT_MAX days later. Cells outside the scope (dans false) only give the
    // people who move into it (mobile, departement_2 in the scope), so that a smaller scale stays
    // exactly a part of the national extract.
    `CREATE OR REPLACE TABLE acc1 AS
     WITH k0 AS (
       SELECT c.departement, c.dans, c.axe, c.p_force, c.origine_pilote, c.mois,
         c.cle0 + r.k * 10 + 1 AS cle
       FROM cells c, range(c.n) r(k)),
     k1 AS (
       SELECT k0.*, u('demenage', k0.cle) < ${PARCOURS.part_demenagement} AS mobile FROM k0
       WHERE k0.dans OR u('demenage', k0.cle) < ${PARCOURS.part_demenagement}),
     k2 AS (
       SELECT k1.*, CASE WHEN k1.mobile THEN pb.cible END AS departement_2
       FROM k1 JOIN p_partenaire_bin pb ON pb.departement = k1.departement
         AND pb.autre = (u('organisme2', k1.cle) < ${PARCOURS.part_autre_organisme})
         AND pb.b = floor(u('departement2', k1.cle) * ${PARTNER_BINS})::INTEGER),
     k AS (
       SELECT k2.*, (k2.mois + floor(u('jour', k2.cle) * day(last_day(k2.mois)))::INTEGER) AS date_detection FROM k2
       WHERE k2.dans OR k2.departement_2 IN (SELECT departement FROM p_dep))
     SELECT k.cle, k.cle AS pcle, k.departement, k.dans, k.mobile, k.departement_2, k.axe, k.date_detection,
       k.date_detection + floor(u('dsig', k.cle) * ${DELAI_SIGNALEMENT_MAX + 1})::INTEGER AS date_debut,
       u('force', k.cle) < k.p_force AS force_origine, k.p_force, k.origine_pilote,
       s.code AS sexe, (ag.amin + floor(u('age2', k.cle) * (ag.amax - ag.amin + 1)))::INTEGER AS age
     FROM k
     ${pick('s', 'sexe', 'k.axe', "u('sexe', k.cle)")}
     JOIN p_age_bin ag ON ag.axe = k.axe AND ag.b = floor(u('age', k.cle) * ${BINS})::INTEGER;`,
    `CREATE OR REPLACE MACRO duree(cle, mn, et) AS (mn + floor((u('d1', cle) + u('d2', cle)) / 2 * (et + 1)))::INTEGER;`,
    // 3. second accompaniments: after the end of the first, another axe or the same; or, for the
    //    people who move, the same axe in another département shortly after; and the SPS
    //    accompaniments that run alongside a PDP one (two services). Only the scope is kept.
    `CREATE OR REPLACE TABLE acc_all AS
     WITH a1 AS (
       SELECT a.*, round(duree(a.cle, pa.duree_min, pa.duree_etendue) * e.f_duree)::INTEGER AS duree, 1 AS rang
       FROM acc1 a JOIN p_axe pa USING (axe) JOIN p_dep_effets e USING (departement)),
     a2s AS (
       SELECT a.cle + 1 AS cle, a.pcle, coalesce(a.departement_2, a.departement) AS departement,
         CASE WHEN a.mobile THEN a.axe ELSE x.code END AS axe,
         a.date_debut + a.duree + CASE WHEN a.mobile
           THEN ${PARCOURS.ecart_demenagement.min} + floor(u('ecart', a.cle) * ${PARCOURS.ecart_demenagement.etendue + 1})::INTEGER
           ELSE ${ECART_SECOND.min} + floor(u('ecart', a.cle) * ${ECART_SECOND.etendue + 1})::INTEGER END AS date_debut,
         false AS force_origine, 0.0 AS p_force, NULL::VARCHAR AS origine_pilote, a.sexe, a.age AS age1, a.date_debut AS debut1, 2 AS rang
       FROM a1 a JOIN p_axe pa USING (axe)
       ${pick('x', 'axe_second', 'a.axe', "u('axe2', a.cle)")}
       WHERE a.mobile OR u('second', a.cle) < pa.part_second),
     a3 AS (
       SELECT a.cle + 3 AS cle, a.pcle, a.departement, ${lit(PARCOURS.simultane.axe)} AS axe,
         a.date_debut + floor(u('simultane_debut', a.cle) * a.duree * ${PARCOURS.simultane.debut_max})::INTEGER AS date_debut,
         false AS force_origine, 0.0 AS p_force, NULL::VARCHAR AS origine_pilote, a.sexe, a.age AS age1, a.date_debut AS debut1, 3 AS rang
       FROM a1 a
       WHERE a.axe = ${lit(PARCOURS.simultane.pendant)} AND u('simultane', a.cle) < ${PARCOURS.simultane.part}),
     a2 AS (SELECT * FROM a2s UNION ALL SELECT * FROM a3)
     SELECT cle, pcle, departement, axe, date_detection, date_debut, force_origine, origine_pilote, sexe, age, duree, rang FROM a1 WHERE dans
     UNION ALL
     SELECT a2.cle, a2.pcle, a2.departement, a2.axe,
       a2.date_debut - floor(u('dsig', a2.cle) * ${DELAI_SIGNALEMENT_MAX + 1})::INTEGER, a2.date_debut,
       a2.force_origine, a2.origine_pilote, a2.sexe,
       least(99, a2.age1 + floor(date_diff('day', a2.debut1, a2.date_debut) / 365.25))::INTEGER,
       round(duree(a2.cle, pa.duree_min, pa.duree_etendue) * e.f_duree)::INTEGER, a2.rang
     FROM a2 JOIN p_axe pa USING (axe) JOIN p_dep_effets e USING (departement)
     WHERE a2.date_debut - ${DELAI_SIGNALEMENT_MAX} <= ${dEnd} AND a2.departement IN (SELECT departement FROM p_dep);`,
    // 4. the accompaniments kept (active in the range), with their attributes and planned entretiens
    `CREATE OR REPLACE TABLE acc_attr AS
     WITH a AS (
       SELECT a.*, a.date_debut + a.duree AS fin_prevue,
         coalesce(p.axe = a.axe AND a.date_detection BETWEEN p.debut AND p.fin, false) AS traite,
         coalesce(p.points, 0) AS points, coalesce(p.delai, 0) AS delai_pilote,
         pa.delai_min, pa.delai_moyen_exp, pa.entretiens_par_mois * e.f_entretiens AS entretiens_par_mois, pa.entretiens_min,
         e.points_maintien AS points_dep, e.a_origine
       FROM acc_all a JOIN p_axe pa USING (axe) JOIN p_dep_effets e USING (departement)
       LEFT JOIN p_pilote p ON p.departement = a.departement
       WHERE a.date_debut + a.duree >= ${d0} AND a.date_debut <= ${dEnd}),
     b AS (
       SELECT a.*,
         CASE WHEN fin_prevue <= ${dEnd} THEN fin_prevue END AS date_fin,
         least(duree, greatest(0, delai_min + floor(delai_moyen_exp * expo('delai', cle))::INTEGER
           + CASE WHEN traite THEN delai_pilote ELSE 0 END)) AS delai,
         greatest(entretiens_min, least(60, 1 + floor(duree / 30.4375 * entretiens_par_mois * expo('nent', cle))))::INTEGER AS n_ent
       FROM a)
     SELECT b.cle, b.pcle, b.departement, b.axe, b.date_debut, b.date_fin, b.duree, b.delai, b.n_ent, b.sexe, b.age, b.rang,
       CASE WHEN b.force_origine THEN b.origine_pilote ELSE o.code END AS origine,
       se.code AS situation_emploi, r.code AS risque,
       CASE WHEN b.date_fin IS NULL THEN NULL
            WHEN g.groupe <> ${lit(CODES_ROLES.groupe_maintien)}
              AND u('bascule', b.cle) < (b.points_dep + CASE WHEN b.traite THEN b.points ELSE 0 END) / (1 - im.p0)
            THEN ${lit(CODES_ROLES.issue_maintien)} ELSE i.code END AS issue
     FROM b
     ${pick('o', 'origine', 'b.axe', "pow(u('origine', b.cle), b.a_origine)")}
     ${pick('se', 'situation_emploi', 'b.axe', "u('emploi', b.cle)")}
     ${pick('r', 'risque', 'b.axe', "u('risque', b.cle)")}
     ${pick('i', 'issue', "b.axe || CASE WHEN b.n_ent >= 3 THEN '_3' ELSE '_court' END", "u('issue', b.cle)")}
     JOIN p_issue_maintien im ON im.variante = i.variante
     JOIN p_codes g ON g.liste = 'issue' AND g.code = i.code;`,
    // ids numbered by département in order of date_debut (a narrow window, then a join);
    // _ordre: rank of the accompaniment's département × 10⁸ + number, the (numeric) order of the output files
    `CREATE OR REPLACE TABLE acc AS
     WITH n AS (SELECT cle, row_number() OVER (PARTITION BY departement ORDER BY date_debut, cle) AS rn FROM acc_attr)
     SELECT a.*, 'A' || a.departement || lpad(n.rn::VARCHAR, 7, '0') AS accompagnement_id,
       d.idx * 100000000 + n.rn AS _ordre
     FROM acc_attr a JOIN n USING (cle) JOIN p_dep d USING (departement);`,
    // 5. signalements: those that led to an accompaniment (still EN_COURS when it starts after the
    //    range), and those that did not (tied to the cells' volumes)
    `CREATE OR REPLACE TABLE sig_base AS
     SELECT a.cle, a.departement, a.axe, a.date_detection AS date,
       coalesce(k.origine, CASE WHEN a.force_origine THEN a.origine_pilote ELSE o.code END) AS origine, a.pcle,
       CASE WHEN k.cle IS NULL THEN ${lit(CODES_ROLES.suite_en_cours)} ELSE ${suiteAcc} END AS suite, k.accompagnement_id
     FROM acc_all a JOIN p_axe pa USING (axe)
     JOIN p_dep_effets e ON e.departement = a.departement
     LEFT JOIN acc k USING (cle)
     ${pick('o', 'origine', 'a.axe', "pow(u('origine', a.cle), e.a_origine)")}
     WHERE u('lien', a.cle) < least(0.95, pa.part_avec_signalement * e.f_signalement)
     UNION ALL
     SELECT s.cle, s.departement, s.axe, s.date,
       CASE WHEN u('force_s', s.cle) < s.p_force THEN s.origine_pilote ELSE o.code END,
       s.cle AS pcle,
       CASE WHEN s.date > ${dEnd} - ${EN_COURS_FIN.jours} AND u('en_cours', s.cle) < ${EN_COURS_FIN.part} THEN ${lit(CODES_ROLES.suite_en_cours)}
            ELSE x.code END,
       NULL
     FROM (SELECT a.cle + 2 AS cle, a.departement, a.axe, a.p_force, a.origine_pilote, e.a_origine,
             date_trunc('month', a.date_detection)::DATE + floor(u('jour', a.cle + 2) * day(last_day(a.date_detection)))::INTEGER AS date
           FROM acc1 a JOIN p_axe pa USING (axe) JOIN p_dep_effets e USING (departement)
           WHERE a.dans AND u('sans', a.cle) < pa.sans_suite_par_debut) s
     ${pick('o', 'origine', 's.axe', "pow(u('origine', s.cle), s.a_origine)")}
     ${pick('x', 'suite_sans_accompagnement', "'TOUS'", "u('suite', s.cle)")};
     DELETE FROM sig_base WHERE date < ${d0} OR date > ${dEnd};`,
    // 6. people: one pseudonym per person key, numbered by département in order of first appearance;
    //    people who move get a pseudonym made from their key (département of origin, month, axe,
    //    rank: at most 10 digits in a row), the same in both départements at every scale
    `CREATE OR REPLACE TABLE mobiles AS
     SELECT pcle, 'P' || departement || 'M' || lpad(((cle // 100000000) % 100000)::VARCHAR, 5, '0')
       || lpad(((cle % 100000000) // 10)::VARCHAR, 5, '0') AS assure_id
     FROM acc1 WHERE mobile;
     CREATE OR REPLACE TABLE personnes AS
     WITH x AS (SELECT pcle, departement, date_debut AS d FROM acc UNION ALL SELECT pcle, departement, date FROM sig_base)
     SELECT x.pcle, x.departement, 'P' || x.departement || lpad(row_number() OVER (PARTITION BY x.departement ORDER BY min(x.d), x.pcle)::VARCHAR, 7, '0') AS assure_id
     FROM x ANTI JOIN mobiles m USING (pcle)
     GROUP BY x.pcle, x.departement
     UNION ALL
     SELECT DISTINCT x.pcle, x.departement, m.assure_id FROM x JOIN mobiles m USING (pcle);`,
    `CREATE OR REPLACE TABLE out_accompagnements AS
     SELECT a._ordre, a.accompagnement_id, p.assure_id, a.departement, a.axe, a.origine, a.date_debut, a.date_fin, a.sexe, a.age,
       a.situation_emploi, a.risque, a.issue
     FROM acc a JOIN personnes p USING (pcle, departement);`,
    `CREATE OR REPLACE TABLE out_signalements AS
     WITH n AS (SELECT cle, row_number() OVER (PARTITION BY departement ORDER BY date, cle) AS rn FROM sig_base)
     SELECT d.idx * 100000000 + n.rn AS _ordre, 'S' || s.departement || lpad(n.rn::VARCHAR, 7, '0') AS signalement_id,
       s.departement, s.axe, s.date, s.origine, p.assure_id, s.suite, s.accompagnement_id
     FROM sig_base s JOIN n USING (cle) JOIN personnes p USING (pcle, departement) JOIN p_dep d USING (departement);`,
    // 7. entretiens: the first after the delay, the last one (closing) within ENTRETIEN_FINAL_JOURS of
    //    the planned end, the others spread in between; only those in the range
    `CREATE OR REPLACE VIEW out_entretiens AS
     SELECT e._ordre * 100 + e.j AS _ordre, 'E' || substr(e.accompagnement_id, 2) || lpad(e.j::VARCHAR, 2, '0') AS entretien_id,
       e.accompagnement_id, e.date, m.code AS mode
     FROM (SELECT a._ordre, a.accompagnement_id, a.cle, a.axe, r.j,
             a.date_debut + a.delai + CASE WHEN r.j = 0 THEN 0
               WHEN r.j = a.n_ent - 1 THEN a.duree - a.delai - floor(u2('dent', a.cle, r.j) * least(${ENTRETIEN_FINAL_JOURS}, a.duree - a.delai + 1))::INTEGER
               ELSE floor(u2('dent', a.cle, r.j) * (a.duree - a.delai + 1))::INTEGER END AS date
           FROM acc a, range(a.n_ent) r(j)) e
     ${pick('m', 'mode', `CASE WHEN year(e.date) = ${crisis} THEN 'CRISE' ELSE e.axe END`, "u2('mode', e.cle, e.j)")}
     WHERE e.date BETWEEN ${d0} AND ${dEnd};`,
    // 8. préconisations and actions de remobilisation, dated within the accompaniment
    ...(['preconisations', 'actions_remobilisation'] as const).map((t) => {
      const [prefix, nb, typeDist, typeVariant, idCol, dateCol] =
        t === 'preconisations'
          ? ['R', 'nb_preconisations', 'type_preconisation', 'c.axe', 'preconisation_id', 'date']
          : ['M', 'nb_actions', 'type_action', "'TOUS'", 'action_id', 'date_demande'];
      return `CREATE OR REPLACE VIEW out_${t} AS
     SELECT c._ordre * 10 + c.j AS _ordre, '${prefix}' || substr(c.accompagnement_id, 2) || c.j::VARCHAR AS ${idCol}, c.accompagnement_id, c.date AS ${dateCol}, ty.code AS type
       ${t === 'actions_remobilisation' ? ', de.code AS decision' : ''}
     FROM (SELECT a._ordre, a.accompagnement_id, a.cle, a.axe, r.j,
             a.date_debut + a.delai + floor(u2('d${prefix}', a.cle, r.j) * (a.duree - a.delai + 1))::INTEGER AS date
           FROM acc a ${pick('nb', nb, 'a.axe', `u('${nb}', a.cle)`)}, range(nb.code::INTEGER) r(j)) c
     ${pick('ty', typeDist, typeVariant, `u2('t${prefix}', c.cle, c.j)`)}
     ${t === 'actions_remobilisation' ? pick('de', 'decision_action', "'TOUS'", "u2('decision', c.cle, c.j)") : ''}
     WHERE c.date BETWEEN ${d0} AND ${dEnd};`;
    }),
    // 9. concertation bodies (instances) and the situations they examined
    `CREATE OR REPLACE TABLE instances_base AS
     WITH n AS (
       SELECT d.departement, y.annee, t.type, t.sit_min, t.sit_etendue,
         CASE WHEN u('presence', d.departement || t.type) < t.part_dep
              THEN floor(t.par_an * pow(d.taille, t.elasticite) * exp(t.bruit * z('ninst', d.departement || t.type || y.annee::VARCHAR))
                         + u('ninst', d.departement || t.type || y.annee::VARCHAR))::BIGINT
              ELSE 0 END AS n
       FROM p_taille d CROSS JOIN p_annees y CROSS JOIN p_instance t)
     SELECT n.departement, n.type, n.sit_min, n.sit_etendue,
       n.departement || '.' || n.type || '.' || n.annee::VARCHAR || '.' || r.k::VARCHAR AS cle,
       make_date(n.annee, 1, 1) + floor((r.k + u('dinst', n.departement || n.type || n.annee::VARCHAR || r.k::VARCHAR)) / n.n
         * (make_date(n.annee, 12, 31) - make_date(n.annee, 1, 1) + 1))::INTEGER AS date
     FROM n, range(n.n) r(k);
     CREATE OR REPLACE TABLE out_instances AS
     SELECT 'I' || departement || lpad(row_number() OVER (PARTITION BY departement ORDER BY date, cle)::VARCHAR, 5, '0') AS instance_id,
       departement, type, date, cle, sit_min, sit_etendue
     FROM instances_base;`,
    `CREATE OR REPLACE VIEW out_situations_instances AS
     SELECT 'N' || substr(s.instance_id, 2) || lpad(s.j::VARCHAR, 2, '0') AS situation_id, s.instance_id,
       pp.code AS presentee_par, ob.code AS objet, de.code AS decision
     FROM (SELECT i.instance_id, i.type, i.cle, r.j FROM out_instances i,
             range((i.sit_min + floor(u('nsit', i.cle) * (i.sit_etendue + 1)))::BIGINT) r(j)) s
     ${pick('pp', 'presentee_par', 's.type', "u2('pp', s.cle, s.j)")}
     ${pick('ob', 'objet', 's.type', "u2('objet', s.cle, s.j)")}
     ${pick('de', 'decision_instance', "'TOUS'", "u2('dsit', s.cle, s.j)")};`,
    // 10. collective actions
    `CREATE OR REPLACE TABLE out_actions_collectives AS
     WITH n AS (
       SELECT d.departement, y.annee, t.*,
         floor(t.par_an * pow(d.taille, t.elasticite) * exp(0.2 * z('ncol', d.departement || t.type || y.annee::VARCHAR))
               + u('ncol', d.departement || t.type || y.annee::VARCHAR))::BIGINT AS n
       FROM p_taille d CROSS JOIN p_annees y CROSS JOIN p_collectif t),
     c AS (
       SELECT n.*, n.departement || '.' || n.type || '.' || n.annee::VARCHAR || '.' || r.k::VARCHAR AS cle FROM n, range(n.n) r(k)),
     d AS (
       SELECT c.*, make_date(c.annee, 1, 1) + floor(u('dcol', c.cle) * (make_date(c.annee, 12, 31) - make_date(c.annee, 1, 1) + 1))::INTEGER AS date_debut
       FROM c)
     SELECT 'C' || d.departement || lpad(row_number() OVER (PARTITION BY d.departement ORDER BY d.date_debut, d.cle)::VARCHAR, 5, '0') AS action_id,
       d.departement, d.type, ax.code AS axe, d.date_debut,
       CASE WHEN u('moins', d.cle) < d.part_moins THEN 1 + floor(u('seances', d.cle) * (d.seances_min - 1))
            ELSE d.seances_min + floor(u('seances', d.cle) * (d.seances_etendue + 1)) END::INTEGER AS nb_seances,
       (d.participants_min + floor(u('participants', d.cle) * (d.participants_etendue + 1)))::INTEGER AS nb_participants
     FROM d ${pick('ax', 'axe_collectif', 'd.type', "u('axe', d.cle)")};`,
    // 11. satisfaction survey
    `CREATE OR REPLACE TABLE out_satisfaction AS
     WITH n AS (
       SELECT d.departement, y.annee,
         floor(${VOLUMES.reponses_satisfaction} * d.poids * d.intensite * exp(0.15 * z('nsat', d.departement || y.annee::VARCHAR))
               + u('nsat', d.departement || y.annee::VARCHAR))::BIGINT AS n
       FROM p_dep d CROSS JOIN p_annees y),
     c AS (
       SELECT n.departement, n.annee, n.departement || '.' || n.annee::VARCHAR || '.' || r.k::VARCHAR AS cle,
         make_date(n.annee, 1, 1) + floor(u('dsat', n.departement || n.annee::VARCHAR || r.k::VARCHAR)
           * (make_date(n.annee, 12, 31) - make_date(n.annee, 1, 1) + 1))::INTEGER AS date
       FROM n, range(n.n) r(k)),
     s AS (
       SELECT c.*, ax.code AS axe, sa.code AS satisfaction, coalesce(g.groupe, 'SANS') AS groupe
       FROM c ${pick('ax', 'axe_satisfaction', "'TOUS'", "u('axe', c.cle)")}
       ${pick('sa', 'satisfaction', "'TOUS'", "u('sat', c.cle)")}
       LEFT JOIN p_codes g ON g.liste = 'satisfaction' AND g.code = sa.code)
     SELECT 'Q' || s.departement || lpad(row_number() OVER (PARTITION BY s.departement ORDER BY s.date, s.cle)::VARCHAR, 6, '0') AS reponse_id,
       s.departement, s.axe, s.date, s.satisfaction,
       ${['ecoute', 'confiance', 'clarte', 'information_droits', 'prise_en_compte'].map((c) => `${c}.code::INTEGER AS ${c}`).join(', ')}
     FROM s
     ${['ecoute', 'confiance', 'clarte', 'information_droits', 'prise_en_compte'].map((c) => pick(c, 'note', 's.groupe', `u('${c}', s.cle)`)).join('\n     ')};`,
    // 12. optional denominators: staff and reception points; people reaching 90 days of sick leave
    `CREATE OR REPLACE TABLE out_effectifs AS
     SELECT d.departement, y.annee,
       round(greatest(0.5, ${VOLUMES.etp_assistants} * d.poids * d.intensite
         * exp(0.08 * z('etp', d.departement) + 0.03 * z('etp', d.departement || y.annee::VARCHAR))), 1) AS etp_assistants,
       greatest(1, round(${VOLUMES.lieux_accueil} * d.poids * exp(0.15 * z('lieux', d.departement))))::INTEGER AS lieux_accueil
     FROM p_dep d CROSS JOIN p_annees y;`,
    `CREATE OR REPLACE TABLE out_arrets_longs AS
     SELECT d.departement, y.annee,
       round(${VOLUMES.assures_arret_90j} * d.poids * pow(1 + ${VOLUMES.croissance_arrets}, y.annee - ${TENDANCE.annee_reference})
         * exp(0.08 * z('arrets', d.departement) + 0.03 * z('arrets', d.departement || y.annee::VARCHAR)))::INTEGER AS assures_arret_90j
     FROM p_dep d CROSS JOIN p_annees y;`,
  ];
}
