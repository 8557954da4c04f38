// Ranked bars: every organisme (or département) side by side, sorted, with the national value
// as a reference line; one scope may be highlighted; suppressed values come last with their mark.
import { AJUSTE, LARGEUR_TOTALE, base, preparer, notesSecret, formatDAxe, COULEURS, coucheValeurs, type OptionsCommunes, type Point, type TopLevelSpec } from './common.js';
import { marge } from './bars.js';
import { formatCellule } from '../format/index.js';

/** One scope: its code, name, optional link to its page, and value. */
export interface LigneClassement extends Point {
  code: string;
  libelle: string;
  lien?: string;
}

/** Sort orders of the ranking. */
export type Tri = 'decroissant' | 'croissant' | 'nom';

/** Options of barresClassees. */
export interface OptionsClassement extends OptionsCommunes {
  titrePerimetre: string;
  titreValeur: string;
  tri?: Tri;
  /** Reference drawn as a vertical line (the national figure). */
  reference?: { libelle: string } & Point;
  /** Code of a scope to highlight. */
  surligne?: string;
}

/** Rows sorted as asked, suppressed ones last (by name). */
export function trierClassement<T extends { libelle: string; trace: number | null }>(rows: readonly T[], tri: Tri): T[] {
  const nom = (a: T, b: T) => a.libelle.localeCompare(b.libelle, 'fr');
  return [...rows].sort((a, b) => {
    if (tri === 'nom') return nom(a, b);
    if (a.trace === null || b.trace === null) return a.trace === null && b.trace === null ? nom(a, b) : a.trace === null ? 1 : -1;
    return (tri === 'croissant' ? a.trace - b.trace : b.trace - a.trace) || nom(a, b);
  });
}

/** Ranked horizontal bars with a reference line. */
export function barresClassees(lignes: readonly LigneClassement[], o: OptionsClassement): TopLevelSpec {
  const rows = trierClassement(preparer(lignes, o.unite, o.seuil), o.tri ?? 'decroissant');
  const notes = notesSecret(rows, o.seuil);
  const ref = o.reference && o.reference.statut === 'publie' && o.reference.valeur !== null ? o.reference : undefined;
  const sousTitre = [o.sousTitre, ref ? `Trait vertical : ${ref.libelle} (${formatCellule(ref, o.unite, o.seuil)})` : undefined].filter(Boolean).join(' — ');
  const domaineMax = Math.max(marge(rows), ref ? ref.valeur! * 1.1 : 0);
  const y = { field: 'libelle', type: 'nominal' as const, sort: rows.map((r) => r.libelle), title: null, axis: { labelLimit: 320, ticks: false, domain: false, labelPadding: 6 } };
  const resume = rows.map((r) => `${r.libelle} : ${r.texte}`).join(' ; ');
  return {
    ...base({ ...o, sousTitre }, { ligne: { champ: 'libelle', titre: o.titrePerimetre }, valeur: { titre: o.titreValeur } }, notes, resume),
    width: o.largeur ?? LARGEUR_TOTALE,
    autosize: AJUSTE,
    height: { step: rows.length > 40 ? 18 : 24 },
    data: { values: rows },
    transform: [{ calculate: 'datum.affiche ? datum.trace : 0', as: 'position' }],
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.72 } },
        encoding: {
          y,
          x: { field: 'trace', type: 'quantitative', title: null, axis: { format: formatDAxe(o.unite), grid: true, tickCount: 5, domain: false, ticks: false, orient: 'top' }, scale: { domain: [0, domaineMax], nice: true } },
          color: { condition: { test: `datum.code === ${JSON.stringify(o.surligne ?? '')}`, value: COULEURS.accent }, value: COULEURS.principal },
          ...(rows.some((r) => r.lien) ? { href: { field: 'lien' } } : {}),
          tooltip: [{ field: 'libelle', title: o.titrePerimetre }, { field: 'texte', title: o.titreValeur }],
        },
      },
      coucheValeurs({ dx: 4, fontSize: 11, y }),
      ...(ref
        ? [{ mark: { type: 'rule' as const, color: COULEURS.national, strokeWidth: 1.5, strokeDash: [5, 3] }, encoding: { x: { datum: ref.valeur, type: 'quantitative' as const } } }]
        : []),
    ],
  } as TopLevelSpec;
}
