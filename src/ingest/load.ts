// Validation of the accepted files of one table, set-based, in temporary tables (the warehouse is
// written only by the final transaction, see index.ts): one pass checks every row (typed values +
// problem mask) into `_ing_c_<table>`; cross-row checks (duplicate keys, parents, dates within the
// parent) run against this load's good rows and the warehouse into `_ing_p_<table>`; the view
// `_ing_good_<table>` is what will be loaded. Rejects (one row per problem, with the record as
// read) go to `_ing_rej`, warnings to `_ing_warn`, laid out as load_rejects and load_warnings.
import type { DuckDBConnection } from '@duckdb/node-api';
import { DEPARTEMENTS } from '../contract/reference.ts';
import { formatMessage } from '../contract/messages.ts';
import { maskNirSql } from '../contract/privacy.ts';
import { tableSpec, type RuleCode, type TableName, type TableSpec } from '../contract/schema.ts';
import { ident, lit, queryRows } from '../warehouse/db.ts';
import {
  SLASH_DATE_RE,
  ambiguousCol,
  dateCol,
  dateTextSql,
  maskSql,
  tablePlan,
  textCol,
  type CheckEntry,
  type DateOrder,
} from './checks.ts';
import { messageSql } from './sql.ts';
import { MAX_RECORD_BYTES, type Source } from './stage.ts';

/** A file of the table that passed the file-level rules. */
export interface StagedFile {
  fid: number;
  name: string;
  source: Source;
  /** Per segment of the file (source.segments): contract column → 1-based field position, and the header's number of cells. */
  segments: { positions: Map<string, number>; count: number; named: number }[];
}

/** A warning about a whole column of a file (a normalisation, a decision), line = first line concerned. */
export interface FileNote {
  fid: number;
  line: number | null;
  column: string | null;
  code: RuleCode;
  message: string;
}

/** SQL: the text of a contract column in a record of a file (its position may differ by segment), NULL when empty or absent. */
function fieldSql(f: StagedFile, column: string): string {
  const ps = f.segments.map((s) => s.positions.get(column));
  if (ps.every((p) => p === ps[0])) return ps[0] === undefined ? 'NULL::VARCHAR' : `NULLIF(f[${ps[0]}], '')`;
  return `NULLIF(f[CASE seg ${ps.map((p, k) => `WHEN ${k} THEN ${p ?? 'NULL'}`).join(' ')} END], '')`;
}

/** SQL: the header's number of cells for a record of a file (`named`: up to its last non-empty cell). */
function headerCountSql(f: StagedFile, which: 'count' | 'named' = 'count'): string {
  const cs = f.segments.map((s) => s[which]);
  return cs.every((c) => c === cs[0]) ? String(cs[0]) : `CASE seg ${cs.map((c, k) => `WHEN ${k} THEN ${c}`).join(' ')} END`;
}

/** SQL: a record's number of fields is wrong: fewer than the header's named cells (empty ones at its end need no field), or more with some of the extra ones filled (empty ones after the last column are a separator at the end of the line: ignored, counted). */
const nfBad = (f: string, nh: string, named: string): string =>
  `(len(${f}) < ${named} OR (len(${f}) > ${nh} AND list_bool_or(list_transform(list_slice(${f}, ${nh} + 1, len(${f})), lambda x: x <> ''))))`;

const DOT0_RE = '[0-9]+\\.0+';

/**
 * Decisions taken per file and column from the values themselves: how `…/…/AAAA` dates are read
 * (a first number above 12 proves day first, a second above 12 proves month first; both: the
 * order cannot be decided; neither: day first, said), and whether a text column is integers
 * written as decimals (`123.0` everywhere: pandas' float column), read without `.0`.
 */
async function columnDecisions(
  con: DuckDBConnection,
  spec: TableSpec,
  f: StagedFile,
): Promise<{
  order: Map<number, DateOrder>;
  dot0: Set<number>;
  notes: FileNote[];
}> {
  const order = new Map<number, DateOrder>();
  const dot0 = new Set<number>();
  const notes: FileNote[] = [];
  const dates = spec.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.type === 'date' && fieldSql(f, c.name) !== 'NULL::VARCHAR');
  const texts = spec.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.type === 'text' && fieldSql(f, c.name) !== 'NULL::VARCHAR');
  if (!dates.length && !texts.length) return { order, dot0, notes };
  const SL = lit(SLASH_DATE_RE);
  const aggs: string[] = [];
  for (const { i } of dates) {
    const x = `x${i}`;
    const slash = `regexp_full_match(${x}, ${SL})`;
    const g = (k: number) => `TRY_CAST(regexp_extract(${x}, ${SL}, ${k}) AS INTEGER)`;
    aggs.push(
      `count(*) FILTER (WHERE ${slash}) AS n${i}`,
      `arg_min(concat(line, '|', ${x}), line) FILTER (WHERE ${slash} AND ${g(2)} > 12 AND ${g(1)} <= 12) AS mf${i}`,
      `arg_min(concat(line, '|', ${x}), line) FILTER (WHERE ${slash} AND ${g(1)} > 12) AS df${i}`,
    );
  }
  for (const { i } of texts)
    aggs.push(`arg_min(concat(line, '|', x${i}), line) FILTER (WHERE regexp_full_match(x${i}, '${DOT0_RE}')) AS dz${i}`);
  const cols = [...dates, ...texts].map(({ c, i }) => `${fieldSql(f, c.name)} AS x${i}`).join(', ');
  const [row] = await queryRows<Record<string, string | number | null>>(
    con,
    `SELECT ${aggs.join(', ')} FROM (SELECT line, ${cols} FROM ${f.source.relation} WHERE sl OR d0)`,
  );
  const at = (v: unknown): [number, string] => {
    const t = String(v);
    const k = t.indexOf('|');
    return [Number(t.slice(0, k)), t.slice(k + 1)];
  };
  const note = (code: RuleCode, column: string, line: number | null, params: Record<string, string | number>) =>
    notes.push({ fid: f.fid, line, column, code, message: formatMessage(code, { colonne: column, ...params }) });
  for (const { c, i } of dates) {
    const n = Number(row![`n${i}`] ?? 0);
    if (!n) continue;
    const mf = row![`mf${i}`],
      df = row![`df${i}`];
    if (mf && df) order.set(i, 'ambiguous');
    else if (mf) {
      order.set(i, 'month_first');
      const [line, valeur] = at(mf);
      note('dates_mois_en_premier', c.name, line, { ligne: line, valeur });
    } else {
      order.set(i, 'day_first');
      if (!df) note('dates_ordre_suppose', c.name, null, { valeur: n });
    }
  }
  for (const { c, i } of texts) {
    const dz = row![`dz${i}`];
    if (!dz) continue;
    const [{ other }] = (await queryRows<{ other: number }>(
      con,
      `SELECT count(*) AS other FROM (SELECT ${fieldSql(f, c.name)} AS x FROM ${f.source.relation})
      WHERE x IS NOT NULL AND NOT regexp_full_match(x, '${DOT0_RE}')`,
    )) as [{ other: number }];
    if (other > 0) continue;
    dot0.add(i);
    const [line, valeur] = at(dz);
    note('identifiant_decimal', c.name, line, { ligne: line, valeur });
  }
  return { order, dot0, notes };
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
  const [{ n }] = (await queryRows<{ n: number }>(con, `SELECT count(*) AS n FROM ${table}`)) as [{ n: number }];
  return n;
}

/** Most breaks of key order for which duplicateKeys compares runs; beyond, it aggregates every key. */
export const MAX_KEY_RUNS = 64;

/**
 * Finds the keys that occur more than once among the good rows (`_mask = 0`) of the candidate table
 * `table` (columns `keys`) into the temporary table `_ing_dups` (the key columns); returns how
 * many keys. Exact, whatever the order of the rows.
 *
 * Extracts usually list their records in key order (a database export sorted by id), or in a few
 * sorted blocks (one per département, per year, per file joined). Keys that strictly increase
 * along a block cannot repeat inside it: a duplicate can only be a key of one block that lies in
 * the key range of another. So the rows are read once in table order (the order they were read
 * in) to find where the key stops increasing; with at most MAX_KEY_RUNS breaks, only the rows
 * whose key lies where two blocks' ranges overlap are aggregated (none for a sorted file), else
 * every row (a hash aggregate over a 64-bit hash of the key, checked exactly on the keys sharing
 * a hash). National entretiens, 7.5 M ids in 2 blocks: about 0.3 s against 2 s.
 * Order: `lag() OVER ()` runs in DuckDB's streaming window, a single-threaded operator of fixed
 * order, so it follows the table's row order.
 */
export async function duplicateKeys(con: DuckDBConnection, table: string, keys: readonly string[]): Promise<number> {
  const cols = keys.map(ident).join(', ');
  const keyOf = (alias = ''): string =>
    keys.length === 1 ? `${alias}${ident(keys[0]!)}` : `{${keys.map((x, i) => `'k${i}': ${alias}${ident(x)}`).join(', ')}}`;
  const k = keyOf();
  const breaks = (
    await queryRows<{ r: number }>(
      con,
      `SELECT r FROM (SELECT rowid AS r, ${k} AS k, lag(${k}) OVER () AS p FROM ${table} WHERE _mask = 0) WHERE p >= k LIMIT ${MAX_KEY_RUNS + 1}`,
    )
  ).map((x) => x.r);
  if (breaks.length <= MAX_KEY_RUNS) {
    const runOf = breaks.length ? `CASE ${breaks.map((b, i) => `WHEN rowid < ${b} THEN ${i}`).join(' ')} ELSE ${breaks.length} END` : '0';
    // Each block's key range (its first and last key: it increases), then where two blocks' ranges overlap.
    await con.run(`CREATE OR REPLACE TEMP TABLE _ing_runs AS
      WITH b AS (SELECT ${runOf} AS run, min(${k}) AS lo, max(${k}) AS hi FROM ${table} WHERE _mask = 0 GROUP BY ALL)
      SELECT x.run, greatest(x.lo, y.lo) AS lo, least(x.hi, y.hi) AS hi FROM b x JOIN b y ON x.run <> y.run
      WHERE greatest(x.lo, y.lo) <= least(x.hi, y.hi)`);
    await con.run(`CREATE TEMP TABLE _ing_dups AS SELECT ${cols} FROM (SELECT ${runOf} AS run, ${cols} FROM ${table} WHERE _mask = 0) c
      SEMI JOIN _ing_runs r ON r.run = c.run AND ${keyOf('c.')} BETWEEN r.lo AND r.hi
      GROUP BY ALL HAVING count(*) > 1`);
    await con.run('DROP TABLE _ing_runs');
    return countRows(con, '_ing_dups');
  }
  // Unordered: one aggregate over a 64-bit hash of the key (about a third less CPU than over the text on 7.5 M ids), then,
  // only when some hash occurs twice, the keys themselves among those rows (two keys that merely share a hash are not duplicates).
  await con.run(`CREATE TEMP TABLE _ing_dups AS SELECT hash(${cols}) AS h FROM ${table} WHERE _mask = 0 GROUP BY ALL HAVING count(*) > 1`);
  if ((await countRows(con, '_ing_dups')) === 0) {
    await con.run(`CREATE OR REPLACE TEMP TABLE _ing_dups AS SELECT ${cols} FROM ${table} WHERE false`);
    return 0;
  }
  await con.run(`CREATE OR REPLACE TEMP TABLE _ing_dups AS SELECT ${cols} FROM ${table}
    WHERE _mask = 0 AND hash(${cols}) IN (SELECT h FROM _ing_dups) GROUP BY ALL HAVING count(*) > 1`);
  return countRows(con, '_ing_dups');
}

/** Temporary tables of this load: candidate rows, problems and good rows of a table. */
const cand = (t: string): string => ident(`_ing_c_${t}`);
const problems = (t: string): string => ident(`_ing_p_${t}`);
/** The view of the rows of a table that this load will insert. */
export const goodRows = (t: string): string => ident(`_ing_good_${t}`);

/** SQL relation: the rows of a parent table, in the warehouse and (when it has files in this load) to be loaded. */
function parentRows(table: TableName, loaded: ReadonlySet<string>): string {
  const cols = tableSpec(table)
    .columns.map((c) => ident(c.name))
    .join(', ');
  return loaded.has(table) ? `(SELECT ${cols} FROM ${ident(table)} UNION ALL SELECT ${cols} FROM ${goodRows(table)})` : ident(table);
}

/** Drops the temporary tables and view of one table's validation (after a failure, before a retry). */
export async function dropValidation(con: DuckDBConnection, table: string): Promise<void> {
  await con.run(`DROP VIEW IF EXISTS ${goodRows(table)}`);
  for (const t of [cand(table), problems(table), '_ing_bad', '_ing_orphans', '_ing_dups', '_ing_runs'])
    await con.run(`DROP TABLE IF EXISTS ${t}`);
}

/**
 * Checks the staged files of a table (parents' tables already checked, in `validated`); returns
 * the rejected rows of each file, and the warnings about whole columns of a file (normalisations
 * counted, decisions taken), which it also writes to `_ing_warn`.
 */
export async function validateTable(
  con: DuckDBConnection,
  spec: TableSpec,
  files: readonly StagedFile[],
  validated: ReadonlySet<string>,
): Promise<{ rejected: Map<number, number>; notes: FileNote[] }> {
  const plan = tablePlan(spec);
  const T = ident(spec.name);
  const cols = spec.columns.map((c) => ident(c.name));
  const hasDep = spec.columns.some((c) => c.name === 'departement');
  const depParent = departementParent(spec);
  const notes: FileNote[] = [];
  const branches: string[] = [];
  for (const f of files) {
    const d = await columnDecisions(con, spec, f);
    notes.push(...d.notes);
    const texts = spec.columns.map((c, i) => {
      const x = fieldSql(f, c.name);
      return `${d.dot0.has(i) ? `regexp_replace(${x}, '\\.0+$', '')` : x} AS ${textCol(i)}`;
    });
    const dates = spec.columns.flatMap((c, i) =>
      c.type !== 'date'
        ? []
        : [
            `${dateTextSql(textCol(i), d.order.get(i) ?? 'day_first')} AS ${dateCol(i)}`,
            `${d.order.get(i) === 'ambiguous'} AS ${ambiguousCol(i)}`,
          ],
    );
    const nh = headerCountSql(f);
    branches.push(`SELECT *${dates.length ? `, ${dates.join(', ')}` : ''} FROM (
      SELECT ${f.fid}::INTEGER AS _fid, line AS _line, ${nfBad('f', nh, headerCountSql(f, 'named'))} AS _nfbad, len(f) > ${nh} AS _trail, len(f) AS _nf, ${nh} AS _nh, len AS _len,
        len > ${MAX_RECORD_BYTES} AS _big, enc AS _enc, inv AS _inv, ${texts.join(', ')}
      FROM ${f.source.relation})`);
  }
  const vList = `[${spec.columns.map((_, i) => textCol(i)).join(', ')}, CAST(_nf AS VARCHAR), CAST(_nh AS VARCHAR), CAST(_len AS VARCHAR)]`;
  const C = cand(spec.name),
    P_ = problems(spec.name);
  await con.run(`CREATE TEMP TABLE ${C} AS
    SELECT _fid, _line, _mask, _wmask, _nmask, ${cols.join(', ')}, CASE WHEN _mask <> 0 THEN ${vList} END AS _v
    FROM (SELECT *, ${maskSql(plan.errors, true)} AS _mask, ${maskSql(plan.warnings, false)} AS _wmask, ${maskSql(plan.notes, false)} AS _nmask
          FROM (SELECT *, ${plan.typed.join(', ')} FROM (${branches.join('\nUNION ALL\n')})))`);

  // Normalisations: one warning per file and note, with the count and the first line.
  const counted = await queryRows<{ fid: number; bit: number; n: number; line: number }>(
    con,
    `
    SELECT _fid AS fid, bit, count(*) AS n, min(_line) AS line
    FROM (SELECT _fid, _line, unnest(list_filter(range(${plan.notes.length}), lambda b: (_nmask >> b) & 1 = 1)) AS bit FROM ${C} WHERE _nmask <> 0)
    GROUP BY ALL ORDER BY fid, bit`,
  );
  for (const c of counted) {
    const e = plan.notes[c.bit]!;
    notes.push({
      fid: c.fid,
      line: c.line,
      column: e.column,
      code: e.code,
      message: formatMessage(e.code, { colonne: e.column ?? '', valeur: c.n, ligne: c.line }),
    });
  }
  for (const x of notes) {
    await con.run(`INSERT INTO _ing_warn (fichier_id, fichier, table_name, ligne, colonne, code, message)
      SELECT ${x.fid}, fichier, ${lit(spec.name)}, ${x.line ?? 'NULL'}, ${x.column === null ? 'NULL' : lit(x.column)}, ${lit(x.code)}, ${lit(x.message)}
      FROM _ing_files WHERE fid = ${x.fid}`);
  }

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
  if ((await countRows(con, '_ing_bad')) > 0) await con.run(`INSERT INTO ${P_} ${plan.errors.map(rowProblem).join('\nUNION ALL\n')}`);
  const rowProblems = await countRows(con, P_);

  // Duplicate keys: in this load (the first good occurrence wins) and against earlier loads.
  const keyCol = spec.key.join(', ');
  const keyText =
    spec.key.length === 1
      ? `CAST(c.${ident(spec.key[0]!)} AS VARCHAR)`
      : `concat_ws(' / ', ${spec.key.map((k) => `c.${ident(k)}`).join(', ')})`;
  const keyJoin = (a: string, b: string) => spec.key.map((k) => `${a}.${ident(k)} = ${b}.${ident(k)}`).join(' AND ');
  // The keys that occur twice, first (into _ing_dups); the occurrences only when there are some.
  const dups = await duplicateKeys(con, C, spec.key);
  if (dups > 0) {
    await con.run(`INSERT INTO ${P_}
      WITH g AS (SELECT ${spec.key.map((k) => `c.${ident(k)}`).join(', ')}, min(c._fid * ${ORDER} + c._line) AS _first
                 FROM ${C} c SEMI JOIN _ing_dups d ON ${keyJoin('c', 'd')} WHERE c._mask = 0 GROUP BY ALL)
      SELECT ${common}, ${lit(keyCol)}, 'doublon', ${messageSql('doublon', {
        colonne: keyCol,
        valeur: { sql: keyText },
        detail: { sql: `concat('déjà présent ligne ', g._first % ${ORDER}, ' du fichier « ', ff.fichier, ' »')` },
      })}, ${tail}
      FROM ${C} c
      JOIN g ON ${keyJoin('c', 'g')}
      JOIN _ing_files ff ON ff.fid = g._first // ${ORDER}
      WHERE c._mask = 0 AND c._fid * ${ORDER} + c._line > g._first`);
  }
  await con.run('DROP TABLE _ing_dups');
  await con.run(`INSERT INTO ${P_}
    SELECT ${common}, ${lit(keyCol)}, 'doublon', ${messageSql('doublon', {
      colonne: keyCol,
      valeur: { sql: keyText },
      detail: { sql: `concat('déjà chargé dans l''entrepôt (fichier « ', lf.fichier, ' », ligne ', w._ligne, ')')` },
    })}, ${tail}
    FROM ${C} c JOIN ${T} w ON ${keyJoin('c', 'w')} JOIN load_files lf ON lf.id = w._fichier
    WHERE c._mask = 0`);

  // Parents: unknown, or rejected (in this load, an earlier one, or a refused file).
  for (const col of spec.columns.filter((c) => c.references)) {
    const P = col.references!.table;
    const fk = `c.${ident(col.name)}`;
    const params = { colonne: col.name, valeur: { sql: fk }, attendu: P };
    // The rows whose parent is absent, first (an ANTI JOIN: about 4 × less CPU than NOT EXISTS here); then their details.
    await con.run(`CREATE TEMP TABLE _ing_orphans AS SELECT c.* FROM ${C} c
      ANTI JOIN ${parentRows(P, validated)} p ON p.${ident(col.references!.column)} = ${fk}
      WHERE c._mask = 0 AND ${fk} IS NOT NULL`);
    const thisLoad = validated.has(P)
      ? `UNION ALL SELECT r.cle, concat('rejetée (fichier « ', ff.fichier, ' », ligne ', r.line, ' : ', r.code, ')')
         FROM ${problems(P)} r JOIN _ing_files ff ON ff.fid = r.fid WHERE r.cle IS NOT NULL`
      : '';
    await con.run(`INSERT INTO ${P_}
      WITH rj AS (
        SELECT cle, min(detail) AS detail FROM (
          SELECT cle, concat('rejetée (fichier « ', fichier, ' », ligne ', ligne, ' : ', code, ')') AS detail
          FROM load_rejects WHERE table_name = ${lit(P)} AND cle IS NOT NULL
          ${thisLoad}
          UNION ALL
          SELECT cle, concat('du fichier « ', fichier, ' », refusé en entier') FROM _ing_refused_keys WHERE table_name = ${lit(P)} AND NOT unread)
        GROUP BY cle),
      -- a refused file whose ids could not be read: any unknown parent may have been in it
      unread AS (SELECT min(fichier) AS fichier FROM _ing_refused_keys WHERE table_name = ${lit(P)} AND unread)
      SELECT ${common}, ${lit(col.name)},
        CASE WHEN rj.cle IS NULL AND u.fichier IS NULL THEN 'reference_inconnue' ELSE 'parent_rejete' END,
        CASE WHEN rj.cle IS NULL AND u.fichier IS NULL THEN ${messageSql('reference_inconnue', params)}
             ELSE ${messageSql('parent_rejete', { ...params, detail: { sql: `coalesce(rj.detail, concat('peut-être du fichier « ', u.fichier, ' », refusé en entier sans que ses identifiants puissent être lus'))` } })} END,
        ${tail}
      FROM _ing_orphans c LEFT JOIN rj ON rj.cle = ${fk} CROSS JOIN unread u`);
    await con.run('DROP TABLE _ing_orphans');
  }

  // Dates within the parent's period.
  for (const rule of spec.rules) {
    if (rule.check.kind !== 'within_parent') continue;
    const ref = spec.columns.find((c) => c.references)!;
    const P = parentRows(ref.references!.table, validated);
    const from = `p.${ident(rule.check.from)}`,
      to = `p.${ident(rule.check.to)}`;
    const d = `c.${ident(rule.column)}`;
    await con.run(`INSERT INTO ${P_}
      SELECT ${common}, ${lit(rule.column)}, ${lit(rule.code)}, ${messageSql(rule.code, {
        colonne: rule.column,
        valeur: { sql: `strftime(${d}, '%Y-%m-%d')` },
        detail: {
          sql: `concat('« ', p.${ident(ref.references!.column)}, ' » (du ', strftime(${from}, '%Y-%m-%d'), coalesce(' au ' || strftime(${to}, '%Y-%m-%d'), ', en cours'), ')')`,
        },
      })}, ${tail}
      FROM ${C} c JOIN ${P} p ON p.${ident(ref.references!.column)} = c.${ident(ref.name)}
      WHERE c._mask = 0 AND (${d} < ${from} OR ${d} > ${to})`);
  }

  // Rows rejected by a cross-row check get mask -1 (usually none: then nothing to do); the good rows
  // are those with mask 0 (a view: inserted by the final transaction), then warnings on them.
  if ((await countRows(con, P_)) > rowProblems) {
    await con.run(
      `UPDATE ${C} SET _mask = -1 FROM (SELECT DISTINCT fid, line FROM ${P_}) p WHERE ${C}._mask = 0 AND ${C}._fid = p.fid AND ${C}._line = p.line`,
    );
  }
  await con.run(`CREATE TEMP VIEW ${goodRows(spec.name)} AS SELECT ${cols.join(', ')}, _fid, _line, _wmask FROM ${C} WHERE _mask = 0`);
  for (const wn of plan.warnings) {
    await con.run(`INSERT INTO _ing_warn (fichier_id, fichier, table_name, ligne, colonne, code, message)
      SELECT c._fid, ff.fichier, ${lit(spec.name)}, c._line, ${lit(wn.column ?? '')}, ${lit(wn.code)}, ${wn.message}
      FROM ${goodRows(spec.name)} c JOIN _ing_files ff ON ff.fid = c._fid WHERE (c._wmask & ${2n ** BigInt(wn.bit)}) <> 0
      ORDER BY c._fid, c._line`);
  }

  // Rejects with their record as read; the département from the parent when the table has none.
  const parentJoin = depParent ? `LEFT JOIN ${parentRows(depParent.table, validated)} par ON par.${ident(depParent.pk)} = p.parent` : '';
  const parentDep = depParent ? 'par.departement' : 'NULL';
  const counts = await queryRows<{ fid: number; rejected: number }>(
    con,
    `SELECT fid, count(DISTINCT line) AS rejected FROM ${P_} GROUP BY fid`,
  );
  const rejected = new Map(counts.map((r) => [r.fid, r.rejected]));
  for (const f of files) {
    if (!rejected.get(f.fid)) continue;
    await con.run(`INSERT INTO _ing_rej (fichier_id, fichier, table_name, ligne, colonne, code, message, enregistrement, departement, cle)
      SELECT p.fid, ${lit(f.name)}, ${lit(spec.name)}, p.line, p.colonne, p.code, p.message, ${f.source.rawOf('s')},
             coalesce(p.departement, ${parentDep}), ${maskNirSql('p.cle')}
      FROM ${P_} p JOIN ${f.source.relation} s ON s.line = p.line ${parentJoin}
      WHERE p.fid = ${f.fid}
      ORDER BY p.line`);
  }
  await con.run('DROP TABLE _ing_bad');
  return { rejected, notes };
}
