// Evaluation of the pilots (issues 7 and 15): did a pilot move the indicators it targets?
// Phases: 1 window (coverage of the extract, months before / after the start) → 2 panel
// (indicator × département × month, panel.ts) → 3 difference in differences with randomisation
// inference on placebo groups matched on size (estimate.ts, inference.ts), minimum detectable
// effect, event study by year and robustness variants → 4 confidentiality of what is published
// (protect.ts) → 5 verdict (verdict.ts).
// Results are plain JSON; without `brut`, they only hold figures that may be published.
import { DEFAULT_THRESHOLD } from '../vocabulary.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DEPARTEMENTS } from '../contract/reference.ts';
import { lit, queryRows, tableExists } from '../warehouse/db.ts';
import { INDICATEURS_EVALUATION, indicateurEvaluation, type UniteEvaluation } from './measures.ts';
import { PILOTES_REFERENCE, departementsPilotes, piloteParId, type Pilote } from './pilotes.ts';
import { TABLE_PANEL, ajouterMois, construirePanel, couverture, fenetre, type Couverture, type Fenetre } from './panel.ts';
import {
  blocsAnnuels,
  differenceDeDifferences,
  etudeEvenements,
  lirePanel,
  tailles,
  type Contrastee,
  type LignePanel,
  type OptionsInference,
  type PeriodeMois,
  type Selection,
} from './estimate.ts';
import { depuisAffichage, moisAvantConcluant, projeterEffetMinimal, versAffichage } from './inference.ts';
import { moisEntre, protegerSerie, type PointSerie, type SerieProtegee, type SommeAnnee, type SommeMois } from './protect.ts';
import {
  formatEffet,
  formatIntervalle,
  phraseNonEvaluable,
  phraseNonPubliable,
  phraseRobustesse,
  phraseTendances,
  phraseVerdict,
  type EffetEstime,
  type Puissance,
  type Robustesse,
  type Tendances,
} from './verdict.ts';

export { piloteParId };
export type { Pilote, PointSerie };

/** Anything with a DuckDB connection (a Warehouse, or the site's read-only Lecture). */
export interface AvecConnexion {
  con: DuckDBConnection;
}

/** Options of an evaluation. */
export interface OptionsEvaluation extends OptionsInference {
  /** Override the pilot's départements (e.g. a placebo pilot). */
  departements?: readonly string[];
  /** Override the start date (YYYY-MM-01). */
  debut?: string;
  /** Indicators to evaluate (default: the pilot's). */
  indicateurs?: readonly string[];
  /** Months before / after the start kept at most (default 36 / 36). */
  moisAvant?: number;
  moisApres?: number;
  /** Months just before the start left out of both periods (default 1: announcement effects). */
  moisExclus?: number;
  /** Last day of the analysis (default: the pilot's end, else the end of the extract). */
  fin?: string | null;
  /** Départements left out of the comparison group besides the pilot's (default: every other pilot's). */
  exclus?: readonly string[];
  /** Confidentiality threshold (default: publication_state.seuil, else DEFAULT_THRESHOLD). */
  seuil?: number;
  /** Compute the event study and the robustness variants (default true; the validation bench turns them off). */
  complements?: boolean;
  /** Minimum months before the start (default MINIMUMS.moisAvant). */
  minimumAvant?: number;
  /** Include the raw (unprotected) figures: for analysts and tests, never for the site. */
  brut?: boolean;
}

/** Minimum months before / after the start, and comparison départements, for an evaluation. */
export const MINIMUMS = { moisAvant: 6, moisApres: 3, temoins: 5 } as const;

/**
 * Years whose figures are atypical for reasons other than the pilots (real world, not the
 * generator): a pre-period made only of them cannot show the usual trends.
 */
const ANNEES_ATYPIQUES: Readonly<Record<number, string>> = { 2020: 'année de crise sanitaire, Covid-19' };
/** Months before the start needed for a test of the trends before it (two yearly periods). */
export const MOIS_AVANT_TENDANCES = 24;
/** Horizons (months of hindsight added) of the projected minimum detectable effect. */
const HORIZONS_PUISSANCE = [12, 24] as const;
/** Comparison départements kept per pilot département in the « départements semblables » variant (nearest in size). */
const SEMBLABLES_PAR_DEPARTEMENT = 10;

/** The result of one indicator. */
export interface ResultatIndicateur {
  indicateur: string;
  libelle: string;
  /** Short label (chart titles). */
  court: string;
  definition: string;
  unite: UniteEvaluation;
  sens: 'hausse' | 'baisse';
  /** 'evalue', 'non_evaluable' (not enough data or hindsight), 'non_publiable' (too few cases to publish). */
  statut: 'evalue' | 'non_evaluable' | 'non_publiable';
  raison: string | null;
  periodes: { avant: { debut: string; fin: string; mois: number }; apres: { debut: string; fin: string; mois: number } };
  departements: { pilote: number; temoins: number };
  /** Display scale: relative change (volumes), share difference (0.058 = 5.8 points), days. */
  estimation: (EffetEstime & { dansLeSensAttendu: boolean; texteEffet: string; texteIntervalle: string }) | null;
  /** Minimum detectable effect now and projected, against the effect the pilot expects. */
  puissance: Puissance | null;
  /** Event study: gap by year against the last year before the start, joint test of the years before. */
  tendances: Tendances | null;
  /** Robustness variants and whether the verdict is fragile. */
  robustesse: Robustesse | null;
  verdict: string;
  /** Pooled values before / after (volumes: monthly mean), and the pilot's value expected without the pilot. */
  niveaux: {
    pilote: { avant: number | null; apres: number | null };
    temoins: { avant: number | null; apres: number | null };
    piloteSansDispositif: number | null;
  } | null;
  serie: { grain: SerieProtegee['grain']; anneesRegroupees: [number, number][]; points: PointSerie[] } | null;
  /** Placebo estimates (display scale) by bin. */
  placebo: { de: number; a: number; n: number }[];
  /** Raw figures (only with `brut`). */
  brut?: { fenetre: Fenetre; estimation: number | null; placebo: number[]; mde: number | null; pilote: string[]; temoins: string[] };
}

/** The result of one pilot. */
export interface ResultatPilote {
  id: string;
  libelle: string;
  description: string;
  source: string;
  debut: string;
  departements: { code: string; nom: string }[];
  /** Départements left out of the comparison group (other pilots). */
  exclus: string[];
  couverture: Couverture | null;
  seuil: number;
  methode: { tirages: number; graine: number; moisAvant: number; moisApres: number; moisExclus: number };
  indicateurs: ResultatIndicateur[];
}

const DEFAUTS = { tirages: 999, graine: 20250101, moisAvant: 36, moisApres: 36, moisExclus: 1 } as const;

/** The confidentiality threshold of the last publication, else DEFAULT_THRESHOLD. */
export async function seuilPublication(con: DuckDBConnection): Promise<number> {
  if (!(await tableExists(con, 'publication_state'))) return DEFAULT_THRESHOLD;
  const [r] = await queryRows<{ seuil: number }>(con, 'SELECT seuil FROM publication_state LIMIT 1');
  return r?.seuil ?? DEFAULT_THRESHOLD;
}

/** Evaluates one pilot (an id of data/reference/pilotes.csv, or a pilot described in full, e.g. a placebo). */
export async function evaluatePilot(w: AvecConnexion, pilote: string | Pilote, opts: OptionsEvaluation = {}): Promise<ResultatPilote> {
  const con = w.con;
  const p0 = typeof pilote === 'string' ? piloteParId(pilote) : pilote;
  const p: Pilote = {
    ...p0,
    departements: opts.departements ?? p0.departements,
    debut: opts.debut ?? p0.debut,
    indicateurs: opts.indicateurs ?? p0.indicateurs,
  };
  if (!/^\d{4}-\d{2}-01$/.test(p.debut)) throw new Error(`date de démarrage invalide : ${p.debut} (attendu AAAA-MM-01)`);
  const ids = p.indicateurs.map((id) => indicateurEvaluation(id).id);
  const seuil = opts.seuil ?? (await seuilPublication(con));
  const methode = {
    tirages: opts.tirages ?? DEFAUTS.tirages,
    graine: opts.graine ?? DEFAUTS.graine,
    moisAvant: opts.moisAvant ?? DEFAUTS.moisAvant,
    moisApres: opts.moisApres ?? DEFAUTS.moisApres,
    moisExclus: opts.moisExclus ?? DEFAUTS.moisExclus,
  };
  if (!Number.isInteger(methode.tirages) || methode.tirages < 39)
    throw new Error(`nombre de tirages invalide : ${methode.tirages} (au moins 39)`);
  if (!Number.isSafeInteger(methode.graine)) throw new Error(`graine invalide : ${methode.graine}`);
  const exclus = [...new Set(opts.exclus ?? departementsPilotes())].filter((d) => !p.departements.includes(d)).sort();
  const nom = new Map(DEPARTEMENTS.map((d) => [d.departement, d.nom]));
  const resultat: ResultatPilote = {
    id: p.id,
    libelle: p.libelle,
    description: p.description,
    source: p.source,
    debut: p.debut,
    departements: p.departements.map((code) => ({ code, nom: nom.get(code) ?? code })),
    exclus,
    couverture: await couverture(con),
    seuil,
    methode,
    indicateurs: [],
  };
  const c = resultat.couverture;
  const vide = (id: string, raison: string, f?: Fenetre): ResultatIndicateur => {
    const ind = indicateurEvaluation(id);
    return {
      indicateur: id,
      libelle: ind.libelle,
      court: ind.court,
      definition: ind.definition,
      unite: ind.unite,
      sens: ind.sens,
      statut: 'non_evaluable',
      raison,
      periodes: periodesDe(f),
      departements: { pilote: 0, temoins: 0 },
      estimation: null,
      puissance: null,
      tendances: null,
      robustesse: null,
      verdict: phraseNonEvaluable(ind.nomDansPhrase, raison),
      niveaux: null,
      serie: null,
      placebo: [],
    };
  };
  if (!c) {
    resultat.indicateurs = ids.map((id) => vide(id, "l'entrepôt ne contient pas de données"));
    return resultat;
  }
  const fenetres = ids.map((id) =>
    fenetre(indicateurEvaluation(id), p.debut, c, {
      moisAvant: methode.moisAvant,
      moisApres: methode.moisApres,
      moisExclus: methode.moisExclus,
      finPilote: opts.fin !== undefined ? opts.fin : p.fin,
    }),
  );
  await construirePanel(con, fenetres, p.departements, exclus, c);
  const panel = await lirePanel(con);
  const groupes = await queryRows<SommeMois & { indicateur: string }>(
    con,
    `
    SELECT indicateur, role AS groupe, strftime(mois, '%Y-%m-%d') AS mois, sum(num) AS num, sum(den) AS den
    FROM ${TABLE_PANEL} WHERE role <> 'exclu' GROUP BY ALL`,
  );
  const annees = await sommesAnnuelles(con, ids);
  const o = { tirages: methode.tirages, graine: methode.graine, studentiser: opts.studentiser };

  for (const f of fenetres) {
    const ind = indicateurEvaluation(f.indicateur);
    const lignes = panel.filter((l) => l.indicateur === ind.id);
    const taille = tailles(ind.unite, lignes, p.debut);
    const presents = (role: LignePanel['role']) => [...new Set(lignes.filter((l) => l.role === role).map((l) => l.departement))].sort();
    const sel: Selection = {
      pilote: presents('pilote').filter((d) => (taille.get(d) ?? 0) > 0),
      temoins: presents('temoin').filter((d) => (taille.get(d) ?? 0) > 0),
    };
    let raison = raisonFenetre(f, opts.minimumAvant ?? MINIMUMS.moisAvant) ?? raisonGroupes(sel);
    const dd = raison ? null : differenceDeDifferences(ind.unite, lignes, p.debut, sel, o);
    if (!raison && !dd) raison = 'aucun cas dans un des groupes avant ou après le démarrage, ou trop peu de faux pilotes utilisables';
    if (raison || !dd) {
      resultat.indicateurs.push(vide(ind.id, raison ?? 'aucune donnée', f));
      continue;
    }
    const serie = protegerSerie({
      unite: ind.unite,
      demarrage: p.debut,
      moisFenetre: moisDeLaFenetre(f),
      groupes: groupes.filter((g) => g.indicateur === ind.id),
      annees: annees.filter((a) => a.indicateur === ind.id),
      differenciation: ind.equivalentsAnnuels.length > 0,
      seuil,
    });
    const r: ResultatIndicateur = {
      indicateur: ind.id,
      libelle: ind.libelle,
      court: ind.court,
      definition: ind.definition,
      unite: ind.unite,
      sens: ind.sens,
      statut: serie.publiable ? 'evalue' : 'non_publiable',
      raison: serie.publiable ? null : 'trop peu de cas pour publier sans risque',
      periodes: periodesDe(f),
      departements: { pilote: sel.pilote.length, temoins: sel.temoins.length },
      estimation: null,
      puissance: null,
      tendances: null,
      robustesse: null,
      verdict: phraseNonPubliable(ind.nomDansPhrase),
      niveaux: null,
      serie: null,
      placebo: [],
    };
    if (serie.publiable) {
      const effet = versEffet(ind.unite, ind.sens, dd);
      r.estimation = effet;
      r.puissance = puissance(ind.unite, ind.sens, dd.mde, p.effetsAttendus[ind.id] ?? null, f, methode.moisApres, ind.reculMois);
      if (opts.complements !== false) {
        const blocs = blocsPublies(serie.points, p.debut);
        const etude = etudeEvenements(ind.unite, lignes, p.debut, sel, blocs, o);
        r.tendances = tendances(ind.unite, etude, f, blocs);
        r.robustesse = robustesse(ind.unite, lignes, p.debut, sel, dd, o);
      }
      r.verdict = phraseVerdict(ind.nomDansPhrase, ind.unite, ind.sens, effet, r.puissance, r.robustesse);
      const n = serie.niveaux!;
      const sans =
        n.pilote.avant === null || n.temoins.avant === null || n.temoins.apres === null
          ? null
          : ind.unite === 'volume'
            ? n.temoins.avant > 0
              ? n.pilote.avant * (n.temoins.apres / n.temoins.avant)
              : null
            : n.pilote.avant + (n.temoins.apres - n.temoins.avant);
      r.niveaux = { ...n, piloteSansDispositif: sans };
      r.serie = { grain: serie.grain, anneesRegroupees: serie.anneesRegroupees, points: serie.points };
      r.placebo = histogramme(dd.placebo.map((x) => versAffichage(ind.unite, x)));
    }
    if (opts.brut)
      r.brut = {
        fenetre: f,
        estimation: dd.estimation,
        placebo: dd.placebo,
        mde: dd.mde,
        pilote: [...sel.pilote],
        temoins: [...sel.temoins],
      };
    resultat.indicateurs.push(r);
  }
  return resultat;
}

/** Evaluates every pilot of data/reference/pilotes.csv. */
export async function evaluateAll(
  w: AvecConnexion,
  opts: Omit<OptionsEvaluation, 'departements' | 'debut' | 'indicateurs'> = {},
): Promise<ResultatPilote[]> {
  const out: ResultatPilote[] = [];
  for (const p of PILOTES_REFERENCE) out.push(await evaluatePilot(w, p, opts));
  return out;
}

/**
 * A placebo pilot: `nombre` départements drawn (fixed seed) among those of the warehouse that are
 * in no pilot, with a start date; no effect is built in anywhere for them.
 */
export async function piloteFictif(
  w: AvecConnexion,
  o: { graine: number; nombre: number; debut: string; indicateurs?: readonly string[] },
): Promise<Pilote> {
  const pilotes = [...departementsPilotes()];
  const rows = await queryRows<{ departement: string }>(
    w.con,
    `
    SELECT departement FROM (SELECT DISTINCT departement FROM signalements)
    ${pilotes.length ? `WHERE departement NOT IN (${pilotes.map(lit).join(', ')})` : ''}
    ORDER BY hash(hash(${Math.trunc(o.graine)}::BIGINT, departement)), departement LIMIT ${Math.trunc(o.nombre)}`,
  );
  return {
    id: `placebo_${o.graine}`,
    libelle: `Pilote fictif (graine ${o.graine})`,
    departements: rows.map((r) => r.departement).sort(),
    debut: o.debut,
    fin: null,
    axe: 'PDP',
    indicateurs: o.indicateurs ?? INDICATEURS_EVALUATION.map((i) => i.id),
    effetsAttendus: {},
    description: 'Pilote fictif, sans effet : départements tirés au hasard hors des pilotes.',
    source: 'test',
  };
}

/** The months of a window, without the months left out before the start. */
function moisDeLaFenetre(f: Fenetre): string[] {
  const exclu = ajouterMois(f.demarrage, -f.moisExclus);
  return moisEntre(f.debut, f.dernierMois).filter((m) => m < exclu || m >= f.demarrage);
}

function periodesDe(f?: Fenetre): ResultatIndicateur['periodes'] {
  if (!f) return { avant: { debut: '', fin: '', mois: 0 }, apres: { debut: '', fin: '', mois: 0 } };
  const finMois = (m: string) => {
    const n = ajouterMois(m, 1);
    const d = new Date(`${n}T00:00:00Z`);
    d.setUTCDate(0);
    return d.toISOString().slice(0, 10);
  };
  return {
    avant: { debut: f.debut, fin: finMois(ajouterMois(f.demarrage, -1 - f.moisExclus)), mois: f.moisAvant },
    apres: { debut: f.demarrage, fin: f.moisApres > 0 ? finMois(f.dernierMois) : f.demarrage, mois: f.moisApres },
  };
}

/** Why the window of an indicator cannot be evaluated, or null. */
function raisonFenetre(f: Fenetre, minimumAvant: number): string | null {
  if (f.moisApres < MINIMUMS.moisApres)
    return `pas assez de recul après le démarrage (${f.moisApres} mois de données utilisables, il en faut au moins ${MINIMUMS.moisApres})`;
  if (f.moisAvant < minimumAvant)
    return `pas assez de données avant le démarrage (${f.moisAvant} mois, il en faut au moins ${minimumAvant})`;
  return null;
}

/** Why the groups of départements cannot be compared, or null. */
function raisonGroupes(sel: Selection): string | null {
  if (sel.pilote.length === 0) return "aucun département du pilote n'a de cas dans l'extrait avant le démarrage";
  if (sel.temoins.length < Math.max(MINIMUMS.temoins, sel.pilote.length + 1)) {
    return `trop peu de départements de comparaison dans l'extrait (${sel.temoins.length}, il en faut au moins ${Math.max(MINIMUMS.temoins, sel.pilote.length + 1)})`;
  }
  return null;
}

/** The estimate on the display scale, with its test. */
function versEffet(unite: UniteEvaluation, sens: 'hausse' | 'baisse', d: Contrastee): NonNullable<ResultatIndicateur['estimation']> {
  const effet = versAffichage(unite, d.estimation);
  const ic95: [number, number] = [versAffichage(unite, d.ic95[0]), versAffichage(unite, d.ic95[1])];
  return {
    effet,
    ic95,
    p: d.p,
    detecte: d.detecte,
    tirages: d.tirages,
    auMoinsAussiLoin: d.auMoinsAussiLoin,
    dansLeSensAttendu: sens === 'hausse' ? d.estimation > 0 : d.estimation < 0,
    texteEffet: formatEffet(effet, unite),
    texteIntervalle: formatIntervalle(ic95, unite),
  };
}

/** A positive effect on the comparison scale, on the display scale in the expected direction. */
function dansLeSens(unite: UniteEvaluation, sens: 'hausse' | 'baisse', x: number): number {
  return versAffichage(unite, sens === 'hausse' ? x : -x);
}

/** The power statement: minimum detectable effect now and at the horizons, against the expected effect. */
function puissance(
  unite: UniteEvaluation,
  sens: 'hausse' | 'baisse',
  mde: number,
  attendu: number | null,
  f: Fenetre,
  maxApres: number,
  recul: number,
): Puissance {
  const projete = (plus: number) => dansLeSens(unite, sens, projeterEffetMinimal(mde, f.moisAvant, f.moisApres, plus, maxApres));
  const cible = attendu === null ? null : Math.abs(depuisAffichage(unite, attendu));
  const plus = cible === null ? null : moisAvantConcluant(mde, cible, f.moisAvant, f.moisApres, maxApres);
  return {
    effetAttendu: attendu,
    mde: dansLeSens(unite, sens, mde),
    projections: HORIZONS_PUISSANCE.map((h) => ({ mois: h, apres: Math.min(maxApres, f.moisApres + h), mde: projete(h) })),
    suffisante: cible === null ? null : mde <= cible,
    moisEnPlus: plus,
    // the months of data then needed, plus the hindsight the indicator waits for
    disponibleVers: plus === null || plus === 0 ? null : ajouterMois(f.dernierMois, plus + recul + 1),
    moisApres: f.moisApres,
  };
}

/**
 * The periods of the event study: twelve-month blocks from the start, merged where a published
 * point spans several (a side published as one point, years merged by the confidentiality rule):
 * no gap is published at a finer grain than the series.
 */
export function blocsPublies(points: readonly PointSerie[], demarrage: string): PeriodeMois[] {
  const pts = points.filter((x) => x.groupe === 'pilote');
  const mois = pts.flatMap((x) => moisEntre(x.debut, x.fin));
  const blocs = blocsAnnuels(mois, demarrage);
  const idx = (m: string) => blocs.findIndex((b) => m >= b.debut && m <= b.fin);
  const parent = blocs.map((_, i) => i);
  const racine = (i: number): number => (parent[i] === i ? i : (parent[i] = racine(parent[i]!)));
  for (const x of pts) {
    const a = racine(idx(x.debut)),
      b = racine(idx(x.fin));
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const out = new Map<number, PeriodeMois>();
  blocs.forEach((b, i) => {
    const r = racine(i);
    const o = out.get(r);
    out.set(r, o ? { debut: o.debut < b.debut ? o.debut : b.debut, fin: o.fin > b.fin ? o.fin : b.fin } : { ...b });
  });
  return [...out.values()].sort((a, b) => (a.debut < b.debut ? -1 : 1));
}

/** The event study on the display scale, with what it can and cannot show. */
function tendances(
  unite: UniteEvaluation,
  etude: ReturnType<typeof etudeEvenements>,
  f: Fenetre,
  blocs: readonly PeriodeMois[],
): Tendances {
  const avant = blocs.filter((b) => b.debut < f.demarrage);
  const anneesAvant = [...new Set(avant.flatMap((b) => moisEntre(b.debut, b.fin)).map((m) => Number(m.slice(0, 4))))];
  const atypiques = anneesAvant.filter((y) => ANNEES_ATYPIQUES[y]).map((y) => `${y} : ${ANNEES_ATYPIQUES[y]}`);
  const periodes = (etude?.periodes ?? []).map((x) => ({
    debut: x.debut,
    fin: x.fin,
    mois: x.mois,
    apres: x.apres,
    reference: x.reference,
    ecart: x.ecart ? versAffichage(unite, x.ecart.estimation) : x.reference ? 0 : null,
    ic95: x.ecart ? ([versAffichage(unite, x.ecart.ic95[0]), versAffichage(unite, x.ecart.ic95[1])] as [number, number]) : null,
    p: x.ecart?.p ?? null,
  }));
  const testables = periodes.filter((x) => !x.apres && !x.reference && x.ic95);
  const plusLarge = testables.reduce((m, x) => Math.max(m, (x.ic95![1] - x.ic95![0]) / 2), 0);
  const courte = f.moisAvant < MOIS_AVANT_TENDANCES || testables.length === 0;
  const t: Omit<Tendances, 'phrase'> = {
    periodes,
    test: etude?.test ? { p: etude.test.p, tirages: etude.test.tirages, periodes: testables.length } : null,
    courte,
    moisAvant: f.moisAvant,
    atypiques,
    demiLargeurMax: testables.length ? plusLarge : null,
  };
  return { ...t, phrase: phraseTendances(unite, t) };
}

/**
 * The robustness variants of a difference in differences: without the départements of the
 * pilot's régions (neighbours), with comparison départements of similar size only, leaving each
 * pilot département out, and with calendar-balanced windows. Each has its own matched placebo
 * test; it flips the verdict when its sign or its detection differs. Only the direction, the
 * detection and the p-value of a variant are published (a variant of one département would
 * otherwise show that département's own evolution).
 */
function robustesse(
  unite: UniteEvaluation,
  lignes: readonly LignePanel[],
  demarrage: string,
  sel: Selection,
  dd: Contrastee,
  o: OptionsInference & { tirages: number; graine: number },
): Robustesse {
  const nom = new Map(DEPARTEMENTS.map((d) => [d.departement, d]));
  const variantes: { id: string; libelle: string; sel: Selection }[] = [];
  // 1. neighbours: comparison départements of the same région (organisme) as a pilot département
  const regions = new Set(sel.pilote.map((d) => nom.get(d)?.organisme));
  const loin = sel.temoins.filter((d) => !regions.has(nom.get(d)?.organisme));
  if (loin.length < sel.temoins.length)
    variantes.push({
      id: 'sans_voisins',
      libelle: 'sans les départements voisins (même caisse régionale qu\u2019un département pilote)',
      sel: { ...sel, temoins: loin },
    });
  // 2. similar départements: the nearest in size to each pilot département
  const taille = tailles(unite, lignes, demarrage);
  const lt = (d: string) => Math.log(Math.max(taille.get(d) ?? 0, 0.5));
  const proches = new Set(
    sel.pilote.flatMap((p) =>
      [...sel.temoins]
        .sort((a, b) => Math.abs(lt(a) - lt(p)) - Math.abs(lt(b) - lt(p)) || (a < b ? -1 : 1))
        .slice(0, SEMBLABLES_PAR_DEPARTEMENT),
    ),
  );
  if (proches.size < sel.temoins.length)
    variantes.push({
      id: 'semblables',
      libelle: 'avec des départements de comparaison de taille semblable seulement',
      sel: { ...sel, temoins: sel.temoins.filter((d) => proches.has(d)) },
    });
  // 3. leave one out
  if (sel.pilote.length >= 2) {
    for (const d of sel.pilote) {
      const reste = sel.pilote.filter((x) => x !== d);
      const libelle =
        reste.length === 1 ? `${nom.get(reste[0]!)?.nom ?? reste[0]} (${reste[0]}) seulement` : `sans ${nom.get(d)?.nom ?? d} (${d})`;
      variantes.push({ id: `sans_${d}`, libelle, sel: { ...sel, pilote: reste } });
    }
  }
  // 4. calendar-balanced windows: only the calendar months present on both sides of the start
  const moisDe = (apres: boolean) => new Set(lignes.filter((l) => l.mois >= demarrage === apres).map((l) => l.mois.slice(5, 7)));
  const av = moisDe(false),
    ap = moisDe(true);
  const communs = new Set([...av].filter((m) => ap.has(m)));
  if (communs.size < av.size || communs.size < ap.size) {
    variantes.push({
      id: 'calendrier',
      libelle: 'avec les mêmes mois de l\u2019année avant et après le démarrage',
      sel: { ...sel, garder: (m) => communs.has(m.slice(5, 7)) },
    });
  }
  const sortie = variantes.map((v) => {
    const r = raisonGroupes(v.sel) ? null : differenceDeDifferences(unite, lignes, demarrage, v.sel, o);
    if (!r) return { id: v.id, libelle: v.libelle, sens: null, detecte: null, p: null, bascule: false };
    const sens = r.estimation > 0 ? ('hausse' as const) : r.estimation < 0 ? ('baisse' as const) : null;
    const bascule = Math.sign(r.estimation) !== Math.sign(dd.estimation) || r.detecte !== dd.detecte;
    return { id: v.id, libelle: v.libelle, sens, detecte: r.detecte, p: r.p, bascule };
  });
  const t = { variantes: sortie, fragile: sortie.some((v) => v.bascule) };
  return { ...t, phrase: phraseRobustesse(t) };
}

/** Histogram of placebo estimates (display scale) in 30 bins. */
function histogramme(xs: readonly number[]): ResultatIndicateur['placebo'] {
  if (xs.length === 0) return [];
  const lo = Math.min(...xs),
    hi = Math.max(...xs);
  const pas = (hi - lo) / 30;
  const n = new Array<number>(30).fill(0);
  for (const x of xs) n[pas > 0 ? Math.min(29, Math.floor((x - lo) / pas)) : 0]!++;
  return n.map((k, i) => ({ de: lo + i * pas, a: lo + (i + 1) * pas, n: k })).filter((b) => b.n > 0);
}

/** Per département and full calendar year of the panel, with the bilan's hidden yearly figures (R2). */
async function sommesAnnuelles(con: DuckDBConnection, ids: readonly string[]): Promise<(SommeAnnee & { indicateur: string })[]> {
  const equivalents = ids.flatMap((id) => indicateurEvaluation(id).equivalentsAnnuels.map((x) => `(${lit(id)}, ${lit(x.indicateur)})`));
  if (equivalents.length === 0) return [];
  const publie = await tableExists(con, 'published');
  return queryRows<SommeAnnee & { indicateur: string }>(
    con,
    `
    WITH eq(indicateur, fait) AS (VALUES ${equivalents.join(', ')}),
    pleines AS (SELECT indicateur, annee FROM (SELECT DISTINCT indicateur, mois, annee FROM ${TABLE_PANEL}) GROUP BY ALL HAVING count(*) = 12),
    s AS (
      SELECT p.indicateur, p.role, p.departement, p.annee, sum(p.num) AS num, sum(p.den) AS den
      FROM ${TABLE_PANEL} p JOIN pleines USING (indicateur, annee)
      WHERE p.indicateur IN (SELECT indicateur FROM eq) GROUP BY ALL),
    masques AS (${
      publie
        ? `SELECT DISTINCT eq.indicateur, pb.code AS departement, pb.annee FROM published pb JOIN eq ON eq.fait = pb.indicateur
         WHERE pb.niveau = 'departement' AND pb.statut <> 'publie'`
        : 'SELECT NULL::VARCHAR AS indicateur, NULL::VARCHAR AS departement, NULL::INTEGER AS annee WHERE false'
    })
    SELECT s.indicateur, s.role, s.departement, s.annee::INTEGER AS annee, s.num, s.den, m.departement IS NOT NULL AS "masqueDansLeBilan"
    FROM s LEFT JOIN masques m USING (indicateur, departement, annee)`,
  );
}
