// Charts of the pilot evaluation (page « Évaluation des dispositifs »): the series of the pilot
// group and of the comparison départements by period, with the start marked; and where the real
// estimate falls among the placebo pilots' estimates.
import {
  base,
  preparer,
  notesSecret,
  axeValeur,
  PALETTE,
  COULEURS,
  type OptionsCommunes,
  type Point,
  type TopLevelSpec,
} from './common.js';

/** The value of one group over one period (a month, a quarter, a year, or several merged years). */
export interface LigneEvaluation extends Point {
  /** Group label (« Départements du pilote », « Autres départements »). */
  serie: string;
  /** First month and last month of the period (YYYY-MM-01). */
  debut: string;
  fin: string;
  /** Period label for the table (« janv. 2025 », « T1 2025 », « 2022-2023 »). */
  periode: string;
}

/** Options of courbeEvaluation. */
export interface OptionsEvaluation extends OptionsCommunes {
  /** Series in display order (colours follow PALETTE; a third one is drawn dashed). */
  series: readonly string[];
  /** Start of the pilot (YYYY-MM-01), marked by a vertical rule. */
  demarrage: string;
  /** Label of the rule (default « Démarrage »). */
  libelleDemarrage?: string;
  /** A horizontal reference line (e.g. 100 for an index). */
  reference?: number;
  /** Title of the value axis (« jours », « indice »). */
  titreAxe?: string;
  hauteur?: number;
}

/** Middle of a period, as an ISO date (first day of the first month to end of the last one). */
function milieu(debut: string, fin: string): string {
  const a = Date.parse(`${debut}T00:00:00Z`);
  const f = new Date(`${fin}T00:00:00Z`);
  const b = Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1);
  return new Date((a + b) / 2).toISOString().slice(0, 10);
}

/** End (exclusive) of a period: first day of the month after its last month. */
function finExclue(fin: string): string {
  const f = new Date(`${fin}T00:00:00Z`);
  return new Date(Date.UTC(f.getUTCFullYear(), f.getUTCMonth() + 1, 1)).toISOString().slice(0, 10);
}

/** Lines of the groups over time, broken at the start; a period of several months is also drawn as a flat segment over its span. */
export function courbeEvaluation(lignes: readonly LigneEvaluation[], o: OptionsEvaluation): TopLevelSpec {
  const rows = preparer(lignes, o.unite, o.seuil).map((r) => ({
    ...r,
    milieu: milieu(r.debut, r.fin),
    finExclue: finExclue(r.fin),
    long: r.debut !== r.fin,
    cote: r.debut >= o.demarrage ? 'apres' : 'avant',
  }));
  const notes = notesSecret(rows, o.seuil);
  const resume = o.series
    .map(
      (s) =>
        `${s} : ${rows
          .filter((r) => r.serie === s)
          .map((r) => `${r.periode} ${r.texte}`)
          .join(', ')}`,
    )
    .join(' ; ');
  const couleurs = PALETTE.slice(0, o.series.length);
  const couleur = {
    field: 'serie',
    type: 'nominal' as const,
    title: null,
    scale: { domain: [...o.series], range: couleurs },
    sort: [...o.series],
  };
  const tirets = {
    field: 'serie',
    type: 'nominal' as const,
    title: null,
    sort: [...o.series],
    scale: { domain: [...o.series], range: o.series.map((_, i) => (i >= 2 ? [6, 4] : [1, 0])) },
  };
  const x = {
    field: 'milieu',
    type: 'temporal' as const,
    title: null,
    scale: { type: 'utc' as const },
    axis: { format: '%Y', formatType: 'utc', tickCount: 'year', labelAngle: 0, grid: false },
  };
  const y = {
    field: 'trace',
    type: 'quantitative' as const,
    title: o.titreAxe ?? null,
    scale: { zero: false },
    axis: { ...axeValeur(o.unite), tickCount: 5, domain: false, ticks: false },
  };
  const demarrage = {
    datum: { year: Number(o.demarrage.slice(0, 4)), month: Number(o.demarrage.slice(5, 7)), date: 1, utc: true },
    type: 'temporal' as const,
  };
  return {
    ...base(
      o,
      { ligne: { champ: 'periode', titre: 'Période' }, colonne: { champ: 'serie', titre: 'Groupe' }, valeur: { titre: 'Valeur' } },
      notes,
      resume,
    ),
    width: o.largeur ?? 560,
    height: o.hauteur ?? 240,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: rows },
    layer: [
      ...(o.reference !== undefined
        ? [
            {
              data: { values: [{}] },
              mark: { type: 'rule' as const, color: '#b8c2cc', strokeWidth: 1 },
              encoding: { y: { datum: o.reference, type: 'quantitative' as const } },
            },
          ]
        : []),
      // one datum each (drawn once, not once per row)
      {
        data: { values: [{}] },
        mark: { type: 'rule' as const, color: COULEURS.accent, strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x: demarrage },
      },
      {
        data: { values: [{}] },
        mark: {
          type: 'text' as const,
          align: 'left' as const,
          baseline: 'top' as const,
          dx: 4,
          y: 0,
          fontSize: 11,
          color: COULEURS.accent,
        },
        encoding: { x: demarrage, text: { value: o.libelleDemarrage ?? 'Démarrage' } },
      },
      {
        transform: [{ filter: 'datum.long && datum.affiche' }],
        mark: { type: 'rule' as const, strokeWidth: 3, opacity: 0.45 },
        encoding: {
          x: { field: 'debut', type: 'temporal' as const, scale: { type: 'utc' as const } },
          x2: { field: 'finExclue' },
          y,
          color: couleur,
        },
      },
      {
        mark: { type: 'line' as const, invalid: 'break-paths-show-domains' as const, point: false, strokeWidth: 2 },
        encoding: { x, y, color: couleur, strokeDash: tirets, detail: { field: 'cote' } },
      },
      {
        mark: { type: 'point' as const, filled: true, size: 30 },
        encoding: {
          x,
          y,
          color: couleur,
          tooltip: [
            { field: 'periode', title: 'Période' },
            { field: 'serie', title: 'Groupe' },
            { field: 'texte', title: 'Valeur' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}

/** One bin of the placebo estimates. */
export interface LigneHistogramme {
  de: number;
  a: number;
  /** Number of placebo pilots whose estimate falls in the bin. */
  n: number;
  /** Bin label for the table (« de -1,0 à -0,8 point »). */
  classe: string;
}

/** Options of histogrammePlacebo. */
export interface OptionsHistogramme extends Omit<OptionsCommunes, 'unite'> {
  /** Unit of the effect axis (part: points; evolution: %; moyenne: days). */
  unite: OptionsCommunes['unite'];
  /** The real estimate, marked on the axis. */
  effet: number;
  /** Its formatted text (« +5,6 points »). */
  texteEffet: string;
  titreAxe?: string;
  hauteur?: number;
}

/** Where the real estimate falls among the estimates of the placebo pilots. */
export function histogrammePlacebo(classes: readonly LigneHistogramme[], o: OptionsHistogramme): TopLevelSpec {
  const rows = preparer(
    classes.map((c) => ({ ...c, valeur: c.n, statut: 'publie' as const })),
    'evenements',
    o.seuil,
  );
  const resume = `Estimations des faux pilotes : ${rows.map((r) => `${r.classe} : ${r.texte}`).join(', ')}. Écart mesuré pour le pilote : ${o.texteEffet}.`;
  const echelle = o.unite === 'part' ? 100 : 1;
  const xs = rows.map((r) => ({ ...r, x1: r.de * echelle, x2: r.a * echelle }));
  const effet = o.effet * echelle;
  const bornes = [Math.min(0, effet, ...xs.map((r) => r.x1)), Math.max(0, effet, ...xs.map((r) => r.x2))];
  const marge = (bornes[1]! - bornes[0]!) * 0.06 || 1;
  const domaine = [bornes[0]! - marge, bornes[1]! + marge];
  const format = o.unite === 'evolution' ? '+.0%' : '+,.1~f';
  const xScale = { domain: domaine, nice: false };
  return {
    ...base(
      { ...o, unite: 'evenements' },
      { ligne: { champ: 'classe', titre: "Écart estimé d'un faux pilote" }, valeur: { titre: 'Nombre de faux pilotes' } },
      [],
      resume,
    ),
    width: o.largeur ?? 560,
    height: o.hauteur ?? 180,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: xs },
    layer: [
      {
        mark: { type: 'rect', color: '#b8c2cc' },
        encoding: {
          x: { field: 'x1', type: 'quantitative', title: o.titreAxe ?? null, scale: xScale, axis: { format, tickCount: 6 } },
          x2: { field: 'x2' },
          y: { field: 'n', type: 'quantitative', title: 'faux pilotes', axis: { tickCount: 4, domain: false, ticks: false } },
          tooltip: [
            { field: 'classe', title: 'Écart' },
            { field: 'texte', title: 'Faux pilotes' },
          ],
        },
      },
      // one datum each (drawn once, not once per bar)
      {
        data: { values: [{}] },
        mark: { type: 'rule', color: COULEURS.discret, strokeDash: [2, 2] },
        encoding: { x: { datum: 0, type: 'quantitative', scale: xScale } },
      },
      {
        data: { values: [{}] },
        mark: { type: 'rule', color: COULEURS.accent, strokeWidth: 2.5 },
        encoding: { x: { datum: effet, type: 'quantitative', scale: xScale } },
      },
      {
        data: { values: [{}] },
        mark: {
          type: 'text',
          color: COULEURS.accent,
          align: effet >= (domaine[0]! + domaine[1]!) / 2 ? 'right' : 'left',
          dx: effet >= (domaine[0]! + domaine[1]!) / 2 ? -5 : 5,
          baseline: 'top',
          y: 2,
          fontWeight: 600,
        },
        encoding: { x: { datum: effet, type: 'quantitative', scale: xScale }, text: { value: `Pilote : ${o.texteEffet}` } },
      },
    ],
  } as TopLevelSpec;
}

/** One period of the event study: the gap against the reference year, with its 95 % interval. */
export interface LigneTendance {
  /** Period label (« 2023 », « 2022-2023 », « janv.-nov. 2025 »). */
  periode: string;
  /** First and last month (YYYY-MM-01). */
  debut: string;
  fin: string;
  /** Gap (display scale: share difference, relative change, days); 0 for the reference period; null when not published. */
  ecart: number | null;
  lo: number | null;
  hi: number | null;
  /** Side of the start: a period before, the reference period (the last before), a period after. */
  cote: CoteTendance;
}

/** Sides of the start in the event study, with their legend label and colour: the same in every chart. */
const COTES_TENDANCE = {
  avant: { libelle: 'Avant le démarrage', couleur: COULEURS.ciel },
  reference: { libelle: 'Avant le démarrage (référence)', couleur: COULEURS.national },
  apres: { libelle: 'Après le démarrage', couleur: COULEURS.principal },
} as const;
type CoteTendance = keyof typeof COTES_TENDANCE;

/** Options of graphiqueTendances. */
export interface OptionsTendances extends Omit<OptionsCommunes, 'unite'> {
  /** part: points; evolution: %; moyenne: days. */
  unite: OptionsCommunes['unite'];
  demarrage: string;
  titreAxe?: string;
  hauteur?: number;
}

/** Event study: the gap between the two groups period by period, against the last period before the start, with intervals. */
export function graphiqueTendances(lignes: readonly LigneTendance[], o: OptionsTendances): TopLevelSpec {
  const echelle = o.unite === 'part' ? 100 : 1;
  const rows = lignes.map((l) => ({
    ...l,
    cote: COTES_TENDANCE[l.cote].libelle,
    milieu: milieu(l.debut, l.fin),
    x: l.ecart === null ? null : l.ecart * echelle,
    x1: l.lo === null ? null : l.lo * echelle,
    x2: l.hi === null ? null : l.hi * echelle,
    valeur: l.ecart,
    statut: l.ecart === null ? ('sans_objet' as const) : ('publie' as const),
  }));
  const prep = preparer(rows, o.unite, o.seuil);
  const resume = prep
    .map(
      (r) =>
        `${r.periode} : ${r.texte}${r.x1 !== null ? ` (IC 95 % ${(r.x1 as number).toFixed(1)} à ${(r.x2 as number).toFixed(1)})` : ''}`,
    )
    .join(' ; ');
  const format = o.unite === 'evolution' ? '+.0%' : '+,.1~f';
  const yScale = { zero: true };
  const x = {
    field: 'milieu',
    type: 'temporal' as const,
    title: null,
    // room for the first and last points and their intervals, off the plot's edges
    scale: { type: 'utc' as const, padding: 24 },
    axis: { format: '%Y', tickCount: 'year', labelAngle: 0, grid: false },
  };
  const cotes = (Object.keys(COTES_TENDANCE) as CoteTendance[]).filter((c) => lignes.some((l) => l.cote === c));
  const couleur = {
    field: 'cote',
    type: 'nominal' as const,
    title: null,
    scale: { domain: cotes.map((c) => COTES_TENDANCE[c].libelle), range: cotes.map((c) => COTES_TENDANCE[c].couleur) },
    sort: cotes.map((c) => COTES_TENDANCE[c].libelle),
  };
  const demarrage = {
    datum: { year: Number(o.demarrage.slice(0, 4)), month: Number(o.demarrage.slice(5, 7)), date: 1, utc: true },
    type: 'temporal' as const,
  };
  return {
    ...base(
      { ...o },
      { ligne: { champ: 'periode', titre: 'Période' }, valeur: { titre: 'Écart avec la période de référence' } },
      [],
      resume,
    ),
    width: o.largeur ?? 560,
    height: o.hauteur ?? 200,
    autosize: { type: 'fit-x', contains: 'padding' },
    data: { values: prep },
    layer: [
      // one datum each (drawn once, not once per row)
      {
        data: { values: [{}] },
        mark: { type: 'rule' as const, color: '#b8c2cc' },
        encoding: { y: { datum: 0, type: 'quantitative' as const } },
      },
      {
        data: { values: [{}] },
        mark: { type: 'rule' as const, color: COULEURS.accent, strokeDash: [4, 3], strokeWidth: 1.5 },
        encoding: { x: demarrage },
      },
      {
        transform: [{ filter: 'datum.x1 != null' }],
        mark: { type: 'rule' as const, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'x1', type: 'quantitative' as const, title: o.titreAxe ?? null, scale: yScale, axis: { format } },
          y2: { field: 'x2' },
          color: couleur,
        },
      },
      {
        transform: [{ filter: 'datum.x != null' }],
        mark: { type: 'point' as const, filled: true, size: 50 },
        encoding: {
          x,
          y: { field: 'x', type: 'quantitative' as const, scale: yScale },
          color: couleur,
          tooltip: [
            { field: 'periode', title: 'Période' },
            { field: 'cote', title: 'Côté' },
            { field: 'texte', title: 'Écart' },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
