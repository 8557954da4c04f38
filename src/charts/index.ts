// The chart module: one pure function (data, options) → Vega-Lite spec per kind of chart, and
// the table of a spec (text alternative, CSV, XLSX). Used by the site pages and the exporter.
export * from './common.js';
export { barresCategories } from './bars.js';
export { barresComparees } from './compared-bars.js';
export { courbeTendance } from './trend.js';
export { barresClassees, type Tri } from './ranking.js';
export { petitsMultiples } from './multiples.js';
export { carteDepartements } from './map.js';
export { parcoursEtapes } from './funnel.js';

export { tableauDe, formatTableur, echelleCsv, type Tableau } from './data.js';
