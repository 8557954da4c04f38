// The DuckDB warehouse: opening it, its schema (contract tables + load metadata) and small
// query helpers. Every other layer reaches DuckDB through this module.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { TABLES, sqlType } from '../contract/schema.ts';

/** Default warehouse file. */
export const DEFAULT_DB = 'data/warehouse.duckdb';

/** An open warehouse: the instance and one connection. */
export interface Warehouse {
  instance: DuckDBInstance;
  con: DuckDBConnection;
  path: string;
}

/** Opens (creating if needed) a warehouse file, or ':memory:'; creates the schema if missing. */
export async function openWarehouse(path: string = DEFAULT_DB, opts: { memoryLimit?: string; threads?: number } = {}): Promise<Warehouse> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(path, {
    memory_limit: opts.memoryLimit ?? '3GB',
    ...(opts.threads ? { threads: String(opts.threads) } : {}),
  });
  const con = await instance.connect();
  await con.run(schemaSql());
  return { instance, con, path };
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

/** DDL of the warehouse, idempotent. Contract tables carry `_fichier` (load_files.id) and `_ligne`. */
export function schemaSql(): string {
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
