// Tables for spreadsheets: CSV for French Excel and one XLSX workbook per scope (exceljs).
//
// CSV (decided, see README « Exports »): UTF-8 with a BOM, `;` separator, CRLF, decimal comma, no
// thousands separator, shares and changes in percent (28,1 for 28,1 %, header suffixed « (%) »
// or a column « Unité »): French Excel and LibreOffice read these cells as numbers. Numbers are
// rounded as on the site's CSV downloads (src/charts/data.ts echelleCsv: 1 decimal for
// percentages, 2 for means and durations, integers for counts). A hidden value keeps its mark
// as text: « s » (secret statistique, any hidden value), « – » (empty base).
//
// XLSX: numbers as numbers (raw published values, unrounded; shares as fractions with a % format),
// hidden values as the text of their mark with a cell note explaining it.
//
// Formula injection: a text cell starting with = + - @ tab or CR is written with a leading « ' »,
// in CSV and XLSX alike (XLSX text cells are already never evaluated; the quote keeps them inert
// when edited or pasted elsewhere). Numbers are written by the number writer only — a CSV number
// matches /^-?\d+(,\d+)?$/ — so « -5,0 » stays a number and is never neutralised.
//
// Browser-safe (no Node API): the site's CSV and XLSX downloads (src/components/chart.ts) call
// these same writers, so a file downloaded from a page and one from `bilan export` are written alike.
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { echelleCsv, formatTableur } from '../charts/index.js';
import { legendeSecret, type Unite } from '../format/index.js';
import type { CelluleExport, TableauExport } from './tables.js';

/** Text that a spreadsheet could take for a formula, made inert with a leading quote. */
export function neutraliser(texte: string): string {
  return /^[=+\-@\t\r]/.test(texte) ? `'${texte}` : texte;
}

/** The mark of a hidden value as written in a spreadsheet: the published label, ordinary spaces
 *  (« s », « – », as in `published.affichage`), not the narrow no-break space of the pages. */
export const marqueTableur = (texte: string): string => texte.replace(/[\u202f\u00a0]/g, ' ');

const champCsv = (s: string): string => (/[;"\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const texteCsv = (s: string): string => champCsv(neutraliser(s));

/** A number for a CSV cell in a unit (see the header of this module). */
export function nombreCsv(valeur: number, unite: Unite | 'points'): string {
  const e = unite === 'points' ? { facteur: 1, decimales: 1 } : echelleCsv(unite);
  const t = (valeur * e.facteur).toFixed(e.decimales);
  return (/^-0(\.0*)?$/.test(t) ? t.slice(1) : t).replace('.', ',');
}

/** The content of a cell in a CSV. */
function celluleCsv(c: CelluleExport): string {
  if (c.unite && c.valeur !== null) return nombreCsv(c.valeur, c.unite);
  return texteCsv(c.unite ? marqueTableur(c.texte) : c.texte);
}

/** Header suffix of a value column holding one unit (as the site's CSV: « Part (%) »). */
function suffixe(t: TableauExport, i: number): string {
  const unites = new Set(t.lignes.map((l) => l[i]?.unite).filter((u) => u !== undefined));
  if (unites.size !== 1 || t.entetes[i]!.endsWith(')')) return '';
  const [u] = unites as Set<Unite | 'points'>;
  return u === 'points' ? ' (points)' : echelleCsv(u).suffixe;
}

/** A table as a CSV file for French spreadsheets (the BOM included). */
export function csv(t: TableauExport): string {
  const lignes = [
    texteCsv(t.titre),
    t.entetes.map((h, i) => texteCsv(`${h}${suffixe(t, i)}`)).join(';'),
    ...t.lignes.map((l) => l.map(celluleCsv).join(';')),
    ...(t.notes.length ? ['', ...t.notes.map(texteCsv)] : []),
  ];
  return `\ufeff${lignes.join('\r\n')}\r\n`;
}

/** The number format of a unit in a spreadsheet (Excel syntax, shown the French way by Excel). */
function formatNombreTableur(unite: Unite | 'points'): string {
  if (unite === 'points') return '+0.0;-0.0;0.0';
  if (unite === 'ratio') return '0.00';
  return formatTableur(unite);
}

/** What the workbook's first sheet says. */
export interface LisezMoi {
  titre: string;
  lignes: [string, string][];
}

/** A sheet name Excel accepts (31 characters, no []:*?/\), unique in the workbook. */
function nomFeuille(nom: string, pris: Set<string>): string {
  const base =
    nom
      .replace(/[[\]:*?/\\]/g, ' ')
      .trim()
      .slice(0, 31) || 'Feuille';
  let n = base;
  for (let i = 2; pris.has(n.toLowerCase()); i++) n = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  pris.add(n.toLowerCase());
  return n;
}

const BLEU = 'FF0072B2';

/** The workbook: a « Lisez-moi » sheet, then one sheet per table. */
export async function classeur(tableaux: readonly TableauExport[], lisezMoi: LisezMoi, seuil: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "Bilan PDP — service social de l'Assurance Maladie";
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const pris = new Set<string>();
  const sens = new Map(legendeSecret(seuil).map((l) => [marqueTableur(l.marque), l.sens]));

  const lm = wb.addWorksheet(nomFeuille('Lisez-moi', pris));
  lm.addRow([neutraliser(lisezMoi.titre)]).font = { bold: true, size: 14, color: { argb: BLEU } };
  lm.addRow([]);
  for (const [k, v] of lisezMoi.lignes) {
    const r = lm.addRow([neutraliser(k), neutraliser(v)]);
    r.getCell(1).font = { bold: true };
    r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    r.getCell(1).alignment = { vertical: 'top' };
  }
  lm.getColumn(1).width = 28;
  lm.getColumn(2).width = 100;

  for (const t of tableaux) {
    const ws = wb.addWorksheet(nomFeuille(t.feuille, pris), { views: [{ state: 'frozen', xSplit: 1, ySplit: 2 }] });
    ws.addRow([neutraliser(t.titre)]).font = { bold: true, size: 12 };
    const entetes = ws.addRow(t.entetes.map(neutraliser));
    entetes.font = { bold: true, color: { argb: 'FFFFFFFF' } };
    entetes.eachCell((c) => {
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: BLEU } };
      c.alignment = { wrapText: true, vertical: 'middle' };
    });
    for (const l of t.lignes) {
      const r = ws.addRow(
        l.map((c) => (c.unite && c.valeur !== null ? c.valeur : neutraliser(c.unite ? marqueTableur(c.texte) : c.texte))),
      );
      l.forEach((c, i) => {
        if (!c.unite) return;
        const cell = r.getCell(i + 1);
        if (c.valeur !== null) cell.numFmt = formatNombreTableur(c.unite);
        else {
          cell.alignment = { horizontal: 'right' };
          const s = sens.get(marqueTableur(c.texte));
          if (s) cell.note = `« ${marqueTableur(c.texte)} » : ${s}.`;
        }
      });
    }
    if (t.notes.length) {
      ws.addRow([]);
      for (const n of t.notes) ws.addRow([neutraliser(marqueTableur(n))]).font = { italic: true };
    }
    ws.getColumn(1).width = Math.min(60, Math.max(14, ...t.lignes.map((l) => (l[0]?.texte.length ?? 0) + 2)));
    for (let c = 2; c <= t.entetes.length; c++) ws.getColumn(c).width = Math.min(28, Math.max(11, t.entetes[c - 1]!.length + 2));
    entetes.height = Math.max(15, 15 * Math.ceil(Math.max(...t.entetes.slice(1).map((h) => h.length)) / 26));
  }
  return stableZip(new Uint8Array(await wb.xlsx.writeBuffer()));
}

/** Date written on every entry of a workbook's zip (DOS dates start in 1980). */
const ZIP_DATE = new Date(Date.UTC(1980, 0, 1));

/**
 * Rewrites a zip (an XLSX) with the same entries, in the same order, each dated ZIP_DATE: exceljs
 * dates its entries with the current time, so two exports of the same bilan differed. Through
 * JSZip, the zip library exceljs itself uses (browser-safe too).
 */
async function stableZip(bytes: Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  for (const entry of Object.values(zip.files)) entry.date = ZIP_DATE;
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
