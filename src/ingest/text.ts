// Text files as institutions write them (Excel on Windows and Mac, LibreOffice, pandas, `cat`):
// which encoding (UTF-8 with or without BOM, Windows-1252, ISO-8859-15, UTF-16 with BOM), which
// line ends (LF, CRLF, CR alone), Excel's `sep=` line, a Ctrl-Z at the end; a file that DuckDB
// cannot read as is gets one streamed rewrite into UTF-8 with LF line ends (never otherwise).
// Also the one CSV grammar of the ingest (RFC 4180: a quote opens a field only at its start),
// in JavaScript (header, framing of records that span lines) and as RE2 patterns (stage.ts).
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import iconv from 'iconv-lite';
import type { FileProbe } from './files.ts';

/** An encoding the ingest decodes. */
type TextEncoding = 'utf-8' | 'windows-1252' | 'iso-8859-15' | 'utf-16le' | 'utf-16be';

/** How a text file is read: its encoding, and whether it must be rewritten before DuckDB reads it. */
export interface TextPlan {
  encoding: TextEncoding;
  /** French label stored in load_files.encodage. */
  label: string;
  /** Some bytes are not valid in the encoding (UTF-8 kept): their lines are rejected (caractere_invalide). */
  invalidBytes: boolean;
  /** CR-only or mixed line ends: rewritten to LF. */
  fixLineEnds: boolean;
  /** A Ctrl-Z (0x1A) ends the file: dropped. */
  trailingSub: boolean;
  /** The file is rewritten (UTF-8, LF) into a temporary copy that DuckDB reads. */
  rewrite: boolean;
}

/** Number of well-formed multi-byte UTF-8 sequences and of invalid bytes in a buffer. */
function utf8Evidence(buf: Buffer): { multi: number; invalid: number } {
  let multi = 0,
    invalid = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b < 0x80) continue;
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    let ok = need > 0 && i + need < buf.length + 1;
    for (let k = 1; ok && k <= need; k++) ok = i + k < buf.length && (buf[i + k]! & 0xc0) === 0x80;
    if (ok) {
      multi++;
      i += need;
    } else invalid++;
  }
  return { multi, invalid };
}

/** Bytes where ISO-8859-15 and Windows-1252 differ in a way that matters for French text (€ œ Œ Ÿ Š š Ž ž). */
const LATIN9_ONLY = [0xa4, 0xa6, 0xa8, 0xb4, 0xb8, 0xbc, 0xbd, 0xbe];

/** UTF-16 without BOM: ASCII text has a NUL in every other byte. */
function utf16Without(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(head.length & ~1, 4096);
  if (n < 16) return null;
  let evenNul = 0,
    oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenNul++;
    if (head[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul >= pairs * 0.8 && evenNul === 0) return 'utf-16le';
  if (evenNul >= pairs * 0.8 && oddNul === 0) return 'utf-16be';
  return null;
}

/**
 * Decides how to read a text file from its probe. UTF-16 by its BOM (or, without one, by the NUL
 * of every other byte); UTF-8 when valid, or when it has a BOM or mostly valid multi-byte
 * sequences (then the invalid bytes are flagged line by line); otherwise a single-byte
 * encoding: Windows-1252, or ISO-8859-15 when no byte 0x80–0x9F is present but a byte where the
 * two differ is (€ is 0xA4 in ISO-8859-15, 0x80 in Windows-1252).
 */
export function textPlan(p: FileProbe): TextPlan {
  const h = p.head;
  const lineEnds = p.crCount === 0 || p.crCount === p.crlfCount ? false : true;
  const base = { invalidBytes: false, fixLineEnds: lineEnds, trailingSub: p.endsWithSub };
  const done = (encoding: TextEncoding, label: string, extra: Partial<TextPlan> = {}): TextPlan => {
    const plan = { ...base, encoding, label, rewrite: false, ...extra };
    plan.rewrite = plan.encoding !== 'utf-8' || plan.invalidBytes || plan.fixLineEnds || plan.trailingSub;
    return plan;
  };
  if (h[0] === 0xff && h[1] === 0xfe) return done('utf-16le', 'UTF-16 LE (BOM)', { fixLineEnds: true });
  if (h[0] === 0xfe && h[1] === 0xff) return done('utf-16be', 'UTF-16 BE (BOM)', { fixLineEnds: true });
  const bom = h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf;
  if (!bom && p.hasNul) {
    const u16 = utf16Without(h);
    if (u16) return done(u16, u16 === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE', { fixLineEnds: true });
  }
  if (p.utf8) return done('utf-8', bom ? 'UTF-8 (BOM)' : 'UTF-8');
  const ev = utf8Evidence(h);
  if (bom || ev.multi > ev.invalid) return done('utf-8', `${bom ? 'UTF-8 (BOM)' : 'UTF-8'}, octets invalides`, { invalidBytes: true });
  const c1 = h.some((b) => b >= 0x80 && b <= 0x9f);
  if (!c1 && LATIN9_ONLY.some((b) => h.includes(b))) return done('iso-8859-15', 'ISO-8859-15');
  return done('windows-1252', 'Windows-1252');
}

const CHUNK = 8 << 20;

/**
 * Rewrites a text file as UTF-8 with LF line ends (streamed): decodes it (invalid UTF-8 bytes
 * become U+FFFD), turns CR and CRLF into LF when the plan says so, drops the BOM and a final
 * Ctrl-Z. Returns whether the result holds NUL or 0x1F characters.
 */
export function rewriteText(from: string, to: string, plan: TextPlan): { hasNul: boolean; hasUnitSeparator: boolean } {
  const src = openSync(from, 'r');
  const dst = openSync(to, 'w');
  const decoder = iconv.getDecoder(plan.encoding, { stripBOM: true });
  const buf = Buffer.allocUnsafe(CHUNK);
  let hasNul = false,
    hasUnitSeparator = false;
  let pending = ''; // held back: a final CR (its LF may start the next chunk) or Ctrl-Z characters
  const emit = (text: string, last: boolean): void => {
    let s = pending + text;
    pending = '';
    if (plan.fixLineEnds) {
      if (!last && s.endsWith('\r')) {
        pending = '\r';
        s = s.slice(0, -1);
      }
      s = s.replace(/\r\n?/g, '\n');
    }
    // Ctrl-Z (0x1A) at the end: the end-of-file mark of old DOS/Windows tools.
    // eslint-disable-next-line no-control-regex
    const sub = /\x1A+\s*$/.exec(s);
    if (sub) {
      s = s.slice(0, sub.index);
      if (!last) pending = sub[0] + pending;
    }
    if (!hasNul && s.includes('\0')) hasNul = true;
    if (!hasUnitSeparator && s.includes('\x1F')) hasUnitSeparator = true;
    if (s) writeSync(dst, Buffer.from(s, 'utf8'));
  };
  try {
    for (;;) {
      const n = readSync(src, buf, 0, CHUNK, null);
      if (n === 0) break;
      emit(decoder.write(buf.subarray(0, n)), false);
    }
    emit(decoder.end() ?? '', true);
  } finally {
    closeSync(src);
    closeSync(dst);
  }
  return { hasNul, hasUnitSeparator };
}

/** Separators the ingest detects: `;` `,` tab `|`. */
const SEPARATORS = [';', ',', '\t', '|'] as const;

/** The header of a CSV text: its 0-based physical line, its separator and its cells as written (unquoted). */
export interface CsvHeader {
  row: number;
  separator: string;
  names: string[];
  /** Excel's `sep=X` first line, when there is one: its 0-based line and text. */
  hint: { row: number; text: string } | null;
  /** Non-blank lines before the header that are not the `sep=` line (a title, an extraction date…): skipped, their text kept for the privacy check. */
  before: { row: number; text: string }[];
}

/** How far down a header is looked for when the first line names no column of the table (a title, an extraction date above it). */
const HEADER_SEARCH_LINES = 20;

/** Excel's separator hint, `sep=;` (possibly quoted, possibly followed by separators). */
export const SEP_HINT = /^\uFEFF?\s*"?sep=(.)"?\s*[;,\t|]*\s*$/i;
/** SEP_HINT as an RE2 pattern (full match; a BOM first when files with one were joined with `cat`). */
export const SEP_HINT_RE = '(?i)\\x{FEFF}?\\s*"?sep=."?\\s*[;,\\t|]*\\s*';

/** Splits a text into physical lines the way DuckDB does (LF, CRLF or CR alone). */
const physicalLines = (text: string): string[] => text.split(/\r\n|\r|\n/);

/** Splits one CSV record on a separator (RFC 4180: a quote opens a field only at its start; after the closing quote, any text up to the separator is kept as is). */
export function splitCsvLine(line: string, sep: string): string[] {
  const cells: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (line[i] === '"') {
      i++;
      for (; i < line.length; i++) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            cell += '"';
            i++;
          } else {
            i++;
            break;
          }
        } else cell += line[i];
      }
    }
    const end = line.indexOf(sep, i);
    cell += line.slice(i, end < 0 ? line.length : end);
    cells.push(cell);
    if (end < 0) return cells;
    i = end + sep.length;
  }
}

/**
 * Where a physical line leaves the quoting state, per RFC 4180: `inQuotes` true when the line
 * starts inside a quoted field (continued from the line before). Returns true when the line ends
 * inside a quoted field.
 */
export function endsInQuotes(line: string, sep: string, inQuotes: boolean): boolean {
  let i = 0;
  let fieldStart = !inQuotes;
  let quoted = inQuotes;
  while (i < line.length) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') i += 2;
        else {
          quoted = false;
          fieldStart = false;
          i++;
        }
      } else i++;
    } else if (fieldStart && ch === '"') {
      quoted = true;
      fieldStart = false;
      i++;
    } else if (ch === sep) {
      fieldStart = true;
      i++;
    } else {
      fieldStart = false;
      i++;
    }
  }
  return quoted;
}

/** Escapes a separator for an RE2 pattern. */
export const reChar = (c: string): string => (c === '\t' ? '\\t' : /[|\\.^$*+?()[\]{}]/.test(c) ? `\\${c}` : c);

/** RE2 pattern: a physical line that, read from outside quotes, ends inside a quoted field (a superset: the framing in stage.ts decides). */
export function opensQuoteRe(sep: string): string {
  const s = reChar(sep);
  const field = `(?:"(?:[^"]|"")*"[^${s}]*|[^"${s}][^${s}]*|)`;
  return `(?:${field}${s})*"(?:[^"]|"")*`;
}

/** RE2 pattern of regexp_extract_all (group 1): the fields of a record, quoted or not, as in splitCsvLine. */
export function fieldsRe(sep: string): string {
  const s = reChar(sep);
  return `(?s)(?:^|${s})("(?:[^"]|"")*"[^${s}]*|[^${s}]*)`;
}

/** RE2 pattern: a record whose every field is either unquoted without quote, or wholly quoted with neither quote nor separator inside. */
export function simplyQuotedRe(sep: string): string {
  const s = reChar(sep);
  const field = `(?:"[^"${s}]*"|[^"${s}]*)`;
  return `${field}(?:${s}${field})*`;
}

/**
 * Finds the header of a CSV text (the first non-blank line after an optional Excel `sep=` line)
 * and its separator (the hint's, else the most frequent of SEPARATORS outside quotes, `;` on a
 * tie); `whole`: the text is the whole file, not its first MiB.
 */
export function readCsvHeader(text: string, whole: boolean, isColumn: (cell: string) => boolean = () => false): CsvHeader | null {
  const lines = physicalLines(text.replace(/^\uFEFF/, ''));
  const complete = whole ? lines : lines.slice(0, -1);
  let row = complete.findIndex((l) => l.trim() !== '');
  if (row < 0) return null;
  let hint: CsvHeader['hint'] = null;
  let separator: string | null = null;
  const m = SEP_HINT.exec(complete[row]!);
  if (m) {
    hint = { row, text: complete[row]!.trim() };
    separator = m[1]!;
    const next = complete.findIndex((l, i) => i > row && l.trim() !== '');
    if (next < 0) return null;
    row = next;
  }
  const sepOf = (line: string): string => {
    if (separator) return separator;
    const outside = line.replace(/"([^"]|"")*"/g, '');
    let best = 0,
      found = ';';
    for (const s of SEPARATORS) {
      const count = outside.split(s).length - 1;
      if (count > best) {
        best = count;
        found = s;
      }
    }
    return found;
  };
  // A header names at least two columns of the table; when the first line does not, the first of the next lines that does is the header.
  const names = (r: number): number => splitCsvLine(complete[r]!, sepOf(complete[r]!)).filter(isColumn).length;
  const before: CsvHeader['before'] = [];
  if (names(row) < 2) {
    const later = complete.findIndex((l, i) => i > row && i <= row + HEADER_SEARCH_LINES && l.trim() !== '' && names(i) >= 2);
    if (later > 0) {
      for (let i = row; i < later; i++) if (complete[i]!.trim() !== '') before.push({ row: i, text: complete[i]! });
      row = later;
    }
  }
  const line = complete[row]!;
  separator = sepOf(line);
  return { row, separator, names: splitCsvLine(line, separator), hint, before };
}
