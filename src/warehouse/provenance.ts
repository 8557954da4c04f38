// Provenance of the loaded data: whether the bilan rests on a synthetic extract (written by
// `bilan generate`) or a real one, and the extract's date. The generator writes the manifest
// PROVENANCE_FILE into the extract folder; `bilan ingest` records one row per load in
// `load_provenance`; the site and the exports read the summary (readProvenance) to print
// « Données synthétiques de démonstration » and the source line of every chart.
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { lit, queryRows, tableExists } from './db.ts';

/** Name of the manifest file in an extract folder (not a table of the contract). */
export const PROVENANCE_FILE = 'provenance.json';

/** The manifest of an extract folder. `synthetique` is true for the generator's output. */
export const ExtractManifest = z.object({
  synthetique: z.boolean(),
  generateur: z.string().optional(),
  version: z.string().optional(),
  graine: z.number().int().optional(),
  echelle: z.string().optional(),
  annees: z.tuple([z.number().int(), z.number().int()]).optional(),
  /** Date of the extract, YYYY-MM-DD. */
  date_extraction: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type ExtractManifest = z.infer<typeof ExtractManifest>;

/** DDL of `load_provenance`, idempotent: one row per ingest run that loaded at least one file. */
export const PROVENANCE_SCHEMA_SQL = `CREATE TABLE IF NOT EXISTS load_provenance (
  dossier VARCHAR NOT NULL, synthetique BOOLEAN NOT NULL, manifeste VARCHAR, date_extraction DATE,
  charge_le TIMESTAMP NOT NULL);`;

/**
 * Reads the manifest of an extract folder. Returns null when the folder has none (a real
 * extract); throws an Error with a French message when the file is there but not valid.
 */
export function readManifest(dir: string): ExtractManifest | null {
  const path = join(dir, PROVENANCE_FILE);
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new Error(`${PROVENANCE_FILE} : fichier JSON illisible`);
  }
  const r = ExtractManifest.safeParse(parsed);
  if (!r.success) throw new Error(`${PROVENANCE_FILE} : manifeste invalide (${r.error.issues[0]?.path.join('.') ?? '?'})`);
  return r.data;
}

/** Records the provenance of one load (inside the caller's transaction). */
export async function recordProvenance(con: DuckDBConnection, dir: string, manifest: ExtractManifest | null): Promise<void> {
  await con.run(PROVENANCE_SCHEMA_SQL);
  const date = manifest?.date_extraction ? `DATE ${lit(manifest.date_extraction)}` : 'NULL';
  await con.run(`INSERT INTO load_provenance VALUES (${lit(dir)}, ${manifest?.synthetique === true},
    ${manifest ? lit(JSON.stringify(manifest)) : 'NULL'}, ${date}, now()::TIMESTAMP)`);
}

/** What the site and the exports say of the data. */
export interface Provenance {
  /** True when any load came from a synthetic extract: the whole bilan is then a demonstration. */
  synthetique: boolean;
  /** Date of the extract (YYYY-MM-DD): the latest manifest date, else the date of the latest load; null when nothing was loaded. */
  dateExtraction: string | null;
}

/** Summary of the warehouse's provenance (works on a warehouse written before the table existed). */
export async function readProvenance(con: DuckDBConnection): Promise<Provenance> {
  if (!(await tableExists(con, 'load_provenance'))) return { synthetique: false, dateExtraction: null };
  const [row] = await queryRows<{ synthetique: boolean | null; d: string | null }>(
    con,
    `SELECT bool_or(synthetique) AS synthetique,
            strftime(coalesce(max(date_extraction), max(charge_le)::DATE), '%Y-%m-%d') AS d FROM load_provenance`,
  );
  return { synthetique: row?.synthetique === true, dateExtraction: row?.d ?? null };
}
