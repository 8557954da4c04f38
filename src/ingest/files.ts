// The files of an extract: which table each belongs to (by name, folded if need be), and what
// their bytes are (content hash, UTF-8 validity, quotes, line ends), read once as a stream.
// Decoding and rewriting are in text.ts.
import { createHash } from 'node:crypto';
import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, existsSync, lstatSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { maskNir } from '../contract/privacy.ts';
import { TABLES, type TableName } from '../contract/schema.ts';
import { PROVENANCE_FILE } from '../warehouse/provenance.ts';

/** File format: CSV-like text, Parquet, Excel workbook (`.xlsx`), or a gzip stream (decompressed, then read by its content). */
export type FileFormat = 'csv' | 'parquet' | 'xlsx' | 'gzip';

/** What the first bytes of a file say it is. */
type Content = 'empty' | 'parquet' | 'zip' | 'ods' | 'ole2' | 'gzip' | 'markup' | 'json' | 'text';

/** One entry of the extract folder, classified by name and content. */
export interface ExtractEntry {
  /** The file name as shown (report, messages, load tables), `dossier/partie` for a file of a folder: NIR-shaped runs masked (privacy rule). */
  name: string;
  path: string;
  /** The contract table the name starts with, or null (file or folder ignored). */
  table: TableName | null;
  /** The name matched only once folded (accents, case, spaces): a warning says so. */
  folded: boolean;
  /** The format of its content (what it is read as), or null: not one the contract reads. */
  format: FileFormat | null;
  /** Why a file of a table is not read (its content or its extension), with advice; null when it is read. */
  refusal: string | null;
  /** The extension says another format than the content: the extension as written and the content's format (a warning). */
  mismatch: { extension: string; content: FileFormat } | null;
  /** A file of a folder read as a dataset (pandas, pyarrow, Spark): the folder as shown, its path, how many data files it has. */
  dataset: { folder: string; root: string; files: number } | null;
  isFile: boolean;
  /** A folder not read: the files under it whose records can be counted, and why it is not read. */
  inner: { path: string; format: FileFormat | null }[];
  ignoredBecause: string | null;
}

/** The contract's table names, for messages. */
export const TABLE_NAMES = TABLES.map((t) => t.name).join(', ');

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
function formatOfName(name: string): FileFormat | null {
  const lower = name.toLowerCase();
  if (/\.(csv|txt|tsv)$/.test(lower)) return 'csv';
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.xlsx')) return 'xlsx';
  if (lower.endsWith('.gz')) return 'gzip';
  return null;
}

/** The extension of a file name as written (`.xlsx`), or '' when it has none. */
function extensionOf(name: string): string {
  return /\.[^./\\]{1,12}$/.exec(name)?.[0] ?? '';
}

/** What the first bytes of `head` say the file is (magic bytes; a zip whose first entry is an OpenDocument `mimetype` is .ods). */
function contentOf(head: Buffer): Content {
  if (head.length === 0) return 'empty';
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    return head.subarray(0, 200).toString('latin1').includes('application/vnd.oasis.opendocument') ? 'ods' : 'zip';
  }
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) return 'ole2';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  // An HTML table or an Excel 2003 XML sheet saved as `.xls` by old exports.
  const start = head
    .subarray(0, 512)
    .toString('latin1')
    .replace(/^\uFEFF|^\xEF\xBB\xBF/, '')
    .trimStart()
    .toLowerCase();
  if (/^<(!doctype html|html|table|\?xml)/.test(start)) return 'markup';
  // A JSON document or JSON lines (an object, or an array of objects, arrays or nothing): not a table of lines and fields.
  if (/^(\{\s*("|\})|\[\s*(\{|\[|\]))/.test(start)) return 'json';
  return 'text';
}

/** The first `n` bytes of a file (none when it cannot be opened: reading it later says why). */
export function headBytes(path: string, n: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const buf = Buffer.alloc(n);
    return buf.subarray(0, readSync(fd, buf, 0, n, 0));
  } catch {
    return Buffer.alloc(0);
  } finally {
    closeSync(fd);
  }
}

/** What a path is: a regular file, a folder, or anything else (a broken link, a pipe…), never opened. */
function kindOf(path: string): 'file' | 'folder' | 'other' {
  try {
    const st = statSync(path);
    return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
  } catch {
    return 'other';
  }
}

/** Other formats recognised by their first bytes, refused: what they are and what to do. */
const OTHER_FORMATS: { magic: Buffer; what: string; advice: string }[] = [
  {
    magic: Buffer.from('PARE'),
    what: 'un fichier Parquet chiffré',
    advice: "il ne se lit pas sans sa clé ; l'exporter sans chiffrement",
  },
  {
    magic: Buffer.from('ARROW1'),
    what: 'un fichier Arrow IPC / Feather',
    advice: "l'écrire en Parquet (pandas : df.to_parquet(chemin, index=False))",
  },
  { magic: Buffer.from('ORC'), what: 'un fichier ORC', advice: "l'écrire en Parquet ou en CSV" },
  { magic: Buffer.from([0x4f, 0x62, 0x6a, 0x01]), what: 'un fichier Avro', advice: "l'écrire en Parquet ou en CSV" },
  { magic: Buffer.from('SQLite format 3\0'), what: 'une base SQLite', advice: 'en exporter chaque table en CSV ou en Parquet' },
  { magic: Buffer.from('%PDF'), what: 'un document PDF', advice: 'remettre le fichier de données (CSV, Parquet ou .xlsx)' },
  { magic: Buffer.from('BZh'), what: 'un fichier compressé bzip2', advice: "le décompresser dans le dossier de l'extrait" },
  {
    magic: Buffer.from([0x28, 0xb5, 0x2f, 0xfd]),
    what: 'un fichier compressé zstd',
    advice: "le décompresser dans le dossier de l'extrait",
  },
  {
    magic: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]),
    what: 'un fichier compressé xz',
    advice: "le décompresser dans le dossier de l'extrait",
  },
  {
    magic: Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]),
    what: 'une archive 7-Zip',
    advice: "la décompresser dans le dossier de l'extrait",
  },
];

/** A format as the messages name it. */
export const CONTENT_FR: Record<FileFormat, string> = {
  csv: 'du texte délimité (CSV)',
  parquet: 'un fichier Parquet',
  xlsx: 'un classeur Excel .xlsx',
  gzip: 'un fichier compressé gzip',
};

/** Extensions of spreadsheets the contract does not read (a file so named is one the producer meant as a workbook). */
const SPREADSHEET_EXT = /\.(xls|xlsm|xlsb|ods)$/i;

const XLS_ADVICE = 'enregistrer le classeur au format .xlsx, ou chaque feuille en CSV UTF-8';
const ODS_ADVICE = 'dans LibreOffice, « Enregistrer sous » .xlsx, ou chaque feuille en CSV UTF-8';

/**
 * How a file is read: its content decides (Parquet `PAR1`, zip `PK\x03\x04` = workbook, gzip,
 * else text), whatever its extension; a legacy workbook (.xls, .ods, .xlsb), an archive (.zip)
 * or an HTML/XML page is refused with advice. `mismatch` when the extension says otherwise.
 */
export function classify(name: string, head: Buffer, inDataset = false): Pick<ExtractEntry, 'format' | 'refusal' | 'mismatch'> {
  const byName = formatOfName(name);
  const ext = extensionOf(name);
  const lower = ext.toLowerCase();
  // An extension of no data format (`.bak`, `.old`, `.json`…) says the file is not meant as data: refused, its records counted by its
  // content; but in a dataset folder the writer names the parts (Spark, Hive: `part-00000`, `….c000`).
  const meant = inDataset || byName !== null || SPREADSHEET_EXT.test(lower) || lower === '';
  const read = (format: FileFormat) =>
    meant
      ? { format, refusal: null, mismatch: byName === format ? null : { extension: ext, content: format } }
      : { format, refusal: `${unsupported(ext)} ; son contenu est ${CONTENT_FR[format]}`, mismatch: null };
  const refused = (refusal: string) => ({ format: null, refusal, mismatch: null });
  const other = OTHER_FORMATS.find((f) => head.subarray(0, f.magic.length).equals(f.magic));
  if (other) return refused(`c'est ${other.what}, pas un tableau CSV, Parquet ou .xlsx ; ${other.advice}`);
  switch (contentOf(head)) {
    case 'empty':
      return byName ? { format: byName, refusal: null, mismatch: null } : refused(unsupported(ext));
    case 'parquet':
      return read('parquet');
    case 'gzip':
      return read('gzip');
    case 'ole2':
      return refused(`c'est un classeur Excel 97-2003 (.xls, format binaire), que le chargement ne lit pas ; ${XLS_ADVICE}`);
    case 'ods':
      return refused(`c'est un classeur OpenDocument (.ods), que le chargement ne lit pas ; ${ODS_ADVICE}`);
    case 'zip':
      if (lower === '.zip')
        return refused("c'est une archive .zip ; la décompresser dans le dossier de l'extrait (chaque fichier y est alors lu)");
      if (lower === '.xlsb') return refused(`c'est un classeur Excel binaire (.xlsb), que le chargement ne lit pas ; ${XLS_ADVICE}`);
      return read('xlsx');
    case 'markup':
      return refused(
        "c'est une page HTML ou XML (export « Excel » de certains logiciels), pas un tableau CSV, Parquet ou .xlsx ; l'ouvrir dans Excel ou LibreOffice et l'enregistrer au format .xlsx ou CSV UTF-8",
      );
    case 'json':
      return refused(
        "c'est un document JSON, pas un tableau CSV, Parquet ou .xlsx ; une table de l'extrait s'exporte en CSV UTF-8 ou en Parquet (pandas : df.to_csv ou df.to_parquet)",
      );
    case 'text':
      return read('csv');
  }
}

/** Why a file with an unknown extension and no content is refused. */
function unsupported(ext: string): string {
  const lower = ext.toLowerCase();
  const advice = /^\.(xls|xlsm|xlsb)$/.test(lower) ? ` ; ${XLS_ADVICE}` : lower === '.ods' ? ` ; ${ODS_ADVICE}` : '';
  return `format non pris en charge (fichiers .csv, .txt, .tsv, .parquet ou .xlsx attendus)${advice}`;
}

/** Files of a folder that a writer leaves beside the data (Hadoop's hidden files: `_SUCCESS`, `_common_metadata`, `.crc`, `_delta_log`…). */
const isMarker = (name: string): boolean => name.startsWith('_') || name.startsWith('.') || name.toLowerCase().endsWith('.crc');

/** Every file under a folder (markers and hidden folders left out), as paths relative to it (`/`), in name order. */
function filesUnder(dir: string, rel = ''): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(join(dir, rel)).sort(byCodePoint);
  } catch {
    return out;
  }
  for (const name of names) {
    if (isMarker(name)) continue;
    const r = rel ? `${rel}/${name}` : name;
    const kind = kindOf(join(dir, r));
    // A link to a folder is not followed (it may loop, or lead outside the dataset).
    if (kind === 'folder' && !isLink(join(dir, r))) out.push(...filesUnder(dir, r));
    else if (kind === 'file') out.push(r);
  }
  return out;
}

/** The path is a symbolic link. */
function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A file of the extract (at its root, or `rel` under a folder read as a dataset), classified. */
function fileEntry(path: string, shown: string, table: { table: TableName; folded: boolean } | null, inDataset = false): ExtractEntry {
  const kind = classify(shown.slice(shown.lastIndexOf('/') + 1), headBytes(path, 512), inDataset);
  return {
    name: maskNir(shown),
    path,
    table: table?.table ?? null,
    folded: table?.folded ?? false,
    ...kind,
    dataset: null,
    isFile: true,
    inner: [],
    ignoredBecause: null,
  };
}

/**
 * The entries of one folder of the extract. A folder named after a table (`entretiens.parquet/`,
 * `entretiens/`, as pandas, pyarrow and Spark write a table) is read as that table's files: every
 * file under it, partition folders (`annee=2024/`) included, markers left out; a file of it whose
 * own name starts with another table's name belongs to that table. Any other folder is ignored.
 */
function folderEntries(dir: string, name: string): ExtractEntry[] {
  const path = join(dir, name);
  const match = tableOfFile(name);
  const files = filesUnder(path);
  const ignored = (because: string): ExtractEntry =>
    ignoredEntry(
      path,
      name,
      because,
      files.map((f) => {
        const p = join(path, f);
        return { path: p, format: classify(f, headBytes(p, 512), true).format };
      }),
    );
  if (existsSync(join(path, '_delta_log')))
    return [ignored("c'est une table Delta Lake (dossier _delta_log), qui n'est pas lue ; l'exporter en Parquet ou en CSV")];
  if (!match) return [ignored(`c'est un dossier dont le nom ne commence par aucun nom de table du contrat (${TABLE_NAMES})`)];
  if (!files.length) return [ignored("c'est un dossier sans fichier de données")];
  return files.map((f) => {
    const own = tableOfFile(f.slice(f.lastIndexOf('/') + 1));
    const entry = fileEntry(join(path, f), `${name}/${f}`, own && own.table !== match.table ? own : match, true);
    // A part without a format's extension (Spark, Hive: `part-00000`, `….c000`) is usual in a dataset: no warning.
    const mismatch = entry.mismatch && formatOfName(f) === null && !SPREADSHEET_EXT.test(f) ? null : entry.mismatch;
    return { ...entry, mismatch, dataset: { folder: maskNir(name), root: path, files: files.length } };
  });
}

/** An entry of the extract that is not read (`inner`: the files of an ignored folder, whose records are counted). */
function ignoredEntry(path: string, name: string, because: string, inner: ExtractEntry['inner']): ExtractEntry {
  return {
    name: maskNir(name),
    path,
    table: null,
    folded: false,
    format: null,
    refusal: null,
    mismatch: null,
    dataset: null,
    isFile: false,
    inner,
    ignoredBecause: because,
  };
}

/** An entry that is neither a file nor a folder (a broken link, a pipe): ignored, never opened. */
function otherEntry(path: string, name: string): ExtractEntry {
  return ignoredEntry(path, name, "ce n'est ni un fichier ni un dossier lisible (lien symbolique cassé, tube…)", []);
}

/** Lists an extract folder in name order (code-point order of the names), the provenance manifest left out; a folder named after a table gives its files. */
export function listExtract(dir: string): ExtractEntry[] {
  return readdirSync(dir)
    .filter((name) => name !== PROVENANCE_FILE)
    .sort(byCodePoint)
    .flatMap((name) => {
      const path = join(dir, name);
      const kind = kindOf(path);
      if (kind === 'folder') return folderEntries(dir, name);
      if (kind === 'other') return [otherEntry(path, name)];
      return [fileEntry(path, name, tableOfFile(name))];
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
 * (about 3 × faster than looking at every byte of a national file, whose ids are runs of digits);
 * a run is walked back only as far as NIR_MIN_DIGITS bytes, so a shorter one (an id) costs its own length once.
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
    let b = q + 1;
    while (b < n && NIR_BYTE[chunk[b]!] !== 0) b++;
    // Back to the run's start, but only as far as a run of NIR_MIN_DIGITS bytes needs: a shorter run (most ids) is left there.
    let a = q;
    while (a > i + 1 && NIR_BYTE[chunk[a - 1]!] !== 0 && (b - a < NIR_MIN_DIGITS || b === n)) a--;
    if (b - a >= NIR_MIN_DIGITS || b === n) {
      while (a > i + 1 && NIR_BYTE[chunk[a - 1]!] !== 0) a--;
      let run = 0;
      for (let j = a; j < b; j++) if (NIR_BYTE[chunk[j]!] === 1) run++;
      if (run >= NIR_MIN_DIGITS) return -1;
      if (b === n) return run;
    }
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
