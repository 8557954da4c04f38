// The charts of one bilan (a scope and a year, compared with its parents): each a pure function
// of the bilan's context → Vega-Lite spec. The site pages and the exporter call the same ones,
// so a chart pasted from the site and one from `bilan export` are identical.
import type { ContexteBilan, MetaIndicateur, Perimetre } from '../data/site-model.js';
import { ITEMS_SATISFACTION, uniteDe } from '../commentary/index.js';
import { barresCategories } from './bars.js';
import { barresComparees } from './compared-bars.js';
import { courbeTendance } from './trend.js';
import { parcoursEtapes } from './funnel.js';
import { ligneSource, nomFichier, type TopLevelSpec } from './common.js';
import { formatCellule, estAffichable, estComptage } from '../format/index.js';
import { graphiquesSections } from './sections.js';

/** Default total width of a bilan chart (the site gives each chart its container's width). */
export const LARGEUR = 480;

/** Second title line: « Carsat Languedoc-Roussillon, 2023 ». */
const sousTitre = (ctx: ContexteBilan): string => `${ctx.perimetre.nom}, ${ctx.annee}`;
/** File name: scope, year, chart. */
const fichier = (ctx: ContexteBilan, nom: string): string => nomFichier(`${ctx.perimetre.code}-${ctx.annee}-${nom}`);
/** The source lines of a chart of the year (or of the whole series of years). */
const source = (ctx: Pick<ContexteBilan, 'source' | 'annee' | 'annees'>, serie = false): string[] =>
  ligneSource(ctx.source, serie ? [ctx.annees[0] ?? ctx.annee, ctx.annees.at(-1) ?? ctx.annee] : ctx.annee);
/** The scope then its parents (the series of a comparison). */
const perimetres = (ctx: ContexteBilan): Perimetre[] => [ctx.perimetre, ...ctx.parents];

/** Short chart labels of categories whose reference label is long (the full labels are in the
 *  methodology page); key: list.code. */
const LIBELLES_COURTS: Readonly<Record<string, string>> = {
  'risque.AT_MP': 'AT / MP',
  'origine.SERVICE_MEDICAL': 'Service médical',
  'origine.CPAM': 'CPAM / CGSS',
  'origine.SPST': 'SPST / SPSTI',
  'origine.MDPH': 'MDPH',
  'origine.ASSURE': "Demande de l'assuré",
  'issue.MAINTIEN_POSTE': 'Maintien au poste',
  'issue.MAINTIEN_AUTRE_POSTE': 'Autre poste, même employeur',
  'issue.NOUVEL_EMPLOI': 'Autre employeur ou création',
  'issue.FORMATION_RECONVERSION': 'Formation, reconversion',
  'issue.RECHERCHE_EMPLOI': "Recherche d'emploi avec projet",
  'issue.INVALIDITE': 'Invalidité sans activité',
  'issue.INAPTITUDE_LICENCIEMENT': 'Inaptitude sans projet',
  'issue.ABANDON': "Fin à l'initiative de l'assuré",
  'type_preconisation.RQTH': 'RQTH, orientation',
  'type_preconisation.MISE_EN_RELATION_INSERTION': 'Mise en relation insertion',
  'type_preconisation.CRPE': 'CRPE',
  'presentee_par.SPST': 'SPST',
  'type_action_collective.ISIC': 'ISIC',
  'categorie_action.BILAN_EVALUATION_CONSEIL': 'Bilan, évaluation, conseil',
  'categorie_action.MISE_EN_SITUATION': 'Mise en situation',
};

/** The chart label of a breakdown member. */
function libelleCategorie(m: MetaIndicateur): string {
  return (m.categorie && LIBELLES_COURTS[`${m.categorie.liste}.${m.categorie.code}`]) ?? m.categorie?.libelle ?? m.libelle;
}

/** Members of a breakdown, in catalogue order. */
function membres(ctx: ContexteBilan, famille: string): MetaIndicateur[] {
  return [...ctx.indicateurs.values()].filter((m) => m.famille === famille);
}

/** A breakdown (family) as bars; compared with the parents when the unit allows it (shares, means). */
export function repartition(
  ctx: ContexteBilan,
  famille: string,
  o: { titre: string; titreCategorie: string; nom: string; trier?: boolean; comparer?: boolean; largeur?: number },
): TopLevelSpec {
  const ms = membres(ctx, famille);
  const unite = ms[0]?.unite ?? 'part';
  const libelle = libelleCategorie;
  const comparer = (o.comparer ?? true) && ctx.parents.length > 0 && !estComptage(unite);
  const base = {
    titre: o.titre,
    sousTitre: sousTitre(ctx),
    unite,
    seuil: ctx.seuil,
    fichier: fichier(ctx, o.nom),
    titreCategorie: o.titreCategorie,
    largeur: o.largeur ?? LARGEUR,
    source: source(ctx),
  };
  if (!comparer) {
    const lignes = ms.map((m) => ({ categorie: m.id, libelle: libelle(m), ...ctx.perimetre.lire(m.id, ctx.annee) }));
    return barresCategories(lignes, { ...base, titreValeur: unite === 'part' ? 'Part' : 'Nombre', trier: o.trier });
  }
  let ordre = ms;
  if (o.trier) {
    const v = (m: MetaIndicateur) => {
      const c = ctx.perimetre.lire(m.id, ctx.annee);
      return estAffichable(c) ? c.valeur : -1;
    };
    ordre = [...ms].sort((a, b) => v(b) - v(a));
  }
  const lignes = ordre.flatMap((m) =>
    perimetres(ctx).map((p) => ({ categorie: m.id, libelle: libelle(m), serie: p.nom, ...p.lire(m.id, ctx.annee) })),
  );
  return barresComparees(lignes, { ...base, series: perimetres(ctx).map((p) => p.nom) });
}

/** Single indicators shown as bars side by side (e.g. share of women, in work), compared with the parents. */
export function indicateurs(
  ctx: ContexteBilan,
  ids: readonly { id: string; libelle: string }[],
  o: { titre: string; nom: string; titreCategorie?: string; domaine?: [number, number]; largeur?: number },
): TopLevelSpec {
  const unite = uniteDe(ctx, ids[0]!.id);
  const base = {
    titre: o.titre,
    sousTitre: sousTitre(ctx),
    unite,
    seuil: ctx.seuil,
    fichier: fichier(ctx, o.nom),
    titreCategorie: o.titreCategorie ?? 'Indicateur',
    domaine: o.domaine,
    largeur: o.largeur ?? LARGEUR,
    source: source(ctx),
  };
  if (!ctx.parents.length || estComptage(unite)) {
    return barresCategories(
      ids.map((i) => ({ categorie: i.id, libelle: i.libelle, ...ctx.perimetre.lire(i.id, ctx.annee) })),
      { ...base, titreValeur: 'Valeur' },
    );
  }
  const lignes = ids.flatMap((i) =>
    perimetres(ctx).map((p) => ({ categorie: i.id, libelle: i.libelle, serie: p.nom, ...p.lire(i.id, ctx.annee) })),
  );
  return barresComparees(lignes, { ...base, series: perimetres(ctx).map((p) => p.nom) });
}

/** The trend of one indicator over every year: the scope alone for a count, with its parents for a share or mean. */
export function tendance(ctx: ContexteBilan, id: string, o: { titre?: string; nom?: string; largeur?: number } = {}): TopLevelSpec {
  const unite = uniteDe(ctx, id);
  const series = estComptage(unite) ? [ctx.perimetre] : perimetres(ctx);
  const titre = o.titre ?? ctx.indicateurs.get(id)?.libelle ?? id;
  const lignes = ctx.annees.flatMap((annee) => series.map((p) => ({ annee, serie: p.nom, ...p.lire(id, annee) })));
  return courbeTendance(lignes, {
    titre,
    sousTitre: `${ctx.perimetre.nom}, ${ctx.annees[0]}–${ctx.annees.at(-1)}`,
    unite,
    seuil: ctx.seuil,
    fichier: nomFichier(`${ctx.perimetre.code}-evolution-${o.nom ?? id}`),
    series: series.map((p) => p.nom),
    anneeCourante: ctx.annee,
    largeur: o.largeur ?? LARGEUR,
    source: source(ctx, true),
  });
}

/** The PDP path of the year: signalements → people accompanied → finished paths → with 3 entretiens or more. */
export function parcoursPdp(ctx: ContexteBilan): TopLevelSpec {
  const p = ctx.perimetre;
  const lire = (id: string) => p.lire(id, ctx.annee);
  const taux = (id: string, quoi: string) => {
    const c = lire(id);
    return `${formatCellule(c, uniteDe(ctx, id), ctx.seuil)} ${quoi}`;
  };
  const etapes = [
    {
      etape: 'signalements',
      libelle: 'Signalements reçus',
      ...lire('pdp.signalements'),
      annotation: taux('pdp.taux_transformation', "des signalements traités suivis d'un accompagnement"),
    },
    { etape: 'accompagnes', libelle: 'Assurés accompagnés en PDP', ...lire('pdp.assures_accompagnes') },
    { etape: 'finalises', libelle: 'Parcours finalisés', ...lire('pdp.parcours_finalises') },
    {
      etape: 'finalises_3',
      libelle: 'dont avec 3 entretiens ou plus',
      dont: true,
      ...lire('pdp.parcours_finalises_3_entretiens'),
      annotation: `${taux('pdp.taux_maintien_employabilite', "maintenus dans l'emploi ou l'employabilité")}, dont ${taux('pdp.taux_maintien_emploi', "dans l'emploi")}`,
    },
  ];
  return parcoursEtapes(etapes, {
    titre: 'Du signalement à la fin du parcours PDP',
    sousTitre: sousTitre(ctx),
    unite: 'evenements',
    seuil: ctx.seuil,
    fichier: fichier(ctx, 'parcours-pdp'),
    largeur: LARGEUR,
    source: source(ctx),
    explication: `Étapes non emboîtées : chacune compte l'activité de ${ctx.annee} (un assuré accompagné en ${ctx.annee} a pu être signalé avant, un parcours finalisé a pu commencer avant) ; seuls les parcours « avec 3 entretiens ou plus » font partie des parcours finalisés.`,
  });
}

/** Durations of the finished PDP paths (quartiles, median, mean), compared with the parents. */
export function dureesPdp(ctx: ContexteBilan): TopLevelSpec {
  return indicateurs(
    ctx,
    [
      { id: 'pdp.duree_mois.p25', libelle: '1er quartile' },
      { id: 'pdp.duree_mois.mediane', libelle: 'Médiane' },
      { id: 'pdp.duree_mois.moyenne', libelle: 'Moyenne' },
      { id: 'pdp.duree_mois.p75', libelle: '3e quartile' },
    ],
    { titre: 'Durée des parcours PDP finalisés (en mois)', nom: 'duree-parcours', titreCategorie: 'Statistique' },
  );
}

/** Mean score of each satisfaction item (1 to 4). */
export function itemsSatisfaction(ctx: ContexteBilan): TopLevelSpec {
  return indicateurs(ctx, ITEMS_SATISFACTION, {
    titre: 'Note moyenne par item de satisfaction (de 1 à 4)',
    nom: 'satisfaction-items',
    titreCategorie: 'Item',
    domaine: [1, 4],
  });
}

/** The charts of a complete bilan, in reading order (the exporter writes them all): those of the
 *  sections declared once in ./sections.ts (the scope pages show the same). */
export function graphiquesBilan(ctx: ContexteBilan): { nom: string; spec: TopLevelSpec }[] {
  return graphiquesSections(ctx);
}
