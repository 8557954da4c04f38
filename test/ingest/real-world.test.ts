// The kinds of real-world extracts of issue 12, one small file each, with counts, codes and lines
// worked out by hand: record framing, line ends, Excel's sep= line, encodings, headers, invisible
// characters, dates, département codes, file names, oversized records, Excel workbooks, empty folders.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { InputError } from '../../src/errors.ts';
import { ingestFolder } from '../../src/ingest/index.ts';
import { H, acc, checkInvariants, counts, csv, extract, file, ingest, memoryWarehouse, problems, rows } from './helpers.ts';

const codes = (f: { warnings: { line: number | null; column: string | null; code: string }[] }) =>
  f.warnings.map((x) => [x.line, x.column, x.code]);

describe('1. record framing (RFC 4180: a quote opens a field only at its start)', () => {
  it('a quote inside an unquoted field is a literal character: every record loads', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(
        `${H.accompagnements};commentaire`,
        `${acc('A1')};RAS`,
        `${acc('A2')};écran 24" adapté`,
        `${acc('A3')};RAS`,
        `${acc('A4')};poste 27" et écran 24"`,
        `${acc('A5', { 1: 'P"5' })};x`,
      ),
    });
    expect(counts(file(r, 'accompagnements.csv'))).toEqual([5, 5, 0]);
    expect(await rows(w, `SELECT accompagnement_id AS id, assure_id AS a, _ligne FROM accompagnements ORDER BY _ligne`)).toEqual([
      { id: 'A1', a: 'PA1', _ligne: 2 },
      { id: 'A2', a: 'PA2', _ligne: 3 },
      { id: 'A3', a: 'PA3', _ligne: 4 },
      { id: 'A4', a: 'PA4', _ligne: 5 },
      { id: 'A5', a: 'P"5', _ligne: 6 },
    ]);
  });

  it('a quoted field that never closes refuses the file, naming its line; every record counted', async () => {
    const { r } = await ingest({ 'accompagnements.csv': csv(H.accompagnements, acc('A1'), acc('A2', { 1: '"P2' }), acc('A3'), acc('A4')) });
    const f = file(r, 'accompagnements.csv');
    expect(f.status).toBe('refused');
    expect(counts(f)).toEqual([4, 0, 4]);
    expect(problems(f)).toEqual([[null, null, 'fichier_illisible']]);
    expect(f.errors[0]!.message).toContain('à partir de la ligne 3');
  });

  it('a quoted field closed lines later, making a record of the wrong size, refuses the file at its first line (never swallows records)', async () => {
    const { r } = await ingest({
      'accompagnements.csv': csv(
        `${H.accompagnements};commentaire`,
        `${acc('A1')};RAS`,
        `${acc('A2')};"écran 24 pouces`,
        `${acc('A3')};RAS`,
        `${acc('A4')};écran 24" adapté`,
        `${acc('A5')};RAS`,
      ),
    });
    const f = file(r, 'accompagnements.csv');
    expect(f.status).toBe('refused');
    expect(counts(f)).toEqual([5, 0, 5]);
    expect(f.errors[0]!.message).toContain('à partir de la ligne 3');
    expect(f.errors[0]!.message).toContain('refermé que ligne 5, ce qui avalerait la ligne 4');
  });

  it('strict mode exits 1 for such a file', async () => {
    const dir = extract({ 'accompagnements.csv': csv(H.accompagnements, acc('A1', { 1: '"P1' })) });
    const db = join(mkdtempSync(join(tmpdir(), 'bilan-strict-')), 'w.duckdb');
    expect(await main(['ingest', dir, '--db', db, '--json', '--strict'], { out: () => {}, err: () => {} })).toBe(1);
  });
});

describe('2. line ends: LF, CRLF, CR alone (Excel for Mac), mixed', () => {
  const lines = [H.accompagnements, acc('A1'), acc('A2', { 3: 'X' }), acc('A3')];
  for (const [how, text] of [
    ['LF', `${lines.join('\n')}\n`],
    ['CRLF', `${lines.join('\r\n')}\r\n`],
    ['CR', `${lines.join('\r')}\r`],
    ['mixed', `${lines[0]}\n${lines[1]}\r\n${lines[2]}\r${lines[3]}`],
  ] as const) {
    it(`${how}: 3 records, the bad one on line 3`, async () => {
      const { w, r } = await ingest({ 'accompagnements.csv': text });
      const f = file(r, 'accompagnements.csv');
      expect(counts(f)).toEqual([3, 2, 1]);
      expect(problems(f)).toEqual([[3, 'axe', 'code_inconnu']]);
      expect(await rows(w, `SELECT accompagnement_id AS id, issue, _ligne FROM accompagnements ORDER BY _ligne`)).toEqual([
        { id: 'A1', issue: 'MAINTIEN_POSTE', _ligne: 2 },
        { id: 'A3', issue: 'MAINTIEN_POSTE', _ligne: 4 },
      ]);
    });
  }
});

describe("3. Excel's sep= first line", () => {
  it('is honoured (here `,`), skipped with a warning; lines keep their physical numbers', async () => {
    const text = csv(
      'sep=,',
      H.accompagnements.replaceAll(';', ','),
      acc('A1').replaceAll(';', ','),
      acc('A2', { 3: 'X' }).replaceAll(';', ','),
    );
    const { w, r } = await ingest({ 'accompagnements.csv': text });
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([2, 1, 1]);
    expect(problems(f)).toEqual([[4, 'axe', 'code_inconnu']]);
    expect(codes(f)).toEqual([[1, null, 'separateur_indique']]);
    expect(await rows(w, `SELECT separateur FROM load_files`)).toEqual([{ separateur: ',' }]);
  });
});

describe('4. encodings', () => {
  const text = csv(H.accompagnements, acc('A1', { 1: 'Hélène€œ' }), acc('A2', { 1: 'Çà' }));
  const cases: [string, Buffer, string][] = [
    ['utf8.csv', Buffer.from(text, 'utf8'), 'UTF-8'],
    ['utf8bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'UTF-8 (BOM)'],
    ['win.csv', iconv.encode(text, 'windows-1252'), 'Windows-1252'],
    ['latin9.csv', iconv.encode(text, 'iso-8859-15'), 'ISO-8859-15'],
    [
      'utf16le.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replaceAll(';', '\t').replaceAll('\n', '\r\n'), 'utf-16le')]),
      'UTF-16 LE (BOM)',
    ],
    ['utf16be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text.replaceAll(';', '\t'), 'utf-16be')]), 'UTF-16 BE (BOM)'],
    ['ctrlz.csv', Buffer.concat([Buffer.from(text, 'utf8'), Buffer.from([0x1a])]), 'UTF-8'],
  ];
  for (const [name, bytes, label] of cases) {
    it(`${label}${name === 'ctrlz.csv' ? ' ending with Ctrl-Z' : ''}: decoded, same values`, async () => {
      // Byte values worked out from the code pages: € 0x80 / 0xA4, œ 0x9C / 0xBD.
      if (name === 'win.csv') expect(bytes.includes(0x80) && bytes.includes(0x9c)).toBe(true);
      if (name === 'latin9.csv') expect(bytes.includes(0xa4) && bytes.includes(0xbd)).toBe(true);
      const { w, r } = await ingest({ [`accompagnements_${name}`]: bytes });
      expect(counts(r.files[0]!)).toEqual([2, 2, 0]);
      expect(await rows(w, `SELECT assure_id AS a, issue FROM accompagnements ORDER BY _ligne`)).toEqual([
        { a: 'Hélène€œ', issue: 'MAINTIEN_POSTE' },
        { a: 'Çà', issue: 'MAINTIEN_POSTE' },
      ]);
      expect(await rows(w, `SELECT encodage FROM load_files`)).toEqual([{ encodage: label }]);
    });
  }

  it('UTF-8 with a BOM and one invalid byte stays UTF-8: only that line is rejected', async () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(`${H.accompagnements}\n${acc('A1', { 1: 'Hélène' })}\n`, 'utf8'),
      Buffer.from(`${acc('A2', { 1: 'H' })}`, 'utf8'),
      Buffer.from([0xe9]),
      Buffer.from(`\n${acc('A3', { 1: 'Zoé' })}\n`, 'utf8'),
    ]);
    const { w, r } = await ingest({ 'accompagnements.csv': bytes });
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([3, 2, 1]);
    expect(problems(f)).toEqual([[3, null, 'caractere_invalide']]);
    expect(await rows(w, `SELECT assure_id AS a FROM accompagnements ORDER BY _ligne`)).toEqual([{ a: 'Hélène' }, { a: 'Zoé' }]);
  });
});

describe('5. headers', () => {
  it('a header repeated mid-file (cat) is detected, the rows after it read by it, column order included', async () => {
    const second = 'satisfaction;reponse_id;departement;axe;date;confiance;ecoute;clarte;information_droits;prise_en_compte';
    const { w, r } = await ingest({
      'satisfaction.csv': csv(
        H.satisfaction,
        'Q1;01;PDP;2024-05-01;SATISFAIT;4;1;3;2;3',
        second,
        'TRES_SATISFAIT;Q2;01;SPS;2024-05-02;4;1;3;2;3',
        H.satisfaction,
        'Q3;01;PDP;2024-05-03;;;;;;',
      ),
    });
    const f = file(r, 'satisfaction.csv');
    expect(counts(f)).toEqual([3, 3, 0]);
    expect(codes(f)).toEqual([
      [3, null, 'en_tete_repete'],
      [5, null, 'en_tete_repete'],
    ]);
    expect(f.warnings[0]!.message).toContain('autre ordre');
    expect(f.warnings[1]!.message).not.toContain('autre ordre');
    expect(
      await rows(w, `SELECT reponse_id AS id, satisfaction AS s, ecoute, confiance, _ligne FROM satisfaction ORDER BY _ligne`),
    ).toEqual([
      { id: 'Q1', s: 'SATISFAIT', ecoute: 4, confiance: 1, _ligne: 2 },
      { id: 'Q2', s: 'TRES_SATISFAIT', ecoute: 1, confiance: 4, _ligne: 4 },
      { id: 'Q3', s: null, ecoute: null, confiance: null, _ligne: 6 },
    ]);
  });

  it('a repeated header lacking a required column refuses the file, naming its line', async () => {
    const { r } = await ingest({
      'instances.csv': csv(H.instances, 'I1;13;IC_PDP;2024-03-01', 'instance_id;departement;type', 'I2;13;IC_PDP'),
    });
    const f = file(r, 'instances.csv');
    expect(f.status).toBe('refused');
    expect(counts(f)).toEqual([2, 0, 2]);
    expect(f.errors[0]!.message).toContain('en-tête répété ligne 3');
  });

  it('header names compared after NFC, trimming (invisible spaces too), case and accents, with a warning', async () => {
    const { w, r } = await ingest({ 'instances.csv': csv('Instance_ID;De\u0301partement;\u00A0TYPE ;Date', 'I1;13;IC_PDP;2024-03-01') });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([1, 1, 0]);
    expect(codes(f)).toEqual([
      [1, 'date', 'en_tete_normalise'],
      [1, 'departement', 'en_tete_normalise'],
      [1, 'instance_id', 'en_tete_normalise'],
      [1, 'type', 'en_tete_normalise'],
    ]);
    expect(await rows(w, `SELECT instance_id, departement, type FROM instances`)).toEqual([
      { instance_id: 'I1', departement: '13', type: 'IC_PDP' },
    ]);
  });
});

describe('6. invisible characters', () => {
  it('NBSP, narrow NBSP and zero-width spaces around values are trimmed (one warning); inside a value, shown visibly when rejected', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(
        H.accompagnements,
        acc('A1', { 2: '01\u00A0' }),
        acc('A2', { 3: '\u202FPDP', 8: '45\u200B' }),
        acc('A3', { 2: '0\u00A01' }),
        acc('A4'),
      ),
    });
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([4, 3, 1]);
    expect(problems(f)).toEqual([[4, 'departement', 'departement_inconnu']]);
    expect(f.errors[0]!.message).toContain('« 0[U+00A0]1 »');
    expect(codes(f)).toEqual([[2, null, 'espaces_invisibles']]);
    expect(f.warnings[0]!.message).toMatch(/^2 ligne\(s\)/);
    expect(await rows(w, `SELECT departement, axe, age FROM accompagnements ORDER BY _ligne`)).toEqual([
      { departement: '01', axe: 'PDP', age: 45 },
      { departement: '01', axe: 'PDP', age: 45 },
      { departement: '01', axe: 'PDP', age: 45 },
    ]);
  });
});

describe('7. dates', () => {
  it('a midnight time part is accepted with a warning; another time, a two-digit year, an impossible date are not', async () => {
    const { w, r } = await ingest({
      'instances.csv': csv(
        H.instances,
        'I1;13;IC_PDP;2024-03-01 00:00:00',
        'I2;13;IC_PDP;2024-03-02T00:00:00',
        'I3;13;IC_PDP;03/03/2024 00:00',
        'I4;13;IC_PDP;2024-03-04 14:30:00',
        'I5;13;IC_PDP;05/03/24',
        'I6;13;IC_PDP;31/04/2024',
        'I7;13;IC_PDP;25/03/2024',
      ),
    });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([7, 4, 3]);
    expect(problems(f)).toEqual([
      [5, 'date', 'date_invalide'],
      [6, 'date', 'date_invalide'],
      [7, 'date', 'date_invalide'],
    ]);
    expect(codes(f)).toEqual([[2, 'date', 'date_avec_heure']]);
    expect(f.warnings[0]!.message).toContain(': 3 date(s)');
    expect(await rows(w, `SELECT instance_id AS id, strftime(date, '%Y-%m-%d') AS d FROM instances ORDER BY _ligne`)).toEqual([
      { id: 'I1', d: '2024-03-01' },
      { id: 'I2', d: '2024-03-02' },
      { id: 'I3', d: '2024-03-03' },
      { id: 'I7', d: '2024-03-25' },
    ]);
  });

  it('month-first dates are recognised per file and column from a second number above 12, and said', async () => {
    const { w, r } = await ingest({
      'instances_us.csv': csv(H.instances, 'I1;13;IC_PDP;03/01/2024', 'I2;13;IC_PDP;3/25/2024', 'I3;13;IC_PDP;2024-03-05'),
      'instances_fr.csv': csv(H.instances, 'I4;13;IC_PDP;03/01/2024', 'I5;13;IC_PDP;25/03/2024'),
    });
    expect(codes(file(r, 'instances_us.csv'))).toEqual([[3, 'date', 'dates_mois_en_premier']]);
    expect(file(r, 'instances_us.csv').warnings[0]!.message).toContain('« 3/25/2024 »');
    expect(codes(file(r, 'instances_fr.csv'))).toEqual([]);
    expect(await rows(w, `SELECT instance_id AS id, strftime(date, '%Y-%m-%d') AS d FROM instances ORDER BY id`)).toEqual([
      { id: 'I1', d: '2024-03-01' },
      { id: 'I2', d: '2024-03-25' },
      { id: 'I3', d: '2024-03-05' },
      { id: 'I4', d: '2024-01-03' },
      { id: 'I5', d: '2024-03-25' },
    ]);
  });

  it('a column mixing both orders never loads its …/…/… dates: each is rejected as ambiguous; no proof either way is said', async () => {
    const { r } = await ingest({
      'instances.csv': csv(
        H.instances,
        'I1;13;IC_PDP;13/01/2024',
        'I2;13;IC_PDP;01/13/2024',
        'I3;13;IC_PDP;2024-01-14',
        'I4;13;IC_PDP;01/02/2024',
      ),
      'signalements.csv': csv(H.signalements, 'S1;13;PDP;01/02/2024;CPAM;P1;REFUS;'),
    });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([4, 1, 3]);
    expect(problems(f)).toEqual([
      [2, 'date', 'date_ambigue'],
      [3, 'date', 'date_ambigue'],
      [5, 'date', 'date_ambigue'],
    ]);
    expect(codes(file(r, 'signalements.csv'))).toEqual([[null, 'date', 'dates_ordre_suppose']]);
  });
});

describe('9. département codes without their leading zero', () => {
  it('`1` is read `01` with a warning; `0`, `100` are still unknown', async () => {
    const { w, r } = await ingest({
      'instances.csv': csv(
        H.instances,
        'I1;1;IC_PDP;2024-03-01',
        'I2;9;IC_PDP;2024-03-01',
        'I3;0;IC_PDP;2024-03-01',
        'I4;13;IC_PDP;2024-03-01',
      ),
    });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([4, 3, 1]);
    expect(problems(f)).toEqual([[4, 'departement', 'departement_inconnu']]);
    expect(codes(f)).toEqual([[2, 'departement', 'departement_complete']]);
    expect(await rows(w, `SELECT departement FROM instances ORDER BY _ligne`)).toEqual([
      { departement: '01' },
      { departement: '09' },
      { departement: '13' },
    ]);
  });

  it('an integer written 28.0 (CSV) is read 28 with a warning, 28.5 is not an integer', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1', { 8: '28.0' }), acc('A2', { 8: '28,00' }), acc('A3', { 8: '28.5' })),
    });
    const f = file(r, 'accompagnements.csv');
    expect(problems(f)).toEqual([[4, 'age', 'entier_invalide']]);
    expect(codes(f)).toEqual([[2, 'age', 'entier_decimal']]);
    expect(await rows(w, `SELECT age FROM accompagnements ORDER BY _ligne`)).toEqual([{ age: 28 }, { age: 28 }]);
  });
});

describe('10. file names', () => {
  it('accents, case and spaces are folded (warning); a file of no table is reported with its records counted', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1')),
      'Préconisations 2024.csv': csv('preconisation_id;accompagnement_id;date;type', 'R1;A1;2024-02-01;RQTH'),
      'ENTRETIENS.CSV': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO'),
      'notes de service.csv': csv('a;b', '1;2', '3;4'),
    });
    expect(r.files.map((f) => [f.file, f.table, f.status])).toEqual([
      ['ENTRETIENS.CSV', 'entretiens', 'loaded'],
      ['Préconisations 2024.csv', 'preconisations', 'loaded'],
      ['accompagnements.csv', 'accompagnements', 'loaded'],
      ['notes de service.csv', null, 'ignored'],
    ]);
    expect(codes(file(r, 'Préconisations 2024.csv'))).toEqual([[null, null, 'nom_de_fichier_normalise']]);
    expect(codes(file(r, 'ENTRETIENS.CSV'))).toEqual([[null, null, 'nom_de_fichier_normalise']]);
    expect(counts(file(r, 'notes de service.csv'))).toEqual([2, 0, 2]);
    expect(await rows(w, `SELECT count(*)::INT AS n FROM preconisations`)).toEqual([{ n: 1 }]);
  });

  it('--strict exits 1 when a file was ignored', async () => {
    const dir = extract({ 'accompagnements.csv': csv(H.accompagnements, acc('A1')), 'notes.csv': csv('a', '1') });
    const db = join(mkdtempSync(join(tmpdir(), 'bilan-strict-')), 'w.duckdb');
    const io = { out: () => {}, err: () => {} };
    expect(await main(['ingest', dir, '--db', db, '--strict'], io)).toBe(1);
  });
});

describe('11. oversized records', () => {
  it('a record over 1 MiB is rejected with a French message, the others load, its beginning kept', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(
        `${H.accompagnements};commentaire`,
        `${acc('A1')};x`,
        `${acc('A2')};${'y'.repeat(1_100_000)}`,
        `${acc('A3')};z`,
      ),
    });
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([3, 2, 1]);
    expect(problems(f)).toEqual([[3, null, 'enregistrement_trop_long']]);
    expect(f.errors[0]!.message).toMatch(/^Enregistrement de 1100077 octets/);
    const [kept] = await rows<{ n: number }>(w, `SELECT length(enregistrement) AS n FROM load_rejects`);
    expect(kept!.n).toBe(2001);
  });

  it('a record longer than the reader tries first (3 MB > 2 MB) is rejected the same way, its neighbours loaded', async () => {
    const { r } = await ingest({
      'accompagnements.csv': csv(
        `${H.accompagnements};commentaire`,
        `${acc('A1')};x`,
        `${acc('A2')};${'y'.repeat(3_000_000)}`,
        `${acc('A3')};z`,
      ),
    });
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([3, 2, 1]);
    expect(problems(f)).toEqual([[3, null, 'enregistrement_trop_long']]);
    expect(f.errors[0]!.message).toMatch(/^Enregistrement de 3000077 octets/);
  });
});

describe('12. Excel workbooks', () => {
  async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    build(wb);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('the sheet named after the table is read; dates as dates and as serial numbers; line = row number', async () => {
    const bytes = await workbook((wb) => {
      wb.addWorksheet('Lisez-moi').addRow(['rien']);
      const ws = wb.addWorksheet('Instances');
      ws.addRow(['instance_id', 'departement', 'type', 'date']);
      ws.addRow(['I1', 13, 'IC_PDP', new Date(Date.UTC(2024, 2, 1))]);
      ws.addRow([]);
      ws.addRow(['I2', 1, 'IC_PDP', 45352]); //         45352 = 2024-03-01 (1900 system: 45292 is 2024-01-01, + 60 days)
      ws.addRow(['I3', 13, 'FAX', '02/03/2024']);
      ws.addRow(['I4', 13, 'CELLULE_PDP', '2024-03-04']);
    });
    const { w, r } = await ingest({ 'instances.xlsx': bytes });
    const f = file(r, 'instances.xlsx');
    expect(counts(f)).toEqual([4, 3, 1]);
    expect(problems(f)).toEqual([[5, 'type', 'code_inconnu']]);
    expect(
      await rows(w, `SELECT instance_id AS id, departement AS dep, strftime(date, '%Y-%m-%d') AS d, _ligne FROM instances ORDER BY _ligne`),
    ).toEqual([
      { id: 'I1', dep: '13', d: '2024-03-01', _ligne: 2 },
      { id: 'I2', dep: '01', d: '2024-03-01', _ligne: 4 },
      { id: 'I4', dep: '13', d: '2024-03-04', _ligne: 6 },
    ]);
    expect(await rows(w, `SELECT format, encodage FROM load_files`)).toEqual([
      { format: 'xlsx', encodage: 'xlsx (feuille « Instances »)' },
    ]);
  });

  it('the only sheet whatever its name; a workbook of several sheets, none named after the table, is refused', async () => {
    const one = await workbook((wb) => {
      const ws = wb.addWorksheet('Feuil1');
      ws.addRow(['instance_id', 'departement', 'type', 'date']);
      ws.addRow(['I1', '13', 'IC_PDP', '2024-03-01']);
    });
    const two = await workbook((wb) => {
      wb.addWorksheet('A').addRow(['x']);
      wb.addWorksheet('B').addRow(['y']);
    });
    const { r } = await ingest({ 'instances.xlsx': one, 'situations_instances.xlsx': two });
    expect(counts(file(r, 'instances.xlsx'))).toEqual([1, 1, 0]);
    expect(file(r, 'situations_instances.xlsx').status).toBe('refused');
    expect(file(r, 'situations_instances.xlsx').errors[0]!.message).toContain("aucune ne s'appelle « situations_instances »");
  });

  it('a zip that is not a workbook, and a legacy .xls, are refused with a French message, nothing escapes', async () => {
    const zip = new JSZip();
    zip.file('lisez-moi.txt', "ceci n'est pas un classeur");
    const notWorkbook = await zip.generateAsync({ type: 'nodebuffer' });
    const { r } = await ingest({ 'instances.xlsx': notWorkbook, 'entretiens.xls': Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) });
    expect(file(r, 'instances.xlsx').status).toBe('refused');
    expect(file(r, 'instances.xlsx').errors[0]!.message).toContain('classeur Excel .xlsx lisible');
    expect(file(r, 'entretiens.xls').errors[0]!.message).toContain('enregistrer le classeur au format .xlsx');
  });
});

describe('13. an empty folder, or one without a file of the contract', () => {
  it('is an input that cannot be used: InputError, exit 2 with one line', async () => {
    const w = await memoryWarehouse();
    await expect(ingestFolder(w, extract({}))).rejects.toBeInstanceOf(InputError);
    await expect(ingestFolder(w, extract({ 'lisez-moi.txt': 'bonjour' }))).rejects.toBeInstanceOf(InputError);
    const err: string[] = [];
    const db = join(mkdtempSync(join(tmpdir(), 'bilan-empty-')), 'w.duckdb');
    expect(await main(['ingest', extract({}), '--db', db, '--json'], { out: () => {}, err: (s) => err.push(s) })).toBe(2);
    expect(err.join('').trim().split('\n')).toHaveLength(1);
  });
});

describe('invariants', () => {
  it('children of a refused file whose ids cannot be read get parent_rejete, never reference_inconnue', async () => {
    const { r } = await ingest({
      'accompagnements.csv': Buffer.from([0x61, 0x00, 0x62, 0x0a, 0x63, 0x00, 0x0a]),
      'entretiens.csv': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO'),
    });
    expect(file(r, 'accompagnements.csv').status).toBe('refused');
    expect(problems(file(r, 'entretiens.csv'))).toEqual([[2, 'accompagnement_id', 'parent_rejete']]);
  });

  it('a corrupt Parquet file is refused with a French message; the rest of the extract loads', async () => {
    const dir = extract({
      'accompagnements.csv': csv(H.accompagnements, acc('A1')),
      'entretiens.parquet': Buffer.from('PAR1 pas vraiment PAR1'),
    });
    const r = await ingestFolder(await memoryWarehouse(), dir);
    checkInvariants(r);
    expect(file(r, 'entretiens.parquet').status).toBe('refused');
    expect(file(r, 'entretiens.parquet').errors[0]!.message).toContain("ce n'est pas un fichier Parquet lisible");
    expect(counts(file(r, 'accompagnements.csv'))).toEqual([1, 1, 0]);
  });

  it('no NIR-shaped value (valid key or not, spaced with no-break spaces) in a message, load_rejects or load_warnings', async () => {
    const nirWrongKey = '1 85 05 78 006 084 90';
    const nirNbsp = '1\u00A085\u00A005\u00A078\u00A0006\u00A0084\u00A091';
    const { w, r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1', { 3: nirWrongKey })),
      'instances.csv': csv(H.instances, `I1;13;IC_PDP;2024-03-01`, `I2;${nirNbsp};IC_PDP;2024-03-01`),
    });
    expect(file(r, 'instances.csv').status).toBe('refused');
    expect(problems(file(r, 'accompagnements.csv'))).toEqual([[2, 'axe', 'code_inconnu']]);
    expect(file(r, 'accompagnements.csv').errors[0]!.message).toContain('« [NIR masqué] »');
    const all = [
      JSON.stringify(r),
      ...(
        await rows<{ t: string }>(
          w,
          `SELECT concat_ws('|', message, enregistrement, cle) AS t FROM load_rejects UNION ALL SELECT message FROM load_warnings`,
        )
      ).map((x) => x.t),
    ].join('\n');
    for (const digits of ['850578', '006084', '006\u00A0084']) expect(all).not.toContain(digits);
  });
});

/** A Parquet file written by DuckDB from a SELECT. */
async function parquet(dir: string, name: string, select: string): Promise<void> {
  const w = await memoryWarehouse();
  await w.con.run(`COPY (${select}) TO '${join(dir, name)}' (FORMAT parquet)`);
}

describe('8. Parquet as pandas and pyarrow write it', () => {
  it('integral floats are integers (ids too), NaN and infinities rejected row by row, NaN missing in a text column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bilan-pq-'));
    writeFileSync(join(dir, 'accompagnements.csv'), csv(H.accompagnements, acc('1'), acc('2')));
    await parquet(
      dir,
      'entretiens.parquet',
      `SELECT * FROM (VALUES
      (1.0::DOUBLE, 1.0::DOUBLE, DATE '2024-02-01', 'VISIO'),
      (2.0, 2.0, DATE '2024-02-02', 'VISIO')) t(entretien_id, accompagnement_id, date, mode)`,
    );
    await parquet(
      dir,
      'actions_collectives.parquet',
      `SELECT * FROM (VALUES
      ('C1', '01', 'ATELIER', 'PDP', DATE '2024-01-10', 3.0::DOUBLE, 12.0::DOUBLE),
      ('C2', '01', 'ATELIER', 'PDP', DATE '2024-01-10', 'NaN'::DOUBLE, 12.0),
      ('C3', '01', 'ATELIER', 'PDP', DATE '2024-01-10', 3.0, 'inf'::DOUBLE),
      ('C4', '01', 'ATELIER', 'PDP', DATE '2024-01-10', 3.5, 12.0),
      ('C5', '01', 'ATELIER', 'PDP', DATE '2024-01-10', NULL, 12.0)) t(action_id, departement, type, axe, date_debut, nb_seances, nb_participants)`,
    );
    await parquet(
      dir,
      'signalements.parquet',
      `SELECT * FROM (VALUES
      ('S1', '01', 'PDP', DATE '2024-01-05', 'CPAM', 'P1', 'ACCOMPAGNEMENT', 1.0::DOUBLE),
      ('S2', '01', 'PDP', DATE '2024-01-05', 'CPAM', 'P2', 'REFUS', 'NaN'::DOUBLE)) t(signalement_id, departement, axe, date, origine, assure_id, suite, accompagnement_id)`,
    );
    const w = await memoryWarehouse();
    const r = await ingestFolder(w, dir);
    checkInvariants(r);
    expect(counts(file(r, 'entretiens.parquet'))).toEqual([2, 2, 0]);
    expect(counts(file(r, 'signalements.parquet'))).toEqual([2, 2, 0]);
    const f = file(r, 'actions_collectives.parquet');
    expect(problems(f)).toEqual([
      [3, 'nb_seances', 'valeur_non_finie'],
      [4, 'nb_participants', 'valeur_non_finie'],
      [5, 'nb_seances', 'entier_invalide'],
      [6, 'nb_seances', 'valeur_manquante'],
    ]);
    expect(f.errors[0]!.message).toContain('« NaN »');
    expect(f.errors[1]!.message).toContain('« Infinity »');
    expect(await rows(w, `SELECT entretien_id AS e, accompagnement_id AS a FROM entretiens ORDER BY e`)).toEqual([
      { e: '1', a: '1' },
      { e: '2', a: '2' },
    ]);
    expect(await rows(w, `SELECT signalement_id AS s, accompagnement_id AS a FROM signalements ORDER BY s`)).toEqual([
      { s: 'S1', a: '1' },
      { s: 'S2', a: null },
    ]);
  });
});
