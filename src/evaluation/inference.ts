// Randomisation inference for a pilot run in few départements (issue 15, docs/evaluation.md).
//
// The estimate is a contrast of pooled group values (difference in differences, or one period of
// the event study against the reference period). Its null distribution is not modelled: it is the
// distribution of the same contrast for placebo groups, each member of the pilot replaced by one of
// the MATCHED_NEIGHBOURS départements closest in size (before the start), without replacement. A
// placebo group thus has about the size profile of the pilot group, which sets the noise of a
// pooled value (a large département varies less than a small one); this is the placebo-group /
// Conley–Taber logic. What matching cannot even out (the largest pilots have only smaller
// stand-ins) the studentisation does: each contrast is divided by its standard error from a
// variance model fitted on the comparison départements (below; the heteroskedasticity-robust
// variant of Ferman and Pinto 2019).
//
// The stand-ins are drawn among the comparison départements *and the pilot's own*, and a placebo
// group is compared with every other département of the two (pilot départements outside it
// included): the placebo groups are then draws from the assignments of the pilot's role among the
// same départements, the true assignment one of them, which is Fisher's randomisation test (the
// synthetic control's placebo ranks, with the treated unit among the ranked ones). Drawn among the
// comparison départements only, the placebo distribution is an estimate made from some forty
// départements without the pilot's, whose randomness the test ignored: with independent normal
// départements it rejected 6.5 % (pairs among 40 neighbours) to 7.5 % (groups of 14) instead of 5 %;
// with the pilot's départements in, 4.2 to 4.8 % (bench/evaluation-vivier.ts, 20 000 draws;
// docs/evaluation.md, « Quatrième correction »). With one pilot
// département the draws are exhaustive (each of its neighbours once; the pilot itself is the
// « 1 + » of the p-value).
//
// One function (`decide`) gives the p-value, the interval and the verdict from the placebo
// values, so that « effet détecté » holds exactly when p < ALPHA, and exactly when the interval
// (the effects not rejected by the same test, for an effect that adds the same amount everywhere)
// leaves out 0. Pure functions, no I/O.
import type { UniteEvaluation } from './measures.ts';
import { mulberry32 } from '../random.ts';

/** Level of the test and of the intervals: « effet détecté » exactly when p < ALPHA. */
const ALPHA = 0.05;
/** Power the minimum detectable effect refers to (an effect of that size is detected 4 times in 5). */
const POWER = 0.8;
/**
 * Comparison départements among which each pilot département's placebo stand-in is drawn (nearest
 * in size), at least. Broad on purpose: with few neighbours the placebo groups are built from a
 * handful of départements and their tails are too thin (a simulation of the generator's noise gave
 * 8 % false detections with 8–12 neighbours, 5 % with 40, 4 % with all); the standard error evens
 * out the sizes within the neighbours.
 */
const MATCHED_NEIGHBOURS = 40;
/** Distinct placebo groups the matching must allow at least (so that p < ALPHA is reachable with margin). */
const MIN_DISTINCT_GROUPS = 60;

/**
 * Neighbours per pilot département for a pilot of `m` départements: the smallest k ≥ MATCHED_NEIGHBOURS
 * with C(k, m) ≥ MIN_DISTINCT_GROUPS (1 département: 60 nearest, 2 and more: 40).
 */
export function voisinsParDepartement(m: number): number {
  const comb = (n: number, r: number) => {
    let c = 1;
    for (let i = 1; i <= r; i++) c = (c * (n - r + i)) / i;
    return c;
  };
  let k = Math.max(MATCHED_NEIGHBOURS, m);
  while (comb(k, m) < MIN_DISTINCT_GROUPS) k++;
  return k;
}

/** Pooled numerator and base (volumes: count and months); num2: sum of squared values (means only). */
export interface Agregat {
  num: number;
  den: number;
  num2?: number;
}

/** Sums of one département over each period of a contrast (index = period). */
export type SommesDepartement = readonly Agregat[];

/** A linear contrast of periods: value = Σ coefficient × pooled group value of the period. */
export type Contraste = readonly number[];

/** Value of a pooled aggregate on the comparison scale: log of the monthly mean (volumes), else the share or mean; null when undefined. */
function echelle(unite: UniteEvaluation, a: Agregat): number | null {
  if (!(a.den > 0)) return null;
  if (unite === 'volume') return a.num > 0 ? Math.log(a.num / a.den) : null;
  return a.num / a.den;
}

/** Sums a group's départements period by period. */
function pool(sommes: ReadonlyMap<string, SommesDepartement>, membres: readonly string[], periodes: number): Agregat[] {
  const out = Array.from({ length: periodes }, () => ({ num: 0, den: 0 }));
  for (const d of membres) {
    const s = sommes.get(d);
    if (!s) continue;
    for (let k = 0; k < periodes; k++) {
      out[k]!.num += s[k]!.num;
      out[k]!.den += s[k]!.den;
    }
  }
  return out;
}

/**
 * The contrast of the pilot group against the comparison group: Σ_k c_k (f(pilote, k) − f(temoins, k)),
 * with f the pooled value on the comparison scale (`echelle`). For a difference in differences
 * (periods [avant, après], contrast [−1, 1]) it is (P_après − P_avant) − (T_après − T_avant).
 * Null when a pooled value needed is undefined (no case).
 */
export function contraste(
  unite: UniteEvaluation,
  sommes: ReadonlyMap<string, SommesDepartement>,
  pilote: readonly string[],
  temoins: readonly string[],
  c: Contraste,
): number | null {
  const p = pool(sommes, pilote, c.length);
  const t = pool(sommes, temoins, c.length);
  let x = 0;
  for (let k = 0; k < c.length; k++) {
    if (c[k] === 0) continue;
    const a = echelle(unite, p[k]!);
    const b = echelle(unite, t[k]!);
    if (a === null || b === null) return null;
    x += c[k]! * (a - b);
  }
  return x;
}

/** A deterministic generator of uniforms in [0, 1) (mulberry32) from an integer seed. */
export function aleatoire(graine: number): () => number {
  return mulberry32(Math.trunc(graine) ^ 0x9e3779b9);
}

/**
 * Placebo groups matched on the pilot's size profile: `tirages` groups of as many départements as
 * the pilot has, each pilot département (in random order) replaced by one of the `voisins` (default
 * `voisinsParDepartement`) not-yet-drawn départements closest to it in log size, drawn among the
 * comparison départements and, with two or more pilot départements, the pilot's own (the
 * randomisation test: see the head of this file; a group may then hold pilot départements, or be
 * the pilot itself). With one pilot département, its `voisins` nearest comparison départements are
 * each returned once (exhaustive, deterministic; the pilot is the « 1 + » of `pValeur`).
 * `taille`: size of every département (before the start; volumes: cases, others: the base).
 * Throws when there are fewer comparison départements than pilot ones.
 */
export function groupesApparies(
  pilote: readonly string[],
  temoins: readonly string[],
  taille: ReadonlyMap<string, number>,
  o: { tirages: number; graine: number; voisins?: number },
): string[][] {
  const k = o.voisins ?? voisinsParDepartement(pilote.length);
  if (temoins.length < pilote.length)
    throw new Error(`trop peu de départements de comparaison (${temoins.length}) pour ${pilote.length} départements pilotes`);
  const candidats = pilote.length === 1 ? temoins : [...temoins, ...pilote];
  const lt = (d: string) => Math.log(Math.max(taille.get(d) ?? 0, 0.5));
  // each pilot département's candidate stand-ins, nearest first (ties by code)
  const ordre = new Map(
    pilote.map((d) => [d, [...candidats].sort((a, b) => Math.abs(lt(a) - lt(d)) - Math.abs(lt(b) - lt(d)) || (a < b ? -1 : 1))]),
  );
  const proches = (d: string, pris: ReadonlySet<string>) => {
    const out: string[] = [];
    for (const t of ordre.get(d)!) {
      if (!pris.has(t)) out.push(t);
      if (out.length === k) break;
    }
    return out;
  };
  if (pilote.length === 1) return proches(pilote[0]!, new Set()).map((t) => [t]);
  const u = aleatoire(o.graine);
  const out: string[][] = [];
  for (let b = 0; b < o.tirages; b++) {
    const ordre = [...pilote];
    for (let i = ordre.length - 1; i > 0; i--) {
      const j = Math.floor(u() * (i + 1));
      [ordre[i], ordre[j]] = [ordre[j]!, ordre[i]!];
    }
    const pris = new Set<string>();
    for (const d of ordre) {
      const c = proches(d, pris);
      pris.add(c[Math.floor(u() * c.length)]!);
    }
    out.push([...pris].sort());
  }
  return out;
}

/** What the test says of one estimate. */
export interface Decision {
  /** Two-sided randomisation p-value: 2 × min(1 + #placebos ≥ x, 1 + #placebos ≤ x) / (n + 1), at most 1. */
  p: number;
  /** Effects θ not rejected at ALPHA (estimate − θ tested like the estimate); comparison scale. */
  ic95: [number, number];
  /** p < ALPHA (equivalently: the interval leaves out 0). */
  detecte: boolean;
  /** Placebos at least as far from 0 as the estimate, on its side, and placebos used. */
  auMoinsAussiLoin: number;
  tirages: number;
}

/** Counts of placebo values ≥ x and ≤ x. */
function rangs(tries: readonly number[], x: number): { ge: number; le: number } {
  let lo = 0,
    hi = tries.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (tries[m]! < x) lo = m + 1;
    else hi = m;
  }
  const ge = tries.length - lo;
  lo = 0;
  hi = tries.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (tries[m]! <= x) lo = m + 1;
    else hi = m;
  }
  return { ge, le: lo };
}

/**
 * Fewest placebos a test needs: with fewer than 2 / ALPHA, the smallest p-value, 2 / (n + 1), is not
 * below ALPHA, so nothing could ever be detected and the interval would be the whole line (40).
 */
export const MIN_PLACEBOS = Math.ceil(2 / ALPHA);

/** The randomisation p-value of a value x among placebo values (sorted ascending). */
export function pValeur(tries: readonly number[], x: number): number {
  const { ge, le } = rangs(tries, x);
  return Math.min(1, (2 * Math.min(1 + ge, 1 + le)) / (tries.length + 1));
}

/**
 * The verdict of one estimate among its placebo values: p-value, interval and detection, all
 * from the same test (`pValeur`). The interval is the set of effects θ for which estimate − θ
 * would not be rejected: [estimate − x_hi, estimate − x_lo], where [x_lo, x_hi] are the extreme
 * placebo values whose own p-value is at least ALPHA. Throws with fewer than MIN_PLACEBOS placebos.
 */
export function decide(estimation: number, placebo: readonly number[]): Decision {
  const tries = [...placebo].sort((a, b) => a - b);
  const n = tries.length;
  if (n < MIN_PLACEBOS) throw new Error(`trop peu de faux pilotes pour un test à ${ALPHA * 100} % (${n})`);
  let lo: number | null = null,
    hi: number | null = null;
  for (const x of tries) {
    if (pValeur(tries, x) >= ALPHA) {
      if (lo === null) lo = x;
      hi = x;
    }
  }
  const p = pValeur(tries, estimation);
  const { ge, le } = rangs(tries, estimation);
  return {
    p,
    ic95: [estimation - hi!, estimation - lo!],
    detecte: p < ALPHA,
    auMoinsAussiLoin: estimation >= 0 ? ge : le,
    tirages: n,
  };
}

/** Empirical quantile (type 7) of sorted values. */
function quantile(tries: readonly number[], q: number): number {
  if (tries.length === 0) return Number.NaN;
  const h = (tries.length - 1) * q;
  const i = Math.floor(h);
  return tries[i]! + (h - i) * ((tries[Math.min(i + 1, tries.length - 1)] ?? tries[i]!) - tries[i]!);
}

/**
 * Minimum detectable effect (comparison scale, positive): the effect that the test detects with
 * probability POWER when the estimate varies like the placebos around it — the critical value
 * (half the width of the central 1 − ALPHA of the placebos) plus the distance from the centre to
 * their (1 − POWER) quantile. For normal placebos of standard deviation σ: (1.96 + 0.84) σ = 2.80 σ,
 * 1.43 times the half-width of the interval.
 */
export function effetMinimalDetectable(placebo: readonly number[]): number {
  const t = [...placebo].sort((a, b) => a - b);
  const critique = (quantile(t, 1 - ALPHA / 2) - quantile(t, ALPHA / 2)) / 2;
  const puissance = (quantile(t, POWER) - quantile(t, 1 - POWER)) / 2;
  return critique + puissance;
}

/**
 * The minimum detectable effect after `plus` more months of hindsight, from the one measured now:
 * the variance of a difference in differences is taken as proportional to 1 / months before +
 * 1 / months after (each period is an average over its months), the after period growing up to
 * `maxApres` months (the analysis window), the before period unchanged.
 */
export function projeterEffetMinimal(mde: number, moisAvant: number, moisApres: number, plus: number, maxApres: number): number {
  const apres = Math.min(maxApres, moisApres + plus);
  return mde * Math.sqrt((1 / moisAvant + 1 / apres) / (1 / moisAvant + 1 / moisApres));
}

/**
 * Months of hindsight to add until the projected minimum detectable effect is at most `cible`
 * (same scale, positive); null when not even the full window (`maxApres` months after) gets there.
 */
export function moisAvantConcluant(mde: number, cible: number, moisAvant: number, moisApres: number, maxApres: number): number | null {
  if (mde <= cible) return 0;
  // (1/A + 1/x) ≤ (cible / mde)² (1/A + 1/B)  ⇔  x ≥ 1 / (r (1/A + 1/B) − 1/A)
  const r = (cible / mde) ** 2 * (1 / moisAvant + 1 / moisApres) - 1 / moisAvant;
  if (r <= 0) return null;
  const x = Math.ceil(1 / r - 1e-9);
  return x > maxApres ? null : Math.max(1, x - moisApres);
}

/**
 * Joint test of the periods before the start (event study): statistic Σ (g_k / s_k)² over the
 * pre-start contrasts, s_k the standard deviation of their placebo values; p-value = (1 + number
 * of placebo groups whose statistic is at least as large) / (n + 1). `placebo[k][b]`: value of
 * contrast k for placebo group b (same groups for every k). Null without pre-start contrast.
 */
export function testConjoint(
  estimations: readonly number[],
  placebo: readonly (readonly (number | null)[])[],
): { statistique: number; p: number; tirages: number } | null {
  if (estimations.length === 0) return null;
  const sd = placebo.map((xs) => {
    const v = xs.filter((x): x is number => x !== null);
    const m = v.reduce((a, b) => a + b, 0) / v.length;
    return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, v.length - 1));
  });
  if (sd.some((s) => !(s > 0))) return null;
  const stat = (g: readonly (number | null)[]) => g.reduce<number>((a, x, k) => a + ((x ?? 0) / sd[k]!) ** 2, 0);
  const w = stat(estimations);
  const B = placebo[0]!.length;
  let n = 0,
    au = 0;
  for (let b = 0; b < B; b++) {
    const g = placebo.map((xs) => xs[b]!);
    if (g.some((x) => x === null)) continue;
    n++;
    if (stat(g) >= w - 1e-12) au++;
  }
  return { statistique: w, p: (1 + au) / (n + 1), tirages: n };
}

/** From the comparison scale to the display scale: relative change for volumes (e^x − 1), else unchanged. */
export function versAffichage(unite: UniteEvaluation, x: number): number {
  return unite === 'volume' ? Math.exp(x) - 1 : x;
}

/** From the display scale to the comparison scale: log(1 + x) for volumes, else unchanged. */
export function depuisAffichage(unite: UniteEvaluation, x: number): number {
  return unite === 'volume' ? Math.log(1 + x) : x;
}

// --- Studentised contrasts --------------------------------------------------------------------
// Matching on size leaves the smallest and largest pilot départements with neighbours on one side
// only (and the largest pilots, such as the plateformes' Nord or Paris, with smaller stand-ins).
// Each contrast (pilot's and placebos') is therefore also divided by its standard error, from a
// variance model of the départements' own contrasts, fitted on the comparison départements:
//   Var(contrast of département d) = φ × s_d + τ²,
// s_d its nominal sampling variance (Poisson counts, binomial shares, the spread of the values
// for means), φ the dispersion of the data against that nominal model, and τ² a département-level
// shock variance that does not shrink with size (a département's activity is multiplied by its
// yearly factor: on the log scale, its variance is the same for a large département as for a
// small one). A group's contrast then has the variance φ × (its pooled sampling variance) + τ²
// × Σw² / (Σw)², w the weights of its départements (cases before the start). φ is measured on the
// comparison départements' monthly values within each département and year (`dispersionMensuelle`:
// the yearly shocks left out, thousands of degrees of freedom), τ² then fitted on their contrasts
// (reweighted least squares of the squared deviations: the heteroskedasticity-robust logic of
// Ferman and Pinto 2019; without monthly values, φ and τ² fitted together): with φ fixed at 1, counts less
// dispersed than Poisson (the generator's, and any count of a thinned, near-fixed stream) make
// the sampling term absorb the spread of small départements and leave τ² ≈ 0, so that a group of
// large départements, whose variance is almost all τ², got a standard error 2 to 3 times too small.
// Second pass: départements of the same région (organisme) may move together (people move between
// neighbours): the group variance adds ρ Σ g_d g_e σ_d σ_e over pairs of one région
// (`covarianceRegionale`), ρ the correlation of the comparison départements' standardised
// contrasts over their pairs of one région, taken at its expected value given its noise and
// 0 ≤ ρ ≤ 1 (`correlationRegionale`).
// The randomisation test is then run on the studentised values: its validity rests on the
// matched draws, the standard error evens out the sizes within them.

/** Variance model of a département's contrast: dispersion × nominal sampling variance + tau2. */
export interface ModeleVariance {
  /** φ: the data's dispersion against the nominal sampling variance (1: exactly Poisson / binomial). */
  dispersion: number;
  /** τ²: département-level shock variance, the same whatever the size. */
  tau2: number;
  /**
   * ρ: correlation of the contrasts of two départements of the same région (organisme), estimated
   * on the comparison départements' pairs, at its expected value in [0, 1] given its noise
   * (`correlationRegionale`);
   * absent: 0.
   */
  correlation?: number;
}

/** The nominal model (φ = 1, τ² = 0): what is used with too few départements to fit one. */
const MODELE_NOMINAL: ModeleVariance = { dispersion: 1, tau2: 0 };

/**
 * What the reweighted fits of Var(x_d) start from: the mean nominal variance `moyS` and a floor for
 * the variances that weight the départements (a share of 0 % or 100 % has no nominal sampling
 * variance): 10⁻⁶ × (mean nominal variance + spread of the x_d); not positive when nothing varies.
 */
function plancherDesPoids(xs: readonly number[], ss: readonly number[]): { moyS: number; plancher: number } {
  const n = xs.length;
  const moyS = ss.reduce((a, b) => a + b, 0) / n;
  const moyX = xs.reduce((a, b) => a + b, 0) / n;
  return { moyS, plancher: 1e-6 * (moyS + xs.reduce((a, x) => a + (x - moyX) ** 2, 0) / (n - 1)) };
}

/** The mean of the x_d weighted by 1 / σ²_d. */
function moyennePonderee(xs: readonly number[], sigma2: readonly number[]): number {
  let sw = 0,
    swx = 0;
  xs.forEach((x, d) => {
    sw += 1 / sigma2[d]!;
    swx += x / sigma2[d]!;
  });
  return swx / sw;
}

/**
 * Fits Var(x_d) = φ s_d + τ² (φ, τ² ≥ 0) on the contrasts x_d of the comparison départements and
 * their nominal sampling variances s_d: iteratively reweighted least squares of the squared
 * deviations r_d = (x_d − m)² × n / (n − 1) from the precision-weighted mean m, with weights
 * 1 / σ_d⁴ (the variance of a squared normal deviation is 2 σ_d⁴), until the fit is stable. When
 * the unconstrained fit has a negative coefficient, the better of the two one-parameter fits.
 * Fewer than 3 départements, or no spread at all: the nominal model.
 */
export function ajusterVariance(xs: readonly number[], ss: readonly number[], dispersion?: number): ModeleVariance {
  const n = xs.length;
  if (dispersion !== undefined) return ajusterTau2(xs, ss, dispersion);
  if (n < 3) return MODELE_NOMINAL;
  const { moyS, plancher } = plancherDesPoids(xs, ss);
  if (!(plancher > 0)) return MODELE_NOMINAL;
  let sigma2 = ss.map((s) => Math.max(plancher, s + moyS));
  let m: ModeleVariance = MODELE_NOMINAL;
  for (let it = 0; it < 100; it++) {
    const moy = moyennePonderee(xs, sigma2);
    const r = xs.map((x) => ((x - moy) ** 2 * n) / (n - 1));
    // weighted normal equations of r ≈ φ s + τ²
    let a11 = 0,
      a12 = 0,
      a22 = 0,
      b1 = 0,
      b2 = 0;
    r.forEach((rd, d) => {
      const w = 1 / sigma2[d]! ** 2,
        s = ss[d]!;
      a11 += w * s * s;
      a12 += w * s;
      a22 += w;
      b1 += w * s * rd;
      b2 += w * rd;
    });
    const det = a11 * a22 - a12 * a12;
    let phi = det > 0 ? (b1 * a22 - b2 * a12) / det : -1;
    let tau2 = det > 0 ? (a11 * b2 - a12 * b1) / det : -1;
    if (!(phi >= 0 && tau2 >= 0)) {
      // the better one-parameter fit (weighted residual sum of squares)
      const ssr = (f: number, t: number) => r.reduce((acc, rd, d) => acc + (rd - f * ss[d]! - t) ** 2 / sigma2[d]! ** 2, 0);
      const phiSeul = a11 > 0 ? Math.max(0, b1 / a11) : 0;
      const tauSeul = Math.max(0, b2 / a22);
      [phi, tau2] = ssr(phiSeul, 0) <= ssr(0, tauSeul) ? [phiSeul, 0] : [0, tauSeul];
    }
    const suivant = { dispersion: phi, tau2 };
    const stable = Math.abs(phi - m.dispersion) <= 1e-9 * Math.max(1, phi) && Math.abs(tau2 - m.tau2) <= 1e-12 + 1e-9 * tau2;
    m = suivant;
    if (stable && it > 0) break;
    sigma2 = ss.map((s) => Math.max(plancher, phi * s + tau2));
  }
  return m.dispersion > 0 || m.tau2 > 0 ? m : MODELE_NOMINAL;
}

/** Sums of a group needed for its pooled values and their variance, per period. */
interface Pool {
  num: number[];
  den: number[];
  /** Sampling-variance numerators (`variancesNominales`): volumes Σ num; shares Σ num (den − num) / den; means Σ (num2 − num² / den). */
  q: number[];
  /** Weights (cases before the start): Σ w and Σ w². */
  w: number;
  w2: number;
  /** Per contrast, per région: Σ w σ and Σ w² σ² of its départements (σ: the département's modelled standard error of that contrast). */
  reg: Map<string, { s: number; q: number }>[];
}

/**
 * Nominal sampling-variance numerators of every département and period, at the observed values:
 * volumes the count (Poisson; on the log scale 1 / count, which grows when the count falls), shares
 * num (den − num) / den (binomial), means the spread within the period (Σ values² − (Σ values)² / n).
 * (A binomial variance taken under the null, at the département's share over the whole window, was
 * tried for the shares — docs/evaluation.md « Lecture de la validation » — and not kept.)
 */
function variancesNominales(sommes: ReadonlyMap<string, SommesDepartement>, unite: UniteEvaluation, K: number): Map<string, number[]> {
  const q = (a: Agregat) => {
    if (unite === 'volume') return a.num;
    if (!(a.den > 0)) return 0;
    if (unite === 'part') return (a.num * (a.den - a.num)) / a.den;
    return Math.max(0, (a.num2 ?? 0) - (a.num * a.num) / a.den);
  };
  return new Map([...sommes].map(([d, s]) => [d, s.slice(0, K).map(q)]));
}

function poolDe(
  sommes: ReadonlyMap<string, SommesDepartement>,
  membres: readonly string[],
  K: number,
  poids: ReadonlyMap<string, number>,
  q: ReadonlyMap<string, readonly number[]>,
  sigma: readonly ReadonlyMap<string, number>[],
  regions: ReadonlyMap<string, string>,
): Pool {
  const p: Pool = {
    num: new Array<number>(K).fill(0),
    den: new Array<number>(K).fill(0),
    q: new Array<number>(K).fill(0),
    w: 0,
    w2: 0,
    reg: sigma.map(() => new Map()),
  };
  for (const d of membres) {
    const s = sommes.get(d);
    if (!s) continue;
    for (let k = 0; k < K; k++) {
      p.num[k]! += s[k]!.num;
      p.den[k]! += s[k]!.den;
      p.q[k]! += q.get(d)?.[k] ?? 0;
    }
    const w = poids.get(d) ?? 0;
    p.w += w;
    p.w2 += w * w;
    const r = regions.get(d);
    if (r === undefined) continue;
    sigma.forEach((sg, j) => {
      const sd = sg.get(d) ?? 0;
      const t = p.reg[j]!.get(r) ?? { s: 0, q: 0 };
      p.reg[j]!.set(r, { s: t.s + w * sd, q: t.q + w * w * sd * sd });
    });
  }
  return p;
}

const moins = (a: Pool, b: Pool): Pool => ({
  num: a.num.map((x, k) => x - b.num[k]!),
  den: a.den.map((x, k) => x - b.den[k]!),
  q: a.q.map((x, k) => x - b.q[k]!),
  w: a.w - b.w,
  w2: a.w2 - b.w2,
  reg: a.reg.map((m, j) => {
    const out = new Map<string, { s: number; q: number }>();
    for (const [r, t] of m) {
      const u = b.reg[j]!.get(r);
      out.set(r, u ? { s: t.s - u.s, q: t.q - u.q } : t);
    }
    return out;
  }),
});

/** Pooled value of period k and its sampling variance; null when undefined. */
function valeurPool(unite: UniteEvaluation, p: Pool, k: number): { f: number; v: number } | null {
  const f = echelle(unite, { num: p.num[k]!, den: p.den[k]! });
  if (f === null) return null;
  const base = unite === 'volume' ? p.num[k]! : p.den[k]!;
  return { f, v: p.q[k]! / (base * base) };
}

/**
 * The within-région covariance term of the contrast of group P against group C:
 * ρ Σ_{d ≠ e, same région} g_d g_e σ_d σ_e, with signed weights g = w / Σw in P and − w / Σw in C
 * (a département's share of its group's weight). Per région it is
 * ρ [(S_P / W_P − S_C / W_C)² − Q_P / W_P² − Q_C / W_C²], S = Σ w σ and Q = Σ w² σ² of its
 * départements in each group. Pairs across the two groups count negatively: a placebo group and
 * the rest of its région move together, which makes their difference vary less.
 */
export function covarianceRegionale(
  rho: number,
  P: { w: number; reg: ReadonlyMap<string, { s: number; q: number }> },
  C: { w: number; reg: ReadonlyMap<string, { s: number; q: number }> },
): number {
  if (!(rho > 0)) return 0;
  let v = 0;
  for (const r of new Set([...P.reg.keys(), ...C.reg.keys()])) {
    const a = P.reg.get(r),
      b = C.reg.get(r);
    const sp = a && P.w > 0 ? a.s / P.w : 0,
      qp = a && P.w > 0 ? a.q / (P.w * P.w) : 0;
    const sc = b && C.w > 0 ? b.s / C.w : 0,
      qc = b && C.w > 0 ? b.q / (C.w * C.w) : 0;
    v += (sp - sc) ** 2 - qp - qc;
  }
  return rho * v;
}

/** The contrast of P against C and its standard error (variance model of this contrast, j-th of the pools' régions). */
function statistique(
  unite: UniteEvaluation,
  P: Pool,
  C: Pool,
  c: Contraste,
  mv: ModeleVariance,
  j: number,
): { x: number; se: number } | null {
  let x = 0,
    v = 0;
  for (let k = 0; k < c.length; k++) {
    if (c[k] === 0) continue;
    const a = valeurPool(unite, P, k),
      b = valeurPool(unite, C, k);
    if (!a || !b) return null;
    x += c[k]! * (a.f - b.f);
    v += c[k]! * c[k]! * (a.v + b.v);
  }
  const h = (p: Pool) => (p.w > 0 ? p.w2 / (p.w * p.w) : 1);
  v = mv.dispersion * v + mv.tau2 * (h(P) + h(C));
  if (mv.correlation) v += covarianceRegionale(mv.correlation, { w: P.w, reg: P.reg[j]! }, { w: C.w, reg: C.reg[j]! });
  const se = Math.sqrt(v);
  return Number.isFinite(x) && se > 0 ? { x, se } : null;
}

/**
 * τ² of Var(x_d) = φ s_d + τ² for a known dispersion φ: the same reweighted fit with one parameter,
 * τ² = Σ ω_d (r_d − φ s_d) / Σ ω_d, ω_d = 1 / (φ s_d + τ²)², at least 0 (fewer than 3 départements: 0).
 */
function ajusterTau2(xs: readonly number[], ss: readonly number[], phi: number): ModeleVariance {
  const n = xs.length;
  if (n < 3) return { dispersion: phi, tau2: 0 };
  const { moyS, plancher } = plancherDesPoids(xs, ss);
  if (!(plancher > 0)) return { dispersion: phi, tau2: 0 };
  let tau2 = 0;
  let sigma2 = ss.map((s) => Math.max(plancher, phi * s + moyS));
  for (let it = 0; it < 100; it++) {
    const moy = moyennePonderee(xs, sigma2);
    let a = 0,
      b = 0;
    xs.forEach((x, d) => {
      const w = 1 / sigma2[d]! ** 2;
      a += w * (((x - moy) ** 2 * n) / (n - 1) - phi * ss[d]!);
      b += w;
    });
    const suivant = Math.max(0, a / b);
    const stable = it > 0 && Math.abs(suivant - tau2) <= 1e-12 + 1e-9 * suivant;
    tau2 = suivant;
    if (stable) break;
    sigma2 = ss.map((s) => Math.max(plancher, phi * s + tau2));
  }
  return { dispersion: phi, tau2 };
}

/**
 * The dispersion φ of monthly values against their nominal sampling variance, within each
 * département and calendar year (so that the yearly shocks, τ², are left out): the Pearson
 * statistic Σ (y − ŷ)² / nominal variance over the départements' months, divided by its degrees of
 * freedom (per département and year: its months − 1). ŷ: the département-year value shaped by the
 * common monthly profile of `mois` (volumes: its count of the year × the month's share of the
 * total of that year; shares and means: its value of the year + the month's difference from the
 * total's value of that year). Nominal variance of a month: Poisson ŷ (volumes), binomial
 * ŷ (1 − ŷ) / base (shares), within-year spread / base (means). Null without any degree of freedom.
 * `mois`: for each département, its months (first day, num, den, num2).
 */
export function dispersionMensuelle(
  unite: UniteEvaluation,
  mois: ReadonlyMap<string, readonly (Agregat & { mois: string })[]>,
): number | null {
  // the total's value of each month and year (every département given)
  const total = new Map<string, Agregat>();
  const ajoute = (k: string, a: Agregat) => {
    const t = total.get(k) ?? { num: 0, den: 0 };
    total.set(k, { num: t.num + a.num, den: t.den + a.den });
  };
  for (const ms of mois.values())
    for (const m of ms) {
      ajoute(m.mois, m);
      ajoute(m.mois.slice(0, 4), m);
    }
  let chi2 = 0,
    ddl = 0;
  for (const ms of mois.values()) {
    const parAnnee = new Map<string, (Agregat & { mois: string })[]>();
    for (const m of ms) if (m.den > 0) parAnnee.set(m.mois.slice(0, 4), [...(parAnnee.get(m.mois.slice(0, 4)) ?? []), m]);
    for (const [y, xs] of parAnnee) {
      if (xs.length < 2) continue;
      const num = xs.reduce((a, m) => a + m.num, 0),
        den = xs.reduce((a, m) => a + m.den, 0),
        num2 = xs.reduce((a, m) => a + (m.num2 ?? 0), 0);
      const T = total.get(y)!;
      let n = 0;
      for (const m of xs) {
        const Tm = total.get(m.mois)!;
        let attendu: number, variance: number, valeur: number;
        if (unite === 'volume') {
          attendu = (num * Tm.num) / T.num;
          variance = attendu;
          valeur = m.num;
        } else {
          attendu = num / den + (Tm.den > 0 ? Tm.num / Tm.den : 0) - T.num / T.den;
          valeur = m.num / m.den;
          variance =
            unite === 'part'
              ? (Math.min(1, Math.max(0, attendu)) * (1 - Math.min(1, Math.max(0, attendu)))) / m.den
              : den > 1
                ? Math.max(0, num2 - (num * num) / den) / (den - 1) / m.den
                : 0;
        }
        if (!(variance > 0) || !Number.isFinite(attendu)) continue;
        chi2 += (valeur - attendu) ** 2 / variance;
        n++;
      }
      if (n >= 2) ddl += n - 1;
    }
  }
  return ddl > 0 ? chi2 / ddl : null;
}

/** Each département's own contrast and its nominal sampling variance (null when undefined: no case in a period). */
function contrastesDepartements(
  unite: UniteEvaluation,
  sommes: ReadonlyMap<string, SommesDepartement>,
  q: ReadonlyMap<string, readonly number[]>,
  c: Contraste,
): Map<string, { x: number; v: number }> {
  const out = new Map<string, { x: number; v: number }>();
  for (const [d, s] of sommes) {
    let x = 0,
      v = 0,
      ok = true;
    for (let k = 0; k < c.length && ok; k++) {
      if (c[k] === 0) continue;
      const f = echelle(unite, s[k]!);
      const base = unite === 'volume' ? s[k]!.num : s[k]!.den;
      if (f === null || !(base > 0)) {
        ok = false;
        break;
      }
      x += c[k]! * f;
      v += (c[k]! * c[k]! * (q.get(d)?.[k] ?? 0)) / (base * base);
    }
    if (ok) out.set(d, { x, v });
  }
  return out;
}

/**
 * The variance model of a contrast (`ajusterVariance`), fitted on the comparison départements'
 * own contrasts and their nominal sampling variances (`variancesNominales`;
 * départements with an undefined value left out).
 */
export function modeleVariance(
  unite: UniteEvaluation,
  sommes: ReadonlyMap<string, SommesDepartement>,
  temoins: readonly string[],
  c: Contraste,
  dispersion?: number,
): ModeleVariance {
  return ajusterSurTemoins(contrastesDepartements(unite, sommes, variancesNominales(sommes, unite, c.length), c), temoins, dispersion);
}

/** The variance model (`ajusterVariance`) fitted on the comparison départements' own contrasts `own`, those in `sauf` left out. */
function ajusterSurTemoins(
  own: ReadonlyMap<string, { x: number; v: number }>,
  temoins: readonly string[],
  dispersion?: number,
  sauf?: ReadonlySet<string>,
): ModeleVariance {
  const xs: number[] = [],
    vs: number[] = [];
  for (const d of temoins) {
    const e = own.get(d);
    if (e && !sauf?.has(d)) {
      xs.push(e.x);
      vs.push(e.v);
    }
  }
  return ajusterVariance(xs, vs, dispersion);
}

/**
 * The expected value of a correlation ρ known to lie in [0, 1], given an estimate `m` of standard
 * error `se` (normal likelihood, flat prior on [0, 1]): the mean of the normal N(m, se²) truncated
 * to [0, 1], computed by Simpson's rule on 2 000 intervals (error below 10⁻⁸ for se ≥ 0.01). The
 * variance of a contrast is linear in ρ, so that this is the variance to expect when ρ is only
 * known through its estimate: a correlation that its noise hides is not 0 but about
 * 0.8 × se (m = 0: the mean of a half-normal, se × √(2 / π)).
 */
export function esperanceCorrelation(m: number, se: number): number {
  if (!(se > 0)) return Math.min(1, Math.max(0, m));
  const n = 2000;
  // log-density up to a constant, shifted by its maximum on [0, 1] so that nothing underflows
  const haut = Math.min(1, Math.max(0, m));
  const f = (r: number) => Math.exp(-((r - m) ** 2 - (haut - m) ** 2) / (2 * se * se));
  let a = 0,
    b = 0;
  for (let i = 0; i <= n; i++) {
    const r = i / n;
    const c = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    a += c * r * f(r);
    b += c * f(r);
  }
  return a / b;
}

/**
 * The correlation ρ of the contrasts of two départements of the same région, from the comparison
 * départements: the mean product ρ̂ of z_d z_e over their pairs of the same région, z = (x − m) / σ
 * the standardised contrast (σ² = φ s + τ², m the precision-weighted mean), of standard error
 * 1 / √pairs (the product of two independent standardised values has variance 1), then taken at
 * its expected value given that ρ lies in [0, 1] (`esperanceCorrelation`): about 0.06 for 190
 * pairs and ρ̂ ≈ 0, where the earlier positive-part shrinkage (ρ̂ − 1 / (pairs ρ̂), at least 0)
 * gave 0.
 * The generator (and the field) moves people between neighbouring départements; placebo groups
 * drawn one département at a time do not reproduce the correlation, so that a pilot of several
 * départements of one région (the plateformes' 8 of Île-de-France) would get too small a standard
 * error without it. 0 with fewer than 2 pairs.
 */
export function correlationRegionale(
  contrastes: readonly { x: number; v: number; region: string | undefined }[],
  mv: ModeleVariance,
): { rho: number; brut: number; paires: number } {
  const sd = contrastes.map((e) => Math.sqrt(mv.dispersion * e.v + mv.tau2));
  let sw = 0,
    swx = 0;
  contrastes.forEach((e, i) => {
    if (!(sd[i]! > 0)) return;
    sw += 1 / sd[i]! ** 2;
    swx += e.x / sd[i]! ** 2;
  });
  if (!(sw > 0)) return { rho: 0, brut: 0, paires: 0 };
  const m = swx / sw;
  const z = contrastes.map((e, i) => (sd[i]! > 0 ? (e.x - m) / sd[i]! : 0));
  const parRegion = new Map<string, number[]>();
  contrastes.forEach((e, i) => {
    if (e.region !== undefined && sd[i]! > 0) parRegion.set(e.region, [...(parRegion.get(e.region) ?? []), z[i]!]);
  });
  let somme = 0,
    paires = 0;
  for (const zs of parRegion.values())
    for (let a = 0; a < zs.length; a++)
      for (let b = a + 1; b < zs.length; b++) {
        somme += zs[a]! * zs[b]!;
        paires++;
      }
  if (paires < 2) return { rho: 0, brut: 0, paires };
  const brut = somme / paires;
  const rho = esperanceCorrelation(brut, 1 / Math.sqrt(paires));
  return { rho, brut, paires };
}

/** A contrast with its standard error, for the pilot and aligned for each placebo group (`[contrast][group]`, null when undefined). */
export interface Studentise {
  pilote: ({ x: number; se: number } | null)[];
  placebos: ({ x: number; se: number } | null)[][];
  /** The variance model of each contrast. */
  modeles: ModeleVariance[];
}

/**
 * Contrasts and standard errors of the pilot group (against the comparison départements) and of
 * each placebo group (against every other département of the comparison and pilot ones: the pilot
 * départements outside it included, as in `groupesApparies`' randomisation test; for the pilot
 * itself that is the comparison départements). Each is studentised with a variance model fitted on
 * the départements it is compared with. `poids`: weight of each département (its cases before the start).
 * `dispersion`: φ measured month by month (`dispersionMensuelle`); null: fitted with τ² on the contrasts.
 * `regions`: région (organisme) of each département, for the within-région correlation
 * (`correlationRegionale`; none given: 0).
 */
export function contrastesStudentises(
  unite: UniteEvaluation,
  sommes: ReadonlyMap<string, SommesDepartement>,
  pilote: readonly string[],
  temoins: readonly string[],
  groupes: readonly string[][],
  cs: readonly Contraste[],
  poids: ReadonlyMap<string, number>,
  dispersion: number | null = null,
  regions: ReadonlyMap<string, string> = new Map(),
): Studentise {
  const K = Math.max(...cs.map((c) => c.length));
  const q = variancesNominales(sommes, unite, K);
  const own = cs.map((c) => contrastesDepartements(unite, sommes, q, c));
  // the départements a group is compared with, for the fits: the comparison ones for the pilot (and ρ);
  // for a placebo group, every comparison and pilot département outside it
  const univers = [...temoins, ...pilote.filter((d) => !temoins.includes(d))];
  const fit = (j: number, sauf?: ReadonlySet<string>) =>
    ajusterSurTemoins(own[j]!, sauf ? univers : temoins, dispersion ?? undefined, sauf);
  const mv = cs.map((_, j) => {
    const m = fit(j);
    if (regions.size === 0) return m;
    const r = correlationRegionale(
      temoins.flatMap((d) => {
        const e = own[j]!.get(d);
        return e ? [{ ...e, region: regions.get(d) }] : [];
      }),
      m,
    );
    return { ...m, correlation: r.rho };
  });
  // each département's modelled standard error of each contrast (for the within-région covariance)
  const sigma = cs.map((_, j) => {
    const out = new Map<string, number>();
    if (!mv[j]!.correlation) return out;
    for (const [d, e] of own[j]!) out.set(d, Math.sqrt(mv[j]!.dispersion * e.v + mv[j]!.tau2));
    return out;
  });
  const temoinsPool = poolDe(sommes, temoins, K, poids, q, sigma, regions);
  const total = poolDe(sommes, univers, K, poids, q, sigma, regions);
  const P = poolDe(sommes, pilote, K, poids, q, sigma, regions);
  const out: Studentise = {
    pilote: cs.map((c, j) => statistique(unite, P, temoinsPool, c, mv[j]!, j)),
    placebos: cs.map(() => []),
    modeles: mv,
  };
  for (const g of groupes) {
    const G = poolDe(sommes, g, K, poids, q, sigma, regions);
    const R = moins(total, G);
    // a placebo group is studentised like the pilot: τ² (and φ when not measured month by month)
    // fitted without its own départements, as the pilot's is fitted without the pilot's; with them,
    // its own shock would enlarge the τ² that divides it and narrow the placebo distribution
    const sauf = new Set(g);
    cs.forEach((c, j) => out.placebos[j]!.push(statistique(unite, G, R, c, { ...fit(j, sauf), correlation: mv[j]!.correlation }, j)));
  }
  return out;
}
