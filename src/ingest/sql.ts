// SQL building blocks of the ingest: contract messages as SQL expressions, and the NIR (French
// social security number) detector of the privacy rule.
import { RULE_TEXTS, templateParts } from '../contract/messages.ts';
import { shownValue, shownValueSql } from '../contract/privacy.ts';
import type { RuleCode } from '../contract/schema.ts';
import { lit } from '../warehouse/db.ts';

/** A message parameter: plain text (becomes a literal) or an SQL expression. */
export type MessageParam = string | { sql: string };

/** The French message of a rule as an SQL expression, its placeholders filled by literals or SQL expressions (needs SHOWN_MACRO_SQL on the connection). */
export function messageSql(code: RuleCode, params: Readonly<Record<string, MessageParam>>): string {
  const pieces = templateParts(RULE_TEXTS[code].template).map((p) => {
    if ('text' in p) return lit(p.text);
    const v = params[p.param];
    if (v === undefined) return lit('');
    // Every parameter, literal or SQL, goes through the privacy rule's masking function.
    return typeof v === 'string' ? lit(shownValue(v)) : `coalesce(${shownValueSql(v.sql)}, '')`;
  });
  return pieces.length === 1 ? pieces[0]! : `concat(${pieces.join(', ')})`;
}

export { NIR_CAPTURE, NIR_PATTERN, nirKeyValidSql } from '../contract/privacy.ts';
