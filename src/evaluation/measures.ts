// The evaluation indicators: what a pilot is meant to move, measured per département and month
// (one row per département × month: a numerator and a base). Each definition is one SQL query
// over the warehouse's contract tables; the panel (panel.ts) zero-fills and pools them.
// Accompaniment-based indicators follow the cohort of accompaniments *started* in the month, the
// unit a pilot acts on (an accompaniment started after the start date is exposed to it).
import { CODES, codeValues, type CodeList } from '../contract/reference.ts';
import { lit } from '../warehouse/db.ts';

/**
 * Unit of an evaluation indicator, which sets the scale of the effect:
 * - `volume`: events per month; the effect is relative (+20 %), estimated on the log scale;
 * - `part`: a share; the effect is in percentage points;
 * - `jours`: a mean duration in days; the effect is in days.
 */
export type UniteEvaluation = 'volume' | 'part' | 'jours';

/** The window of one indicator's rows: months from `debut` to `fin` (first days of months, inclusive). */
interface FenetreSql {
  /** First day of the first month. */
  debut: string;
  /** First day of the last month (cohorts started up to the end of that month). */
  dernierMois: string;
  /** Last day covered by the extract (outcomes observed until then). */
  finDonnees: string;
}

/** A bilan indicator (table `published`) whose yearly département figure sums the same events. */
interface EquivalentAnnuel {
  /** Indicator id in `published` (annual, per département). */
  indicateur: string;
}

/** An evaluation indicator. */
export interface IndicateurEvaluation {
  id: string;
  /** French label (sentence case), e.g. « Signalements PDP par mois ». */
  libelle: string;
  /** Short French label for chart titles (« Délai avant le premier entretien PDP »). */
  court: string;
  /** Short French label for chart titles and verdicts (« la part des signalements PDP venant des médecins traitants »). */
  nomDansPhrase: string;
  unite: UniteEvaluation;
  /** Direction the pilot is meant to move it. */
  sens: 'hausse' | 'baisse';
  /** Months of hindsight needed after a cohort month before its value is complete (outcomes). */
  reculMois: number;
  /** Plain French definition (the page and docs/evaluation.md). */
  definition: string;
  /** Bilan figures published per département and year that count the same events (confidentiality, secret.ts). */
  equivalentsAnnuels: readonly EquivalentAnnuel[];
  /** Whether the SQL reads TABLE_ENTRETIENS (built once per evaluation by panel.ts). */
  entretiensParAccompagnement?: boolean;
  /**
   * SELECT departement, mois (DATE, first of month), num DOUBLE, den DOUBLE (null for volumes), num2 DOUBLE
   * (sum of the squared values, for means: their sampling variance; null for volumes and shares) over the window.
   */
  sql: (f: FenetreSql) => string;
}

/** Temporary table (accompagnement_id, premier_entretien DATE, entretiens_n): first date and number of entretiens. */
export const TABLE_ENTRETIENS = 'eval_acc_entretiens';

/** Checks that a code exists in a list (definitions below name their categories). */
function code(list: CodeList, value: string): string {
  if (!codeValues(list).includes(value)) throw new Error(`indicateurs d'évaluation : code inconnu ${list}.${value}`);
  return value;
}

/** SQL VALUES list of the codes of a list's group (from data/reference/codes.csv). */
function codesDuGroupe(list: CodeList, groupe: string): string {
  const codes = CODES.filter((c) => c.liste === list && c.groupe === groupe).map((c) => `(${lit(c.code)})`);
  if (codes.length === 0) throw new Error(`indicateurs d'évaluation : groupe inconnu ${list}.${groupe}`);
  return `(VALUES ${codes.join(', ')})`;
}

const AXE = code('axe', 'PDP');
const MEDECIN_TRAITANT = code('origine', 'MEDECIN_TRAITANT');
const d = (s: string) => `DATE ${lit(s)}`;
const moisDe = (col: string) => `date_trunc('month', ${col})::DATE`;

/** The catalogue of evaluation indicators. */
export const INDICATEURS_EVALUATION: readonly IndicateurEvaluation[] = [
  {
    id: 'pdp.signalements_mois',
    libelle: 'Signalements PDP reçus par mois',
    court: 'Signalements PDP par mois',
    nomDansPhrase: 'le nombre de signalements PDP reçus par mois',
    unite: 'volume',
    sens: 'hausse',
    reculMois: 1,
    definition:
      "Signalements de l'axe PDP reçus dans le mois (date de réception), toutes origines. Le dernier mois de l'extrait n'est pas retenu (signalements pas encore tous enregistrés). Pour comparer des groupes de tailles différentes, la courbe est un indice : 100 = moyenne mensuelle du groupe avant le démarrage.",
    equivalentsAnnuels: [{ indicateur: 'pdp.signalements' }],
    sql: (f) => `SELECT departement, ${moisDe('date')} AS mois, count(*)::DOUBLE AS num, NULL::DOUBLE AS den, NULL::DOUBLE AS num2
      FROM signalements WHERE axe = ${lit(AXE)} AND date >= ${d(f.debut)} AND date < ${d(f.dernierMois)} + INTERVAL 1 MONTH
      GROUP BY ALL`,
  },
  {
    id: 'pdp.part_signalements_medecin_traitant',
    libelle: 'Part des signalements PDP venant des médecins traitants',
    court: 'Signalements PDP venant des médecins traitants',
    nomDansPhrase: 'la part des signalements PDP venant des médecins traitants',
    unite: 'part',
    sens: 'hausse',
    reculMois: 1,
    definition:
      "Parmi les signalements de l'axe PDP reçus dans le mois, part de ceux dont l'origine est le médecin traitant. Le dernier mois de l'extrait n'est pas retenu.",
    equivalentsAnnuels: [{ indicateur: `pdp.part_signalements.${MEDECIN_TRAITANT}` }, { indicateur: 'pdp.signalements' }],
    sql: (f) => `SELECT departement, ${moisDe('date')} AS mois,
        count(*) FILTER (WHERE origine = ${lit(MEDECIN_TRAITANT)})::DOUBLE AS num, count(*)::DOUBLE AS den, NULL::DOUBLE AS num2
      FROM signalements WHERE axe = ${lit(AXE)} AND date >= ${d(f.debut)} AND date < ${d(f.dernierMois)} + INTERVAL 1 MONTH
      GROUP BY ALL`,
  },
  {
    id: 'pdp.delai_premier_entretien',
    libelle: "Délai entre le début de l'accompagnement PDP et le premier entretien",
    court: 'Délai avant le premier entretien PDP',
    nomDansPhrase: "le délai entre le début de l'accompagnement PDP et le premier entretien",
    unite: 'jours',
    sens: 'baisse',
    reculMois: 3,
    definition:
      "Pour les accompagnements PDP commencés dans le mois et qui ont eu au moins un entretien : nombre moyen de jours entre la date de début et le premier entretien. Les trois derniers mois de l'extrait ne sont pas retenus (premiers entretiens pas encore tous connus).",
    equivalentsAnnuels: [],
    entretiensParAccompagnement: true,
    sql: (f) => `SELECT a.departement, ${moisDe('a.date_debut')} AS mois,
        sum(date_diff('day', a.date_debut, p.premier_entretien))::DOUBLE AS num, count(*)::DOUBLE AS den,
        sum(date_diff('day', a.date_debut, p.premier_entretien) ^ 2)::DOUBLE AS num2
      FROM accompagnements a JOIN ${TABLE_ENTRETIENS} p USING (accompagnement_id)
      WHERE a.axe = ${lit(AXE)} AND a.date_debut >= ${d(f.debut)} AND a.date_debut < ${d(f.dernierMois)} + INTERVAL 1 MONTH
      GROUP BY ALL`,
  },
  {
    id: 'pdp.taux_maintien_emploi_cohorte',
    libelle: 'Taux de maintien en emploi des parcours PDP',
    court: 'Maintien en emploi des parcours PDP',
    nomDansPhrase: 'le taux de maintien en emploi des parcours PDP',
    unite: 'part',
    sens: 'hausse',
    reculMois: 12,
    definition:
      "Pour les accompagnements PDP commencés dans le mois, terminés avant la fin de l'extrait et ayant eu au moins 3 entretiens : part de ceux dont l'issue est un maintien en emploi (même poste, autre poste chez le même employeur, nouvel emploi). Les douze derniers mois de l'extrait ne sont pas retenus (parcours pas encore terminés).",
    equivalentsAnnuels: [],
    entretiensParAccompagnement: true,
    sql: (f) => `WITH maintien(code) AS ${codesDuGroupe('issue', 'MAINTIEN_EMPLOI')}
      SELECT a.departement, ${moisDe('a.date_debut')} AS mois,
        count(m.code)::DOUBLE AS num, count(*)::DOUBLE AS den, NULL::DOUBLE AS num2
      FROM accompagnements a JOIN ${TABLE_ENTRETIENS} n USING (accompagnement_id) LEFT JOIN maintien m ON m.code = a.issue
      WHERE a.axe = ${lit(AXE)} AND a.date_fin IS NOT NULL AND a.date_fin <= ${d(f.finDonnees)} AND n.entretiens_n >= 3
        AND a.date_debut >= ${d(f.debut)} AND a.date_debut < ${d(f.dernierMois)} + INTERVAL 1 MONTH
      GROUP BY ALL`,
  },
];

/** The evaluation indicator of an id; throws a French error when unknown. */
export function indicateurEvaluation(id: string): IndicateurEvaluation {
  const i = INDICATEURS_EVALUATION.find((x) => x.id === id);
  if (!i) throw new Error(`indicateur d'évaluation inconnu : ${id}`);
  return i;
}
