// `bilan generate --messy`: the same data as the clean extract, written the ways institutions
// really produce files (issue 12's kinds), in realistic proportions, and a sidecar DEFECTS_FILE
// listing every defect: file, lines, column, kind, and what `bilan ingest` must do with it.
// Each kind is put in its own file (or its own lines), so that what ingest finds can be told
// apart. Deterministic: positions come from a PRNG seeded by the seed, no clock, no randomness.
import { DuckDBInstance } from '@duckdb/node-api';
import { createReadStream, createWriteStream, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { DEPARTEMENTS, codeValues } from '../contract/reference.ts';
import { tableSpec, type TableName } from '../contract/schema.ts';
import { ident, lit } from '../warehouse/db.ts';
import { mulberry32 } from '../random.ts';

/** Name of the sidecar file that lists the defects of a messy extract (not a table of the contract). */
export const DEFECTS_FILE = 'defauts.json';

/** Kinds of defect (issue 12). */
export type DefectKind =
  | 'regle_enfreinte'
  | 'espace_insecable'
  | 'departement_sans_zero'
  | 'fichiers_concatenes'
  | 'date_jj_mm_aaaa_minuit'
  | 'ligne_sep'
  | 'fin_de_ligne_cr'
  | 'encodage_windows_1252'
  | 'guillemet_non_echappe'
  | 'parquet_pandas';

/**
 * What ingest must do: `rejete` (the lines are in load_rejects), `avertissement` (loaded, with a
 * warning at each line listed, or for the file when no line is listed), `refuse` (the file is
 * refused), `normalise` (every record of the file loaded as the clean one, warning optional).
 */
type Outcome = 'rejete' | 'avertissement' | 'refuse' | 'normalise';

/** One defect of the sidecar. Lines are physical line numbers of the file (header = 1), as ingest reports them. */
export interface Defect {
  fichier: string;
  /** The lines concerned; null: the whole file or column. */
  lignes: number[] | null;
  colonne: string | null;
  defaut: DefectKind;
  /** French description of what was changed. */
  detail: string;
  attendu: Outcome;
}

/** The sidecar: the files (records each holds, i.e. the rows_read ingest must report) and the defects. */
export interface DefectsSidecar {
  graine: number;
  fichiers: { fichier: string; table: TableName; enregistrements: number }[];
  defauts: Defect[];
}

/** mulberry32: a small deterministic PRNG in [0, 1) (positions of the defects). */
function prng(seed: number, tag: string): () => number {
  let a = seed >>> 0;
  for (const ch of tag) a = Math.imul(a ^ ch.charCodeAt(0), 0x9e3779b1) >>> 0;
  return mulberry32(a);
}

/** `k` distinct data line indexes (0 = first data row) among `n`, sorted, drawn by `rand`. */
function pickRows(n: number, k: number, rand: () => number): number[] {
  const set = new Set<number>();
  while (set.size < Math.min(k, n)) set.add(Math.floor(rand() * n));
  return [...set].sort((a, b) => a - b);
}

/**
 * Rewrites a CSV file line by line (streamed: national files are large). `fn` gets the data
 * line's index (0 = first data row; -1 for the header) and its cells, and returns the line(s) to
 * write. Lines are joined by `eol`.
 */
async function rewrite(path: string, fn: (i: number, cells: string[]) => string[], eol = '\n'): Promise<number> {
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp);
  let i = -1;
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) {
    for (const l of fn(i, line.split(';'))) if (!out.write(`${l}${eol}`)) await new Promise<void>((r) => out.once('drain', () => r()));
    i++;
  }
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  renameSync(tmp, path);
  return i;
}

/** Number of data rows of a CSV (lines minus the header). */
async function dataRows(path: string): Promise<number> {
  let n = -1;
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) if (line.length > 0) n++;
  return n;
}

const NBSP = '\u00a0';

/**
 * Turns the clean CSV extract in `out` into a messy one and writes DEFECTS_FILE. Returns the
 * sidecar. The tables and their rows are those of the clean extract; only the way they are
 * written changes, plus a few rows that break the contract's rules (entretiens).
 */
export async function writeDefects(out: string, seed: number): Promise<DefectsSidecar> {
  const defauts: Defect[] = [];
  const f = (t: TableName) => join(out, `${t}.csv`);
  const col = (t: TableName, c: string) => tableSpec(t).columns.findIndex((x) => x.name === c);
  const counts = new Map<TableName, number>();
  for (const t of [
    'entretiens',
    'signalements',
    'preconisations',
    'actions_remobilisation',
    'instances',
    'situations_instances',
    'actions_collectives',
    'satisfaction',
    'effectifs',
    'arrets_longs',
  ] as TableName[])
    counts.set(t, await dataRows(f(t)));
  const line = (i: number, offset = 0) => i + 2 + offset; // data index → physical line (header = 1)

  // 1. entretiens: three rows that break rules (date outside the accompaniment, unknown mode, no date)
  {
    const rand = prng(seed, 'regles');
    const rows = pickRows(counts.get('entretiens')!, 3, rand);
    const [iDate, iMode] = [col('entretiens', 'date'), col('entretiens', 'mode')];
    const breaks: [string, string, (c: string[]) => void][] = [
      [
        'date',
        "date très antérieure au début de l'accompagnement (1999-01-04)",
        (c) => {
          c[iDate] = '1999-01-04';
        },
      ],
      [
        'mode',
        `mode inconnu (« VISIO_CONF », hors de la liste ${codeValues('mode').join(', ')})`,
        (c) => {
          c[iMode] = 'VISIO_CONF';
        },
      ],
      [
        'date',
        'date vide',
        (c) => {
          c[iDate] = '';
        },
      ],
    ];
    await rewrite(f('entretiens'), (i, c) => {
      const k = rows.indexOf(i);
      if (k >= 0) breaks[k]![2](c);
      return [c.join(';')];
    });
    rows.forEach((r, k) =>
      defauts.push({
        fichier: 'entretiens.csv',
        lignes: [line(r)],
        colonne: breaks[k]![0],
        defaut: 'regle_enfreinte',
        detail: breaks[k]![1],
        attendu: 'rejete',
      }),
    );
  }

  // 2. signalements: no-break spaces around a few values (copied from a word processor or a web page)
  {
    const rand = prng(seed, 'nbsp');
    const rows = pickRows(counts.get('signalements')!, 3, rand);
    const cols = ['origine', 'departement', 'suite'];
    await rewrite(f('signalements'), (i, c) => {
      const k = rows.indexOf(i);
      if (k >= 0) {
        const j = col('signalements', cols[k]!);
        c[j] = `${NBSP}${c[j]}${k === 1 ? '' : NBSP}`;
      }
      return [c.join(';')];
    });
    rows.forEach((r, k) =>
      defauts.push({
        fichier: 'signalements.csv',
        lignes: [line(r)],
        colonne: cols[k]!,
        defaut: 'espace_insecable',
        detail: 'espace insécable (U+00A0) autour de la valeur',
        attendu: 'avertissement',
      }),
    );
  }

  // 3. arrets_longs: département codes without their leading zero (a column Excel took for numbers)
  {
    const j = col('arrets_longs', 'departement');
    const touched: number[] = [];
    await rewrite(f('arrets_longs'), (i, c) => {
      if (i >= 0 && /^0\d$/.test(c[j]!)) {
        c[j] = c[j]!.slice(1);
        touched.push(line(i));
      }
      return [c.join(';')];
    });
    if (touched.length) {
      defauts.push({
        fichier: 'arrets_longs.csv',
        lignes: touched,
        colonne: 'departement',
        defaut: 'departement_sans_zero',
        detail: "code de département sans son zéro initial (1 pour 01), comme Excel l'écrit",
        attendu: 'avertissement',
      });
    }
  }

  // 4. preconisations: two exports joined with `cat`; the second one has its own header, columns in another order
  {
    const n = counts.get('preconisations')!;
    const half = Math.floor(n / 2);
    const header = tableSpec('preconisations').columns.map((c) => c.name);
    const order = [...header].reverse();
    const perm = order.map((name) => header.indexOf(name));
    await rewrite(f('preconisations'), (i, c) => {
      if (i < half) return [c.join(';')];
      const moved = perm.map((p) => c[p]!).join(';');
      return i === half ? [order.join(';'), moved] : [moved];
    });
    defauts.push({
      fichier: 'preconisations.csv',
      lignes: [line(half)],
      colonne: null,
      defaut: 'fichiers_concatenes',
      detail: `deux fichiers mis bout à bout (cat) : en-tête répété ligne ${line(half)}, colonnes dans l'ordre ${order.join(', ')} ensuite`,
      attendu: 'avertissement',
    });
  }

  // 5. actions_remobilisation: dates as DD/MM/YYYY 00:00:00 (a database or Excel export)
  {
    const j = col('actions_remobilisation', 'date_demande');
    await rewrite(f('actions_remobilisation'), (i, c) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(c[j] ?? '');
      if (i >= 0 && m) c[j] = `${m[3]}/${m[2]}/${m[1]} 00:00:00`;
      return [c.join(';')];
    });
    defauts.push({
      fichier: 'actions_remobilisation.csv',
      lignes: null,
      colonne: 'date_demande',
      defaut: 'date_jj_mm_aaaa_minuit',
      detail: 'dates JJ/MM/AAAA suivies de 00:00:00 sur toute la colonne',
      attendu: 'avertissement',
    });
  }

  // 6. instances: Excel's `sep=;` first line
  {
    await rewrite(f('instances'), (i, c) => (i === -1 ? ['sep=;', c.join(';')] : [c.join(';')]));
    defauts.push({
      fichier: 'instances.csv',
      lignes: [1],
      colonne: null,
      defaut: 'ligne_sep',
      detail: 'première ligne « sep=; » (Excel)',
      attendu: 'avertissement',
    });
  }

  // 7. situations_instances: CR-only line ends (Excel for Mac)
  {
    await rewrite(f('situations_instances'), (_i, c) => [c.join(';')], '\r');
    defauts.push({
      fichier: 'situations_instances.csv',
      lignes: null,
      colonne: null,
      defaut: 'fin_de_ligne_cr',
      detail: 'fins de ligne CR seul (Excel pour Mac)',
      attendu: 'normalise',
    });
  }

  // 8. effectifs: Windows-1252, with an extra column holding the département's name (accents)
  {
    const nom = new Map(DEPARTEMENTS.map((d) => [d.departement, d.nom]));
    const j = col('effectifs', 'departement');
    const lines: string[] = [];
    const rl = createInterface({ input: createReadStream(f('effectifs')), crlfDelay: Infinity });
    let i = -1;
    for await (const l of rl) {
      const c = l.split(';');
      lines.push([...c, i === -1 ? 'libelle_departement' : (nom.get(c[j]!) ?? '')].join(';'));
      i++;
    }
    writeFileSync(f('effectifs'), iconv.encode(`${lines.join('\r\n')}\r\n`, 'windows-1252'));
    defauts.push({
      fichier: 'effectifs.csv',
      lignes: null,
      colonne: null,
      defaut: 'encodage_windows_1252',
      detail: 'fichier en Windows-1252 (CRLF), avec une colonne hors contrat libelle_departement accentuée',
      attendu: 'normalise',
    });
  }

  // 9. satisfaction: an extra free-text column with an unescaped inch mark (écran 24") on two lines
  {
    const rand = prng(seed, 'pouce');
    const n = counts.get('satisfaction')!;
    const rows = pickRows(n, 2, rand);
    await rewrite(f('satisfaction'), (i, c) => {
      if (i === -1) return [[...c, 'commentaire'].join(';')];
      const text = rows.includes(i) ? 'entretien en visio, écran 24" trop petit' : '';
      return [[...c, text].join(';')];
    });
    defauts.push({
      fichier: 'satisfaction.csv',
      lignes: rows.map((r) => line(r)),
      colonne: 'commentaire',
      defaut: 'guillemet_non_echappe',
      detail: 'guillemet non échappé dans un champ non entouré de guillemets (écran 24"), colonne hors contrat',
      attendu: 'normalise',
    });
  }

  // 10. actions_collectives: Parquet as pandas writes it (integers as float64, dates as timestamps
  //     with a time zone: midnight in Paris, stored as UTC instants), through DuckDB COPY
  {
    const spec = tableSpec('actions_collectives');
    const db = await DuckDBInstance.create(':memory:', { threads: '1' });
    const con = await db.connect();
    try {
      await con.run(`SET TimeZone = 'Europe/Paris'`);
      const cols = spec.columns.map((c) => {
        if (c.type === 'int') return `${ident(c.name)}::DOUBLE AS ${ident(c.name)}`;
        if (c.type === 'date') return `${ident(c.name)}::TIMESTAMP::TIMESTAMPTZ AS ${ident(c.name)}`;
        return ident(c.name);
      });
      await con.run(`COPY (SELECT ${cols.join(', ')} FROM read_csv(${lit(f('actions_collectives'))}, delim = ';', header = true, all_varchar = false,
        types = {'departement': 'VARCHAR', 'date_debut': 'DATE'})) TO ${lit(join(out, 'actions_collectives.parquet'))} (FORMAT parquet)`);
    } finally {
      con.closeSync();
      db.closeSync();
    }
    rmSync(f('actions_collectives'));
    defauts.push({
      fichier: 'actions_collectives.parquet',
      lignes: null,
      colonne: null,
      defaut: 'parquet_pandas',
      detail:
        "Parquet comme pandas l'écrit : nb_seances et nb_participants en float64, date_debut en horodatage avec fuseau (minuit à Paris)",
      attendu: 'normalise',
    });
  }

  const fichiers = [...counts.entries()].map(([table, enregistrements]) => ({
    fichier: table === 'actions_collectives' ? 'actions_collectives.parquet' : `${table}.csv`,
    table,
    enregistrements,
  }));
  fichiers.push({ fichier: 'accompagnements.csv', table: 'accompagnements', enregistrements: await dataRows(f('accompagnements')) });
  fichiers.sort((a, b) => (a.fichier < b.fichier ? -1 : 1));
  const sidecar: DefectsSidecar = { graine: seed, fichiers, defauts };
  writeFileSync(join(out, DEFECTS_FILE), `${JSON.stringify(sidecar, null, 2)}\n`);
  return sidecar;
}

/** Reads the sidecar of a messy extract. */
export function readDefects(dir: string): DefectsSidecar {
  return JSON.parse(readFileSync(join(dir, DEFECTS_FILE), 'utf8')) as DefectsSidecar;
}
