// The sections of a bilan, declared once: title, commentary and charts, in reading order. The
// scope pages (src/organismes/[code].md, src/departements/[code].md, through
// src/components/bilan-sections.ts), the exporter's charts and tables (graphiquesBilan) and the
// PDF report (src/export/report.ts) all derive from this list, so the export writes exactly what
// the page shows. Each chart also says where the PDF report puts it: in its main part (what a
// director reads in ten minutes: key figures, commentary, these few charts) or in its annex (with
// the full tables). Pure and browser-safe.
import type { ContexteBilan } from '../data/site-model.js';
import * as C from '../commentary/index.js';
import * as G from './bilan-charts.js';
import type { TopLevelSpec } from './common.js';

/** Where the PDF report puts a chart: its main part, or its annex. */
export type PlaceRapport = 'principal' | 'annexe';

/** One chart of a section: its stable name (file names, sheets), its spec function, and its place
 *  in the PDF report (the site and the exported files show every chart). */
interface GraphiqueSection {
  nom: string;
  spec: (ctx: ContexteBilan) => TopLevelSpec;
  rapport: PlaceRapport;
}

/** One section of a bilan: a heading (level 2 or 3), its commentary and its charts. */
export interface SectionBilan {
  titre: string;
  niveau: 2 | 3;
  commentaire?: (ctx: ContexteBilan) => string[];
  graphiques: GraphiqueSection[];
}

/** The sections of the bilan of an organisme or a département, in the order of the page. */
export const SECTIONS_BILAN: readonly SectionBilan[] = [
  { titre: 'Prévention de la désinsertion professionnelle', niveau: 2, graphiques: [] },
  {
    titre: 'Profil des assurés accompagnés',
    niveau: 3,
    commentaire: (ctx) => C.commentaireProfil(ctx, 'pdp.'),
    graphiques: [
      {
        nom: 'pdp-age',
        rapport: 'annexe',
        spec: (ctx) =>
          G.repartition(ctx, 'pdp.part_age', {
            titre: 'Âge des assurés accompagnés en PDP',
            titreCategorie: "Tranche d'âge",
            nom: 'pdp-age',
          }),
      },
      {
        nom: 'pdp-risque',
        rapport: 'annexe',
        spec: (ctx) =>
          G.repartition(ctx, 'pdp.part_risque', {
            titre: 'Risque des assurés accompagnés en PDP',
            titreCategorie: 'Risque',
            nom: 'pdp-risque',
          }),
      },
      {
        nom: 'pdp-profil',
        rapport: 'annexe',
        spec: (ctx) =>
          G.indicateurs(
            ctx,
            [
              { id: 'pdp.part_femmes', libelle: 'Femmes' },
              { id: 'pdp.part_emploi', libelle: 'En emploi (salarié ou indépendant)' },
              { id: 'pdp.part_assures_5_entretiens', libelle: "5 entretiens ou plus dans l'année" },
            ],
            { titre: 'Sexe, emploi et intensité du suivi (PDP)', nom: 'pdp-profil' },
          ),
      },
    ],
  },
  {
    titre: 'Détection et parcours',
    niveau: 3,
    commentaire: C.commentaireDetection,
    graphiques: [
      {
        nom: 'pdp-origine',
        rapport: 'annexe',
        spec: (ctx) =>
          G.repartition(ctx, 'pdp.part_signalements', {
            titre: 'Origine des signalements PDP',
            titreCategorie: 'Origine',
            nom: 'pdp-origine',
            trier: true,
          }),
      },
      { nom: 'pdp-parcours', rapport: 'principal', spec: (ctx) => G.parcoursPdp(ctx) },
    ],
  },
  {
    titre: 'Préconisations et actions de remobilisation',
    niveau: 3,
    commentaire: C.commentaireActions,
    graphiques: [
      {
        nom: 'pdp-preconisations',
        rapport: 'annexe',
        spec: (ctx) =>
          G.repartition(ctx, 'pdp.part_preconisations', {
            titre: 'Préconisations PDP par type',
            titreCategorie: 'Type de préconisation',
            nom: 'pdp-preconisations',
            trier: true,
          }),
      },
      {
        nom: 'pdp-actions',
        rapport: 'annexe',
        spec: (ctx) =>
          G.repartition(ctx, 'pdp.part_actions', {
            titre: 'Actions de remobilisation précoce par catégorie',
            titreCategorie: 'Catégorie',
            nom: 'pdp-actions',
          }),
      },
    ],
  },
  {
    titre: 'Issues et durée des parcours',
    niveau: 3,
    commentaire: C.commentaireIssues,
    graphiques: [
      {
        nom: 'pdp-issues',
        rapport: 'principal',
        spec: (ctx) =>
          G.repartition(ctx, 'pdp.part_issue', {
            titre: 'Issue des parcours PDP finalisés (3 entretiens ou plus)',
            titreCategorie: 'Issue',
            nom: 'pdp-issues',
          }),
      },
      { nom: 'pdp-durees', rapport: 'annexe', spec: (ctx) => G.dureesPdp(ctx) },
    ],
  },
  {
    titre: 'Sécurisation des parcours en santé',
    niveau: 2,
    commentaire: C.commentaireSps,
    graphiques: [
      {
        nom: 'sps-age',
        rapport: 'annexe',
        spec: (ctx) =>
          G.repartition(ctx, 'sps.part_age', {
            titre: 'Âge des assurés accompagnés en SPS',
            titreCategorie: "Tranche d'âge",
            nom: 'sps-age',
          }),
      },
      {
        nom: 'sps-risque',
        rapport: 'annexe',
        spec: (ctx) =>
          G.repartition(ctx, 'sps.part_risque', {
            titre: 'Risque des assurés accompagnés en SPS',
            titreCategorie: 'Risque',
            nom: 'sps-risque',
          }),
      },
    ],
  },
  {
    titre: 'Instances et actions collectives',
    niveau: 2,
    commentaire: C.commentaireInstances,
    graphiques: [
      {
        nom: 'instances-situations',
        rapport: 'annexe',
        spec: (ctx) =>
          G.repartition(ctx, 'instances.situations_ic_pdp', {
            titre: 'Situations examinées en IC PDP, selon qui les présente',
            titreCategorie: 'Présentée par',
            nom: 'ic-situations',
          }),
      },
      {
        nom: 'collectif-actions',
        rapport: 'annexe',
        spec: (ctx) =>
          G.repartition(ctx, 'collectif.actions', {
            titre: 'Actions collectives par type',
            titreCategorie: 'Type',
            nom: 'actions-collectives',
          }),
      },
    ],
  },
  {
    titre: 'Satisfaction',
    niveau: 2,
    commentaire: C.commentaireSatisfaction,
    graphiques: [
      { nom: 'satisfaction-items', rapport: 'annexe', spec: (ctx) => G.itemsSatisfaction(ctx) },
      {
        nom: 'satisfaction-evolution',
        rapport: 'annexe',
        spec: (ctx) => G.tendance(ctx, 'satisfaction.taux', { titre: 'Taux de satisfaction', nom: 'satisfaction' }),
      },
    ],
  },
  {
    titre: 'Évolution',
    niveau: 2,
    graphiques: [
      {
        nom: 'evolution-pdp',
        rapport: 'principal',
        spec: (ctx) => G.tendance(ctx, 'pdp.assures_accompagnes', { titre: 'Assurés accompagnés en PDP', nom: 'pdp' }),
      },
      {
        nom: 'evolution-maintien',
        rapport: 'principal',
        spec: (ctx) =>
          G.tendance(ctx, 'pdp.taux_maintien_employabilite', { titre: "Maintien dans l'emploi ou l'employabilité (PDP)", nom: 'maintien' }),
      },
    ],
  },
];

/** The charts of a bilan, in reading order (the exporter writes them all, the PDF places them by section). */
export function graphiquesSections(ctx: ContexteBilan): { nom: string; spec: TopLevelSpec }[] {
  return SECTIONS_BILAN.flatMap((s) => s.graphiques.map((g) => ({ nom: g.nom, spec: g.spec(ctx) })));
}

/** One chart of the declaration by name (the national pages place some of them one by one). */
export function specSection(nom: string, ctx: ContexteBilan): TopLevelSpec {
  const g = SECTIONS_BILAN.flatMap((s) => s.graphiques).find((x) => x.nom === nom);
  if (!g) throw new Error(`graphique inconnu : ${nom}`);
  return g.spec(ctx);
}
