// The privacy rule of the contract, as code: what a NIR (French social security number) looks
// like, and the one masking function every data value goes through before it is shown anywhere
// (report, load_rejects, load_warnings, the site). Two forms of the same rule: JavaScript (for
// messages built in TypeScript) and SQL (for messages and records built in DuckDB).

/** An SQL string literal (local: the contract layer does not depend on the warehouse). */
const lit = (value: string): string => `'${value.replaceAll("'", "''")}'`;

// NIR: sex digit, year, month, département (2 digits, 2A or 2B), commune, order, key; any group
// may be followed by a space, a dot or a (narrow) no-break space. Not preceded nor followed by a digit.
const G = '[ .\u00A0\u202F]?';
const NIR_BODY = `[0-9]${G}[0-9]{2}${G}[0-9]{2}${G}(?:[0-9]{2}|2[ABab])${G}[0-9]{3}${G}[0-9]{3}${G}[0-9]{2}`;

/** RE2 pattern: the text holds something shaped like a NIR (the key is checked by nirKeyValidSql). */
export const NIR_PATTERN = `(?:^|[^0-9])${NIR_BODY}(?:[^0-9]|$)`;
/** RE2 pattern capturing (group 1) each NIR-shaped candidate. */
export const NIR_CAPTURE = `(?:^|[^0-9])(${NIR_BODY})(?:[^0-9]|$)`;

/** SQL: true when a NIR-shaped candidate (text matched by NIR_CAPTURE) has a valid key: key = 97 − (13 digits mod 97), 2A/2B counting as 19/18. */
export function nirKeyValidSql(candidate: string): string {
  const d = `upper(regexp_replace(${candidate}, '[^0-9ABab]', '', 'g'))`;
  const n13 = `replace(replace(${d}[1:13], '2A', '19'), '2B', '18')`;
  return `(97 - CAST(${n13} AS BIGINT) % 97 = CAST(${d}[14:15] AS INTEGER))`;
}

/** What replaces a NIR-shaped value (valid key or not) wherever a value is shown. */
export const NIR_MASK = '[NIR masqué]';

/**
 * Invisible or look-alike-space characters: tab, no-break spaces (U+00A0, U+202F), the
 * typographic spaces U+2000–U+200A, zero-width characters (U+200B–U+200D, U+2060, U+FEFF),
 * line and paragraph separators, U+205F, U+3000, U+180E. Trimmed around values like spaces;
 * shown as `[U+XXXX]` inside a value quoted in a message.
 */
export const INVISIBLE_CHARS: readonly string[] = [
  '\t',
  '\u00A0',
  '\u180E',
  ...Array.from({ length: 14 }, (_, i) => String.fromCharCode(0x2000 + i)),
  '\u2028',
  '\u2029',
  '\u202F',
  '\u205F',
  '\u2060',
  '\u3000',
  '\uFEFF',
];
/** Control characters also shown as `[U+XXXX]` (they are invisible too). */
const CONTROLS = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i))
  .filter((c) => c !== '\t')
  .concat('\u007F');

/** Longest value shown in a message, in characters; a longer one is cut with « … ». */
const SHOWN_MAX = 300;

const codePoint = (c: string): string => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
const NIR_JS = new RegExp(`(?<![0-9])${NIR_BODY}(?![0-9])`, 'g');
const SHOWN_JS = new RegExp(
  `[${[...INVISIBLE_CHARS, ...CONTROLS].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}]`,
  'g',
);

/** Masks the NIR-shaped runs of a text and nothing else: for names taken from the extract (file, sheet, header cell) that are shown as they are otherwise. */
export function maskNir(text: string): string {
  return text.replace(NIR_JS, NIR_MASK);
}

/** True when a text holds a NIR-shaped run with a valid key (the JavaScript form of NIR_CAPTURE + nirKeyValidSql). */
export function hasValidNir(text: string): boolean {
  for (const m of text.matchAll(NIR_JS)) {
    const d = m[0].replace(/[^0-9ABab]/g, '').toUpperCase();
    const n13 = d.slice(0, 13).replace('2A', '19').replace('2B', '18');
    if (/^[0-9]{13}$/.test(n13) && 97n - (BigInt(n13) % 97n) === BigInt(d.slice(13, 15))) return true;
  }
  return false;
}

/**
 * The masking function of every value taken from the data before it is shown: NIR-shaped runs
 * (valid key or not) replaced by NIR_MASK, invisible and control characters written `[U+XXXX]`,
 * cut at SHOWN_MAX characters.
 */
export function shownValue(value: string): string {
  const s = value.replace(NIR_JS, NIR_MASK).replace(SHOWN_JS, codePoint);
  return s.length > SHOWN_MAX ? `${s.slice(0, SHOWN_MAX)}…` : s;
}

/** Masks the NIR-shaped runs of a VARCHAR expression, nothing else (SQL) (two passes: adjacent NIRs share a boundary character). */
export function maskNirSql(expr: string): string {
  const pattern = lit(`(^|[^0-9])${NIR_BODY}([^0-9]|$)`);
  const once = (e: string) => `regexp_replace(${e}, ${pattern}, ${lit(`\\1${NIR_MASK}\\2`)}, 'g')`;
  return `(CASE WHEN regexp_matches(${expr}, ${lit(NIR_PATTERN)}) THEN ${once(once(expr))} ELSE ${expr} END)`;
}

/** RE2 character class of the characters shownValue writes `[U+XXXX]`. */
const SHOWN_CLASS = `[${[...INVISIBLE_CHARS, ...CONTROLS].map((c) => `\\x{${c.charCodeAt(0).toString(16)}}`).join('')}]`;

/** Name of the SQL macro of shownValue (a temporary macro: SHOWN_MACRO_SQL creates it on a connection). */
const SHOWN_MACRO = '_bilan_shown';

/**
 * DDL of the temporary SQL macro SHOWN_MACRO(x): shownValue in SQL. Run once per connection before
 * any shownValueSql. Each step is a lambda over a one-element list, so that the argument is
 * bound once (a macro repeats its argument wherever it is used).
 */
export const SHOWN_MACRO_SQL = `CREATE OR REPLACE TEMP MACRO ${SHOWN_MACRO}(x) AS list_transform(list_transform(list_transform([CAST(x AS VARCHAR)],
    lambda v: ${maskNirSql('v')}),
    lambda v: CASE WHEN regexp_matches(v, ${lit(SHOWN_CLASS)})
      THEN array_to_string(list_transform(string_split(v, ''), lambda c: CASE WHEN regexp_full_match(c, ${lit(SHOWN_CLASS)})
        THEN concat('[U+', lpad(hex(unicode(c)), 4, '0'), ']') ELSE c END), '') ELSE v END),
    lambda v: CASE WHEN length(v) > ${SHOWN_MAX} THEN concat(left(v, ${SHOWN_MAX}), '…') ELSE v END)[1]`;

/** SQL form of shownValue over an expression (needs SHOWN_MACRO_SQL run on the connection). */
export function shownValueSql(expr: string): string {
  return `${SHOWN_MACRO}(${expr})`;
}
