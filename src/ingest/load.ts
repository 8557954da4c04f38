// Validation of the accepted files of one table, set-based, in temporary tables (the warehouse is
// written only by the final transaction, see index.ts): one pass checks every row (typed values +
// problem mask) into `_ing_c_<table>`; cross-row checks (duplicate keys, parents, dates within the
// parent) run against this load's good rows and the warehouse into `_ing_p_<table>`; the view
// `_ing_good_<table>` is what will be loaded. Rejects (one row per problem, with the record as
// read) go to `_ing_rej`, warnings to `_ing_warn`, laid out as load_rejects and load_warnings.
import type { DuckDBConnection } from '@duckdb/node-api';
import { DEPARTEMENTS } from '../contract/reference.ts';
import { tableSpec, type TableName, type TableSpec } from '../contract/schema.ts';
import { ident, lit, queryRows } from '../warehouse/db.ts';
import { maskSql, tablePlan, textCol, type CheckEntry } from './checks.ts';
import { messageSql } from './sql.ts';
import type { Source } from './stage.ts';

/** A file of the table that passed the file-level rules. */
export interface StagedFile {
  fid: number;
  name: string;
  source: Source;
  /** Contract column → 1-based field position. */
  positions: Map<string, number>;
  headerCount: number;
}

const ORDER = '1000000000000'; // _fid * ORDER + _line orders rows by file (name order) then line

/** SQL: the key of a row as one text (`|` between the columns of a composite key). */
function keySql(spec: TableSpec, alias = ''): string {
  const cols = spec.key.map((k) => `${alias}${ident(k)}`);
  return cols.length === 1 ? `CAST(${cols[0]} AS VARCHAR)` : `concat_ws('|', ${cols.join(', ')})`;
}

/** The column with a parent that carries the département of rows of a table that has none. */
function departementParent(spec: TableSpec) {
  if (spec.columns.some((c) => c.name === 'departement')) return null;
  const ref = spec.columns.find((c) => c.references && tableSpec(c.references.table).columns.some((p) => p.name === 'departement'));
  return ref ? { fk: ref.name, table: ref.references!.table, pk: ref.references!.column } : null;
}

const KNOWN_DEPS = `(${DEPARTEMENTS.map((d) => lit(d.departement)).join(', ')})`;

/** Number of rows of a table. */
async function countRows(con: DuckDBConnection, table: string): Promise<number> {
  const [{ n }] = await queryRows<{ n: number }>(con, `SELECT count(*) AS n FROM ${table}`) as [{ n: number }];
  return n;
}

/** Temporary tables of this load: candidate rows, problems and good rows of a table. */
export const cand = (t: string): string => ident(`_ing_c_${t}`);
const problems = (t: string): string => ident(`_ing_p_${t}`);
/** The view of the rows of a table that this load will insert. */
export const goodRows = (t: string): string => ident(`_ing_good_${t}`);

/** SQL relation: the rows of a parent table, in the warehouse and (when it has files in this load) to be loaded. */
function parentRows(table: TableName, loaded: ReadonlySet<string>): string {
  const cols = tableSpec(table).columns.map((c) => ident(c.name)).join(', ');
  return loaded.has(table) ? `(SELECT ${cols} FROM ${ident(table)} UNION ALL SELECT ${cols} FROM ${goodRows(table)})` : ident(table);
}

/** Checks the staged files of a table (parents' tables already checked, in `validated`); returns the rejected rows of each file. */
export async function validateTable(
  con: DuckDBConnection, spec: TableSpec, files: readonly StagedFile[], validated: ReadonlySet<string>,
): Promise<Map<number, number>> {
  const plan = tablePlan(spec);
  const T = ident(spec.name);
  const cols = spec.columns.map((c) => ident(c.name));
  const hasDep = spec.columns.some((c) => c.name === 'departement');
  const depParent = departementParent(spec);
  const branches = files.map((f) => {
    const texts = spec.columns.map((c, i) => {
      const p = f.positions.get(c.name);
      return `${p === undefined ? 'NULL::VARCHAR' : `NULLIF(f[${p}], '')`} AS ${textCol(i)}`;
    });
    return `SELECT ${f.fid}::INTEGER AS _fid, line AS _line, ${f.source.fieldCountBad} AS _nfbad, len(f) AS _nf, ${f.headerCount} AS _nh, ${texts.join(', ')}
      FROM ${f.source.relation}`;
  });
  const vList = `[${spec.columns.map((_, i) => textCol(i)).join(', ')}, CAST(_nf AS VARCHAR), CAST(_nh AS VARCHAR)]`;
  const C = cand(spec.name), P_ = problems(spec.name);
  await con.run(`CREATE TEMP TABLE ${C} AS
    SELECT _fid, _line, _mask, _wmask, ${cols.join(', ')}, CASE WHEN _mask <> 0 THEN ${vList} END AS _v
    FROM (SELECT *, ${maskSql(plan.errors, true)} AS _mask, ${maskSql(plan.warnings, false)} AS _wmask
          FROM (SELECT *, ${plan.typed.join(', ')} FROM (${branches.join('\nUNION ALL\n')})))`);

  const dep = hasDep ? `CASE WHEN c.departement IN ${KNOWN_DEPS} THEN c.departement END` : 'NULL::VARCHAR';
  const parentVal = depParent ? `c.${ident(depParent.fk)}` : 'NULL::VARCHAR';
  const common = `c._fid, c._line`;
  const tail = `${dep}, ${keySql(spec, 'c.')}, ${parentVal}`;
  await con.run(`CREATE TEMP TABLE ${P_} (fid INTEGER, line BIGINT, colonne VARCHAR, code VARCHAR, message VARCHAR,
    departement VARCHAR, cle VARCHAR, parent VARCHAR)`);

  // Row problems, from the mask.
  await con.run(`CREATE TEMP TABLE _ing_bad AS SELECT * FROM ${C} WHERE _mask <> 0`);
  const rowProblem = (e: CheckEntry) =>
    `SELECT ${common}, ${e.column === null ? 'NULL' : lit(e.column)}, ${lit(e.code)}, ${e.message}, ${tail}
     FROM _ing_bad c WHERE (c._mask & ${2n ** BigInt(e.bit)}) <> 0`;
  await con.run(`INSERT INTO ${P_} ${plan.errors.map(rowProblem).join('\nUNION ALL\n')}`);
  const rowProblems = await countRows(con, P_);

  // Duplicate keys: in this load (the first good occurrence wins) and against earlier loads.
  const keyCol = spec.key.join(', ');
  const keyText = spec.key.length === 1 ? `CAST(c.${ident(spec.key[0]!)} AS VARCHAR)` : `concat_ws(' / ', ${spec.key.map((k) => `c.${ident(k)}`).join(', ')})`;
  const keyJoin = (a: string, b: string) => spec.key.map((k) => `${a}.${ident(k)} = ${b}.${ident(k)}`).join(' AND ');
  await con.run(`INSERT INTO ${P_}
    SELECT ${common}, ${lit(keyCol)}, 'doublon', ${messageSql('doublon', {
      colonne: keyCol, valeur: { sql: keyText },
      detail: { sql: `concat('déjà présent ligne ', g._first % ${ORDER}, ' du fichier « ', ff.fichier, ' »')` },
    })}, ${tail}
    FROM ${C} c
    JOIN (SELECT ${spec.key.map(ident).join(', ')}, min(_fid * ${ORDER} + _line) AS _first FROM ${C} WHERE _mask = 0
          GROUP BY ALL HAVING count(*) > 1) g ON ${keyJoin('c', 'g')}
    JOIN _ing_files ff ON ff.fid = g._first // ${ORDER}
    WHERE c._mask = 0 AND c._fid * ${ORDER} + c._line > g._first`);
  await con.run(`INSERT INTO ${P_}
    SELECT ${common}, ${lit(keyCol)}, 'doublon', ${messageSql('doublon', {
      colonne: keyCol, valeur: { sql: keyText },
      detail: { sql: `concat('déjà chargé dans l''entrepôt (fichier « ', lf.fichier, ' », ligne ', w._ligne, ')')` },
    })}, ${tail}
    FROM ${C} c JOIN ${T} w ON ${keyJoin('c', 'w')} JOIN load_files lf ON lf.id = w._fichier
    WHERE c._mask = 0`);

  // Parents: unknown, or rejected (in this load, an earlier one, or a refused file).
  for (const col of spec.columns.filter((c) => c.references)) {
    const P = col.references!.table;
    const fk = `c.${ident(col.name)}`;
    const params = { colonne: col.name, valeur: { sql: fk }, attendu: P };
    const thisLoad = validated.has(P)
      ? `UNION ALL SELECT r.cle, concat('rejetée (fichier « ', ff.fichier, ' », ligne ', r.line, ' : ', r.code, ')')
         FROM ${problems(P)} r JOIN _ing_files ff ON ff.fid = r.fid WHERE r.cle IS NOT NULL` : '';
    await con.run(`INSERT INTO ${P_}
      WITH rj AS (
        SELECT cle, min(detail) AS detail FROM (
          SELECT cle, concat('rejetée (fichier « ', fichier, ' », ligne ', ligne, ' : ', code, ')') AS detail
          FROM load_rejects WHERE table_name = ${lit(P)} AND cle IS NOT NULL
          ${thisLoad}
          UNION ALL
          SELECT cle, concat('du fichier « ', fichier, ' », refusé en entier') FROM _ing_refused_keys WHERE table_name = ${lit(P)})
        GROUP BY cle)
      SELECT ${common}, ${lit(col.name)},
        CASE WHEN rj.cle IS NULL THEN 'reference_inconnue' ELSE 'parent_rejete' END,
        CASE WHEN rj.cle IS NULL THEN ${messageSql('reference_inconnue', params)}
             ELSE ${messageSql('parent_rejete', { ...params, detail: { sql: 'rj.detail' } })} END,
        ${tail}
      FROM ${C} c LEFT JOIN rj ON rj.cle = ${fk}
      WHERE c._mask = 0 AND ${fk} IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ${parentRows(P, validated)} p WHERE p.${ident(col.references!.column)} = ${fk})`);
  }

  // Dates within the parent's period.
  for (const rule of spec.rules) {
    if (rule.check.kind !== 'within_parent') continue;
    const ref = spec.columns.find((c) => c.references)!;
    const P = parentRows(ref.references!.table, validated);
    const from = `p.${ident(rule.check.from)}`, to = `p.${ident(rule.check.to)}`;
    const d = `c.${ident(rule.column)}`;
    await con.run(`INSERT INTO ${P_}
      SELECT ${common}, ${lit(rule.column)}, ${lit(rule.code)}, ${messageSql(rule.code, {
        colonne: rule.column, valeur: { sql: `strftime(${d}, '%Y-%m-%d')` },
        detail: { sql: `concat('« ', p.${ident(ref.references!.column)}, ' » (du ', strftime(${from}, '%Y-%m-%d'), coalesce(' au ' || strftime(${to}, '%Y-%m-%d'), ', en cours'), ')')` },
      })}, ${tail}
      FROM ${C} c JOIN ${P} p ON p.${ident(ref.references!.column)} = c.${ident(ref.name)}
      WHERE c._mask = 0 AND (${d} < ${from} OR ${d} > ${to})`);
  }

  // Rows rejected by a cross-row check get mask -1 (usually none: then nothing to do); the good rows
  // are those with mask 0 (a view: inserted by the final transaction), then warnings on them.
  if ((await countRows(con, P_)) > rowProblems) {
    await con.run(`UPDATE ${C} SET _mask = -1 FROM (SELECT DISTINCT fid, line FROM ${P_}) p WHERE ${C}._mask = 0 AND ${C}._fid = p.fid AND ${C}._line = p.line`);
  }
  await con.run(`CREATE TEMP VIEW ${goodRows(spec.name)} AS SELECT ${cols.join(', ')}, _fid, _line, _wmask FROM ${C} WHERE _mask = 0`);
  for (const wn of plan.warnings) {
    await con.run(`INSERT INTO _ing_warn (fichier_id, fichier, table_name, ligne, colonne, code, message)
      SELECT c._fid, ff.fichier, ${lit(spec.name)}, c._line, ${lit(wn.column ?? '')}, ${lit(wn.code)}, ${wn.message}
      FROM ${goodRows(spec.name)} c JOIN _ing_files ff ON ff.fid = c._fid WHERE (c._wmask & ${2n ** BigInt(wn.bit)}) <> 0
      ORDER BY c._fid, c._line`);
  }

  // Rejects with their record as read; the département from the parent when the table has none.
  const parentJoin = depParent
    ? `LEFT JOIN ${parentRows(depParent.table, validated)} par ON par.${ident(depParent.pk)} = p.parent` : '';
  const parentDep = depParent ? 'par.departement' : 'NULL';
  const counts = await queryRows<{ fid: number; rejected: number }>(con,
    `SELECT fid, count(DISTINCT line) AS rejected FROM ${P_} GROUP BY fid`);
  const rejected = new Map(counts.map((r) => [r.fid, r.rejected]));
  for (const f of files) {
    if (!rejected.get(f.fid)) continue;
    await con.run(`INSERT INTO _ing_rej (fichier_id, fichier, table_name, ligne, colonne, code, message, enregistrement, departement, cle)
      SELECT p.fid, ${lit(f.name)}, ${lit(spec.name)}, p.line, p.colonne, p.code, p.message, ${f.source.rawOf('s')},
             coalesce(p.departement, ${parentDep}), p.cle
      FROM ${P_} p JOIN ${f.source.relation} s ON s.line = p.line ${parentJoin}
      WHERE p.fid = ${f.fid}
      ORDER BY p.line`);
  }
  await con.run('DROP TABLE _ing_bad');
  return rejected;
}
