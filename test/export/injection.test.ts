// Formula injection: a text cell that a spreadsheet could run as a formula is neutralised in CSV
// and XLSX, while numbers — negative ones included — stay numbers.
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { classeur, csv, neutraliser, nombreCsv } from '../../src/export/spreadsheet.ts';
import type { TableauExport } from '../../src/export/tables.ts';

const dangereux = ['=1+1', '+33 1 23', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x";"y")'];

const tableau: TableauExport = {
  nom: 't',
  feuille: 'Essai',
  titre: '=titre',
  entetes: ['Libellé', 'Évolution', '+Part'],
  lignes: [
    ...dangereux.map((d) => [
      { texte: d, valeur: null },
      { texte: '-5 %', valeur: -0.05, unite: 'evolution' as const },
      { texte: '12,5 %', valeur: 0.125, unite: 'part' as const },
    ]),
    [
      { texte: 'Masqué', valeur: null },
      { texte: 'n.s.', valeur: null, unite: 'evolution' as const },
      { texte: '<\u202f11', valeur: null, unite: 'part' as const },
    ],
  ],
  notes: ['-note'],
};

describe('formula injection', () => {
  it('neutralises text starting with = + - @ tab CR, and nothing else', () => {
    for (const d of dangereux) expect(neutraliser(d)).toBe(`'${d}`);
    for (const s of ['Maintien au poste', '< 11', 'n.s.', '–', '12,5']) expect(neutraliser(s)).toBe(s);
  });

  it('CSV: labels are neutralised, negative numbers stay numbers', () => {
    const lignes = csv(tableau).slice(1).split('\r\n');
    expect(lignes[0]).toBe("'=titre");
    expect(lignes[1]).toBe("Libellé;Évolution (%);'+Part (%)");
    expect(lignes[2]).toBe("'=1+1;-5,0;12,5");
    expect(lignes[3]).toBe("'+33 1 23;-5,0;12,5");
    expect(lignes[6]).toBe("'\tx;-5,0;12,5");
    expect(lignes[7]).toBe(`"'\rx";-5,0;12,5`);
    expect(lignes[8]).toBe(`"'=HYPERLINK(""http://x"";""y"")";-5,0;12,5`);
    expect(lignes[9]).toBe('Masqué;n.s.;< 11');
    expect(lignes.at(-2)).toBe("'-note");
    // Every CSV number matches the number pattern, the only cells left unquoted at « - ».
    expect(nombreCsv(-0.05, 'evolution')).toMatch(/^-?\d+(,\d+)?$/);
    expect(nombreCsv(-0.0001, 'part')).toBe('0,0');
  });

  it('XLSX: no formula cell, text cells neutralised, negative numbers stay numbers', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await classeur([tableau], { titre: '+lisez', lignes: [['-clé', '=valeur']] }, 11)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Essai')!;
    expect(ws.getCell('A1').value).toBe("'=titre");
    dangereux.forEach((d, i) => {
      const r = ws.getRow(3 + i);
      // (XML stores a lone CR as a line feed.)
      expect(r.getCell(1).value).toBe(`'${d.replace('\r', '\n')}`);
      expect(r.getCell(1).type).toBe(ExcelJS.ValueType.String);
      expect(r.getCell(2).value).toBe(-0.05);
      expect(r.getCell(2).type).toBe(ExcelJS.ValueType.Number);
    });
    let formules = 0;
    for (const w of wb.worksheets)
      w.eachRow((r) =>
        r.eachCell((c) => {
          if (c.type === ExcelJS.ValueType.Formula) formules++;
        }),
      );
    expect(formules).toBe(0);
    const lm = wb.getWorksheet('Lisez-moi')!;
    expect(lm.getCell('A1').value).toBe("'+lisez");
    expect(lm.getCell('A3').value).toBe("'-clé");
    expect(lm.getCell('B3').value).toBe("'=valeur");
    expect(ws.getRow(3 + dangereux.length).getCell(3).value).toBe('< 11');
  });
});
