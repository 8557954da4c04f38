// The French sentences of the evaluation, for the page and the PDF alike: the effect on its scale
// (« +5,8 points », « +20,9 % », « -10,0 jours »), its interval, a verdict that says how sure it is
// and how large an effect could be seen (power, « non concluante »), the trends before the start
// (event study) and the robustness of the verdict.
import { ESPACE, formatNombre } from '../format/index.ts';
import type { UniteEvaluation } from './measures.ts';

/** The estimate as the verdict reads it (display scale: relative change, share difference, days). */
export interface EffetEstime {
  effet: number;
  ic95: [number, number];
  /** Placebo groups used, and how many were at least as far from 0 as the estimate, on its side. */
  tirages: number;
  auMoinsAussiLoin: number;
  /** Randomisation p-value (src/evaluation/inference.ts, `decide`). */
  p: number;
  /** p < 0,05, decided with the p-value by the same function. */
  detecte: boolean;
}

/** The power statement of an estimate (display scale, in the expected direction). */
export interface Puissance {
  /** Effect the pilot expects (data/reference/pilotes.csv), null when it declares none. */
  effetAttendu: number | null;
  /** Minimum detectable effect now (detected 4 times in 5 at the 5 % level). */
  mde: number;
  /** Projected after `mois` more months of hindsight (`apres`: months after the start then used). */
  projections: { mois: number; apres: number; mde: number }[];
  /** Whether the expected effect is at least the minimum detectable effect (null without expected effect). */
  suffisante: boolean | null;
  /** Months of hindsight to add until the expected effect becomes detectable (0: already; null: not within the analysis window). */
  moisEnPlus: number | null;
  /** First day of the month from which the data would be there (null when not applicable). */
  disponibleVers: string | null;
  /** Months after the start used now. */
  moisApres: number;
}

/** The event study as published (display scale). */
export interface Tendances {
  periodes: {
    debut: string;
    fin: string;
    mois: number;
    apres: boolean;
    reference: boolean;
    ecart: number | null;
    ic95: [number, number] | null;
    p: number | null;
  }[];
  /** Joint test of the periods before the reference. */
  test: { p: number; tirages: number; periodes: number } | null;
  /** Pre-period too short to test the trends (under two years, or no period before the reference). */
  courte: boolean;
  moisAvant: number;
  /** Atypical years in the pre-period (« 2020 : année de crise sanitaire »). */
  atypiques: string[];
  /** Largest half-width of the pre-period gaps' intervals (what the test cannot exclude), or null. */
  demiLargeurMax: number | null;
  phrase: string;
}

/** The robustness variants of a verdict. */
export interface Robustesse {
  variantes: {
    id: string;
    libelle: string;
    sens: 'hausse' | 'baisse' | null;
    detecte: boolean | null;
    p: number | null;
    bascule: boolean;
  }[];
  /** A variant flips the sign or the detection. */
  fragile: boolean;
  phrase: string;
}

const signe = (x: number, texte: string): string => (x > 0 ? `+${texte}` : texte);

/** An effect on its scale, signed: volume « +20,9 % », share « +5,8 points », days « -10,0 jours ». */
export function formatEffet(x: number, unite: UniteEvaluation): string {
  if (unite === 'volume') return `${signe(x, formatNombre(x * 100, 1))}${ESPACE}%`;
  if (unite === 'part') {
    const pts = x * 100;
    return `${signe(x, formatNombre(pts, 1))}${ESPACE}point${Math.abs(Number(pts.toFixed(1))) >= 2 ? 's' : ''}`;
  }
  const j = Number(x.toFixed(1));
  return `${signe(x, formatNombre(x, 1))}${ESPACE}jour${Math.abs(j) >= 2 ? 's' : ''}`;
}

/** An interval « +4,1 à +7,4 points » (the unit once, at the end, except for percentages). */
export function formatIntervalle([lo, hi]: [number, number], unite: UniteEvaluation): string {
  if (unite === 'volume') return `${formatEffet(lo, unite)} à ${formatEffet(hi, unite)}`;
  const f = unite === 'part' ? 100 : 1;
  const nombre = (x: number) => signe(x, formatNombre(x * f, 1));
  const mot = unite === 'part' ? 'point' : 'jour';
  const pluriel = Math.max(Math.abs(Number((lo * f).toFixed(1))), Math.abs(Number((hi * f).toFixed(1)))) >= 2;
  return `${nombre(lo)} à ${nombre(hi)}${ESPACE}${mot}${pluriel ? 's' : ''}`;
}

/** A p-value in French: « p = 0,03 », « p < 0,001 ». */
function formatP(p: number): string {
  return p < 0.001 ? 'p < 0,001' : `p = ${formatNombre(p, p < 0.01 ? 3 : 2)}`;
}

/** How often chance alone does as much, in words. */
function certitude(e: EffetEstime): string {
  const k = e.auMoinsAussiLoin;
  const n = formatNombre(e.tirages);
  const faux = `faux pilotes de même profil de taille, tirés au hasard`;
  if (e.detecte) {
    if (k === 0)
      return `Aucun des ${n} ${faux}, ne s'écarte autant (${formatP(e.p)}) : il est très improbable que cet écart soit dû au hasard.`;
    return `Seuls ${formatNombre(k)} des ${n} ${faux}, s'écartent autant dans ce sens (${formatP(e.p)}) : il est peu probable que cet écart soit dû au hasard.`;
  }
  return `Un tel écart peut arriver par hasard (${formatP(e.p)}) : ${formatNombre(k)} des ${n} ${faux}, s'écartent au moins autant dans ce sens.`;
}

/** The power sentence: minimum detectable effect now and projected, against the expected effect. */
function phrasePuissance(unite: UniteEvaluation, q: Puissance): string {
  const complete = q.projections.every((x) => x.apres === q.moisApres);
  const proj = complete
    ? `la période retenue après le démarrage est déjà complète : plus de recul n'y change rien`
    : q.projections.map((x) => `${formatEffet(x.mde, unite)} avec ${formatNombre(x.mois)} mois de recul de plus`).join(', ');
  const base = `Puissance : avec ces départements et ${formatNombre(q.moisApres)} mois après le démarrage, le plus petit effet détecté 4 fois sur 5 est de ${formatEffet(q.mde, unite)} (${proj})`;
  if (q.effetAttendu === null) return `${base}.`;
  return `${base} ; effet attendu par le dispositif : ${formatEffet(q.effetAttendu, unite)}.`;
}

/** When a non-conclusive evaluation may become conclusive. */
function quandConcluante(q: Puissance): string {
  if (q.moisEnPlus === null)
    return "Même avec trois ans de recul, l'effet attendu resterait plus petit que ce que ces départements permettent de détecter : seule une extension à d'autres départements permettrait de détecter un effet de cette taille.";
  const vers = q.disponibleVers ? ` (données disponibles vers ${moisEnLettres(q.disponibleVers)})` : '';
  return `Elle pourrait devenir concluante avec environ ${formatNombre(q.moisEnPlus)} mois de recul de plus${vers}.`;
}

/**
 * The verdict sentence of one indicator: « Effet détecté » exactly when `e.detecte` (p < 0,05);
 * « Évaluation non concluante » when nothing is detected and the expected effect is smaller than
 * the minimum detectable effect; the power and, when a variant flips it, « fragile ».
 */
export function phraseVerdict(
  nomDansPhrase: string,
  unite: UniteEvaluation,
  sens: 'hausse' | 'baisse',
  e: EffetEstime,
  q: Puissance | null = null,
  r: Robustesse | null = null,
): string {
  const effet = formatEffet(e.effet, unite);
  const ic = `IC 95${ESPACE}% : ${formatIntervalle(e.ic95, unite)}`;
  const fragile = r?.fragile
    ? ' Résultat fragile : il ne tient pas dans toutes les variantes de l\u2019analyse (voir « Robustesse »).'
    : '';
  const puissance = q ? ` ${phrasePuissance(unite, q)}` : '';
  if (!e.detecte) {
    const compatible = `l'écart estimé (${effet}) reste dans les variations dues au hasard ; les données sont compatibles avec un effet allant de ${formatIntervalle(e.ic95, unite)}.`;
    if (q && q.suffisante === false) {
      // the interval holds 0; when it leaves out the expected effect, that much is known already
      const a = q.effetAttendu!;
      const exclu =
        a < e.ic95[0] || a > e.ic95[1]
          ? ` L'intervalle exclut toutefois l'effet attendu (${formatEffet(a, unite)}) : si le dispositif agit sur ${nomDansPhrase}, c'est moins qu'attendu.`
          : '';
      return `Évaluation non concluante sur ${nomDansPhrase} : ${compatible} L'effet attendu (${formatEffet(a, unite)}) est plus petit que le plus petit effet détectable (${formatEffet(q.mde, unite)}) : l'absence d'effet détecté ne dit pas que le dispositif est sans effet.${exclu} ${quandConcluante(q)} ${certitude(e)}${puissance}${fragile}`;
    }
    const attenduVisible =
      q && q.suffisante === true
        ? ` Un effet de la taille attendue (${formatEffet(q.effetAttendu!, unite)}) aurait été détecté 4 fois sur 5 : les données ne vont pas dans le sens d'un effet de cette taille.`
        : '';
    return `Aucun effet détectable sur ${nomDansPhrase} : ${compatible}${attenduVisible} ${certitude(e)}${puissance}${fragile}`;
  }
  const attendu = sens === 'hausse' ? e.effet > 0 : e.effet < 0;
  const tete = attendu ? 'Effet détecté' : `Effet détecté, mais dans le sens inverse de celui attendu (une ${sens})`;
  return `${tete} sur ${nomDansPhrase} : ${effet} (${ic}). ${certitude(e)}${puissance}${fragile}`;
}

/**
 * The sentence of the event study: what the joint test of the years before the start shows and
 * cannot exclude; never that the groups evolved the same way. Flags a pre-period too short and
 * atypical years in it.
 */
export function phraseTendances(unite: UniteEvaluation, t: Omit<Tendances, 'phrase'>): string {
  const atypiques = t.atypiques.join(' ; ');
  const atyp = atypiques ? ` (${atypiques})` : '';
  if (t.courte || !t.test) {
    return `Tendances avant le démarrage : période d'avant trop courte pour les tester (${formatNombre(t.moisAvant)} mois${atypiques ? ` ; ${atypiques}` : ''}). Rien ne permet de vérifier que, sans le dispositif, les deux groupes auraient suivi la même tendance : l'estimation repose entièrement sur cette hypothèse.`;
  }
  // the years the periods before cover (a period may merge years, as the published points do)
  const avant = t.periodes.filter((x) => !x.apres);
  const quoi = avant.length
    ? `les écarts des années d'avant le démarrage (${avant[0]!.debut.slice(0, 4)} à ${avant.at(-1)!.fin.slice(0, 4)})`
    : `les écarts des ${formatNombre(t.test.periodes + 1)} périodes d'avant le démarrage`;
  const limite =
    t.demiLargeurMax !== null
      ? ` Ce test ne peut pas exclure un écart de tendance allant jusqu'à ±${formatEffet(t.demiLargeurMax, unite).replace(/^\+/, '')} par année d'avant.`
      : '';
  const reserve = atyp ? ` Période d'avant contenant une année atypique${atyp}.` : '';
  if (t.test.p < 0.05) {
    return `Attention : avant le démarrage, ${quoi} s'éloignent déjà plus que le hasard ne le permet (test conjoint, ${formatP(t.test.p)}) : les deux groupes ne suivaient pas la même tendance, l'estimation est à lire avec prudence.${reserve}`;
  }
  return `Tendances avant le démarrage : ${quoi} restent dans ce que le hasard produit (test conjoint, ${formatP(t.test.p)}) ; aucune divergence nette n'apparaît, ce qui ne prouve pas l'absence de divergence.${limite}${reserve}`;
}

/** The robustness sentence: which variants flip the verdict. */
export function phraseRobustesse(r: Omit<Robustesse, 'phrase'>): string {
  if (r.variantes.length === 0) return 'Robustesse : aucune variante applicable.';
  const bascules = r.variantes.filter((v) => v.bascule);
  if (bascules.length === 0)
    return `Robustesse : le verdict (sens et détection) est le même dans les ${formatNombre(r.variantes.length)} variantes de l'analyse.`;
  return `Résultat fragile : le verdict change (sens ou détection) ${bascules.map((v) => v.libelle).join(' ; ')} (${formatNombre(bascules.length)} variante${bascules.length > 1 ? 's' : ''} sur ${formatNombre(r.variantes.length)}).`;
}

/** The sentence of an indicator that cannot be evaluated (yet). */
export function phraseNonEvaluable(nomDansPhrase: string, raison: string): string {
  return `Évaluation impossible pour ${nomDansPhrase} : ${raison}.`;
}

/** The sentence of an indicator whose figures cannot be published (too few cases). */
export function phraseNonPubliable(nomDansPhrase: string): string {
  return `Résultat non publié pour ${nomDansPhrase} : trop peu de cas dans le groupe pilote pour le diffuser sans risque de révéler un petit effectif (règle de confidentialité).`;
}

const MOIS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 2025-01-01 » → « janvier 2025 ». */
export function moisEnLettres(premier: string): string {
  return `${MOIS[Number(premier.slice(5, 7)) - 1]} ${premier.slice(0, 4)}`;
}
