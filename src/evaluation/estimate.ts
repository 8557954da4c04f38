// Estimation of one indicator from the panel (panel.ts): the difference in differences, its
// randomisation inference with placebo groups matched on size (inference.ts), the minimum
// detectable effect and its projection, the event study by year from the start with a joint test
// of the years before, and the robustness variants. DuckDB builds and pools the panel; the
// resampling (≤ 101 départements × a few periods × 999 groups) runs here on its sums.
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../warehouse/db.ts';
import { DEPARTEMENTS } from '../contract/reference.ts';
import { TABLE_PANEL, ecartMois } from './panel.ts';
import type { UniteEvaluation } from './measures.ts';
import {
  contrastesStudentises,
  decide,
  MIN_PLACEBOS,
  dispersionMensuelle,
  effetMinimalDetectable,
  groupesApparies,
  testConjoint,
  type Agregat,
  type Contraste,
  type Decision,
  type SommesDepartement,
} from './inference.ts';

/** Options of the inference. */
export interface OptionsInference {
  /** Number of placebo groups drawn (default 999). */
  tirages?: number;
  /** Seed of the draws (default 20250101). */
  graine?: number;
  /** Divide each contrast by its standard error before ranking it among the placebos (default true; false: plain permutation of the contrasts). */
  studentiser?: boolean;
  /** Comparison départements each pilot département's stand-in is drawn among (default `voisinsParDepartement`). */
  voisins?: number;
  /**
   * Centre each contrast's placebo values on 0 (default false: the plain randomisation test, see
   * `estimerContrastes`). Kept for the validation bench's comparisons.
   */
  recentrer?: boolean;
}

/** One row of the panel: a département's sums over one month of one indicator. */
export interface LignePanel {
  indicateur: string;
  unite: UniteEvaluation;
  departement: string;
  role: 'pilote' | 'temoin' | 'exclu';
  /** First day of the month (YYYY-MM-01). */
  mois: string;
  num: number;
  den: number;
  /** Sum of squared values (means), else null. */
  num2: number | null;
}

/** Reads the panel table (every role, every indicator). */
export async function lirePanel(con: DuckDBConnection): Promise<LignePanel[]> {
  return queryRows<LignePanel>(
    con,
    `
    SELECT indicateur, unite, departement, role, strftime(mois, '%Y-%m-%d') AS mois, num, den, num2 FROM ${TABLE_PANEL}`,
  );
}

/** A period: the months it covers (first days). */
export interface PeriodeMois {
  debut: string;
  fin: string;
}

/** The estimate of a contrast with its test (comparison scale: log for volumes). */
export interface Contrastee extends Decision {
  estimation: number;
  /** Its standard error (1 when not studentised). */
  erreurType: number;
  /** Sorted placebo values, brought to the pilot's standard error (comparison scale). */
  placebo: number[];
}

/** Which months and départements an analysis uses. */
export interface Selection {
  pilote: readonly string[];
  temoins: readonly string[];
  /** Months kept (default: every month of the panel). */
  garder?: (mois: string) => boolean;
}

/** Per-département sums of the periods (a month belongs to the first period that holds it). */
function sommesParPeriode(
  lignes: readonly LignePanel[],
  periodes: readonly ((mois: string) => boolean)[],
  garder?: (mois: string) => boolean,
): Map<string, Agregat[]> {
  const out = new Map<string, Agregat[]>();
  for (const l of lignes) {
    if (garder && !garder(l.mois)) continue;
    const k = periodes.findIndex((f) => f(l.mois));
    if (k < 0) continue;
    let s = out.get(l.departement);
    if (!s) {
      s = periodes.map(() => ({ num: 0, den: 0, num2: 0 }));
      out.set(l.departement, s);
    }
    s[k]!.num += l.num;
    s[k]!.den += l.den;
    s[k]!.num2! += l.num2 ?? 0;
  }
  return out;
}

/** Size of each département for the matching: its cases (volumes) or its base (others) over the months before the start. */
export function tailles(unite: UniteEvaluation, lignes: readonly LignePanel[], demarrage: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lignes)
    if (l.mois < demarrage) out.set(l.departement, (out.get(l.departement) ?? 0) + (unite === 'volume' ? l.num : l.den));
  return out;
}

/** Région (organisme) of each département, for the within-région correlation of the variance model. */
const REGIONS: ReadonlyMap<string, string> = new Map(DEPARTEMENTS.map((d) => [d.departement, d.organisme]));

/** φ of the comparison départements' monthly values (`dispersionMensuelle`), over the months kept. */
function dispersionTemoins(lignes: readonly LignePanel[], sel: Selection): number | null {
  const temoins = new Set(sel.temoins);
  const mois = new Map<string, (Agregat & { mois: string })[]>();
  for (const l of lignes) {
    if (!temoins.has(l.departement) || (sel.garder && !sel.garder(l.mois))) continue;
    const xs = mois.get(l.departement) ?? [];
    xs.push({ mois: l.mois, num: l.num, den: l.den, num2: l.num2 ?? 0 });
    mois.set(l.departement, xs);
  }
  return mois.size ? dispersionMensuelle(lignes[0]!.unite, mois) : null;
}

/**
 * Estimates contrasts of periods for a pilot group against a comparison group, with the same
 * matched placebo groups for every contrast. Returns one entry per contrast (null when the
 * estimate is undefined or fewer than 39 placebos are defined), and the aligned studentised
 * placebo values (`[contrast][group]`, for a joint test).
 *
 * The placebo values are those of the randomisation test (`groupesApparies`: the pilot's
 * départements are among the stand-ins, and each group is compared with every other département),
 * not centred: the true assignment is one of the draws, so that whatever the neighbours' common
 * deviation from the rest, the pilot shares it as much as they do. Option `recentrer` subtracts
 * their mean, which the third correction did when the stand-ins were comparison départements only
 * (their mean was then the neighbours' common deviation, which the pilot's contrast did not share;
 * docs/evaluation.md, « Quatrième correction »).
 */
function estimerContrastes(
  unite: UniteEvaluation,
  lignes: readonly LignePanel[],
  demarrage: string,
  sel: Selection,
  periodes: readonly ((mois: string) => boolean)[],
  cs: readonly Contraste[],
  o: OptionsInference & { tirages: number; graine: number },
): { resultats: (Contrastee | null)[]; alignes: (number | null)[][] } {
  const sommes: Map<string, SommesDepartement> = sommesParPeriode(lignes, periodes, sel.garder);
  const taille = tailles(unite, lignes, demarrage);
  const groupes = groupesApparies(sel.pilote, sel.temoins, taille, { tirages: o.tirages, graine: o.graine, voisins: o.voisins });
  const st = o.studentiser !== false;
  const s = contrastesStudentises(unite, sommes, sel.pilote, sel.temoins, groupes, cs, taille, dispersionTemoins(lignes, sel), REGIONS);
  const t = (v: { x: number; se: number } | null) => (v === null ? null : st ? v.x / v.se : v.x);
  // each contrast's placebo values, on the scale of the test; centred on 0 only on request (see above)
  const alignes = s.placebos.map((xs) => {
    const v = xs.map(t);
    if (o.recentrer !== true) return v;
    const ok = v.filter((x): x is number => x !== null);
    const m = ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : 0;
    return v.map((x) => (x === null ? null : x - m));
  });
  const resultats = cs.map((_, j) => {
    const e = s.pilote[j];
    const pl = alignes[j]!.filter((v): v is number => v !== null).sort((a, b) => a - b);
    if (!e || pl.length < MIN_PLACEBOS) return null;
    const se = st ? e.se : 1;
    const d = decide(e.x / se, pl);
    return {
      ...d,
      ic95: [d.ic95[0] * se, d.ic95[1] * se] as [number, number],
      estimation: e.x,
      erreurType: se,
      placebo: pl.map((v) => v * se),
    };
  });
  return { resultats, alignes };
}

/** The difference in differences (before / after the start) of a selection. */
export function differenceDeDifferences(
  unite: UniteEvaluation,
  lignes: readonly LignePanel[],
  demarrage: string,
  sel: Selection,
  o: OptionsInference & { tirages: number; graine: number },
): (Contrastee & { mde: number }) | null {
  const { resultats } = estimerContrastes(unite, lignes, demarrage, sel, [(m) => m < demarrage, (m) => m >= demarrage], [[-1, 1]], o);
  const r = resultats[0];
  return r ? { ...r, mde: effetMinimalDetectable(r.placebo) } : null;
}

/** One period of the event study. */
interface PeriodeEvenement extends PeriodeMois {
  /** Months of the panel in it. */
  mois: number;
  apres: boolean;
  /** The reference period (the last one before the start): its gap is 0 by construction. */
  reference: boolean;
  /** Gap of the period against the reference (comparison scale), with its test; null for the reference or when undefined. */
  ecart: Contrastee | null;
}

/** The event study of a selection: gaps by period against the last period before the start, and the joint test of the periods before. */
export interface EtudeEvenements {
  periodes: PeriodeEvenement[];
  /** Joint test of the periods before the reference (null when there are none). */
  test: { statistique: number; p: number; tirages: number } | null;
}

/**
 * The event study: `blocs` are periods in time order (from the published series' grain, so
 * that no gap is finer than what is published); the reference is the last block before the start.
 */
export function etudeEvenements(
  unite: UniteEvaluation,
  lignes: readonly LignePanel[],
  demarrage: string,
  sel: Selection,
  blocs: readonly PeriodeMois[],
  o: OptionsInference & { tirages: number; graine: number },
): EtudeEvenements | null {
  const ref = blocs.reduce((r, b, i) => (b.debut < demarrage ? i : r), -1);
  if (ref < 0) return null;
  const dans = blocs.map((b) => (m: string) => m >= b.debut && m <= b.fin);
  const autres = blocs.map((_, i) => i).filter((i) => i !== ref);
  const cs: Contraste[] = autres.map((i) => blocs.map((_, k) => (k === i ? 1 : k === ref ? -1 : 0)));
  const { resultats, alignes } = cs.length ? estimerContrastes(unite, lignes, demarrage, sel, dans, cs, o) : { resultats: [], alignes: [] };
  const compte = new Map<number, number>();
  for (const l of lignes) {
    if (l.departement !== sel.pilote[0]) continue;
    const k = dans.findIndex((f) => f(l.mois));
    if (k >= 0) compte.set(k, (compte.get(k) ?? 0) + 1);
  }
  const periodes: PeriodeEvenement[] = blocs.map((b, i) => ({
    debut: b.debut,
    fin: b.fin,
    mois: compte.get(i) ?? 0,
    apres: b.debut >= demarrage,
    reference: i === ref,
    ecart: i === ref ? null : (resultats[autres.indexOf(i)] ?? null),
  }));
  const avant = autres.map((i, j) => ({ i, j })).filter(({ i }) => i < ref && resultats[autres.indexOf(i)]);
  // The pilot's gaps on the scale of the placebo values (`alignes`: divided by their standard error when studentised).
  const test = avant.length
    ? testConjoint(
        avant.map(({ j }) => resultats[j]!.estimation / resultats[j]!.erreurType),
        avant.map(({ j }) => alignes[j]!),
      )
    : null;
  return { periodes, test };
}

/** Twelve-month blocks counted from the start (…, −2, −1 before; 0, 1, … after) that hold months of a list. */
export function blocsAnnuels(mois: readonly string[], demarrage: string): PeriodeMois[] {
  const par = new Map<number, string[]>();
  for (const m of mois) {
    const k = Math.floor(ecartMois(demarrage, m) / 12);
    par.set(k, [...(par.get(k) ?? []), m]);
  }
  return [...par.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, ms]) => ({ debut: ms.reduce((a, b) => (a < b ? a : b)), fin: ms.reduce((a, b) => (a > b ? a : b)) }));
}
