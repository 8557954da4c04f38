// Reference data (data/reference/*.csv): départements, organismes and every code list
// with its French label and group. The single place where codes and labels live.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/** Folder of the reference CSV files. */
export const REFERENCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'reference');

/** Parses a small RFC 4180 CSV (comma, double quotes) into objects keyed by the header. */
export function parseSmallCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let field = '',
    row: string[] = [],
    inQuotes = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"') inQuotes = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...body] = rows;
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const Departement = z.object({
  departement: z.string().regex(/^(\d{2}|2A|2B|97\d)$/),
  nom: z.string().min(1),
  organisme: z.string().min(1),
});
const Organisme = z.object({ organisme: z.string().min(1), nom: z.string().min(1), type: z.string().min(1) });
const Code = z.object({
  liste: z.string().min(1),
  code: z.string().regex(/^[A-Z0-9_]+$/),
  libelle: z.string().min(1),
  groupe: z.string(),
  ordre: z.coerce.number().int(),
});
export type Departement = z.infer<typeof Departement>;
export type Organisme = z.infer<typeof Organisme>;
export type Code = z.infer<typeof Code>;

function load<T>(file: string, schema: z.ZodType<T>): T[] {
  return z.array(schema).parse(parseSmallCsv(readFileSync(join(REFERENCE_DIR, file), 'utf8')));
}

/** The 101 départements with their name and regional body (organisme). */
export const DEPARTEMENTS: readonly Departement[] = load('departements.csv', Departement);
/** The 21 regional bodies (CARSAT, CGSS, CRAMIF, CSSM). */
export const ORGANISMES: readonly Organisme[] = load('organismes.csv', Organisme);
/** Every code of every list, in display order. */
export const CODES: readonly Code[] = load('codes.csv', Code).sort((a, b) => a.liste.localeCompare(b.liste) || a.ordre - b.ordre);

/** Name of a code list of data/reference/codes.csv. */
export type CodeList =
  | 'axe'
  | 'origine'
  | 'sexe'
  | 'situation_emploi'
  | 'risque'
  | 'issue'
  | 'mode'
  | 'suite'
  | 'type_preconisation'
  | 'type_action'
  | 'categorie_action'
  | 'decision_action'
  | 'type_instance'
  | 'presentee_par'
  | 'objet'
  | 'decision_instance'
  | 'type_action_collective'
  | 'satisfaction';

/** The codes of one list, in display order. */
export function codesOf(list: CodeList): Code[] {
  const codes = CODES.filter((c) => c.liste === list);
  if (codes.length === 0) throw new Error(`liste de codes inconnue : ${list}`);
  return codes;
}

/** The code values of one list, in display order. */
export function codeValues(list: CodeList): [string, ...string[]] {
  return codesOf(list).map((c) => c.code) as [string, ...string[]];
}

/** The French label of a code. */
export function labelOf(list: CodeList, code: string): string {
  return codesOf(list).find((c) => c.code === code)?.libelle ?? code;
}

/** organisme code of each département code. */
export const ORGANISME_OF: ReadonlyMap<string, string> = new Map(DEPARTEMENTS.map((d) => [d.departement, d.organisme]));
