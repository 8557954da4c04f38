// Kinds of files of issue 12 found by an outsider pass: a table written as a folder (pandas,
// pyarrow, Spark, hive partitions), a file whose extension lies about its content, an unreadable
// Parquet file, and their neighbours (empty Parquet, gzip, zip, .ods, HTML saved as .xls).
// Counts, codes and lines worked out by hand; the privacy rule checked on everything written.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { lit } from '../../src/warehouse/db.ts';
import { H, acc, checkInvariants, counts, csv, extract, file, ingest, memoryWarehouse, problems, rows } from './helpers.ts';
import { ingestFolder } from '../../src/ingest/index.ts';

/** A valid NIR (key 97 − 1850578006084 mod 97). */
const NIR = '185057800608491';

const codes = (f: { warnings: { line: number | null; column: string | null; code: string }[] }) =>
  f.warnings.map((x) => [x.line, x.column, x.code]);

/** The bytes of a Parquet file written by DuckDB from a query. */
async function parquet(sql: string): Promise<Buffer> {
  const w = await memoryWarehouse();
  const path = join(mkdtempSync(join(tmpdir(), 'bilan-pq-')), 'x.parquet');
  await w.con.run(`COPY (${sql}) TO ${lit(path)} (FORMAT parquet)`);
  return readFileSync(path);
}

/** Entretiens as a query: [id, accompagnement, date, mode] rows. */
const entretiens = (...r: [string, string, string, string][]) =>
  `SELECT * FROM (VALUES ${r.map((x) => `(${x.map(lit).join(', ')})`).join(', ')}) t(entretien_id, accompagnement_id, date, mode)`;

/** Every text of a report and of the load tables, for the privacy checks. */
async function everything(w: Awaited<ReturnType<typeof ingest>>['w'], r: unknown): Promise<string> {
  const tables = await Promise.all(['load_rejects', 'load_warnings', 'load_files'].map((t) => rows(w, `SELECT * FROM ${t}`)));
  return JSON.stringify([r, tables], (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
}

const parent = { 'accompagnements.csv': csv(H.accompagnements, acc('A1'), acc('A2')) };

describe('a table written as a folder (dataset) is read as that table, file by file', () => {
  it('pandas/pyarrow `entretiens.parquet/part-N.parquet` with _SUCCESS, _common_metadata and .crc: each part its own file, lines per part', async () => {
    const { w, r } = await ingest({
      ...parent,
      'entretiens.parquet/_SUCCESS': '',
      'entretiens.parquet/_common_metadata': 'PAR1 métadonnées',
      'entretiens.parquet/.part-0.parquet.crc': 'crc',
      'entretiens.parquet/part-0.parquet': await parquet(
        entretiens(['E1', 'A1', '2024-02-01', 'VISIO'], ['E2', 'A1', '2024-02-02', 'TELEPHONE']),
      ),
      'entretiens.parquet/part-1.parquet': await parquet(
        entretiens(['E3', 'A2', '2024-03-01', 'VISIO'], ['E4', 'A2', '2024-03-02', 'FAX']),
      ),
    });
    expect(r.files.map((f) => [f.file, f.status, ...counts(f)])).toEqual([
      ['accompagnements.csv', 'loaded', 2, 2, 0],
      ['entretiens.parquet/part-0.parquet', 'loaded', 2, 2, 0],
      ['entretiens.parquet/part-1.parquet', 'loaded', 2, 1, 1],
    ]);
    const p1 = file(r, 'entretiens.parquet/part-1.parquet');
    expect(problems(p1)).toEqual([[3, 'mode', 'code_inconnu']]);
    expect(codes(p1)).toEqual([[null, null, 'dossier_jeu_de_donnees']]);
    expect(p1.warnings[0]!.message).toContain('le dossier « entretiens.parquet » est lu comme un jeu de données');
    expect(await rows(w, `SELECT fichier, ligne FROM load_rejects`)).toEqual([{ fichier: 'entretiens.parquet/part-1.parquet', ligne: 3 }]);
    expect(await rows(w, `SELECT count(*)::INT AS n FROM entretiens`)).toEqual([{ n: 3 }]);
  });

  it('Spark `entretiens/part-00000-….snappy.parquet` and hive partitions `annee=2024/`: the partition column is ignored with the usual warning', async () => {
    const { w, r } = await ingest({
      ...parent,
      'entretiens/_SUCCESS': '',
      'entretiens/annee=2024/part-00000-3f1c.c000.snappy.parquet': await parquet(entretiens(['E1', 'A1', '2024-02-01', 'VISIO'])),
      'entretiens/annee=2024/.part-00000-3f1c.c000.snappy.parquet.crc': 'crc',
      'entretiens/annee=2024/part-00001-3f1c.c000': await parquet(entretiens(['E4', 'A1', '2024-02-03', 'VISIO'])),
      'entretiens/annee=2025/part-00000-3f1c.c000.snappy.parquet': await parquet(
        entretiens(['E2', 'A2', '2024-03-01', 'VISIO'], ['E3', 'A9', '2024-03-02', 'TELEPHONE']),
      ),
    });
    const a = file(r, 'entretiens/annee=2024/part-00000-3f1c.c000.snappy.parquet');
    // A Hive/Spark part without a format's extension is read by its content, with no warning for it.
    const c = file(r, 'entretiens/annee=2024/part-00001-3f1c.c000');
    expect([counts(c), codes(c)]).toEqual([
      [1, 1, 0],
      [
        [null, 'annee', 'colonne_ignoree'],
        [null, null, 'dossier_jeu_de_donnees'],
      ],
    ]);
    const b = file(r, 'entretiens/annee=2025/part-00000-3f1c.c000.snappy.parquet');
    expect([counts(a), counts(b)]).toEqual([
      [1, 1, 0],
      [2, 1, 1],
    ]);
    expect(codes(b)).toEqual([
      [null, 'annee', 'colonne_ignoree'],
      [null, null, 'dossier_jeu_de_donnees'],
    ]);
    expect(problems(b)).toEqual([[3, 'accompagnement_id', 'reference_inconnue']]);
    expect(r.files).toHaveLength(4);
    expect(await rows(w, `SELECT fichier, ligne FROM load_rejects`)).toEqual([
      { fichier: 'entretiens/annee=2025/part-00000-3f1c.c000.snappy.parquet', ligne: 3 },
    ]);
  });

  it('a hive partition named after a contract column gives that column its value (from the folder name)', async () => {
    const q = (id: string) => `SELECT '${id}' AS instance_id, 'IC_PDP' AS "type", DATE '2024-03-01' AS "date"`;
    const { w, r } = await ingest({
      'instances/departement=01/part-0.parquet': await parquet(q('I1')),
      'instances/departement=2A/part-0.parquet': await parquet(q('I2')),
    });
    expect(r.files.map((f) => [f.file, ...counts(f), codes(f)])).toEqual([
      ['instances/departement=01/part-0.parquet', 1, 1, 0, [[null, null, 'dossier_jeu_de_donnees']]],
      ['instances/departement=2A/part-0.parquet', 1, 1, 0, [[null, null, 'dossier_jeu_de_donnees']]],
    ]);
    expect(await rows(w, `SELECT instance_id, departement FROM instances ORDER BY 1`)).toEqual([
      { instance_id: 'I1', departement: '01' },
      { instance_id: 'I2', departement: '2A' },
    ]);
  });

  it('`clé=valeur` folders of the path to the extract itself are not partitions: no column added', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'bilan-hive-')), 'annee=2024');
    mkdirSync(join(dir, 'instances'), { recursive: true });
    const q = `SELECT 'I1' AS instance_id, '01' AS departement, 'IC_PDP' AS "type", DATE '2024-03-01' AS "date"`;
    writeFileSync(join(dir, 'instances.parquet'), await parquet(q));
    writeFileSync(join(dir, 'instances', 'part-0.parquet'), await parquet(q.replace('I1', 'I2')));
    const w = await memoryWarehouse();
    const r = await ingestFolder(w, dir);
    checkInvariants(r);
    expect(r.files.map((f) => [f.file, ...counts(f), codes(f)])).toEqual([
      ['instances/part-0.parquet', 1, 1, 0, [[null, null, 'dossier_jeu_de_donnees']]],
      ['instances.parquet', 1, 1, 0, []],
    ]);
  });

  it('a refused part (NIR) makes its children parent_rejete; the NIR appears nowhere', async () => {
    const { w, r } = await ingest({
      'accompagnements/part-0.csv': csv(H.accompagnements, acc('A1'), acc('A2', { 1: NIR })),
      'entretiens.csv': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO', 'E2;A2;2024-02-01;VISIO'),
    });
    expect(file(r, 'accompagnements/part-0.csv').status).toBe('refused');
    expect(counts(file(r, 'accompagnements/part-0.csv'))).toEqual([2, 0, 2]);
    expect(problems(file(r, 'entretiens.csv'))).toEqual([
      [2, 'accompagnement_id', 'parent_rejete'],
      [3, 'accompagnement_id', 'parent_rejete'],
    ]);
    expect(await everything(w, r)).not.toContain(NIR);
  });

  it('a NIR as a partition value refuses the part (the column DuckDB adds from the folder), masked in its name; the NIR appears nowhere', async () => {
    const { w, r } = await ingest({
      ...parent,
      [`entretiens/assure=${NIR}/part-0.parquet`]: await parquet(entretiens(['E1', 'A1', '2024-02-01', 'VISIO'])),
    });
    const f = file(r, 'entretiens/assure=[NIR masqué]/part-0.parquet');
    expect([f.status, ...counts(f)]).toEqual(['refused', 1, 0, 1]);
    expect(problems(f)).toEqual([[null, 'assure', 'donnees_identifiantes']]);
    expect(await everything(w, r)).not.toMatch(/1\s?85\s?05/);
  });

  it('a folder named after no table is ignored, its records counted; an empty table folder is ignored', async () => {
    const { r } = await ingest({
      ...parent,
      'export_2024/entretiens.parquet': await parquet(
        entretiens(['E1', 'A1', '2024-02-01', 'VISIO'], ['E2', 'A1', '2024-02-01', 'TELEPHONE']),
      ),
      'export_2024/_SUCCESS': '',
      'export_2024/notes.csv': csv('a;b', '1;2', '3;4', '5;6'),
      'export_2024/vieux/notes.csv.gz': gzipSync(csv('a;b', '1;2')),
      'entretiens/_SUCCESS': '',
    });
    const x = file(r, 'export_2024');
    expect([x.status, ...counts(x)]).toEqual(['ignored', 6, 0, 6]);
    expect(codes(x)).toEqual([[null, null, 'table_inconnue']]);
    expect(x.warnings[0]!.message).toContain("c'est un dossier dont le nom ne commence par aucun nom de table");
    const e = file(r, 'entretiens');
    expect([e.status, ...counts(e)]).toEqual(['ignored', 0, 0, 0]);
    expect(e.warnings[0]!.message).toContain('sans fichier de données');
  });
});

describe('a file whose extension lies is read by its content, with a warning naming both', () => {
  it('a CSV named .xlsx, a Parquet named .csv, a CSV named .parquet', async () => {
    const { w, r } = await ingest({
      'accompagnements.xlsx': csv(H.accompagnements, acc('A1'), acc('A2', { 3: 'XXX' })),
      'entretiens.csv': await parquet(entretiens(['E1', 'A1', '2024-02-01', 'VISIO'])),
      'instances.parquet': csv(H.instances, 'I1;01;IC_PDP;2024-03-01', 'I2;01;FAX;2024-03-01'),
    });
    expect(r.files.map((f) => [f.file, f.status, ...counts(f)])).toEqual([
      ['accompagnements.xlsx', 'loaded', 2, 1, 1],
      ['entretiens.csv', 'loaded', 1, 1, 0],
      ['instances.parquet', 'loaded', 2, 1, 1],
    ]);
    expect(problems(file(r, 'accompagnements.xlsx'))).toEqual([[3, 'axe', 'code_inconnu']]);
    expect(problems(file(r, 'instances.parquet'))).toEqual([[3, 'type', 'code_inconnu']]);
    for (const f of r.files) expect(codes(f)).toEqual([[null, null, 'format_selon_contenu']]);
    expect(file(r, 'accompagnements.xlsx').warnings[0]!.message).toContain(
      'son extension « .xlsx » ne correspond pas à son contenu, qui est du texte délimité (CSV)',
    );
    expect(file(r, 'entretiens.csv').warnings[0]!.message).toContain('qui est un fichier Parquet');
    expect(await rows(w, `SELECT fichier, format FROM load_files ORDER BY id`)).toEqual([
      { fichier: 'accompagnements.xlsx', format: 'csv' },
      { fichier: 'entretiens.csv', format: 'parquet' },
      { fichier: 'instances.parquet', format: 'csv' },
    ]);
  });

  it('a workbook named .csv (or .xls) is read as a workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('instances');
    ws.addRow(['instance_id', 'departement', 'type', 'date']);
    ws.addRow(['I1', '01', 'IC_PDP', '2024-03-01']);
    ws.addRow(['I2', '01', 'FAX', '2024-03-01']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const { r } = await ingest({ 'instances.csv': bytes, 'instances_2.xls': bytes });
    expect(counts(file(r, 'instances.csv'))).toEqual([2, 1, 1]);
    expect(problems(file(r, 'instances.csv'))).toEqual([[3, 'type', 'code_inconnu']]);
    expect(file(r, 'instances.csv').warnings[0]!.message).toContain('qui est un classeur Excel .xlsx');
    // Same bytes: not read twice.
    expect(file(r, 'instances_2.xls').status).toBe('already_loaded');
  });

  it('a real legacy .xls (OLE2), an .ods, an .xlsx that is an .ods, an HTML page saved as .xls: refused with advice', async () => {
    const zip = new JSZip();
    zip.file('mimetype', 'application/vnd.oasis.opendocument.spreadsheet', { compression: 'STORE' });
    zip.file('content.xml', '<office:document-content/>');
    const ods = await zip.generateAsync({ type: 'nodebuffer' });
    const { r } = await ingest({
      'accompagnements.xls': Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
      'entretiens.ods': ods,
      'instances.xlsx': ods,
      'signalements.xls': '<html><body><table><tr><td>signalement_id</td></tr></table></body></html>',
    });
    for (const f of r.files) {
      expect(f.status, f.file).toBe('refused');
      expect(problems(f), f.file).toEqual([[null, null, 'fichier_illisible']]);
    }
    expect(file(r, 'accompagnements.xls').errors[0]!.message).toContain('classeur Excel 97-2003 (.xls');
    expect(file(r, 'accompagnements.xls').errors[0]!.message).toContain('enregistrer le classeur au format .xlsx');
    for (const f of r.files)
      expect(f.errors[0]!.message, f.file).toContain("son nombre d'enregistrements ne peut pas être connu, il est compté 0");
    expect(file(r, 'entretiens.ods').errors[0]!.message).toContain('classeur OpenDocument (.ods)');
    expect(file(r, 'instances.xlsx').errors[0]!.message).toContain('« Enregistrer sous » .xlsx');
    expect(file(r, 'signalements.xls').errors[0]!.message).toContain('page HTML ou XML');
  });
});

describe('an extension of no data format', () => {
  it('`.bak`, `.parquet~` (backups) are refused (not meant as data) with their records counted by content; a file without extension is read with a warning', async () => {
    const { r } = await ingest({
      ...parent,
      'entretiens.csv.bak': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO', 'E2;A1;2024-02-01;VISIO'),
      'entretiens_old.parquet~': await parquet(entretiens(['E1', 'A1', '2024-02-01', 'VISIO'])),
      entretiens_2024: csv(H.entretiens, 'E3;A2;2024-02-01;VISIO'),
    });
    expect(r.files.map((f) => [f.file, f.status, ...counts(f)])).toEqual([
      ['accompagnements.csv', 'loaded', 2, 2, 0],
      ['entretiens.csv.bak', 'refused', 2, 0, 2],
      ['entretiens_2024', 'loaded', 1, 1, 0],
      ['entretiens_old.parquet~', 'refused', 1, 0, 1],
    ]);
    expect(file(r, 'entretiens.csv.bak').errors[0]!.message).toContain(
      'format non pris en charge (fichiers .csv, .txt, .tsv, .parquet ou .xlsx attendus) ; son contenu est du texte délimité (CSV) ; ses 2 enregistrement(s) sont comptés rejetés',
    );
    expect(file(r, 'entretiens_2024').warnings[0]!.message).toContain('son extension « (sans extension) »');
  });

  it('a JSON document (metadata beside the extract, or a table exported as JSON, whatever its extension) is no table: nothing counted from its lines', async () => {
    const meta = `{\n  "extraction": "2025-01-31",\n  "tables": [\n    "entretiens"\n  ]\n}\n`;
    const records = `[\n  {"entretien_id": "E1", "accompagnement_id": "A1", "date": "2024-02-01", "mode": "VISIO"}\n]\n`;
    const lines = `{"entretien_id": "E1"}\n{"entretien_id": "E2"}\n`;
    const { r } = await ingest({ ...parent, 'metadonnees.json': meta, 'entretiens.json': records, 'entretiens.csv': lines });
    expect(r.files.map((f) => [f.file, f.status, ...counts(f)])).toEqual([
      ['accompagnements.csv', 'loaded', 2, 2, 0],
      ['entretiens.csv', 'refused', 0, 0, 0],
      ['entretiens.json', 'refused', 0, 0, 0],
      ['metadonnees.json', 'ignored', 0, 0, 0],
    ]);
    for (const f of ['entretiens.csv', 'entretiens.json']) expect(file(r, f).errors[0]!.message).toContain("c'est un document JSON");
  });
});

describe('other binary formats are refused by their content, with advice', () => {
  it('an Arrow/Feather file named .parquet, an encrypted Parquet, a zstd-compressed CSV', async () => {
    const { r } = await ingest({
      ...parent,
      'entretiens.parquet': Buffer.concat([Buffer.from('ARROW1\0\0'), Buffer.alloc(32)]),
      'entretiens_2.parquet': Buffer.concat([Buffer.from('PARE'), Buffer.alloc(32), Buffer.from('PARE')]),
      'entretiens_3.csv.zst': Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0, 0]),
    });
    const msg = (n: string) => file(r, n).errors[0]!.message;
    for (const n of ['entretiens.parquet', 'entretiens_2.parquet', 'entretiens_3.csv.zst']) {
      expect([file(r, n).status, ...counts(file(r, n))], n).toEqual(['refused', 0, 0, 0]);
      expect(problems(file(r, n)), n).toEqual([[null, null, 'fichier_illisible']]);
    }
    expect(msg('entretiens.parquet')).toContain("c'est un fichier Arrow IPC / Feather, pas un tableau CSV, Parquet ou .xlsx");
    expect(msg('entretiens_2.parquet')).toContain('Parquet chiffré');
    expect(msg('entretiens_3.csv.zst')).toContain("le décompresser dans le dossier de l'extrait");
  });
});

describe('an unreadable Parquet file is refused, its records counted when its footer can be read', () => {
  const good = () =>
    parquet(entretiens(['E1', 'A1', '2024-02-01', 'VISIO'], ['E2', 'A1', '2024-02-02', 'TELEPHONE'], ['E3', 'A2', '2024-03-01', 'VISIO']));

  it('truncated (no PAR1 at the end): the number of records cannot be known, said so, counted 0; no path in the message', async () => {
    const b = await good();
    const { r } = await ingest({ ...parent, 'entretiens.parquet': b.subarray(0, b.length >> 1) });
    const f = file(r, 'entretiens.parquet');
    expect([f.status, ...counts(f)]).toEqual(['refused', 0, 0, 0]);
    expect(f.errors[0]!.message).toContain('fichier tronqué');
    expect(f.errors[0]!.message).toContain("son nombre d'enregistrements ne peut pas être connu, il est compté 0");
    expect(f.errors[0]!.message).not.toContain(tmpdir());
  });

  it('a corrupt footer (metadata): refused, the number of records cannot be known', async () => {
    const b = Buffer.from(await good());
    const len = b.readInt32LE(b.length - 8);
    b.fill(0xab, b.length - 8 - len, b.length - 8);
    const { r } = await ingest({ ...parent, 'entretiens.parquet': b });
    const f = file(r, 'entretiens.parquet');
    expect([f.status, ...counts(f)]).toEqual(['refused', 0, 0, 0]);
    expect(f.errors[0]!.message).toContain('ne peut pas être connu');
    expect(f.errors[0]!.message).not.toContain(tmpdir());
  });

  it('a data page that cannot be decoded: refused, its 3 records (from the footer) counted rejected; children of such a parent get parent_rejete', async () => {
    const corrupt = (x: Buffer) => {
      const b = Buffer.from(x);
      for (let i = 4; i < 60; i++) b[i]! ^= 0xff;
      return b;
    };
    const accs = await parquet(
      `SELECT * FROM (VALUES (${acc('A1').split(';').map(lit).join(', ')})) t(${H.accompagnements.replaceAll(';', ', ')})`,
    );
    const { r } = await ingest({
      'accompagnements.parquet': corrupt(accs),
      'entretiens.csv': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO'),
      'entretiens.parquet': corrupt(await good()),
    });
    const f = file(r, 'entretiens.parquet');
    expect([f.status, ...counts(f)]).toEqual(['refused', 3, 0, 3]);
    expect(problems(f)).toEqual([[null, null, 'fichier_illisible']]);
    expect(counts(file(r, 'accompagnements.parquet'))).toEqual([1, 0, 1]);
    expect(problems(file(r, 'entretiens.csv'))).toEqual([[2, 'accompagnement_id', 'parent_rejete']]);
  });

  it('an empty (0 byte) Parquet file is refused as empty; a Parquet file with a schema and no row loads nothing', async () => {
    const { r } = await ingest({
      ...parent,
      'entretiens.parquet': Buffer.alloc(0),
      'entretiens_vide.parquet': await parquet(`${entretiens(['E1', 'A1', '2024-02-01', 'VISIO'])} LIMIT 0`),
    });
    expect(problems(file(r, 'entretiens.parquet'))).toEqual([[null, null, 'fichier_vide']]);
    expect(counts(file(r, 'entretiens.parquet'))).toEqual([0, 0, 0]);
    expect([file(r, 'entretiens_vide.parquet').status, ...counts(file(r, 'entretiens_vide.parquet'))]).toEqual(['loaded', 0, 0, 0]);
  });
});

describe('compressed files', () => {
  it('a .csv.gz is decompressed and read by its content; a .gz of a Parquet too', async () => {
    const { w, r } = await ingest({
      ...parent,
      'entretiens.csv.gz': gzipSync(csv(H.entretiens, 'E1;A1;2024-02-01;VISIO', 'E2;A1;2024-02-01;FAX')),
      'entretiens_2.parquet.gz': gzipSync(await parquet(entretiens(['E3', 'A2', '2024-03-01', 'VISIO']))),
    });
    expect(counts(file(r, 'entretiens.csv.gz'))).toEqual([2, 1, 1]);
    expect(problems(file(r, 'entretiens.csv.gz'))).toEqual([[3, 'mode', 'code_inconnu']]);
    expect(file(r, 'entretiens.csv.gz').warnings).toEqual([]);
    expect(counts(file(r, 'entretiens_2.parquet.gz'))).toEqual([1, 1, 0]);
    expect(await rows(w, `SELECT fichier, format, encodage FROM load_files WHERE table_name = 'entretiens' ORDER BY id`)).toEqual([
      { fichier: 'entretiens.csv.gz', format: 'gzip', encodage: 'UTF-8' },
      { fichier: 'entretiens_2.parquet.gz', format: 'gzip', encodage: null },
    ]);
  });

  it('a .zip of CSV files is refused with the advice to unzip it into the folder', async () => {
    const zip = new JSZip();
    zip.file('entretiens.csv', csv(H.entretiens, 'E1;A1;2024-02-01;VISIO'));
    zip.file(
      '2024/entretiens_2.parquet',
      await parquet(entretiens(['E2', 'A1', '2024-02-01', 'VISIO'], ['E3', 'A1', '2024-02-01', 'VISIO'])),
    );
    zip.file('__MACOSX/._entretiens.csv', 'x\ny\n');
    const { r } = await ingest({ ...parent, 'entretiens.zip': await zip.generateAsync({ type: 'nodebuffer' }) });
    const f = file(r, 'entretiens.zip');
    expect([f.status, ...counts(f)]).toEqual(['refused', 3, 0, 3]);
    expect(f.errors[0]!.message).toContain("la décompresser dans le dossier de l'extrait");
    expect(f.errors[0]!.message).toContain('ses 3 enregistrement(s)');
  });
});

describe('entries that are neither files nor folders', () => {
  it('a broken link, a named pipe and a link that loops, at the top or in a table folder, are ignored without being opened; nothing escapes', async () => {
    const dir = extract({ ...parent, 'entretiens/part-0.csv': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO') });
    symlinkSync(join(dir, 'nulle-part.csv'), join(dir, 'entretiens_lien.csv'));
    symlinkSync(join(dir, 'nulle-part.csv'), join(dir, 'entretiens', 'part-1.csv'));
    symlinkSync(join(dir, 'entretiens'), join(dir, 'entretiens', 'boucle'));
    execFileSync('mkfifo', [join(dir, 'entretiens_tube.csv'), join(dir, 'entretiens', 'part-2.csv')]);
    const w = await memoryWarehouse();
    const r = await ingestFolder(w, dir);
    checkInvariants(r);
    expect(r.files.map((f) => [f.file, f.status, ...counts(f)])).toEqual([
      ['accompagnements.csv', 'loaded', 2, 2, 0],
      ['entretiens/part-0.csv', 'loaded', 1, 1, 0],
      ['entretiens_lien.csv', 'ignored', 0, 0, 0],
      ['entretiens_tube.csv', 'ignored', 0, 0, 0],
    ]);
    expect(file(r, 'entretiens_tube.csv').warnings[0]!.message).toContain("ce n'est ni un fichier ni un dossier lisible");
  });
});

describe('an extract given by a relative path', () => {
  it('its Parquet files, top-level and in a dataset folder, are read (the link DuckDB reads them by points to the file itself)', async () => {
    const dir = extract({
      ...parent,
      'entretiens.parquet': await parquet(entretiens(['E1', 'A1', '2024-02-01', 'VISIO'])),
      'entretiens_2.parquet/part-0.parquet': await parquet(entretiens(['E2', 'A2', '2024-02-01', 'VISIO'])),
    });
    const w = await memoryWarehouse();
    const r = await ingestFolder(w, relative(process.cwd(), dir));
    checkInvariants(r);
    expect(r.files.map((f) => [f.file, f.status, ...counts(f)])).toEqual([
      ['accompagnements.csv', 'loaded', 2, 2, 0],
      ['entretiens.parquet', 'loaded', 1, 1, 0],
      ['entretiens_2.parquet/part-0.parquet', 'loaded', 1, 1, 0],
    ]);
  });
});
