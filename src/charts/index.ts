// The chart module: one pure function (data, options) → Vega-Lite spec per kind of chart, and
// the table of a spec (text alternative, CSV, XLSX). Used by the site pages and the exporter.
export * from './common.js';
export { barresCategories, type LigneCategorie, type OptionsBarres } from './bars.js';
export { barresComparees, type LigneComparee, type OptionsComparees } from './compared-bars.js';
export { courbeTendance, type LigneTendance, type OptionsTendance } from './trend.js';
export { barresClassees, trierClassement, type LigneClassement, type OptionsClassement, type Tri } from './ranking.js';
export { petitsMultiples, type LigneMultiple, type OptionsMultiples } from './multiples.js';
export { carteDepartements, type LigneCarte, type OptionsCarte } from './map.js';
export { parcoursEtapes, type LigneEtape, type OptionsEtapes } from './funnel.js';
export { formesDepartements, cadresDrom, anneaux, CADRES_DROM, CREDIT_CARTE, type Geometrie } from './geography.js';
export { tableauDe, formatTableur, echelleCsv, type Tableau, type CelluleTableau } from './data.js';
