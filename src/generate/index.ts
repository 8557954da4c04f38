// `bilan generate`: writes a synthetic anonymised extract in the data contract format,
// entirely in DuckDB SQL (sql.ts), deterministic for a seed. Parameters: params.ts.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEPARTEMENTS, ORGANISMES } from '../contract/reference.ts';
import { TABLES, type TableName } from '../contract/schema.ts';
import { ident, lit, queryRows } from '../warehouse/db.ts';
import { PROVENANCE_FILE, type ExtractManifest } from '../warehouse/provenance.ts';
import { DEFAUTS } from './params.ts';
import { generationSql, parameterSql, type Plan } from './sql.ts';
import { DEFECTS_FILE, writeDefects } from './messy.ts';

export * from './params.ts';

/** Size of the extract: one département, one organisme (region) or the whole country. */
export type Scale = 'departement' | 'region' | 'national';
/** Output file format. */
export type Format = 'csv' | 'parquet';

/** Options of a generator run. */
export interface GenerateOptions {
  out: string;
  scale: Scale;
  years: [number, number];
  seed: number;
  format: Format;
  /** Département of the `departement` scale (default 10, Aube). */
  departement?: string;
  /** Organisme of the `region` scale (default CARSAT_LR). */
  organisme?: string;
  /** Switch the pilots' built-in effects off (`--sans-effet`: validation of the evaluation). */
  sansEffet?: boolean;
  /** Progress messages (French), e.g. to stderr. */
  progress?: (message: string) => void;
  /** DuckDB memory limit (default 3GB). */
  memoryLimit?: string;
  /** Write the same data with real-world defects and their list (src/generate/messy.ts); CSV only. */
  messy?: boolean;
}

/** What a run wrote. */
export interface GenerateSummary {
  out: string;
  scale: Scale;
  years: [number, number];
  seed: number;
  format: Format;
  /** True for a messy extract (defects listed in DEFECTS_FILE). */
  messy: boolean;
  departements: string[];
  files: { table: TableName; file: string; rows: number }[];
  rows: number;
  seconds: number;
}

/** Defaults of the command (cli.md). */
export const GENERATE_DEFAULTS = { scale: 'national' as Scale, years: [2020, 2025] as [number, number], seed: 1, format: 'csv' as Format };

/** The départements of a scale; throws an Error with a French message on an unknown code. */
export function departementsOf(scale: Scale, departement?: string, organisme?: string): string[] {
  if (scale === 'national') return DEPARTEMENTS.map((d) => d.departement);
  if (scale === 'departement') {
    const code = departement ?? DEFAUTS.departement;
    if (!DEPARTEMENTS.some((d) => d.departement === code)) throw new Error(`département inconnu : ${code}`);
    return [code];
  }
  const code = organisme ?? DEFAUTS.organisme;
  if (!ORGANISMES.some((o) => o.organisme === code)) throw new Error(`organisme inconnu : ${code}`);
  return DEPARTEMENTS.filter((d) => d.organisme === code).map((d) => d.departement);
}

/** Name of the generator in the extract manifest. */
const GENERATOR_NAME = 'bilan generate';
/** Days after the last 31 December of the range at which a synthetic extract is dated (a real extract is taken a few weeks after the year closes). */
const EXTRACTION_DELAY_DAYS = 15;

/** The project's version (package.json), recorded in the manifest. */
function generatorVersion(): string {
  const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * The manifest of a generated extract (PROVENANCE_FILE, validated by ExtractManifest of
 * src/warehouse/provenance.ts). Deterministic: the extraction date is EXTRACTION_DELAY_DAYS
 * after the end of the last year, never today, so the same seed gives the same bytes.
 */
function extractManifest(scale: Scale, years: readonly [number, number], seed: number): ExtractManifest {
  const d = new Date(Date.UTC(years[1], 11, 31 + EXTRACTION_DELAY_DAYS));
  return {
    synthetique: true,
    generateur: GENERATOR_NAME,
    version: generatorVersion(),
    graine: seed,
    echelle: scale,
    annees: [years[0], years[1]],
    date_extraction: d.toISOString().slice(0, 10),
  };
}

/** Checks a year range; throws an Error with a French message when it is unusable. */
export function checkYears(years: readonly [number, number]): void {
  const [a, b] = years;
  if (!Number.isInteger(a) || !Number.isInteger(b) || a < 2001 || b > 2100 || a > b) {
    throw new Error(`période invalide : ${a}-${b} (attendu AAAA-AAAA, croissante, entre 2001 et 2100)`);
  }
}

/** Generates the extract into opts.out: one file per contract table (9 core + effectifs, arrets_longs). */
export async function generateExtract(opts: GenerateOptions): Promise<GenerateSummary> {
  const started = performance.now();
  const log = opts.progress ?? (() => {});
  checkYears(opts.years);
  if (!Number.isSafeInteger(opts.seed)) throw new Error(`graine invalide : ${opts.seed}`);
  if (opts.messy && opts.format !== 'csv')
    throw new Error('--messy écrit un extrait CSV (dont un fichier Parquet) : il ne va pas avec --format parquet');
  const plan: Plan = {
    departements: departementsOf(opts.scale, opts.departement, opts.organisme),
    years: opts.years,
    seed: opts.seed,
    sansEffet: opts.sansEffet,
  };
  const out = resolve(opts.out);
  mkdirSync(out, { recursive: true });
  const tmp = mkdtempSync(join(tmpdir(), 'bilan-generate-'));
  const instance = await DuckDBInstance.create(':memory:', {
    memory_limit: opts.memoryLimit ?? '3GB',
    temp_directory: tmp,
  });
  const con = await instance.connect();
  try {
    log(`génération : ${plan.departements.length} département(s), ${opts.years[0]}-${opts.years[1]}, graine ${opts.seed}\n`);
    await runGeneration(con, plan, { progress: log });
    const files: GenerateSummary['files'] = [];
    for (const t of TABLES) {
      const t0 = performance.now();
      const file = `${t.name}.${opts.format}`;
      const path = join(out, file);
      for (const f of ['csv', 'parquet']) rmSync(join(out, `${t.name}.${f}`), { force: true });
      const cols = t.columns.map((c) => ident(c.name)).join(', ');
      const hasOrder =
        (await queryRows(con, `SELECT 1 FROM duckdb_columns() WHERE table_name = ${lit(`out_${t.name}`)} AND column_name = '_ordre'`))
          .length > 0;
      const order = hasOrder ? '_ordre' : t.key.map(ident).join(', ');
      const options = opts.format === 'csv' ? "FORMAT csv, DELIMITER ';', HEADER true" : 'FORMAT parquet';
      // COPY returns the number of rows written
      const copied = await con.runAndReadAll(
        `COPY (SELECT ${cols} FROM ${ident(`out_${t.name}`)} ORDER BY ${order}) TO ${lit(path)} (${options});`,
      );
      const n = Number(copied.getRows()[0]?.[0] ?? 0);
      files.push({ table: t.name, file, rows: n });
      log(`  ${file} : ${n.toLocaleString('fr-FR')} lignes (${elapsed(t0)} s)\n`);
    }
    rmSync(join(out, DEFECTS_FILE), { force: true });
    if (opts.messy) {
      const t0 = performance.now();
      const sidecar = await writeDefects(out, opts.seed);
      for (const f of files) f.file = sidecar.fichiers.find((x) => x.table === f.table)?.fichier ?? f.file;
      log(`  défauts : ${sidecar.defauts.length} écrits, listés dans ${DEFECTS_FILE} (${elapsed(t0)} s)\n`);
    }
    writeFileSync(join(out, PROVENANCE_FILE), `${JSON.stringify(extractManifest(opts.scale, opts.years, opts.seed), null, 2)}\n`);
    const seconds = (performance.now() - started) / 1000;
    return {
      out,
      scale: opts.scale,
      years: opts.years,
      seed: opts.seed,
      format: opts.format,
      messy: opts.messy === true,
      departements: [...plan.departements],
      files,
      rows: files.reduce((s, f) => s + f.rows, 0),
      seconds,
    };
  } finally {
    con.closeSync();
    instance.closeSync();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Runs the generator's SQL for a plan on an open connection: parameter tables, then the stages,
 * leaving the tables out_<table>. `until`: stop after the stage that creates that output table
 * (e.g. 'out_entretiens' when only referrals, accompaniments and interviews are needed).
 * `axes`: generate only these axes (draws are keyed by axe, so their first accompaniments are the
 * same as in a full run; the second accompaniments that would follow one of another axe are missing).
 */
export async function runGeneration(
  con: DuckDBConnection,
  plan: Plan,
  o: { until?: string; axes?: readonly string[]; progress?: (message: string) => void } = {},
): Promise<void> {
  const log = o.progress ?? (() => {});
  for (const sql of parameterSql(plan)) await con.run(sql);
  if (o.axes) await con.run(`DELETE FROM p_axe WHERE axe NOT IN (${o.axes.map(lit).join(', ')})`);
  const stages = generationSql(plan);
  for (const [i, sql] of stages.entries()) {
    const t0 = performance.now();
    for (const stmt of splitStatements(sql)) await con.run(stmt);
    log(`  étape ${i + 1}/${stages.length} (${elapsed(t0)} s)\n`);
    if (o.until && new RegExp(`\\b${o.until}\\b`).test(sql)) return;
  }
}

/** Seconds elapsed since t0, one decimal, French style. */
function elapsed(t0: number): string {
  return ((performance.now() - t0) / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
}

/** Splits a stage into statements on `;` at line ends (the generator's SQL has no `;` inside strings). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
