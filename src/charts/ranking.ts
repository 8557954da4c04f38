// Ranked bars: every organisme (or département) side by side, sorted, with the national value
// as a reference line; one scope may be highlighted; suppressed values come last with their mark.
// A rate shows its base under the scope's name (« n = 1 234 ») and a small base (under BASE_FAIBLE cases) is
// marked — lighter bar, « base faible » in its label and a note — so that a rank earned on a few
// cases is never read as a rank earned on thousands.
import {
  AJUSTE,
  LARGEUR_TOTALE,
  axeCategories,
  aucuneValeur,
  graphiqueSansValeur,
  base,
  preparer,
  notesSecret,
  axeValeur,
  COULEURS,
  coucheValeurs,
  type OptionsCommunes,
  type Point,
  type TopLevelSpec,
} from './common.js';
import { marge } from './bars.js';
import { estAffichable, estComptage, formatCellule, formatNombre } from '../format/index.js';

/** One scope: its code, name, optional link to its page, and value. */
export interface LigneClassement extends Point {
  code: string;
  libelle: string;
  lien?: string;
  /** The base (n) of a rate, share or mean: the published count it is computed on. */
  base?: Point;
}

/** Under this many cases, a rate's base is marked as small (decision in docs/decisions.md: a
 *  share on fewer than 100 cases has a 95 % interval up to ±10 points). */
const BASE_FAIBLE = 100;

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
function trierClassement<T extends { libelle: string; trace: number | null }>(rows: readonly T[], tri: Tri): T[] {
  const nom = (a: T, b: T) => a.libelle.localeCompare(b.libelle, 'fr');
  return [...rows].sort((a, b) => {
    if (tri === 'nom') return nom(a, b);
    if (a.trace === null || b.trace === null) return a.trace === null && b.trace === null ? nom(a, b) : a.trace === null ? 1 : -1;
    return (tri === 'croissant' ? a.trace - b.trace : b.trace - a.trace) || nom(a, b);
  });
}

/** Ranked horizontal bars with a reference line. */
export function barresClassees(lignes: readonly LigneClassement[], o: OptionsClassement): TopLevelSpec {
  const avecBase = !estComptage(o.unite) && lignes.some((l) => l.base);
  const rows = trierClassement(preparer(lignes, o.unite, o.seuil), o.tri ?? 'decroissant').map((r) => {
    if (!avecBase) return { ...r, faible: false, n: '', ligneBase: '' };
    const b = r.base;
    const n = b && estAffichable(b) ? b.valeur : null;
    const faible = r.affiche && (n === null || n < BASE_FAIBLE);
    const nTexte = b ? formatCellule(b, 'personnes', o.seuil) : '';
    const base = n !== null ? `n\u202f=\u202f${nTexte}` : b ? `n\u202f${nTexte}` : '';
    return { ...r, faible, n: nTexte, ligneBase: base ? `${base}${faible ? ', base faible' : ''}` : '' };
  });
  const notes = [
    ...notesSecret(rows, o.seuil),
    ...(rows.some((r) => r.faible)
      ? [`Base faible : taux calculé sur moins de ${formatNombre(BASE_FAIBLE)} cas, à lire avec prudence (barre claire)`]
      : []),
  ];
  const ref = o.reference && o.reference.statut === 'publie' && o.reference.valeur !== null ? o.reference : undefined;
  const sousTitre = [o.sousTitre, ref ? `Trait vertical : ${ref.libelle} (${formatCellule(ref, o.unite, o.seuil)})` : undefined]
    .filter(Boolean)
    .join(' — ');
  // Room for the value label after the longest bar, down to a 390 px phone (checked in test/charts/lisibilite.test.ts).
  const domaineMax = Math.max(marge(rows) * 1.15, ref ? ref.valeur! * 1.1 : 0);
  // With bases, each name gets a second line « n = 743 » (« n = 47, base faible »).
  const axe = axeCategories(
    rows.map((r) => r.libelle),
    new Map(rows.map((r) => [r.libelle, r.ligneBase])),
  );
  const y = {
    field: 'libelle',
    type: 'nominal' as const,
    sort: rows.map((r) => r.libelle),
    title: null,
    axis: { ...axe.axis, labelFontSize: 11, labelLineHeight: 13 },
  };
  const resume = rows.map((r) => `${r.libelle} : ${r.texte}`).join(' ; ');
  const tableau = {
    ligne: { champ: 'libelle', titre: o.titrePerimetre },
    valeur: { titre: o.titreValeur },
    ...(avecBase ? { extras: [{ champ: 'n', titre: 'Base (n)' }] } : {}),
  };
  if (aucuneValeur(rows)) return graphiqueSansValeur(o, tableau, rows, resume);
  return {
    ...base({ ...o, sousTitre }, tableau, notes, resume),
    width: o.largeur ?? LARGEUR_TOTALE,
    autosize: AJUSTE,
    height: { step: axe.lignes > 1 ? axe.lignes * 13 + 8 : rows.length > 40 ? 18 : 24 },
    data: { values: rows },
    transform: [{ calculate: 'datum.affiche ? datum.trace : 0', as: 'position' }],
    layer: [
      {
        mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 0.72 } },
        encoding: {
          y,
          x: {
            field: 'trace',
            type: 'quantitative',
            title: null,
            axis: { ...axeValeur(o.unite), grid: true, tickCount: 5, domain: false, ticks: false, orient: 'top' },
            scale: { domain: [0, domaineMax], nice: true },
          },
          color: {
            condition: { test: `datum.code === ${JSON.stringify(o.surligne ?? '')}`, value: COULEURS.accent },
            value: COULEURS.principal,
          },
          opacity: { condition: { test: 'datum.faible', value: 0.45 }, value: 1 },
          ...(rows.some((r) => r.lien) ? { href: { field: 'lien' } } : {}),
          tooltip: [
            { field: 'libelle', title: o.titrePerimetre },
            { field: 'texte', title: o.titreValeur },
          ],
        },
      },
      coucheValeurs({ dx: 4, fontSize: 11, y }),
      ...(ref
        ? [
            {
              // one datum: drawn once, not once per row
              data: { values: [{}] },
              mark: { type: 'rule' as const, color: COULEURS.national, strokeWidth: 1.5, strokeDash: [5, 3] },
              encoding: { x: { datum: ref.valeur, type: 'quantitative' as const } },
            },
          ]
        : []),
    ],
  } as TopLevelSpec;
}
