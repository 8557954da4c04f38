// The load report of `bilan ingest` (../shared/spec/cli.md), and its short French summary.
import type { RuleCode } from '../contract/schema.ts';

/** One error or warning of the report; `line` null for the whole file. */
export interface ReportEntry {
  line: number | null;
  column: string | null;
  code: RuleCode;
  message: string;
}

/** Status of a file in the report. */
type FileStatus = 'loaded' | 'refused' | 'already_loaded' | 'ignored';

/** The report of one file: counts exact, errors and warnings capped at ERRORS_CAP. */
export interface FileReport {
  file: string;
  table: string | null;
  status: FileStatus;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
  errors: ReportEntry[];
  warnings: ReportEntry[];
}

/** The report of one ingest: every file of the folder in name order, and the totals. */
export interface LoadReport {
  files: FileReport[];
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
}

/** How many errors (and warnings) a file's report lists at most; the counts stay exact. */
export const ERRORS_CAP = 100;

const STATUS_FR: Record<FileStatus, string> = {
  loaded: 'chargé',
  refused: 'REFUSÉ',
  already_loaded: 'déjà chargé',
  ignored: 'ignoré',
};

const n = (x: number): string => x.toLocaleString('fr-FR');

/** Counts as French text: lines read / loaded / rejected. */
export function countsText(c: { rows_read: number; rows_loaded: number; rows_rejected: number }): string {
  return `lignes lues / chargées / rejetées : ${n(c.rows_read)} / ${n(c.rows_loaded)} / ${n(c.rows_rejected)}`;
}

/** A short French summary of a report, one line per file and the totals. */
export function summary(r: LoadReport): string {
  const lines = r.files.map((f) => {
    const counts = f.status === 'loaded' || f.status === 'refused' || f.rows_read > 0 ? ` (${countsText(f)})` : '';
    const reasons = f.errors.filter((e) => e.line === null);
    const more = reasons.length > 1 ? ` (et ${reasons.length - 1} autre(s) raison(s), voir --json)` : '';
    const why = f.status === 'refused' && reasons[0] ? `\n      ${reasons[0].message}${more}` : '';
    return `  ${f.file} [${f.table ?? 'table inconnue'}] : ${STATUS_FR[f.status]}${counts}${why}`;
  });
  if (r.files.length === 0) lines.push('  aucun fichier dans le dossier');
  lines.push(`Total : ${countsText(r)}.`);
  if (r.rows_rejected > 0) lines.push('Le détail des rejets est dans la table load_rejects (ou avec --json).');
  return `${lines.join('\n')}\n`;
}
