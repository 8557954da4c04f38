// Computes the table `facts` (every indicator × every year × every scope) from the warehouse,
// in one transaction, set-based: one aggregated block per source, unpivoted through the
// definitions of the catalogue, completed to the full grid (zeros / nulls), then derived ids.
import { createHash } from 'node:crypto';
import { TABLES } from '../contract/schema.ts';
import { ident, lit, queryRows, tableExists, type Warehouse } from '../warehouse/db.ts';
import { BLOCK_SQL, ACC_YEAR_SQL, personPrepareSql, referenceTablesSql, scopeSumSql } from './blocks.ts';
import { DEFINITIONS, type BlockName, type IndicatorDef } from './catalogue.ts';
import type { Scope } from './scope.ts';

const COUNT_UNITS = new Set(['personnes', 'evenements']);

/** DDL of the table `facts` (docs/architecture.md). */
const FACTS_DDL = `CREATE OR REPLACE TABLE facts (
  annee INTEGER NOT NULL, niveau VARCHAR NOT NULL, code VARCHAR NOT NULL, indicateur VARCHAR NOT NULL,
  valeur DOUBLE, numerateur DOUBLE, denominateur DOUBLE)`;
/** State of the last computation (what it was computed from). */
const STATE_DDL = `CREATE TABLE IF NOT EXISTS facts_etat (signature VARCHAR NOT NULL, calcule_le TIMESTAMP NOT NULL)`;

/** SQL value of a definition over its block row. */
function valueSql(d: IndicatorDef): string {
  if (d.value) return d.value;
  if (COUNT_UNITS.has(d.unit)) return d.num!;
  return `(${d.num})::DOUBLE / nullif((${d.den})::DOUBLE, 0)`;
}

/** SQL: the long rows (annee, niveau, code, indicateur, valeur, numerateur, denominateur) of one block. */
function unpivotSql(block: Exclude<BlockName, 'derive'>, defs: readonly IndicatorDef[]): string {
  const hasAxis = defs.some((d) => d.axis);
  const structs = defs.map(
    (d) => `{'indicateur': ${lit(d.id)}, 'axis': ${d.axis ? lit(d.axis) : 'NULL::VARCHAR'},
      'valeur': (${valueSql(d)})::DOUBLE, 'numerateur': (${d.num ?? 'NULL'})::DOUBLE, 'denominateur': (${d.den ?? 'NULL'})::DOUBLE}`,
  );
  return `WITH b AS (${BLOCK_SQL[block]}),
    u AS (SELECT annee, niveau, code, ${hasAxis ? 'axis_key' : 'NULL::VARCHAR AS axis_key'}, unnest([${structs.join(',\n      ')}]) AS f FROM b)
    SELECT annee::INTEGER AS annee, niveau, code, f.indicateur, f.valeur, f.numerateur, f.denominateur
    FROM u ${hasAxis ? 'WHERE f.axis = axis_key' : ''}`;
}

/** SQL of the catalogue table: id, order, block and the values of a cell without any source row. */
function catalogueTableSql(ids: readonly IndicatorDef[]): string {
  const rows = ids.map((d, i) => {
    const count = COUNT_UNITS.has(d.unit);
    return `(${lit(d.id)}, ${i}, ${lit(d.block)}, ${count ? '0' : 'NULL'}, ${d.num === null ? 'NULL' : '0'}, ${d.den ? '0' : 'NULL'})`;
  });
  return `CREATE OR REPLACE TEMP TABLE ind_catalogue AS SELECT * FROM (VALUES ${rows.join(', ')})
    t(indicateur, ordre, block, def_valeur, def_num, def_den)`;
}

/** SQL inserting the rows of a derived indicator (evolution, optional ratios) from existing facts. */
async function deriveSql(w: Warehouse, d: IndicatorDef): Promise<string | null> {
  const from = lit(d.numeratorId!);
  if (!d.derive) throw new Error(`indicateur dérivé sans règle : ${d.id}`);
  if ('previousYear' in d.derive) {
    return `INSERT INTO ind_facts
      SELECT f.annee, f.niveau, f.code, ${lit(d.id)}, f.valeur / nullif(p.valeur, 0) - 1, f.valeur, p.valeur
      FROM ind_facts f LEFT JOIN ind_facts p
        ON p.indicateur = f.indicateur AND p.annee = f.annee - 1 AND p.niveau = f.niveau AND p.code = f.code
      WHERE f.indicateur = ${from}`;
  }
  const { table, column } = d.derive.perSum;
  const [{ n }] = (await queryRows<{ n: number }>(w.con, `SELECT count(*) AS n FROM ${ident(table)}`)) as [{ n: number }];
  if (n === 0) return null;
  return `INSERT INTO ind_facts
    WITH s AS (${scopeSumSql(table, column)})
    SELECT f.annee, f.niveau, f.code, ${lit(d.id)}, f.valeur / nullif(s.total, 0), f.valeur, s.total
    FROM ind_facts f LEFT JOIN s ON s.annee = f.annee AND s.niveau = f.niveau AND s.code = f.code
    WHERE f.indicateur = ${from}`;
}

/** Options of computeFacts: `log` receives one line per step with its time (benchmark hook). */
export interface ComputeOptions {
  log?: (line: string) => void;
}

/** Recomputes the table `facts` from the loaded data, in one transaction (all years, all 123 scopes). */
export async function computeFacts(w: Warehouse, opts: ComputeOptions = {}): Promise<void> {
  const con = w.con;
  const step = async (name: string, sqls: string | (string | null)[]) => {
    const t = performance.now();
    const c = process.cpuUsage();
    for (const sql of typeof sqls === 'string' ? [sqls] : sqls) if (sql) await con.run(sql);
    const d = process.cpuUsage(c);
    opts.log?.(
      `facts: ${name.padEnd(16)} ${((performance.now() - t) / 1000).toFixed(2)} s (cpu ${((d.user + d.system) / 1e6).toFixed(2)} s)`,
    );
  };
  const signature = await dataSignature(w);
  const [{ v: order }] = (await queryRows<{ v: string }>(con, "SELECT current_setting('preserve_insertion_order')::VARCHAR AS v")) as [
    { v: string },
  ];
  await con.run('SET preserve_insertion_order = false');
  await con.run('BEGIN TRANSACTION');
  try {
    await step('référentiels', [...referenceTablesSql(), catalogueTableSql(DEFINITIONS)]);
    await step('entretiens', ACC_YEAR_SQL);
    await step('personnes', personPrepareSql());
    const gridDefs = DEFINITIONS.filter((d) => d.block !== 'derive');
    const blocks = [...new Set(gridDefs.map((d) => d.block))] as Exclude<BlockName, 'derive'>[];
    await con.run(`CREATE OR REPLACE TEMP TABLE ind_raw (annee INTEGER, niveau VARCHAR, code VARCHAR, indicateur VARCHAR,
      valeur DOUBLE, numerateur DOUBLE, denominateur DOUBLE)`);
    for (const b of blocks)
      await step(
        `bloc ${b}`,
        `INSERT INTO ind_raw ${unpivotSql(
          b,
          gridDefs.filter((d) => d.block === b),
        )}`,
      );
    // The full grid: every year present × every scope × every id, zeros/nulls where no source row.
    await step(
      'grille',
      `CREATE OR REPLACE TEMP TABLE ind_facts AS
      WITH years AS (SELECT DISTINCT annee FROM ind_raw)
      SELECT y.annee, s.niveau, s.code, c.indicateur,
        CASE WHEN r.indicateur IS NULL THEN c.def_valeur ELSE r.valeur END AS valeur,
        CASE WHEN r.indicateur IS NULL THEN c.def_num ELSE r.numerateur END AS numerateur,
        CASE WHEN r.indicateur IS NULL THEN c.def_den ELSE r.denominateur END AS denominateur
      FROM years y CROSS JOIN ind_scopes s CROSS JOIN ind_catalogue c
      LEFT JOIN ind_raw r ON r.annee = y.annee AND r.niveau = s.niveau AND r.code = s.code AND r.indicateur = c.indicateur
      WHERE c.block <> 'derive'`,
    );
    const derived = [];
    for (const d of DEFINITIONS.filter((x) => x.block === 'derive')) derived.push(await deriveSql(w, d));
    await step('dérivés', derived);
    await step('écriture', [
      FACTS_DDL,
      `INSERT INTO facts
      SELECT f.annee, f.niveau, f.code, f.indicateur, f.valeur::DOUBLE, f.numerateur::DOUBLE, f.denominateur::DOUBLE
      FROM ind_facts f JOIN ind_scopes s USING (niveau, code) JOIN ind_catalogue c USING (indicateur)
      ORDER BY f.annee, s.ordre, c.ordre`,
      STATE_DDL,
      'DELETE FROM facts_etat',
      `INSERT INTO facts_etat VALUES (${lit(signature)}, current_timestamp)`,
    ]);
    for (const t of TEMP_TABLES) await con.run(`DROP TABLE IF EXISTS ${t}`);
    await con.run('COMMIT');
  } catch (e) {
    await con.run('ROLLBACK');
    throw e;
  } finally {
    await con.run(`SET preserve_insertion_order = ${order === 'true'}`);
  }
}

const TEMP_TABLES = [
  'ind_raw',
  'ind_facts',
  'ind_acc_year',
  'ind_person',
  'ind_person_multi',
  'ind_ties',
  'ind_catalogue',
  'ind_dep',
  'ind_scopes',
  'ind_codes',
  'ind_age',
  'ind_profiles',
];

/** What the facts are computed from: the catalogue's definitions and SQL, the load history and each table's size. */
async function dataSignature(w: Warehouse): Promise<string> {
  const parts = TABLES.map(
    (t) => `SELECT ${lit(t.name)} AS t, count(*) AS n, coalesce(sum(_fichier::BIGINT), 0) AS f FROM ${ident(t.name)}`,
  );
  const rows = await queryRows(
    w.con,
    `${parts.join(' UNION ALL ')}
    UNION ALL SELECT 'load_files', count(*), coalesce(sum(hash(id, sha256, statut) % 1000000007), 0) FROM load_files ORDER BY t`,
  );
  return createHash('sha256')
    .update(JSON.stringify(DEFINITIONS))
    .update(JSON.stringify([BLOCK_SQL, personPrepareSql(), ACC_YEAR_SQL]))
    .update(JSON.stringify(rows))
    .digest('hex');
}

/** Recomputes `facts` only when the loaded data (or the catalogue) changed since the last computation; true if it did. */
export async function refreshFacts(w: Warehouse, opts: ComputeOptions = {}): Promise<boolean> {
  await w.con.run(STATE_DDL);
  const [state] = await queryRows<{ signature: string }>(w.con, 'SELECT signature FROM facts_etat');
  if (state && (await tableExists(w.con, 'facts')) && state.signature === (await dataSignature(w))) return false;
  await computeFacts(w, opts);
  return true;
}

/** The years present in `facts`, ascending. */
export async function factYears(w: Warehouse): Promise<number[]> {
  const rows = await queryRows<{ annee: number }>(w.con, 'SELECT DISTINCT annee FROM facts ORDER BY annee');
  return rows.map((r) => r.annee);
}

/** Every indicator of one year and scope, read from `facts`: id → raw value (catalogue order). */
export async function figuresFor(w: Warehouse, year: number, scope: Scope): Promise<Record<string, number | null>> {
  const rows = await queryRows<{ indicateur: string; valeur: number | null }>(
    w.con,
    `
    SELECT indicateur, valeur FROM facts
    WHERE annee = ${Math.trunc(year)} AND niveau = ${lit(scope.niveau)} AND code = ${lit(scope.code)}`,
  );
  const byId = new Map(rows.map((r) => [r.indicateur, r.valeur]));
  const out: Record<string, number | null> = {};
  for (const d of DEFINITIONS) if (byId.has(d.id)) out[d.id] = byId.get(d.id) ?? null;
  return out;
}
