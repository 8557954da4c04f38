// `npm run bench -- timeline`: where the whole ingest's wall time goes, against the floor's, on the
// bench extract. The ingest runs in this process on a fresh warehouse with every DuckDB statement
// timed (DuckDBConnection.run wrapped for the run: queries go through it) and sorted into steps by
// what it does; the time between statements is JavaScript (the byte scan of every file: SHA-256,
// UTF-8 validity, quotes, NIR-shaped runs; building the SQL). Opening and closing (the checkpoint
// that writes the data file) are timed apart. The floor (one CREATE TABLE AS SELECT * FROM
// read_csv per table, as the `bare` phase) is timed the same way. Median of REPEATS alternated
// runs. Returns the Markdown section that bench/run.ts writes into docs/performance.md.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { ingestFolder } from '../src/ingest/index.ts';
import { closeWarehouse, openWarehouse } from '../src/warehouse/db.ts';
import { loadFloor } from './floor.ts';
import { median } from './stats.ts';

const REPEATS = 3;

/** Steps of the ingest, in the order of the table, with the test that sorts a statement into one (first match); `floor`: the step set against the floor's load. */
const STEPS: { label: string; test: (sql: string) => boolean; floor?: true }[] = [
  { label: 'raw lines read into a temporary table (line numbers)', test: (s) => /columns = \{'raw'/.test(s) },
  { label: 'header lines repeated further down, looked for', test: (s) => /^SELECT rowid AS r, raw FROM _ing_l/.test(s) },
  {
    label: 'column decisions (date order, integers written as decimals)',
    test: (s) => /arg_min\(concat\(line/.test(s) || /NOT regexp_full_match\(x, /.test(s),
  },
  {
    label: 'candidate table: split, trim, cast, every row check (one write)',
    test: (s) => /^CREATE TEMP TABLE "_ing_c_/.test(s),
    floor: true,
  },
  {
    label: 'cross-row checks: duplicate keys, parents, dates within the parent',
    test: (s) => /_ing_dups|_ing_runs|_ing_orphans|lag\(|^INSERT INTO "_ing_p_|^UPDATE "_ing_c_/.test(s),
  },
  {
    label: 'rejects and warnings (temporary tables, then the warehouse)',
    test: (s) => /^INSERT INTO (_ing_rej|_ing_warn|load_rejects|load_warnings)/.test(s),
  },
  { label: 'good rows written into the warehouse tables (second write)', test: (s) => /^INSERT INTO "\w+" \(/.test(s) },
  { label: 'other statements (counts, catalog, temporary tables dropped)', test: () => true },
];

interface Timing {
  open: number;
  close: number;
  total: number;
  /** Per step label, ms. */
  steps: Map<string, number>;
  /** Time between statements (JavaScript), ms. */
  between: number;
}

/** One ingest of `dir` into a fresh warehouse `db`, timed statement by statement. */
async function timeIngest(dir: string, db: string): Promise<Timing> {
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const steps = new Map<string, number>(STEPS.map((s) => [s.label, 0]));
  const run = DuckDBConnection.prototype.run;
  let busyUntil = 0,
    between = 0;
  const t0 = performance.now();
  const w = await openWarehouse(db);
  const open = performance.now() - t0;
  busyUntil = performance.now();
  DuckDBConnection.prototype.run = async function (this: DuckDBConnection, sql: string, ...rest: unknown[]) {
    const start = performance.now();
    between += Math.max(0, start - busyUntil);
    const out = await (run as (this: DuckDBConnection, ...a: unknown[]) => ReturnType<typeof run>).call(this, sql, ...rest);
    const text = sql.trim().replace(/\s+/g, ' ');
    const label = STEPS.find((s) => s.test(text))!.label;
    steps.set(label, steps.get(label)! + performance.now() - start);
    busyUntil = performance.now();
    return out;
  } as typeof run;
  try {
    await ingestFolder(w, dir);
  } finally {
    DuckDBConnection.prototype.run = run;
  }
  between += performance.now() - busyUntil;
  const c0 = performance.now();
  closeWarehouse(w);
  const close = performance.now() - c0;
  return { open, close, total: performance.now() - t0, steps, between };
}

/** The floor (as the `bare` phase), timed: open, the loads, close. */
async function timeFloor(dir: string, db: string): Promise<{ open: number; load: number; close: number; total: number }> {
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const t0 = performance.now();
  const inst = await DuckDBInstance.create(db, { memory_limit: '3GB' });
  const con = await inst.connect();
  const open = performance.now() - t0;
  const l0 = performance.now();
  await loadFloor(con, dir);
  const load = performance.now() - l0;
  const c0 = performance.now();
  con.closeSync();
  inst.closeSync();
  return { open, load, close: performance.now() - c0, total: performance.now() - t0 };
}

const sec = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** Runs the floor and the ingest REPEATS times, alternated, on `dir` (scratch databases under `root`); returns the Markdown section. */
export async function runTimeline(dir: string, root: string): Promise<string> {
  const floors: Awaited<ReturnType<typeof timeFloor>>[] = [];
  const ingests: Timing[] = [];
  const db = join(root, 'timeline.duckdb');
  for (let i = 0; i < REPEATS; i++) {
    floors.push(await timeFloor(dir, db));
    ingests.push(await timeIngest(dir, db));
    process.stderr.write(`bench: timeline ${i + 1}: floor ${sec(floors.at(-1)!.total)}, ingest ${sec(ingests.at(-1)!.total)}\n`);
  }
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const m = (xs: number[]) => sec(median(xs));
  const rows = [
    `| opening the database (schema created) | ${m(floors.map((f) => f.open))} | ${m(ingests.map((x) => x.open))} |`,
    `| JavaScript between statements (byte scan of every file: SHA-256, UTF-8, quotes, NIR-shaped runs; SQL built) | – | ${m(ingests.map((x) => x.between))} |`,
    ...STEPS.map((s) =>
      s.floor
        ? `| ${s.label} / the floor's CREATE TABLE AS read_csv | ${m(floors.map((f) => f.load))} | ${m(ingests.map((x) => x.steps.get(s.label)!))} |`
        : `| ${s.label} | – | ${m(ingests.map((x) => x.steps.get(s.label)!))} |`,
    ),
    `| closing (checkpoint: the data file written) | ${m(floors.map((f) => f.close))} | ${m(ingests.map((x) => x.close))} |`,
    `| **total** | **${m(floors.map((f) => f.total))}** | **${m(ingests.map((x) => x.total))}** |`,
  ];
  return `## Whole extract, step by step: ingest and floor

Wall time of each step of one run, median of ${REPEATS} alternated runs of the floor and the ingest in one process
(\`npm run bench -- timeline\`, bench/timeline.ts; module loading excluded from both). Steps are the ingest's DuckDB
statements sorted by what they do; the time between them is JavaScript.

| step | floor | ingest |
| --- | --- | --- |
${rows.join('\n')}
`;
}
