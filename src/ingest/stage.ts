// Reading one file into DuckDB as records: each record has its line number (where it starts in
// the file, header = line 1), its fields as text (`f`, a VARCHAR list, trimmed of spaces and
// invisible spaces) and its text as read.
// CSV: DuckDB reads the physical lines with a delimiter that never occurs, so it neither splits
// nor unquotes; the few lines that open a quoted field without closing it are found in SQL and
// framed in JavaScript (RFC 4180: a quote opens a field only at its start), the lines of such a
// record glued. A header line repeated further down (files joined with `cat`) starts a segment
// read by that header. Parquet: columns are cast to text; the line is the record number + 1.
import type { DuckDBConnection } from '@duckdb/node-api';
import { INVISIBLE_CHARS, maskNirSql } from '../contract/privacy.ts';
import type { ColumnSpec, TableSpec } from '../contract/schema.ts';
import { ident, lit, queryRows } from '../warehouse/db.ts';
import { normaliseColumnName } from './header.ts';
import { NIR_CAPTURE, NIR_PATTERN, nirKeyValidSql } from './sql.ts';
import { SEP_HINT, SEP_HINT_RE, endsInQuotes, fieldsRe, opensQuoteRe, reChar, simplyQuotedRe, splitCsvLine } from './text.ts';

/** A header of the file: the first one, then any repeated further down; rows after it (until the next) are read by it. */
interface Segment {
  /** Line of the header (1-based). */
  line: number;
  cells: string[];
}

/** The records of one file, as an SQL relation. */
export interface Source {
  /**
   * SQL relation with `line` BIGINT, `f` VARCHAR[] (fields in header order, trimmed), `seg`
   * (index of its segment), and flags `nir` (NIR-shaped text), `inv` (a field had invisible
   * spaces around it), `enc` (an invalid byte), `len` (bytes), `sl` and `d0` (has `/`, has `.0`).
   */
  relation: string;
  /** SQL text of the record as read (NIR-shaped runs masked, cut when oversized), over a row of `relation` aliased `alias`. */
  rawOf: (alias: string) => string;
  /** Number of records (blank lines, lines of separators only and repeated headers excluded). */
  rowsRead: number;
  /** Lines of separators only (empty spreadsheet rows), skipped: how many, and the first (CSV). */
  emptyLines?: { count: number; line: number } | null;
  /** Lines where a quote at the start of a field closes nowhere and the line alone is a whole record: the quote read as a character (CSV). */
  literalQuotes?: { count: number; line: number } | null;
  /** Excel `sep=` lines further down (files joined with `cat`), skipped: their 1-based lines (CSV). */
  sepLines?: number[];
  /** Headers: the first, then the repeated ones (CSV). */
  segments: Segment[];
  /** Temporary tables to drop once the table is loaded. */
  temps: string[];
}

/** Longest record accepted, in bytes (UTF-8): a longer one is rejected (enregistrement_trop_long). */
export const MAX_RECORD_BYTES = 1 << 20;
/** How much of an oversized record load_rejects keeps, in characters. */
const KEPT_OF_OVERSIZED = 2000;
/** Longest physical line DuckDB reads at all: beyond, the file is refused. */
const MAX_LINE_BYTES = 64 << 20;

/**
 * Options of DuckDB's reader for physical lines. DuckDB's default longest line (2 MB) is tried first: a
 * larger `max_line_size` makes DuckDB size its buffers by it and read about 4 × slower (entretiens,
 * 7.5 M lines: 0.7 s CPU against 3.3 s), so the long limit is used only for a file that needs it.
 */
const linesOptions = (long: boolean): string =>
  `header = false, columns = {'raw': 'VARCHAR'}, quote = '', escape = '', auto_detect = false, strict_mode = false${long ? `, max_line_size = ${MAX_LINE_BYTES}` : ''}`;

/** DuckDB's error for a line longer than its `max_line_size`. */
const isLineTooLong = (e: unknown): boolean => /maximum line size/i.test((e as Error).message);

const INVISIBLE_NOT_TAB = INVISIBLE_CHARS.filter((c) => c !== '\t');
const INV_CLASS = `[${INVISIBLE_NOT_TAB.map((c) => `\\x{${c.charCodeAt(0).toString(16)}}`).join('')}]`;

/** SQL: trims spaces, tabs (unless the separator) and invisible spaces around every field of list `f0` when the record `raw` has any. */
function trimmedFields(f0: string, raw: string, sep: string, inv: string): string {
  const chars = ` ${sep === '\t' ? '' : '\t'}${INVISIBLE_NOT_TAB.join('')}`;
  const tab = sep === '\t' ? '' : ` OR contains(${raw}, E'\\t')`;
  return `CASE WHEN contains(${raw}, ' ')${tab} OR ${inv} THEN list_transform(${f0}, lambda x: trim(x, ${lit(chars)})) ELSE ${f0} END`;
}

/** SQL: some field of `f0` has an invisible space at either end. */
const edgeInvisible = (f0: string): string =>
  `list_bool_or(list_transform(${f0}, lambda x: regexp_matches(x, ${lit(`^${INV_CLASS}|${INV_CLASS}$`)})))`;

/** A French reason from a DuckDB reading error. */
function readError(e: unknown): string {
  const m = (e as Error).message;
  const line = /Line: (\d+)/.exec(m)?.[1];
  if (isLineTooLong(e)) {
    return `une ligne${line ? ` (vers la ligne ${line})` : ''} dépasse ${MAX_LINE_BYTES / 2 ** 20} Mio : ce n'est pas un tableau lisible`;
  }
  return `lecture impossible${line ? ` vers la ligne ${line}` : ''} (${m.split('\n')[0]})`;
}

/** Result of staging: the records, or why the file cannot be read (with its records counted; -1: not counted). */
export type Staged = { source: Source } | { error: string; rowsRead: number };

/** What the byte scan of a text file (FileProbe) lets the staging skip: a per-line flag is computed only when it can be true. */
export interface TextTraits {
  hasQuote: boolean;
  /** Not pure ASCII: invisible spaces may be there. */
  maybeInvisible: boolean;
  /** Invalid bytes were replaced by U+FFFD (TextPlan.invalidBytes). */
  invalidBytes: boolean;
  hasSlash: boolean;
  hasDot0: boolean;
  /** Has a space or a tab (else no field needs trimming, unless invisible spaces). */
  hasBlank: boolean;
  /** May hold a NIR-shaped run (FileProbe.maybeNir): else no line is searched for one. */
  maybeNir: boolean;
}

/**
 * Stages a UTF-8 CSV file. `headerRow`: 0-based physical line of the header; `header`: its cells;
 * `contractNames`: the table's column names (to find repeated headers); `delimiter`: a byte the
 * file does not hold (DuckDB splits on it, so never).
 */
export async function stageCsv(
  con: DuckDBConnection,
  key: string,
  path: string,
  sep: string,
  headerRow: number,
  header: string[],
  traits: TextTraits,
  contractNames: readonly string[],
  delimiter: string,
): Promise<Staged> {
  const lines = `_ing_l${key}`;
  const spans = `_ing_s${key}`;
  const hasQuote = traits.hasQuote;
  // Flags stored per line only when the file may need them (a national file in ASCII stores none).
  const flags = [
    hasQuote ? `contains(raw, '"') AS q` : null,
    traits.maybeInvisible ? `regexp_matches(raw, ${lit(INV_CLASS)}) AS inv` : null,
    traits.invalidBytes ? `contains(raw, '\uFFFD') AS enc` : null,
  ].filter(Boolean);
  const nir = traits.maybeNir ? `regexp_matches(raw, ${lit(NIR_PATTERN)})` : 'false';
  const read = (long: boolean) =>
    con.run(`CREATE OR REPLACE TEMP TABLE ${lines} AS SELECT raw, ${nir} AS nir${flags.map((f) => `, ${f}`).join('')}
      FROM read_csv(${lit(path)}, ${linesOptions(long)}, delim = ${lit(delimiter)})`);
  try {
    await read(false).catch((e: unknown) => {
      if (isLineTooLong(e)) return read(true);
      throw e;
    });
  } catch (e) {
    return { error: readError(e), rowsRead: -1 };
  }
  const nonBlank = async (extra = ''): Promise<number> => {
    const [{ n }] = (await queryRows<{ n: number }>(con, `SELECT count(raw) AS n FROM ${lines} WHERE rowid > ${headerRow} ${extra}`)) as [
      { n: number },
    ];
    return n;
  };

  // 1. Framing: spans of physical lines that form one record (a quoted field across line ends).
  await con.run(`CREATE TEMP TABLE ${spans} (r BIGINT, a BIGINT)`);
  let literalQuotes: Source['literalQuotes'] = null;
  if (hasQuote) {
    const framed = await frame(con, lines, headerRow, sep, header.length);
    if (framed.spans.length) {
      for (let i = 0; i < framed.spans.length; i += 5000) {
        const part = framed.spans
          .slice(i, i + 5000)
          .map(([a, b]) => `(${a}, ${b})`)
          .join(', ');
        await con.run(`INSERT INTO ${spans} SELECT unnest(range(a, b + 1)), a FROM (VALUES ${part}) t(a, b)`);
      }
    }
    if (framed.literal.length) {
      literalQuotes = { count: framed.literal.length, line: framed.literal[0]! + 1 };
      await con.run(`UPDATE ${lines} SET q = false WHERE rowid IN (${framed.literal.join(', ')})`);
    }
    if (framed.broken !== null) {
      const glued = await nonBlank(`AND rowid IN (SELECT r FROM ${spans} WHERE r <> a)`);
      return {
        error:
          `les guillemets ne permettent pas de découper le fichier en enregistrements à partir de la ligne ${framed.broken + 1} : ` +
          `un champ y commence par un guillemet qui ${framed.reason}. Un champ qui contient le séparateur, un guillemet ou un retour à la ligne doit être ` +
          `entièrement entre guillemets, ses guillemets doublés (""), et un guillemet au milieu d'un champ est lu tel quel`,
        rowsRead: (await nonBlank()) - glued,
      };
    }
  }

  // 2. Headers repeated further down (files joined with `cat`): a line that names a column in one of its first three cells (an
  // anchored pattern: cheap on every line; the other file may have an extra column first), then checked cell by cell.
  const known = new Set([...contractNames, ...header.map(normaliseColumnName)].filter((n) => n !== ''));
  const names = [...known].map((n) => n.replace(/[|\\.^$*+?()[\]{}]/g, (c) => `\\${c}`)).join('|');
  const headerLike = await queryRows<{ r: number; raw: string }>(
    con,
    `SELECT rowid AS r, raw FROM ${lines}
    WHERE rowid > ${headerRow} AND (regexp_matches(raw, ${lit(`(?i)^(?:[^${reChar(sep)}]*${reChar(sep)}){0,2}[\\s"\\x{FEFF}]*(?:${names})[\\s"]*(?:${reChar(sep)}|$)`)})
      OR regexp_full_match(raw, ${lit(SEP_HINT_RE)})) ORDER BY rowid`,
  );
  const segments: Segment[] = [{ line: headerRow + 1, cells: header }];
  // Excel's `sep=` line of a file joined further down (`cat` of Excel CSVs): not a record, skipped like the first one.
  const sepLines = headerLike.filter((h) => SEP_HINT.test(h.raw)).map((h) => h.r);
  for (const h of headerLike) {
    if (sepLines.includes(h.r)) continue;
    // A header: at least two cells name columns, and they are at least half of the filled cells (the other file may have extra columns).
    const cells = splitCsvLine(h.raw, sep);
    const filled = cells.map(normaliseColumnName).filter((c) => c !== '');
    const named = filled.filter((c) => known.has(c)).length;
    if (named >= 2 && named * 2 >= filled.length) segments.push({ line: h.r + 1, cells });
  }
  const headerRows = segments.slice(1).map((s) => s.line - 1);
  const notHeader = headerRows.length || sepLines.length ? `AND rowid NOT IN (${[...headerRows, ...sepLines].join(', ')})` : '';
  const seg = headerRows.length ? headerRows.map((r) => `(line > ${r + 1})::INTEGER`).join(' + ') : '0';

  // 3. Records: every line outside a span, plus one glued record per span; then their fields.
  const hasSpans = (await queryRows(con, `SELECT 1 FROM ${spans} LIMIT 1`)).length > 0;
  const q = hasQuote ? 'q' : 'false';
  const inv = traits.maybeInvisible ? 'inv' : 'false';
  const enc = traits.invalidBytes ? 'enc' : 'false';
  // A line of separators only (an empty spreadsheet row: `;;;;`) holds no record: skipped like a blank line, counted for a warning.
  const empty = `CASE WHEN left(raw, 1) IN (${lit(sep)}, ' ', '"', E'\\t') THEN regexp_full_match(raw, ${lit(`[${reChar(sep)} \\t"]*`)}) ELSE false END`;
  const cols = `raw, nir, ${q} AS q, ${inv} AS inv, ${enc} AS enc, ${empty} AS so`;
  const lined = hasSpans
    ? `(SELECT rowid + 1 AS line, ${cols} FROM ${lines} WHERE rowid > ${headerRow} AND raw IS NOT NULL ${notHeader} AND rowid NOT IN (SELECT r FROM ${spans})
        UNION ALL
        SELECT m.a + 1 AS line, string_agg(coalesce(l.raw, ''), E'\\n' ORDER BY m.r) AS raw, bool_or(l.nir), ${hasQuote ? 'bool_or(l.q)' : 'false'},
          ${traits.maybeInvisible ? 'bool_or(l.inv)' : 'false'}, ${traits.invalidBytes ? 'bool_or(l.enc)' : 'false'}, false
        FROM ${spans} m JOIN ${lines} l ON l.rowid = m.r GROUP BY m.a)`
    : `(SELECT rowid + 1 AS line, ${cols} FROM ${lines} WHERE rowid > ${headerRow} AND raw IS NOT NULL ${notHeader})`;
  const records = `(SELECT * FROM ${lined} WHERE NOT so)`;
  const s = lit(sep);
  const unquote = `lambda x: CASE WHEN starts_with(x, '"') THEN concat(replace(regexp_extract(x, '(?s)^"((?:[^"]|"")*)"', 1), '""', '"'), regexp_extract(x, '(?s)^"(?:[^"]|"")*"(.*)$', 1)) ELSE x END`;
  const f0 = hasQuote
    ? `CASE WHEN NOT q THEN string_split(raw, ${s})
        WHEN regexp_full_match(raw, ${lit(simplyQuotedRe(sep))}) THEN string_split(replace(raw, '"', ''), ${s})
        ELSE list_transform(regexp_extract_all(raw, ${lit(fieldsRe(sep))}, 1), ${unquote}) END`
    : `string_split(raw, ${s})`;
  const [{ n, e, eline }] = (await queryRows<{ n: number; e: number; eline: number | null }>(
    con,
    `SELECT count(*) FILTER (WHERE NOT so) AS n, count(*) FILTER (WHERE so) AS e, min(line) FILTER (WHERE so) AS eline FROM ${lined}`,
  )) as [{ n: number; e: number; eline: number | null }];
  return {
    source: {
      rowsRead: n,
      emptyLines: e ? { count: e, line: eline! } : null,
      sepLines: sepLines.map((r) => r + 1),
      literalQuotes,
      segments,
      temps: [lines, spans],
      relation: `(SELECT line, raw, ${traits.hasBlank || traits.maybeInvisible ? trimmedFields('f0', 'raw', sep, 'inv') : 'f0'} AS f, CASE WHEN inv THEN ${edgeInvisible('f0')} ELSE false END AS inv, nir, enc,
          strlen(raw) AS len, ${traits.hasSlash ? `contains(raw, '/')` : 'false'} AS sl, ${traits.hasDot0 ? `contains(raw, '.0')` : 'false'} AS d0, ${seg} AS seg
        FROM (SELECT *, ${f0} AS f0 FROM ${records}))`,
      rawOf: (a) =>
        maskNirSql(`CASE WHEN ${a}.len > ${MAX_RECORD_BYTES} THEN concat(left(${a}.raw, ${KEPT_OF_OVERSIZED}), '…') ELSE ${a}.raw END`),
    },
  };
}

/** Index of the quote that closes a quoted field continued from the line before (`""` is a quote inside), or -1. */
function closingQuote(line: string): number {
  for (let i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 2)) {
    if (line[i + 1] !== '"') return i;
  }
  return -1;
}

/**
 * True when a line, its quotes read as characters, has `fields` fields, one of which is a quote
 * alone (`"`: the ditto mark), and every other field that starts with a quote is properly quoted.
 */
function dittoOnly(line: string, sep: string, fields: number): boolean {
  const cells = line.split(sep).map((c) => c.trim());
  if (cells.length !== fields || !cells.includes('"')) return false;
  return cells.every((c) => c === '"' || !c.startsWith('"') || /^"(?:[^"]|"")*"[^"]*$/.test(c));
}

/** Lines fetched from DuckDB for the framing, by 0-based physical line. */
async function fetchLines(con: DuckDBConnection, lines: string, from: number, to: number): Promise<Map<number, string | null>> {
  const rows = await queryRows<{ r: number; raw: string | null }>(
    con,
    `SELECT rowid AS r, raw FROM ${lines} WHERE rowid BETWEEN ${from} AND ${to}`,
  );
  return new Map(rows.map((x) => [x.r, x.raw]));
}

/**
 * Frames the records that span lines: starting from each line that opens a quoted field without
 * closing it, glues the following lines until the field closes. A record so glued must have the
 * header's number of fields, and none of the lines it glues may have a whole record's number of
 * separators (it would be a record swallowed); otherwise, or when the file ends inside quotes,
 * framing breaks at that line. Returns the spans (first, last 0-based line) and the break.
 */
async function frame(
  con: DuckDBConnection,
  lines: string,
  headerRow: number,
  sep: string,
  fields: number,
): Promise<{ spans: [number, number][]; literal: number[]; broken: number | null; reason: string }> {
  const starts = await queryRows<{ r: number }>(
    con,
    `SELECT rowid AS r FROM ${lines}
    WHERE rowid > ${headerRow} AND q AND regexp_full_match(raw, ${lit(opensQuoteRe(sep))}) ORDER BY rowid`,
  );
  const spans: [number, number][] = [];
  const literal: number[] = [];
  if (!starts.length) return { spans, literal, broken: null, reason: '' };
  const [{ last }] = (await queryRows<{ last: number }>(con, `SELECT count(*) - 1 AS last FROM ${lines}`)) as [{ last: number }];
  let cache = new Map<number, string | null>();
  const line = async (r: number): Promise<string> => {
    if (!cache.has(r)) cache = await fetchLines(con, lines, r, r + 4095);
    return cache.get(r) ?? '';
  };
  let consumed = -1;
  for (const { r: start } of starts) {
    if (start <= consumed) continue;
    const first = await line(start);
    if (!endsInQuotes(first, sep, false)) continue;
    let r = start,
      text = first,
      open = true,
      recordLike = -1,
      reason = '';
    while (open) {
      if (r + 1 > last) {
        reason = "n'est jamais refermé avant la fin du fichier";
        break;
      }
      r++;
      const next = await line(r);
      text += `\n${next}`;
      open = endsInQuotes(next, sep, true);
      // A line whose part inside the quotes has a whole record's separators is a record the quote would swallow.
      const inside = next.slice(0, closingQuote(next) < 0 ? next.length : closingQuote(next));
      if (recordLike < 0 && inside.split(sep).length >= fields) recordLike = r;
    }
    if (!reason && recordLike >= 0)
      reason = `n'est refermé que ligne ${r + 1}, ce qui avalerait la ligne ${recordLike + 1} qui a la forme d'un enregistrement`;
    const glued = reason ? 0 : splitCsvLine(text, sep).length;
    if (!reason && glued !== fields)
      reason = `n'est refermé que ligne ${r + 1}, ce qui ferait un enregistrement de ${glued} champs au lieu de ${fields}`;
    if (!reason) {
      spans.push([start, r]);
      consumed = r;
    } else if (dittoOnly(first, sep, fields)) {
      // A field that is a quote alone (the ditto mark « idem » of a spreadsheet) opens nothing that closes, and the line alone is a whole record: the quote is a character.
      literal.push(start);
    } else {
      return { spans, literal, broken: start, reason };
    }
  }
  return { spans, literal, broken: null, reason: '' };
}

/** Column names and DuckDB types of a Parquet file, or an error. */
export async function parquetColumns(con: DuckDBConnection, path: string): Promise<{ name: string; type: string }[] | { error: string }> {
  try {
    const rows = await queryRows<{ column_name: string; column_type: string }>(con, `DESCRIBE SELECT * FROM read_parquet(${lit(path)})`);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  } catch (e) {
    return { error: `ce n'est pas un fichier Parquet lisible (${(e as Error).message.split('\n')[0]})` };
  }
}

/** Texts of the non-finite doubles, as a CSV would carry them (rejected by the checks of numeric columns). */
const NON_FINITE = (c: string) => `CASE WHEN isnan(${c}) THEN 'NaN' WHEN ${c} > 0 THEN 'Infinity' ELSE '-Infinity' END`;

/**
 * SQL text of a Parquet value, shaped as the CSV reader would see it for its contract column:
 * a timestamp with a time zone gives its calendar date in Europe/Paris (whatever the host's zone),
 * one without gives its date; a float that is integral is written as an integer (an id or an
 * int stored as float by pandas); NaN is missing in a text column (pandas' missing value) and
 * `NaN` / `Infinity` in a numeric one (rejected there).
 */
function parquetText(column: string, type: string, spec: ColumnSpec | undefined): string {
  const c = ident(column);
  if (type === 'TIMESTAMP WITH TIME ZONE') return `strftime(CAST(timezone('Europe/Paris', ${c}) AS DATE), '%Y-%m-%d')`;
  if (/^(DATE|TIMESTAMP)/.test(type)) return `strftime(CAST(${c} AS DATE), '%Y-%m-%d')`;
  if (/^(FLOAT|DOUBLE)/.test(type)) {
    const finite = `CASE WHEN ${c} = trunc(${c}) AND abs(${c}) < 1e15 THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
    const numeric = spec?.type === 'int' || spec?.type === 'decimal';
    return `CASE WHEN ${c} IS NULL THEN NULL WHEN isfinite(${c}) THEN ${finite} WHEN isnan(${c}) AND ${!numeric} THEN NULL ELSE ${NON_FINITE(c)} END`;
  }
  if (/^DECIMAL/.test(type)) {
    return `CASE WHEN ${c} = trunc(${c}) THEN CAST(CAST(${c} AS HUGEINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
  }
  return `CAST(${c} AS VARCHAR)`;
}

/** Stages a Parquet file: nothing is copied, the relation reads the file. */
export async function stageParquet(
  con: DuckDBConnection,
  path: string,
  columns: { name: string; type: string }[],
  spec: TableSpec,
  names: string[],
): Promise<Source> {
  const byName = new Map(spec.columns.map((c) => [c.name, c]));
  const fields = columns.map((c, i) => parquetText(c.name, c.type, byName.get(names[i]!)));
  const [{ n }] = (await queryRows<{ n: number }>(con, `SELECT count(*) AS n FROM read_parquet(${lit(path)})`)) as [{ n: number }];
  const chars = ` \t${INVISIBLE_NOT_TAB.join('')}`;
  return {
    rowsRead: n,
    temps: [],
    segments: [{ line: 1, cells: columns.map((c) => c.name) }],
    relation: `(SELECT file_row_number + 2 AS line, list_transform(f0, lambda x: trim(x, ${lit(chars)})) AS f, ${edgeInvisible('f0')} AS inv,
        regexp_matches(array_to_string(f0, E'\\x1F'), ${lit(NIR_PATTERN)}) AS nir, contains(array_to_string(f0, ''), '\uFFFD') AS enc,
        0 AS len, true AS sl, true AS d0, 0 AS seg
      FROM (SELECT file_row_number, [${fields.join(', ')}] AS f0 FROM read_parquet(${lit(path)}, file_row_number = true)))`,
    rawOf: (a) => maskNirSql(`CAST(json_object(${columns.map((c, i) => `${lit(c.name)}, ${a}.f[${i + 1}]`).join(', ')}) AS VARCHAR)`),
  };
}

/** Columns (1-based field positions in the record's segment) holding a NIR with a valid key, with the first line where each occurs. */
export async function findNir(con: DuckDBConnection, source: Source): Promise<{ position: number; seg: number; line: number }[]> {
  return queryRows<{ position: number; seg: number; line: number }>(
    con,
    `
    WITH c AS (SELECT line, seg, f, unnest(regexp_extract_all(array_to_string(f, E'\\x1F'), ${lit(NIR_CAPTURE)}, 1)) AS cand
               FROM ${source.relation} WHERE nir),
    v AS (SELECT line, seg, list_filter(range(1, len(f) + 1), lambda i: contains(f[i], cand)) AS positions FROM c WHERE ${nirKeyValidSql('cand')})
    SELECT position, seg, min(line) AS line FROM (SELECT line, seg, unnest(positions) AS position FROM v) GROUP BY position, seg ORDER BY line`,
  );
}
