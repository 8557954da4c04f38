// Reads what the site may show from the warehouse: the published set (never `facts`), the
// indicator metadata, the reference data and the aggregated load report; shapes it as the site's
// data model (site-model.ts). Node only: used by the loaders of src/data and by the tests.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { DEPARTEMENTS, ORGANISMES, labelOf, type CodeList } from '../contract/reference.ts';
import { RULE_TEXTS } from '../contract/messages.ts';
import type { RuleCode } from '../contract/schema.ts';
import { AGE_BRACKETS, CATALOGUE } from '../indicators/index.ts';
import { queryRows, tableExists } from '../warehouse/db.ts';
import { readProvenance } from '../warehouse/provenance.ts';
import { warehousePath } from '../config.ts';
import { MARQUE_SECRET, SEUIL_DEFAUT, type Statut } from '../format/index.ts';
import { protectBreakdown } from '../publication/engine.ts';
import {
  encoder, lienPerimetre, INDICATEURS_PRINCIPAUX, NOM_NATIONAL,
  type BilanPerimetre, type CelluleJson, type Comparaison, type JeuPerimetre, type Meta, type MetaIndicateur, type Niveau, type Qualite,
} from './site-model.ts';
import type { Provenance } from '../warehouse/provenance.ts';


/** An open read-only connection (several loaders may read at once) and how to close it. */
export interface Lecture {
  con: DuckDBConnection;
  fermer: () => void;
}

/** Opens the warehouse read-only; throws a French error if it is missing. */
export async function ouvrirLecture(chemin = warehousePath()): Promise<Lecture> {
  if (!existsSync(chemin)) throw new Error(`entrepôt introuvable : ${chemin} (lancer « npm run build » ou définir BILAN_DB)`);
  const instance = await DuckDBInstance.create(chemin, { access_mode: 'READ_ONLY' });
  const con = await instance.connect();
  return { con, fermer: () => { con.closeSync(); instance.closeSync(); } };
}

/** A row of `published` as the site may know it: the value, or that it is hidden (never why). */
export interface LignePubliee {
  annee: number;
  niveau: Niveau;
  code: string;
  indicateur: string;
  valeur: number | null;
  statut: Statut;
  /** The count a rate, share, mean or evolution is computed on (its base), shown with the figure; null otherwise. */
  denominateur: number | null;
}

/** SQL: the reader's status of a published row (the warehouse's primary / secondary become one « secret »). */
const STATUT_LECTEUR = "CASE WHEN statut = 'publie' THEN 'publie' WHEN statut = 'sans_objet' THEN 'sans_objet' ELSE 'secret' END";

/** Every row of `published` (throws in French if the publication step has not run). */
export async function lignesPubliees(con: DuckDBConnection): Promise<LignePubliee[]> {
  if (!(await tableExists(con, 'published'))) throw new Error("table « published » absente : lancer la publication (npm run build) avant de construire le site");
  return queryRows<LignePubliee>(con, `SELECT annee, niveau, code, indicateur, valeur, ${STATUT_LECTEUR} AS statut, denominateur FROM published`);
}

/** The years of the published set, ascending. */
function anneesDe(lignes: readonly { annee: number }[]): number[] {
  return [...new Set(lignes.map((l) => l.annee))].sort((a, b) => a - b);
}

const nomDe = (niveau: Niveau, code: string): string =>
  niveau === 'national' ? NOM_NATIONAL
    : niveau === 'organisme' ? (ORGANISMES.find((o) => o.organisme === code)?.nom ?? code)
      : (DEPARTEMENTS.find((d) => d.departement === code)?.nom ?? code);

/** Whether a published cell says there was activity: a value other than 0, or a hidden one. */
const actif = (l: { valeur: number | null; statut: Statut }): boolean => (l.statut === 'publie' ? l.valeur !== null && l.valeur !== 0 : l.statut !== 'sans_objet');

/** Keys (« niveau:code ») of the scopes with some activity (not only zeros and empty bases): the
 *  ones the site has a page for (a regional extract leaves the other scopes empty). */
function perimetresAvecDonnees(lignes: readonly { niveau: string; code: string; valeur: number | null; statut: Statut }[]): Set<string> {
  return new Set(lignes.filter(actif).map((l) => `${l.niveau}:${l.code}`));
}

/** Groups published rows into one JeuPerimetre per scope (key « niveau:code »), ids limited to `ids` if given. */
function jeux(lignes: readonly LignePubliee[], annees: readonly number[], ids?: ReadonlySet<string>): Map<string, JeuPerimetre> {
  const out = new Map<string, JeuPerimetre>();
  const rang = new Map(annees.map((a, i) => [a, i]));
  const avecDonnees = perimetresAvecDonnees(lignes);
  for (const l of lignes) {
    if (ids && !ids.has(l.indicateur)) continue;
    const cle = `${l.niveau}:${l.code}`;
    if (!avecDonnees.has(cle)) continue;
    let jeu = out.get(cle);
    if (!jeu) out.set(cle, (jeu = { niveau: l.niveau, code: l.code, nom: nomDe(l.niveau, l.code), lien: lienPerimetre(l.niveau, l.code), valeurs: {} }));
    const serie = (jeu.valeurs[l.indicateur] ??= annees.map((): CelluleJson => null));
    serie[rang.get(l.annee)!] = encoder(l.valeur, l.statut);
  }
  return out;
}

/** What every page of the site needs at build time (Framework's config): the scopes that have a
 *  page, and the provenance of the data. */
export interface Navigation {
  /** Scopes with data, organismes first then départements, by code. */
  perimetres: { niveau: Exclude<Niveau, 'national'>; code: string; nom: string }[];
  provenance: Provenance;
}

/** Reads the Navigation from the warehouse (no scope and a real extract when there is no warehouse yet). */
export async function lireNavigation(chemin = warehousePath()): Promise<Navigation> {
  if (!existsSync(chemin)) return { perimetres: [], provenance: { synthetique: false, dateExtraction: null } };
  const lecture = await ouvrirLecture(chemin);
  try {
    const lignes = (await tableExists(lecture.con, 'published')) ? await queryRows<{ niveau: 'organisme' | 'departement'; code: string }>(lecture.con, `SELECT DISTINCT niveau, code FROM published
      WHERE niveau <> 'national' AND ((statut = 'publie' AND valeur <> 0) OR statut IN ('secret_primaire', 'secret_secondaire'))
      ORDER BY niveau DESC, code`) : [];
    return { perimetres: lignes.map((l) => ({ ...l, nom: nomDe(l.niveau, l.code) })), provenance: await readProvenance(lecture.con) };
  } finally {
    lecture.fermer();
  }
}

/** The threshold of the last publication (publication_state), else the default. */
async function seuilPublie(con: DuckDBConnection): Promise<number> {
  if (!(await tableExists(con, 'publication_state'))) return SEUIL_DEFAUT;
  const [etat] = await queryRows<{ seuil: number }>(con, 'SELECT seuil FROM publication_state');
  return etat?.seuil ?? SEUIL_DEFAUT;
}

/** The site metadata: threshold, years, indicators with their labels, reference data, status counts. */
export async function lireMeta(con: DuckDBConnection, lignes?: readonly LignePubliee[]): Promise<Meta> {
  lignes ??= await lignesPubliees(con);
  let seuil = SEUIL_DEFAUT;
  let publieLe: string | null = null;
  if (await tableExists(con, 'publication_state')) {
    const [etat] = await queryRows<{ seuil: number; publie_le: string | null }>(con, "SELECT seuil, strftime(publie_le, '%Y-%m-%d %H:%M') AS publie_le FROM publication_state");
    if (etat) {
      seuil = etat.seuil;
      publieLe = etat.publie_le;
    }
  }
  const statuts: Record<Statut, number> = { publie: 0, secret: 0, sans_objet: 0 };
  for (const l of lignes) statuts[l.statut]++;
  const presents = new Set(lignes.map((l) => l.indicateur));
  const indicateurs = CATALOGUE.filter((m) => presents.has(m.id)).map((m): MetaIndicateur => ({
    id: m.id, libelle: m.label, unite: m.unit, definition: m.definition,
    ...(m.base ? { base: m.base } : {}),
    ...(m.family ? { famille: m.family } : {}),
    ...(m.category ? { categorie: { liste: m.category.list, code: m.category.code, libelle: libelleCategorie(m.category.list, m.category.code) } } : {}),
  }));
  const avecDonnees = perimetresAvecDonnees(lignes);
  return {
    seuil, annees: anneesDe(lignes), publieLe, indicateurs, statuts, pages: [...avecDonnees].filter((k) => k !== 'national:FR').sort(), provenance: await readProvenance(con),
    organismes: ORGANISMES.map((o) => ({ code: o.organisme, nom: o.nom, type: o.type, departements: DEPARTEMENTS.filter((d) => d.organisme === o.organisme).map((d) => d.departement) })),
    departements: DEPARTEMENTS.map((d) => ({ code: d.departement, nom: d.nom, organisme: d.organisme })),
  };
}

/** French label of a category code (age brackets have no code list). */
function libelleCategorie(liste: string, code: string): string {
  if (liste === 'tranche_age') {
    const b = AGE_BRACKETS.find((x) => x.code === code);
    return b ? b.label.charAt(0).toUpperCase() + b.label.slice(1) : code;
  }
  return labelOf(liste as CodeList, code);
}

/** One BilanPerimetre per scope, keyed by file name (« national », « organisme-CARSAT_LR », « departement-11 »). */
export async function lireBilans(con: DuckDBConnection, lignes?: readonly LignePubliee[]): Promise<Map<string, BilanPerimetre>> {
  lignes ??= await lignesPubliees(con);
  const annees = anneesDe(lignes);
  const tous = jeux(lignes, annees);
  const principaux = jeux(lignes, annees, new Set(INDICATEURS_PRINCIPAUX));
  const national = tous.get('national:FR');
  const out = new Map<string, BilanPerimetre>();
  const parents = (p?: JeuPerimetre) => [p, national].filter((x): x is JeuPerimetre => !!x);
  if (national) {
    out.set('national', { annees, perimetre: national, parents: [], enfants: ORGANISMES.map((o) => principaux.get(`organisme:${o.organisme}`)).filter((x): x is JeuPerimetre => !!x) });
  }
  for (const o of ORGANISMES) {
    const jeu = tous.get(`organisme:${o.organisme}`);
    if (!jeu) continue;
    const enfants = DEPARTEMENTS.filter((d) => d.organisme === o.organisme).map((d) => principaux.get(`departement:${d.departement}`)).filter((x): x is JeuPerimetre => !!x);
    out.set(`organisme-${o.organisme}`, { annees, perimetre: jeu, parents: parents(), enfants });
  }
  for (const d of DEPARTEMENTS) {
    const jeu = tous.get(`departement:${d.departement}`);
    if (!jeu) continue;
    out.set(`departement-${d.departement}`, { annees, perimetre: jeu, parents: parents(tous.get(`organisme:${d.organisme}`)), enfants: [] });
  }
  return out;
}

/** Whether an indicator has a base (n): the number of cases (people, events, answers) a rate, share,
 *  mean, duration, ratio or evolution is computed on — its published `denominateur`, which the
 *  publication shows with the figure (a published share gives its base: docs/confidentialite.md).
 *  Counts have none; nor has a ratio to the ETP of assistants (its denominator is not a number of cases). */
export function aUneBase(id: string): boolean {
  const m = CATALOGUE.find((x) => x.id === id);
  return !!m && m.unit !== 'personnes' && m.unit !== 'evenements' && m.requires !== 'effectifs';
}

/** The base (n) of every rate of `ids` with one, by scope (« niveau:code ») then indicator: one
 *  count per year, null when the figure is not shown (hidden, or no such year). */
export function basesDesTaux(
  lignes: readonly LignePubliee[], annees: readonly number[], ids: ReadonlySet<string>,
): Map<string, Record<string, (number | null)[]>> {
  const avecBase = new Set([...ids].filter(aUneBase));
  const rang = new Map(annees.map((a, i) => [a, i]));
  const out = new Map<string, Record<string, (number | null)[]>>();
  for (const l of lignes) {
    if (!avecBase.has(l.indicateur) || l.statut !== 'publie' || l.denominateur === null) continue;
    const cle = `${l.niveau}:${l.code}`;
    let b = out.get(cle);
    if (!b) out.set(cle, (b = {}));
    (b[l.indicateur] ??= annees.map(() => null))[rang.get(l.annee)!] = l.denominateur;
  }
  return out;
}

/** Every scope for the main indicators, with the base (n) of each rate. */
async function lireComparaison(con: DuckDBConnection, lignes?: readonly LignePubliee[]): Promise<Comparaison> {
  lignes ??= await lignesPubliees(con);
  const annees = anneesDe(lignes);
  const present = new Set(lignes.map((l) => l.indicateur));
  const indicateurs = INDICATEURS_PRINCIPAUX.filter((id) => present.has(id));
  const tous = jeux(lignes, annees, new Set(indicateurs));
  const bases = basesDesTaux(lignes, annees, new Set(indicateurs));
  const organismeDe = new Map(DEPARTEMENTS.map((d) => [d.departement, d.organisme]));
  const perimetres = [...tous.values()].map((j) => {
    const b = bases.get(`${j.niveau}:${j.code}`);
    const avecBases = b ? { ...j, bases: b } : j;
    return j.niveau === 'departement' ? { ...avecBases, organisme: organismeDe.get(j.code)! } : avecBases;
  });
  const ordre = (j: JeuPerimetre) => (j.niveau === 'national' ? 0 : j.niveau === 'organisme' ? 1 : 2);
  perimetres.sort((a, b) => ordre(a) - ordre(b) || a.code.localeCompare(b.code));
  return { annees, indicateurs, perimetres };
}

/** The load report, aggregated: files, rejected rows by rule and by département, warnings by rule. */
export async function lireQualite(con: DuckDBConnection): Promise<Qualite> {
  const titre = (code: string) => RULE_TEXTS[code as RuleCode]?.title ?? code;
  const fichiers = await queryRows<{ fichier: string; table_name: string | null; statut: string; rows_read: number; rows_loaded: number; rows_rejected: number; charge_le: string }>(con,
    "SELECT fichier, table_name, statut, rows_read, rows_loaded, rows_rejected, strftime(charge_le, '%Y-%m-%d %H:%M') AS charge_le FROM load_files ORDER BY id");
  const parRegle = await queryRows<{ code: string; table_name: string | null; colonne: string | null; lignes: number }>(con, `
    SELECT code, table_name, colonne, count(DISTINCT (fichier_id, ligne)) AS lignes FROM load_rejects
    GROUP BY ALL ORDER BY lignes DESC, code, table_name, colonne`);
  const parDep = await queryRows<{ departement: string; lignes: number }>(con, `
    SELECT coalesce(departement, '') AS departement, count(DISTINCT (fichier_id, ligne)) AS lignes FROM load_rejects
    GROUP BY ALL ORDER BY lignes DESC, departement`);
  const avert = await queryRows<{ code: string; table_name: string | null; nombre: number }>(con, `
    SELECT code, table_name, count(*) AS nombre FROM load_warnings GROUP BY ALL ORDER BY nombre DESC, code`);
  const nomDep = new Map(DEPARTEMENTS.map((d) => [d.departement, d.nom]));
  // Counts per département follow the publication rule (a département is a territory): the total of
  // rejected rows is shown (files), so a part in 1 … T−1 is hidden with enough others (« s »).
  const seuil = await seuilPublie(con);
  const caches = protectBreakdown(parDep.map((d) => d.lignes), seuil);
  return {
    fichiers: fichiers.map((f) => ({ fichier: f.fichier, table: f.table_name, statut: f.statut, lues: f.rows_read, chargees: f.rows_loaded, rejetees: f.rows_rejected, chargeLe: f.charge_le })),
    parRegle: parRegle.map((r) => ({ code: r.code, titre: titre(r.code), table: r.table_name, colonne: r.colonne, lignes: r.lignes })),
    parDepartement: parDep.map((d, i) => ({ departement: d.departement, nom: nomDep.get(d.departement) ?? 'Département absent ou inconnu', lignes: caches[i] ? MARQUE_SECRET : d.lignes })),
    avertissements: avert.map((a) => ({ code: a.code, titre: titre(a.code), table: a.table_name, nombre: a.nombre })),
    totaux: {
      fichiers: fichiers.length,
      lues: fichiers.reduce((s, f) => s + f.rows_read, 0),
      chargees: fichiers.reduce((s, f) => s + f.rows_loaded, 0),
      rejetees: fichiers.reduce((s, f) => s + f.rows_rejected, 0),
    },
    seuil,
  };
}

/** Every dataset of the site, from one read of the published set: file name → JSON text
 *  (meta.json, comparaison.json, qualite.json, perimetres/<scope>.json). */
export async function lireSite(con: DuckDBConnection): Promise<Map<string, string>> {
  const lignes = await lignesPubliees(con);
  const out = new Map<string, string>([
    ['meta.json', JSON.stringify(await lireMeta(con, lignes))],
    ['comparaison.json', JSON.stringify(await lireComparaison(con, lignes))],
    ['qualite.json', JSON.stringify(await lireQualite(con))],
  ]);
  for (const [nom, bilan] of await lireBilans(con, lignes)) out.set(`perimetres/${nom}.json`, JSON.stringify(bilan));
  return out;
}
