// File formats of the contract: separators, encodings (UTF-8, BOM, Windows-1252), line ends,
// blank lines, quoted fields spanning lines, columns in any order, extra and missing columns, Parquet.
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { lit } from '../../src/warehouse/db.ts';
import { H, acc, counts, csv, extract, file, ingest, memoryWarehouse, problems, rows } from './helpers.ts';

const E = (line: string) => csv(H.entretiens.replaceAll(';', ','), ...line.split('|').map((l) => l.replaceAll(';', ',')));

describe('CSV dialects', () => {
  it('reads `,` as separator, detected from the header', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1')),
      'entretiens.csv': E('E1;A1;2024-02-01;VISIO|E2;A1;2024-02-02;ZOOM'),
    });
    expect(counts(file(r, 'entretiens.csv'))).toEqual([2, 1, 1]);
    expect(problems(file(r, 'entretiens.csv'))).toEqual([[3, 'mode', 'code_inconnu']]);
    expect(await rows(w, `SELECT separateur FROM load_files ORDER BY id`)).toEqual([{ separateur: ';' }, { separateur: ',' }]);
  });

  it('reads UTF-8 with BOM and CRLF line ends, and Windows-1252 with € and accents', async () => {
    const text = csv(H.accompagnements, acc('A1', { 1: 'Hélène€' }), acc('A2', { 1: 'Çà' })).replaceAll('\n', '\r\n');
    const { w, r } = await ingest({
      'accompagnements_bom.csv': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      'accompagnements_win.csv': iconv.encode(text.replaceAll('A1', 'B1').replaceAll('A2', 'B2'), 'windows-1252'),
    });
    expect(iconv.encode('€', 'windows-1252')).toEqual(Buffer.from([0x80]));
    expect(counts(file(r, 'accompagnements_bom.csv'))).toEqual([2, 2, 0]);
    expect(counts(file(r, 'accompagnements_win.csv'))).toEqual([2, 2, 0]);
    expect(await rows(w, `SELECT accompagnement_id AS id, assure_id AS a, issue, _ligne FROM accompagnements ORDER BY id`)).toEqual([
      { id: 'A1', a: 'Hélène€', issue: 'MAINTIEN_POSTE', _ligne: 2 },
      { id: 'A2', a: 'Çà', issue: 'MAINTIEN_POSTE', _ligne: 3 },
      { id: 'B1', a: 'Hélène€', issue: 'MAINTIEN_POSTE', _ligne: 2 },
      { id: 'B2', a: 'Çà', issue: 'MAINTIEN_POSTE', _ligne: 3 },
    ]);
    expect(await rows(w, `SELECT fichier, encodage FROM load_files ORDER BY id`)).toEqual([
      { fichier: 'accompagnements_bom.csv', encodage: 'UTF-8 (BOM)' },
      { fichier: 'accompagnements_win.csv', encodage: 'Windows-1252' },
    ]);
  });

  it('blank lines are not records and keep the line numbering', async () => {
    const { r } = await ingest({ 'accompagnements.csv': `\n${H.accompagnements}\n\n${acc('A1')}\n\n${acc('A2', { 3: 'X' })}\n\n` });
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([2, 1, 1]);
    expect(problems(f)).toEqual([[6, 'axe', 'code_inconnu']]);
  });

  it('a quoted field with an embedded newline and separator is one record; later line numbers stay right', async () => {
    const content = `${H.accompagnements}\n${acc('A1', { 1: '"P;1\nsuite ""x"""' })}\n${acc('A2', { 3: 'X' })}\n"A3";P3;01;PDP;CPAM;2024-01-10;;F;45;SALARIE;"MAL\nADIE";\n${acc('A4')}\n`;
    const { w, r } = await ingest({ 'accompagnements.csv': content });
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([4, 2, 2]);
    expect(problems(f)).toEqual([
      [4, 'axe', 'code_inconnu'],
      [5, 'risque', 'code_inconnu'],
    ]);
    expect(await rows(w, `SELECT accompagnement_id AS id, assure_id AS a, _ligne FROM accompagnements ORDER BY id`)).toEqual([
      { id: 'A1', a: 'P;1\nsuite "x"', _ligne: 2 },
      { id: 'A4', a: 'PA4', _ligne: 7 },
    ]);
    const kept = await rows(w, `SELECT enregistrement FROM load_rejects WHERE ligne = 5`);
    expect(kept).toEqual([{ enregistrement: '"A3";P3;01;PDP;CPAM;2024-01-10;;F;45;SALARIE;"MAL\nADIE";' }]);
  });

  it('fully quoted files (as R or SAS write them), separators and blank lines inside quotes', async () => {
    const q = (...cells: string[]) => cells.map((c) => `"${c}"`).join(',');
    const content = [
      q('entretien_id', 'accompagnement_id', 'date', 'mode'),
      q('E1', 'A1', '2024-02-01', 'VISIO'), //                     line 2: quotes only wrap fields
      q('E,2', 'A1', '2024-02-02', 'VISIO'), //                    line 3: separator inside quotes
      `"E3","A1","2024-02-03",""`, //                              line 4: empty quoted field → missing mode
      q('E4\n\nfin', 'A1', '2024-02-04', 'VISIO'), //            lines 5-7: blank line inside quotes
      '"E5,x","A1","2024-02-05"', //                               line 8: 3 fields, one with a separator inside
      q('E6', 'A1', '2024-02-06', 'TELEPHONE'), //                 line 9
    ].join('\r\n');
    const { w, r } = await ingest({ 'accompagnements.csv': csv(H.accompagnements, acc('A1')), 'entretiens.csv': `${content}\r\n` });
    const f = file(r, 'entretiens.csv');
    expect(problems(f)).toEqual([
      [4, 'mode', 'valeur_manquante'],
      [8, null, 'nombre_de_champs'],
    ]);
    expect(counts(f)).toEqual([6, 4, 2]);
    expect(await rows(w, `SELECT entretien_id AS id, _ligne FROM entretiens ORDER BY _ligne`)).toEqual([
      { id: 'E1', _ligne: 2 },
      { id: 'E,2', _ligne: 3 },
      { id: 'E4\n\nfin', _ligne: 5 },
      { id: 'E6', _ligne: 9 },
    ]);
  });

  it('unbalanced quotes refuse the file', async () => {
    const { w, r } = await ingest({ 'accompagnements.csv': csv(H.accompagnements, acc('A1'), acc('A2', { 1: '"P2' })) });
    const f = file(r, 'accompagnements.csv');
    expect(f.status).toBe('refused');
    expect(problems(f)).toEqual([[null, null, 'fichier_illisible']]);
    // Two records begin (lines 2 and 3); the second never closes.
    expect(counts(f)).toEqual([2, 0, 2]);
    expect(await rows(w, `SELECT count(*)::INT AS n FROM accompagnements`)).toEqual([{ n: 0 }]);
  });

  it('trims the spaces around values; a field of spaces is missing', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1', { 3: ' PDP ', 8: ' 45' }), acc('A2', { 1: '   ' })),
    });
    expect(problems(file(r, 'accompagnements.csv'))).toEqual([[3, 'assure_id', 'valeur_manquante']]);
    expect(await rows(w, `SELECT axe, age FROM accompagnements`)).toEqual([{ axe: 'PDP', age: 45 }]);
  });

  it('keeps every rejected record whole, as read', async () => {
    const { w } = await ingest({ 'accompagnements.csv': csv(H.accompagnements, acc('A1', { 3: 'X', 8: '200' })) });
    expect(await rows(w, `SELECT ligne, colonne, code, enregistrement, departement, cle FROM load_rejects ORDER BY colonne`)).toEqual([
      { ligne: 2, colonne: 'age', code: 'hors_bornes', enregistrement: acc('A1', { 3: 'X', 8: '200' }), departement: '01', cle: 'A1' },
      { ligne: 2, colonne: 'axe', code: 'code_inconnu', enregistrement: acc('A1', { 3: 'X', 8: '200' }), departement: '01', cle: 'A1' },
    ]);
  });
});

describe('columns', () => {
  it('columns in any order, upper case header (read with a warning), extra column ignored with a warning', async () => {
    const { w, r } = await ingest({
      'entretiens.csv': csv('Mode;commentaire;DATE;accompagnement_id;entretien_id', 'VISIO;rien;2024-02-01;A1;E1'),
      'accompagnements.csv': csv(H.accompagnements, acc('A1')),
    });
    const f = file(r, 'entretiens.csv');
    expect(counts(f)).toEqual([1, 1, 0]);
    expect(f.warnings.map((x) => [x.line, x.column, x.code])).toEqual([
      [null, 'commentaire', 'colonne_ignoree'],
      [1, 'date', 'en_tete_normalise'],
      [1, 'mode', 'en_tete_normalise'],
    ]);
    expect(await rows(w, `SELECT entretien_id, accompagnement_id, strftime(date, '%Y-%m-%d') AS d, mode FROM entretiens`)).toEqual([
      { entretien_id: 'E1', accompagnement_id: 'A1', d: '2024-02-01', mode: 'VISIO' },
    ]);
  });

  it('a missing required column refuses the file; a missing optional column is empty', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements.replace(';age', ''), acc('A1').replace(';45', ''), acc('A2').replace(';45', '')),
      'satisfaction.csv': csv('reponse_id;departement;axe;date', 'Q1;01;PDP;2024-05-01'),
    });
    const f = file(r, 'accompagnements.csv');
    expect(f.status).toBe('refused');
    expect(problems(f)).toEqual([[null, 'age', 'colonne_manquante']]);
    expect(counts(f)).toEqual([2, 0, 2]);
    expect(counts(file(r, 'satisfaction.csv'))).toEqual([1, 1, 0]);
    expect(await rows(w, `SELECT count(*)::INT AS n FROM load_rejects WHERE table_name = 'accompagnements'`)).toEqual([{ n: 1 }]);
  });

  it('an empty file is refused; a header-only file loads nothing', async () => {
    const { r } = await ingest({ 'accompagnements.csv': '', 'entretiens.csv': csv(H.entretiens) });
    expect(file(r, 'accompagnements.csv').status).toBe('refused');
    expect(problems(file(r, 'accompagnements.csv'))).toEqual([[null, null, 'fichier_vide']]);
    expect(file(r, 'entretiens.csv').status).toBe('loaded');
    expect(counts(file(r, 'entretiens.csv'))).toEqual([0, 0, 0]);
  });
});

describe('Parquet', () => {
  it('reads the same columns in any order and types; line = record number + 1', async () => {
    const w = await memoryWarehouse();
    const dir = extract({ 'accompagnements.csv': csv(H.accompagnements, acc('A1')) });
    await w.con.run(`COPY (SELECT * FROM (VALUES
        ('VISIO', DATE '2024-02-01', 'A1', 'E1', 'x'),
        ('FAX', DATE '2024-02-02', 'A1', 'E2', 'y'),
        ('VISIO', DATE '2023-02-02', 'A1', 'E3', 'z'),
        ('VISIO', NULL, 'A1', 'E4', 'z')) t(mode, date, accompagnement_id, entretien_id, note))
      TO ${lit(join(dir, 'entretiens.parquet'))} (FORMAT parquet)`);
    const { ingestFolder } = await import('../../src/ingest/index.ts');
    const r = await ingestFolder(w, dir);
    const f = file(r, 'entretiens.parquet');
    expect(counts(f)).toEqual([4, 1, 3]);
    expect(problems(f)).toEqual([
      [3, 'mode', 'code_inconnu'],
      [4, 'date', 'date_hors_accompagnement'],
      [5, 'date', 'valeur_manquante'],
    ]);
    expect(f.warnings.map((x) => x.column)).toEqual(['note']);
    const rej = await rows<{ enregistrement: string }>(w, `SELECT enregistrement FROM load_rejects WHERE ligne = 3`);
    expect(JSON.parse(rej[0]!.enregistrement)).toEqual({
      mode: 'FAX',
      date: '2024-02-02',
      accompagnement_id: 'A1',
      entretien_id: 'E2',
      note: 'y',
    });
    expect(await rows(w, `SELECT entretien_id, _ligne FROM entretiens`)).toEqual([{ entretien_id: 'E1', _ligne: 2 }]);
  });
});
