// Loads as a whole: idempotent reloads (content hash), a failure midway leaving the warehouse
// exactly as before, unknown files ignored, and the `bilan ingest` command (report, exit codes).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { TABLES } from '../../src/contract/schema.ts';
import { ingestFolder, type LoadReport } from '../../src/ingest/index.ts';
import { closeWarehouse, openWarehouse, type Warehouse } from '../../src/warehouse/db.ts';
import { H, acc, checkInvariants, counts, csv, extract, file, ingest, memoryWarehouse, rows } from './helpers.ts';

/** Every table of the warehouse with its row count and a checksum of its content. */
async function snapshot(w: Warehouse): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of [...TABLES.map((x) => x.name), 'load_files', 'load_rejects', 'load_warnings']) {
    const [r] = await rows<{ n: number; h: string }>(
      w,
      `SELECT count(*)::INT AS n, coalesce(sum(hash(x)::HUGEINT), 0)::VARCHAR AS h FROM "${t}" x`,
    );
    out[t] = `${r!.n}/${r!.h}`;
  }
  return out;
}

const extractFiles = {
  'accompagnements.csv': csv(H.accompagnements, acc('A1'), acc('A2', { 3: 'X' })),
  'entretiens.csv': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO'),
  'actions_collectives.csv': csv(H.actions_collectives, 'C1;01;ISIC;PDP;2024-01-10;2;12'),
  'lisez-moi.txt': 'notes',
};

describe('reloads', () => {
  it('loading the same files twice loads them once (already_loaded, nothing new)', async () => {
    const { w, r, dir } = await ingest(extractFiles);
    expect(r.files.map((f) => [f.file, f.status])).toEqual([
      ['accompagnements.csv', 'loaded'],
      ['actions_collectives.csv', 'loaded'],
      ['entretiens.csv', 'loaded'],
      ['lisez-moi.txt', 'ignored'],
    ]);
    expect(file(r, 'lisez-moi.txt').warnings[0]!.code).toBe('table_inconnue');
    const before = await snapshot(w);
    // Same folder again, plus a copy of a file under another name of the same table.
    writeFileSync(join(dir, 'entretiens_copie.csv'), extractFiles['entretiens.csv']);
    const again = await ingestFolder(w, dir);
    checkInvariants(again);
    expect(again.files.map((f) => [f.file, f.status])).toEqual([
      ['accompagnements.csv', 'already_loaded'],
      ['actions_collectives.csv', 'already_loaded'],
      ['entretiens.csv', 'already_loaded'],
      ['entretiens_copie.csv', 'already_loaded'],
      ['lisez-moi.txt', 'ignored'],
    ]);
    expect(file(again, 'entretiens_copie.csv').warnings[0]!.message).toContain('« entretiens.csv »');
    expect([again.rows_read, again.rows_loaded, again.rows_rejected]).toEqual([0, 0, 0]);
    expect(await snapshot(w)).toEqual(before);
  });

  it('a copy inside one extract is loaded once', async () => {
    const { r } = await ingest({ 'entretiens_a.csv': csv(H.entretiens), 'entretiens_b.csv': csv(H.entretiens) });
    expect(r.files.map((f) => f.status)).toEqual(['loaded', 'already_loaded']);
  });
});

describe('report', () => {
  it('lists at most 100 errors per file, first lines first, with exact counts', async () => {
    const bad = Array.from({ length: 150 }, (_, i) => `E${i};A1;2024-02-01;FAX`);
    const { w, r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1')),
      'entretiens.csv': csv(H.entretiens, ...bad),
    });
    const f = file(r, 'entretiens.csv');
    expect(counts(f)).toEqual([150, 0, 150]);
    expect(f.errors.length).toBe(100);
    expect(f.errors[0]!.line).toBe(2);
    expect(f.errors[99]!.line).toBe(101);
    expect(await rows(w, `SELECT count(*)::INT AS n FROM load_rejects WHERE table_name = 'entretiens'`)).toEqual([{ n: 150 }]);
  });
});

describe('one transaction', () => {
  for (const stage of ['insert:accompagnements', 'insert:entretiens', 'commit']) {
    it(`a failure at ${stage} leaves every table as it was`, async () => {
      const { w } = await ingest({ 'accompagnements_0.csv': csv(H.accompagnements, acc('A0')) });
      const before = await snapshot(w);
      const dir = extract(extractFiles);
      await expect(
        ingestFolder(w, dir, {
          onStage: (s) => {
            if (s === stage) throw new Error('panne simulée');
          },
        }),
      ).rejects.toThrow('panne simulée');
      expect(await snapshot(w)).toEqual(before);
      // No temporary table left behind, and the same folder then loads normally.
      expect(await rows(w, `SELECT count(*)::INT AS n FROM duckdb_tables() WHERE temporary`)).toEqual([{ n: 0 }]);
      const r = await ingestFolder(w, dir);
      expect(counts(file(r, 'accompagnements.csv'))).toEqual([2, 1, 1]);
      expect(counts(file(r, 'entretiens.csv'))).toEqual([1, 1, 0]);
    });
  }
});

describe('bilan ingest', () => {
  /** Runs the CLI, capturing stdout and stderr. */
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '',
      err = '';
    const code = await main(['ingest', ...args], {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
    });
    return { code, out, err };
  }

  it('--json prints only the report; --strict exits 1 when something was rejected or a file ignored; a missing folder exits 2', async () => {
    const dir = extract(extractFiles);
    const db = join(mkdtempSync(join(tmpdir(), 'bilan-db-')), 'w.duckdb');
    const first = await cli([dir, '--db', db, '--json', '--strict']);
    expect(first.code).toBe(1);
    const report = JSON.parse(first.out) as LoadReport;
    checkInvariants(report);
    expect([report.rows_read, report.rows_loaded, report.rows_rejected]).toEqual([4, 3, 1]);
    expect(Object.keys(report.files[0]!)).toEqual([
      'file',
      'table',
      'status',
      'rows_read',
      'rows_loaded',
      'rows_rejected',
      'errors',
      'warnings',
    ]);
    // Nothing new is loaded, but lisez-moi.txt is still ignored: --strict says so (issue 12).
    const second = await cli([dir, '--db', db, '--strict']);
    expect(second.code).toBe(1);
    expect(second.out).toBe('');
    expect(second.err).toContain('accompagnements.csv [accompagnements] : déjà chargé');
    const w = await openWarehouse(db);
    expect(await rows(w, `SELECT count(*)::INT AS n FROM accompagnements`)).toEqual([{ n: 1 }]);
    closeWarehouse(w);
    const missing = await cli([join(dir, 'absent'), '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("n'existe pas");
  });

  it('works on an in-memory warehouse opened by another caller', async () => {
    const w = await memoryWarehouse();
    const r = await ingestFolder(w, extract({ 'entretiens.csv': csv(H.entretiens) }));
    expect(r.files[0]!.status).toBe('loaded');
    closeWarehouse(w);
  });
});
