// `npm run bench -- floor`: where the ingest's time goes against the floor, on the largest table of
// the bench extract (entretiens). Each step is a bare DuckDB statement on a fresh file database,
// timed alone (wall and CPU of this process, DuckDB's threads included), repeated REPEATS times
// (median). It shows what an exact ingest cannot avoid beyond the floor: the floor parses typed
// columns natively and writes them; the ingest must read the raw text (to count every record and
// name its line), keep the line number, write, and find duplicate keys and unknown parents over
// every row. Returns the Markdown section that bench/run.ts writes into docs/performance.md.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableOfFile } from '../src/ingest/files.ts';
import { duplicateKeys } from '../src/ingest/load.ts';
import { ident, lit } from '../src/warehouse/db.ts';
import { median } from './stats.ts';

/**
 * The floor's load: one CREATE TABLE AS SELECT * FROM read_csv (read_parquet) per table over all its
 * files of `dir`, no checks (the `bare` phase; timed alone by `npm run bench -- timeline`).
 */
export async function loadFloor(con: DuckDBConnection, dir: string): Promise<void> {
  const byTable = new Map<string, string[]>();
  for (const f of readdirSync(dir).sort()) {
    const t = tableOfFile(f)?.table;
    if (t && /\.(csv|parquet)$/.test(f)) byTable.set(t, [...(byTable.get(t) ?? []), join(dir, f)]);
  }
  for (const [t, files] of byTable) {
    const list = `[${files.map(lit).join(', ')}]`;
    const read = files[0]!.endsWith('.csv') ? `read_csv(${list}, union_by_name = true)` : `read_parquet(${list}, union_by_name = true)`;
    await con.run(`CREATE TABLE ${ident(t)} AS SELECT * FROM ${read}`);
  }
}

/** Times each statement run on a fresh database `REPEATS` times. */
const REPEATS = 3;

interface Step {
  label: string;
  /** Statements run first, untimed (setup). */
  setup?: string[];
  /** The statement timed, or a function of the connection (several statements). */
  sql: string | ((con: DuckDBConnection) => Promise<unknown>);
}

/** The steps, over the entretiens and accompagnements files of `dir`. */
function steps(dir: string): Step[] {
  const e = lit(join(dir, 'entretiens.csv'));
  const a = lit(join(dir, 'accompagnements.csv'));
  const lines = `read_csv(${e}, header = false, columns = {'raw': 'VARCHAR'}, quote = '', escape = '', auto_detect = false, delim = '\x1F')`;
  const split = `SELECT f[1] AS entretien_id, f[2] AS accompagnement_id, TRY_CAST(f[3] AS DATE) AS date, f[4] AS mode FROM (SELECT string_split(raw, ';') AS f FROM ${lines})`;
  const persisted = `CREATE TABLE e AS SELECT * FROM read_csv(${e})`;
  return [
    {
      label: 'floor: typed parse only (no write)',
      sql: `SELECT count(*), max(entretien_id), max(accompagnement_id), max(date), max(mode) FROM read_csv(${e})`,
    },
    { label: 'floor: typed parse + write (the `bare` phase for this table)', sql: persisted },
    { label: 'raw lines read only (no write)', sql: `SELECT count(*), max(raw) FROM ${lines}` },
    { label: 'raw lines → split → cast → write, no line number', sql: `CREATE TABLE s AS ${split}` },
    { label: 'raw lines kept with their line number (temporary table)', sql: `CREATE TEMP TABLE l AS SELECT raw FROM ${lines}` },
    {
      label: 'duplicate keys, exact (hash aggregate over 7.5 M ids)',
      setup: [persisted],
      sql: `SELECT count(*) FROM (SELECT entretien_id FROM e GROUP BY ALL HAVING count(*) > 1)`,
    },
    {
      label: 'duplicate keys, exact, as the ingest finds them (ordered pass, then only where sorted blocks overlap)',
      setup: [`CREATE TEMP TABLE c AS SELECT entretien_id, 0 AS _mask FROM read_csv(${e})`],
      sql: (con) => duplicateKeys(con, 'c', ['entretien_id']),
    },
    {
      label: 'unknown parents, exact (anti join on accompagnement_id)',
      setup: [persisted, `CREATE TABLE a AS SELECT * FROM read_csv(${a})`],
      sql: `SELECT count(*) FROM e ANTI JOIN a USING (accompagnement_id)`,
    },
  ];
}

/** Runs the steps on the extract `dir`, with scratch databases under `root`; returns the Markdown section. */
export async function runFloor(dir: string, root: string): Promise<string> {
  const rows: string[] = [];
  for (const step of steps(dir)) {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const db = join(root, 'floor.duckdb');
      rmSync(db, { force: true });
      rmSync(`${db}.wal`, { force: true });
      const inst = await DuckDBInstance.create(db, { memory_limit: '3GB' });
      const con = await inst.connect();
      for (const s of step.setup ?? []) await con.run(s);
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      await (typeof step.sql === 'string' ? con.run(step.sql) : step.sql(con));
      const c = process.cpuUsage(c0);
      wall.push(performance.now() - t0);
      cpu.push((c.user + c.system) / 1000);
      con.closeSync();
      inst.closeSync();
    }
    process.stderr.write(`bench: floor ${step.label}: ${(median(wall) / 1000).toFixed(2)} s, CPU ${(median(cpu) / 1000).toFixed(2)} s\n`);
    rows.push(`| ${step.label} | ${(median(wall) / 1000).toFixed(2)} s | ${(median(cpu) / 1000).toFixed(2)} s |`);
  }
  rmSync(join(root, 'floor.duckdb'), { force: true });
  return `## Ingest against the floor: where the time goes (entretiens)

Each step alone on a fresh file database, median of ${REPEATS} runs (\`npm run bench -- floor\`, bench/floor.ts).

| step | time | CPU |
| --- | --- | --- |
${rows.join('\n')}
`;
}
