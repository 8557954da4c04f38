// A chart's data as a table: the text alternative shown under every chart and the CSV / XLSX
// downloads (written by src/export/spreadsheet.ts), all read from the spec itself (its data values and usermeta.tableau), so the table
// always shows the numbers the chart draws. Pure: used by the site and by the exporter.
import type { TopLevelSpec } from 'vega-lite';
import type { MetaGraphique } from './common.js';
import { estComptage, type Unite } from '../format/index.js';

/** One cell of a table: the text shown, and the raw number when it is a published value. */
interface CelluleTableau {
  texte: string;
  valeur: number | null;
}

/** A table: headers, then rows whose first cell labels the row. */
export interface Tableau {
  titre: string;
  entetes: string[];
  lignes: CelluleTableau[][];
  /** Index of the columns holding values (the others hold labels or notes). */
  colonnesValeurs: number[];
  unite: Unite;
  notes: string[];
}

type Datum = Record<string, unknown> & { texte: string; trace: number | null };

/** The table of a spec of src/charts. */
export function tableauDe(spec: TopLevelSpec): Tableau {
  const meta = spec.usermeta as unknown as MetaGraphique;
  const t = meta.tableau;
  const titre = meta.titre;
  const valeurs = ((spec.data as { values: Datum[] }).values ?? []).filter((d) => !d._horsTableau);
  const cle = (d: Datum, champ: string) => String(d[champ] ?? '');
  const lignesCles = [...new Set(valeurs.map((d) => cle(d, t.ligne.champ)))];
  const extras = t.extras ?? [];
  if (!t.colonne) {
    const lignes = valeurs.map((d) => [
      { texte: cle(d, t.ligne.champ), valeur: null },
      { texte: d.texte, valeur: d.trace },
      ...extras.map((e) => ({ texte: cle(d, e.champ), valeur: null })),
    ]);
    return {
      titre,
      entetes: [t.ligne.titre, t.valeur.titre, ...extras.map((e) => e.titre)],
      lignes,
      colonnesValeurs: [1],
      unite: meta.unite,
      notes: meta.notes,
    };
  }
  const colonnes = [...new Set(valeurs.map((d) => cle(d, t.colonne!.champ)))];
  const index = new Map(valeurs.map((d) => [`${cle(d, t.ligne.champ)}\u0000${cle(d, t.colonne!.champ)}`, d]));
  const lignes = lignesCles.map((l) => [
    { texte: l, valeur: null },
    ...colonnes.map((c) => {
      const d = index.get(`${l}\u0000${c}`);
      return d ? { texte: d.texte, valeur: d.trace } : { texte: '', valeur: null };
    }),
  ]);
  return {
    titre,
    entetes: [t.ligne.titre, ...colonnes],
    lignes,
    colonnesValeurs: colonnes.map((_, i) => i + 1),
    unite: meta.unite,
    notes: meta.notes,
  };
}

/** How a unit's raw values are written in a CSV for French spreadsheets: factor and decimals. */
export function echelleCsv(unite: Unite): { facteur: number; decimales: number; suffixe: string } {
  if (unite === 'part' || unite === 'evolution') return { facteur: 100, decimales: 1, suffixe: ' (%)' };
  if (estComptage(unite)) return { facteur: 1, decimales: 0, suffixe: '' };
  if (unite === 'mois') return { facteur: 1, decimales: 2, suffixe: ' (mois)' };
  return { facteur: 1, decimales: 2, suffixe: '' };
}

/** Number format of a unit in a spreadsheet (Excel syntax, shown in French by Excel). */
export function formatTableur(unite: Unite): string {
  if (unite === 'part') return '0.0%';
  if (unite === 'evolution') return '+0%;-0%;0%';
  if (estComptage(unite)) return '#,##0';
  return '0.0';
}
