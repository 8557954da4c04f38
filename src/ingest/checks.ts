// Row checks of a table, generated from its contract (src/contract/schema.ts): the typed value
// of each column and the list of per-row problems, each one bit of a BIGINT mask, so that one
// SQL pass over the records computes them all. Cross-row checks (duplicates, parents) are in load.ts.
import { DEPARTEMENTS, codeValues } from '../contract/reference.ts';
import type { ColumnSpec, RuleCode, RuleCondition, TableSpec } from '../contract/schema.ts';
import { ident, lit } from '../warehouse/db.ts';
import { messageSql, type MessageParam } from './sql.ts';

/** One row check: the bit it sets, the column and rule it names, its condition and message (SQL). */
export interface CheckEntry {
  bit: number;
  column: string | null;
  code: RuleCode;
  /** SQL condition over the checked relation (`_s<i>` text values, typed columns by name). */
  condition: string;
  /** SQL message over a row of the rejected rows (`_v[i]` text values; `_v[n+1]` fields read, `_v[n+2]` fields expected). */
  message: string;
}

/** Everything needed to check the rows of one table. */
export interface TablePlan {
  /** `expr AS "column"`: the typed value of each contract column, from `_s<i>`. */
  typed: string[];
  /** Row errors; bit 0 is the field count. */
  errors: CheckEntry[];
  /** Row warnings (the row still loads). */
  warnings: CheckEntry[];
}

/** Name of the trimmed text value (NULL when empty) of the i-th contract column in the checked relation. */
export const textCol = (i: number): string => `_s${i}`;

const INT_RE = "'[+-]?[0-9]{1,9}'";
const DEC_RE = "'[+-]?[0-9]{1,15}([.,][0-9]+)?'";

/** SQL: the typed value of a contract column from its trimmed text `s`. */
export function typedSql(col: ColumnSpec, s: string): string {
  switch (col.type) {
    case 'int': return `CASE WHEN regexp_full_match(${s}, ${INT_RE}) THEN CAST(${s} AS INTEGER) END`;
    case 'decimal': return `CASE WHEN regexp_full_match(${s}, ${DEC_RE}) THEN CAST(replace(${s}, ',', '.') AS DOUBLE) END`;
    case 'date':
      return `CASE WHEN regexp_full_match(${s}, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN TRY_CAST(${s} AS DATE)`
        + ` WHEN regexp_full_match(${s}, '[0-9]{2}/[0-9]{2}/[0-9]{4}') THEN TRY_CAST(concat(${s}[7:10], '-', ${s}[4:5], '-', ${s}[1:2]) AS DATE) END`;
    default: return s;
  }
}

/** French wording of a column's bounds. */
function boundsText(col: ColumnSpec): string {
  if (col.min !== undefined && col.max !== undefined) return `entre ${col.min} et ${col.max}`;
  if (col.min !== undefined) return `d'au moins ${col.min}`;
  return `d'au plus ${col.max}`;
}

const inList = (s: string, values: readonly string[]): string => `${s} IN (${values.map(lit).join(', ')})`;

/** Builds the check plan of a table from its contract. */
export function tablePlan(spec: TableSpec): TablePlan {
  const idx = new Map(spec.columns.map((c, i) => [c.name, i]));
  const s = (name: string): string => textCol(idx.get(name)!);
  const v = (name: string): { sql: string } => ({ sql: `_v[${idx.get(name)! + 1}]` });
  const n = spec.columns.length;
  const cond = (c: RuleCondition): string => ('present' in c ? `${s(c.column)} IS NOT NULL` : `${s(c.column)} = ${lit(c.equals)}`);
  const errors: Omit<CheckEntry, 'bit'>[] = [{
    column: null, code: 'nombre_de_champs', condition: '_nfbad',
    message: messageSql('nombre_de_champs', { valeur: { sql: `_v[${n + 1}]` }, attendu: { sql: `_v[${n + 2}]` } }),
  }];
  const warnings: Omit<CheckEntry, 'bit'>[] = [];
  spec.columns.forEach((col, i) => {
    const si = textCol(i);
    const t = ident(col.name);
    const base = { colonne: col.name, valeur: v(col.name) };
    const add = (code: RuleCode, condition: string, extra: Record<string, string> = {}) =>
      errors.push({ column: col.name, code, condition, message: messageSql(code, { ...base, ...extra }) });
    if (col.required === true) add('valeur_manquante', `${si} IS NULL`, { detail: 'cette colonne est obligatoire' });
    if (col.type === 'int') add('entier_invalide', `${si} IS NOT NULL AND ${t} IS NULL`);
    if (col.type === 'decimal') add('nombre_invalide', `${si} IS NOT NULL AND ${t} IS NULL`);
    if (col.type === 'date') add('date_invalide', `${si} IS NOT NULL AND ${t} IS NULL`);
    if (col.type === 'code') {
      const codes = codeValues(col.codes!);
      add('code_inconnu', `${si} IS NOT NULL AND NOT ${inList(si, codes)}`, { attendu: codes.join(', ') });
    }
    if (col.type === 'departement') add('departement_inconnu', `${si} IS NOT NULL AND NOT ${inList(si, DEPARTEMENTS.map((d) => d.departement))}`);
    if (col.min !== undefined || col.max !== undefined) {
      const out = [col.min !== undefined ? `${t} < ${col.min}` : null, col.max !== undefined ? `${t} > ${col.max}` : null].filter(Boolean).join(' OR ');
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
      case 'not_before': push(errors, `${t} < ${ident(c.other)}`, { ...params, detail: v(c.other) }); break;
      case 'required_if': push(errors, `${cond(c.when)} AND ${si} IS NULL`); break;
      case 'empty_unless': push(errors, `NOT coalesce(${cond(c.when)}, false) AND ${si} IS NOT NULL`); break;
      case 'warn_if_below': push(warnings, `coalesce(${cond(c.when)}, false) AND ${t} < ${c.min}`, { ...params, valeur: { sql: `CAST(${t} AS VARCHAR)` } }); break;
      case 'within_parent': break; // needs the parent row: a cross-row check (load.ts)
    }
  }
  if (errors.length > 62 || warnings.length > 62) throw new Error(`trop de contrôles pour la table ${spec.name}`);
  return {
    typed: spec.columns.map((col, i) => `${typedSql(col, textCol(i))} AS ${ident(col.name)}`),
    errors: errors.map((e, bit) => ({ ...e, bit })),
    warnings: warnings.map((e, bit) => ({ ...e, bit })),
  };
}

/** SQL: the BIGINT mask of the entries whose condition holds (a wrong field count masks every other check). */
export function maskSql(entries: readonly CheckEntry[], fieldCountBit: boolean): string {
  const terms = entries.filter((e) => !(fieldCountBit && e.code === 'nombre_de_champs'))
    .map((e) => `CASE WHEN ${e.condition} THEN ${2n ** BigInt(e.bit)} ELSE 0 END`);
  const sum = terms.length ? `(${terms.join(' + ')})::BIGINT` : '0::BIGINT';
  return fieldCountBit ? `CASE WHEN _nfbad THEN 1::BIGINT ELSE ${sum} END` : sum;
}
