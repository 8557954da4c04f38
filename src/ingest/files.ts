// The files of an extract: which table each belongs to, and what its bytes are (content hash,
// encoding, quotes, header line), read once as a stream. Windows-1252 files are decoded into a
// temporary UTF-8 copy that DuckDB then reads.
import { createHash } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync, readdirSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { TABLES, type TableName } from '../contract/schema.ts';

/** File format, from the extension. */
export type FileFormat = 'csv' | 'parquet';

/** One entry of the extract folder, classified by name. */
export interface ExtractEntry {
  name: string;
  path: string;
  /** The contract table the name starts with, or null (file ignored). */
  table: TableName | null;
  /** null: an extension the contract does not accept (the file is refused). */
  format: FileFormat | null;
  isFile: boolean;
}

const TABLES_LONGEST_FIRST = [...TABLES].sort((a, b) => b.name.length - a.name.length);

/** The contract table a file name belongs to: the longest table name it starts with, followed by `_`, `-`, `.`, a space or nothing. */
export function tableOfFile(name: string): TableName | null {
  const lower = name.toLowerCase();
  for (const t of TABLES_LONGEST_FIRST) {
    if (lower.startsWith(t.name) && /^([._\- ]|$)/.test(lower.slice(t.name.length))) return t.name;
  }
  return null;
}

/** Format of a file from its extension (`.csv`, `.parquet`), or null. */
export function formatOfFile(name: string): FileFormat | null {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.parquet')) return 'parquet';
  return null;
}

/** Lists an extract folder in name order (code-point order of the names). */
export function listExtract(dir: string): ExtractEntry[] {
  return readdirSync(dir)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => {
      const path = join(dir, name);
      return { name, path, table: tableOfFile(name), format: formatOfFile(name), isFile: statSync(path).isFile() };
    });
}

/** What one streaming read of a file tells: hash, size, encoding and bytes that matter to the CSV reader. */
export interface FileProbe {
  sha256: string;
  size: number;
  utf8: boolean;
  bom: boolean;
  hasQuote: boolean;
  hasNul: boolean;
  /** The unit separator 0x1F, which the line reader uses as its (never present) delimiter. */
  hasUnitSeparator: boolean;
  /** The first bytes of the file (up to 1 MiB), for the header. */
  head: Buffer;
}

const CHUNK = 8 << 20;
const HEAD = 1 << 20;

/** Length of the prefix of `buf` that ends on a complete UTF-8 sequence. */
function completeUtf8Length(buf: Buffer): number {
  for (let i = buf.length - 1; i >= Math.max(0, buf.length - 4); i--) {
    const b = buf[i]!;
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need > buf.length ? i : buf.length;
  }
  return buf.length;
}

/** Reads a file once: SHA-256, UTF-8 validity, BOM, quotes, NUL and 0x1F bytes, first MiB. */
export function probeFile(path: string, opts: { textChecks: boolean }): FileProbe {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let size = 0, utf8 = true, hasQuote = false, hasNul = false, hasUnitSeparator = false;
  let carry = Buffer.alloc(0);
  const heads: Buffer[] = [];
  let headLen = 0;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      const chunk = buf.subarray(0, n);
      hash.update(chunk);
      size += n;
      if (headLen < HEAD) {
        const part = Buffer.from(chunk.subarray(0, HEAD - headLen));
        heads.push(part);
        headLen += part.length;
      }
      if (!opts.textChecks) continue;
      if (!hasQuote && chunk.indexOf(0x22) >= 0) hasQuote = true;
      if (!hasNul && chunk.indexOf(0) >= 0) hasNul = true;
      if (!hasUnitSeparator && chunk.indexOf(0x1f) >= 0) hasUnitSeparator = true;
      if (utf8) {
        const joined = carry.length ? Buffer.concat([carry, chunk]) : chunk;
        const cut = completeUtf8Length(joined);
        if (!isUtf8(joined.subarray(0, cut))) utf8 = false;
        carry = Buffer.from(joined.subarray(cut));
      }
    }
  } finally {
    closeSync(fd);
  }
  if (carry.length) utf8 = false;
  const head = Buffer.concat(heads);
  const bom = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  return { sha256: hash.digest('hex'), size, utf8, bom, hasQuote, hasNul, hasUnitSeparator, head };
}

/** Decodes a Windows-1252 file into a UTF-8 file (streamed; single-byte encoding, so chunks split anywhere). */
export function transcodeWindows1252(from: string, to: string): void {
  const src = openSync(from, 'r');
  const dst = openSync(to, 'w');
  const buf = Buffer.allocUnsafe(CHUNK);
  try {
    for (;;) {
      const n = readSync(src, buf, 0, CHUNK, null);
      if (n === 0) break;
      const out = Buffer.from(iconv.decode(buf.subarray(0, n), 'windows-1252'), 'utf8');
      writeSync(dst, out);
    }
  } finally {
    closeSync(src);
    closeSync(dst);
  }
}

/** The header of a CSV text: its 0-based physical line, its separator and its cells as written. */
export interface CsvHeader {
  row: number;
  separator: ';' | ',';
  names: string[];
}

/** Splits one CSV line on a separator outside double quotes, unquoting cells. */
export function splitCsvLine(line: string, sep: string): string[] {
  const cells: string[] = [];
  let cell = '', inQuotes = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inQuotes) {
      if (ch === '"' && line[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') inQuotes = false;
      else cell += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === sep) { cells.push(cell); cell = ''; }
    else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** Finds the header (first non-blank line) of a CSV text and detects its separator (`;` or `,`, the more frequent outside quotes); `whole`: the text is the whole file, not its first MiB. */
export function readCsvHeader(text: string, whole: boolean): CsvHeader | null {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  // The last piece may be cut by the 1 MiB head: only complete lines count, unless it is the whole text.
  const complete = whole ? lines : lines.slice(0, -1);
  const row = complete.findIndex((l) => l.trim() !== '');
  if (row < 0) return null;
  const line = complete[row]!;
  const outside = line.replace(/"([^"]|"")*"/g, '');
  const semi = outside.split(';').length - 1;
  const comma = outside.split(',').length - 1;
  const separator = comma > semi ? ',' : ';';
  return { row, separator, names: splitCsvLine(line, separator) };
}
