// Where things are, resolved the same way by every command, the benchmark, the loaders and the
// tests: the repository root, the default extract, warehouse and site. Node only (pages import
// src/vocabulary.ts instead).
import { join, resolve } from 'node:path';

/** Root of the repository (absolute). */
export const REPO_ROOT = resolve(import.meta.dirname, '..');

/** Default extract folder of `bilan build` (generated when missing). */
export const DEFAULT_EXTRACT = join(REPO_ROOT, 'data', 'extract');
/** Default warehouse file. */
export const DEFAULT_WAREHOUSE = join(REPO_ROOT, 'data', 'warehouse.duckdb');
/** Default output folder of the site. */
const DEFAULT_SITE = join(REPO_ROOT, 'dist');
/** Default root folder of the exports (one sub-folder per year). */
export const DEFAULT_REPORTS = join(REPO_ROOT, 'reports');
/** Folder of build logs and scratch files (git-ignored). */
export const SCRATCH_DIR = join(REPO_ROOT, '.tmp');

/**
 * The warehouse a command works on: the `--db` option, else the environment variable BILAN_DB,
 * else DEFAULT_WAREHOUSE. A relative path is resolved against the current directory. Absolute.
 */
export function warehousePath(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(option ?? (env.BILAN_DB || DEFAULT_WAREHOUSE));
}

/** The site's output folder: `--out`, else BILAN_SITE, else DEFAULT_SITE. Absolute. */
export function sitePath(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(option ?? (env.BILAN_SITE || DEFAULT_SITE));
}
