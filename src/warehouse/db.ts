// The DuckDB warehouse: opening it, its schema (contract tables + load metadata) and small
// query helpers. Every other layer reaches DuckDB through this module.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TABLES, sqlType } from '../contract/schema.ts';
import { PROVENANCE_SCHEMA_SQL } from './provenance.ts';
import { DEFAULT_WAREHOUSE } from '../config.ts';
import { InputError } from '../errors.ts';

/**
 * Version of the warehouse's layout, recorded in `warehouse_meta`. Bump it when a change cannot be
 * brought by the idempotent DDL of schemaSql(); MIGRATIONS then says how to bring an older file up.
 * Version 1: the layout before the version was recorded (no `warehouse_meta`).
 */
export const SCHEMA_VERSION = 2;

/** An open warehouse: the instance and one connection. */
export interface Warehouse {
  instance: DuckDBInstance;
  con: DuckDBConnection;
  path: string;
}

/** Options of openWarehouse. */
export interface OpenOptions {
  /** DuckDB memory limit (default 3GB). */
  memoryLimit?: string;
  threads?: number;
  /** Refuse (InputError) when the file does not exist, instead of creating an empty warehouse. */
  mustExist?: boolean;
}

/**
 * Opens (creating if needed) a warehouse file, or ':memory:'; creates the schema if missing and
 * brings a warehouse of an older layout up to SCHEMA_VERSION. Throws InputError, with one French
 * line saying what to do, when the file is missing (mustExist), locked by another process, not a
 * DuckDB file, or written by a newer version of the project.
 */
export async function openWarehouse(path: string = DEFAULT_WAREHOUSE, opts: OpenOptions = {}): Promise<Warehouse> {
  if (path !== ':memory:') {
    if (opts.mustExist && !existsSync(path)) {
      throw new InputError(`entrepôt introuvable : ${path} (le créer avec « npx bilan ingest DOSSIER --db ${path} » ou « npm run build »)`);
    }
    mkdirSync(dirname(path), { recursive: true });
  }
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      memory_limit: opts.memoryLimit ?? '3GB',
      ...(opts.threads ? { threads: String(opts.threads) } : {}),
    });
  } catch (e) {
    throw openError(path, e);
  }
  const con = await instance.connect();
  try {
    await migrate(con, path);
  } catch (e) {
    con.closeSync();
    instance.closeSync();
    throw e;
  }
  return { instance, con, path };
}

/** Turns DuckDB's refusal to open a file into the user's French line (or keeps it: a bug). */
function openError(path: string, e: unknown): Error {
  const message = e instanceof Error ? e.message : String(e);
  if (/Could not set lock|Conflicting lock/i.test(message)) {
    const pid = /PID (\d+)/.exec(message)?.[1];
    return new InputError(
      `l'entrepôt ${path} est verrouillé par un autre processus${pid ? ` (PID ${pid})` : ''} : attendre la fin de l'autre commande bilan (ou de l'aperçu du site), puis relancer`,
    );
  }
  if (/not a valid DuckDB database|database file .* is not valid|Unable to open database/i.test(message)) {
    return new InputError(
      `le fichier ${path} n'est pas un entrepôt DuckDB lisible : indiquer un autre --db ou le supprimer pour le reconstruire`,
    );
  }
  return e instanceof Error ? e : new Error(message);
}

/** Creates or migrates the schema; refuses a warehouse written by a newer version of the project. */
async function migrate(con: DuckDBConnection, path: string): Promise<void> {
  const hasMeta = await tableExists(con, 'warehouse_meta');
  const [row] = hasMeta ? await queryRows<{ v: number }>(con, 'SELECT max(schema_version) AS v FROM warehouse_meta') : [];
  const version = row?.v ?? ((await tableExists(con, 'load_files')) ? 1 : 0);
  if (version > SCHEMA_VERSION) {
    throw new InputError(
      `l'entrepôt ${path} a été écrit par une version plus récente du projet (schéma ${version}, celle-ci lit le ${SCHEMA_VERSION}) : mettre le projet à jour, ou reconstruire l'entrepôt (supprimer le fichier puis « npm run build »)`,
    );
  }
  // The DDL is idempotent: on a new file (0) it creates everything; on version 1 it adds what that
  // layout lacked (columns, tables); derived tables (facts, published) are recomputed by the
  // pipeline because their input signatures no longer match.
  await con.run(schemaSql());
  if (version === SCHEMA_VERSION) return;
  await con.run(`CREATE TABLE IF NOT EXISTS warehouse_meta (schema_version INTEGER NOT NULL, migre_le TIMESTAMP NOT NULL)`);
  await con.run(`INSERT INTO warehouse_meta VALUES (${SCHEMA_VERSION}, now()::TIMESTAMP)`);
}

/** Closes the warehouse (flushes to disk). */
export function closeWarehouse(w: Warehouse): void {
  w.con.closeSync();
  w.instance.closeSync();
}

/** Quotes an SQL identifier. */
export const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;
/** Quotes an SQL string literal. */
export const lit = (value: string): string => `'${value.replaceAll("'", "''")}'`;

/** DDL of the warehouse, idempotent. Contract tables carry `_fichier` (load_files.id) and `_ligne`; `load_provenance` says where each load came from (provenance.ts). */
function schemaSql(): string {
  const tables = TABLES.map((t) => {
    const cols = t.columns.map((c) => `${ident(c.name)} ${sqlType(c)}`).join(', ');
    return `CREATE TABLE IF NOT EXISTS ${ident(t.name)} (${cols}, _fichier INTEGER NOT NULL, _ligne BIGINT NOT NULL);`;
  });
  return [
    `CREATE TABLE IF NOT EXISTS load_files (
       id INTEGER PRIMARY KEY, fichier VARCHAR NOT NULL, table_name VARCHAR, sha256 VARCHAR NOT NULL,
       format VARCHAR, encodage VARCHAR, separateur VARCHAR, statut VARCHAR NOT NULL,
       rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL, rows_rejected BIGINT NOT NULL,
       charge_le TIMESTAMP NOT NULL);`,
    `CREATE TABLE IF NOT EXISTS load_rejects (
       fichier_id INTEGER NOT NULL, fichier VARCHAR NOT NULL, table_name VARCHAR, ligne BIGINT, colonne VARCHAR,
       code VARCHAR NOT NULL, message VARCHAR NOT NULL, enregistrement VARCHAR, departement VARCHAR, cle VARCHAR);`,
    // cle: the rejected row's key (id) when readable, so that a child row can say its parent was rejected.
    `ALTER TABLE load_rejects ADD COLUMN IF NOT EXISTS cle VARCHAR;`,
    `CREATE TABLE IF NOT EXISTS load_warnings (
       fichier_id INTEGER NOT NULL, fichier VARCHAR NOT NULL, table_name VARCHAR, ligne BIGINT, colonne VARCHAR,
       code VARCHAR NOT NULL, message VARCHAR NOT NULL);`,
    PROVENANCE_SCHEMA_SQL,
    ...tables,
  ].join('\n');
}

/** Whether the warehouse has a table (or view) of that name in its main schema. */
export async function tableExists(con: DuckDBConnection, name: string): Promise<boolean> {
  const rows = await queryRows(con, `SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' AND table_name = ${lit(name)}`);
  return rows.length > 0;
}

/** Runs a query and returns its rows as plain JSON-able objects (bigints as numbers). */
export async function queryRows<T = Record<string, unknown>>(con: DuckDBConnection, sql: string): Promise<T[]> {
  const reader = await con.runAndReadAll(sql);
  return reader.getRowObjectsJS().map((row) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v;
    return out as T;
  });
}
