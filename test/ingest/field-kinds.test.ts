// More cases of the kinds of issue 12, found by producing extracts the ways institutions do
// (pandas, Excel, files joined with `cat`) beyond the first cases: one small file per kind fixed,
// with counts, codes and lines worked out by hand.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { H, acc, counts, csv, file, ingest, problems, rows } from './helpers.ts';

const codes = (f: { warnings: { line: number | null; column: string | null; code: string }[] }) =>
  f.warnings.map((x) => [x.line, x.column, x.code]);

/** A valid NIR (key 97 − 1850578006084 mod 97) and the same digits with a wrong key. */
const NIR = '185057800608491';
const NIR_SPACED = '1 85 05 78 006 084 91';

/** Every text of a report and of the load tables, for the privacy checks. */
async function everything(w: Awaited<ReturnType<typeof ingest>>['w'], r: unknown): Promise<string> {
  const tables = await Promise.all(
    ['load_rejects', 'load_warnings', 'load_files'].map((t) =>
      rows(w, `SELECT * EXCLUDE (sha256) FROM ${t}`).catch(() => rows(w, `SELECT * FROM ${t}`)),
    ),
  );
  return JSON.stringify([r, tables]);
}

describe('privacy rule: NIR-shaped values outside the records (file name, sheet name, header)', () => {
  it('a NIR in a file name is masked in the report and the load tables; the file loads', async () => {
    const { w, r } = await ingest({ [`instances_${NIR}.csv`]: csv(H.instances, 'I1;01;IC_PDP;2024-03-01') });
    expect(r.files.map((f) => [f.file, ...counts(f)])).toEqual([['instances_[NIR masqué].csv', 1, 1, 0]]);
    expect(await everything(w, r)).not.toMatch(/1\s?85\s?05/);
  });

  it('a NIR as a column name refuses the file (donnees_identifiantes), masked; its children get parent_rejete', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(`${H.accompagnements};${NIR_SPACED}`, `${acc('A1')};`, `${acc('A2')};`),
      'entretiens.csv': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO'),
    });
    const f = file(r, 'accompagnements.csv');
    expect(f.status).toBe('refused');
    expect(counts(f)).toEqual([2, 0, 2]);
    expect(problems(f)).toEqual([[null, '[NIR masqué]', 'donnees_identifiantes']]);
    expect(f.errors[0]!.message).toContain('première fois ligne 1');
    expect(problems(file(r, 'entretiens.csv'))).toEqual([[2, 'accompagnement_id', 'parent_rejete']]);
    expect(await everything(w, r)).not.toMatch(/1\s?85\s?05/);
  });

  it('a NIR in a sheet name is masked in load_files', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(NIR);
    ws.addRow(['instance_id', 'departement', 'type', 'date']);
    ws.addRow(['I1', '01', 'IC_PDP', '2024-03-01']);
    const { w, r } = await ingest({ 'instances.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(counts(file(r, 'instances.xlsx'))).toEqual([1, 1, 0]);
    expect(await rows(w, `SELECT encodage FROM load_files`)).toEqual([{ encodage: 'xlsx (feuille « [NIR masqué] »)' }]);
  });
});

describe('headers: title lines above the header, repeated headers with other columns, Excel sep= lines of joined files', () => {
  it('lines above the header (a title, an extraction date) are skipped with a warning; lines keep their numbers', async () => {
    const { w, r } = await ingest({
      'instances.csv': csv('Extraction du 03/01/2025;;;', '', H.instances, 'I1;01;IC_PDP;2024-03-01', 'I2;01;FAX;2024-03-02'),
    });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([2, 1, 1]);
    expect(problems(f)).toEqual([[5, 'type', 'code_inconnu']]);
    expect(codes(f)).toEqual([[3, null, 'lignes_avant_en_tete']]);
    expect(await rows(w, `SELECT instance_id AS id, _ligne FROM instances`)).toEqual([{ id: 'I1', _ligne: 4 }]);
  });

  it('a NIR in a line above the header refuses the file, every record counted', async () => {
    const { r } = await ingest({ 'instances.csv': csv(`Extraction pour ${NIR}`, H.instances, 'I1;01;IC_PDP;2024-03-01') });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([1, 0, 1]);
    expect(problems(f)).toEqual([[null, "(lignes avant l'en-tête)", 'donnees_identifiantes']]);
  });

  it('a workbook whose header is on row 3 under a merged title row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('instances');
    ws.addRow(['Instances — CARSAT']);
    ws.mergeCells('A1:D1');
    ws.addRow([]);
    ws.addRow(['instance_id', 'departement', 'type', 'date']);
    ws.addRow(['I1', 1, 'IC_PDP', new Date(Date.UTC(2024, 2, 1))]);
    const { w, r } = await ingest({ 'instances.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    const f = file(r, 'instances.xlsx');
    expect(counts(f)).toEqual([1, 1, 0]);
    expect(codes(f)).toEqual([
      [3, null, 'lignes_avant_en_tete'],
      [4, 'departement', 'departement_complete'],
    ]);
    expect(await rows(w, `SELECT instance_id AS id, departement AS d, _ligne FROM instances`)).toEqual([{ id: 'I1', d: '01', _ligne: 4 }]);
  });

  it('a header repeated mid-file with an extra column first is found; the rows after it are read by it', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1')),
      'entretiens.csv': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO', `region;${H.entretiens}`, 'ARA;E2;A1;2024-02-02;TELEPHONE'),
    });
    const f = file(r, 'entretiens.csv');
    expect(counts(f)).toEqual([2, 2, 0]);
    expect(codes(f)).toEqual([
      [null, 'region', 'colonne_ignoree'],
      [3, null, 'en_tete_repete'],
    ]);
    expect(await rows(w, `SELECT entretien_id AS e, mode, _ligne FROM entretiens ORDER BY e`)).toEqual([
      { e: 'E1', mode: 'VISIO', _ligne: 2 },
      { e: 'E2', mode: 'TELEPHONE', _ligne: 4 },
    ]);
  });

  it('Excel CSVs joined with cat: the second sep= line is not a record', async () => {
    const { r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1')),
      'entretiens.csv': `sep=;\r\n${H.entretiens}\r\nE1;A1;2024-02-01;VISIO\r\nsep=;\r\n${H.entretiens}\r\nE2;A1;2024-02-02;VISIO\r\n`,
    });
    const f = file(r, 'entretiens.csv');
    expect(counts(f)).toEqual([2, 2, 0]);
    expect(codes(f)).toEqual([
      [1, null, 'separateur_indique'],
      [5, null, 'en_tete_repete'],
    ]);
    expect(f.warnings[1]!.message).toContain('(ligne 4) est ignorée');
  });

  it('the same with a BOM before each sep= line (Excel « CSV UTF-8 » files joined with cat)', async () => {
    const part = (id: string) => `\uFEFFsep=;\r\n${H.entretiens}\r\n${id};A1;2024-02-01;VISIO\r\n`;
    const { r } = await ingest({ 'accompagnements.csv': csv(H.accompagnements, acc('A1')), 'entretiens.csv': part('E1') + part('E2') });
    const f = file(r, 'entretiens.csv');
    expect(counts(f)).toEqual([2, 2, 0]);
    expect(codes(f)).toEqual([
      [1, null, 'separateur_indique'],
      [5, null, 'en_tete_repete'],
    ]);
  });
});

describe('record shape: empty spreadsheet rows, a separator at the end of data lines only, a ditto mark', () => {
  it('lines of separators only are blank lines (warning), not records', async () => {
    const { r } = await ingest({
      'instances.csv': csv(H.instances, 'I1;01;IC_PDP;2024-03-01', ';;;', ' ; ; ;', 'I2;01;IC_PDP;2024-03-02', ';;;'),
    });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([2, 2, 0]);
    expect(codes(f)).toEqual([[3, null, 'lignes_vides']]);
    expect(f.warnings[0]!.message).toMatch(/^3 ligne\(s\)/);
  });

  it('empty fields after the last header column are ignored (warning); a filled one is still nombre_de_champs', async () => {
    const { r } = await ingest({
      'instances.csv': csv(
        H.instances,
        'I1;01;IC_PDP;2024-03-01;',
        'I2;01;IC_PDP;2024-03-02;;',
        'I3;01;IC_PDP;2024-03-03;x',
        'I4;01;IC_PDP;2024-03-04',
      ),
    });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([4, 3, 1]);
    expect(problems(f)).toEqual([[4, null, 'nombre_de_champs']]);
    expect(codes(f)).toEqual([[2, null, 'champs_vides_en_fin']]);
    expect(f.warnings[0]!.message).toMatch(/^2 ligne\(s\)/);
  });

  it('a separator at the end of the header line only: its empty last cell needs no field in the records', async () => {
    const { r } = await ingest({
      'instances.csv': csv(`${H.instances};`, 'I1;01;IC_PDP;2024-03-01', 'I2;01;IC_PDP', 'I3;01;IC_PDP;2024-03-03;'),
    });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([3, 2, 1]);
    expect(problems(f)).toEqual([[3, null, 'nombre_de_champs']]);
    expect(codes(f)).toEqual([[null, '', 'colonne_ignoree']]);
  });

  it('a field that is a quote alone (ditto mark) is a character when the line alone is a whole record', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(
        `${H.accompagnements};ecran`,
        `${acc('A1')};24"`,
        `${acc('A2')};"`,
        `${acc('A3')};RAS`,
        `${acc('A4')};27" x`,
      ),
    });
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([4, 4, 0]);
    expect(codes(f)).toEqual([
      [null, 'ecran', 'colonne_ignoree'],
      [3, null, 'guillemet_isole'],
    ]);
    expect(await rows(w, `SELECT count(*)::INTEGER AS n FROM accompagnements`)).toEqual([{ n: 4 }]);
  });
});

describe('values: départements as floats, dates with a time zone', () => {
  it('a département written as a float by pandas (1.0, 13.0, 971.0) is normalised with a warning', async () => {
    const { w, r } = await ingest({
      'instances.csv': csv(
        H.instances,
        'I1;1.0;IC_PDP;2024-03-01',
        'I2;13.0;IC_PDP;2024-03-01',
        'I3;971.0;IC_PDP;2024-03-01',
        'I4;1.5;IC_PDP;2024-03-01',
      ),
    });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([4, 3, 1]);
    expect(problems(f)).toEqual([[5, 'departement', 'departement_inconnu']]);
    expect(codes(f)).toEqual([[2, 'departement', 'departement_complete']]);
    expect(f.warnings[0]!.message).toContain(' 3 code(s)');
    expect(await rows(w, `SELECT departement AS d FROM instances ORDER BY _ligne`)).toEqual([{ d: '01' }, { d: '13' }, { d: '971' }]);
  });

  it('a date written with a time and a zone (pandas, tz-aware) is its calendar date in Europe/Paris', async () => {
    const { w, r } = await ingest({
      'instances.csv': csv(
        H.instances,
        'I1;01;IC_PDP;2024-01-01 00:00:00+01:00',
        'I2;01;IC_PDP;2023-12-31 23:00:00+00:00',
        'I3;01;IC_PDP;2024-06-30T22:00:00.000Z',
        'I4;01;IC_PDP;2024-01-01 00:00:00',
        'I5;01;IC_PDP;2024-02-30 00:00:00+01:00',
      ),
    });
    const f = file(r, 'instances.csv');
    expect(counts(f)).toEqual([5, 4, 1]);
    expect(problems(f)).toEqual([[6, 'date', 'date_invalide']]);
    expect(codes(f)).toEqual([
      [2, 'date', 'date_avec_fuseau'],
      [5, 'date', 'date_avec_heure'],
    ]);
    expect(await rows(w, `SELECT instance_id AS id, strftime(date, '%Y-%m-%d') AS d FROM instances ORDER BY id`)).toEqual([
      { id: 'I1', d: '2024-01-01' },
      { id: 'I2', d: '2024-01-01' },
      { id: 'I3', d: '2024-07-01' },
      { id: 'I4', d: '2024-01-01' },
    ]);
  });
});

describe('Excel workbooks: the sheet whose name starts with the table name', () => {
  it('a sheet « Entretiens 2024 » beside a read-me sheet is the table', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Lisez-moi').addRow(['Extraction 2024']);
    const ws = wb.addWorksheet('Instances 2024');
    ws.addRow(['instance_id', 'departement', 'type', 'date']);
    ws.addRow(['I1', '01', 'IC_PDP', '2024-03-01']);
    const { r } = await ingest({ 'instances.xlsx': Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(counts(file(r, 'instances.xlsx'))).toEqual([1, 1, 0]);
  });
});
