// The chart module: one pure function (data, options) → Vega-Lite spec per kind of chart, and
// the table of a spec (text alternative, CSV, XLSX). Used by the site pages and the exporter.
export * from './commun.js';
export { barresCategories, type LigneCategorie, type OptionsBarres } from './barres.js';
export { barresComparees, type LigneComparee, type OptionsComparees } from './comparees.js';
export { courbeTendance, type LigneTendance, type OptionsTendance } from './tendance.js';
export { barresClassees, trierClassement, type LigneClassement, type OptionsClassement, type Tri } from './classement.js';
export { petitsMultiples, type LigneMultiple, type OptionsMultiples } from './multiples.js';
export { carteDepartements, type LigneCarte, type OptionsCarte } from './carte.js';
export { parcoursEtapes, type LigneEtape, type OptionsEtapes } from './entonnoir.js';
export { GRILLE_DEPARTEMENTS, TAILLE_GRILLE, DROM } from './grille-departements.js';
export { tableauDe, csvDe, feuilleDe, formatTableur, echelleCsv, type Tableau, type CelluleTableau } from './donnees.js';
