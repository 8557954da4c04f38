// Calibration of the generator on the source documents (../shared/seeds): every figure a seed
// gives, for its year and scope, against the value the project's own indicator code computes on
// a generated extract (src/indicators, so the definitions are the catalogue's). Used by
// `npm run calibration` (scripts/calibration.ts, which rewrites the table of docs/generateur.md)
// and by test/generate/calibration.test.ts (gaps within bounds on small extracts).
import { queryRows, type Warehouse } from '../warehouse/db.ts';
import { figuresFor, parseScope, refreshFacts } from '../indicators/index.ts';
import { formatNombre, formatPart } from '../format/index.ts';

/** What the seed says: a value, a range, a lower bound, or that a category is the largest of its family. */
type SeedTarget =
  | { kind: 'valeur'; valeur: number }
  | { kind: 'intervalle'; min: number; max: number }
  | { kind: 'au_moins'; min: number }
  | { kind: 'le_plus_grand'; famille: string };

/** One seed figure, where it comes from, and how the generated value is computed. */
export interface SeedFigure {
  /** Short French label of the figure. */
  libelle: string;
  /** Seed file (../shared/seeds) and the figure as the document words it. */
  source: string;
  annee: number;
  /** Scope string of the CLI: `national`, `organisme:CODE`, `departement:CODE`. */
  perimetre: string;
  /** Catalogue indicator id (../shared/spec/indicators.md)… */
  indicateur?: string;
  /** …or, for a figure without one, a query on the warehouse giving one value `v` (definition in `libelle`). */
  sql?: string;
  cible: SeedTarget;
  /** Unit used to print the values. */
  unite: 'nombre' | 'part' | 'mois';
  /** Why the gap cannot be within ±10 % (contradictory seeds, another definition); the test then skips the figure. */
  explication?: string;
}

/** Tolerated relative gap between a generated value and a seed value. */
export const TOLERANCE = 0.1;

const LR = 'organisme:CARSAT_LR';
const AUBE = 'departement:10';
const S_AUBE = '000 (Aube 2024)';
const S_LR = '002 (Languedoc-Roussillon 2023)';
const S_NAT23 = '003 (national 2023)';
const S_NAT21 = '004 (national 2021)';

/** Why a small count of a single département and year cannot be held within ±10 %. */
const PETIT_COMPTE =
  "compte de quelques unités, tiré au hasard pour un département et une année : son écart-type est de l'ordre de sa racine carrée " +
  "(±2 pour 5, ±5 pour 25, ±3 pour 12), bien plus que 10 %. Le générateur en vise l'espérance : pour l'Aube, 6 × taille^0,3 ≈ 5,2 IC PDP par an, " +
  '5 situations par IC en moyenne, réparties SPST 44 %, Cap emploi 32 %, service social 16 % (12, 9 et 4 sur 25 font 48, 36 et 16 %)';

/** Aube 2024: PDP people with ≥ 5 PDP entretiens over their whole PDP accompaniments (any date in the extract). */
const AUBE_5_ENTRETIENS_PARCOURS = `
  WITH pdp AS (SELECT accompagnement_id, assure_id FROM accompagnements WHERE axe = 'PDP' AND departement = '10'),
  an AS (SELECT DISTINCT p.assure_id FROM entretiens e JOIN pdp p USING (accompagnement_id) WHERE year(e.date) = 2024),
  tot AS (SELECT p.assure_id, count(*) AS n FROM entretiens e JOIN pdp p USING (accompagnement_id) GROUP BY 1)
  SELECT avg((coalesce(t.n, 0) >= 5)::INTEGER) AS v FROM an LEFT JOIN tot t USING (assure_id)`;

/** Every figure the seeds give (../shared/seeds/README.md), in the order of the table of docs/generateur.md. */
export const SEED_FIGURES: readonly SeedFigure[] = [
  // Aube 2024
  {
    libelle: 'personnes accompagnées en PDP',
    source: `${S_AUBE} : 1 045 assurés`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'pdp.assures_accompagnes',
    cible: { kind: 'valeur', valeur: 1045 },
    unite: 'nombre',
  },
  {
    libelle: 'entretiens PDP',
    source: `${S_AUBE} : 3 548 entretiens`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'pdp.entretiens',
    cible: { kind: 'valeur', valeur: 3548 },
    unite: 'nombre',
  },
  {
    libelle: "part des personnes PDP à 5 entretiens ou plus dans l'année",
    source: `${S_AUBE} : « la majorité … au moins 5 entretiens »`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'pdp.part_assures_5_entretiens',
    cible: { kind: 'au_moins', min: 0.5 },
    unite: 'part',
    explication:
      "contredit les deux chiffres précédents si on compte dans l'année : 3 548 entretiens pour 1 045 personnes font 3,4 en moyenne ; " +
      "une majorité à 5 ou plus exigerait que l'autre moitié en ait 1,7 au plus. Le document parle du parcours : voir la ligne suivante",
  },
  {
    libelle: 'part des personnes PDP à 5 entretiens ou plus sur tout leur parcours PDP (hors catalogue)',
    source: `${S_AUBE} : « la majorité … au moins 5 entretiens »`,
    annee: 2024,
    perimetre: AUBE,
    sql: AUBE_5_ENTRETIENS_PARCOURS,
    cible: { kind: 'au_moins', min: 0.5 },
    unite: 'part',
  },
  {
    libelle: "tranche d'âge la plus fréquente en PDP : 46–59 ans",
    source: `${S_AUBE} : « principalement des assurés âgés de 46 à 59 ans »`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'pdp.part_age.46_59',
    cible: { kind: 'le_plus_grand', famille: 'pdp.part_age.' },
    unite: 'part',
  },
  {
    libelle: 'IC PDP tenues',
    source: `${S_AUBE} : 5 IC PDP`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'instances.ic_pdp',
    cible: { kind: 'valeur', valeur: 5 },
    unite: 'nombre',
    explication: PETIT_COMPTE,
  },
  {
    libelle: 'situations examinées en IC PDP',
    source: `${S_AUBE} : 25 situations`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'instances.situations_ic_pdp',
    cible: { kind: 'valeur', valeur: 25 },
    unite: 'nombre',
    explication: PETIT_COMPTE,
  },
  {
    libelle: '… présentées par un SPST',
    source: `${S_AUBE} : 12`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'instances.situations_ic_pdp.SPST',
    cible: { kind: 'valeur', valeur: 12 },
    unite: 'nombre',
    explication: PETIT_COMPTE,
  },
  {
    libelle: '… par Cap emploi',
    source: `${S_AUBE} : 9`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'instances.situations_ic_pdp.CAP_EMPLOI',
    cible: { kind: 'valeur', valeur: 9 },
    unite: 'nombre',
    explication: PETIT_COMPTE,
  },
  {
    libelle: '… par le service social',
    source: `${S_AUBE} : 4`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'instances.situations_ic_pdp.SERVICE_SOCIAL',
    cible: { kind: 'valeur', valeur: 4 },
    unite: 'nombre',
    explication: PETIT_COMPTE,
  },
  {
    libelle: 'essais encadrés accordés',
    source: `${S_AUBE} : 8`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'instances.essais_encadres_accordes',
    cible: { kind: 'valeur', valeur: 8 },
    unite: 'nombre',
  },
  {
    libelle: 'ICAM PDP',
    source: `${S_AUBE} : « deux fois par an »`,
    annee: 2024,
    perimetre: AUBE,
    indicateur: 'instances.icam_pdp',
    cible: { kind: 'valeur', valeur: 2 },
    unite: 'nombre',
  },
  // Languedoc-Roussillon 2023
  {
    libelle: 'personnes accompagnées',
    source: `${S_LR} : 11 851 assurés`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'assures_accompagnes',
    cible: { kind: 'valeur', valeur: 11851 },
    unite: 'nombre',
  },
  {
    libelle: 'entretiens',
    source: `${S_LR} : 32 544 entretiens`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'entretiens',
    cible: { kind: 'valeur', valeur: 32544 },
    unite: 'nombre',
  },
  {
    libelle: 'part de femmes',
    source: `${S_LR} : « en majorité des femmes »`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'part_femmes',
    cible: { kind: 'au_moins', min: 0.5 },
    unite: 'part',
  },
  {
    libelle: 'part en emploi',
    source: `${S_LR} : « et des actifs ayant un emploi »`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'part_emploi',
    cible: { kind: 'au_moins', min: 0.5 },
    unite: 'part',
  },
  {
    libelle: 'part des 46–59 ans',
    source: `${S_LR} : 49 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'part_age.46_59',
    cible: { kind: 'valeur', valeur: 0.49 },
    unite: 'part',
  },
  {
    libelle: 'part des 26–45 ans',
    source: `${S_LR} : 28 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'part_age.26_45',
    cible: { kind: 'valeur', valeur: 0.28 },
    unite: 'part',
  },
  {
    libelle: 'part risque maladie',
    source: `${S_LR} : 64 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'part_risque.MALADIE',
    cible: { kind: 'valeur', valeur: 0.64 },
    unite: 'part',
  },
  {
    libelle: 'part invalidité',
    source: `${S_LR} : 11 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'part_risque.INVALIDITE',
    cible: { kind: 'valeur', valeur: 0.11 },
    unite: 'part',
  },
  {
    libelle: 'part AT/MP',
    source: `${S_LR} : 13 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'part_risque.AT_MP',
    cible: { kind: 'valeur', valeur: 0.13 },
    unite: 'part',
  },
  {
    libelle: 'satisfaits',
    source: `${S_LR} : 91,6 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'satisfaction.taux',
    cible: { kind: 'valeur', valeur: 0.916 },
    unite: 'part',
  },
  {
    libelle: 'personnes accompagnées en PDP',
    source: `${S_LR} : 5 010 bénéficiaires`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.assures_accompagnes',
    cible: { kind: 'valeur', valeur: 5010 },
    unite: 'nombre',
  },
  {
    libelle: 'entretiens PDP',
    source: `${S_LR} : 15 650 entretiens`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.entretiens',
    cible: { kind: 'valeur', valeur: 15650 },
    unite: 'nombre',
  },
  {
    libelle: 'durée moyenne des parcours PDP finalisés',
    source: `${S_LR} : « entre 6 et 13 mois »`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.duree_mois.moyenne',
    cible: { kind: 'intervalle', min: 6, max: 13 },
    unite: 'mois',
  },
  {
    libelle: 'PDP : part de femmes',
    source: `${S_LR} : 58 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.part_femmes',
    cible: { kind: 'valeur', valeur: 0.58 },
    unite: 'part',
  },
  {
    libelle: 'PDP : part des 60 ans et plus',
    source: `${S_LR} : 16 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.part_age.60_plus',
    cible: { kind: 'valeur', valeur: 0.16 },
    unite: 'part',
  },
  {
    libelle: 'PDP : part risque maladie',
    source: `${S_LR} : 74 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.part_risque.MALADIE',
    cible: { kind: 'valeur', valeur: 0.74 },
    unite: 'part',
  },
  {
    libelle: 'PDP : part AT/MP',
    source: `${S_LR} : 19 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.part_risque.AT_MP',
    cible: { kind: 'valeur', valeur: 0.19 },
    unite: 'part',
  },
  {
    libelle: 'nouveaux signalements PDP',
    source: `${S_LR} : 2 566`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.signalements',
    cible: { kind: 'valeur', valeur: 2566 },
    unite: 'nombre',
  },
  {
    libelle: 'service médical : première origine des signalements PDP',
    source: `${S_LR} : « reste prépondérante »`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.part_signalements.SERVICE_MEDICAL',
    cible: { kind: 'le_plus_grand', famille: 'pdp.part_signalements.' },
    unite: 'part',
  },
  {
    libelle: 'SPST parmi les signalements externes',
    source: `${S_LR} : 69 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.part_spst_parmi_externes',
    cible: { kind: 'valeur', valeur: 0.69 },
    unite: 'part',
  },
  {
    libelle: 'parcours PDP finalisés',
    source: `${S_LR} : 2 482`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.parcours_finalises',
    cible: { kind: 'valeur', valeur: 2482 },
    unite: 'nombre',
  },
  {
    libelle: "maintenus dans l'employabilité",
    source: `${S_LR} : 46 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.taux_maintien_employabilite',
    cible: { kind: 'valeur', valeur: 0.46 },
    unite: 'part',
  },
  {
    libelle: 'dont dans leur poste ou un autre emploi',
    source: `${S_LR} : 44 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.taux_maintien_emploi',
    cible: { kind: 'valeur', valeur: 0.44 },
    unite: 'part',
  },
  {
    libelle: "actions de bilan, d'évaluation et de conseil",
    source: `${S_LR} : 72 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.part_actions.BILAN_EVALUATION_CONSEIL',
    cible: { kind: 'valeur', valeur: 0.72 },
    unite: 'part',
  },
  {
    libelle: 'mises en situation professionnelle',
    source: `${S_LR} : 18 %`,
    annee: 2023,
    perimetre: LR,
    indicateur: 'pdp.part_actions.MISE_EN_SITUATION',
    cible: { kind: 'valeur', valeur: 0.18 },
    unite: 'part',
  },
  // national 2023
  {
    libelle: 'personnes accompagnées en PDP',
    source: `${S_NAT23} : « a accompagné 174 000 assurés »`,
    annee: 2023,
    perimetre: 'national',
    indicateur: 'pdp.assures_accompagnes',
    cible: { kind: 'valeur', valeur: 174_000 },
    unite: 'nombre',
  },
  {
    libelle: "ETP d'assistants de service social (somme de `effectifs.etp_assistants`)",
    source: `${S_NAT23} : 1 600 assistants`,
    annee: 2023,
    perimetre: 'national',
    sql: 'SELECT sum(etp_assistants) AS v FROM effectifs WHERE annee = 2023',
    cible: { kind: 'valeur', valeur: 1600 },
    unite: 'nombre',
  },
  // national 2021
  {
    libelle: 'personnes accompagnées',
    source: `${S_NAT21} : 355 000 assurés`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'assures_accompagnes',
    cible: { kind: 'valeur', valeur: 355_000 },
    unite: 'nombre',
  },
  {
    libelle: 'part PDP ou SPS',
    source: `${S_NAT21} : 81 %`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'part_pdp_ou_sps',
    cible: { kind: 'valeur', valeur: 0.81 },
    unite: 'part',
  },
  {
    libelle: 'entretiens par personne',
    source: `${S_NAT21} : 3,5 en moyenne`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'entretiens_par_assure',
    cible: { kind: 'valeur', valeur: 3.5 },
    unite: 'nombre',
  },
  {
    libelle: 'durée moyenne des accompagnements finalisés, tous axes (hors catalogue)',
    source: `${S_NAT21} : « sur 4 à 5 mois d'accompagnement »`,
    annee: 2021,
    perimetre: 'national',
    sql: 'SELECT avg(date_fin - date_debut) / 30.4375 AS v FROM accompagnements WHERE year(date_fin) = 2021',
    cible: { kind: 'intervalle', min: 4, max: 5 },
    unite: 'mois',
    explication:
      'contredit le bilan Languedoc-Roussillon (parcours PDP de 6 à 13 mois en moyenne) : avec un tiers de parcours PDP parmi les finalisés, ' +
      "une moyenne tous axes de 4 à 5 mois exigerait des accompagnements SPS et autres de moins d'un mois. Le bilan national compte sans doute la durée " +
      "passée dans l'année, ou une médiane ; le générateur suit la durée PDP régionale",
  },
  {
    libelle: 'part en emploi',
    source: `${S_NAT21} : 58 %`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'part_emploi',
    cible: { kind: 'valeur', valeur: 0.58 },
    unite: 'part',
  },
  {
    libelle: "lieux d'accueil (somme de `effectifs.lieux_accueil`)",
    source: `${S_NAT21} : « plus de 2 400 lieux d'accueil »`,
    annee: 2021,
    perimetre: 'national',
    sql: 'SELECT sum(lieux_accueil) AS v FROM effectifs WHERE annee = 2021',
    cible: { kind: 'valeur', valeur: 2400 },
    unite: 'nombre',
  },
  {
    libelle: 'personnes accompagnées en PDP',
    source: `${S_NAT21} : 160 000 assurés`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'pdp.assures_accompagnes',
    cible: { kind: 'valeur', valeur: 160_000 },
    unite: 'nombre',
  },
  {
    libelle: 'évolution des personnes PDP sur un an',
    source: `${S_NAT21} : + 7 %`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'evolution.pdp.assures_accompagnes',
    cible: { kind: 'valeur', valeur: 0.07 },
    unite: 'part',
  },
  {
    libelle: 'préconisations PDP',
    source: `${S_NAT21} : 83 000`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'pdp.preconisations',
    cible: { kind: 'valeur', valeur: 83_000 },
    unite: 'nombre',
  },
  {
    libelle: 'visite de pré-reprise',
    source: `${S_NAT21} : 33 %`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'pdp.part_preconisations.VISITE_PREREPRISE',
    cible: { kind: 'valeur', valeur: 0.33 },
    unite: 'part',
  },
  {
    libelle: 'RQTH et orientation',
    source: `${S_NAT21} : 26 %`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'pdp.part_preconisations.RQTH',
    cible: { kind: 'valeur', valeur: 0.26 },
    unite: 'part',
  },
  {
    libelle: 'bilan de compétences',
    source: `${S_NAT21} : 6 %`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'pdp.part_preconisations.BILAN_COMPETENCES',
    cible: { kind: 'valeur', valeur: 0.06 },
    unite: 'part',
  },
  {
    libelle: "mise en relation avec les partenaires d'insertion",
    source: `${S_NAT21} : 6 %`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'pdp.part_preconisations.MISE_EN_RELATION_INSERTION',
    cible: { kind: 'valeur', valeur: 0.06 },
    unite: 'part',
  },
  {
    libelle: 'parcours PDP finalisés avec au moins 3 entretiens',
    source: `${S_NAT21} : « plus de 48 000 assurés … au moins 3 entretiens »`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'pdp.parcours_finalises_3_entretiens',
    cible: { kind: 'valeur', valeur: 48_000 },
    unite: 'nombre',
    explication:
      "« plus de 48 000 » est une borne basse, que le chiffre généré respecte ; à 10 % près de 48 000 il dépasse d'un demi-point. " +
      'Le nombre de parcours finalisés est tenu par trois chiffres du Languedoc-Roussillon (5 010 personnes PDP, 2 482 parcours finalisés, ' +
      "une durée moyenne d'au plus 13 mois, qui donnent environ un parcours finalisé pour deux personnes) ; la part à 3 entretiens ou plus " +
      "suit le nombre d'entretiens PDP (15 650 en Languedoc-Roussillon, 3 548 dans l'Aube) : baisser l'un de ces chiffres pour gagner " +
      'ce demi-point en écarterait un autre',
  },
  {
    libelle: 'maintenus en emploi ou sur le marché du travail',
    source: `${S_NAT21} : 46 %`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'pdp.taux_maintien_employabilite',
    cible: { kind: 'valeur', valeur: 0.46 },
    unite: 'part',
  },
  {
    libelle: 'personnes accompagnées en SPS',
    source: `${S_NAT21} : 130 000 assurés`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'sps.assures_accompagnes',
    cible: { kind: 'valeur', valeur: 130_000 },
    unite: 'nombre',
  },
  {
    libelle: 'entretiens SPS',
    source: `${S_NAT21} : « plus de 340 000 entretiens »`,
    annee: 2021,
    perimetre: 'national',
    indicateur: 'sps.entretiens',
    cible: { kind: 'valeur', valeur: 340_000 },
    unite: 'nombre',
  },
];

/** A seed figure with its generated value and the verdict. */
export interface CalibrationRow {
  figure: SeedFigure;
  /** Generated value (null: empty base or missing). */
  valeur: number | null;
  /** Relative gap (valeur − seed) / seed for a `valeur` target; null otherwise. */
  ecart: number | null;
  /** Within ±TOLERANCE, inside the range, above the bound, or the largest of its family. */
  ok: boolean;
}

/**
 * Computes the generated value of each figure whose scope the warehouse covers, with the
 * catalogue's code (refreshFacts + figuresFor) or the figure's query. `w` holds one loaded
 * extract; `figures` defaults to SEED_FIGURES.
 */
export async function measureCalibration(w: Warehouse, figures: readonly SeedFigure[] = SEED_FIGURES): Promise<CalibrationRow[]> {
  await refreshFacts(w);
  const cache = new Map<string, Record<string, number | null>>();
  const out: CalibrationRow[] = [];
  for (const f of figures) {
    let valeur: number | null;
    let all: Record<string, number | null> = {};
    if (f.indicateur) {
      const key = `${f.annee}/${f.perimetre}`;
      if (!cache.has(key)) cache.set(key, await figuresFor(w, f.annee, parseScope(f.perimetre)));
      all = cache.get(key)!;
      valeur = all[f.indicateur] ?? null;
    } else {
      const [row] = await queryRows<{ v: number | null }>(w.con, f.sql!);
      valeur = row?.v === null || row?.v === undefined ? null : Number(row.v);
    }
    out.push({ figure: f, valeur, ...verdict(f.cible, valeur, all) });
  }
  return out;
}

/** Gap and verdict of a value against a target. */
function verdict(c: SeedTarget, v: number | null, all: Record<string, number | null>): { ecart: number | null; ok: boolean } {
  if (v === null) return { ecart: null, ok: false };
  switch (c.kind) {
    case 'valeur': {
      const ecart = (v - c.valeur) / c.valeur;
      return { ecart, ok: Math.abs(ecart) <= TOLERANCE };
    }
    case 'intervalle':
      return { ecart: null, ok: v >= c.min && v <= c.max };
    case 'au_moins':
      return { ecart: null, ok: v >= c.min };
    case 'le_plus_grand': {
      const others = Object.entries(all)
        .filter(([k]) => k.startsWith(c.famille))
        .map(([, x]) => x ?? 0);
      return { ecart: null, ok: others.every((x) => x <= v) };
    }
  }
}

/** A value printed in its unit. */
function show(v: number | null, unite: SeedFigure['unite']): string {
  if (v === null) return '–';
  if (unite === 'part') return formatPart(v, 1);
  if (unite === 'mois') return `${formatNombre(v, 1)} mois`;
  return formatNombre(v, Number.isInteger(v) || Math.abs(v) >= 100 ? 0 : 2);
}

/** The seed side of a figure, printed. */
function showTarget(f: SeedFigure): string {
  const c = f.cible;
  switch (c.kind) {
    case 'valeur':
      return show(c.valeur, f.unite);
    case 'intervalle':
      return `${show(c.min, f.unite)} à ${show(c.max, f.unite)}`;
    case 'au_moins':
      return `> ${show(c.min, f.unite)}`;
    case 'le_plus_grand':
      return 'le plus grand';
  }
}

/** The Markdown table of docs/generateur.md (French): figure, scope and year, seed, generated, gap, verdict. */
export function calibrationTable(rows: readonly CalibrationRow[]): string {
  const lines = [
    '| chiffre | périmètre, année | source (seeds) | chiffre source | généré | écart | |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const notes: string[] = [];
  for (const r of rows) {
    const f = r.figure;
    const scope =
      f.perimetre === 'national' ? 'national' : f.perimetre === LR ? 'Languedoc-Roussillon' : f.perimetre === AUBE ? 'Aube' : f.perimetre;
    const ecart = r.ecart === null ? '' : `${r.ecart > 0 ? '+' : ''}${formatNombre(r.ecart * 100, 1)} %`;
    let mark = r.ok ? 'ok' : 'hors borne';
    if (f.explication) {
      if (!notes.includes(f.explication)) notes.push(f.explication);
      mark = `${r.ok ? 'ok' : 'expliqué'} (${notes.indexOf(f.explication) + 1})`;
    }
    const what = f.indicateur ? `${f.libelle} (\`${f.indicateur}\`)` : f.libelle;
    lines.push(`| ${what} | ${scope}, ${f.annee} | ${f.source} | ${showTarget(f)} | ${show(r.valeur, f.unite)} | ${ecart} | ${mark} |`);
  }
  return [...lines, '', ...notes.map((n, i) => `(${i + 1}) ${n[0]!.toUpperCase()}${n.slice(1)}.`)].join('\n');
}
