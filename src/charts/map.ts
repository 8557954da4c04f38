// A map of France as a tile grid: one equal square per département (GRILLE_DEPARTEMENTS),
// coloured by its value on a single-hue scale (readable with colour-vision deficiencies);
// suppressed values are grey tiles carrying their mark.
import { base, preparer, notesSecret, formatDAxe, COULEURS, type OptionsCommunes, type Point, type TopLevelSpec } from './common.js';
import { GRILLE_DEPARTEMENTS, TAILLE_GRILLE } from './tile-grid.js';

/** One département: code, name (and organisme in the label if useful), value. */
export interface LigneCarte extends Point {
  code: string;
  libelle: string;
  lien?: string;
}

/** Options of carteDepartements. */
export interface OptionsCarte extends OptionsCommunes {
  titreValeur: string;
  /** Codes of départements to outline (e.g. those of one organisme). */
  surligne?: readonly string[];
}

/** Tile-grid map of the départements. */
export function carteDepartements(lignes: readonly LigneCarte[], o: OptionsCarte): TopLevelSpec {
  const rows = preparer(lignes.filter((l) => GRILLE_DEPARTEMENTS[l.code]), o.unite, o.seuil).map((r) => {
    const [col, ligne] = GRILLE_DEPARTEMENTS[r.code]!;
    return { ...r, col, ligne, surligne: (o.surligne ?? []).includes(r.code) };
  });
  const notes = notesSecret(rows.filter((r) => r.statut !== 'sans_objet'), o.seuil);
  if (rows.some((r) => !r.affiche && r.statut !== 'sans_objet')) notes.unshift('Cases grises : valeur non diffusée (marque sous le numéro)');
  if (rows.some((r) => r.statut === 'sans_objet')) notes.unshift('Cases claires : pas de données');
  const valeurs = rows.filter((r) => r.trace !== null).map((r) => r.trace!);
  const milieu = valeurs.length ? (Math.min(...valeurs) + Math.max(...valeurs)) / 2 : 0;
  const taille = Math.floor((o.largeur ?? 480) / TAILLE_GRILLE.colonnes);
  const echelleX = { domain: [0, TAILLE_GRILLE.colonnes], range: [0, taille * TAILLE_GRILLE.colonnes] };
  const echelleY = { domain: [0, TAILLE_GRILLE.lignes], range: [0, taille * TAILLE_GRILLE.lignes] };
  const x = { field: 'x0', type: 'quantitative' as const, scale: echelleX, axis: null };
  const y = { field: 'y0', type: 'quantitative' as const, scale: echelleY, axis: null };
  const contour = {
    stroke: { condition: { test: 'datum.surligne', value: COULEURS.accent }, value: null },
    strokeWidth: { condition: { test: 'datum.surligne', value: 2.5 }, value: 0 },
  };
  const lien = rows.some((r) => r.lien) ? { href: { field: 'lien' } } : {};
  const tooltip = [{ field: 'libelle', title: 'Département' }, { field: 'texte', title: o.titreValeur }];
  const resume = [...rows].sort((a, b) => a.code.localeCompare(b.code)).map((r) => `${r.libelle} : ${r.texte}`).join(' ; ');
  return {
    ...base(o, { ligne: { champ: 'libelle', titre: 'Département' }, valeur: { titre: o.titreValeur } }, notes, resume),
    width: taille * TAILLE_GRILLE.colonnes,
    height: taille * TAILLE_GRILLE.lignes,
    data: { values: [...rows].sort((a, b) => a.code.localeCompare(b.code)) },
    transform: [
      { calculate: 'datum.col + 0.04', as: 'x0' }, { calculate: 'datum.col + 0.96', as: 'x1' },
      { calculate: 'datum.ligne + 0.04', as: 'y0' }, { calculate: 'datum.ligne + 0.96', as: 'y1' },
      { calculate: 'datum.col + 0.5', as: 'xc' }, { calculate: 'datum.ligne + 0.5', as: 'yc' },
    ],
    layer: [
      {
        transform: [{ filter: 'datum.affiche' }],
        mark: { type: 'rect', cornerRadius: 3 },
        encoding: {
          x, y, x2: { field: 'x1' }, y2: { field: 'y1' },
          color: { field: 'trace', type: 'quantitative', scale: { scheme: 'blues', zero: false }, title: null, legend: { format: formatDAxe(o.unite), gradientLength: 220, orient: 'bottom', direction: 'horizontal' } },
          ...contour, ...lien, tooltip,
        },
      },
      {
        transform: [{ filter: '!datum.affiche' }],
        mark: { type: 'rect', cornerRadius: 3 },
        encoding: {
          x, y, x2: { field: 'x1' }, y2: { field: 'y1' }, ...contour, ...lien, tooltip,
          color: { condition: { test: "datum.statut === 'sans_objet'", value: COULEURS.vide }, value: COULEURS.secret },
        },
      },
      {
        transform: [{ calculate: "datum.affiche || datum.statut === 'sans_objet' ? [datum.code] : [datum.code, datum.texte]", as: 'etiquette' }],
        mark: { type: 'text', fontSize: Math.max(8, Math.min(11, taille / 3.6)), baseline: 'middle', lineHeight: 12 },
        encoding: {
          x: { field: 'xc', type: 'quantitative', scale: echelleX, axis: null },
          y: { field: 'yc', type: 'quantitative', scale: echelleY, axis: null },
          text: { field: 'etiquette' },
          color: { condition: { test: `datum.affiche && datum.trace > ${milieu}`, value: '#ffffff' }, value: COULEURS.texte },
          opacity: { condition: { test: "datum.statut === 'sans_objet'", value: 0.55 }, value: 1 },
        },
      },
      ...([[0.05, 8.6, 'Outre-mer', 'left'], [10.9, 11.5, 'Corse', 'right']] as const).map(([lx, ly, t, align]) => ({
        data: { values: [{ lx, ly, t }] },
        mark: { type: 'text' as const, fontSize: 11, baseline: 'middle' as const, align, color: COULEURS.discret },
        encoding: {
          x: { field: 'lx', type: 'quantitative' as const, scale: echelleX, axis: null },
          y: { field: 'ly', type: 'quantitative' as const, scale: echelleY, axis: null },
          text: { field: 't' },
        },
      })),
    ],
  } as TopLevelSpec;
}
