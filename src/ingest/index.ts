// `bilan ingest`: validates an extract folder against the data contract and loads it into the
// warehouse, in one transaction. Files are read once in JavaScript (hash, encoding, header), then
// everything row-level happens in DuckDB (stage.ts → load.ts). See docs/data-contract.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { formatMessage } from '../contract/messages.ts';
import { TABLES, type RuleCode, type TableName, type TableSpec } from '../contract/schema.ts';
import { ident, lit, queryRows, type Warehouse } from '../warehouse/db.ts';
import { listExtract, probeFile, readCsvHeader, transcodeWindows1252, type ExtractEntry, type FileProbe } from './files.ts';
import { checkHeader, identifierLike, normaliseColumnName, type HeaderCheck } from './header.ts';
import { goodRows, validateTable, type StagedFile } from './load.ts';
import { ERRORS_CAP, countsText, type FileReport, type LoadReport, type ReportEntry } from './report.ts';
import { findNir, parquetColumns, stageCsv, stageParquet, type Source } from './stage.ts';

export type { FileReport, LoadReport, ReportEntry } from './report.ts';
export { summary } from './report.ts';

/** Options of ingestFolder. */
export interface IngestOptions {
  /** Progress lines (French), e.g. to stderr. */
  log?: (s: string) => void;
  /** Called inside the write transaction after each table (`insert:<name>`) and before `commit`: a test may throw here to simulate a failure midway. */
  onStage?: (stage: string) => void | Promise<void>;
}

/** A file being processed in this load. */
interface Work {
  entry: ExtractEntry & { table: TableName };
  probe: FileProbe;
  fid: number;
  report: FileReport;
  encoding: string | null;
  separator: string | null;
}

const TABLE_NAMES = TABLES.map((t) => t.name).join(', ');

/** A file-level report entry (line null). */
function fileEntry(code: RuleCode, params: Record<string, string | number>, column: string | null = null): ReportEntry {
  return { line: null, column, code, message: formatMessage(code, params) };
}

/** A report row for a file that is not read. */
function emptyReport(file: string, table: string | null, status: FileReport['status'], warning: ReportEntry): FileReport {
  return { file, table, status, rows_read: 0, rows_loaded: 0, rows_rejected: 0, errors: [], warnings: [warning] };
}

/** Validates every file of an extract folder and loads the valid rows into the warehouse, in one transaction. */
export async function ingestFolder(w: Warehouse, dir: string, opts: IngestOptions = {}): Promise<LoadReport> {
  const log = opts.log ?? (() => {});
  const con = w.con;
  const entries = listExtract(dir);
  const reports = new Map<string, FileReport>();
  const todo: Work[] = [];
  const previous = await queryRows<{ table_name: string; sha256: string; fichier: string; statut: string; charge_le: string }>(con,
    `SELECT table_name, sha256, fichier, statut, strftime(charge_le, '%d/%m/%Y à %H:%M') AS charge_le FROM load_files
     WHERE statut IN ('loaded', 'refused') ORDER BY id`);
  const known = new Map(previous.map((p) => [`${p.table_name}/${p.sha256}`, p]));
  const [{ next }] = await queryRows<{ next: number }>(con, `SELECT coalesce(max(id), 0) + 1 AS next FROM load_files`) as [{ next: number }];
  let fid = next;

  for (const e of entries) {
    if (!e.isFile || e.table === null) {
      const detail = e.isFile ? `son nom ne commence par aucun nom de table du contrat (${TABLE_NAMES})` : 'c\'est un dossier, il n\'est pas lu';
      reports.set(e.name, emptyReport(e.name, null, 'ignored', fileEntry('table_inconnue', { fichier: e.name, detail })));
      continue;
    }
    const probe = probeFile(e.path, { textChecks: e.format === 'csv' });
    const seen = known.get(`${e.table}/${probe.sha256}`);
    if (seen) {
      const status = seen.statut === 'loaded' ? 'chargé' : 'refusé';
      reports.set(e.name, emptyReport(e.name, e.table, 'already_loaded',
        fileEntry('deja_charge', { fichier: e.name, valeur: seen.fichier, detail: `${seen.charge_le} (${status})` })));
      continue;
    }
    known.set(`${e.table}/${probe.sha256}`, { table_name: e.table, sha256: probe.sha256, fichier: e.name, statut: 'loaded', charge_le: 'cours de ce chargement' });
    const report: FileReport = { file: e.name, table: e.table, status: 'loaded', rows_read: 0, rows_loaded: 0, rows_rejected: 0, errors: [], warnings: [] };
    reports.set(e.name, report);
    todo.push({ entry: e as Work['entry'], probe, fid: fid++, report, encoding: null, separator: null });
  }

  const tmp = mkdtempSync(join(tmpdir(), 'bilan-ingest-'));
  try {
    // 1. Read and check every file into temporary tables (connection-local, not the warehouse).
    await con.run(`CREATE TEMP TABLE _ing_files (fid INTEGER, fichier VARCHAR)`);
    await con.run(`CREATE TEMP TABLE _ing_refused_keys (table_name VARCHAR, cle VARCHAR, fichier VARCHAR)`);
    await con.run(`CREATE TEMP TABLE _ing_rej AS SELECT * FROM load_rejects LIMIT 0`);
    await con.run(`CREATE TEMP TABLE _ing_warn AS SELECT * FROM load_warnings LIMIT 0`);
    if (todo.length) await con.run(`INSERT INTO _ing_files VALUES ${todo.map((t) => `(${t.fid}, ${lit(t.entry.name)})`).join(', ')}`);
    const validated = new Set<string>();
    for (const spec of TABLES) {
      const works = todo.filter((t) => t.entry.table === spec.name);
      if (!works.length) continue;
      if (await checkTable(w, spec, works, tmp, validated, log)) validated.add(spec.name);
    }
    await fillEntries(w, todo);

    // 2. Write the warehouse in one transaction: all of it, or nothing.
    await con.run('BEGIN TRANSACTION');
    try {
      for (const spec of TABLES) {
        if (!validated.has(spec.name)) continue;
        const cols = spec.columns.map((c) => ident(c.name)).join(', ');
        const res = await con.run(`INSERT INTO ${ident(spec.name)} (${cols}, _fichier, _ligne)
          SELECT ${cols}, _fid, _line FROM ${goodRows(spec.name)}`);
        const expected = todo.filter((t) => t.entry.table === spec.name).reduce((a, t) => a + t.report.rows_loaded, 0);
        if (res.rowsChanged !== expected) throw new Error(`incohérence de comptage pour ${spec.name} : ${res.rowsChanged} lignes insérées, ${expected} attendues`);
        log(`${spec.name} : ${res.rowsChanged.toLocaleString('fr-FR')} ligne(s) écrite(s) dans l'entrepôt`);
        await opts.onStage?.(`insert:${spec.name}`);
      }
      await con.run(`INSERT INTO load_rejects SELECT * FROM _ing_rej`);
      await con.run(`INSERT INTO load_warnings SELECT * FROM _ing_warn`);
      for (const t of todo) {
        const r = t.report;
        await con.run(`INSERT INTO load_files VALUES (${t.fid}, ${lit(t.entry.name)}, ${lit(t.entry.table)}, ${lit(t.probe.sha256)},
          ${lit(t.entry.format ?? 'inconnu')}, ${t.encoding ? lit(t.encoding) : 'NULL'}, ${t.separator ? lit(t.separator) : 'NULL'},
          ${lit(r.status)}, ${r.rows_read}, ${r.rows_loaded}, ${r.rows_rejected}, current_timestamp)`);
      }
      await opts.onStage?.('commit');
      await con.run('COMMIT');
    } catch (err) {
      await con.run('ROLLBACK');
      throw err;
    }
  } finally {
    await dropTemporaries(w);
    rmSync(tmp, { recursive: true, force: true });
  }

  const files = [...reports.values()];
  return {
    files,
    rows_read: files.reduce((a, f) => a + f.rows_read, 0),
    rows_loaded: files.reduce((a, f) => a + f.rows_loaded, 0),
    rows_rejected: files.reduce((a, f) => a + f.rows_rejected, 0),
  };
}

/** The file-level problems of a header, as report entries. */
function headerErrors(name: string, h: HeaderCheck): ReportEntry[] {
  return [
    ...h.identifiers.map((c) => fileEntry('colonne_identifiante', { fichier: name, colonne: c, attendu: identifierLike(c) ?? c }, c)),
    ...h.duplicates.map((c) => fileEntry('fichier_illisible', { fichier: name, detail: `la colonne « ${c} » figure plusieurs fois dans l'en-tête` }, c)),
    ...h.missing.map((c) => fileEntry('colonne_manquante', { fichier: name, colonne: c }, c)),
  ];
}

/** Drops every temporary table and view of the ingest (`_ing_…`). */
async function dropTemporaries(w: Warehouse): Promise<void> {
  const views = await queryRows<{ name: string }>(w.con, `SELECT view_name AS name FROM duckdb_views() WHERE temporary AND view_name LIKE '\\_ing\\_%' ESCAPE '\\'`);
  for (const v of views) await w.con.run(`DROP VIEW IF EXISTS ${ident(v.name)}`);
  const tables = await queryRows<{ name: string }>(w.con, `SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND table_name LIKE '\\_ing\\_%' ESCAPE '\\'`);
  for (const t of tables) await w.con.run(`DROP TABLE IF EXISTS ${ident(t.name)}`);
}

/** Reads and checks the files of one table (name order); true when some file was accepted (its good rows are in goodRows(table)). */
async function checkTable(
  w: Warehouse, spec: TableSpec, works: Work[], tmp: string, validated: ReadonlySet<string>, log: (s: string) => void,
): Promise<boolean> {
  const con = w.con;
  const staged: StagedFile[] = [];
  const temps: string[] = [];
  for (const t of works) {
    const name = t.entry.name;
    const errors: ReportEntry[] = [];
    let source: Source | null = null;
    let header: HeaderCheck | null = null;
    let cells: string[] = [];
    if (t.entry.format === null) {
      errors.push(fileEntry('fichier_illisible', { fichier: name, detail: 'format non pris en charge (fichiers .csv ou .parquet attendus)' }));
    } else if (t.entry.format === 'parquet') {
      const columns = await parquetColumns(con, t.entry.path);
      if ('error' in columns) errors.push(fileEntry('fichier_illisible', { fichier: name, detail: columns.error }));
      else {
        cells = columns.map((c) => c.name);
        header = checkHeader(spec, cells);
        source = await stageParquet(con, t.entry.path, columns, spec, cells.map(normaliseColumnName));
      }
    } else {
      const p = t.probe;
      const text = p.utf8 ? p.head.toString('utf8') : iconv.decode(p.head, 'windows-1252');
      const head = readCsvHeader(text, p.size <= p.head.length);
      if (p.hasNul) errors.push(fileEntry('fichier_illisible', { fichier: name, detail: 'il contient des octets nuls (fichier binaire, ou texte en UTF-16 ?) ; texte UTF-8 ou Windows-1252 attendu' }));
      else if (p.hasUnitSeparator) errors.push(fileEntry('fichier_illisible', { fichier: name, detail: 'il contient le caractère de contrôle 0x1F' }));
      else if (!head) errors.push(fileEntry('fichier_vide', { fichier: name }));
      else {
        t.encoding = p.utf8 ? (p.bom ? 'UTF-8 (BOM)' : 'UTF-8') : 'Windows-1252';
        t.separator = head.separator;
        cells = head.names;
        header = checkHeader(spec, cells);
        let path = t.entry.path;
        if (!p.utf8) {
          path = join(tmp, `${t.fid}.csv`);
          transcodeWindows1252(t.entry.path, path);
        }
        const s = await stageCsv(con, String(t.fid), path, head.separator, head.row, cells.length, p.hasQuote);
        if ('error' in s) {
          errors.push(fileEntry('fichier_illisible', { fichier: name, detail: s.error }));
          t.report.rows_read = s.rowsRead;
          await con.run(`DROP TABLE IF EXISTS _ing_l${t.fid}`);
        } else source = s.source;
      }
    }
    if (header) errors.push(...headerErrors(name, header));
    if (source) {
      temps.push(...source.temps);
      t.report.rows_read = source.rowsRead;
      for (const hit of await findNir(con, source)) {
        const column = hit.position <= cells.length ? normaliseColumnName(cells[hit.position - 1]!) : `n°${hit.position} (hors en-tête)`;
        errors.push(fileEntry('donnees_identifiantes', { fichier: name, colonne: column, ligne: hit.line }, column));
      }
    }
    if (errors.length || !source || !header) {
      t.report.status = 'refused';
      t.report.rows_rejected = t.report.rows_read;
      t.report.errors = errors;
      if (source && header) await rememberRefusedKeys(w, spec, source, header, name);
      for (const e of errors) {
        await con.run(`INSERT INTO _ing_rej (fichier_id, fichier, table_name, ligne, colonne, code, message)
          VALUES (${t.fid}, ${lit(name)}, ${lit(spec.name)}, NULL, ${e.column === null ? 'NULL' : lit(e.column)}, ${lit(e.code)}, ${lit(e.message)})`);
      }
      log(`${name} : refusé (${[...new Set(errors.map((e) => e.code))].join(', ')})`);
      continue;
    }
    for (const extra of header.extra) {
      const entry = fileEntry('colonne_ignoree', { colonne: extra || '(sans nom)' }, extra);
      await con.run(`INSERT INTO _ing_warn VALUES (${t.fid}, ${lit(name)}, ${lit(spec.name)}, NULL, ${lit(extra)}, ${lit(entry.code)}, ${lit(entry.message)})`);
    }
    staged.push({ fid: t.fid, name, source, positions: header.positions, headerCount: cells.length });
  }
  if (staged.length) {
    const rejected = await validateTable(con, spec, staged, validated);
    for (const s of staged) {
      const r = works.find((t) => t.fid === s.fid)!.report;
      r.rows_rejected = rejected.get(s.fid) ?? 0;
      r.rows_loaded = r.rows_read - r.rows_rejected;
      log(`${s.name} : ${countsText(r)}`);
    }
  }
  for (const x of temps) await con.run(`DROP TABLE IF EXISTS ${x}`);
  return staged.length > 0;
}

/** Keeps (for this load only, in a temporary table) the keys of a refused file of a parent table, so that children say their parent was refused. */
async function rememberRefusedKeys(w: Warehouse, spec: TableSpec, source: Source, header: HeaderCheck, name: string): Promise<void> {
  const isParent = TABLES.some((t) => t.columns.some((c) => c.references?.table === spec.name));
  const pos = spec.key.length === 1 ? header.positions.get(spec.key[0]!) : undefined;
  if (!isParent || pos === undefined) return;
  await w.con.run(`INSERT INTO _ing_refused_keys SELECT ${lit(spec.name)}, NULLIF(f[${pos}], ''), ${lit(name)} FROM ${source.relation}`);
}

/** Fills the errors and warnings of the loaded files' reports from load_rejects and load_warnings (capped per file). */
async function fillEntries(w: Warehouse, todo: Work[]): Promise<void> {
  const loaded = todo.filter((t) => t.report.status === 'loaded');
  if (!loaded.length) return;
  const ids = loaded.map((t) => t.fid).join(', ');
  const pick = (table: string) => queryRows<{ fichier_id: number; ligne: number | null; colonne: string | null; code: RuleCode; message: string }>(w.con, `
    SELECT fichier_id, ligne, colonne, code, message FROM (
      SELECT *, row_number() OVER (PARTITION BY fichier_id ORDER BY ligne NULLS FIRST, colonne, code) AS rn
      FROM ${table} WHERE fichier_id IN (${ids}))
    WHERE rn <= ${ERRORS_CAP} ORDER BY fichier_id, rn`);
  const byFile = new Map(loaded.map((t) => [t.fid, t.report]));
  for (const r of await pick('_ing_rej')) {
    byFile.get(r.fichier_id)!.errors.push({ line: r.ligne, column: r.colonne, code: r.code, message: r.message });
  }
  for (const r of await pick('_ing_warn')) {
    byFile.get(r.fichier_id)!.warnings.push({ line: r.ligne, column: r.colonne, code: r.code, message: r.message });
  }
}
