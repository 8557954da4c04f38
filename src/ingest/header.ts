// The header of a file against its table's contract: where each contract column is, which are
// missing, extra, duplicated, or named like a direct identifier (privacy rule).
import { INVISIBLE_CHARS } from '../contract/privacy.ts';
import { IDENTIFIER_COLUMNS, type TableSpec } from '../contract/schema.ts';

const EDGES = new RegExp(`^[\\s${INVISIBLE_CHARS.join('')}]+|[\\s${INVISIBLE_CHARS.join('')}]+$`, 'g');

/** A header cell as compared with the contract: Unicode NFC (macOS writes NFD), trimmed of spaces and invisible spaces, lower case, accents removed. */
export function normaliseColumnName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .normalize('NFC')
    .replace(EDGES, '')
    .toLowerCase();
}

/** A header cell as shown in messages: NFC, trimmed, lower case (accents kept). */
function displayColumnName(name: string): string {
  return name.normalize('NFC').replace(EDGES, '').toLowerCase();
}

/** Lower case, accents removed, every run of other characters turned into `_`. */
function asTokens(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

/** The direct identifier a column name looks like (`Prénom`, `nom_assure`, `NIR`, `date-naissance`…), or null. */
export function identifierLike(name: string): string | null {
  const tokens = asTokens(name);
  const padded = `_${tokens}_`;
  return IDENTIFIER_COLUMNS.find((id) => padded.includes(`_${id}_`)) ?? null;
}

/** Result of checking a header against a table's columns. */
export interface HeaderCheck {
  /** Contract column → 1-based position in the file's records (absent optional columns are not here). */
  positions: Map<string, number>;
  /** Contract columns required (always or conditionally) that the header lacks. */
  missing: string[];
  /** Header cells that are not contract columns (ignored with a warning). */
  extra: string[];
  /** Header cells named like a direct identifier. */
  identifiers: string[];
  /** Header cells present more than once. */
  duplicates: string[];
  /** Cells that name a contract column only once normalised (`Date `, `AXE`, NFD accents): cell as written → column. */
  renamed: { cell: string; column: string }[];
}

/** Compares a file's header cells with the columns of its table. */
export function checkHeader(spec: TableSpec, cells: readonly string[]): HeaderCheck {
  const names = cells.map(normaliseColumnName);
  const known = new Set(spec.columns.map((c) => c.name));
  const positions = new Map<string, number>();
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n) && n !== '') duplicates.add(n);
    seen.add(n);
    if (known.has(n) && !positions.has(n)) positions.set(n, i + 1);
  });
  return {
    positions,
    missing: spec.columns.filter((c) => c.required !== false && !positions.has(c.name)).map((c) => c.name),
    extra: cells.filter((_, i) => !known.has(names[i]!)).map(displayColumnName),
    identifiers: cells.filter((c) => identifierLike(c) !== null).map(displayColumnName),
    duplicates: [...duplicates],
    renamed: cells.map((cell, i) => ({ cell, column: names[i]! })).filter((x) => known.has(x.column) && x.cell !== x.column),
  };
}
