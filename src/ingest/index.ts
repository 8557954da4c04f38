// `bilan ingest`: validates an extract folder against the data contract and loads it into the
// warehouse, in one transaction. Files are read once in JavaScript (hash, encoding, line ends,
// header; rewritten only when DuckDB cannot read them as they are), then everything row-level
// happens in DuckDB (stage.ts → load.ts). Whatever goes wrong inside a file becomes the refusal
// of that file, with a French message. See docs/data-contract.md.
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import JSZip from 'jszip';
import { formatMessage } from '../contract/messages.ts';
import { SHOWN_MACRO_SQL, hasValidNir, maskNir } from '../contract/privacy.ts';
import { TABLES, type RuleCode, type TableName, type TableSpec } from '../contract/schema.ts';
import { InputError } from '../errors.ts';
import { ident, lit, queryRows, type Warehouse } from '../warehouse/db.ts';
import { PROVENANCE_FILE, readManifest, recordProvenance, type ExtractManifest } from '../warehouse/provenance.ts';
import {
  CONTENT_FR,
  TABLE_NAMES,
  classify,
  countTextLines,
  headBytes,
  listExtract,
  probeFile,
  type ExtractEntry,
  type FileFormat,
  type FileProbe,
} from './files.ts';
import { checkHeader, identifierLike, normaliseColumnName, type HeaderCheck } from './header.ts';
import { dropValidation, goodRows, validateTable, type StagedFile } from './load.ts';
import { ERRORS_CAP, countsText, type FileReport, type LoadReport, type ReportEntry } from './report.ts';
import { findNir, parquetColumns, stageCsv, stageParquet, type Source } from './stage.ts';
import { readCsvHeader, rewriteText, textPlan } from './text.ts';
import { workbookToCsv } from './workbook.ts';

export type { FileReport, LoadReport } from './report.ts';
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
  /** Warnings about the whole file (name, `sep=` line, header), written to load_warnings with the rest. */
  notes: ReportEntry[];
}

/** What a refusal says when the records of the file cannot be counted (docs/decisions.md: counted 0, said so). */
const UNKNOWN_COUNT = "son nombre d'enregistrements ne peut pas être connu, il est compté 0";

/** The « column » named when the lines above the header are at fault. */
const ABOVE_HEADER = "(lignes avant l'en-tête)";

/** A file-level report entry (line null unless given); the column may be a header cell of the file: NIR-shaped runs masked, like every message parameter. */
function fileEntry(
  code: RuleCode,
  params: Record<string, string | number>,
  column: string | null = null,
  line: number | null = null,
): ReportEntry {
  return { line, column: column === null ? null : maskNir(column), code, message: formatMessage(code, params) };
}

/** A report row for a file that is not read: its records (when they can be counted) count as rejected. */
function emptyReport(file: string, table: string | null, status: FileReport['status'], warning: ReportEntry, records = 0): FileReport {
  return { file, table, status, rows_read: records, rows_loaded: 0, rows_rejected: records, errors: [], warnings: [warning] };
}

/** The probe of a file that could not be read: no bytes, as hash that of its path (no file's content). */
function unreadProbe(path: string): FileProbe {
  return {
    sha256: createHash('sha256').update(`fichier illisible : ${path}`).digest('hex'),
    size: 0,
    utf8: true,
    hasQuote: false,
    hasNul: false,
    hasUnitSeparator: false,
    crCount: 0,
    crlfCount: 0,
    endsWithSub: false,
    ascii: true,
    hasSlash: false,
    hasDot0: false,
    hasBlank: false,
    maybeNir: false,
    head: Buffer.alloc(0),
  };
}

/** Reads the extract's manifest; an invalid one makes the folder unusable (exit 2): whether the data are synthetic must be known. */
function manifestOf(dir: string): ExtractManifest | null {
  try {
    return readManifest(dir);
  } catch (e) {
    throw new InputError(
      `${(e as Error).message} : corriger ou retirer le fichier ${PROVENANCE_FILE} du dossier « ${dir} » (il dit si l'extrait est synthétique)`,
    );
  }
}

/** Records of a Parquet file from its footer (metadata), or null when not even the footer can be read. */
async function parquetFooterRows(w: Warehouse, path: string): Promise<number | null> {
  try {
    const [{ n }] = (await queryRows<{ n: number }>(
      w.con,
      `SELECT sum(num_rows)::BIGINT AS n FROM parquet_file_metadata(${lit(path)})`,
    )) as [{ n: number }];
    return Number(n ?? 0);
  } catch {
    return null;
  }
}

/** Largest .zip archive whose records are counted (it is read in memory). */
const ZIP_COUNT_MAX_BYTES = 256 << 20;

/** Records of the CSV and Parquet files of a .zip archive (each written to a temporary folder, then counted as a file not read). */
async function zipRecords(w: Warehouse, path: string): Promise<number> {
  if (statSync(path).size > ZIP_COUNT_MAX_BYTES) return 0;
  const zip = await JSZip.loadAsync(readFileSync(path));
  const dir = mkdtempSync(join(tmpdir(), 'bilan-zip-'));
  let n = 0;
  try {
    let k = 0;
    for (const member of Object.values(zip.files)) {
      const base = member.name.slice(member.name.lastIndexOf('/') + 1);
      if (member.dir || !base || member.name.split('/').some((c) => c.startsWith('_') || c.startsWith('.'))) continue;
      const out = join(dir, String(k++));
      writeFileSync(out, await member.async('nodebuffer'));
      const format = classify(base, headBytes(out, 512)).format;
      if (format === 'csv' || format === 'parquet') n += await countRecords(w, out, format);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return n;
}

/** Records of a gzip file's content (decompressed into a temporary folder, then counted by its content). */
async function gzipRecords(w: Warehouse, path: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bilan-gz-'));
  try {
    const out = join(dir, 'contenu');
    await pipeline(createReadStream(path), createGunzip(), createWriteStream(out));
    const format = classify(path.replace(/\.gz$/i, ''), headBytes(out, 512)).format;
    return format === 'csv' || format === 'parquet' ? await countRecords(w, out, format) : 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Records of a file that is not read (best effort; 0 when they cannot be counted): non-blank lines but the first for text, rows for Parquet, both in a .zip. */
async function countRecords(w: Warehouse, path: string, format: FileFormat | null): Promise<number> {
  try {
    if (format === 'csv') return Math.max(0, countTextLines(path) - 1);
    if (format === 'parquet') return (await parquetFooterRows(w, path)) ?? 0;
    if (format === null && /\.zip$/i.test(path)) return await zipRecords(w, path);
    if (format === 'gzip') return await gzipRecords(w, path);
  } catch {
    /* not countable */
  }
  return 0;
}

/**
 * Validates every file of an extract folder and loads the valid rows into the warehouse, in one
 * transaction, with the provenance of the load (manifest PROVENANCE_FILE, if any). Throws
 * InputError when the folder has no file of a contract table or an invalid manifest.
 */
export async function ingestFolder(w: Warehouse, dir: string, opts: IngestOptions = {}): Promise<LoadReport> {
  const log = opts.log ?? (() => {});
  const con = w.con;
  const entries = listExtract(dir);
  if (!entries.some((e) => e.table !== null)) {
    throw new InputError(`le dossier « ${dir} » ne contient aucun fichier d'une table du contrat (${TABLE_NAMES}) : rien à charger`);
  }
  const manifest = manifestOf(dir);
  await con.run(SHOWN_MACRO_SQL);
  const reports = new Map<string, FileReport>();
  const todo: Work[] = [];
  const previous = await queryRows<{ table_name: string; sha256: string; fichier: string; statut: string; charge_le: string }>(
    con,
    `SELECT table_name, sha256, fichier, statut, strftime(charge_le, '%d/%m/%Y à %H:%M') AS charge_le FROM load_files
     WHERE statut IN ('loaded', 'refused') ORDER BY id`,
  );
  const known = new Map(previous.map((p) => [`${p.table_name}/${p.sha256}`, p]));
  const [{ next }] = (await queryRows<{ next: number }>(con, `SELECT coalesce(max(id), 0) + 1 AS next FROM load_files`)) as [
    { next: number },
  ];
  let fid = next;

  for (const e of entries) {
    if (!e.isFile || e.table === null) {
      const detail = e.ignoredBecause ?? `son nom ne commence par aucun nom de table du contrat (${TABLE_NAMES})`;
      let records = 0;
      for (const f of e.isFile ? [e] : e.inner) records += await countRecords(w, f.path, f.format);
      reports.set(e.path, emptyReport(e.name, null, 'ignored', fileEntry('table_inconnue', { fichier: e.name, detail }), records));
      continue;
    }
    let probe: FileProbe;
    let unread = false;
    try {
      probe = probeFile(e.path, { textChecks: e.format === 'csv' });
    } catch (err) {
      // Cannot be opened or read (rights, removed meanwhile): refused, its records unknown.
      probe = unreadProbe(e.path);
      unread = true;
      e.format = null;
      e.mismatch = null;
      e.refusal = `il ne peut pas être ouvert ou lu (${(err as NodeJS.ErrnoException).code ?? 'erreur'} : droits d'accès ? fichier déplacé pendant le chargement ?) ; ${UNKNOWN_COUNT}`;
    }
    const seen = unread ? undefined : known.get(`${e.table}/${probe.sha256}`);
    if (seen) {
      const status = seen.statut === 'loaded' ? 'chargé' : 'refusé';
      reports.set(
        e.path,
        emptyReport(
          e.name,
          e.table,
          'already_loaded',
          fileEntry('deja_charge', { fichier: e.name, valeur: seen.fichier, detail: `${seen.charge_le} (${status})` }),
        ),
      );
      continue;
    }
    known.set(`${e.table}/${probe.sha256}`, {
      table_name: e.table,
      sha256: probe.sha256,
      fichier: e.name,
      statut: 'loaded',
      charge_le: 'cours de ce chargement',
    });
    const report: FileReport = {
      file: e.name,
      table: e.table,
      status: 'loaded',
      rows_read: 0,
      rows_loaded: 0,
      rows_rejected: 0,
      errors: [],
      warnings: [],
    };
    reports.set(e.path, report);
    const notes = e.folded ? [fileEntry('nom_de_fichier_normalise', { fichier: e.name, attendu: e.table })] : [];
    if (e.dataset)
      notes.push(
        fileEntry('dossier_jeu_de_donnees', {
          fichier: e.name,
          valeur: e.dataset.folder,
          attendu: e.table,
          detail: String(e.dataset.files),
        }),
      );
    if (e.mismatch)
      notes.push(
        fileEntry('format_selon_contenu', {
          fichier: e.name,
          valeur: e.mismatch.extension || '(sans extension)',
          attendu: CONTENT_FR[e.mismatch.content],
        }),
      );
    todo.push({ entry: e as Work['entry'], probe, fid: fid++, report, encoding: null, separator: null, notes });
  }

  const tmp = mkdtempSync(join(tmpdir(), 'bilan-ingest-'));
  try {
    // 1. Read and check every file into temporary tables (connection-local, not the warehouse).
    await con.run(`CREATE TEMP TABLE _ing_files (fid INTEGER, fichier VARCHAR)`);
    await con.run(`CREATE TEMP TABLE _ing_refused_keys (table_name VARCHAR, cle VARCHAR, fichier VARCHAR, unread BOOLEAN)`);
    await con.run(`CREATE TEMP TABLE _ing_rej AS SELECT * FROM load_rejects LIMIT 0`);
    await con.run(`CREATE TEMP TABLE _ing_warn AS SELECT * FROM load_warnings LIMIT 0`);
    if (todo.length) await con.run(`INSERT INTO _ing_files VALUES ${todo.map((t) => `(${t.fid}, ${lit(t.entry.name)})`).join(', ')}`);
    const validated = new Set<string>();
    for (const spec of TABLES) {
      const works = todo.filter((t) => t.entry.table === spec.name);
      if (!works.length) continue;
      if (await checkTable(w, spec, works, tmp, validated, log)) validated.add(spec.name);
    }
    for (const t of todo) {
      for (const n of t.notes) {
        await con.run(`INSERT INTO _ing_warn VALUES (${t.fid}, ${lit(t.entry.name)}, ${lit(t.entry.table)}, ${n.line ?? 'NULL'},
          ${n.column === null ? 'NULL' : lit(n.column)}, ${lit(n.code)}, ${lit(n.message)})`);
      }
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
        if (res.rowsChanged !== expected)
          throw new Error(`incohérence de comptage pour ${spec.name} : ${res.rowsChanged} lignes insérées, ${expected} attendues`);
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
      if (todo.some((t) => t.report.status === 'loaded')) await recordProvenance(con, dir, manifest);
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

/** The file-level problems of a header (`line`: of a header repeated further down, else the first header). */
function headerErrors(name: string, h: HeaderCheck, repeatedAt: number | null): ReportEntry[] {
  const at = repeatedAt === null ? '' : `l'en-tête répété ligne ${repeatedAt} : `;
  if (repeatedAt !== null) {
    return [
      ...h.identifiers.map((c) => fileEntry('colonne_identifiante', { fichier: name, colonne: c, attendu: identifierLike(c) ?? c }, c)),
      ...h.duplicates.map((c) =>
        fileEntry('fichier_illisible', { fichier: name, detail: `${at}la colonne « ${c} » y figure plusieurs fois` }, c),
      ),
      ...h.missing.map((c) =>
        fileEntry('fichier_illisible', { fichier: name, detail: `${at}la colonne obligatoire « ${c} » en est absente` }, c),
      ),
    ];
  }
  return [
    ...h.identifiers.map((c) => fileEntry('colonne_identifiante', { fichier: name, colonne: c, attendu: identifierLike(c) ?? c }, c)),
    ...h.duplicates.map((c) =>
      fileEntry('fichier_illisible', { fichier: name, detail: `la colonne « ${c} » figure plusieurs fois dans l'en-tête` }, c),
    ),
    ...h.missing.map((c) => fileEntry('colonne_manquante', { fichier: name, colonne: c }, c)),
  ];
}

/** Drops every temporary table and view of the ingest (`_ing_…`). */
async function dropTemporaries(w: Warehouse): Promise<void> {
  const views = await queryRows<{ name: string }>(
    w.con,
    `SELECT view_name AS name FROM duckdb_views() WHERE temporary AND view_name LIKE '\\_ing\\_%' ESCAPE '\\'`,
  );
  for (const v of views) await w.con.run(`DROP VIEW IF EXISTS ${ident(v.name)}`);
  const tables = await queryRows<{ name: string }>(
    w.con,
    `SELECT table_name AS name FROM duckdb_tables() WHERE temporary AND table_name LIKE '\\_ing\\_%' ESCAPE '\\'`,
  );
  for (const t of tables) await w.con.run(`DROP TABLE IF EXISTS ${ident(t.name)}`);
}

/** The first MiB of a file, as UTF-8 text, and whether that is the whole file. */
function headText(path: string): { text: string; whole: boolean } {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc((1 << 20) + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return { text: buf.subarray(0, Math.min(n, 1 << 20)).toString('utf8'), whole: n <= 1 << 20 };
  } finally {
    closeSync(fd);
  }
}

/** What reading one file gave: its records (or none), its headers checked, and why it is refused (errors). */
interface Prepared {
  source: Source | null;
  headers: HeaderCheck[];
  errors: ReportEntry[];
}

/** Reads one CSV-like text file (possibly written from a workbook): encoding, rewrite, header, records. */
async function prepareText(
  w: Warehouse,
  spec: TableSpec,
  t: Work,
  path: string,
  tmp: string,
  derived: { label: string | null } | null,
): Promise<Prepared> {
  const name = t.entry.name;
  const fail = (detail: string, rows: number): Prepared => {
    t.report.rows_read = rows;
    return { source: null, headers: [], errors: [fileEntry('fichier_illisible', { fichier: name, detail })] };
  };
  const p = derived ? probeFile(path, { textChecks: true }) : t.probe;
  const plan = textPlan(p);
  let hasNul = p.hasNul,
    hasUnit = p.hasUnitSeparator;
  if (plan.rewrite) {
    const out = join(tmp, `${t.fid}.csv`);
    ({ hasNul, hasUnitSeparator: hasUnit } = rewriteText(path, out, plan));
    path = out;
  }
  t.encoding = derived?.label ?? plan.label;
  const head = headText(path);
  const known = new Set(spec.columns.map((c) => c.name));
  const header = readCsvHeader(head.text, head.whole, (cell) => known.has(normaliseColumnName(cell)));
  if (!header) return { source: null, headers: [], errors: [fileEntry('fichier_vide', { fichier: name })] };
  t.separator = header.separator;
  const records = () => Math.max(0, countTextLines(path) - header.before.length - (header.hint ? 2 : 1));
  if (header.before.length) {
    const nir = header.before.find((b) => hasValidNir(b.text));
    if (nir) {
      t.report.rows_read = records();
      return {
        source: null,
        headers: [],
        errors: [fileEntry('donnees_identifiantes', { fichier: name, colonne: ABOVE_HEADER, ligne: nir.row + 1 }, ABOVE_HEADER)],
      };
    }
    t.notes.push(
      fileEntry('lignes_avant_en_tete', { fichier: name, valeur: header.before.length, ligne: header.row + 1 }, null, header.row + 1),
    );
  }
  if (hasNul)
    return fail(
      'il contient des octets nuls (fichier binaire ?) ; texte attendu (UTF-8, Windows-1252, ISO-8859-15 ou UTF-16 avec BOM)',
      records(),
    );
  if (hasUnit) return fail('il contient le caractère de contrôle 0x1F', records());
  if (header.hint) {
    t.notes.push(
      fileEntry(
        'separateur_indique',
        {
          fichier: name,
          valeur: header.hint.text,
          attendu: header.separator === '\t' ? 'tabulation' : header.separator,
          ligne: header.row + 1,
        },
        null,
        header.hint.row + 1,
      ),
    );
  }
  // A rewritten file was decoded: its original bytes say nothing of the characters (UTF-16), so every flag is kept.
  const traits = {
    hasQuote: p.hasQuote,
    maybeInvisible: plan.rewrite || !p.ascii,
    invalidBytes: plan.invalidBytes,
    hasSlash: plan.rewrite || p.hasSlash,
    hasDot0: plan.rewrite || p.hasDot0,
    hasBlank: plan.rewrite || p.hasBlank,
    maybeNir: plan.rewrite || p.maybeNir,
  };
  const staged = await stageCsv(
    w.con,
    String(t.fid),
    path,
    header.separator,
    header.row,
    header.names,
    traits,
    spec.columns.map((c) => c.name),
    '\x1F',
  );
  if ('error' in staged) return fail(staged.error, staged.rowsRead >= 0 ? staged.rowsRead : records());
  return { source: staged.source, headers: staged.source.segments.map((sg) => checkHeader(spec, sg.cells)), errors: [] };
}

/** A reading error without the paths it names (the extract's folder, the temporary folder): the file's name instead. */
function withoutPaths(message: string, t: Work, ...paths: string[]): string {
  let m = message.split('\n')[0]!;
  for (const p of [t.entry.path, ...paths]) m = m.replaceAll(p, t.entry.name);
  return m;
}

/** Reads one Parquet file; an unreadable one is refused with its records counted from its footer when that can be read. */
async function prepareParquet(w: Warehouse, spec: TableSpec, t: Work, path: string): Promise<Prepared> {
  const columns = await parquetColumns(w.con, path);
  if ('error' in columns) {
    const n = await parquetFooterRows(w, path);
    t.report.rows_read = n ?? 0;
    const truncated = /no magic bytes found at end of file|too small to be a parquet file/i.test(columns.error);
    const what = truncated
      ? "ce n'est pas un fichier Parquet complet : il ne se termine pas par la marque PAR1 (fichier tronqué, copie ou téléchargement interrompu ?)"
      : withoutPaths(columns.error, t, path);
    const count =
      n === null
        ? `; ses métadonnées (pied de fichier) sont illisibles : ${UNKNOWN_COUNT}`
        : `; ses métadonnées annoncent ${n} enregistrement(s), tous comptés rejetés`;
    return refusal(t, `${what} ${count}`);
  }
  const cells = columns.map((c) => c.name);
  const source = await stageParquet(w.con, path, columns, spec, cells.map(normaliseColumnName));
  return { source, headers: [checkHeader(spec, cells)], errors: [] };
}

/**
 * The path DuckDB reads a Parquet file by: a link in the temporary folder that keeps only the
 * partition folders of its dataset (`annee=2024/`), since DuckDB takes every `clé=valeur` folder
 * of the path as a partition column: those of the extract's own path (`…/export/annee=2024/`)
 * must not be. The file itself when no link can be made.
 */
function parquetLink(t: Work, tmp: string): string {
  const rel = t.entry.dataset ? relative(t.entry.dataset.root, t.entry.path) : 'fichier.parquet';
  const link = join(tmp, `pq${t.fid}`, rel);
  try {
    mkdirSync(dirname(link), { recursive: true });
    // The target absolute: a relative one would be read from the link's folder (an extract given as `../extrait` broke every Parquet file).
    symlinkSync(resolve(t.entry.path), link);
    return link;
  } catch {
    return t.entry.path;
  }
}

/** A refusal of the whole file (fichier_illisible). */
const refusal = (t: Work, detail: string): Prepared => ({
  source: null,
  headers: [],
  errors: [fileEntry('fichier_illisible', { fichier: t.entry.name, detail })],
});

/** Reads one file of a table into records, whatever its format (its content decided it); any failure is a refusal of the file. */
async function prepareFile(w: Warehouse, spec: TableSpec, t: Work, tmp: string): Promise<Prepared> {
  const name = t.entry.name;
  if (t.entry.refusal !== null || t.entry.format === null) {
    t.report.rows_read = await countRecords(w, t.entry.path, t.entry.format);
    const why = t.entry.refusal ?? 'format non pris en charge';
    const counted = t.report.rows_read
      ? ` ; ses ${t.report.rows_read} enregistrement(s)${t.entry.format === null ? " (fichiers CSV et Parquet qu'elle contient)" : ''} sont comptés rejetés`
      : t.probe.size > 0 && !why.includes(UNKNOWN_COUNT)
        ? ` ; ${UNKNOWN_COUNT}`
        : '';
    return refusal(t, why + counted);
  }
  if (t.probe.size === 0) return { source: null, headers: [], errors: [fileEntry('fichier_vide', { fichier: name })] };
  let path = t.entry.path;
  let format = t.entry.format;
  if (format === 'gzip') {
    // A compressed file (`entretiens.csv.gz`): decompressed, then read by its content.
    path = join(tmp, `${t.fid}.gunzip`);
    try {
      await pipeline(createReadStream(t.entry.path), createGunzip(), createWriteStream(path));
    } catch (e) {
      return refusal(
        t,
        `ce fichier compressé (gzip) ne se décompresse pas (${withoutPaths((e as Error).message, t, path)}) ; ${UNKNOWN_COUNT}`,
      );
    }
    const inner = classify(name.replace(/\.gz$/i, ''), headBytes(path, 512));
    if (inner.format === null || inner.format === 'gzip')
      return refusal(
        t,
        `fichier compressé (gzip) dont le contenu ne se lit pas : ${inner.refusal ?? 'compressé deux fois'} ; ${UNKNOWN_COUNT}`,
      );
    format = inner.format;
    if (format === 'csv') return prepareText(w, spec, t, path, tmp, { label: null });
  }
  if (format === 'xlsx') {
    const out = join(tmp, `${t.fid}.xlsx.csv`);
    const wb = await workbookToCsv(path, out, spec);
    if ('error' in wb) return refusal(t, `${withoutPaths(wb.error, t, path)} ; ${UNKNOWN_COUNT}`);
    return prepareText(w, spec, t, out, tmp, { label: `xlsx (feuille « ${maskNir(wb.sheet)} »)` });
  }
  if (format === 'parquet') return prepareParquet(w, spec, t, path === t.entry.path ? parquetLink(t, tmp) : path);
  return prepareText(w, spec, t, path, tmp, null);
}

/** Reads and checks the files of one table (name order); true when some file was accepted (its good rows are in goodRows(table)). */
async function checkTable(
  w: Warehouse,
  spec: TableSpec,
  works: Work[],
  tmp: string,
  validated: ReadonlySet<string>,
  log: (s: string) => void,
): Promise<boolean> {
  const con = w.con;
  let staged: StagedFile[] = [];
  const temps: string[] = [];
  for (const t of works) {
    const name = t.entry.name;
    let prep: Prepared;
    try {
      prep = await prepareFile(w, spec, t, tmp);
    } catch (e) {
      prep = {
        source: null,
        headers: [],
        errors: [
          fileEntry('fichier_illisible', {
            fichier: name,
            detail: `erreur inattendue à la lecture (${withoutPaths((e as Error).message, t)})`,
          }),
        ],
      };
      t.report.rows_read = await countRecords(w, t.entry.path, t.entry.format);
    }
    const { source, headers } = prep;
    const errors = [...prep.errors];
    if (source) {
      temps.push(...source.temps);
      t.report.rows_read = source.rowsRead;
      if (source.literalQuotes)
        t.notes.push(
          fileEntry(
            'guillemet_isole',
            { valeur: source.literalQuotes.count, ligne: source.literalQuotes.line },
            null,
            source.literalQuotes.line,
          ),
        );
      if (source.emptyLines)
        t.notes.push(
          fileEntry('lignes_vides', { valeur: source.emptyLines.count, ligne: source.emptyLines.line }, null, source.emptyLines.line),
        );
      source.segments.forEach((sg, k) => {
        errors.push(...headerErrors(name, headers[k]!, k === 0 ? null : sg.line));
        // The privacy rule holds for the header too (a NIR pasted as a column name).
        for (const cell of sg.cells.filter(hasValidNir))
          errors.push(fileEntry('donnees_identifiantes', { fichier: name, colonne: cell, ligne: sg.line }, cell));
        for (const r of headers[k]!.renamed)
          t.notes.push(fileEntry('en_tete_normalise', { valeur: r.cell, colonne: r.column }, r.column, sg.line));
        if (k > 0) {
          const reordered = sg.cells.map(normaliseColumnName).join('|') !== source.segments[0]!.cells.map(normaliseColumnName).join('|');
          t.notes.push(
            fileEntry(
              'en_tete_repete',
              {
                ligne: sg.line,
                detail:
                  (reordered
                    ? `, dont les colonnes diffèrent ou sont dans un autre ordre que celles de la ligne ${source.segments[0]!.line}`
                    : '') +
                  (source.sepLines?.includes(sg.line - 1)
                    ? ` ; la ligne « sep= » d'Excel qui le précède (ligne ${sg.line - 1}) est ignorée`
                    : ''),
              },
              null,
              sg.line,
            ),
          );
        }
      });
      try {
        for (const hit of await findNir(con, source)) {
          const cells = source.segments[hit.seg]!.cells;
          const column = hit.position <= cells.length ? normaliseColumnName(cells[hit.position - 1]!) : `n°${hit.position} (hors en-tête)`;
          errors.push(fileEntry('donnees_identifiantes', { fichier: name, colonne: column, ligne: hit.line }, column));
        }
      } catch (e) {
        errors.push(
          fileEntry('fichier_illisible', {
            fichier: name,
            detail: `erreur inattendue à la lecture (${withoutPaths((e as Error).message, t)})`,
          }),
        );
      }
    }
    if (errors.length || !source) {
      await refuse(w, spec, t, errors, source, headers);
      log(`${name} : refusé (${[...new Set(errors.map((e) => e.code))].join(', ')})`);
      continue;
    }
    headers.forEach((h) => {
      for (const extra of h.extra) t.notes.push(fileEntry('colonne_ignoree', { colonne: extra || '(sans nom)' }, extra));
    });
    staged.push({
      fid: t.fid,
      name,
      source,
      segments: headers.map((h, k) => {
        const cells = source.segments[k]!.cells;
        // Empty cells at the end of a header (a separator at the end of the header line only) need no field.
        let named = cells.length;
        while (named > 1 && cells[named - 1]!.trim() === '') named--;
        return { positions: h.positions, count: cells.length, named };
      }),
    });
  }
  if (staged.length) {
    let result: Awaited<ReturnType<typeof validateTable>>;
    try {
      result = await validateTable(con, spec, staged, validated);
    } catch {
      // Some file breaks the checks (e.g. a Parquet page DuckDB cannot decode): find which, alone, refuse it, check the others.
      const retry: StagedFile[] = [];
      for (const s of staged) {
        await undoValidation(w, spec, staged);
        try {
          await validateTable(con, spec, [s], validated);
          retry.push(s);
        } catch (e) {
          const t = works.find((x) => x.fid === s.fid)!;
          const error = fileEntry('fichier_illisible', {
            fichier: s.name,
            detail: `erreur inattendue pendant les contrôles (${withoutPaths((e as Error).message, t)})`,
          });
          await refuse(w, spec, t, [error], null, []);
          log(`${s.name} : refusé (fichier_illisible)`);
        }
      }
      await undoValidation(w, spec, staged);
      staged = retry;
      result = staged.length ? await validateTable(con, spec, staged, validated) : { rejected: new Map(), notes: [] };
    }
    for (const s of staged) {
      const r = works.find((t) => t.fid === s.fid)!.report;
      r.rows_rejected = result.rejected.get(s.fid) ?? 0;
      r.rows_loaded = r.rows_read - r.rows_rejected;
      log(`${s.name} : ${countsText(r)}`);
    }
  }
  for (const x of temps) await con.run(`DROP TABLE IF EXISTS ${x}`);
  return staged.length > 0;
}

/** Undoes a failed validation of a table: its temporary tables, and what it wrote for its files. */
async function undoValidation(w: Warehouse, spec: TableSpec, files: readonly StagedFile[]): Promise<void> {
  await dropValidation(w.con, spec.name);
  const ids = files.map((f) => f.fid).join(', ');
  await w.con.run(`DELETE FROM _ing_rej WHERE fichier_id IN (${ids})`);
  await w.con.run(`DELETE FROM _ing_warn WHERE fichier_id IN (${ids})`);
}

/** Refuses a whole file: every record rejected, one reject entry per reason, its ids remembered for its children. */
async function refuse(
  w: Warehouse,
  spec: TableSpec,
  t: Work,
  errors: ReportEntry[],
  source: Source | null,
  headers: HeaderCheck[],
): Promise<void> {
  const name = t.entry.name;
  t.report.status = 'refused';
  t.report.rows_loaded = 0;
  t.report.rows_rejected = t.report.rows_read;
  t.report.errors = errors;
  await rememberRefusedKeys(w, spec, source, headers, name);
  for (const e of errors) {
    await w.con.run(`INSERT INTO _ing_rej (fichier_id, fichier, table_name, ligne, colonne, code, message)
      VALUES (${t.fid}, ${lit(name)}, ${lit(spec.name)}, NULL, ${e.column === null ? 'NULL' : lit(e.column)}, ${lit(e.code)}, ${lit(e.message)})`);
  }
}

/**
 * Keeps (for this load only, in a temporary table) the keys of a refused file of a parent table,
 * so that children say their parent's file was refused; when its keys cannot be read, a marker
 * says so and every child without a parent gets parent_rejete.
 */
async function rememberRefusedKeys(
  w: Warehouse,
  spec: TableSpec,
  source: Source | null,
  headers: HeaderCheck[],
  name: string,
): Promise<void> {
  const isParent = TABLES.some((t) => t.columns.some((c) => c.references?.table === spec.name));
  if (!isParent) return;
  const key = spec.key.length === 1 ? spec.key[0]! : null;
  const ps = key && source ? source.segments.map((_, k) => headers[k]?.positions.get(key)) : [];
  if (!source || !key || !ps.length || ps.some((p) => p === undefined)) {
    await w.con.run(`INSERT INTO _ing_refused_keys VALUES (${lit(spec.name)}, NULL, ${lit(name)}, true)`);
    return;
  }
  const pos = ps.every((p) => p === ps[0]) ? String(ps[0]) : `CASE seg ${ps.map((p, k) => `WHEN ${k} THEN ${p}`).join(' ')} END`;
  try {
    await w.con.run(`INSERT INTO _ing_refused_keys SELECT ${lit(spec.name)}, k, ${lit(name)}, false
      FROM (SELECT NULLIF(f[${pos}], '') AS k FROM ${source.relation}) WHERE k IS NOT NULL`);
  } catch {
    await w.con.run(`INSERT INTO _ing_refused_keys VALUES (${lit(spec.name)}, NULL, ${lit(name)}, true)`);
  }
}

/** Fills the errors (loaded files) and warnings (every file read) of the reports from the temporary rejects and warnings (capped per file). */
async function fillEntries(w: Warehouse, todo: Work[]): Promise<void> {
  if (!todo.length) return;
  const ids = todo.map((t) => t.fid).join(', ');
  const pick = (table: string) =>
    queryRows<{ fichier_id: number; ligne: number | null; colonne: string | null; code: RuleCode; message: string }>(
      w.con,
      `
    SELECT fichier_id, ligne, colonne, code, message FROM (
      SELECT *, row_number() OVER (PARTITION BY fichier_id ORDER BY ligne NULLS FIRST, colonne, code) AS rn
      FROM ${table} WHERE fichier_id IN (${ids}))
    WHERE rn <= ${ERRORS_CAP} ORDER BY fichier_id, rn`,
    );
  const byFile = new Map(todo.map((t) => [t.fid, t.report]));
  for (const r of await pick('_ing_rej')) {
    const report = byFile.get(r.fichier_id)!;
    if (report.status === 'loaded') report.errors.push({ line: r.ligne, column: r.colonne, code: r.code, message: r.message });
  }
  for (const r of await pick('_ing_warn')) {
    byFile.get(r.fichier_id)!.warnings.push({ line: r.ligne, column: r.colonne, code: r.code, message: r.message });
  }
}
