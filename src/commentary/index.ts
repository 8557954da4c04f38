// Plain-French commentary generated from the published figures of one bilan (scope and year):
// « 5 010 assurés accompagnés en PDP, +7 % sur un an ». One module for the site pages and the PDF
// export. Pure and browser-safe; a figure that is not published is never guessed: the sentence
// says it is not shown, or leaves it out.
import {
  accord,
  formatCellule,
  formatEvolution,
  formatNombre,
  formatPoints,
  estAffichable,
  ESPACE,
  type Cellule,
  type Unite,
} from '../format/index.js';
import type { ContexteBilan, Perimetre } from '../data/site-model.js';

/** Short labels of the satisfaction items (the catalogue's labels name the column). */
export const ITEMS_SATISFACTION: readonly { id: string; libelle: string }[] = [
  { id: 'satisfaction.ecoute', libelle: 'Écoute' },
  { id: 'satisfaction.confiance', libelle: 'Confiance' },
  { id: 'satisfaction.clarte', libelle: 'Clarté des réponses' },
  { id: 'satisfaction.information_droits', libelle: 'Information sur les droits et démarches' },
  { id: 'satisfaction.prise_en_compte', libelle: 'Prise en compte de la situation' },
];

/** Unit of an indicator (counts if unknown). */
export function uniteDe(ctx: Pick<ContexteBilan, 'indicateurs'>, id: string): Unite {
  return ctx.indicateurs.get(id)?.unite ?? 'evenements';
}

/** The cell of an indicator for the context's year (or another year) in a scope. */
function cellule(ctx: ContexteBilan, id: string, p: Perimetre = ctx.perimetre, annee = ctx.annee): Cellule {
  return p.lire(id, annee);
}

/** The formatted value of an indicator, or null when it is not published. */
function valeur(ctx: ContexteBilan, id: string, p: Perimetre = ctx.perimetre, annee = ctx.annee): string | null {
  const c = cellule(ctx, id, p, annee);
  return estAffichable(c) ? formatCellule(c, uniteDe(ctx, id), ctx.seuil) : null;
}

/** The text shown for an indicator: its value, or its suppression mark. */
export function texte(ctx: ContexteBilan, id: string, p: Perimetre = ctx.perimetre, annee = ctx.annee): string {
  return formatCellule(cellule(ctx, id, p, annee), uniteDe(ctx, id), ctx.seuil);
}

/** A published count with its noun agreeing (« 2 277 assurés accompagnés », « 1 atelier »,
 *  « 0 instance »), or null when the count is not published. */
function compte(ctx: ContexteBilan, id: string, singulier: string, pluriel?: string, p: Perimetre = ctx.perimetre): string | null {
  const c = cellule(ctx, id, p);
  if (!estAffichable(c)) return null;
  return `${formatCellule(c, uniteDe(ctx, id), ctx.seuil)} ${accord(c.valeur, singulier, pluriel)}`;
}

/** Change over one year: the published evolution indicator if the catalogue has one, else from the
 *  two published values — relative for counts, in points for shares, a difference in the unit for
 *  durations, means and ratios; null when either is not shown. */
export function variation(ctx: ContexteBilan, id: string, p: Perimetre = ctx.perimetre): { texte: string; sens: -1 | 0 | 1 } | null {
  const publiee = `evolution.${id}`;
  if (ctx.indicateurs.has(publiee)) {
    const e = cellule(ctx, publiee, p);
    return estAffichable(e) ? { texte: formatEvolution(e.valeur), sens: signe(e.valeur, 0.005) } : null;
  }
  if (!ctx.annees.includes(ctx.annee - 1)) return null;
  const a = cellule(ctx, id, p);
  const b = cellule(ctx, id, p, ctx.annee - 1);
  if (!estAffichable(a) || !estAffichable(b)) return null;
  const unite = uniteDe(ctx, id);
  const d = a.valeur - b.valeur;
  switch (unite) {
    case 'part':
      return { texte: formatPoints(d), sens: signe(d, 0.0005) };
    case 'mois':
      return { texte: `${formatDifference(d, 1)}${ESPACE}mois`, sens: signe(d, 0.05) };
    case 'moyenne':
    case 'ratio':
      return { texte: formatDifference(d, Math.abs(b.valeur) >= 1 ? 1 : 2), sens: signe(d, Math.abs(b.valeur) >= 1 ? 0.05 : 0.005) };
    case 'evolution':
      return null;
    default: {
      if (b.valeur === 0) return null;
      const e = a.valeur / b.valeur - 1;
      return { texte: formatEvolution(e), sens: signe(e, 0.005) };
    }
  }
}

/** A signed difference: « +0,3 », « -1,2 », « 0,0 ». */
function formatDifference(d: number, decimales: number): string {
  const t = formatNombre(Math.abs(d), decimales);
  return Math.abs(d) < 0.5 * 10 ** -decimales ? t : `${d > 0 ? '+' : '-'}${t}`;
}

const signe = (x: number, zero: number): -1 | 0 | 1 => (Math.abs(x) < zero ? 0 : x > 0 ? 1 : -1);

/** « +7 % sur un an » (or « stable sur un an »), or '' when the change is unknown. */
export function surUnAn(ctx: ContexteBilan, id: string, p: Perimetre = ctx.perimetre): string {
  const v = variation(ctx, id, p);
  if (!v) return '';
  return v.sens === 0 ? 'stable sur un an' : `${v.texte} sur un an`;
}

/** « (Carsat Nord-Est : 44,0 % ; France entière : 45,2 %) » for the parents whose value is shown. */
function reperes(ctx: ContexteBilan, id: string): string {
  const parts = ctx.parents
    .map((p) => [p.nom, valeur(ctx, id, p)] as const)
    .filter(([, v]) => v !== null)
    .map(([n, v]) => `${n}${ESPACE}: ${v}`);
  return parts.length ? ` (${parts.join(' ; ')})` : '';
}

/** Lower-cases the first letter of a label inside a sentence, unless it starts an acronym (« SPST »). */
const minuscule = (t: string): string => (/^\p{Lu}\p{Ll}/u.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t);
const avec = (t: string, suite: string): string => (suite ? `${t}, ${suite}` : t);
const phrase = (t: string): string => `${t.charAt(0).toUpperCase()}${t.slice(1)}.`.replace(/\.\.$/, '.');
const nonDiffuse = (quoi: string): string => `${quoi} n'est pas diffusé (secret statistique)`;

/** The key sentences of a bilan: activity, PDP, outcomes, satisfaction (synthèse page, PDF). */
export function commentaireSynthese(ctx: ContexteBilan): string[] {
  const out: string[] = [];
  const assures = compte(ctx, 'assures_accompagnes', 'assuré accompagné', 'assurés accompagnés');
  const entretiens = compte(ctx, 'entretiens', 'entretien');
  if (assures) {
    const ratio = valeur(ctx, 'entretiens_par_assure');
    out.push(
      phrase(
        `en ${ctx.annee}, ${avec(`${assures} par le service social`, surUnAn(ctx, 'assures_accompagnes'))}` +
          (entretiens ? ` ; ${entretiens}${ratio ? `, soit ${ratio} par assuré` : ''}` : ''),
      ),
    );
  } else out.push(phrase(nonDiffuse(`en ${ctx.annee}, le nombre d'assurés accompagnés`)));
  const pdp = compte(ctx, 'pdp.assures_accompagnes', 'assuré accompagné', 'assurés accompagnés');
  const sps = valeur(ctx, 'sps.assures_accompagnes');
  if (pdp) {
    out.push(
      phrase(
        `${avec(`${pdp} en prévention de la désinsertion professionnelle (PDP)`, surUnAn(ctx, 'pdp.assures_accompagnes'))}` +
          (sps ? ` ; ${avec(`${sps} en sécurisation des parcours en santé (SPS)`, surUnAn(ctx, 'sps.assures_accompagnes'))}` : ''),
      ),
    );
  }
  out.push(...commentaireIssues(ctx));
  const satisfaction = valeur(ctx, 'satisfaction.taux');
  if (satisfaction)
    out.push(
      phrase(
        `${satisfaction} des assurés ayant répondu à l'enquête sont satisfaits de l'intervention du service social${reperes(ctx, 'satisfaction.taux')}`,
      ),
    );
  return out;
}

/** Outcomes of the finished PDP paths. */
export function commentaireIssues(ctx: ContexteBilan): string[] {
  const out: string[] = [];
  const finalises = compte(ctx, 'pdp.parcours_finalises', 'parcours PDP finalisé', 'parcours PDP finalisés');
  const employabilite = valeur(ctx, 'pdp.taux_maintien_employabilite');
  const emploi = valeur(ctx, 'pdp.taux_maintien_emploi');
  if (finalises) {
    let t = finalises;
    if (employabilite)
      t += ` ; parmi ceux qui ont compté au moins 3 entretiens, ${employabilite} ont abouti à un maintien dans l'emploi ou l'employabilité${reperes(ctx, 'pdp.taux_maintien_employabilite')}`;
    // Both rates share one base (the paths with 3 entretiens or more): the second is a part of
    // those paths, included in the first, not a share of the first.
    if (employabilite && emploi)
      t += ` ; ${emploi} de ces mêmes parcours se sont conclus par un maintien dans l'emploi (même poste ou autre emploi), compris dans les ${employabilite}`;
    out.push(phrase(t));
  }
  const mediane = valeur(ctx, 'pdp.duree_mois.mediane');
  const p25 = valeur(ctx, 'pdp.duree_mois.p25');
  const p75 = valeur(ctx, 'pdp.duree_mois.p75');
  if (mediane)
    out.push(
      phrase(
        `la durée médiane d'un parcours finalisé est de ${mediane}${p25 && p75 ? ` ; la moitié des parcours ont duré entre ${p25.replace(`${ESPACE}mois`, '')} et ${p75}` : ''}`,
      ),
    );
  return out;
}

/** The profile of the people accompanied (prefix '' for every axe, 'pdp.' or 'sps.'). */
export function commentaireProfil(ctx: ContexteBilan, prefixe: '' | 'pdp.' | 'sps.'): string[] {
  const out: string[] = [];
  const qui =
    prefixe === 'pdp.'
      ? 'des assurés accompagnés en PDP'
      : prefixe === 'sps.'
        ? 'des assurés accompagnés en SPS'
        : 'des assurés accompagnés';
  const femmes = valeur(ctx, `${prefixe}part_femmes`);
  const a4659 = valeur(ctx, `${prefixe}part_age.46_59`);
  const a60 = valeur(ctx, `${prefixe}part_age.60_plus`);
  const emploi = valeur(ctx, `${prefixe}part_emploi`);
  const age = [a4659 ? `${a4659} ont de 46 à 59 ans` : '', a60 ? `${a60} ont 60 ans ou plus` : ''].filter(Boolean).join(' et ');
  const debut = [femmes ? `${femmes} sont des femmes` : '', age].filter(Boolean).join(' ; ');
  if (debut) out.push(phrase(`parmi l'ensemble ${qui}, ${debut}`));
  const maladie = valeur(ctx, `${prefixe}part_risque.MALADIE`);
  const atmp = valeur(ctx, `${prefixe}part_risque.AT_MP`);
  const inval = valeur(ctx, `${prefixe}part_risque.INVALIDITE`);
  const risques = [
    maladie ? `${maladie} relèvent du risque maladie` : '',
    atmp ? `${atmp} d'un accident du travail ou d'une maladie professionnelle` : '',
    inval ? `${inval} de l'invalidité` : '',
  ].filter(Boolean);
  if (risques.length) out.push(phrase(risques.join(', ')));
  if (emploi) out.push(phrase(`${emploi} ont un emploi (salarié ou indépendant) au début de leur accompagnement`));
  return out;
}

/** Detection: signalements, their main origin, the share of SPST among external ones, transformation. */
export function commentaireDetection(ctx: ContexteBilan): string[] {
  const out: string[] = [];
  const signalements = compte(ctx, 'pdp.signalements', 'signalement PDP reçu', 'signalements PDP reçus');
  if (!signalements) return [phrase(nonDiffuse('le nombre de signalements PDP'))];
  const [premiere] = categoriesPrincipales(ctx, 'pdp.part_signalements');
  out.push(
    phrase(
      `${avec(signalements, surUnAn(ctx, 'pdp.signalements'))}${premiere ? ` ; première origine : ${minuscule(premiere.libelle)} (${premiere.texte})` : ''}`,
    ),
  );
  const spst = valeur(ctx, 'pdp.part_spst_parmi_externes');
  if (spst)
    out.push(phrase(`parmi les signalements d'origine externe, ${spst} viennent des services de prévention et de santé au travail (SPST)`));
  const transformation = valeur(ctx, 'pdp.taux_transformation');
  if (transformation)
    out.push(
      phrase(
        `${transformation} des signalements dont la suite est décidée ont donné lieu à un accompagnement${reperes(ctx, 'pdp.taux_transformation')}`,
      ),
    );
  return out;
}

/** The largest published members of a breakdown (family), largest first, with label and text. */
function categoriesPrincipales(ctx: ContexteBilan, famille: string, n = 1): { id: string; libelle: string; texte: string }[] {
  return [...ctx.indicateurs.values()]
    .filter((m) => m.famille === famille)
    .map((m) => ({ m, c: cellule(ctx, m.id) }))
    .filter((x) => estAffichable(x.c) && x.c.valeur! > 0)
    .sort((a, b) => b.c.valeur! - a.c.valeur!)
    .slice(0, n)
    .map(({ m, c }) => ({ id: m.id, libelle: m.categorie?.libelle ?? m.libelle, texte: formatCellule(c, m.unite, ctx.seuil) }));
}

/** Préconisations and actions de remobilisation. */
export function commentaireActions(ctx: ContexteBilan): string[] {
  const out: string[] = [];
  const precos = compte(ctx, 'pdp.preconisations', 'préconisation');
  const top = categoriesPrincipales(ctx, 'pdp.part_preconisations', 3);
  if (precos)
    out.push(phrase(`${precos}${top.length ? `, d'abord : ${top.map((t) => `${minuscule(t.libelle)} (${t.texte})`).join(', ')}` : ''}`));
  const actions = compte(
    ctx,
    'pdp.actions_remobilisation',
    'action de remobilisation précoce demandée',
    'actions de remobilisation précoce demandées',
  );
  const accordees = compte(ctx, 'pdp.actions_accordees', 'accordée');
  const bec = valeur(ctx, 'pdp.part_actions.BILAN_EVALUATION_CONSEIL');
  const mes = valeur(ctx, 'pdp.part_actions.MISE_EN_SITUATION');
  if (actions) {
    let t = `${actions}${accordees ? `, dont ${accordees}` : ''}`;
    const parts = [
      bec ? `${bec} sont des actions de bilan, d'évaluation et de conseil` : '',
      mes ? `${mes} des mises en situation professionnelle (essais encadrés…)` : '',
    ].filter(Boolean);
    if (parts.length) t += ` ; ${parts.join(', ')}`;
    out.push(phrase(t));
  }
  return out;
}

/** SPS activity. */
export function commentaireSps(ctx: ContexteBilan): string[] {
  const assures = compte(ctx, 'sps.assures_accompagnes', 'assuré accompagné', 'assurés accompagnés');
  const entretiens = compte(ctx, 'sps.entretiens', 'entretien');
  if (!assures) return [phrase(nonDiffuse("le nombre d'assurés accompagnés en SPS"))];
  return [
    phrase(
      `${avec(`${assures} en sécurisation des parcours en santé`, surUnAn(ctx, 'sps.assures_accompagnes'))}${entretiens ? ` ; ${entretiens}` : ''}`,
    ),
  ];
}

/** Concertation bodies and collective actions. */
export function commentaireInstances(ctx: ContexteBilan): string[] {
  const out: string[] = [];
  const ic = cellule(ctx, 'instances.ic_pdp');
  const situations = compte(ctx, 'instances.situations_ic_pdp', 'situation');
  const spst = compte(ctx, 'instances.situations_ic_pdp.SPST', 'présentée par les SPST', 'présentées par les SPST');
  const essais = compte(ctx, 'instances.essais_encadres_accordes', 'essai encadré accordé');
  const icam = compte(ctx, 'instances.icam_pdp', "instance de concertation de l'Assurance Maladie (ICAM PDP)");
  if (estAffichable(ic)) {
    const instances = compte(ctx, 'instances.ic_pdp', 'instance de concertation PDP', 'instances de concertation PDP')!;
    out.push(
      phrase(`${instances}${situations ? ` ${ic.valeur >= 2 ? 'ont' : 'a'} examiné ${situations}${spst ? `, dont ${spst}` : ''}` : ''}`),
    );
  }
  if (essais) out.push(phrase(`${essais} en instance`));
  if (icam) out.push(phrase(icam));
  const participants = compte(ctx, 'collectif.participants', 'participation');
  const types = [...ctx.indicateurs.values()]
    .filter((m) => m.famille === 'collectif.actions')
    .map((m) => ({ c: cellule(ctx, m.id), libelle: minuscule(m.categorie?.libelle ?? m.libelle), id: m.id }))
    .filter((x) => estAffichable(x.c) && x.c.valeur !== 0)
    .map((x) => compte(ctx, x.id, x.libelle)!);
  if (types.length) out.push(phrase(`actions collectives : ${types.join(', ')}${participants ? `, ${participants}` : ''}`));
  const isic = valeur(ctx, 'collectif.part_isic_3_seances');
  if (isic) out.push(phrase(`${isic} des ISIC comptent au moins 3 séances`));
  return out;
}

/** Satisfaction survey. */
export function commentaireSatisfaction(ctx: ContexteBilan): string[] {
  const out: string[] = [];
  const taux = valeur(ctx, 'satisfaction.taux');
  const reponses = compte(ctx, 'satisfaction.reponses', 'réponse');
  if (!taux) return [phrase(nonDiffuse('le taux de satisfaction'))];
  out.push(
    phrase(
      `${taux} des assurés ayant répondu${reponses ? ` (${reponses})` : ''} sont satisfaits ou très satisfaits${reperes(ctx, 'satisfaction.taux')}`,
    ),
  );
  const notes = ITEMS_SATISFACTION.map((i) => ({ ...i, c: cellule(ctx, i.id) }))
    .filter((x) => estAffichable(x.c))
    .sort((a, b) => b.c.valeur! - a.c.valeur!);
  if (notes.length >= 2) {
    const u = uniteDe(ctx, notes[0]!.id);
    out.push(
      phrase(
        `l'item le mieux noté est « ${minuscule(notes[0]!.libelle)} » (${formatCellule(notes[0]!.c, u)} sur 4), le moins bien noté « ${minuscule(notes.at(-1)!.libelle)} » (${formatCellule(notes.at(-1)!.c, u)} sur 4)`,
      ),
    );
  }
  return out;
}
