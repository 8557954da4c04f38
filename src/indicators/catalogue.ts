// The indicator catalogue (../shared/spec/indicators.md): one definition per indicator,
// metadata (for the site, the docs and the confidentiality step) plus the SQL that computes
// it from an aggregated "block" row (see blocks.ts). Codes and groups come from reference data.
import { codesOf, codeValues, type CodeList } from '../contract/reference.ts';
import { lit } from '../warehouse/db.ts';
import { tableSpec, type TableName } from '../contract/schema.ts';

/** Unit of an indicator: drives formatting and the confidentiality rule. */
import type { Unite as Unit } from '../vocabulary.ts';

export type { Unit };

/** Code lists a category may refer to: the reference lists, plus the age brackets of AGE_BRACKETS. */
type CategoryList = CodeList | 'tranche_age';

/**
 * Metadata of one indicator. Relations used by the confidentiality step:
 * - `base`: for `part`, `moyenne`, `mois`, `ratio`: the indicator whose value (same year and
 *   scope) is the denominator; for a count (`personnes`, `evenements`): the count it is a
 *   subset of (e.g. `pdp.assures_accompagnes` ⊂ `assures_accompagnes`). Absent when the
 *   denominator is not itself an indicator (see `denominator`).
 * - `family`: set on every member of a breakdown whose members partition their base exactly
 *   (the members' numerators add up to the base's value); members are the ids `family + '.' + code`.
 *   `collectif.actions` is a family without a base (its total is not an indicator).
 * - `category`: the code (of a list) the member counts; for `part_emploi` the list's group.
 * - `numeratorId`: when the numerator is itself an indicator (ratios such as entretiens_par_assure).
 * Every scope level (département ⊂ organisme ⊂ national) holds every id; counts of people are
 * not additive across scopes (a person is counted once per scope), counts of events are.
 */
export interface IndicatorMeta {
  id: string;
  /** Section of the bilan it belongs to (French), e.g. « Activité ». */
  theme: string;
  /** Short French label. */
  label: string;
  unit: Unit;
  /** Contract table the indicator reads (the main one). */
  source: TableName;
  /** French definition, one line. */
  definition: string;
  base?: string;
  /** French: what the numerator (column `numerateur` of facts) counts. */
  numerator?: string;
  /** French: what the denominator (column `denominateur` of facts) counts. */
  denominator?: string;
  numeratorId?: string;
  family?: string;
  category?: { list: CategoryList; code: string };
  /** Present only when this optional table has rows (assures_par_etp, pdp.taux_couverture). */
  requires?: TableName;
  /** Counts people (distinct assure_id): not additive across scopes or axes. */
  distinctPeople?: boolean;
}

/** A definition before its theme is set. */
type Def = Omit<IndicatorDef, 'theme'>;

/** Sets the theme (section of the bilan) of definitions. */
function theme(title: string, defs: Def[]): IndicatorDef[] {
  return defs.map((d) => ({ ...d, theme: title }));
}

/** The aggregated sources an indicator reads (one SQL block each, see blocks.ts). */
export type BlockName =
  | 'personnes'
  | 'signalements'
  | 'finalises'
  | 'preconisations'
  | 'actions'
  | 'instances'
  | 'situations'
  | 'collectif'
  | 'satisfaction'
  | 'derive';

/** A catalogue entry: metadata + how to compute it from its block's row. */
export interface IndicatorDef extends IndicatorMeta {
  block: BlockName;
  /** For the `personnes` block: the axis key of the rows it reads ('ALL', 'PDP', 'SPS'). */
  axis?: string;
  /** SQL numerator over the block row (null: none, e.g. quantiles). */
  num: string | null;
  /** SQL denominator over the block row (counts: none). */
  den?: string;
  /** SQL value; default: the numerator for counts, numerator / denominator otherwise. */
  value?: string;
  /** For the `derive` block: computed from the fact `numeratorId` of the same scope, divided by its
   *  value the year before (`previousYear`, minus 1) or by the scope's sum of an optional table's column. */
  derive?: { previousYear: true } | { perSum: { table: TableName; column: string } };
}

/** Age brackets of the profile (age at date_debut); the contract has no code list for them. */
export const AGE_BRACKETS: readonly { code: string; label: string; min: number; max: number }[] = [
  { code: 'moins_26', label: 'moins de 26 ans', min: 0, max: 25 },
  { code: '26_45', label: '26 à 45 ans', min: 26, max: 45 },
  { code: '46_59', label: '46 à 59 ans', min: 46, max: 59 },
  { code: '60_plus', label: '60 ans ou plus', min: 60, max: 200 },
];

/** The axes that have their own id prefix (`pdp.`, `sps.`); the unprefixed ids take every axe. */
export const PREFIXED_AXES: readonly { axis: string; prefix: string; label: string }[] = [
  { axis: code('axe', 'PDP'), prefix: 'pdp', label: 'PDP' },
  { axis: code('axe', 'SPS'), prefix: 'sps', label: 'SPS' },
];
/** Axis key of the `personnes` block rows that take every axe. */
export const ALL_AXES = 'ALL';

/** Issue groups (codes.csv) meaning "kept in work" and "kept employable". */
export const KEPT_IN_WORK: readonly string[] = [group('issue', 'MAINTIEN_EMPLOI')];
export const KEPT_EMPLOYABLE: readonly string[] = [group('issue', 'MAINTIEN_EMPLOI'), group('issue', 'EMPLOYABILITE')];

/** Satisfaction items (the int columns of the satisfaction table). */
export const SATISFACTION_ITEMS: readonly string[] = tableSpec('satisfaction')
  .columns.filter((c) => c.type === 'int')
  .map((c) => c.name);

/** A code of a reference list, checked (throws at load time if the list lacks it). */
export function code(list: CodeList, value: string): string {
  if (!codeValues(list).includes(value)) throw new Error(`code ${value} absent de la liste ${list}`);
  return value;
}

/** A group of a reference list, checked. */
function group(list: CodeList, value: string): string {
  if (!codesOf(list).some((c) => c.groupe === value)) throw new Error(`groupe ${value} absent de la liste ${list}`);
  return value;
}

/** SQL: the count of `key` in a histogram map column, 0 when absent. */
const hist = (column: string, key: string): string => `coalesce(${column}[${lit(key)}], 0)`;
/** SQL: the sum of the counts of several keys of a histogram map column. */
const histSum = (column: string, keys: readonly string[]): string => keys.map((k) => hist(column, k)).join(' + ');

const axisLabel = (label: string | null): string => (label ? ` (${label})` : '');

/** Profile shares for one axis key (all axes: no prefix). */
function profile(prefix: string, axis: string, axLabel: string | null): Def[] {
  const base = `${prefix}assures_accompagnes`;
  const common = { unit: 'part' as const, source: 'accompagnements' as const, block: 'personnes' as const, axis, base, den: 'n' };
  const who = `personnes accompagnées dans l'année${axisLabel(axLabel)}`;
  return [
    {
      ...common,
      id: `${prefix}part_femmes`,
      label: `Part des femmes${axisLabel(axLabel)}`,
      definition: `Part des femmes parmi les ${who}.`,
      numerator: 'femmes accompagnées',
      category: { list: 'sexe', code: code('sexe', 'F') },
      num: hist('h_sexe', 'F'),
    },
    ...AGE_BRACKETS.map((b): Def => ({
      ...common,
      id: `${prefix}part_age.${b.code}`,
      label: `Part des ${b.label}${axisLabel(axLabel)}`,
      definition: `Part des ${b.label} (âge au début de l'accompagnement) parmi les ${who}.`,
      numerator: `personnes de ${b.label}`,
      family: `${prefix}part_age`,
      category: { list: 'tranche_age', code: b.code },
      num: hist('h_age', b.code),
    })),
    {
      ...common,
      id: `${prefix}part_emploi`,
      label: `Part en emploi${axisLabel(axLabel)}`,
      definition: `Part des personnes en emploi (salariées ou indépendantes) parmi les ${who}.`,
      numerator: 'personnes en emploi',
      category: { list: 'situation_emploi', code: group('situation_emploi', 'EMPLOI') },
      num: hist('h_emploi', 'EMPLOI'),
    },
    ...codesOf('risque').map((c): Def => ({
      ...common,
      id: `${prefix}part_risque.${c.code}`,
      label: `Part du risque ${c.libelle.toLowerCase()}${axisLabel(axLabel)}`,
      definition: `Part des personnes relevant du risque « ${c.libelle} » parmi les ${who}.`,
      numerator: `personnes du risque ${c.libelle.toLowerCase()}`,
      family: `${prefix}part_risque`,
      category: { list: 'risque', code: c.code },
      num: hist('h_risque', c.code),
    })),
  ];
}

/** Shares by every code of a list, as one family partitioning `base`. */
function breakdown(
  family: string,
  list: CodeList,
  codes: readonly { code: string; libelle: string }[],
  rest: Omit<Def, 'id' | 'label' | 'definition' | 'num' | 'family' | 'category'> & { histColumn: string; what: string; among: string },
): Def[] {
  const { histColumn, what, among, ...meta } = rest;
  return codes.map((c) => ({
    ...meta,
    id: `${family}.${c.code}`,
    family,
    category: { list, code: c.code },
    label: `${what} : ${c.libelle}`,
    definition: `${what} « ${c.libelle} » ${among}.`,
    num: hist(histColumn, c.code),
  }));
}

const pdpAxis = PREFIXED_AXES[0]!;
const dims = SATISFACTION_ITEMS;

/** Every indicator definition, in the order of indicators.md, by theme. */
export const DEFINITIONS: readonly IndicatorDef[] = [
  ...theme('Activité', [
    {
      id: 'assures_accompagnes',
      label: 'Assurés accompagnés',
      unit: 'personnes',
      source: 'entretiens',
      block: 'personnes',
      axis: ALL_AXES,
      definition: "Personnes distinctes (assure_id) ayant eu au moins un entretien dans l'année dans le périmètre, tous axes.",
      distinctPeople: true,
      num: 'n',
    },
    {
      id: 'part_pdp_ou_sps',
      label: 'Part accompagnée en PDP ou SPS',
      unit: 'part',
      source: 'entretiens',
      block: 'personnes',
      axis: ALL_AXES,
      definition: "Part des assurés accompagnés ayant eu un entretien dans l'année dans un accompagnement PDP ou SPS.",
      base: 'assures_accompagnes',
      numerator: 'assurés ayant un entretien PDP ou SPS',
      num: 'n_axes',
      den: 'n',
    },
    {
      id: 'entretiens',
      label: 'Entretiens',
      unit: 'evenements',
      source: 'entretiens',
      block: 'personnes',
      axis: ALL_AXES,
      definition: "Entretiens individuels datés de l'année, tous axes.",
      num: 'ent',
    },
    {
      id: 'entretiens_par_assure',
      label: 'Entretiens par assuré accompagné',
      unit: 'ratio',
      source: 'entretiens',
      block: 'personnes',
      axis: ALL_AXES,
      definition: "Nombre moyen d'entretiens de l'année par assuré accompagné (entretiens / assurés accompagnés).",
      base: 'assures_accompagnes',
      numeratorId: 'entretiens',
      numerator: 'entretiens',
      num: 'ent',
      den: 'n',
    },
    {
      id: 'pdp.assures_accompagnes',
      label: 'Assurés accompagnés (PDP)',
      unit: 'personnes',
      source: 'entretiens',
      block: 'personnes',
      axis: pdpAxis.axis,
      definition: "Personnes distinctes ayant eu au moins un entretien dans l'année dans un accompagnement PDP du périmètre.",
      base: 'assures_accompagnes',
      distinctPeople: true,
      num: 'n',
    },
    {
      id: 'pdp.entretiens',
      label: 'Entretiens (PDP)',
      unit: 'evenements',
      source: 'entretiens',
      block: 'personnes',
      axis: pdpAxis.axis,
      definition: "Entretiens datés de l'année des accompagnements PDP.",
      base: 'entretiens',
      num: 'ent',
    },
    {
      id: 'pdp.part_assures_5_entretiens',
      label: 'Part des assurés PDP ayant eu 5 entretiens ou plus',
      unit: 'part',
      source: 'entretiens',
      block: 'personnes',
      axis: pdpAxis.axis,
      definition:
        "Part des assurés accompagnés en PDP ayant eu au moins 5 entretiens dans l'année (tous leurs accompagnements PDP du périmètre).",
      base: 'pdp.assures_accompagnes',
      numerator: 'assurés PDP ayant eu au moins 5 entretiens',
      num: 'n5',
      den: 'n',
    },
    {
      id: 'sps.assures_accompagnes',
      label: 'Assurés accompagnés (SPS)',
      unit: 'personnes',
      source: 'entretiens',
      block: 'personnes',
      axis: PREFIXED_AXES[1]!.axis,
      definition: "Personnes distinctes ayant eu au moins un entretien dans l'année dans un accompagnement SPS du périmètre.",
      base: 'assures_accompagnes',
      distinctPeople: true,
      num: 'n',
    },
    {
      id: 'sps.entretiens',
      label: 'Entretiens (SPS)',
      unit: 'evenements',
      source: 'entretiens',
      block: 'personnes',
      axis: PREFIXED_AXES[1]!.axis,
      definition: "Entretiens datés de l'année des accompagnements SPS.",
      base: 'entretiens',
      num: 'ent',
    },
    {
      id: 'evolution.pdp.assures_accompagnes',
      label: 'Évolution des assurés accompagnés en PDP',
      unit: 'evolution',
      source: 'entretiens',
      block: 'derive',
      definition:
        "Assurés accompagnés en PDP de l'année / ceux de l'année précédente − 1 ; vide si l'année précédente est absente des données ou vaut 0.",
      numerator: "assurés accompagnés en PDP de l'année",
      denominator: "assurés accompagnés en PDP de l'année précédente",
      numeratorId: 'pdp.assures_accompagnes',
      num: null,
      derive: { previousYear: true },
    },
  ]),
  ...theme('Profil des personnes accompagnées', [
    ...profile('', ALL_AXES, null),
    ...PREFIXED_AXES.flatMap((a) => profile(`${a.prefix}.`, a.axis, a.label)),
  ]),
  ...theme('Repérage (signalements)', [
    {
      id: 'pdp.signalements',
      label: 'Signalements reçus (PDP)',
      unit: 'evenements',
      source: 'signalements',
      block: 'signalements',
      definition: "Signalements PDP reçus dans l'année.",
      num: 'n',
    },
    ...breakdown('pdp.part_signalements', 'origine', codesOf('origine'), {
      unit: 'part',
      source: 'signalements',
      block: 'signalements',
      base: 'pdp.signalements',
      den: 'n',
      histColumn: 'h_origine',
      what: "Part des signalements PDP d'origine",
      among: "parmi les signalements PDP reçus dans l'année",
      numerator: 'signalements PDP de cette origine',
    }),
    {
      id: 'pdp.part_spst_parmi_externes',
      label: 'Part des SPST parmi les signalements externes (PDP)',
      unit: 'part',
      source: 'signalements',
      block: 'signalements',
      definition: "Part des signalements PDP venant d'un SPST parmi ceux d'origine externe.",
      numerator: "signalements PDP venant d'un SPST",
      denominator: "signalements PDP d'origine externe",
      category: { list: 'origine', code: code('origine', 'SPST') },
      num: hist('h_origine', 'SPST'),
      den: hist('h_origine_groupe', group('origine', 'EXTERNE')),
    },
    {
      id: 'pdp.taux_transformation',
      label: 'Taux de transformation des signalements (PDP)',
      unit: 'part',
      source: 'signalements',
      block: 'signalements',
      definition: "Part des signalements PDP suivis d'un accompagnement parmi ceux dont la suite est décidée (suite ≠ en cours).",
      numerator: "signalements PDP suivis d'un accompagnement",
      denominator: 'signalements PDP dont la suite est décidée',
      category: { list: 'suite', code: code('suite', 'ACCOMPAGNEMENT') },
      num: hist('h_suite', 'ACCOMPAGNEMENT'),
      den: `n - ${hist('h_suite', code('suite', 'EN_COURS'))}`,
    },
  ]),
  ...theme('Issues des parcours PDP', [
    {
      id: 'pdp.parcours_finalises',
      label: 'Parcours PDP finalisés',
      unit: 'evenements',
      source: 'accompagnements',
      block: 'finalises',
      definition: "Accompagnements PDP terminés dans l'année (date_fin dans l'année).",
      num: 'n',
    },
    {
      id: 'pdp.parcours_finalises_3_entretiens',
      label: 'Parcours PDP finalisés avec 3 entretiens ou plus',
      unit: 'evenements',
      source: 'accompagnements',
      block: 'finalises',
      definition: "Parcours PDP finalisés dans l'année ayant eu au moins 3 entretiens au total (toutes dates).",
      base: 'pdp.parcours_finalises',
      num: 'n3',
    },
    {
      id: 'pdp.taux_maintien_emploi',
      label: 'Taux de maintien en emploi (PDP)',
      unit: 'part',
      source: 'accompagnements',
      block: 'finalises',
      definition:
        "Part des parcours finalisés avec 3 entretiens ou plus dont l'issue est un maintien en emploi (même poste, autre poste, nouvel emploi).",
      base: 'pdp.parcours_finalises_3_entretiens',
      numerator: "parcours dont l'issue est un maintien en emploi",
      num: histSum('h_issue_groupe', KEPT_IN_WORK),
      den: 'n3',
    },
    {
      id: 'pdp.taux_maintien_employabilite',
      label: "Taux de maintien dans l'emploi ou l'employabilité (PDP)",
      unit: 'part',
      source: 'accompagnements',
      block: 'finalises',
      definition:
        "Part des parcours finalisés avec 3 entretiens ou plus dont l'issue est un maintien en emploi ou en employabilité (formation, recherche d'emploi avec projet).",
      base: 'pdp.parcours_finalises_3_entretiens',
      numerator: "parcours dont l'issue maintient l'emploi ou l'employabilité",
      num: histSum('h_issue_groupe', KEPT_EMPLOYABLE),
      den: 'n3',
    },
    ...breakdown('pdp.part_issue', 'issue', codesOf('issue'), {
      unit: 'part',
      source: 'accompagnements',
      block: 'finalises',
      base: 'pdp.parcours_finalises_3_entretiens',
      den: 'n3',
      histColumn: 'h_issue',
      what: "Part des parcours d'issue",
      among: "parmi les parcours PDP finalisés dans l'année avec 3 entretiens ou plus",
      numerator: 'parcours de cette issue',
    }),
    ...(
      [
        ['mediane', 'Durée médiane', 2],
        ['p25', 'Durée, 1er quartile', 1],
        ['p75', 'Durée, 3e quartile', 3],
      ] as const
    ).map(([suffix, label, i]): Def => ({
      id: `pdp.duree_mois.${suffix}`,
      label: `${label} des parcours PDP finalisés (mois)`,
      unit: 'mois',
      source: 'accompagnements',
      block: 'finalises',
      definition: `${label} (interpolation linéaire) de date_fin − date_debut, en mois (jours / 30,4375), des parcours PDP finalisés dans l'année.`,
      base: 'pdp.parcours_finalises',
      denominator: 'parcours PDP finalisés',
      num: null,
      den: 'n',
      value: `q[${i}]`,
    })),
    {
      id: 'pdp.duree_mois.moyenne',
      label: 'Durée moyenne des parcours PDP finalisés (mois)',
      unit: 'mois',
      source: 'accompagnements',
      block: 'finalises',
      definition: "Moyenne de date_fin − date_debut, en mois (jours / 30,4375), des parcours PDP finalisés dans l'année.",
      base: 'pdp.parcours_finalises',
      numerator: 'somme des durées en mois',
      num: 's_mois',
      den: 'n',
    },
  ]),
  ...theme('Préconisations et actions (PDP)', [
    {
      id: 'pdp.preconisations',
      label: 'Préconisations (PDP)',
      unit: 'evenements',
      source: 'preconisations',
      block: 'preconisations',
      definition: "Préconisations datées de l'année des accompagnements PDP.",
      num: 'n',
    },
    ...breakdown('pdp.part_preconisations', 'type_preconisation', codesOf('type_preconisation'), {
      unit: 'part',
      source: 'preconisations',
      block: 'preconisations',
      base: 'pdp.preconisations',
      den: 'n',
      histColumn: 'h_type',
      what: 'Part des préconisations',
      among: "parmi les préconisations PDP de l'année",
      numerator: 'préconisations de ce type',
    }),
    {
      id: 'pdp.actions_remobilisation',
      label: 'Actions de remobilisation précoce demandées (PDP)',
      unit: 'evenements',
      source: 'actions_remobilisation',
      block: 'actions',
      definition: "Actions de remobilisation précoce demandées dans l'année pour des accompagnements PDP.",
      num: 'n',
    },
    ...breakdown('pdp.part_actions', 'categorie_action', codesOf('categorie_action'), {
      unit: 'part',
      source: 'actions_remobilisation',
      block: 'actions',
      base: 'pdp.actions_remobilisation',
      den: 'n',
      histColumn: 'h_categorie',
      what: 'Part des actions de catégorie',
      among: "parmi les actions de remobilisation PDP demandées dans l'année",
      numerator: 'actions de cette catégorie',
    }),
    {
      id: 'pdp.actions_accordees',
      label: 'Actions de remobilisation accordées (PDP)',
      unit: 'evenements',
      source: 'actions_remobilisation',
      block: 'actions',
      definition: "Actions de remobilisation PDP demandées dans l'année et accordées.",
      base: 'pdp.actions_remobilisation',
      category: { list: 'decision_action', code: code('decision_action', 'ACCORDEE') },
      num: hist('h_decision', 'ACCORDEE'),
    },
  ]),
  ...theme('Instances de concertation', [
    {
      id: 'instances.ic_pdp',
      label: 'Instances de concertation PDP',
      unit: 'evenements',
      source: 'instances',
      block: 'instances',
      definition: "Réunions d'instances de concertation PDP (IC PDP) tenues dans l'année.",
      category: { list: 'type_instance', code: code('type_instance', 'IC_PDP') },
      num: hist('h_type', 'IC_PDP'),
    },
    {
      id: 'instances.icam_pdp',
      label: "Instances de concertation de l'Assurance Maladie (ICAM PDP)",
      unit: 'evenements',
      source: 'instances',
      block: 'instances',
      definition: "Réunions d'ICAM PDP tenues dans l'année.",
      category: { list: 'type_instance', code: code('type_instance', 'ICAM_PDP') },
      num: hist('h_type', 'ICAM_PDP'),
    },
    {
      id: 'instances.situations_ic_pdp',
      label: 'Situations examinées en IC PDP',
      unit: 'evenements',
      source: 'situations_instances',
      block: 'situations',
      definition: "Situations examinées lors des IC PDP tenues dans l'année.",
      num: 'n_ic',
    },
    ...codesOf('presentee_par').map((c): Def => ({
      id: `instances.situations_ic_pdp.${c.code}`,
      label: `Situations examinées en IC PDP présentées par : ${c.libelle}`,
      unit: 'evenements',
      source: 'situations_instances',
      block: 'situations',
      definition: `Situations examinées en IC PDP dans l'année présentées par « ${c.libelle} ».`,
      base: 'instances.situations_ic_pdp',
      family: 'instances.situations_ic_pdp',
      category: { list: 'presentee_par', code: c.code },
      num: hist('h_presentee_ic', c.code),
    })),
    {
      id: 'instances.essais_encadres_accordes',
      label: 'Essais encadrés accordés en instance',
      unit: 'evenements',
      source: 'situations_instances',
      block: 'situations',
      definition: "Situations examinées dans l'année (toute instance) dont l'objet est un essai encadré et la décision « accordée ».",
      num: 'n_essais',
    },
  ]),
  ...theme('Actions collectives', [
    ...codesOf('type_action_collective').map((c): Def => ({
      id: `collectif.actions.${c.code}`,
      label: `Actions collectives : ${c.libelle}`,
      unit: 'evenements',
      source: 'actions_collectives',
      block: 'collectif',
      definition: `Actions collectives de type « ${c.libelle} » commencées dans l'année, tous axes.`,
      family: 'collectif.actions',
      category: { list: 'type_action_collective', code: c.code },
      num: hist('h_type', c.code),
    })),
    {
      id: 'collectif.participants',
      label: 'Participants aux actions collectives',
      unit: 'personnes',
      source: 'actions_collectives',
      block: 'collectif',
      definition: "Somme des participants des actions collectives commencées dans l'année (une personne par action suivie).",
      num: 'participants',
    },
    {
      id: 'collectif.part_isic_3_seances',
      label: 'Part des ISIC de 3 séances ou plus',
      unit: 'part',
      source: 'actions_collectives',
      block: 'collectif',
      definition: "Part des ISIC commencées dans l'année comptant au moins 3 séances.",
      base: `collectif.actions.${code('type_action_collective', 'ISIC')}`,
      numerator: 'ISIC de 3 séances ou plus',
      num: 'n_isic3',
      den: 'n_isic',
    },
  ]),
  ...theme('Satisfaction', [
    {
      id: 'satisfaction.reponses',
      label: "Réponses à l'enquête de satisfaction",
      unit: 'evenements',
      source: 'satisfaction',
      block: 'satisfaction',
      definition: "Réponses de l'année dont la satisfaction globale est renseignée, tous axes.",
      num: 'n',
    },
    {
      id: 'satisfaction.taux',
      label: 'Taux de satisfaction',
      unit: 'part',
      source: 'satisfaction',
      block: 'satisfaction',
      definition: 'Part des réponses « très satisfait » ou « satisfait » parmi les réponses renseignées.',
      base: 'satisfaction.reponses',
      numerator: 'réponses satisfaites',
      category: { list: 'satisfaction', code: group('satisfaction', 'SATISFAIT') },
      num: hist('h_groupe', 'SATISFAIT'),
      den: 'n',
    },
    ...dims.map((d): Def => ({
      id: `satisfaction.${d}`,
      label: `Note moyenne : ${d.replaceAll('_', ' ')}`,
      unit: 'moyenne',
      source: 'satisfaction',
      block: 'satisfaction',
      definition: `Note moyenne (1 à 4) de l'item ${d} sur les réponses de l'année où il est renseigné.`,
      numerator: 'somme des notes',
      denominator: "réponses où l'item est renseigné",
      num: `s_${d}`,
      den: `n_${d}`,
    })),
  ]),
  ...theme('Optionnels (si les dénominateurs sont fournis)', [
    {
      id: 'assures_par_etp',
      label: "Assurés accompagnés par ETP d'assistant de service social",
      unit: 'ratio',
      source: 'effectifs',
      block: 'derive',
      definition:
        "Assurés accompagnés / somme des ETP d'assistants de service social des départements du périmètre pour l'année (vide sans effectifs).",
      numeratorId: 'assures_accompagnes',
      numerator: 'assurés accompagnés',
      denominator: "ETP d'assistants de service social",
      requires: 'effectifs',
      num: null,
      derive: { perSum: { table: 'effectifs', column: 'etp_assistants' } },
    },
    {
      id: 'pdp.taux_couverture',
      label: 'Taux de couverture PDP des arrêts longs',
      unit: 'ratio',
      source: 'arrets_longs',
      block: 'derive',
      definition: "Assurés accompagnés en PDP / assurés ayant atteint 90 jours d'arrêt dans l'année dans le périmètre (vide sans données).",
      numeratorId: 'pdp.assures_accompagnes',
      numerator: 'assurés accompagnés en PDP',
      denominator: "assurés ayant atteint 90 jours d'arrêt",
      requires: 'arrets_longs',
      num: null,
      derive: { perSum: { table: 'arrets_longs', column: 'assures_arret_90j' } },
    },
  ]),
];

/** The catalogue's metadata, ids in the order of indicators.md. */
export const CATALOGUE: readonly IndicatorMeta[] = DEFINITIONS.map(
  ({ block: _b, axis: _a, num: _n, den: _d, value: _v, derive: _r, ...meta }): IndicatorMeta => meta,
);
