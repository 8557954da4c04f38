// The six real-world cases of ../shared/field-cases (copied into test/ingest/field-cases, README
// there): each is the valid `baseline` extract with one thing changed the way producers change it.
// Every case: a report, every record counted, no NIR-shaped value anywhere, and the outcome the
// README accepts; where the change keeps the meaning, the warehouse holds exactly the baseline's rows.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES } from '../../src/contract/schema.ts';
import { ingestFolder, type LoadReport } from '../../src/ingest/index.ts';
import type { Warehouse } from '../../src/warehouse/db.ts';
import { checkInvariants, counts, file, memoryWarehouse, rows } from './helpers.ts';

const CASES = join(import.meta.dirname, 'field-cases');

/** Every contract table: row count and an order-independent checksum of its contract columns (not _fichier/_ligne). */
async function content(w: Warehouse): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
    const [r] = await rows<{ n: number; h: string }>(
      w,
      `SELECT count(*)::INT AS n, coalesce(sum(hash(${cols})::HUGEINT), 0)::VARCHAR AS h FROM "${t.name}"`,
    );
    out[t.name] = `${r!.n}/${r!.h}`;
  }
  return out;
}

/** Everything the load wrote that a user may read: the JSON report, load_rejects, load_warnings. */
async function shown(w: Warehouse, r: LoadReport): Promise<string> {
  const rej = await rows<{ t: string }>(w, `SELECT concat_ws('|', message, enregistrement, cle, departement) AS t FROM load_rejects`);
  const warn = await rows<{ t: string }>(w, `SELECT message AS t FROM load_warnings`);
  return [JSON.stringify(r), ...rej.map((x) => x.t), ...warn.map((x) => x.t)].join('\n');
}

async function load(name: string): Promise<{ w: Warehouse; r: LoadReport }> {
  const w = await memoryWarehouse();
  const r = await ingestFolder(w, join(CASES, name));
  checkInvariants(r);
  return { w, r };
}

let baseline: Record<string, string>;
let baselineReport: LoadReport;

beforeAll(async () => {
  const { w, r } = await load('baseline');
  baseline = await content(w);
  baselineReport = r;
});

describe('field cases', () => {
  it('baseline: 972 records, all loaded', () => {
    expect([baselineReport.rows_read, baselineReport.rows_loaded, baselineReport.rows_rejected]).toEqual([972, 972, 0]);
    expect(baseline.accompagnements).toMatch(/^150\//);
  });

  it("c01_sep_hint: Excel's sep=; line honoured and skipped with a warning, figures equal to baseline", async () => {
    const { w, r } = await load('c01_sep_hint');
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([150, 150, 0]);
    expect(f.warnings.map((x) => [x.line, x.code])).toEqual([[1, 'separateur_indique']]);
    expect(await content(w)).toEqual(baseline);
  });

  it('c06b_cr_only_nir: CR-only line ends read, the file refused for the NIR naming the column, never the value; 150 records counted', async () => {
    const { w, r } = await load('c06b_cr_only_nir');
    const f = file(r, 'accompagnements.csv');
    expect(f.status).toBe('refused');
    expect(counts(f)).toEqual([150, 0, 150]);
    expect(f.errors.map((e) => [e.line, e.column, e.code])).toEqual([[null, 'assure_id', 'donnees_identifiantes']]);
    // The children say their parent's file was refused.
    expect(new Set(file(r, 'entretiens.csv').errors.map((e) => e.code))).toEqual(new Set(['parent_rejete']));
    expect(counts(file(r, 'entretiens.csv'))).toEqual([331, 0, 331]);
    // The NIR of the case: 1 84 06 75 123 456 41 (key 97 − 1840675123456 mod 97 = 41), nowhere.
    const text = await shown(w, r);
    expect(text).not.toContain('184067512345641');
    expect(text).not.toMatch(/1840675123/);
  });

  it('c15_cat_header_reorder: the second header (line 41) read with its own column order, with a warning; figures equal to baseline', async () => {
    const { w, r } = await load('c15_cat_header_reorder');
    const f = file(r, 'satisfaction.csv');
    expect(counts(f)).toEqual([80, 80, 0]);
    expect(f.warnings.map((x) => [x.line, x.code])).toEqual([[41, 'en_tete_repete']]);
    expect(await content(w)).toEqual(baseline);
  });

  it('c21_us_dates: the date column recognised as month-first (warning), figures equal to baseline', async () => {
    const { w, r } = await load('c21_us_dates');
    const f = file(r, 'entretiens.csv');
    expect(counts(f)).toEqual([331, 331, 0]);
    expect(f.warnings.map((x) => [x.column, x.code])).toEqual([['date', 'dates_mois_en_premier']]);
    expect(await content(w)).toEqual(baseline);
  });

  it('c24_stray_quote: an inch mark inside unquoted text is a literal character, all 150 records loaded', async () => {
    const { w, r } = await load('c24_stray_quote');
    expect(counts(file(r, 'accompagnements.csv'))).toEqual([150, 150, 0]);
    expect(await content(w)).toEqual(baseline);
    expect(r.rows_rejected).toBe(0);
  });

  it('p3_nan_age: the NaN row rejected with a French message, 149 loaded, its children told their parent was rejected', async () => {
    const { r } = await load('p3_nan_age');
    const f = file(r, 'accompagnements.parquet');
    expect(counts(f)).toEqual([150, 149, 1]);
    expect(f.errors.map((e) => [e.line, e.column, e.code])).toEqual([[2, 'age', 'valeur_non_finie']]);
    expect(f.errors[0]!.message).toContain('Valeur non finie « NaN » dans la colonne « age »');
    expect(r.files.filter((x) => x.file !== 'accompagnements.parquet').flatMap((x) => x.errors.map((e) => e.code))).toEqual([
      'parent_rejete',
    ]);
  });
});
