// `bilan generate`: determinism, exact contract format, zero contract violations (checked by
// independent SQL over the written files), pilot effects visible in the raw output, Parquet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { REFERENCE_DIR } from '../../src/contract/reference.ts';
import { TABLES, tableSpec, type TableName } from '../../src/contract/schema.ts';
import { main } from '../../src/cli/main.ts';
import { ExtractManifest, PROVENANCE_FILE, readManifest } from '../../src/warehouse/provenance.ts';
import {
  AXES,
  DISTRIBUTIONS,
  PARCOURS,
  PILOTE_FLYERS,
  PILOTE_PLATEFORMES,
  generateExtract,
  type GenerateSummary,
} from '../../src/generate/index.ts';

const root = mkdtempSync(join(tmpdir(), 'bilan-generate-test-'));
const dir = (name: string) => join(root, name);
let db: DuckDBInstance;
let con: DuckDBConnection;
let ne: GenerateSummary;

/** Rows of a query as plain objects (bigints as numbers). */
async function rows(sql: string): Promise<Record<string, unknown>[]> {
  const r = await con.runAndReadAll(sql);
  return r.getRowObjectsJS().map((o) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])));
}
/** One number from a query. */
async function num(sql: string): Promise<number> {
  return Number(Object.values((await rows(sql))[0]!)[0]);
}
/** A CSV of the extract read as text only (types are checked here, not by the reader). */
const csv = (d: string, t: TableName) => `read_csv('${join(d, `${t}.csv`)}', delim = ';', header = true, all_varchar = true, quote = '"')`;
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const hashes = (d: string) =>
  Object.fromEntries(
    readdirSync(d)
      .sort()
      .map((f) => [f, sha(join(d, f))]),
  );
const silent = { out: () => {}, err: () => {} };

beforeAll(async () => {
  db = await DuckDBInstance.create(':memory:');
  con = await db.connect();
  // region CARSAT_NE (08, 10, 51, 52, 54, 55, 88): includes both départements of the flyers pilot
  ne = await generateExtract({ out: dir('ne'), scale: 'region', organisme: 'CARSAT_NE', years: [2024, 2025], seed: 7, format: 'csv' });
  await con.run(`CREATE TABLE codes AS SELECT * FROM read_csv('${join(REFERENCE_DIR, 'codes.csv')}', header = true, all_varchar = true)`);
  await con.run(
    `CREATE TABLE deps AS SELECT * FROM read_csv('${join(REFERENCE_DIR, 'departements.csv')}', header = true, all_varchar = true)`,
  );
  for (const t of TABLES) await con.run(`CREATE TABLE ${t.name} AS SELECT * FROM ${csv(dir('ne'), t.name)}`);
}, 120_000);

afterAll(() => {
  con?.closeSync();
  db?.closeSync();
  rmSync(root, { recursive: true, force: true });
});

describe('format of the extract', { timeout: 60_000 }, () => {
  it('writes one file per contract table with exactly the contract columns, in order', () => {
    expect(readdirSync(dir('ne')).sort()).toEqual([...TABLES.map((t) => `${t.name}.csv`), PROVENANCE_FILE].sort());
    for (const t of TABLES) {
      const header = readFileSync(join(dir('ne'), `${t.name}.csv`), 'utf8').split('\n')[0];
      expect(header, t.name).toBe(t.columns.map((c) => c.name).join(';'));
    }
    expect(ne.departements).toEqual(['08', '10', '51', '52', '54', '55', '88']);
    for (const f of ne.files) expect(f.rows, f.table).toBeGreaterThan(0);
  });

  it('marks the extract as synthetic: a manifest that ExtractManifest validates, dated from the years, not from today', () => {
    const raw = JSON.parse(readFileSync(join(dir('ne'), PROVENANCE_FILE), 'utf8')) as unknown;
    expect(ExtractManifest.safeParse(raw).success).toBe(true);
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
    // worked out by hand: years 2024-2025 → 31 December 2025 + 15 days
    expect(readManifest(dir('ne'))).toEqual({
      synthetique: true,
      generateur: 'bilan generate',
      version: pkg.version,
      graine: 7,
      echelle: 'region',
      annees: [2024, 2025],
      date_extraction: '2026-01-15',
    });
  });

  it('contains nothing that looks like a NIR (no run of 13 digits, even with spaces or dots)', () => {
    for (const t of TABLES) {
      const text = readFileSync(join(dir('ne'), `${t.name}.csv`), 'utf8');
      expect(/(?:\d[ .]?){13}/.test(text), t.name).toBe(false);
    }
  });
});

describe('zero contract violations (independent SQL over the files)', { timeout: 60_000 }, () => {
  for (const t of TABLES) {
    it(`${t.name}: types, required values, codes, bounds, unique keys`, async () => {
      const v = t.name;
      expect(await num(`SELECT count(*) FROM ${v}`)).toBeGreaterThan(0);
      const key = t.key.map((k) => `"${k}"`).join(', ');
      expect(await num(`SELECT count(*) FROM (SELECT ${key} FROM ${v} GROUP BY ALL HAVING count(*) > 1)`)).toBe(0);
      for (const c of t.columns) {
        const col = `"${c.name}"`;
        const bad: string[] = [];
        if (c.required === true) bad.push(`${col} IS NULL`);
        if (c.type === 'code') bad.push(`${col} NOT IN (SELECT code FROM codes WHERE liste = '${c.codes}')`);
        if (c.type === 'departement') bad.push(`${col} NOT IN (SELECT departement FROM deps)`);
        if (c.type === 'date')
          bad.push(`NOT regexp_full_match(${col}, '\\d{4}-\\d{2}-\\d{2}') OR try_strptime(${col}, '%Y-%m-%d') IS NULL`);
        if (c.type === 'int') bad.push(`NOT regexp_full_match(${col}, '\\d+')`);
        if (c.type === 'decimal') bad.push(`NOT regexp_full_match(${col}, '\\d+(\\.\\d+)?')`);
        if (c.min !== undefined) bad.push(`${col}::DOUBLE < ${c.min}`);
        if (c.max !== undefined) bad.push(`${col}::DOUBLE > ${c.max}`);
        if (c.references) bad.push(`${col} NOT IN (SELECT "${c.references.column}" FROM ${c.references.table})`);
        for (const cond of bad) {
          expect(await num(`SELECT count(*) FROM ${v} WHERE ${col} IS NOT NULL AND (${cond})`), `${v}.${c.name}: ${cond}`).toBe(0);
        }
        if (c.required === true) expect(await num(`SELECT count(*) FROM ${v} WHERE ${col} IS NULL`), `${v}.${c.name} vide`).toBe(0);
      }
    });
  }

  it('accompagnements: date_fin ≥ date_debut, issue set iff date_fin set, age 16–99', async () => {
    expect(await num(`SELECT count(*) FROM accompagnements WHERE date_fin::DATE < date_debut::DATE`)).toBe(0);
    expect(await num(`SELECT count(*) FROM accompagnements WHERE (date_fin IS NULL) <> (issue IS NULL)`)).toBe(0);
    expect(await num(`SELECT count(*) FROM accompagnements WHERE age::INTEGER NOT BETWEEN 16 AND 99`)).toBe(0);
  });

  it('entretiens fall within their accompaniment (date_fin open = no upper bound)', async () => {
    expect(
      await num(`
      SELECT count(*) FROM entretiens e JOIN accompagnements a USING (accompagnement_id)
      WHERE e.date::DATE < a.date_debut::DATE OR e.date::DATE > coalesce(a.date_fin::DATE, DATE '9999-12-31')`),
    ).toBe(0);
  });

  it('signalements: accompagnement_id set iff suite = ACCOMPAGNEMENT, and the same person', async () => {
    expect(await num(`SELECT count(*) FROM signalements WHERE (accompagnement_id IS NOT NULL) <> (suite = 'ACCOMPAGNEMENT')`)).toBe(0);
    expect(
      await num(`
      SELECT count(*) FROM signalements s JOIN accompagnements a USING (accompagnement_id)
      WHERE s.assure_id <> a.assure_id OR s.departement <> a.departement OR s.axe <> a.axe OR s.date::DATE > a.date_debut::DATE`),
    ).toBe(0);
    // every suite occurs; EN_COURS only near the end of the range
    expect(await num(`SELECT count(DISTINCT suite) FROM signalements`)).toBe(5);
    const firstPending = (await rows(`SELECT min(date) AS d FROM signalements WHERE suite = 'EN_COURS'`))[0]!.d as string;
    expect(firstPending >= '2025-11-01').toBe(true);
  });

  it('effectifs and arrets_longs: one row per département and year', async () => {
    for (const t of ['effectifs', 'arrets_longs']) {
      expect(await num(`SELECT count(*) FROM ${t}`)).toBe(14);
      expect(await num(`SELECT count(DISTINCT (departement, annee)) FROM ${t}`)).toBe(14);
    }
  });

  it('contains the cases the indicators rely on: two accompaniments of one person, open ones, short ISIC', async () => {
    expect(await num(`SELECT count(*) FROM (SELECT assure_id FROM accompagnements GROUP BY 1 HAVING count(*) >= 2)`)).toBeGreaterThan(50);
    expect(
      await num(`
      SELECT count(*) FROM (SELECT assure_id FROM accompagnements GROUP BY 1
        HAVING count(*) FILTER (axe = 'PDP') >= 1 AND count(*) FILTER (axe = 'SPS') >= 1)`),
    ).toBeGreaterThan(10);
    expect(await num(`SELECT count(*) FROM accompagnements WHERE date_fin IS NULL`)).toBeGreaterThan(100);
    expect(await num(`SELECT count(*) FROM accompagnements WHERE date_debut < '2024-01-01'`)).toBeGreaterThan(0);
    const isic = await rows(
      `SELECT count(*) AS n, count(*) FILTER (nb_seances::INTEGER < 3) AS short FROM actions_collectives WHERE type = 'ISIC'`,
    );
    expect(isic[0]!.short as number).toBeLessThan((isic[0]!.n as number) * 0.15);
    expect(await num(`SELECT count(*) FROM satisfaction WHERE satisfaction IS NULL`)).toBeGreaterThan(0);
  });
});

describe('people as real extracts have them (PARCOURS)', { timeout: 60_000 }, () => {
  it('some people are accompanied in two départements, under one pseudonym, on the same axe, shortly after a move', async () => {
    const { min, etendue } = PARCOURS.ecart_demenagement;
    const movers = await rows(`
      WITH a AS (SELECT assure_id, departement, axe, date_debut::DATE AS d, date_fin::DATE AS f FROM accompagnements),
      p AS (SELECT assure_id FROM a GROUP BY 1 HAVING count(DISTINCT departement) >= 2)
      SELECT p.assure_id, EXISTS (
        SELECT 1 FROM a x JOIN a y ON x.assure_id = y.assure_id AND x.departement <> y.departement AND x.axe = y.axe
        WHERE x.assure_id = p.assure_id AND y.d - x.f BETWEEN ${min} AND ${min + etendue}) AS demenagement
      FROM p`);
    expect(movers.length).toBeGreaterThan(20);
    for (const m of movers) {
      expect(m.demenagement, m.assure_id as string).toBe(true);
      // the pseudonym of a person who moved: P + département of origin + M + 10 digits
      expect(m.assure_id as string).toMatch(/^P(\d{2}|2A|2B|\d{3})M\d{10}$/);
    }
  });

  it('some people have an SPS accompaniment running alongside a PDP one, in the same département', async () => {
    expect(
      await num(`
      SELECT count(DISTINCT p.assure_id) FROM accompagnements p JOIN accompagnements s
        ON p.assure_id = s.assure_id AND p.departement = s.departement AND p.axe = 'PDP' AND s.axe = 'SPS'
       AND s.date_debut::DATE BETWEEN p.date_debut::DATE AND coalesce(p.date_fin::DATE, DATE '9999-12-31')`),
    ).toBeGreaterThan(20);
  });
});

describe('pilot effects in the raw output', { timeout: 60_000 }, () => {
  it('flyers (10, 52, 2025): the MEDECIN_TRAITANT share of PDP signalements rises as the parameters say; not elsewhere', async () => {
    const shares = await rows(`
      SELECT departement IN (${PILOTE_FLYERS.departements.map((d) => `'${d}'`).join(', ')}) AS pilote, left(date, 4) AS annee,
        avg((origine = '${PILOTE_FLYERS.origine_supplementaire}')::INTEGER) AS part, count(*) AS n
      FROM signalements WHERE axe = '${PILOTE_FLYERS.axe}' GROUP BY ALL`);
    const part = (pilote: boolean, annee: string) => shares.find((r) => r.pilote === pilote && r.annee === annee)!.part as number;
    // true effect: extra signalements (multiplier m) all from MEDECIN_TRAITANT, on top of the base share p
    const w = DISTRIBUTIONS.origine!.variantes.PDP!;
    const p = w.MEDECIN_TRAITANT! / Object.values(w).reduce((s, x) => s + x, 0);
    const m = PILOTE_FLYERS.multiplicateur_signalements;
    expect((p + (m - 1)) / m).toBeCloseTo(0.09, 2);
    // the base share of these départements varies around p (département heterogeneity)
    expect(Math.abs(part(true, '2024') - p)).toBeLessThan(0.025);
    expect(Math.abs(part(true, '2025') - (part(true, '2024') + (m - 1)) / m)).toBeLessThan(0.03);
    expect(part(true, '2025') - part(true, '2024')).toBeGreaterThan(0.04);
    expect(Math.abs(part(false, '2025') - part(false, '2024'))).toBeLessThan(0.015);
  });

  it('plateformes (39 from 2021): first entretien about 10 days earlier after the start; no change in 25 (placebo)', async () => {
    const d = dir('bfc');
    await generateExtract({ out: d, scale: 'region', organisme: 'CARSAT_BFC', years: [2020, 2021], seed: 3, format: 'csv' });
    const delays = await rows(`
      WITH a AS (SELECT * FROM ${csv(d, 'accompagnements')} WHERE axe = 'PDP' AND departement IN ('39', '25')
                 AND strftime(date_debut::DATE, '%m-%d') BETWEEN '03-01' AND '10-31'),
      f AS (SELECT accompagnement_id, min(date::DATE) AS premier FROM ${csv(d, 'entretiens')} GROUP BY 1)
      SELECT a.departement, left(a.date_debut, 4) AS annee, avg(f.premier - a.date_debut::DATE) AS delai, count(*) AS n
      FROM a JOIN f USING (accompagnement_id) GROUP BY ALL`);
    const delay = (dep: string, y: string) => delays.find((r) => r.departement === dep && r.annee === y)!.delai as number;
    const base = AXES.PDP!.delai_min + AXES.PDP!.delai_moyen_exp - 0.5; // mean of min + floor(exponential × mean)
    expect(Math.abs(delay('39', '2020') - base)).toBeLessThan(3);
    expect(delay('39', '2021') - delay('39', '2020')).toBeGreaterThan(PILOTE_PLATEFORMES.delai_premier_entretien_jours - 4);
    expect(delay('39', '2021') - delay('39', '2020')).toBeLessThan(PILOTE_PLATEFORMES.delai_premier_entretien_jours + 4);
    expect(Math.abs(delay('25', '2021') - delay('25', '2020'))).toBeLessThan(4);
  });
});

describe('determinism, scales and formats', { timeout: 240_000 }, () => {
  it('the same seed gives byte-identical files, another seed different ones (CLI)', async () => {
    const args = (out: string, seed: number) => [
      'generate',
      '--out',
      out,
      '--scale',
      'departement',
      '--years',
      '2025',
      '--seed',
      String(seed),
    ];
    expect(await main(args(dir('s1a'), 1), silent)).toBe(0);
    expect(await main(args(dir('s1b'), 1), silent)).toBe(0);
    expect(await main(args(dir('s2'), 2), silent)).toBe(0);
    const [a, b, c] = [hashes(dir('s1a')), hashes(dir('s1b')), hashes(dir('s2'))];
    expect(Object.keys(a)).toHaveLength(TABLES.length + 1);
    expect(b).toEqual(a);
    for (const f of ['accompagnements.csv', 'entretiens.csv', 'signalements.csv']) expect(c[f], f).not.toBe(a[f]);
  });

  it('a département run is exactly the département part of a larger run with the same seed', async () => {
    await generateExtract({ out: dir('aube'), scale: 'departement', departement: '10', years: [2024, 2025], seed: 7, format: 'csv' });
    for (const t of ['accompagnements', 'signalements', 'entretiens'] as const) {
      const sub =
        t === 'entretiens'
          ? `SELECT e.* FROM entretiens e JOIN accompagnements a USING (accompagnement_id) WHERE a.departement = '10'`
          : `SELECT * FROM ${t} WHERE departement = '10'`;
      const n = await num(`SELECT count(*) FROM ${csv(dir('aube'), t)}`);
      expect(n, t).toBeGreaterThan(0);
      expect(await num(`SELECT count(*) FROM (${sub})`), t).toBe(n);
      expect(await num(`SELECT count(*) FROM (${sub} EXCEPT SELECT * FROM ${csv(dir('aube'), t)})`), t).toBe(0);
    }
  });

  it('Parquet output has the same columns and the same rows as the CSV output', async () => {
    await generateExtract({ out: dir('pq'), scale: 'departement', departement: '10', years: [2024, 2025], seed: 7, format: 'parquet' });
    for (const t of TABLES) {
      const pq = `read_parquet('${join(dir('pq'), `${t.name}.parquet`)}')`;
      const cols = await rows(`DESCRIBE SELECT * FROM ${pq}`);
      expect(
        cols.map((c) => c.column_name),
        t.name,
      ).toEqual(t.columns.map((c) => c.name));
      const asText = t.columns.map((c) => `CAST("${c.name}" AS VARCHAR)`).join(', ');
      const a = `SELECT ${asText} FROM ${pq}`;
      const b = `SELECT ${asText} FROM ${csv(dir('aube'), t.name)}`;
      expect(await num(`SELECT count(*) FROM (${a} EXCEPT ALL ${b})`), t.name).toBe(0);
      expect(await num(`SELECT count(*) FROM (${b} EXCEPT ALL ${a})`), t.name).toBe(0);
    }
    expect(tableSpec('effectifs').columns.map((c) => c.name)).toContain('etp_assistants');
  });

  it('rejects bad arguments with exit code 2 and a French message', async () => {
    const cases = [
      [],
      ['--out', dir('x'), '--scale', 'monde'],
      ['--out', dir('x'), '--years', '2025-2020'],
      ['--out', dir('x'), '--years', 'vingt'],
      ['--out', dir('x'), '--format', 'xlsx'],
      ['--out', dir('x'), '--seed', '-3'],
      ['--out', dir('x'), '--scale', 'departement', '--departement', '99'],
      ['--out', dir('x'), '--scale', 'region', '--organisme', 'CARSAT_XX'],
      ['--out', dir('x'), '--departement', '10'],
      ['--out', dir('x'), '--inconnue', '1'],
    ];
    for (const args of cases) {
      const err: string[] = [];
      expect(await main(['generate', ...args], { out: () => {}, err: (t) => err.push(t) }), args.join(' ')).toBe(2);
      expect(err.join(''), args.join(' ')).toMatch(/^bilan generate : /);
    }
  });
});
