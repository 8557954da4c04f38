// The publication step (layer 4): table `facts` → table `published`, the only table the site
// and the exports read. Applies primary and secondary suppression (engine.ts) to the cells and
// relations declared in relations.ts, and records the run in `publication_state`.
import { queryRows, type Warehouse } from '../warehouse/db.ts';
import { DEFAULT_THRESHOLD, type Statut } from '../vocabulary.ts';
import { CATALOGUE } from '../indicators/index.ts';
import { protect, type EngineCell } from './engine.ts';
import { buildModel, type FactKey, type ModelOptions, type Niveau, type PublicationModel } from './relations.ts';

/** Default confidentiality threshold: counts 1 … 10 are never published nor recoverable. */
export { DEFAULT_THRESHOLD };

/** Status of a published row. */
export type { Statut };

/** Cost weight of hiding a cell, by level: keep national figures, then organismes. */
const LEVEL_WEIGHT: Record<Niveau, number> = { departement: 1, organisme: 10, national: 1000 };

/** A fact row as read from `facts`. */
export interface FactRow extends FactKey {
  valeur: number | null;
  numerateur: number | null;
  denominateur: number | null;
}

/** Outcome of a suppression run over fact rows (before writing). */
export interface Suppression {
  statut: Statut[];
  /** Per row: display text when not published ('< 11', 'n.s.', 's', '–'), null when published. */
  affichage: (string | null)[];
  /** Per row: whether numerateur/denominateur may be shown (the figure is not hidden). */
  shown: boolean[];
  rounds: number;
}

/** Summary of the last publication, as stored in `publication_state`. */
export interface PublicationState {
  seuil: number;
  lignes: number;
  publie: number;
  secret_primaire: number;
  secret_secondaire: number;
  sans_objet: number;
  tours: number;
  duree_ms: number;
}

/** Values of the model's cells: shown cells from their fact's columns, implicit ones from their relation. */
export function cellValues(model: PublicationModel, rows: readonly FactRow[]): (number | null)[] {
  const value: (number | null)[] = model.cells.map(() => null);
  for (const u of model.units) {
    const row = rows[u.fact]!;
    for (const s of u.shows) {
      const v = s.column === 'numerateur' ? (row.numerateur ?? row.valeur) : row.denominateur;
      if (v !== null && value[s.cell] === null) value[s.cell] = v;
    }
  }
  // Implicit cells: the one unknown of their relation (complement = base − numerator…).
  for (const r of model.relations) {
    const cells = [r.total, ...r.parts];
    const missing = cells.filter((c) => value[c] === null);
    if (missing.length !== 1) continue;
    const m = missing[0]!;
    const partsSum = r.parts.reduce((s, p) => s + (p === m ? 0 : value[p]!), 0);
    value[m] = m === r.total ? partsSum : value[r.total]! - partsSum;
  }
  return value;
}

/**
 * Display text of a hidden figure, the same whatever the reason it is hidden (primary or secondary),
 * so that the label itself tells nothing: '< T' for any hidden count, 'n.s.' for any hidden share,
 * rate, mean, duration, ratio or evolution, '–' for an empty base (see docs/confidentialite.md).
 */
function displayOf(unit: string, statut: Statut, threshold: number): string | null {
  if (statut === 'publie') return null;
  if (statut === 'sans_objet') return '–';
  return unit === 'personnes' || unit === 'evenements' ? `< ${threshold}` : 'n.s.';
}

/** Suppression over fact rows (pure: no warehouse), given the threshold. */
export function suppress(rows: readonly FactRow[], threshold: number, opts: ModelOptions = {}): Suppression {
  const model = buildModel(rows, opts);
  const values = cellValues(model, rows);
  const cells: EngineCell[] = model.cells.map((c, i) => ({
    value: Math.max(0, Math.round(values[i] ?? 0)),
    weight: LEVEL_WEIGHT[c.niveau],
  }));
  const result = protect({ cells, relations: model.relations, units: model.units.map((u) => ({ cells: u.shows.map((s) => s.cell) })) }, threshold);
  const unitOf = new Map((opts.catalogue ?? CATALOGUE).map((m) => [m.id, m.unit]));
  const statut: Statut[] = [];
  const affichage: (string | null)[] = [];
  const shown: boolean[] = [];
  model.units.forEach((u, k) => {
    const row = rows[u.fact]!;
    const s: Statut = row.valeur === null ? 'sans_objet' : result.units[k]!;
    statut[u.fact] = s;
    affichage[u.fact] = displayOf(unitOf.get(row.indicateur) ?? '', s, threshold);
    shown[u.fact] = result.units[k] === 'publie';
  });
  return { statut, affichage, shown, rounds: result.rounds };
}

/** Builds `published` (and `publication_state`) from `facts`; returns the summary. Threshold default 11. */
export async function publish(w: Warehouse, opts: { threshold?: number } = {}): Promise<PublicationState> {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`seuil invalide : ${threshold}`);
  const started = performance.now();
  const rows = await queryRows<FactRow>(w.con, `SELECT annee, niveau, code, indicateur, valeur, numerateur, denominateur
    FROM facts ORDER BY annee, niveau, code, indicateur`);
  const s = suppress(rows, threshold);
  await w.con.run(`CREATE OR REPLACE TABLE publication_statuts (
    annee INTEGER, niveau VARCHAR, code VARCHAR, indicateur VARCHAR, statut VARCHAR, affichage VARCHAR, montre BOOLEAN)`);
  const app = await w.con.createAppender('publication_statuts');
  rows.forEach((r, i) => {
    app.appendInteger(r.annee);
    app.appendVarchar(r.niveau);
    app.appendVarchar(r.code);
    app.appendVarchar(r.indicateur);
    app.appendVarchar(s.statut[i]!);
    const a = s.affichage[i];
    if (a === null || a === undefined) app.appendNull(); else app.appendVarchar(a);
    app.appendBoolean(s.shown[i]!);
    app.endRow();
  });
  app.closeSync();
  await w.con.run(`CREATE OR REPLACE TABLE published AS
    SELECT f.annee, f.niveau, f.code, f.indicateur,
      CASE WHEN s.statut = 'publie' THEN f.valeur END AS valeur,
      CASE WHEN s.montre THEN f.numerateur END AS numerateur,
      CASE WHEN s.montre THEN f.denominateur END AS denominateur,
      s.statut, s.affichage
    FROM facts f JOIN publication_statuts s USING (annee, niveau, code, indicateur)
    ORDER BY f.annee, f.niveau, f.code, f.indicateur`);
  await w.con.run('DROP TABLE publication_statuts');
  const count = (x: Statut): number => s.statut.filter((v) => v === x).length;
  const state: PublicationState = {
    seuil: threshold, lignes: rows.length, publie: count('publie'), secret_primaire: count('secret_primaire'),
    secret_secondaire: count('secret_secondaire'), sans_objet: count('sans_objet'), tours: s.rounds,
    duree_ms: Math.round(performance.now() - started),
  };
  await w.con.run(`CREATE OR REPLACE TABLE publication_state (seuil INTEGER, lignes INTEGER, publie INTEGER,
    secret_primaire INTEGER, secret_secondaire INTEGER, sans_objet INTEGER, tours INTEGER, duree_ms INTEGER, publie_le TIMESTAMP)`);
  await w.con.run(`INSERT INTO publication_state VALUES (${state.seuil}, ${state.lignes}, ${state.publie}, ${state.secret_primaire},
    ${state.secret_secondaire}, ${state.sans_objet}, ${state.tours}, ${state.duree_ms}, current_timestamp)`);
  return state;
}
