// The input data contract (../shared/spec/data-contract.md), written once: tables, columns,
// types, code lists, bounds, keys and cross-column rules. Ingest (SQL checks), the warehouse
// DDL and docs/data-contract.md all derive from this module.
import type { CodeList } from './reference.ts';

/** Column type of the contract. `decimal` accepts `.` or `,`. */
type ColumnType = 'text' | 'int' | 'decimal' | 'date' | 'code' | 'departement';

/** One column of a contract table. */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** true: empty is an error; false: optional; 'conditional': governed by a table rule. */
  required: boolean | 'conditional';
  codes?: CodeList;
  min?: number;
  max?: number;
  /** The parent this id must exist in (table and its key column). */
  references?: { table: TableName; column: string };
  /** French meaning, for docs and the data quality page. */
  label: string;
}

/** A condition on another column of the same row (its text as read, trimmed; empty = absent). */
export type RuleCondition = { column: string; present: true } | { column: string; equals: string };

/** Machine-checkable form of a row rule: ingest generates its SQL check from it. */
type RuleCheck =
  /** The rule column's value must not precede `other`'s (both set and valid). */
  | { kind: 'not_before'; other: string }
  /** The rule column must be set when the condition holds. */
  | { kind: 'required_if'; when: RuleCondition }
  /** The rule column must be empty unless the condition holds. */
  | { kind: 'empty_unless'; when: RuleCondition }
  /** The rule column (a date) must lie between the parent row's `from` and `to` (`to` empty = open). */
  | { kind: 'within_parent'; from: string; to: string }
  /** Warning only: the rule column is below `min` when the condition holds. */
  | { kind: 'warn_if_below'; min: number; when: RuleCondition };

/** A rule over several columns or rows; `column` is the one the error names. */
interface RowRule {
  code: RuleCode;
  column: string;
  description: string;
  check: RuleCheck;
}

/** One table of the extract. */
export interface TableSpec {
  name: TableName;
  /** Grain, one line: "one row per …". */
  grain: string;
  /** French title, for docs and pages. */
  label: string;
  /** Unique key columns (duplicate rows are rejected, first occurrence wins). */
  key: string[];
  columns: ColumnSpec[];
  rules: RowRule[];
  optional?: boolean;
}

export type TableName =
  | 'accompagnements'
  | 'entretiens'
  | 'signalements'
  | 'preconisations'
  | 'actions_remobilisation'
  | 'instances'
  | 'situations_instances'
  | 'actions_collectives'
  | 'satisfaction'
  | 'effectifs'
  | 'arrets_longs';

/** Every rule code a row or file can get, errors and warnings. Messages: src/contract/messages.ts. */
export const RULE_CODES = [
  // row errors
  'valeur_manquante',
  'code_inconnu',
  'departement_inconnu',
  'date_invalide',
  'entier_invalide',
  'nombre_invalide',
  'hors_bornes',
  'doublon',
  'reference_inconnue',
  'parent_rejete',
  'date_hors_accompagnement',
  'date_fin_avant_debut',
  'valeur_interdite',
  'nombre_de_champs',
  'caractere_invalide',
  'valeur_non_finie',
  'date_ambigue',
  'enregistrement_trop_long',
  // file errors (the whole file is refused)
  'fichier_illisible',
  'fichier_vide',
  'colonne_manquante',
  'colonne_identifiante',
  'donnees_identifiantes',
  // warnings
  'colonne_ignoree',
  'isic_moins_3_seances',
  'table_inconnue',
  'deja_charge',
  // warnings: a value or a file normalised (accepted, said once per file and column with a count)
  'nom_de_fichier_normalise',
  'format_selon_contenu',
  'dossier_jeu_de_donnees',
  'separateur_indique',
  'en_tete_normalise',
  'en_tete_repete',
  'lignes_avant_en_tete',
  'lignes_vides',
  'guillemet_isole',
  'champs_vides_en_fin',
  'espaces_invisibles',
  'date_avec_heure',
  'date_avec_fuseau',
  'dates_mois_en_premier',
  'dates_ordre_suppose',
  'departement_complete',
  'entier_decimal',
  'identifiant_decimal',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

const idCol = (name: string, label: string): ColumnSpec => ({ name, type: 'text', required: true, label });
const dep: ColumnSpec = { name: 'departement', type: 'departement', required: true, label: 'Code INSEE du département du service' };
const axe: ColumnSpec = { name: 'axe', type: 'code', required: true, codes: 'axe', label: 'Axe : PDP, SPS ou AUTRE' };
const origine: ColumnSpec = { name: 'origine', type: 'code', required: true, codes: 'origine', label: "Origine de l'orientation" };
const parentAcc: ColumnSpec = {
  name: 'accompagnement_id',
  type: 'text',
  required: true,
  references: { table: 'accompagnements', column: 'accompagnement_id' },
  label: "Accompagnement d'appartenance",
};

/** The tables of the contract, in load order (parents before children). */
export const TABLES: readonly TableSpec[] = [
  {
    name: 'accompagnements',
    grain: 'one row per individual social accompaniment',
    label: 'Accompagnements sociaux individuels : une ligne par accompagnement',
    key: ['accompagnement_id'],
    columns: [
      idCol('accompagnement_id', "Identifiant de l'accompagnement (unique)"),
      idCol('assure_id', "Pseudonyme de l'assuré"),
      dep,
      axe,
      origine,
      { name: 'date_debut', type: 'date', required: true, label: 'Date de début' },
      { name: 'date_fin', type: 'date', required: false, label: 'Date de fin (vide : en cours)' },
      { name: 'sexe', type: 'code', required: true, codes: 'sexe', label: 'Sexe' },
      { name: 'age', type: 'int', required: true, min: 16, max: 99, label: 'Âge à la date de début' },
      { name: 'situation_emploi', type: 'code', required: true, codes: 'situation_emploi', label: "Situation vis-à-vis de l'emploi" },
      { name: 'risque', type: 'code', required: true, codes: 'risque', label: 'Risque' },
      {
        name: 'issue',
        type: 'code',
        required: 'conditional',
        codes: 'issue',
        label: 'Issue (obligatoire si date_fin renseignée, vide sinon)',
      },
    ],
    rules: [
      {
        code: 'date_fin_avant_debut',
        column: 'date_fin',
        description: 'date_fin ne peut précéder date_debut',
        check: { kind: 'not_before', other: 'date_debut' },
      },
      {
        code: 'valeur_manquante',
        column: 'issue',
        description: 'issue est obligatoire quand date_fin est renseignée',
        check: { kind: 'required_if', when: { column: 'date_fin', present: true } },
      },
      {
        code: 'valeur_interdite',
        column: 'issue',
        description: 'issue doit être vide quand date_fin est vide',
        check: { kind: 'empty_unless', when: { column: 'date_fin', present: true } },
      },
    ],
  },
  {
    name: 'entretiens',
    grain: 'one row per individual interview',
    label: 'Entretiens individuels avec un assistant de service social : une ligne par entretien',
    key: ['entretien_id'],
    columns: [
      idCol('entretien_id', "Identifiant de l'entretien (unique)"),
      parentAcc,
      { name: 'date', type: 'date', required: true, label: "Date de l'entretien" },
      { name: 'mode', type: 'code', required: true, codes: 'mode', label: "Mode de l'entretien" },
    ],
    rules: [
      {
        code: 'date_hors_accompagnement',
        column: 'date',
        description: "la date doit être comprise entre date_debut et date_fin (si renseignée) de l'accompagnement",
        check: { kind: 'within_parent', from: 'date_debut', to: 'date_fin' },
      },
    ],
  },
  {
    name: 'signalements',
    grain: 'one row per referral received',
    label: 'Signalements reçus par le service social (détection) : une ligne par signalement',
    key: ['signalement_id'],
    columns: [
      idCol('signalement_id', 'Identifiant du signalement (unique)'),
      dep,
      axe,
      { name: 'date', type: 'date', required: true, label: 'Date de réception' },
      origine,
      idCol('assure_id', "Pseudonyme de l'assuré"),
      { name: 'suite', type: 'code', required: true, codes: 'suite', label: 'Suite donnée' },
      { ...parentAcc, required: 'conditional', label: 'Accompagnement engagé (obligatoire si suite = ACCOMPAGNEMENT, vide sinon)' },
    ],
    rules: [
      {
        code: 'valeur_manquante',
        column: 'accompagnement_id',
        description: 'accompagnement_id est obligatoire quand suite = ACCOMPAGNEMENT',
        check: { kind: 'required_if', when: { column: 'suite', equals: 'ACCOMPAGNEMENT' } },
      },
      {
        code: 'valeur_interdite',
        column: 'accompagnement_id',
        description: 'accompagnement_id doit être vide quand suite ≠ ACCOMPAGNEMENT',
        check: { kind: 'empty_unless', when: { column: 'suite', equals: 'ACCOMPAGNEMENT' } },
      },
    ],
  },
  {
    name: 'preconisations',
    grain: 'one row per recommendation',
    label: 'Préconisations faites pendant un accompagnement : une ligne par préconisation',
    key: ['preconisation_id'],
    columns: [
      idCol('preconisation_id', 'Identifiant de la préconisation (unique)'),
      parentAcc,
      { name: 'date', type: 'date', required: true, label: 'Date' },
      { name: 'type', type: 'code', required: true, codes: 'type_preconisation', label: 'Type de préconisation' },
    ],
    rules: [],
  },
  {
    name: 'actions_remobilisation',
    grain: 'one row per early remobilisation action',
    label: 'Actions de remobilisation précoce : une ligne par action',
    key: ['action_id'],
    columns: [
      idCol('action_id', "Identifiant de l'action (unique)"),
      parentAcc,
      { name: 'date_demande', type: 'date', required: true, label: 'Date de la demande' },
      { name: 'type', type: 'code', required: true, codes: 'type_action', label: "Type d'action" },
      { name: 'decision', type: 'code', required: true, codes: 'decision_action', label: 'Décision' },
    ],
    rules: [],
  },
  {
    name: 'instances',
    grain: 'one row per meeting of a concertation body',
    label: 'Réunions des instances de concertation : une ligne par réunion',
    key: ['instance_id'],
    columns: [
      idCol('instance_id', "Identifiant de l'instance (unique)"),
      dep,
      { name: 'type', type: 'code', required: true, codes: 'type_instance', label: "Type d'instance" },
      { name: 'date', type: 'date', required: true, label: 'Date' },
    ],
    rules: [],
  },
  {
    name: 'situations_instances',
    grain: 'one row per situation examined in a meeting',
    label: 'Situations examinées en instance : une ligne par situation',
    key: ['situation_id'],
    columns: [
      idCol('situation_id', 'Identifiant de la situation (unique)'),
      { name: 'instance_id', type: 'text', required: true, references: { table: 'instances', column: 'instance_id' }, label: 'Instance' },
      { name: 'presentee_par', type: 'code', required: true, codes: 'presentee_par', label: 'Présentée par' },
      { name: 'objet', type: 'code', required: true, codes: 'objet', label: 'Objet' },
      { name: 'decision', type: 'code', required: true, codes: 'decision_instance', label: 'Décision' },
    ],
    rules: [],
  },
  {
    name: 'actions_collectives',
    grain: 'one row per collective action',
    label: "Actions collectives (ISIC, réunions d'information, ateliers) : une ligne par action",
    key: ['action_id'],
    columns: [
      idCol('action_id', "Identifiant de l'action collective (unique)"),
      dep,
      { name: 'type', type: 'code', required: true, codes: 'type_action_collective', label: "Type d'action" },
      axe,
      { name: 'date_debut', type: 'date', required: true, label: 'Date de début' },
      { name: 'nb_seances', type: 'int', required: true, min: 1, label: 'Nombre de séances (≥ 1)' },
      { name: 'nb_participants', type: 'int', required: true, min: 0, label: 'Nombre de participants (≥ 0)' },
    ],
    rules: [
      {
        code: 'isic_moins_3_seances',
        column: 'nb_seances',
        description: 'une ISIC compte au moins 3 séances (avertissement, la ligne est chargée)',
        check: { kind: 'warn_if_below', min: 3, when: { column: 'type', equals: 'ISIC' } },
      },
    ],
  },
  {
    name: 'satisfaction',
    grain: 'one row per survey answer',
    label: "Réponses à l'enquête annuelle de satisfaction : une ligne par réponse",
    key: ['reponse_id'],
    columns: [
      idCol('reponse_id', 'Identifiant de la réponse (unique)'),
      dep,
      axe,
      { name: 'date', type: 'date', required: true, label: 'Date de la réponse' },
      { name: 'satisfaction', type: 'code', required: false, codes: 'satisfaction', label: 'Satisfaction globale (vide : sans réponse)' },
      ...(['ecoute', 'confiance', 'clarte', 'information_droits', 'prise_en_compte'] as const).map((name): ColumnSpec => ({
        name,
        type: 'int',
        required: false,
        min: 1,
        max: 4,
        label: `Note ${name} de 1 (faible) à 4 (très bonne)`,
      })),
    ],
    rules: [],
  },
  {
    name: 'effectifs',
    grain: 'one row per département and year',
    label: 'Effectifs (facultatif) : une ligne par département et par année',
    key: ['departement', 'annee'],
    optional: true,
    columns: [
      dep,
      { name: 'annee', type: 'int', required: true, min: 2000, max: 2100, label: 'Année' },
      { name: 'etp_assistants', type: 'decimal', required: true, min: 0, label: "ETP d'assistants de service social" },
      { name: 'lieux_accueil', type: 'int', required: true, min: 0, label: "Lieux d'accueil" },
    ],
    rules: [],
  },
  {
    name: 'arrets_longs',
    grain: 'one row per département and year',
    label: 'Assurés en arrêt long (facultatif) : une ligne par département et par année',
    key: ['departement', 'annee'],
    optional: true,
    columns: [
      dep,
      { name: 'annee', type: 'int', required: true, min: 2000, max: 2100, label: 'Année' },
      { name: 'assures_arret_90j', type: 'int', required: true, min: 0, label: "Assurés ayant atteint 90 jours d'arrêt dans l'année" },
    ],
    rules: [],
  },
];

/** Column names that are direct identifiers: a file with one is refused whole. */
export const IDENTIFIER_COLUMNS = ['nir', 'nom', 'prenom', 'adresse', 'date_naissance', 'telephone', 'email'] as const;

/** The spec of a table by name. */
export function tableSpec(name: TableName): TableSpec {
  const t = TABLES.find((x) => x.name === name);
  if (!t) throw new Error(`table inconnue : ${name}`);
  return t;
}

/** DuckDB type of a contract column in the warehouse. */
export function sqlType(col: ColumnSpec): string {
  switch (col.type) {
    case 'int':
      return 'INTEGER';
    case 'decimal':
      return 'DOUBLE';
    case 'date':
      return 'DATE';
    default:
      return 'VARCHAR';
  }
}
