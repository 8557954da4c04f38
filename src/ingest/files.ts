// The files of an extract: which table each belongs to (by name, folded if need be), and what
// their bytes are (content hash, UTF-8 validity, quotes, line ends), read once as a stream.
// Decoding and rewriting are in text.ts.
import { createHash } from 'node:crypto';
import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { maskNir } from '../contract/privacy.ts';
import { TABLES, type TableName } from '../contract/schema.ts';
import { PROVENANCE_FILE } from '../warehouse/provenance.ts';

/** File format, from the extension: CSV-like text (`.csv`, `.txt`, `.tsv`), Parquet, Excel workbook (`.xlsx`). */
type FileFormat = 'csv' | 'parquet' | 'xlsx';

/** One entry of the extract folder, classified by name. */
export interface ExtractEntry {
  /** The file name as shown (report, messages, load tables): NIR-shaped runs masked (privacy rule). */
  name: string;
  path: string;
  /** The contract table the name starts with, or null (file ignored). */
  table: TableName | null;
  /** The name matched only once folded (accents, case, spaces): a warning says so. */
  folded: boolean;
  /** null: an extension the contract does not accept (the file is refused). */
  format: FileFormat | null;
  isFile: boolean;
}

const TABLES_LONGEST_FIRST = [...TABLES].sort((a, b) => b.name.length - a.name.length);

/** A name folded for matching: accents removed, lower case, runs of spaces and hyphens as `_`. */
export function foldName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[\s\u00A0\u202F-]+/g, '_');
}

/** The table a name starts with (longest first), followed by `_`, `-`, `.`, a space or nothing. */
function tableByPrefix(name: string): TableName | null {
  for (const t of TABLES_LONGEST_FIRST) {
    if (name.startsWith(t.name) && /^([._\- ]|$)/.test(name.slice(t.name.length))) return t.name;
  }
  return null;
}

/**
 * The contract table a file name belongs to: the longest table name it starts with, followed by
 * `_`, `-`, `.`, a space or nothing; failing that, the same once accents, case and spaces are
 * folded (`Préconisations 2024.csv` → preconisations, `folded` true).
 */
export function tableOfFile(name: string): { table: TableName; folded: boolean } | null {
  const exact = tableByPrefix(name.toLowerCase());
  if (exact) return { table: exact, folded: name.slice(0, exact.length) !== exact };
  const folded = tableByPrefix(foldName(name));
  return folded ? { table: folded, folded: true } : null;
}

/** Format of a file from its extension, or null. */
function formatOfFile(name: string): FileFormat | null {
  const lower = name.toLowerCase();
  if (/\.(csv|txt|tsv)$/.test(lower)) return 'csv';
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  return null;
}

/** Lists an extract folder in name order (code-point order of the names), the provenance manifest left out. */
export function listExtract(dir: string): ExtractEntry[] {
  return readdirSync(dir)
    .filter((name) => name !== PROVENANCE_FILE)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => {
      const path = join(dir, name);
      const isFile = statSync(path).isFile();
      const match = isFile ? tableOfFile(name) : null;
      return { name: maskNir(name), path, table: match?.table ?? null, folded: match?.folded ?? false, format: formatOfFile(name), isFile };
    });
}

/** What one streaming read of a file tells: hash, size, encoding and bytes that matter to the CSV reader. */
export interface FileProbe {
  sha256: string;
  size: number;
  /** The whole file is valid UTF-8. */
  utf8: boolean;
  hasQuote: boolean;
  hasNul: boolean;
  /** The unit separator 0x1F, which the line reader uses as its (never present) delimiter. */
  hasUnitSeparator: boolean;
  /** Number of CR bytes, and of CR bytes followed by LF. */
  crCount: number;
  crlfCount: number;
  /** The file ends with Ctrl-Z (0x1A), possibly followed by line ends. */
  endsWithSub: boolean;
  /** Every byte is ASCII (then no invisible space nor accented character can be there). */
  ascii: boolean;
  /** The file has a `/` (dates …/…/…), and `.0` (integers written as decimals): else the per-column decisions are skipped. */
  hasSlash: boolean;
  hasDot0: boolean;
  /** The file has a space or a tab. */
  hasBlank: boolean;
  /** The file has a run of at least NIR_MIN_DIGITS digits broken only by what a NIR may hold (else no line can hold a NIR). */
  maybeNir: boolean;
  /** The first bytes of the file (up to 1 MiB), for the header. */
  head: Buffer;
}

const CHUNK = 8 << 20;
const HEAD = 1 << 20;

/** Fewest digits of a NIR-shaped run (15 digits, one of which may be the A or B of Corsica's 2A/2B). */
const NIR_MIN_DIGITS = 14;
/** Per byte: 1 a digit, 2 another byte a NIR-shaped run may hold (A, B, a, b, space, dot, the UTF-8 bytes of U+00A0 and U+202F), 0 any other. */
const NIR_BYTE = new Uint8Array(256);
for (let b = 0x30; b <= 0x39; b++) NIR_BYTE[b] = 1;
for (const b of [0x41, 0x42, 0x61, 0x62, 0x20, 0x2e, 0xc2, 0xa0, 0xe2, 0x80, 0xaf]) NIR_BYTE[b] = 2;

/**
 * Scans `chunk` for a run that could be a NIR (privacy.ts NIR_BODY): a maximal sequence of bytes of
 * NIR_BYTE (1 or 2) holding at least NIR_MIN_DIGITS digits. `digits`: the digits of the run the
 * previous chunk ended in (0 if none); returns the digits of the run this chunk ends in, or -1 when
 * such a run was seen.
 * A run with NIR_MIN_DIGITS digits is at least NIR_MIN_DIGITS bytes long, so it holds one of every
 * NIR_MIN_DIGITS-th byte: only those are looked at, and a run only when one of them falls in it
 * (about 3 × faster than looking at every byte of a national file, whose ids are runs of digits).
 */
export function nirRun(chunk: Uint8Array, digits: number): number {
  const n = chunk.length;
  // The run continued from the previous chunk.
  let i = 0,
    d = digits;
  for (; i < n; i++) {
    const k = NIR_BYTE[chunk[i]!]!;
    if (k === 0) break;
    if (k === 1 && ++d >= NIR_MIN_DIGITS) return -1;
  }
  if (i === n) return d;
  // `i`: a byte outside every run; any run after it long enough holds a sampled byte.
  for (let q = i + NIR_MIN_DIGITS; q < n; q += NIR_MIN_DIGITS) {
    if (NIR_BYTE[chunk[q]!] === 0) continue;
    let a = q;
    while (a > i + 1 && NIR_BYTE[chunk[a - 1]!] !== 0) a--;
    let b = q,
      run = 0;
    for (; b < n; b++) {
      const k = NIR_BYTE[chunk[b]!]!;
      if (k === 0) break;
      if (k === 1) run++;
    }
    for (let j = a; j < q; j++) if (NIR_BYTE[chunk[j]!] === 1) run++;
    if (run >= NIR_MIN_DIGITS) return -1;
    if (b === n) return run;
    i = b;
    q = b;
  }
  // The run this chunk ends in (shorter than a sampling step when no sampled byte fell in it).
  let tail = 0;
  for (let j = n - 1; j > i && NIR_BYTE[chunk[j]!] !== 0; j--) if (NIR_BYTE[chunk[j]!] === 1) tail++;
  return tail >= NIR_MIN_DIGITS ? -1 : tail;
}

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

/** Reads a file once: SHA-256, UTF-8 validity, quotes, NUL, 0x1F and CR bytes, a final Ctrl-Z, first MiB (only the hash and head unless `textChecks`). */
export function probeFile(path: string, opts: { textChecks: boolean }): FileProbe {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let size = 0,
    utf8 = true,
    hasQuote = false,
    hasNul = false,
    hasUnitSeparator = false,
    crCount = 0,
    crlfCount = 0;
  let ascii = true,
    hasSlash = false,
    hasDot0 = false,
    lastDot = false,
    hasBlank = false,
    maybeNir = false,
    nirDigits = 0;
  let carry = Buffer.alloc(0);
  let lastCr = false; // the previous chunk ended with CR
  let tail = Buffer.alloc(0);
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
      if (lastCr && chunk[0] === 0x0a) crlfCount++;
      if (!hasQuote && chunk.indexOf(0x22) >= 0) hasQuote = true;
      if (!hasNul && chunk.indexOf(0) >= 0) hasNul = true;
      if (!hasUnitSeparator && chunk.indexOf(0x1f) >= 0) hasUnitSeparator = true;
      if (ascii && !isAscii(chunk)) ascii = false;
      if (!hasSlash && chunk.indexOf(0x2f) >= 0) hasSlash = true;
      if (!hasBlank && (chunk.indexOf(0x20) >= 0 || chunk.indexOf(0x09) >= 0)) hasBlank = true;
      if (!hasDot0 && ((lastDot && chunk[0] === 0x30) || chunk.indexOf('.0') >= 0)) hasDot0 = true;
      lastDot = chunk[n - 1] === 0x2e;
      if (!maybeNir) {
        nirDigits = nirRun(chunk, nirDigits);
        maybeNir = nirDigits < 0;
      }
      for (let i = chunk.indexOf(0x0d); i >= 0; i = chunk.indexOf(0x0d, i + 1)) {
        crCount++;
        if (chunk[i + 1] === 0x0a) crlfCount++;
      }
      lastCr = chunk[n - 1] === 0x0d;
      tail = Buffer.from(chunk.subarray(Math.max(0, n - 16)));
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
  // Ctrl-Z (0x1A), the end-of-file mark of old DOS/Windows tools, is a control character on purpose.
  // eslint-disable-next-line no-control-regex
  const endsWithSub = /\x1A[\r\n]*$/.test(tail.toString('latin1'));
  return {
    sha256: hash.digest('hex'),
    size,
    utf8,
    hasQuote,
    hasNul,
    hasUnitSeparator,
    crCount,
    crlfCount,
    endsWithSub,
    ascii,
    hasSlash,
    hasDot0,
    hasBlank,
    maybeNir: maybeNir || !opts.textChecks,
    head: Buffer.concat(heads),
  };
}

/** Number of non-blank physical lines (LF, CRLF or CR) of a text file, streamed: the records of a file whose reading failed, header included. */
export function countTextLines(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let count = 0,
    inLine = false;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i]!;
        if (b === 0x0a || b === 0x0d) {
          if (inLine) count++;
          inLine = false;
        } else if (b !== 0x20 && b !== 0x09 && b !== 0x00) inLine = true;
      }
    }
  } finally {
    closeSync(fd);
  }
  return count + (inLine ? 1 : 0);
}
