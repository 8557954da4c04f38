// Parameters of the synthetic extract generator: volumes, trend, distributions, pilots.
// They are generator parameters calibrated on the source documents (../shared/seeds), not
// reference data: codes come from data/reference/codes.csv and every key below is checked
// against it when this module loads (a typo fails fast). docs/generateur.md explains them.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { CODES, DEPARTEMENTS, codeValues, parseSmallCsv, type CodeList } from '../contract/reference.ts';
import { PILOTES_REFERENCE } from '../evaluation/pilotes.ts';

/** Weights of the codes of one distribution (relative; '' = missing value where allowed). */
type Poids = Readonly<Record<string, number>>;

/** A categorical distribution: its code list and, per variant, the weights of the codes. */
export interface Distribution {
  /** The code list the values belong to, or 'entier' for small integer counts/notes. */
  liste: CodeList | 'entier';
  /** The code list of the variant keys (or null: free variant names). */
  variantes_de: CodeList | null;
  /** May the value be missing ('' key)? */
  vide_permis?: boolean;
  variantes: Readonly<Record<string, Poids>>;
}

/** The true effects of a pilot in the generated data, which the evaluation must recover. */
export interface EffetsPilote {
  /** Multiplier of the number of accompaniment starts and signalements of the pilot's axe (1 = none). */
  multiplicateur_signalements: number;
  /** When set, the extra signalements all come from this origine (else they follow the usual mix). */
  origine_supplementaire: string | null;
  /** Days added to the delay between date_debut and the first entretien (negative = earlier). */
  delai_premier_entretien_jours: number;
  /** Points added to the share of finalised parcours kept in work (issue group MAINTIEN_EMPLOI). */
  points_maintien_emploi: number;
}

/** A pilot (expérimentation): its reference definition (data/reference/pilotes.csv) and its true effects. */
export interface Pilote extends EffetsPilote {
  id: string;
  libelle: string;
  /** First day of the pilot; accompaniments detected (signalement received) from then on are treated. */
  debut: string;
  /** Last day (null: still running). */
  fin: string | null;
  departements: readonly string[];
  /** Axe whose accompaniments and signalements are affected. */
  axe: string;
}

/** No effect: a pilot of the reference file without generator effects (e.g. a future one). */
export const SANS_EFFET: EffetsPilote = {
  multiplicateur_signalements: 1,
  origine_supplementaire: null,
  delai_premier_entretien_jours: 0,
  points_maintien_emploi: 0,
};

/** True effects by pilot id (the pilots themselves are reference data: data/reference/pilotes.csv). */
const EFFETS_PILOTES: Readonly<Record<string, EffetsPilote>> = {
  /** Plateformes PDP (national bilan 2021): earlier detection, more signalements, better outcomes. */
  plateformes_pdp: {
    multiplicateur_signalements: 1.2,
    origine_supplementaire: null,
    delai_premier_entretien_jours: -10,
    points_maintien_emploi: 0.04,
  },
  /** Flyers to GPs (Aube, after Haute-Marne): more referrals, all the extra ones by médecins traitants. */
  flyers_medecins_traitants: {
    multiplicateur_signalements: 1.066,
    origine_supplementaire: 'MEDECIN_TRAITANT',
    delai_premier_entretien_jours: 0,
    points_maintien_emploi: 0,
  },
};

/**
 * Every pilot of data/reference/pilotes.csv (read and validated once, by src/evaluation/pilotes.ts)
 * with its effects (SANS_EFFET when it has none here).
 */
export const PILOTES: readonly Pilote[] = PILOTES_REFERENCE.map((r) => ({
  id: r.id,
  libelle: r.libelle,
  debut: r.debut,
  fin: r.fin,
  departements: r.departements,
  axe: r.axe,
  ...(EFFETS_PILOTES[r.id] ?? SANS_EFFET),
}));

/** A pilot by id. */
function piloteGenere(id: string): Pilote {
  const p = PILOTES.find((x) => x.id === id);
  if (!p) throw new Error(`pilote inconnu : ${id}`);
  return p;
}

/** Pilot "plateformes PDP": 06, 13, 39, 56, 59, 63 and Île-de-France from 2021. */
export const PILOTE_PLATEFORMES: Pilote = piloteGenere('plateformes_pdp');
/** Pilot "flyers aux médecins traitants": 10 and 52 from 2025. */
export const PILOTE_FLYERS: Pilote = piloteGenere('flyers_medecins_traitants');

/** Per-axe volumes and shapes of the accompaniments. */
export interface ParametresAxe {
  /** National accompaniment starts a year at the reference year (calibrated to people accompanied). */
  debuts_par_an: number;
  /** Yearly growth of starts (trend). */
  croissance_annuelle: number;
  /** Duration in days: duree_min + (u1 + u2) / 2 × duree_etendue (triangular). */
  duree_min: number;
  duree_etendue: number;
  /** Delay (days) from date_debut to the first entretien: delai_min + exponential of mean delai_moyen_exp. */
  delai_min: number;
  delai_moyen_exp: number;
  /** Entretiens per accompaniment: 1 + floor(months × entretiens_par_mois × exponential(1)), at most 60… */
  entretiens_par_mois: number;
  /** …and at least this many (2: a first and a closing entretien, so that an accompaniment over two calendar years counts in both). */
  entretiens_min: number;
  /** Share of accompaniments that come from a signalement (suite ACCOMPAGNEMENT). */
  part_avec_signalement: number;
  /** Signalements without accompaniment (refused, unreachable, out of scope, pending) per accompaniment start. */
  signalements_sans_suite_par_debut: number;
  /** Share of people who get a second accompaniment after the first one. */
  part_second_accompagnement: number;
}

/** Per-axe parameters (keys: the axe code list). */
export const AXES: Readonly<Record<string, ParametresAxe>> = {
  PDP: {
    debuts_par_an: 73_700,
    croissance_annuelle: 0.03,
    duree_min: 150,
    duree_etendue: 440,
    delai_min: 12,
    delai_moyen_exp: 14,
    entretiens_par_mois: 0.48,
    entretiens_min: 2,
    part_avec_signalement: 0.76,
    signalements_sans_suite_par_debut: 0.19,
    part_second_accompagnement: 0.1,
  },
  SPS: {
    debuts_par_an: 98_000,
    croissance_annuelle: 0.02,
    duree_min: 30,
    duree_etendue: 240,
    delai_min: 5,
    delai_moyen_exp: 10,
    entretiens_par_mois: 0.5,
    entretiens_min: 1,
    part_avec_signalement: 0.5,
    signalements_sans_suite_par_debut: 0.12,
    part_second_accompagnement: 0.06,
  },
  AUTRE: {
    debuts_par_an: 53_000,
    croissance_annuelle: 0.0,
    duree_min: 20,
    duree_etendue: 180,
    delai_min: 3,
    delai_moyen_exp: 7,
    entretiens_par_mois: 1.2,
    entretiens_min: 1,
    part_avec_signalement: 0.3,
    signalements_sans_suite_par_debut: 0.08,
    part_second_accompagnement: 0.05,
  },
};

/** Trend: starts scale by (1 + croissance_annuelle)^(year − annee_reference), and by the crisis factor that year. */
export const TENDANCE = {
  annee_reference: 2021,
  crise_sanitaire: { annee: 2020, facteur: 0.97 },
} as const;

/** Monthly seasonality of starts (January … December), normalised to a mean of 1 below. */
const SAISON_BRUTE = [1.05, 1.0, 1.1, 1.0, 0.95, 1.05, 0.9, 0.6, 1.1, 1.1, 1.05, 0.85];
/** Seasonality factor of each month (mean 1). */
export const SAISONNALITE: readonly number[] = SAISON_BRUTE.map((x) => (x * 12) / SAISON_BRUTE.reduce((a, b) => a + b, 0));

/** Département-level noise (standard deviations of log factors): level per département, per axe, per year. */
export const BRUIT = { niveau_departement: 0.1, niveau_departement_axe: 0.08, annee: 0.05 } as const;

/**
 * Département-level heterogeneity, constant over time (so that a placebo stays null): standard
 * deviations of log factors, and the range of the extra kept-in-work points of a département.
 */
export const HETEROGENEITE = {
  /** Extra points of "kept in work" outcomes: uniform in [0, max] per département (mean max / 2, in the calibration). */
  maintien_points_max: 0.08,
  /** Entretiens per month of accompaniment. */
  entretiens: 0.12,
  /** Durations. */
  duree: 0.06,
  /** Exponent a of the origine draw u^a: > 1 favours the first origines (internal), < 1 the last ones (partners, the person). */
  origine: 0.15,
  /** Share of accompaniments coming from a signalement. */
  signalement: 0.08,
} as const;

/**
 * Years simulated before the range so that its first year holds the accompaniments started
 * earlier (PDP parcours last up to 20 months, and a second accompaniment may follow): with one
 * year only, the first year of an extract came out about 7 % short.
 */
export const ANNEES_CHAUFFE = 2;

/** The last entretien of an accompaniment (closing) falls within this many days before its planned end. */
export const ENTRETIEN_FINAL_JOURS = 15;

/** Gap in days between the end of a first accompaniment and the start of a second one: min + u × etendue. */
export const ECART_SECOND = { min: 10, etendue: 170 } as const;
/**
 * People as real extracts have them (docs/generateur.md, « Personnes »): some move and are
 * accompanied again in another département, some are followed by the PDP and the SPS services
 * at the same time. Shares of first accompaniments (draws independent of the other ones).
 */
export const PARCOURS = {
  /**
   * Share of first accompaniments followed by a move: the person is accompanied again, on the same
   * axe, in another département (instead of the usual second accompaniment in the same one).
   */
  part_demenagement: 0.035,
  /** Of the moves, the share to a département of another organisme (else another département of the same organisme, by population). */
  part_autre_organisme: 0.3,
  /** Days between the end of the accompaniment before the move and the start of the one after it: min + u × etendue. */
  ecart_demenagement: { min: 0, etendue: 60 },
  /**
   * A share `part` of the first accompaniments of axe `pendant` get a concurrent accompaniment of
   * axe `axe` for the same person in the same département (two services), starting within the
   * first `debut_max` of the first one's duration.
   */
  simultane: { pendant: 'PDP', axe: 'SPS', part: 0.04, debut_max: 0.6 },
} as const;

/** Days between a signalement and the start of the accompaniment it led to: 0 … max. */
export const DELAI_SIGNALEMENT_MAX = 30;

/** Named codes with a role in the generator (checked against codes.csv). */
export const CODES_ROLES = {
  /** suite of a signalement that led to an accompaniment (the contract's rule). */
  suite_accompagnement: 'ACCOMPAGNEMENT',
  /** suite of a signalement still being examined at the end of the range. */
  suite_en_cours: 'EN_COURS',
  /** issue group of the outcomes "kept in work". */
  groupe_maintien: 'MAINTIEN_EMPLOI',
  /** issue given to the extra kept-in-work outcomes of a pilot. */
  issue_maintien: 'MAINTIEN_POSTE',
} as const;

/** Pending signalements: within `jours` before the end of the range, a share `part` of undecided ones is EN_COURS. */
export const EN_COURS_FIN = { jours: 45, part: 0.7 } as const;

/** Age brackets per axe: [min, max, weight]; age is uniform within the bracket (LR 2023, national 2021). */
export const AGES: Readonly<Record<string, readonly (readonly [number, number, number])[]>> = {
  PDP: [
    [18, 25, 4],
    [26, 45, 32],
    [46, 59, 48],
    [60, 67, 16],
  ],
  SPS: [
    [18, 25, 5],
    [26, 45, 27],
    [46, 59, 52],
    [60, 75, 16],
  ],
  AUTRE: [
    [18, 25, 8],
    [26, 45, 20],
    [46, 59, 45],
    [60, 92, 27],
  ],
};

/** Categorical distributions (weights per code, per variant). */
export const DISTRIBUTIONS: Readonly<Record<string, Distribution>> = {
  sexe: { liste: 'sexe', variantes_de: 'axe', variantes: { PDP: { F: 58, M: 42 }, SPS: { F: 60, M: 40 }, AUTRE: { F: 62, M: 38 } } },
  situation_emploi: {
    liste: 'situation_emploi',
    variantes_de: 'axe',
    variantes: {
      PDP: { SALARIE: 78, INDEPENDANT: 7, DEMANDEUR_EMPLOI: 10, AUTRE: 5 },
      SPS: { SALARIE: 35, INDEPENDANT: 5, DEMANDEUR_EMPLOI: 25, AUTRE: 35 },
      AUTRE: { SALARIE: 23, INDEPENDANT: 4, DEMANDEUR_EMPLOI: 18, AUTRE: 55 },
    },
  },
  risque: {
    liste: 'risque',
    variantes_de: 'axe',
    variantes: {
      PDP: { MALADIE: 74, AT_MP: 19, INVALIDITE: 3, AUTRE: 4 },
      SPS: { MALADIE: 60, AT_MP: 8, INVALIDITE: 17, AUTRE: 15 },
      AUTRE: { MALADIE: 47, AT_MP: 8, INVALIDITE: 19, AUTRE: 26 },
    },
  },
  origine: {
    liste: 'origine',
    variantes_de: 'axe',
    variantes: {
      PDP: {
        SERVICE_MEDICAL: 36,
        CPAM: 14,
        SPST: 29,
        CAP_EMPLOI: 3,
        MEDECIN_TRAITANT: 3,
        MDPH: 1.5,
        FRANCE_TRAVAIL: 1.5,
        ETABLISSEMENT_SANTE: 2,
        AUTRE_PARTENAIRE: 2,
        ASSURE: 8,
      },
      SPS: {
        SERVICE_MEDICAL: 15,
        CPAM: 30,
        SPST: 1,
        CAP_EMPLOI: 1,
        MEDECIN_TRAITANT: 3,
        MDPH: 5,
        FRANCE_TRAVAIL: 3,
        ETABLISSEMENT_SANTE: 15,
        AUTRE_PARTENAIRE: 7,
        ASSURE: 20,
      },
      AUTRE: {
        SERVICE_MEDICAL: 3,
        CPAM: 20,
        SPST: 0,
        CAP_EMPLOI: 0,
        MEDECIN_TRAITANT: 2,
        MDPH: 5,
        FRANCE_TRAVAIL: 0,
        ETABLISSEMENT_SANTE: 25,
        AUTRE_PARTENAIRE: 10,
        ASSURE: 35,
      },
    },
  },
  /** Axe of a second accompaniment, by axe of the first. */
  axe_second: {
    liste: 'axe',
    variantes_de: 'axe',
    variantes: {
      PDP: { PDP: 35, SPS: 50, AUTRE: 15 },
      SPS: { PDP: 30, SPS: 40, AUTRE: 30 },
      AUTRE: { PDP: 20, SPS: 40, AUTRE: 40 },
    },
  },
  /** Outcome of a closed accompaniment, by axe and number of entretiens (≥ 3 or fewer). */
  issue: {
    liste: 'issue',
    variantes_de: null,
    variantes: {
      // kept in work 40 %, + 4 points on average from the département heterogeneity (HETEROGENEITE)
      PDP_3: {
        MAINTIEN_POSTE: 26,
        MAINTIEN_AUTRE_POSTE: 8,
        NOUVEL_EMPLOI: 6,
        FORMATION_RECONVERSION: 1.2,
        RECHERCHE_EMPLOI: 0.8,
        INVALIDITE: 14,
        RETRAITE: 9,
        INAPTITUDE_LICENCIEMENT: 19,
        ABANDON: 10,
        DECES: 1,
        AUTRE: 5,
      },
      PDP_court: {
        MAINTIEN_POSTE: 20,
        MAINTIEN_AUTRE_POSTE: 3,
        NOUVEL_EMPLOI: 3,
        FORMATION_RECONVERSION: 1,
        RECHERCHE_EMPLOI: 1,
        INVALIDITE: 8,
        RETRAITE: 6,
        INAPTITUDE_LICENCIEMENT: 10,
        ABANDON: 33,
        DECES: 1,
        AUTRE: 14,
      },
      SPS_3: {
        MAINTIEN_POSTE: 10,
        MAINTIEN_AUTRE_POSTE: 2,
        NOUVEL_EMPLOI: 3,
        FORMATION_RECONVERSION: 2,
        RECHERCHE_EMPLOI: 5,
        INVALIDITE: 12,
        RETRAITE: 8,
        INAPTITUDE_LICENCIEMENT: 3,
        ABANDON: 10,
        DECES: 2,
        AUTRE: 43,
      },
      SPS_court: {
        MAINTIEN_POSTE: 6,
        MAINTIEN_AUTRE_POSTE: 1,
        NOUVEL_EMPLOI: 2,
        FORMATION_RECONVERSION: 1,
        RECHERCHE_EMPLOI: 3,
        INVALIDITE: 8,
        RETRAITE: 6,
        INAPTITUDE_LICENCIEMENT: 2,
        ABANDON: 25,
        DECES: 2,
        AUTRE: 44,
      },
      AUTRE_3: {
        MAINTIEN_POSTE: 4,
        MAINTIEN_AUTRE_POSTE: 1,
        NOUVEL_EMPLOI: 1,
        FORMATION_RECONVERSION: 1,
        RECHERCHE_EMPLOI: 2,
        INVALIDITE: 10,
        RETRAITE: 15,
        INAPTITUDE_LICENCIEMENT: 1,
        ABANDON: 10,
        DECES: 5,
        AUTRE: 50,
      },
      AUTRE_court: {
        MAINTIEN_POSTE: 3,
        MAINTIEN_AUTRE_POSTE: 0,
        NOUVEL_EMPLOI: 1,
        FORMATION_RECONVERSION: 0,
        RECHERCHE_EMPLOI: 1,
        INVALIDITE: 6,
        RETRAITE: 10,
        INAPTITUDE_LICENCIEMENT: 1,
        ABANDON: 25,
        DECES: 4,
        AUTRE: 49,
      },
    },
  },
  /** Mode of an entretien, by axe, and during the sanitary crisis year. */
  mode: {
    liste: 'mode',
    variantes_de: null,
    variantes: {
      PDP: { PRESENTIEL: 45, TELEPHONE: 40, VISIO: 5, DOMICILE: 10 },
      SPS: { PRESENTIEL: 40, TELEPHONE: 45, VISIO: 3, DOMICILE: 12 },
      AUTRE: { PRESENTIEL: 30, TELEPHONE: 45, VISIO: 2, DOMICILE: 23 },
      CRISE: { PRESENTIEL: 20, TELEPHONE: 65, VISIO: 10, DOMICILE: 5 },
    },
  },
  /** Decision on a signalement that did not lead to an accompaniment (before the EN_COURS rule). */
  suite_sans_accompagnement: {
    liste: 'suite',
    variantes_de: null,
    variantes: { TOUS: { REFUS: 40, SANS_SUITE: 40, NON_RELEVANT: 20 } },
  },
  nb_preconisations: {
    liste: 'entier',
    variantes_de: 'axe',
    variantes: {
      PDP: { 0: 32, 1: 42, 2: 21, 3: 5 },
      SPS: { 0: 80, 1: 17, 2: 3 },
      AUTRE: { 0: 90, 1: 10 },
    },
  },
  type_preconisation: {
    liste: 'type_preconisation',
    variantes_de: 'axe',
    variantes: {
      PDP: {
        VISITE_PREREPRISE: 33,
        RQTH: 26,
        BILAN_COMPETENCES: 6,
        MISE_EN_RELATION_INSERTION: 6,
        ESSAI_ENCADRE: 7,
        CRPE: 3,
        TEMPS_PARTIEL_THERAPEUTIQUE: 8,
        FORMATION: 5,
        AIDE_FINANCIERE: 3,
        AUTRE: 3,
      },
      SPS: {
        VISITE_PREREPRISE: 3,
        RQTH: 15,
        BILAN_COMPETENCES: 2,
        MISE_EN_RELATION_INSERTION: 10,
        ESSAI_ENCADRE: 0,
        CRPE: 0,
        TEMPS_PARTIEL_THERAPEUTIQUE: 10,
        FORMATION: 5,
        AIDE_FINANCIERE: 25,
        AUTRE: 30,
      },
      AUTRE: { RQTH: 10, MISE_EN_RELATION_INSERTION: 10, AIDE_FINANCIERE: 40, AUTRE: 40 },
    },
  },
  nb_actions: {
    liste: 'entier',
    variantes_de: 'axe',
    variantes: { PDP: { 0: 72, 1: 23, 2: 5 }, SPS: { 0: 97, 1: 3 }, AUTRE: { 0: 100 } },
  },
  type_action: {
    liste: 'type_action',
    variantes_de: null,
    variantes: {
      TOUS: {
        BILAN_COMPETENCES: 30,
        EVALUATION_CAPACITES: 22,
        CONSEIL_ORIENTATION: 20,
        ESSAI_ENCADRE: 18,
        CRPE: 3,
        FORMATION: 4,
        AUTRE: 3,
      },
    },
  },
  decision_action: { liste: 'decision_action', variantes_de: null, variantes: { TOUS: { ACCORDEE: 85, REFUSEE: 8, EN_ATTENTE: 7 } } },
  presentee_par: {
    liste: 'presentee_par',
    variantes_de: 'type_instance',
    variantes: {
      IC_PDP: { SPST: 44, CAP_EMPLOI: 32, SERVICE_SOCIAL: 16, SERVICE_MEDICAL: 4, CPAM: 2, AUTRE: 2 },
      ICAM_PDP: { SPST: 0, CAP_EMPLOI: 0, SERVICE_SOCIAL: 45, SERVICE_MEDICAL: 35, CPAM: 20, AUTRE: 0 },
      CELLULE_PDP: { SPST: 15, CAP_EMPLOI: 10, SERVICE_SOCIAL: 35, SERVICE_MEDICAL: 25, CPAM: 10, AUTRE: 5 },
    },
  },
  objet: {
    liste: 'objet',
    variantes_de: 'type_instance',
    variantes: {
      IC_PDP: { SITUATION_COMPLEXE: 50, ESSAI_ENCADRE: 35, CRPE: 10, AUTRE: 5 },
      ICAM_PDP: { SITUATION_COMPLEXE: 70, ESSAI_ENCADRE: 10, CRPE: 5, AUTRE: 15 },
      CELLULE_PDP: { SITUATION_COMPLEXE: 75, ESSAI_ENCADRE: 10, CRPE: 5, AUTRE: 10 },
    },
  },
  decision_instance: {
    liste: 'decision_instance',
    variantes_de: null,
    variantes: { TOUS: { ACCORDEE: 75, REFUSEE: 8, AJOURNEE: 10, SANS_OBJET: 7 } },
  },
  /** Axe of a collective action, by its type. */
  axe_collectif: {
    liste: 'axe',
    variantes_de: 'type_action_collective',
    variantes: {
      ISIC: { PDP: 60, SPS: 30, AUTRE: 10 },
      REUNION_INFORMATION: { PDP: 50, SPS: 30, AUTRE: 20 },
      ATELIER: { PDP: 30, SPS: 40, AUTRE: 30 },
    },
  },
  axe_satisfaction: { liste: 'axe', variantes_de: null, variantes: { TOUS: { PDP: 45, SPS: 37, AUTRE: 18 } } },
  satisfaction: {
    liste: 'satisfaction',
    variantes_de: null,
    vide_permis: true,
    variantes: { TOUS: { TRES_SATISFAIT: 54, SATISFAIT: 36, PEU_SATISFAIT: 5.5, PAS_SATISFAIT: 2.5, '': 2 } },
  },
  /** Item notes (1–4) of a satisfaction answer, by satisfaction group (SATISFAIT, INSATISFAIT, SANS for no answer). */
  note: {
    liste: 'entier',
    variantes_de: null,
    vide_permis: true,
    variantes: {
      SATISFAIT: { 1: 1, 2: 5, 3: 34, 4: 56, '': 4 },
      INSATISFAIT: { 1: 20, 2: 40, 3: 28, 4: 8, '': 4 },
      SANS: { 1: 5, 2: 15, 3: 35, 4: 25, '': 20 },
    },
  },
};

/** Concertation bodies per département and year: mean count for a département of mean size. */
export interface ParametresInstance {
  par_an: number;
  /** Elasticity of the count to the département size (0: the same everywhere). */
  elasticite_taille: number;
  /** Share of départements that hold this kind of body at all. */
  part_departements: number;
  /** Standard deviation of the log-normal yearly noise of the count (0: always the mean, rounded down, plus one with the probability of its fraction). */
  bruit: number;
  /** Situations examined per meeting: min + floor(u × (etendue + 1)). */
  situations_min: number;
  situations_etendue: number;
}

/** Per type of instance (keys: type_instance codes). Aube 2024: 5 IC PDP, 25 situations; 2 ICAM a year. */
export const INSTANCES: Readonly<Record<string, ParametresInstance>> = {
  IC_PDP: { par_an: 6, elasticite_taille: 0.3, part_departements: 1, bruit: 0.2, situations_min: 2, situations_etendue: 6 },
  // « deux fois par an » (Aube): a fixed calendar
  ICAM_PDP: { par_an: 2, elasticite_taille: 0, part_departements: 1, bruit: 0, situations_min: 1, situations_etendue: 4 },
  CELLULE_PDP: { par_an: 5, elasticite_taille: 0.5, part_departements: 0.5, bruit: 0.2, situations_min: 2, situations_etendue: 4 },
};

/** Collective actions per département and year, by type (keys: type_action_collective codes). */
export interface ParametresActionCollective {
  par_an: number;
  elasticite_taille: number;
  /** Sessions: seances_min + floor(u × (seances_etendue + 1)); a share part_moins_que_min has 1 … seances_min − 1. */
  seances_min: number;
  seances_etendue: number;
  part_moins_que_min: number;
  participants_min: number;
  participants_etendue: number;
}

/** Per type of collective action. ISIC: at least 3 sessions, a handful with fewer (warnings). */
export const ACTIONS_COLLECTIVES: Readonly<Record<string, ParametresActionCollective>> = {
  ISIC: {
    par_an: 6,
    elasticite_taille: 0.7,
    seances_min: 3,
    seances_etendue: 5,
    part_moins_que_min: 0.03,
    participants_min: 5,
    participants_etendue: 10,
  },
  REUNION_INFORMATION: {
    par_an: 14,
    elasticite_taille: 0.8,
    seances_min: 1,
    seances_etendue: 0,
    part_moins_que_min: 0,
    participants_min: 6,
    participants_etendue: 30,
  },
  ATELIER: {
    par_an: 9,
    elasticite_taille: 0.7,
    seances_min: 1,
    seances_etendue: 3,
    part_moins_que_min: 0,
    participants_min: 4,
    participants_etendue: 8,
  },
};

/** National yearly volumes of the other tables (reference year, before département noise). */
export const VOLUMES = {
  /** Satisfaction survey answers a year. */
  reponses_satisfaction: 14_000,
  /** Full-time equivalent social workers (national 2023: 1 600). */
  etp_assistants: 1_600,
  /** Reception points. */
  lieux_accueil: 2_400,
  /** People reaching 90 days of sick leave in the year (several times the PDP people). */
  assures_arret_90j: 600_000,
  /** Yearly growth of the long sick leaves. */
  croissance_arrets: 0.02,
} as const;

/** Default scope of the smaller scales. */
export const DEFAUTS = { departement: '10', organisme: 'CARSAT_LR' } as const;

/** Weight (population in thousands) and activity intensity of one département. */
export interface PoidsDepartement {
  departement: string;
  population_milliers: number;
  intensite: number;
  /** Factor of the entretiens per month of accompaniment (1 by default; below 1 where the regional bilans report fewer entretiens per person). */
  intensite_entretiens: number;
}

/** Population and intensity of the 101 départements (src/generate/departements_poids.csv). */
export const POIDS_DEPARTEMENTS: readonly PoidsDepartement[] = parseSmallCsv(
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'departements_poids.csv'), 'utf8'),
).map((r) => ({
  departement: r.departement!,
  population_milliers: Number(r.population_milliers),
  intensite: Number(r.intensite),
  intensite_entretiens: Number(r.intensite_entretiens),
}));

/** The weights of each code of a distribution variant, every code of the list listed (0 when absent). */
export function poidsComplets(d: Distribution, variante: string): [string, number][] {
  const w = d.variantes[variante];
  if (!w) throw new Error(`variante inconnue : ${variante}`);
  const codes = d.liste === 'entier' ? Object.keys(w).filter((k) => k !== '') : codeValues(d.liste);
  const out: [string, number][] = codes.map((c) => [c, w[c] ?? 0]);
  if (d.vide_permis && w['']) out.push(['', w['']]);
  return out;
}

/** Share of the weight of the codes of `groupe` (codes.csv group) in a variant. */
export function partGroupe(d: Distribution, variante: string, groupe: string): number {
  if (d.liste === 'entier') throw new Error('pas de groupe pour une distribution entière');
  const inGroup = new Set(CODES.filter((c) => c.liste === d.liste && c.groupe === groupe).map((c) => c.code));
  const w = poidsComplets(d, variante);
  const total = w.reduce((s, [, x]) => s + x, 0);
  return w.filter(([c]) => inGroup.has(c)).reduce((s, [, x]) => s + x, 0) / total;
}

/** Checks every parameter against the reference data; throws on the first inconsistency. */
function checkParams(): void {
  const fail = (m: string): never => {
    throw new Error(`paramètres du générateur : ${m}`);
  };
  const isCode = (list: CodeList, c: string) => codeValues(list).includes(c);
  const axes = codeValues('axe');
  for (const a of axes) {
    if (!AXES[a]) fail(`axe sans paramètres : ${a}`);
    if (!AGES[a]) fail(`axe sans tranches d'âge : ${a}`);
  }
  for (const k of [...Object.keys(AXES), ...Object.keys(AGES)]) if (!isCode('axe', k)) fail(`axe inconnu : ${k}`);
  for (const [a, brackets] of Object.entries(AGES)) {
    for (const [lo, hi] of brackets) if (lo < 16 || hi > 99 || lo > hi) fail(`tranche d'âge hors 16–99 (${a})`);
  }
  for (const [name, d] of Object.entries(DISTRIBUTIONS)) {
    for (const [v, w] of Object.entries(d.variantes)) {
      if (d.variantes_de && !isCode(d.variantes_de, v)) fail(`${name} : variante ${v} hors de la liste ${d.variantes_de}`);
      for (const [c, x] of Object.entries(w)) {
        if (!(x >= 0)) fail(`${name}.${v}.${c} : poids négatif`);
        if (c === '') {
          if (!d.vide_permis) fail(`${name} : valeur vide non permise`);
          continue;
        }
        if (d.liste === 'entier' ? !/^\d+$/.test(c) : !isCode(d.liste, c)) fail(`${name}.${v} : code inconnu ${c}`);
      }
      if (Object.values(w).reduce((s, x) => s + x, 0) <= 0) fail(`${name}.${v} : poids tous nuls`);
    }
    if (d.variantes_de) for (const c of codeValues(d.variantes_de)) if (!d.variantes[c]) fail(`${name} : variante manquante ${c}`);
  }
  for (const a of axes)
    for (const s of ['_3', '_court']) if (!DISTRIBUTIONS.issue!.variantes[a + s]) fail(`issue : variante manquante ${a + s}`);
  for (const a of [...axes, 'CRISE']) if (!DISTRIBUTIONS.mode!.variantes[a]) fail(`mode : variante manquante ${a}`);
  for (const g of ['SATISFAIT', 'INSATISFAIT']) {
    if (!CODES.some((c) => c.liste === 'satisfaction' && c.groupe === g)) fail(`groupe de satisfaction inconnu : ${g}`);
  }
  if (!isCode('suite', CODES_ROLES.suite_accompagnement) || !isCode('suite', CODES_ROLES.suite_en_cours)) fail('suite inconnue');
  if (!isCode('issue', CODES_ROLES.issue_maintien)) fail('issue de maintien inconnue');
  if (!CODES.some((c) => c.liste === 'issue' && c.groupe === CODES_ROLES.groupe_maintien && c.code === CODES_ROLES.issue_maintien)) {
    fail(`${CODES_ROLES.issue_maintien} n'est pas dans le groupe ${CODES_ROLES.groupe_maintien}`);
  }
  for (const t of codeValues('type_instance')) if (!INSTANCES[t]) fail(`type d'instance sans paramètres : ${t}`);
  for (const t of codeValues('type_action_collective'))
    if (!ACTIONS_COLLECTIVES[t]) fail(`type d'action collective sans paramètres : ${t}`);
  const known = new Set(DEPARTEMENTS.map((d) => d.departement));
  const weighted = new Set(POIDS_DEPARTEMENTS.map((d) => d.departement));
  for (const d of known) if (!weighted.has(d)) fail(`département sans poids : ${d}`);
  for (const d of weighted) if (!known.has(d)) fail(`département inconnu dans departements_poids.csv : ${d}`);
  // The pilots themselves (axe, dates, départements, one pilot per département) are checked by
  // their reader, src/evaluation/pilotes.ts; here only the generator's effects.
  for (const id of Object.keys(EFFETS_PILOTES))
    if (!PILOTES.some((p) => p.id === id)) fail(`effets d'un pilote absent de pilotes.csv : ${id}`);
  for (const x of [PARCOURS.part_demenagement, PARCOURS.part_autre_organisme, PARCOURS.simultane.part, PARCOURS.simultane.debut_max]) {
    if (!(x >= 0 && x <= 1)) fail('PARCOURS : part hors [0, 1]');
  }
  if (!isCode('axe', PARCOURS.simultane.pendant) || !isCode('axe', PARCOURS.simultane.axe)) fail('PARCOURS.simultane : axe inconnu');
  for (const p of PILOTES) {
    if (p.origine_supplementaire && !isCode('origine', p.origine_supplementaire)) fail(`pilote ${p.id} : origine inconnue`);
    if (p.multiplicateur_signalements < 1) fail(`pilote ${p.id} : multiplicateur < 1`);
  }
}

checkParams();
