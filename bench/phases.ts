// The work each benchmark phase times, in-process (the child runner measures time and peak RSS).
import { resolve } from 'node:path';
import { main } from '../src/cli/main.ts';
import { openWarehouse, closeWarehouse } from '../src/warehouse/db.ts';
import { computeFacts } from '../src/indicators/index.ts';
import { auditPublished } from '../src/publication/index.ts';
import { DEFAULT_THRESHOLD } from '../src/vocabulary.ts';
import { loadFloor } from './floor.ts';

const quiet = { out: () => {}, err: () => {} };

async function cli(argv: string[]): Promise<void> {
  const code = await main(argv, quiet);
  if (code !== 0) throw new Error(`bilan ${argv.join(' ')} exited ${code}`);
}

/** Phase functions by name; each receives the arguments given after its name. */
export const PHASES: Record<string, (args: string[]) => Promise<void>> = {
  generate: ([out, years]) => cli(['generate', '--out', out!, '--scale', 'national', '--years', years ?? '2020-2025', '--seed', '1']),
  /** The floor: a bare DuckDB load of the same files, no checks: one read_csv (read_parquet) per table over all its files, into a file database. */
  bare: async ([dir, db]) => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(db!, { memory_limit: '3GB' });
    const con = await inst.connect();
    await loadFloor(con, dir!);
    con.closeSync();
    inst.closeSync();
  },
  ingest: ([dir, db]) => cli(['ingest', dir!, '--db', db!]),
  facts: async ([db]) => {
    const w = await openWarehouse(db!);
    await computeFacts(w);
    closeWarehouse(w);
  },
  /** The static site from the bench warehouse (all dynamic pages), phases 1–4 skipped. */
  site: async ([db, out]) => {
    const { build } = await import('../src/pipeline/index.ts');
    await build({ extract: '', warehouse: resolve(db!), site: resolve(out!), threshold: DEFAULT_THRESHOLD, siteOnly: true }, () => {});
  },
  /** Every chart, table and PDF of every scope for the latest year. */
  export: ([db, out]) => cli(['export', '--year', '2025', '--scope', 'all', '--db', db!, '--out', out!]),
  /** The protect phase of a build: publication, pilot evaluation, audit (src/pipeline ensurePublished, republished even if current). */
  publish: async ([db]) => {
    const { ensurePublished } = await import('../src/pipeline/index.ts');
    await withWarehouse(db!, (w) => ensurePublished(w, { force: true }, () => {}).then(() => undefined));
  },
  audit: ([db]) =>
    withWarehouse(db!, async (w) => {
      const report = await auditPublished(w);
      if (!report.ok) throw new Error('audit failed');
    }),
};

async function withWarehouse(db: string, work: (w: Awaited<ReturnType<typeof openWarehouse>>) => Promise<void>): Promise<void> {
  const w = await openWarehouse(db);
  try {
    await work(w);
  } finally {
    closeWarehouse(w);
  }
}
