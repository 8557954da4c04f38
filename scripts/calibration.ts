// `npm run calibration [-- --data DIR] [--petit]`: the calibration table of docs/generateur.md.
// Generates the default extract (national, seed 1, 2020-2025) — or reads DIR —, loads it into a
// temporary warehouse with `bilan ingest`'s code, computes every seed figure with the indicator
// catalogue (src/generate/calibration.ts) and the shares of people of scripts/parcours.sql, and
// rewrites the two tables between their markers in docs/generateur.md.
// --petit: only the Languedoc-Roussillon and Aube figures, from a region and a département run
// (parts of the same national extract), printed and not written (a quick check while tuning).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeWarehouse, openWarehouse } from '../src/warehouse/db.ts';
import { ingestFolder } from '../src/ingest/index.ts';
import { GENERATE_DEFAULTS, generateExtract, type Scale } from '../src/generate/index.ts';
import { SEED_FIGURES, calibrationTable, measureCalibration, type CalibrationRow } from '../src/generate/calibration.ts';
import { parcoursShares, parcoursTable } from '../src/generate/parcours.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DOC = join(root, 'docs', 'generateur.md');
const args = process.argv.slice(2);
const petit = args.includes('--petit');
const dataArg = args.includes('--data') ? args[args.indexOf('--data') + 1] : undefined;
const log = (s: string) => process.stderr.write(s.endsWith('\n') ? s : `${s}\n`);

/** Replaces the text between `<!-- NAME:debut -->` and `<!-- NAME:fin -->` in the document. */
function replaceBetween(doc: string, name: string, body: string): string {
  const start = `<!-- ${name}:debut -->`;
  const end = `<!-- ${name}:fin -->`;
  const i = doc.indexOf(start);
  const j = doc.indexOf(end);
  if (i < 0 || j < i) throw new Error(`marqueurs ${start} … ${end} absents de ${DOC}`);
  return `${doc.slice(0, i + start.length)}\n${body}\n${doc.slice(j)}`;
}

/** Loads a folder into a fresh temporary warehouse and measures the given figures. */
async function measure(
  dir: string,
  perimetres: (p: string) => boolean,
): Promise<{ rows: CalibrationRow[]; parts: Awaited<ReturnType<typeof parcoursShares>> }> {
  const tmp = mkdtempSync(join(tmpdir(), 'bilan-calage-'));
  const w = await openWarehouse(join(tmp, 'entrepot.duckdb'));
  try {
    await ingestFolder(w, dir, { log });
    const rows = await measureCalibration(
      w,
      SEED_FIGURES.filter((f) => perimetres(f.perimetre)),
    );
    return { rows, parts: await parcoursShares(w) };
  } finally {
    closeWarehouse(w);
    rmSync(tmp, { recursive: true, force: true });
  }
}

const work = mkdtempSync(join(tmpdir(), 'bilan-calage-extrait-'));
try {
  const { years, seed } = GENERATE_DEFAULTS;
  if (petit) {
    const rows: CalibrationRow[] = [];
    for (const [scale, perimetre] of [
      ['region', 'organisme:CARSAT_LR'],
      ['departement', 'departement:10'],
    ] as [Scale, string][]) {
      const out = join(work, scale);
      await generateExtract({ out, scale, years, seed, format: 'csv', progress: log });
      rows.push(...(await measure(out, (p) => p === perimetre)).rows);
    }
    process.stdout.write(`${calibrationTable(rows)}\n`);
  } else {
    const dir = dataArg ?? join(work, 'national');
    if (!dataArg) await generateExtract({ out: dir, scale: 'national', years, seed, format: 'csv', progress: log });
    const { rows, parts } = await measure(dir, () => true);
    let doc = readFileSync(DOC, 'utf8');
    doc = replaceBetween(doc, 'calage', calibrationTable(rows));
    doc = replaceBetween(doc, 'parcours', parcoursTable(parts));
    writeFileSync(DOC, doc);
    const off = rows.filter((r) => !r.ok && !r.figure.explication);
    log(`${DOC} réécrit : ${rows.length} chiffres, ${off.length} hors borne sans explication`);
    for (const r of off) log(`  hors borne : ${r.figure.libelle} (${r.figure.perimetre}, ${r.figure.annee}) : ${r.valeur}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
