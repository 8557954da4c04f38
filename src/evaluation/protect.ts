// Confidentiality of what the evaluation publishes (docs/confidentialite.md, docs/evaluation.md).
//
// Published: for each indicator, the series of the pilot group and of the comparison group by
// period, and their pooled values before and after the start (and the estimate, computed from
// them). Each published figure shows cells (effectifs): a volume its count; a share its
// numerator, complement and base; a mean its base. Two rules:
//
// R1 (primary): every shown cell is 0 or at least the threshold. The grain of the series is the
//    finest of month, quarter, year (periods counted from the start month) where every point of
//    both groups passes; otherwise the whole side (before / after) is a single point.
// R2 (differencing): the bilan publishes yearly figures per département for some of the same
//    events (pdp.signalements…). A group's total over a calendar year, minus the published
//    figures of its départements, gives the sum of its départements whose figure is hidden (or
//    small). For every group (pilot, comparison and the excluded départements, which the nation
//    minus both groups gives), that sum must pass R1 for every calendar year the series covers;
//    years where it does not are merged into one period with their neighbours on the same side
//    until it does (at worst, the whole side is one point). If a whole side does not pass, the
//    indicator's figures and estimate are not published.
// Pure functions: the evaluation (index.ts) reads the sums from the panel and `published`.
import { ecartMois, ajouterMois } from './panel.ts';
import type { UniteEvaluation } from './measures.ts';

/** Status of a published figure (same vocabulary as `published`). */
export type StatutEvaluation = 'publie' | 'secret_primaire' | 'sans_objet';

/** Sums of a group over one month. */
export interface SommeMois {
  groupe: 'pilote' | 'temoin';
  mois: string;
  num: number;
  den: number;
}

/** Sums of one département over one calendar year (full years of the window only). */
export interface SommeAnnee {
  role: 'pilote' | 'temoin' | 'exclu';
  departement: string;
  annee: number;
  num: number;
  den: number;
  /** Whether the bilan's yearly figure of that département and year is hidden in `published`. */
  masqueDansLeBilan: boolean;
}

/** One published point of a series: a period (first and last month) and the value of a group. */
export interface PointSerie {
  groupe: 'pilote' | 'temoin';
  /** First month (YYYY-MM-01) and last month of the period. */
  debut: string;
  fin: string;
  /** Number of months. */
  mois: number;
  apres: boolean;
  /** Value: index (100 = mean before the start) for volumes, share, or mean in days. */
  valeur: number | null;
  statut: StatutEvaluation;
}

/** The pooled values of a group before and after (monthly mean for volumes). */
interface Niveaux {
  avant: number | null;
  apres: number | null;
}

/** What may be published of one indicator. */
export interface SerieProtegee {
  /** Whether the pooled values and the estimate may be published (R1 and R2 on the two sides). */
  publiable: boolean;
  /** Grain of each side: months per point (1, 3, 12), or 0 when the side is a single point. */
  grain: { avant: number; apres: number };
  /** Calendar years merged into one point (R2), e.g. [[2022, 2024]]. */
  anneesRegroupees: [number, number][];
  points: PointSerie[];
  niveaux: { pilote: Niveaux; temoins: Niveaux } | null;
}

/** Whether a count is a small cell (1 … threshold − 1). */
const petit = (n: number, seuil: number): boolean => n >= 0.5 && n < seuil - 0.5;

/** R1 on the cells a figure shows: volume its count, share its numerator, complement and base, mean its base. */
export function statutCellule(unite: UniteEvaluation, num: number, den: number, seuil: number): StatutEvaluation {
  if (unite === 'volume') return petit(num, seuil) ? 'secret_primaire' : 'publie';
  if (den <= 0) return 'sans_objet';
  if (petit(den, seuil)) return 'secret_primaire';
  if (unite === 'part' && (petit(num, seuil) || petit(den - num, seuil))) return 'secret_primaire';
  return 'publie';
}

/** R1 on a sum of hidden cells (R2): the derived numerator and complement must not be small. */
function sommeSure(unite: UniteEvaluation, num: number, den: number, seuil: number): boolean {
  if (unite === 'volume') return !petit(num, seuil);
  if (unite === 'part') return !petit(num, seuil) && !petit(den - num, seuil) && !petit(den, seuil);
  return !petit(den, seuil);
}

/** Inputs of protegerSerie. */
export interface EntreeSecret {
  unite: UniteEvaluation;
  /** First day of the first month after the start. */
  demarrage: string;
  /** Months of the window, ascending (YYYY-MM-01). */
  moisFenetre: readonly string[];
  groupes: readonly SommeMois[];
  /** Per département and full calendar year; empty when the bilan publishes no comparable figure. */
  annees: readonly SommeAnnee[];
  /** Whether R2 applies (the bilan publishes yearly figures of the same events). */
  differenciation: boolean;
  seuil: number;
}

type Periode = { debut: string; fin: string; mois: string[]; apres: boolean };

/** Applies R1 and R2; returns the publishable series, pooled values, and whether the estimate may be published. */
export function protegerSerie(e: EntreeSecret): SerieProtegee {
  const { unite, seuil, demarrage } = e;
  const mois = [...e.moisFenetre].sort();
  const cote = (m: string) => m >= demarrage;
  const somme = (g: 'pilote' | 'temoin', ms: readonly string[]) => {
    const set = new Set(ms);
    let num = 0,
      den = 0;
    for (const x of e.groupes)
      if (x.groupe === g && set.has(x.mois)) {
        num += x.num;
        den += x.den;
      }
    return { num, den };
  };
  const valeurBrute = (s: { num: number; den: number }) => (s.den > 0 ? s.num / s.den : null);

  // Full calendar years of the window, and whether each is safe for R2.
  const anneesPleines = [...new Set(mois.map((m) => Number(m.slice(0, 4))))].filter(
    (y) => mois.filter((m) => m.startsWith(`${y}-`)).length === 12,
  );
  const sur = (annees: readonly number[]): boolean => {
    if (!e.differenciation || annees.length === 0) return true;
    const set = new Set(annees);
    for (const role of ['pilote', 'temoin', 'exclu'] as const) {
      let num = 0,
        den = 0;
      for (const a of e.annees) {
        if (a.role !== role || !set.has(a.annee)) continue;
        const cache = a.masqueDansLeBilan || statutCellule(unite, a.num, a.den, seuil) === 'secret_primaire';
        if (cache) {
          num += a.num;
          den += a.den;
        }
      }
      if (!sommeSure(unite, num, den, seuil)) return false;
    }
    return true;
  };

  const out: SerieProtegee = { publiable: false, grain: { avant: 0, apres: 0 }, anneesRegroupees: [], points: [], niveaux: null };
  const cotes = [false, true].map((apres) => mois.filter((m) => cote(m) === apres));
  // Both sides as single blocks: R1 on each group (R2 on the years they tile: donneUnEnsemble below).
  const anneesDuCote = (ms: readonly string[]) => anneesPleines.filter((y) => ms.filter((m) => m.startsWith(`${y}-`)).length === 12);
  const anneesACheval = anneesPleines.filter((y) => !cotes.some((ms) => anneesDuCote(ms).includes(y)));
  for (const ms of cotes) {
    if (ms.length === 0) return out;
    for (const g of ['pilote', 'temoin'] as const) {
      const s = somme(g, ms);
      if (statutCellule(unite, s.num, s.den, seuil) !== 'publie') return out;
    }
  }
  // A year straddling the start cannot be merged across it: it must be safe on its own.
  if (!sur(anneesACheval)) return out;
  // Published periods of both sides together tile some sets of calendar years (a June start: the
  // months before it one by one, then the side after it as one point, tile the whole window): a
  // reader adds them up, so each such set must pass R2 as a whole. The two sides as single points
  // tile the fewest: when even they give a set away, nothing is published.
  const donneUnEnsemble = (periodes: readonly Periode[]): boolean => {
    for (let bits = 1; bits < 1 << anneesPleines.length; bits++) {
      const ens = anneesPleines.filter((_, i) => (bits >> i) & 1);
      const dans = (m: string) => ens.includes(Number(m.slice(0, 4)));
      const pave = periodes.every((p) => p.mois.every(dans) || !p.mois.some(dans));
      const couvre = periodes.some((p) => p.mois.some(dans));
      if (pave && couvre && !sur(ens)) return true;
    }
    return false;
  };
  const blocsDesCotes = cotes.map((ms, k) => ({ debut: ms[0]!, fin: ms[ms.length - 1]!, mois: [...ms], apres: k === 1 }));
  if (donneUnEnsemble(blocsDesCotes)) return out;
  out.publiable = true;

  const periodesDuCote = (
    ms: readonly string[],
    apres: boolean,
  ): { periodes: Periode[]; grain: number; regroupees: [number, number][] } => {
    const annees = anneesDuCote(ms);
    // R2: runs of unsafe years, widened to a neighbour until safe (at worst the whole side).
    const blocs: number[][] = [];
    for (const y of annees) {
      if (sur([y])) continue;
      const dernier = blocs[blocs.length - 1];
      if (dernier && dernier[dernier.length - 1] === y - 1) dernier.push(y);
      else blocs.push([y]);
    }
    let entier = false;
    const fusionnes: number[][] = [];
    for (const b of blocs) {
      const bloc = [...b];
      while (!sur(bloc)) {
        const apresB = annees.find((y) => y === bloc[bloc.length - 1]! + 1);
        const avantB = annees.find((y) => y === bloc[0]! - 1);
        if (apresB !== undefined) bloc.push(apresB);
        else if (avantB !== undefined) bloc.unshift(avantB);
        else {
          entier = true;
          break;
        }
      }
      const prec = fusionnes[fusionnes.length - 1];
      if (prec && prec[prec.length - 1]! >= bloc[0]! - 1) fusionnes[fusionnes.length - 1] = [...new Set([...prec, ...bloc])].sort();
      else fusionnes.push(bloc);
    }
    const unBloc = (): { periodes: Periode[]; grain: number; regroupees: [number, number][] } => ({
      periodes: [{ debut: ms[0]!, fin: ms[ms.length - 1]!, mois: [...ms], apres }],
      grain: 0,
      regroupees: [],
    });
    if (entier) return unBloc();
    const dansBloc = new Map<string, number>();
    fusionnes.forEach((b, i) => {
      for (const m of ms) if (b.includes(Number(m.slice(0, 4)))) dansBloc.set(m, i);
    });
    for (const grain of [1, 3, 12]) {
      const periodes: Periode[] = [];
      const cle = (m: string) => (dansBloc.has(m) ? `b${dansBloc.get(m)}` : `g${Math.floor(ecartMois(demarrage, m) / grain)}`);
      for (const m of ms) {
        const last = periodes[periodes.length - 1];
        if (last && cle(last.mois[0]!) === cle(m)) {
          last.mois.push(m);
          last.fin = m;
        } else periodes.push({ debut: m, fin: m, mois: [m], apres });
      }
      const ok = periodes.every((p) =>
        (['pilote', 'temoin'] as const).every((g) => {
          const s = somme(g, p.mois);
          return statutCellule(unite, s.num, s.den, seuil) !== 'secret_primaire';
        }),
      );
      if (ok) return { periodes, grain, regroupees: fusionnes.map((b) => [b[0]!, b[b.length - 1]!] as [number, number]) };
    }
    return unBloc();
  };

  let [av, ap] = [periodesDuCote(cotes[0]!, false), periodesDuCote(cotes[1]!, true)];
  if (donneUnEnsemble([...av.periodes, ...ap.periodes])) {
    // finer points give a set of years away: each side as a single point (checked above)
    [av, ap] = blocsDesCotes.map((b) => ({ periodes: [b], grain: 0, regroupees: [] as [number, number][] })) as [typeof av, typeof ap];
  }
  out.grain = { avant: av.grain, apres: ap.grain };
  out.anneesRegroupees = [...av.regroupees, ...ap.regroupees];
  const niveau = (g: 'pilote' | 'temoin', ms: readonly string[]) => valeurBrute(somme(g, ms));
  out.niveaux = {
    pilote: { avant: niveau('pilote', cotes[0]!), apres: niveau('pilote', cotes[1]!) },
    temoins: { avant: niveau('temoin', cotes[0]!), apres: niveau('temoin', cotes[1]!) },
  };
  for (const g of ['pilote', 'temoin'] as const) {
    const base = unite === 'volume' ? (g === 'pilote' ? out.niveaux.pilote.avant : out.niveaux.temoins.avant) : null;
    for (const p of [...av.periodes, ...ap.periodes]) {
      const s = somme(g, p.mois);
      const statut = statutCellule(unite, s.num, s.den, seuil);
      const brute = valeurBrute(s);
      const valeur = statut !== 'publie' || brute === null ? null : unite === 'volume' ? (base ? (brute / base) * 100 : null) : brute;
      out.points.push({
        groupe: g,
        debut: p.debut,
        fin: p.fin,
        mois: p.mois.length,
        apres: p.apres,
        valeur,
        statut: valeur === null && statut === 'publie' ? 'sans_objet' : statut,
      });
    }
  }
  return out;
}

/** The months of a window, ascending. */
export function moisEntre(debut: string, dernier: string): string[] {
  const out: string[] = [];
  for (let m = debut; m <= dernier; m = ajouterMois(m, 1)) out.push(m);
  return out;
}
