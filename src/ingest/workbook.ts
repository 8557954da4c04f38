// Excel workbooks (.xlsx), read with exceljs (already a dependency, kept up to date, used by the
// exports): the sheet named after the table (or the only sheet) is written as a UTF-8 `;` CSV,
// one line per sheet row, so that the same reader and rules apply and line numbers are the
// sheet's row numbers. Dates stored as Excel serial numbers (1900 or 1904 system) in a date
// column become AAAA-MM-JJ; a line break inside a cell becomes a space (it would shift the lines).
import { writeFileSync } from 'node:fs';
import type ExcelJS from 'exceljs';
import type { TableSpec } from '../contract/schema.ts';
import { foldName, tableOfFile } from './files.ts';
import { normaliseColumnName } from './header.ts';

const MS_PER_DAY = 86_400_000;
/** How many rows are searched for the header (a title may sit above it). */
const HEADER_SEARCH_ROWS = 21;

/** AAAA-MM-JJ (and ` HH:MM:SS` when not midnight) of a date read by exceljs (UTC parts: Excel dates have no zone). */
function dateText(d: Date): string {
  const iso = d.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time}`;
}

/** The date of an Excel serial number (1900 system with its 29/02/1900, or 1904 system). */
function excelSerialDate(serial: number, date1904: boolean): string {
  const days = date1904 ? serial + 1462 : serial < 61 ? serial + 1 : serial;
  return dateText(new Date(Date.UTC(1899, 11, 30) + Math.round(days * MS_PER_DAY)));
}

/** Text of a cell value as a CSV would carry it. */
function cellText(v: ExcelJS.CellValue, isDate: boolean, date1904: boolean): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (isDate && v > 0 && v < 2_958_466) return excelSerialDate(v, date1904);
    return Number.isInteger(v) && Math.abs(v) < 1e15 ? v.toFixed(0) : String(v);
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'VRAI' : 'FAUX';
  if (v instanceof Date) return dateText(v);
  if ('richText' in v) return v.richText.map((r) => r.text).join('');
  if ('formula' in v || 'sharedFormula' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null, isDate, date1904);
  if ('text' in v && 'hyperlink' in v) return String(v.text);
  if ('error' in v) return String(v.error);
  return String(v);
}

/** A CSV field (`;`), quoted when it has to be. */
const field = (s: string): string => (/[;"]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

/**
 * Writes the sheet of a table from an .xlsx workbook as a UTF-8 `;` CSV file (line n = row n).
 * Returns the sheet used, or why the workbook cannot be read (no such sheet among several…).
 */
export async function workbookToCsv(path: string, out: string, spec: TableSpec): Promise<{ sheet: string } | { error: string }> {
  // Loaded on demand: importing exceljs costs about 0.5 s, paid only by an extract that has a workbook.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    return { error: `ce n'est pas un classeur Excel .xlsx lisible (${(e as Error).message.split('\n')[0]})` };
  }
  const sheets = wb.worksheets;
  if (!sheets.length)
    return { error: "ce n'est pas un classeur Excel .xlsx lisible : une archive zip sans feuille de calcul (archive .zip renommée ?)" };
  // The sheet named after the table, else one whose name starts with it as a file name would (`Entretiens 2024`), else the only sheet.
  const named = sheets.filter((s) => foldName(s.name) === spec.name);
  const prefixed = sheets.filter((s) => tableOfFile(s.name)?.table === spec.name);
  const ws = named[0] ?? (prefixed.length === 1 ? prefixed[0] : undefined) ?? (sheets.length === 1 ? sheets[0] : undefined);
  if (!ws) {
    return {
      error: `le classeur a ${sheets.length} feuille(s) (${sheets.map((s) => `« ${s.name} »`).join(', ')}) et aucune ne s'appelle « ${spec.name} »`,
    };
  }
  const date1904 = Boolean((wb.properties as { date1904?: boolean }).date1904);
  const dateColumns = new Set(spec.columns.filter((c) => c.type === 'date').map((c) => c.name));
  const known = new Set(spec.columns.map((c) => c.name));
  const rowCells = (r: number): ExcelJS.CellValue[] => {
    const cells: ExcelJS.CellValue[] = [];
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell, c) => {
      cells[c - 1] = cell.value;
    });
    return cells;
  };
  // The header: the first row that names at least two columns of the table (a title may sit above it), else the first non-empty row.
  let headerRow = 0;
  for (let r = 1; r <= Math.min(ws.rowCount, HEADER_SEARCH_ROWS); r++) {
    const named = rowCells(r).filter((v) => v !== null && v !== undefined && known.has(normaliseColumnName(cellText(v, false, false))));
    if (named.length >= 2) {
      headerRow = r;
      break;
    }
  }
  const lines: string[] = [];
  let width = 0;
  let isDate: boolean[] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const cells = rowCells(r);
    let last = cells.length;
    while (last > 0 && (cells[last - 1] === null || cells[last - 1] === undefined || cells[last - 1] === '')) last--;
    if (last === 0) {
      lines.push('');
      continue;
    }
    if (r < headerRow) {
      // Above the header (a title, merged cells): kept as text, the CSV reader skips it with a warning.
      lines.push(cells.map((v) => field(cellText(v ?? null, false, date1904).replace(/\r\n|\r|\n/g, ' '))).join(';'));
      continue;
    }
    if (width === 0) {
      // The header: the first non-empty row.
      width = last;
      const names = Array.from({ length: width }, (_, i) => cellText(cells[i] ?? null, false, date1904));
      isDate = names.map((n) => dateColumns.has(normaliseColumnName(n)));
      lines.push(names.map((n) => field(n.replace(/\r\n|\r|\n/g, ' '))).join(';'));
      continue;
    }
    const n = Math.max(width, last);
    const texts = Array.from({ length: n }, (_, i) => cellText(cells[i] ?? null, isDate[i] === true, date1904).replace(/\r\n|\r|\n/g, ' '));
    lines.push(texts.map(field).join(';'));
  }
  writeFileSync(out, lines.length ? `${lines.join('\n')}\n` : '');
  return { sheet: ws.name };
}
