// Evaluation of the pilots (issue 7): did a pilot move the indicators it targets?
// Phases: 1 window (coverage of the extract, months before / after the start) → 2 panel
// (indicator × département × month, panel.ts) → 3 difference in differences and placebo pilots
// (estimation.ts) → 4 confidentiality of what is published (secret.ts) → 5 verdict (verdict.ts),
// and the same analysis with a fake earlier start as a check of the trends before the start.
// Results are plain JSON; without `brut`, they only hold figures that may be published.
import { DEFAULT_THRESHOLD } from '../vocabulary.ts';
import type { DuckDBConnection } from '@duckdb/node-api';
import { DEPARTEMENTS } from '../contract/reference.ts';
import { lit, queryRows, tableExists } from '../warehouse/db.ts';
import { INDICATEURS_EVALUATION, indicateurEvaluation, type UniteEvaluation } from './measures.ts';
import { PILOTES_REFERENCE, departementsPilotes, piloteParId, type Pilote } from './pilotes.ts';
import { TABLE_PANEL, ajouterMois, construirePanel, couverture, ecartMois, fenetre, type Couverture, type Fenetre } from './panel.ts';
import { estimer, type EstimationBrute, type OptionsInference } from './estimate.ts';
import { moisEntre, protegerSerie, type PointSerie, type SerieProtegee, type SommeAnnee, type SommeMois } from './protect.ts';
import { formatEffet, formatIntervalle, moisEnLettres, phraseControle, phraseNonEvaluable, phraseNonPubliable, phraseVerdict, type EffetEstime } from './verdict.ts';

export { INDICATEURS_EVALUATION, indicateurEvaluation, PILOTES_REFERENCE, piloteParId, departementsPilotes, formatEffet, formatIntervalle };
export type { Pilote, UniteEvaluation, PointSerie, SerieProtegee, EffetEstime };

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
  /** Run the check with a fake earlier start (default true). */
  controle?: boolean;
  /** Minimum months before the start (default MINIMUMS.moisAvant; the check with a fake start uses less). */
  minimumAvant?: number;
  /** Include the raw (unprotected) group figures: for analysts and tests, never for the site. */
  brut?: boolean;
}

/** Minimum months before / after the start, and comparison départements, for an evaluation. */
export const MINIMUMS = { moisAvant: 6, moisApres: 3, temoins: 5, controle: 3 } as const;

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
  estimation: (EffetEstime & { p: number; dansLeSensAttendu: boolean; erreurType: number; texteEffet: string; texteIntervalle: string }) | null;
  verdict: string;
  /** Pooled values before / after (volumes: monthly mean), and the pilot's value expected without the pilot. */
  niveaux: { pilote: { avant: number | null; apres: number | null }; temoins: { avant: number | null; apres: number | null }; piloteSansDispositif: number | null } | null;
  serie: { grain: SerieProtegee['grain']; anneesRegroupees: [number, number][]; points: PointSerie[] } | null;
  /** Placebo estimates (display scale) by bin. */
  placebo: { de: number; a: number; n: number }[];
  /** The same analysis with a fake start before the real one (trends before the start). */
  controle: { debut: string; estimation: EffetEstime | null; phrase: string } | null;
  /** Raw figures (only with `brut`). */
  brut?: EstimationBrute & { fenetre: Fenetre };
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
  const p: Pilote = { ...p0, departements: opts.departements ?? p0.departements, debut: opts.debut ?? p0.debut, indicateurs: opts.indicateurs ?? p0.indicateurs };
  if (!/^\d{4}-\d{2}-01$/.test(p.debut)) throw new Error(`date de démarrage invalide : ${p.debut} (attendu AAAA-MM-01)`);
  const ids = p.indicateurs.map((id) => indicateurEvaluation(id).id);
  const seuil = opts.seuil ?? (await seuilPublication(con));
  const methode = {
    tirages: opts.tirages ?? DEFAUTS.tirages, graine: opts.graine ?? DEFAUTS.graine,
    moisAvant: opts.moisAvant ?? DEFAUTS.moisAvant, moisApres: opts.moisApres ?? DEFAUTS.moisApres, moisExclus: opts.moisExclus ?? DEFAUTS.moisExclus,
  };
  const exclus = [...new Set(opts.exclus ?? departementsPilotes())].filter((d) => !p.departements.includes(d)).sort();
  const nom = new Map(DEPARTEMENTS.map((d) => [d.departement, d.nom]));
  const resultat: ResultatPilote = {
    id: p.id, libelle: p.libelle, description: p.description, source: p.source, debut: p.debut,
    departements: p.departements.map((code) => ({ code, nom: nom.get(code) ?? code })), exclus,
    couverture: await couverture(con), seuil, methode, indicateurs: [],
  };
  const c = resultat.couverture;
  const vide = (id: string, raison: string, f?: Fenetre): ResultatIndicateur => {
    const ind = indicateurEvaluation(id);
    return {
      indicateur: id, libelle: ind.libelle, court: ind.court, definition: ind.definition, unite: ind.unite, sens: ind.sens, statut: 'non_evaluable', raison,
      periodes: periodesDe(f), departements: { pilote: 0, temoins: 0 }, estimation: null, verdict: phraseNonEvaluable(ind.nomDansPhrase, raison),
      niveaux: null, serie: null, placebo: [], controle: null,
    };
  };
  if (!c) {
    resultat.indicateurs = ids.map((id) => vide(id, "l'entrepôt ne contient pas de données"));
    return resultat;
  }
  const fenetres = ids.map((id) => fenetre(indicateurEvaluation(id), p.debut, c, { moisAvant: methode.moisAvant, moisApres: methode.moisApres, moisExclus: methode.moisExclus, finPilote: opts.fin !== undefined ? opts.fin : p.fin }));
  await construirePanel(con, fenetres, p.departements, exclus, c);
  const estimations = new Map((await estimer(con, methode)).map((e) => [e.indicateur, e]));
  const groupes = await queryRows<SommeMois & { indicateur: string }>(con, `
    SELECT indicateur, role AS groupe, strftime(mois, '%Y-%m-%d') AS mois, sum(num) AS num, sum(den) AS den
    FROM ${TABLE_PANEL} WHERE role <> 'exclu' GROUP BY ALL`);
  const annees = await sommesAnnuelles(con, ids);

  for (const f of fenetres) {
    const ind = indicateurEvaluation(f.indicateur);
    const e = estimations.get(ind.id);
    const raison = raisonNonEvaluable(f, e, opts.minimumAvant ?? MINIMUMS.moisAvant);
    if (raison || !e) { resultat.indicateurs.push(vide(ind.id, raison ?? 'aucune donnée', f)); continue; }
    const serie = protegerSerie({
      unite: ind.unite, demarrage: p.debut, moisFenetre: moisDeLaFenetre(f),
      groupes: groupes.filter((g) => g.indicateur === ind.id), annees: annees.filter((a) => a.indicateur === ind.id),
      differenciation: ind.equivalentsAnnuels.length > 0, seuil,
    });
    const effet = versEffet(ind.unite, e);
    const r: ResultatIndicateur = {
      indicateur: ind.id, libelle: ind.libelle, court: ind.court, definition: ind.definition, unite: ind.unite, sens: ind.sens,
      statut: serie.publiable ? 'evalue' : 'non_publiable', raison: serie.publiable ? null : 'trop peu de cas pour publier sans risque',
      periodes: periodesDe(f), departements: { pilote: e.departementsPilote, temoins: e.departementsTemoins },
      estimation: null, verdict: phraseNonPubliable(ind.nomDansPhrase), niveaux: null, serie: null, placebo: [], controle: null,
    };
    if (serie.publiable && effet) {
      r.estimation = effet;
      r.verdict = phraseVerdict(ind.nomDansPhrase, ind.unite, ind.sens, effet);
      const n = serie.niveaux!;
      const sans = n.pilote.avant === null || n.temoins.avant === null || n.temoins.apres === null ? null
        : ind.unite === 'volume' ? (n.temoins.avant > 0 ? n.pilote.avant * (n.temoins.apres / n.temoins.avant) : null)
          : n.pilote.avant + (n.temoins.apres - n.temoins.avant);
      r.niveaux = { ...n, piloteSansDispositif: sans };
      r.serie = { grain: serie.grain, anneesRegroupees: serie.anneesRegroupees, points: serie.points };
      r.placebo = e.histogramme.map((h) => ({ de: versEchelle(ind.unite, h.de), a: versEchelle(ind.unite, h.a), n: h.n }));
    }
    if (opts.brut) r.brut = { ...e, fenetre: f };
    resultat.indicateurs.push(r);
  }

  if (opts.controle !== false) await controleAnterieur(w, p, resultat, fenetres, exclus, opts, methode, seuil);
  return resultat;
}

/** Evaluates every pilot of data/reference/pilotes.csv. */
export async function evaluateAll(w: AvecConnexion, opts: Omit<OptionsEvaluation, 'departements' | 'debut' | 'indicateurs'> = {}): Promise<ResultatPilote[]> {
  const out: ResultatPilote[] = [];
  for (const p of PILOTES_REFERENCE) out.push(await evaluatePilot(w, p, opts));
  return out;
}

/**
 * A placebo pilot: `nombre` départements drawn (fixed seed) among those of the warehouse that are
 * in no pilot, with a start date; no effect is built in anywhere for them.
 */
export async function piloteFictif(w: AvecConnexion, o: { graine: number; nombre: number; debut: string; indicateurs?: readonly string[] }): Promise<Pilote> {
  const pilotes = [...departementsPilotes()];
  const rows = await queryRows<{ departement: string }>(w.con, `
    SELECT departement FROM (SELECT DISTINCT departement FROM signalements)
    ${pilotes.length ? `WHERE departement NOT IN (${pilotes.map(lit).join(', ')})` : ''}
    ORDER BY hash(hash(${Math.trunc(o.graine)}::BIGINT, departement)), departement LIMIT ${Math.trunc(o.nombre)}`);
  return {
    id: `placebo_${o.graine}`, libelle: `Pilote fictif (graine ${o.graine})`, departements: rows.map((r) => r.departement).sort(),
    debut: o.debut, fin: null, axe: 'PDP', indicateurs: o.indicateurs ?? INDICATEURS_EVALUATION.map((i) => i.id),
    description: 'Pilote fictif, sans effet : départements tirés au hasard hors des pilotes.', source: 'test',
  };
}

/** The months of a window, without the months left out before the start. */
export function moisDeLaFenetre(f: Fenetre): string[] {
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

/** Why an indicator cannot be evaluated, or null. */
function raisonNonEvaluable(f: Fenetre, e: EstimationBrute | undefined, minimumAvant: number): string | null {
  if (f.moisApres < MINIMUMS.moisApres) return `pas assez de recul après le démarrage (${f.moisApres} mois de données utilisables, il en faut au moins ${MINIMUMS.moisApres})`;
  if (f.moisAvant < minimumAvant) return `pas assez de données avant le démarrage (${f.moisAvant} mois, il en faut au moins ${minimumAvant})`;
  if (!e || e.departementsPilote === 0) return "aucun département du pilote n'est dans l'extrait";
  if (e.departementsTemoins < MINIMUMS.temoins) return `trop peu de départements de comparaison dans l'extrait (${e.departementsTemoins}, il en faut au moins ${MINIMUMS.temoins})`;
  if (e.estimation === null) return 'aucun cas dans le groupe pilote avant ou après le démarrage';
  if (e.tiragesUtiles < 19 || e.placeboQ025 === null || e.placeboQ975 === null || !e.erreurType) return 'trop peu de faux pilotes utilisables pour mesurer le hasard';
  return null;
}

/** From the log scale (volumes) to the display scale (relative change). */
function versEchelle(unite: UniteEvaluation, x: number): number {
  return unite === 'volume' ? Math.exp(x) - 1 : x;
}

/** Standard normal distribution function (Abramowitz–Stegun 7.1.26, error < 1.5e-7). */
function phi(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x) / Math.SQRT2);
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + y) / 2 : (1 - y) / 2;
}

/** Normal quantile of the 95 % interval: the placebo interval is never narrower than the sampling-noise one. */
const Z975 = 1.959963984540054;

function versEffet(unite: UniteEvaluation, e: EstimationBrute): ResultatIndicateur['estimation'] {
  if (e.estimation === null || e.erreurType === null || e.placeboQ025 === null || e.placeboQ975 === null) return null;
  // The placebo quantiles come from a limited number of comparison départements: when they are
  // narrower than what sampling noise alone gives (±1.96 standard errors), the latter are kept.
  const lo = e.estimation - Math.max(e.placeboQ975, Z975) * e.erreurType;
  const hi = e.estimation - Math.min(e.placeboQ025, -Z975) * e.erreurType;
  const detecte = lo > 0 || hi < 0;
  const ind = indicateurEvaluation(e.indicateur);
  const pPlacebo = (e.tiragesAuMoinsAussiLoin + 1) / (e.tiragesUtiles + 1);
  const pNormal = 2 * (1 - phi(Math.abs(e.estimation / e.erreurType)));
  return {
    effet: versEchelle(unite, e.estimation), ic95: [versEchelle(unite, lo), versEchelle(unite, hi)],
    tirages: e.tiragesUtiles, auMoinsAussiLoin: e.tiragesAuMoinsAussiLoin, detecte,
    p: Math.max(pPlacebo, pNormal),
    dansLeSensAttendu: ind.sens === 'hausse' ? e.estimation > 0 : e.estimation < 0,
    erreurType: e.erreurType,
    texteEffet: formatEffet(versEchelle(unite, e.estimation), unite),
    texteIntervalle: formatIntervalle([versEchelle(unite, lo), versEchelle(unite, hi)], unite),
  };
}

/** Per département and full calendar year of the panel, with the bilan's hidden yearly figures (R2). */
async function sommesAnnuelles(con: DuckDBConnection, ids: readonly string[]): Promise<(SommeAnnee & { indicateur: string })[]> {
  const equivalents = ids.flatMap((id) => indicateurEvaluation(id).equivalentsAnnuels.map((x) => `(${lit(id)}, ${lit(x.indicateur)})`));
  if (equivalents.length === 0) return [];
  const publie = await tableExists(con, 'published');
  return queryRows<SommeAnnee & { indicateur: string }>(con, `
    WITH eq(indicateur, fait) AS (VALUES ${equivalents.join(', ')}),
    pleines AS (SELECT indicateur, annee FROM (SELECT DISTINCT indicateur, mois, annee FROM ${TABLE_PANEL}) GROUP BY ALL HAVING count(*) = 12),
    s AS (
      SELECT p.indicateur, p.role, p.departement, p.annee, sum(p.num) AS num, sum(p.den) AS den
      FROM ${TABLE_PANEL} p JOIN pleines USING (indicateur, annee)
      WHERE p.indicateur IN (SELECT indicateur FROM eq) GROUP BY ALL),
    masques AS (${publie
      ? `SELECT DISTINCT eq.indicateur, pb.code AS departement, pb.annee FROM published pb JOIN eq ON eq.fait = pb.indicateur
         WHERE pb.niveau = 'departement' AND pb.statut <> 'publie'`
      : 'SELECT NULL::VARCHAR AS indicateur, NULL::VARCHAR AS departement, NULL::INTEGER AS annee WHERE false'})
    SELECT s.indicateur, s.role, s.departement, s.annee::INTEGER AS annee, s.num, s.den, m.departement IS NOT NULL AS "masqueDansLeBilan"
    FROM s LEFT JOIN masques m USING (indicateur, departement, annee)`);
}

/** The check with a fake earlier start: the same analysis on the months before the real start only. */
async function controleAnterieur(
  w: AvecConnexion, p: Pilote, resultat: ResultatPilote, fenetres: readonly Fenetre[], exclus: readonly string[],
  opts: OptionsEvaluation, methode: ResultatPilote['methode'], seuil: number,
): Promise<void> {
  // Fake start: half of the months before the start (at most 12) earlier; its "after" ends where the real "before" ends.
  const avant = Math.min(...fenetres.map((f) => f.moisAvant + f.moisExclus));
  const decalage = Math.min(12, Math.floor(avant / 2));
  const apres = decalage - methode.moisExclus;
  const avantFaux = ecartMois(fenetres[0]!.debut, p.debut) - decalage - methode.moisExclus;
  if (apres < MINIMUMS.controle || avantFaux < MINIMUMS.controle) {
    for (const r of resultat.indicateurs) if (r.statut === 'evalue') r.controle = { debut: '', estimation: null, phrase: 'Contrôle des tendances avant le démarrage : pas assez de mois avant le démarrage pour le faire.' };
    return;
  }
  const debut = ajouterMois(p.debut, -decalage);
  const finAvant = new Date(`${ajouterMois(p.debut, -methode.moisExclus)}T00:00:00Z`);
  finAvant.setUTCDate(0);
  const ids = resultat.indicateurs.filter((r) => r.statut === 'evalue').map((r) => r.indicateur);
  if (ids.length === 0) return;
  const faux = await evaluatePilot(w, { ...p, id: `${p.id}_controle`, debut, fin: null, indicateurs: ids }, {
    ...opts, ...methode, debut, indicateurs: ids, exclus, seuil, controle: false, brut: false,
    moisAvant: ecartMois(fenetres[0]!.debut, debut), moisApres: apres, fin: finAvant.toISOString().slice(0, 10), minimumAvant: MINIMUMS.controle,
  });
  for (const r of resultat.indicateurs) {
    const x = faux.indicateurs.find((y) => y.indicateur === r.indicateur);
    if (!x || r.statut !== 'evalue') continue;
    const e = x.statut === 'evalue' ? x.estimation : null;
    r.controle = {
      debut, estimation: e ? { effet: e.effet, ic95: e.ic95, tirages: e.tirages, auMoinsAussiLoin: e.auMoinsAussiLoin, detecte: e.detecte } : null,
      phrase: phraseControle(debut, r.unite, e, x.statut === 'non_publiable' ? 'trop peu de cas pour le publier' : x.raison),
    };
  }
}

export { moisEnLettres };
