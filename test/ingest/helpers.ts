// Test helpers for the ingest: small extract folders written from strings, an in-memory
// warehouse, and the invariant every file of every report must keep.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { ingestFolder, type FileReport, type LoadReport } from '../../src/ingest/index.ts';
import { openWarehouse, queryRows, type Warehouse } from '../../src/warehouse/db.ts';
import { mulberry32 } from '../../src/random.ts';

/** Header lines of the contract tables, as a producer would write them with `;`. */
export const H = {
  accompagnements: 'accompagnement_id;assure_id;departement;axe;origine;date_debut;date_fin;sexe;age;situation_emploi;risque;issue',
  entretiens: 'entretien_id;accompagnement_id;date;mode',
  signalements: 'signalement_id;departement;axe;date;origine;assure_id;suite;accompagnement_id',
  instances: 'instance_id;departement;type;date',
  situations_instances: 'situation_id;instance_id;presentee_par;objet;decision',
  actions_collectives: 'action_id;departement;type;axe;date_debut;nb_seances;nb_participants',
  effectifs: 'departement;annee;etp_assistants;lieux_accueil',
  satisfaction: 'reponse_id;departement;axe;date;satisfaction;ecoute;confiance;clarte;information_droits;prise_en_compte',
};

/** A valid accompagnement line with fields overridable by position (0-based). */
export function acc(id: string, over: Record<number, string> = {}): string {
  const f = [id, `P${id}`, '01', 'PDP', 'CPAM', '2024-01-10', '2024-06-30', 'F', '45', 'SALARIE', 'MALADIE', 'MAINTIEN_POSTE'];
  for (const [k, v] of Object.entries(over)) f[Number(k)] = v;
  return f.join(';');
}

/** Writes files (name → text or bytes; `dossier/fichier` makes the folders) into a new temporary folder and returns its path. */
export function extract(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bilan-ingest-test-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** A CSV text from lines (LF line ends, final newline). */
export const csv = (...lines: string[]): string => `${lines.join('\n')}\n`;

/** Opens a fresh in-memory warehouse. */
export const memoryWarehouse = (): Promise<Warehouse> => openWarehouse(':memory:', { threads: 2 });

/** Checks the invariants of a report: per file read = loaded + rejected, totals are the sums, refused files load nothing. */
export function checkInvariants(r: LoadReport): void {
  for (const f of r.files) {
    expect(f.rows_read, f.file).toBe(f.rows_loaded + f.rows_rejected);
    if (f.status === 'refused') {
      expect(f.rows_loaded, f.file).toBe(0);
      expect(
        f.errors.some((e) => e.line === null),
        f.file,
      ).toBe(true);
    }
  }
  expect(r.rows_read).toBe(r.files.reduce((a, f) => a + f.rows_read, 0));
  expect(r.rows_loaded).toBe(r.files.reduce((a, f) => a + f.rows_loaded, 0));
  expect(r.rows_rejected).toBe(r.files.reduce((a, f) => a + f.rows_rejected, 0));
}

/** Ingests a folder written from `files` into `w` (a fresh in-memory warehouse if not given); checks the invariants. */
export async function ingest(files: Record<string, string | Buffer>, w?: Warehouse): Promise<{ w: Warehouse; r: LoadReport; dir: string }> {
  const wh = w ?? (await memoryWarehouse());
  const dir = extract(files);
  const r = await ingestFolder(wh, dir);
  checkInvariants(r);
  return { w: wh, r, dir };
}

/** The report of one file. */
export function file(r: LoadReport, name: string): FileReport {
  const f = r.files.find((x) => x.file === name);
  if (!f) throw new Error(`no report for ${name}`);
  return f;
}

/** The errors of a file as [line, column, code] triples, sorted. */
export function problems(f: FileReport): [number | null, string | null, string][] {
  return f.errors
    .map((e) => [e.line, e.column, e.code] as [number | null, string | null, string])
    .sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || String(a[1]).localeCompare(String(b[1])) || a[2].localeCompare(b[2]));
}

/** The counts of a file: [read, loaded, rejected]. */
export const counts = (f: FileReport): [number, number, number] => [f.rows_read, f.rows_loaded, f.rows_rejected];

/** Rows of a query on the warehouse. */
export const rows = <T = Record<string, unknown>>(w: Warehouse, sql: string): Promise<T[]> => queryRows<T>(w.con, sql);

/** Deterministic pseudo-random numbers (mulberry32 of the seed). */
export const prng = (seed: number): (() => number) => mulberry32(seed);
