// The XL case of `npm run bench`: the national extract over 12 years (2014–2025, about twice the
// rows of the main case), generate → ingest → facts → publish, each phase in its own process, to
// show that memory stays bounded (peak ≤ 4 GiB) and time grows linearly with the rows. Returns the
// Markdown section that bench/run.ts appends to docs/performance.md.
import { rmSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { closeWarehouse, openWarehouse, queryRows } from '../src/warehouse/db.ts';

/** A phase result as bench/run.ts measures it. */
export interface PhaseResult {
  phase: string;
  ms: number;
  cpuMs: number;
  maxRssKb: number;
}

/** Years of the XL case. */
export const XL_YEARS = '2014-2025';
/** Phases of the XL case (the others depend little on the row count). */
export const XL_PHASES = ['generate', 'ingest', 'facts', 'publish'] as const;

/**
 * Runs the XL case under `root` with the given phase runner, and describes it against the main case
 * (`main`: the same phases on 6 years): time, CPU, peak, ratio of times and of rows.
 */
export async function runXl(
  root: string,
  runPhase: (phase: string, args: string[], label: string) => PhaseResult | undefined,
  main: readonly PhaseResult[],
  mainRows: number,
): Promise<string> {
  const extract = join(root, 'xl-extract');
  const db = join(root, 'xl-warehouse.duckdb');
  rmSync(extract, { recursive: true, force: true });
  for (const f of readdirSync(root)) if (f.startsWith('xl-warehouse.duckdb')) rmSync(join(root, f));
  const results: PhaseResult[] = [];
  for (const p of XL_PHASES) {
    const args = p === 'generate' ? [extract, XL_YEARS] : p === 'ingest' ? [extract, db] : [db];
    const r = runPhase(p, args, `xl-${p}`);
    if (r) results.push(r);
  }
  const rows = await loadedRows(db);
  const ratioRows = mainRows > 0 ? rows / mainRows : NaN;
  const lines = results.map((r) => {
    const m = main.find((x) => x.phase === r.phase);
    const ratio = m ? `${(r.ms / m.ms).toFixed(2)} ×` : '–';
    const cpuRatio = m ? `${(r.cpuMs / m.cpuMs).toFixed(2)} ×` : '–';
    return `| ${r.phase} | ${(r.ms / 1000).toFixed(1)} s | ${(r.cpuMs / 1000).toFixed(1)} s | ${(r.maxRssKb / 1024 / 1024).toFixed(2)} GiB | ${ratio} | ${cpuRatio} |`;
  });
  return `## XL case: national × 12 years (${XL_YEARS})

${rows.toLocaleString('en-US').replaceAll(',', ' ')} data rows, ${ratioRows.toFixed(2)} × the main case's ${mainRows.toLocaleString('en-US').replaceAll(',', ' ')}.
Linear growth means a time ratio close to the row ratio (the CPU ratio is the steadier one when the
machine is shared); the target is a peak ≤ 4 GiB for every phase.

| phase | time | CPU | peak memory | time ÷ main case | CPU ÷ main case |
| --- | --- | --- | --- | --- | --- |
${lines.join('\n')}
`;
}

/** Records read by the loads of a warehouse (load_files.rows_read), 0 when it cannot be read. */
export async function loadedRows(db: string): Promise<number> {
  try {
    const w = await openWarehouse(db, { mustExist: true });
    try {
      const [r] = await queryRows<{ n: number }>(w.con, 'SELECT coalesce(sum(rows_read), 0)::BIGINT AS n FROM load_files');
      return r?.n ?? 0;
    } finally {
      closeWarehouse(w);
    }
  } catch {
    return 0;
  }
}
