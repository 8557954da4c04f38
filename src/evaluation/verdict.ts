// The French sentences of the evaluation: the effect on its scale (« +5,8 points », « +20,9 % »,
// « -10,0 jours »), its interval, and a verdict that says how sure it is.
import { ESPACE, formatNombre } from '../format/index.ts';
import type { UniteEvaluation } from './measures.ts';

/** The estimate as the verdict reads it (display scale: relative change, share difference, days). */
export interface EffetEstime {
  effet: number;
  ic95: [number, number];
  /** Placebo draws used, and how many were at least as far from 0 as the estimate. */
  tirages: number;
  auMoinsAussiLoin: number;
  detecte: boolean;
  /** p-value (default: from the placebo draws). */
  p?: number;
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

/** How often chance alone does as much, in words. */
function certitude(e: EffetEstime): string {
  const k = e.auMoinsAussiLoin;
  const n = formatNombre(e.tirages);
  const p = e.p ?? (k + 1) / (e.tirages + 1);
  const pTexte = p < 0.001 ? '< 0,001' : `= ${formatNombre(p, p < 0.01 ? 3 : 2)}`;
  if (e.detecte) {
    if (k === 0) return `Aucun des ${n} faux pilotes tirés au hasard parmi les autres départements ne s'écarte autant : il est très improbable que cet écart soit dû au hasard.`;
    return `Seuls ${formatNombre(k)} des ${n} faux pilotes tirés au hasard s'écartent autant (p ${pTexte}) : il est peu probable que cet écart soit dû au hasard.`;
  }
  return `Un tel écart peut arriver par hasard (p ${pTexte}) : ${formatNombre(k)} des ${n} faux pilotes tirés au hasard parmi les autres départements s'écartent au moins autant.`;
}

/** The verdict sentence of one indicator. */
export function phraseVerdict(nomDansPhrase: string, unite: UniteEvaluation, sens: 'hausse' | 'baisse', e: EffetEstime): string {
  const effet = formatEffet(e.effet, unite);
  const ic = `IC 95${ESPACE}% : ${formatIntervalle(e.ic95, unite)}`;
  if (!e.detecte) {
    return `Aucun effet détectable sur ${nomDansPhrase} : l'écart estimé (${effet}) reste dans les variations dues au hasard ; les données sont compatibles avec un effet allant de ${formatIntervalle(e.ic95, unite)}. ${certitude(e)}`;
  }
  const attendu = sens === 'hausse' ? e.effet > 0 : e.effet < 0;
  const tete = attendu ? 'Effet détecté' : `Effet détecté, mais dans le sens inverse de celui attendu (une ${sens})`;
  return `${tete} sur ${nomDansPhrase} : ${effet} (${ic}). ${certitude(e)}`;
}

/** The sentence of an indicator that cannot be evaluated (yet). */
export function phraseNonEvaluable(nomDansPhrase: string, raison: string): string {
  return `Évaluation impossible pour ${nomDansPhrase} : ${raison}.`;
}

/** The sentence of an indicator whose figures cannot be published (too few cases). */
export function phraseNonPubliable(nomDansPhrase: string): string {
  return `Résultat non publié pour ${nomDansPhrase} : trop peu de cas dans le groupe pilote pour le diffuser sans risque de révéler un petit effectif (règle de confidentialité).`;
}

/** The sentence of the check with a fake earlier start date. */
export function phraseControle(debutFictif: string, unite: UniteEvaluation, e: EffetEstime | null, raison: string | null = null): string {
  const quand = moisEnLettres(debutFictif);
  if (!e) return `Contrôle des tendances avant le démarrage (faux démarrage en ${quand}) : pas de résultat${raison ? ` (${raison})` : ''}.`;
  if (!e.detecte) return `Contrôle : avec un faux démarrage en ${quand}, avant le vrai, aucun écart n'apparaît (${formatEffet(e.effet, unite)}, IC 95${ESPACE}% : ${formatIntervalle(e.ic95, unite)}) : avant le dispositif, les deux groupes évoluaient de la même façon.`;
  return `Attention : avec un faux démarrage en ${quand}, avant le vrai, un écart apparaît déjà (${formatEffet(e.effet, unite)}, IC 95${ESPACE}% : ${formatIntervalle(e.ic95, unite)}) : les deux groupes n'évoluaient pas de la même façon avant le dispositif, le résultat est à lire avec prudence.`;
}

const MOIS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'];

/** « 2025-01-01 » → « janvier 2025 ». */
export function moisEnLettres(premier: string): string {
  return `${MOIS[Number(premier.slice(5, 7)) - 1]} ${premier.slice(0, 4)}`;
}
