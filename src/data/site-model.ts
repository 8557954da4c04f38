// The site's data model: what the loaders print (from the published set and the metadata) and
// how pages, charts and commentary read it. Browser-safe and pure (types, decoding, lookups):
// the loaders import it in Node, the pages in the browser.
import { MARQUE_SECRET, type Cellule, type Statut, type Unite } from '../format/index.js';
import type { SourceDonnees } from '../charts/common.js';

/** A cell as printed in JSON: a number (published), null (sans objet: empty base), or the mark
 *  « s » of a value hidden by the rule — nothing tells why (primary or secondary). */
export type CelluleJson = number | null | 's';

/** Level of a scope. */
import type { Niveau } from '../vocabulary.js';

export type { Niveau };

/** One scope with its figures: indicator id → one cell per year of `annees`. */
export interface JeuPerimetre {
  niveau: Niveau;
  code: string;
  nom: string;
  /** Link to the scope's page, relative to the site root (« organismes/CARSAT_LR.html »). */
  lien: string;
  valeurs: Record<string, CelluleJson[]>;
}

/** Everything one bilan page shows: its scope, its parents (organisme, nation), its children. */
export interface BilanPerimetre {
  annees: number[];
  perimetre: JeuPerimetre;
  /** From the closest: the organisme of a département, then the nation. */
  parents: JeuPerimetre[];
  /** The départements of an organisme, the organismes of the nation (main indicators only). */
  enfants: JeuPerimetre[];
}

/** Every scope side by side for the main indicators (comparison page). */
export interface Comparaison {
  annees: number[];
  indicateurs: string[];
  /** `bases`: the base (n) of each rate (published count it is computed on), one per year, null when not shown. */
  perimetres: (JeuPerimetre & { organisme?: string; bases?: Record<string, (number | null)[]> })[];
}

/** Indicator metadata the site shows (from the catalogue of src/indicators). */
export interface MetaIndicateur {
  id: string;
  libelle: string;
  unite: Unite;
  definition: string;
  base?: string;
  famille?: string;
  /** The category a member of a breakdown counts, with its French label. */
  categorie?: { liste: string; code: string; libelle: string };
}

/** Metadata of the site: threshold, years, indicators, reference data. */
export interface Meta {
  seuil: number;
  annees: number[];
  /** When the published set was built (« AAAA-MM-JJ HH:MM », warehouse clock), if known. */
  publieLe: string | null;
  indicateurs: MetaIndicateur[];
  organismes: { code: string; nom: string; type: string; departements: string[] }[];
  departements: { code: string; nom: string; organisme: string }[];
  /** Counts of cells: published, hidden (« s », whatever the reason), without object (for the methodology page). */
  statuts: Record<Statut, number>;
  /** Scopes that have a page (« organisme:CARSAT_LR », « departement:11 »): those with data. */
  pages: string[];
  /** Where the figures come from: synthetic or real extract, extract date (src/warehouse/provenance.ts). */
  provenance: SourceDonnees;
}

/** Aggregated load report (data quality page): never a rejected record's content. */
export interface Qualite {
  fichiers: { fichier: string; table: string | null; statut: string; lues: number; chargees: number; rejetees: number; /** « AAAA-MM-JJ HH:MM » */ chargeLe: string }[];
  parRegle: { code: string; titre: string; table: string | null; colonne: string | null; lignes: number }[];
  /** Rejected rows per département: a count, or « s » when the publication rule hides it. */
  parDepartement: { departement: string; nom: string; lignes: number | 's' }[];
  avertissements: { code: string; titre: string; table: string | null; nombre: number }[];
  totaux: { fichiers: number; lues: number; chargees: number; rejetees: number };
  /** Threshold the counts per département follow (that of the publication). */
  seuil: number;
}

/** The key figures of a bilan: the top of the synthèse and scope pages, of the exported tables and of the PDF. */
export const CHIFFRES_CLES: readonly { id: string; libelle: string }[] = [
  { id: 'assures_accompagnes', libelle: 'assurés accompagnés (tous axes)' },
  { id: 'pdp.assures_accompagnes', libelle: 'assurés accompagnés en PDP' },
  { id: 'sps.assures_accompagnes', libelle: 'assurés accompagnés en SPS' },
  { id: 'entretiens', libelle: 'entretiens' },
  { id: 'pdp.taux_maintien_employabilite', libelle: "maintien dans l'emploi ou l'employabilité (PDP)" },
  { id: 'satisfaction.taux', libelle: 'assurés satisfaits' },
];

/** The main indicators, compared across scopes (comparison page, children tables). */
export const INDICATEURS_PRINCIPAUX: readonly string[] = [
  'assures_accompagnes', 'pdp.assures_accompagnes', 'evolution.pdp.assures_accompagnes', 'sps.assures_accompagnes',
  'entretiens', 'entretiens_par_assure', 'pdp.part_assures_5_entretiens',
  'pdp.signalements', 'pdp.part_spst_parmi_externes', 'pdp.taux_transformation',
  'pdp.parcours_finalises', 'pdp.taux_maintien_emploi', 'pdp.taux_maintien_employabilite', 'pdp.duree_mois.mediane',
  'pdp.part_femmes', 'pdp.part_age.60_plus', 'pdp.preconisations', 'pdp.actions_remobilisation',
  'instances.ic_pdp', 'satisfaction.taux', 'assures_par_etp', 'pdp.taux_couverture',
];

/** The columns of the comparison table before the reader chooses others: activity, outcome, satisfaction. */
export const COLONNES_PAR_DEFAUT: readonly string[] = [
  'assures_accompagnes', 'pdp.assures_accompagnes', 'evolution.pdp.assures_accompagnes', 'pdp.taux_maintien_employabilite', 'satisfaction.taux',
];

/** Decodes a JSON cell. */
export function decoder(c: CelluleJson | undefined): Cellule {
  if (c === undefined || c === null) return { valeur: null, statut: 'sans_objet' };
  if (typeof c === 'number') return { valeur: c, statut: 'publie' };
  return { valeur: null, statut: 'secret', marque: MARQUE_SECRET };
}

/** Encodes a published row's cell for JSON: its value, null on an empty base, « s » when hidden. */
export function encoder(valeur: number | null, statut: Statut): CelluleJson {
  if (statut === 'publie' && valeur !== null && Number.isFinite(valeur)) return Number(valeur.toPrecision(12));
  if (statut === 'publie' || statut === 'sans_objet') return null;
  return MARQUE_SECRET;
}

/** Reads one indicator of one year in a scope's figures. */
type Lecteur = (id: string, annee: number) => Cellule;

/** A reader over one scope's figures. */
function lecteur(jeu: Pick<JeuPerimetre, 'valeurs'>, annees: readonly number[]): Lecteur {
  return (id, annee) => decoder(jeu.valeurs[id]?.[annees.indexOf(annee)]);
}

/** Metadata by id. */
function indexMeta(meta: Pick<Meta, 'indicateurs'>): Map<string, MetaIndicateur> {
  return new Map(meta.indicateurs.map((m) => [m.id, m]));
}

/** The link of a scope's page, relative to the site root, with its `.html`: the site works on any
 *  static server, at the root or under a sub-path, with no rewriting of addresses. */
export function lienPerimetre(niveau: Niveau, code: string): string {
  return niveau === 'national' ? 'index.html' : niveau === 'organisme' ? `organismes/${code}.html` : `departements/${code}.html`;
}

/** The display name of a scope (« France entière » for the nation). */
export const NOM_NATIONAL = 'France entière';

/** A scope as charts and commentary read it. */
export interface Perimetre {
  niveau: Niveau;
  code: string;
  nom: string;
  lire: Lecteur;
}

/** What the charts and the commentary of one bilan need: the year, the scope and its parents. */
export interface ContexteBilan {
  annee: number;
  annees: number[];
  perimetre: Perimetre;
  /** From the closest (organisme of a département) to the nation. */
  parents: Perimetre[];
  indicateurs: Map<string, MetaIndicateur>;
  seuil: number;
  /** Provenance of the figures (source line of the charts, synthetic mention); null if unknown. */
  source?: SourceDonnees | null;
}

/** Builds the context of one bilan page for a year. */
export function contexteBilan(bilan: BilanPerimetre, meta: Pick<Meta, 'indicateurs' | 'seuil'> & Partial<Pick<Meta, 'provenance'>>, annee: number): ContexteBilan {
  const perimetre = (j: JeuPerimetre): Perimetre => ({ niveau: j.niveau, code: j.code, nom: j.nom, lire: lecteur(j, bilan.annees) });
  return { annee, annees: bilan.annees, perimetre: perimetre(bilan.perimetre), parents: bilan.parents.map(perimetre), indicateurs: indexMeta(meta), seuil: meta.seuil, source: meta.provenance ?? null };
}
