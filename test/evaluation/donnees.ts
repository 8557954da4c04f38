// Test data of the evaluation: small synthetic extracts (a few regions, a few years), loaded into a
// warehouse file with the real ingest. Several regions give the comparison départements a
// difference in differences needs.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateExtract } from '../../src/generate/index.ts';
import { ingestFolder } from '../../src/ingest/index.ts';
import { openWarehouse, type Warehouse } from '../../src/warehouse/db.ts';

/** A warehouse file built from the generated extracts of some organismes (regions) and years. */
export async function entrepotRegions(
  dossier: string,
  organismes: readonly string[],
  years: [number, number],
  seed = 1,
): Promise<{ w: Warehouse; chemin: string }> {
  mkdirSync(dossier, { recursive: true });
  const chemin = join(dossier, 'entrepot.duckdb');
  const w = await openWarehouse(chemin, { threads: 2, memoryLimit: '1GB' });
  for (const organisme of organismes) {
    const out = join(dossier, organisme);
    await generateExtract({ out, scale: 'region', organisme, years, seed, format: 'parquet', memoryLimit: '1GB' });
    const rapport = await ingestFolder(w, out);
    if (rapport.rows_rejected > 0) throw new Error(`extrait ${organisme} : ${rapport.rows_rejected} lignes rejetées`);
  }
  return { w, chemin };
}
