// SQL building blocks of the ingest: contract messages as SQL expressions, and the NIR (French
// social security number) detector of the privacy rule.
import { RULE_TEXTS, templateParts } from '../contract/messages.ts';
import type { RuleCode } from '../contract/schema.ts';
import { lit } from '../warehouse/db.ts';

/** A message parameter: plain text (becomes a literal) or an SQL expression. */
export type MessageParam = string | { sql: string };

/** The French message of a rule as an SQL expression, its placeholders filled by literals or SQL expressions. */
export function messageSql(code: RuleCode, params: Readonly<Record<string, MessageParam>>): string {
  const pieces = templateParts(RULE_TEXTS[code].template).map((p) => {
    if ('text' in p) return lit(p.text);
    const v = params[p.param];
    if (v === undefined) return lit('');
    return typeof v === 'string' ? lit(v) : `coalesce(CAST(${v.sql} AS VARCHAR), '')`;
  });
  return pieces.length === 1 ? pieces[0]! : `concat(${pieces.join(', ')})`;
}

// NIR: sex digit, year, month, département (2 digits, 2A or 2B), commune, order, key; any group
// may be followed by a space or a dot. Not preceded nor followed by a digit.
const NIR_BODY = '[0-9][ .]?[0-9]{2}[ .]?[0-9]{2}[ .]?(?:[0-9]{2}|2[ABab])[ .]?[0-9]{3}[ .]?[0-9]{3}[ .]?[0-9]{2}';

/** RE2 pattern: the text holds something shaped like a NIR (the key is checked by nirKeyValidSql). */
export const NIR_PATTERN = `(?:^|[^0-9])${NIR_BODY}(?:[^0-9]|$)`;
/** RE2 pattern capturing (group 1) each NIR-shaped candidate. */
export const NIR_CAPTURE = `(?:^|[^0-9])(${NIR_BODY})(?:[^0-9]|$)`;

/** SQL: true when a NIR-shaped candidate (text matched by NIR_CAPTURE) has a valid key: key = 97 − (13 digits mod 97), 2A/2B counting as 19/18. */
export function nirKeyValidSql(candidate: string): string {
  const d = `upper(regexp_replace(${candidate}, '[ .]', '', 'g'))`;
  const n13 = `replace(replace(${d}[1:13], '2A', '19'), '2B', '18')`;
  return `(97 - CAST(${n13} AS BIGINT) % 97 = CAST(${d}[14:15] AS INTEGER))`;
}
