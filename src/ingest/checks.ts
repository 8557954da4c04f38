// Row checks of a table, generated from its contract (src/contract/schema.ts): the typed value
// of each column and the list of per-row problems, each one bit of a BIGINT mask, so that one
// SQL pass over the records computes them all; likewise the normalisations (a value accepted
// once normalised: `1` → `01`, `28.0` → 28, a date with 00:00:00…), counted per file. Cross-row checks (duplicates, parents) are in load.ts.
import { DEPARTEMENTS, codeValues } from '../contract/reference.ts';
import type { ColumnSpec, RuleCode, RuleCondition, TableSpec } from '../contract/schema.ts';
import { ident, lit } from '../warehouse/db.ts';
import { messageSql, type MessageParam } from './sql.ts';
import { MAX_RECORD_BYTES } from './stage.ts';

/** One row check: the bit it sets, the column and rule it names, its condition and message (SQL). */
export interface CheckEntry {
  bit: number;
  column: string | null;
  code: RuleCode;
  /** SQL condition over the checked relation (`_s<i>` text values, `_d<i>` dates as AAAA-MM-JJ, `_a<i>` ambiguous date, typed columns by name, record flags `_nfbad`, `_big`, `_enc`, `_inv`). */
  condition: string;
  /** SQL message over a row of the rejected rows (`_v[i]` text values; `_v[n+1]` fields read, `_v[n+2]` fields expected, `_v[n+3]` bytes). */
  message: string;
}

/** A normalisation applied to a value that still loads: counted per file and column, one warning each (message built from the count). */
interface NoteEntry {
  bit: number;
  column: string | null;
  code: RuleCode;
  condition: string;
}

/** Everything needed to check the rows of one table. */
export interface TablePlan {
  /** `expr AS "column"`: the typed value of each contract column, from `_s<i>` (`_d<i>` for dates). */
  typed: string[];
  /** Row errors; bits 0–2 are the record-level ones (field count, oversized, invalid bytes). */
  errors: CheckEntry[];
  /** Row warnings (the row still loads). */
  warnings: CheckEntry[];
  /** Normalisations, counted per file. */
  notes: NoteEntry[];
}

/** Name of the trimmed text value (NULL when empty) of the i-th contract column in the checked relation. */
export const textCol = (i: number): string => `_s${i}`;
/** Name of the date of the i-th contract column as `AAAA-MM-JJ` text (NULL when not a date in an accepted form). */
export const dateCol = (i: number): string => `_d${i}`;
/** Name of the flag: the i-th contract column holds a `…/…/…` date whose day/month order is ambiguous in its file. */
export const ambiguousCol = (i: number): string => `_a${i}`;

const INT_RE = "'[+-]?[0-9]{1,9}([.,]0+)?'";
const DEC_RE = "'[+-]?[0-9]{1,15}([.,][0-9]+)?'";
/** Texts of NaN and infinities (pandas, numpy, Parquet floats as text). */
const NON_FINITE_TEXTS = ['NaN', 'nan', 'NAN', 'Infinity', '-Infinity', 'inf', '-inf', 'INF', '-INF'];
const nonFinite = (s: string): string => `${s} IN (${NON_FINITE_TEXTS.map(lit).join(', ')})`;

/** Time part accepted after a date: midnight, from Excel or a database export. */
const MIDNIGHT = '(?:[ T]00:00(?::00(?:[.,]0+)?)?)?';
/** RE2: an ISO date, group 1, with an optional midnight time. */
const ISO_DATE_RE = `^([0-9]{4}-[0-9]{2}-[0-9]{2})${MIDNIGHT}$`;
/** RE2: an ISO date and time with a zone (`Z`, `+01:00`, `+01`): an instant, read as its calendar date in Europe/Paris. */
const ISO_ZONED_RE = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]+)?)?(?:Z|[+-][0-9]{2}(?::[0-9]{2})?)$';
/** RE2: a `…/…/AAAA` date (groups 1, 2: the two first numbers; 3: the year), with an optional midnight time. */
export const SLASH_DATE_RE = `^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})${MIDNIGHT}$`;

/** How the `…/…/AAAA` dates of one column of one file are read. */
export type DateOrder = 'day_first' | 'month_first' | 'ambiguous';

/** SQL: the date of text `s` as `AAAA-MM-JJ` text (not yet checked to exist), reading `…/…/AAAA` in `order`. */
export function dateTextSql(s: string, order: DateOrder): string {
  const g = (k: number) => `lpad(regexp_extract(${s}, ${lit(SLASH_DATE_RE)}, ${k}), 2, '0')`;
  const slash =
    order === 'ambiguous'
      ? 'NULL'
      : `concat(regexp_extract(${s}, ${lit(SLASH_DATE_RE)}, 3), '-', ${order === 'day_first' ? `${g(2)}, '-', ${g(1)}` : `${g(1)}, '-', ${g(2)}`})`;
  // The common case first: exactly AAAA-MM-JJ, one regex. A time with its zone (pandas writes a
  // datetime with a zone as `2023-01-16 00:00:00+01:00`) gives the calendar date in Europe/Paris, as in Parquet.
  return `CASE WHEN length(${s}) = 10 AND regexp_full_match(${s}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN ${s}
    WHEN regexp_full_match(${s}, ${lit(ISO_DATE_RE)}) THEN left(${s}, 10)
    WHEN regexp_full_match(${s}, ${lit(SLASH_DATE_RE)}) THEN ${slash}
    WHEN regexp_full_match(${s}, ${lit(ISO_ZONED_RE)}) THEN strftime(CAST(timezone('Europe/Paris', TRY_CAST(${s} AS TIMESTAMPTZ)) AS DATE), '%Y-%m-%d') END`;
}

/** SQL: the typed value of a contract column from its trimmed text `s` (and, for a date, its text `d` from dateTextSql). */
function typedSql(col: ColumnSpec, s: string, d: string): string {
  switch (col.type) {
    case 'int':
      return `CASE WHEN regexp_full_match(${s}, '[+-]?[0-9]{1,9}') THEN CAST(${s} AS INTEGER)
      WHEN regexp_full_match(${s}, ${INT_RE}) THEN TRY_CAST(regexp_extract(${s}, '^[+-]?[0-9]+') AS INTEGER) END`;
    case 'decimal':
      return `CASE WHEN regexp_full_match(${s}, ${DEC_RE}) THEN CAST(replace(${s}, ',', '.') AS DOUBLE) END`;
    case 'date':
      return `TRY_CAST(${d} AS DATE)`;
    case 'departement': {
      // `1` (Excel dropped the zero) and `1.0`, `971.0` (pandas wrote an integer column with a missing value as floats).
      const n = `CASE WHEN regexp_full_match(${s}, '[0-9]{1,3}[.,]0+') THEN regexp_extract(${s}, '^[0-9]+') ELSE ${s} END`;
      return `CASE WHEN regexp_full_match(${n}, '[1-9]') THEN concat('0', ${n}) ELSE ${n} END`;
    }
    default:
      return s;
  }
}

/** French wording of a column's bounds. */
function boundsText(col: ColumnSpec): string {
  if (col.min !== undefined && col.max !== undefined) return `entre ${col.min} et ${col.max}`;
  if (col.min !== undefined) return `d'au moins ${col.min}`;
  return `d'au plus ${col.max}`;
}

const inList = (s: string, values: readonly string[]): string => `${s} IN (${values.map(lit).join(', ')})`;

/** Record-level errors, in precedence order: when one holds, the row gets only that one. */
const RECORD_ERRORS = ['enregistrement_trop_long', 'caractere_invalide', 'nombre_de_champs'] as const;

/** Builds the check plan of a table from its contract. */
export function tablePlan(spec: TableSpec): TablePlan {
  const idx = new Map(spec.columns.map((c, i) => [c.name, i]));
  const s = (name: string): string => textCol(idx.get(name)!);
  const v = (name: string): { sql: string } => ({ sql: `_v[${idx.get(name)! + 1}]` });
  const n = spec.columns.length;
  const cond = (c: RuleCondition): string => ('present' in c ? `${s(c.column)} IS NOT NULL` : `${s(c.column)} = ${lit(c.equals)}`);
  const errors: Omit<CheckEntry, 'bit'>[] = [
    {
      column: null,
      code: 'enregistrement_trop_long',
      condition: '_big',
      message: messageSql('enregistrement_trop_long', { valeur: { sql: `_v[${n + 3}]` }, attendu: String(MAX_RECORD_BYTES) }),
    },
    { column: null, code: 'caractere_invalide', condition: '_enc', message: messageSql('caractere_invalide', { detail: 'UTF-8' }) },
    {
      column: null,
      code: 'nombre_de_champs',
      condition: '_nfbad',
      message: messageSql('nombre_de_champs', { valeur: { sql: `_v[${n + 1}]` }, attendu: { sql: `_v[${n + 2}]` } }),
    },
  ];
  const warnings: Omit<CheckEntry, 'bit'>[] = [];
  const notes: Omit<NoteEntry, 'bit'>[] = [
    { column: null, code: 'espaces_invisibles', condition: '_inv' },
    { column: null, code: 'champs_vides_en_fin', condition: '_trail AND NOT _nfbad' },
  ];
  spec.columns.forEach((col, i) => {
    const si = textCol(i);
    const t = ident(col.name);
    const base = { colonne: col.name, valeur: v(col.name) };
    const add = (code: RuleCode, condition: string, extra: Record<string, MessageParam> = {}) =>
      errors.push({ column: col.name, code, condition, message: messageSql(code, { ...base, ...extra }) });
    if (col.required === true) add('valeur_manquante', `${si} IS NULL`, { detail: 'cette colonne est obligatoire' });
    if (col.type === 'int' || col.type === 'decimal') {
      add('valeur_non_finie', `${si} IS NOT NULL AND ${nonFinite(si)}`);
      add(col.type === 'int' ? 'entier_invalide' : 'nombre_invalide', `${si} IS NOT NULL AND ${t} IS NULL AND NOT ${nonFinite(si)}`);
    }
    if (col.type === 'int')
      notes.push({
        column: col.name,
        code: 'entier_decimal',
        condition: `${t} IS NOT NULL AND (contains(${si}, '.') OR contains(${si}, ','))`,
      });
    if (col.type === 'date') {
      // CASE, not AND: the regex runs only where the file's column is ambiguous.
      const amb = `CASE WHEN ${ambiguousCol(i)} THEN regexp_full_match(${si}, ${lit(SLASH_DATE_RE)}) ELSE false END`;
      add('date_ambigue', `${si} IS NOT NULL AND ${amb}`, {
        detail:
          "dans ce fichier, cette colonne a des dates « …/…/… » impossibles jour en premier et d'autres impossibles mois en premier : l'ordre jour/mois ne peut pas être décidé ; exporter les dates au format AAAA-MM-JJ",
      });
      add('date_invalide', `${si} IS NOT NULL AND ${t} IS NULL AND NOT (${amb})`);
      // A date that loads with more than 10 characters had a midnight time part (dateTextSql).
      const zoned = `regexp_full_match(${si}, ${lit(ISO_ZONED_RE)})`;
      notes.push({
        column: col.name,
        code: 'date_avec_heure',
        condition: `${t} IS NOT NULL AND CASE WHEN length(${si}) > 10 THEN NOT ${zoned} ELSE false END`,
      });
      notes.push({
        column: col.name,
        code: 'date_avec_fuseau',
        condition: `${t} IS NOT NULL AND CASE WHEN length(${si}) > 16 THEN ${zoned} ELSE false END`,
      });
    }
    if (col.type === 'code') {
      const codes = codeValues(col.codes!);
      add('code_inconnu', `${si} IS NOT NULL AND NOT ${inList(si, codes)}`, { attendu: codes.join(', ') });
    }
    if (col.type === 'departement') {
      add(
        'departement_inconnu',
        `${si} IS NOT NULL AND NOT ${inList(
          t,
          DEPARTEMENTS.map((d) => d.departement),
        )}`,
      );
      notes.push({ column: col.name, code: 'departement_complete', condition: `${t} <> ${si}` });
    }
    if (col.min !== undefined || col.max !== undefined) {
      const out = [col.min !== undefined ? `${t} < ${col.min}` : null, col.max !== undefined ? `${t} > ${col.max}` : null]
        .filter(Boolean)
        .join(' OR ');
      add('hors_bornes', `(${out})`, { attendu: boundsText(col) });
    }
  });
  for (const rule of spec.rules) {
    const c = rule.check;
    const si = s(rule.column);
    const t = ident(rule.column);
    const params: Record<string, MessageParam> = { colonne: rule.column, valeur: v(rule.column), detail: rule.description };
    const push = (list: typeof errors, condition: string, p: Record<string, MessageParam> = params) =>
      list.push({ column: rule.column, code: rule.code, condition, message: messageSql(rule.code, p) });
    switch (c.kind) {
      case 'not_before':
        push(errors, `${t} < ${ident(c.other)}`, { ...params, detail: v(c.other) });
        break;
      case 'required_if':
        push(errors, `${cond(c.when)} AND ${si} IS NULL`);
        break;
      case 'empty_unless':
        push(errors, `NOT coalesce(${cond(c.when)}, false) AND ${si} IS NOT NULL`);
        break;
      case 'warn_if_below':
        push(warnings, `coalesce(${cond(c.when)}, false) AND ${t} < ${c.min}`, { ...params, valeur: { sql: `CAST(${t} AS VARCHAR)` } });
        break;
      case 'within_parent':
        break; // needs the parent row: a cross-row check (load.ts)
    }
  }
  if (errors.length > 62 || warnings.length > 62 || notes.length > 62) throw new Error(`trop de contrôles pour la table ${spec.name}`);
  return {
    typed: spec.columns.map((col, i) => `${typedSql(col, textCol(i), dateCol(i))} AS ${ident(col.name)}`),
    errors: errors.map((e, bit) => ({ ...e, bit })),
    warnings: warnings.map((e, bit) => ({ ...e, bit })),
    notes: notes.map((e, bit) => ({ ...e, bit })),
  };
}

/** SQL: the BIGINT mask of the entries whose condition holds; with `recordFirst`, a record-level error (RECORD_ERRORS, in order) masks every other check. */
export function maskSql(entries: readonly Omit<CheckEntry, 'message'>[], recordFirst: boolean): string {
  const record = (code: RuleCode) => recordFirst && (RECORD_ERRORS as readonly string[]).includes(code);
  const terms = entries.filter((e) => !record(e.code)).map((e) => `CASE WHEN ${e.condition} THEN ${2n ** BigInt(e.bit)} ELSE 0 END`);
  const sum = terms.length ? `(${terms.join(' + ')})::BIGINT` : '0::BIGINT';
  if (!recordFirst) return sum;
  const first = RECORD_ERRORS.map((code) => entries.find((e) => e.code === code)!)
    .map((e) => `WHEN ${e.condition} THEN ${2n ** BigInt(e.bit)}::BIGINT`)
    .join(' ');
  return `CASE ${first} ELSE ${sum} END`;
}
