// The publication step (layer 4): table `facts` → table `published`, the only table the site
// and the exports read. Applies primary and secondary suppression (engine.ts) to the cells and
// relations declared in relations.ts, in one transaction, and records the run and the signature of
// its inputs in `publication_state`. `published.statut` (primary / secondary) stays in the
// warehouse; what leaves it is `affichage`: « s » for every hidden value, « – » for an empty base.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { queryRows, tableExists, type Warehouse } from '../warehouse/db.ts';
import type { StatutPublication } from '../vocabulary.ts';
import { protect, type EngineCell } from './engine.ts';
import { buildModel, type ExternalTotal, type FactKey, type ModelOptions, type Niveau, type PublicationModel } from './relations.ts';
import { DEFAULT_THRESHOLD, EMPTY_MARK, HIDDEN_MARK, RULE_VERSION } from './rule.ts';

/** Status of a published row (warehouse only: never printed by the site nor the exports). */
type Statut = StatutPublication;

/** Cost weight of hiding a cell, by level: keep national figures (above any headline figure), then organismes. */
const LEVEL_WEIGHT: Record<Niveau, number> = { departement: 1, organisme: 10, national: 1_000_000 };

/**
 * Headline figures (people accompanied — all, PDP, SPS — and entretiens of every organisme and
 * département): hiding one costs HEADLINE_WEIGHT times more, so that the secondary suppression
 * hides one only when nothing else protects the cell.
 */
export const HEADLINE_IDS: readonly string[] = ['assures_accompagnes', 'pdp.assures_accompagnes', 'sps.assures_accompagnes', 'entretiens'];
const HEADLINE_WEIGHT = 1000;

/** A fact row as read from `facts`. */
export interface FactRow extends FactKey {
  valeur: number | null;
  numerateur: number | null;
  denominateur: number | null;
}

/** Outcome of a suppression run over fact rows (before writing). */
export interface Suppression {
  statut: Statut[];
  /** Per row: display text when not published (« s », or « – » on an empty base), null when published. */
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
  /** Signature of the inputs (facts, threshold, reference data, rule version). */
  signature: string;
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
  // Implicit cells: the one unknown of an equality (complement = base − numerator…), to a fixpoint.
  for (let changed = true; changed;) {
    changed = false;
    for (const r of model.relations) {
      if ((r.sense ?? 'eq') !== 'eq' || model.external.has(r.total)) continue;
      const cells = [r.total, ...r.parts];
      const missing = cells.filter((c) => value[c] === null);
      if (missing.length !== 1) continue;
      const m = missing[0]!;
      const partsSum = r.parts.reduce((s, p) => s + (p === m ? 0 : value[p]!), 0);
      value[m] = m === r.total ? partsSum : value[r.total]! - partsSum;
      changed = true;
    }
  }
  return value;
}

/**
 * Display text of a figure that is not published, the same whatever the reason it is hidden and
 * whatever its unit (spec « Publication rule »): « s », or « – » for an empty base.
 */
function displayOf(statut: Statut): string | null {
  if (statut === 'publie') return null;
  return statut === 'sans_objet' ? EMPTY_MARK : HIDDEN_MARK;
}

/** Cost weight of hiding a cell: its level's, times HEADLINE_WEIGHT for a headline figure below the nation. */
function weightOf(c: { niveau: Niveau; name: string }): number {
  return LEVEL_WEIGHT[c.niveau] * (c.niveau !== 'national' && HEADLINE_IDS.includes(c.name) ? HEADLINE_WEIGHT : 1);
}

/**
 * Suppression over fact rows (pure: no warehouse), given the threshold. External totals
 * (opts.external: the evaluation's group totals) that do not hold on these facts are left out:
 * they describe an older published set, and the audit judges the new one.
 */
export function suppress(rows: readonly FactRow[], threshold: number, opts: ModelOptions = {}): Suppression {
  const model = buildModel(rows, { ...opts, external: holdingExternals(rows, opts) });
  const values = cellValues(model, rows);
  // An external total is known to the reader: its value is the sum of its (true) parts.
  for (const cell of model.external.keys()) {
    const r = model.relations.find((x) => x.total === cell)!;
    values[cell] = r.parts.reduce((t, p) => t + (values[p] ?? 0), 0);
  }
  const cells: EngineCell[] = model.cells.map((c, i) => ({
    value: Math.max(0, Math.round(values[i] ?? 0)),
    weight: weightOf(c),
  }));
  const fixed = model.cells.map((_, i) => model.external.has(i));
  const result = protect(
    { cells, relations: model.relations, units: model.units.map((u) => ({ cells: u.shows.map((s) => s.cell) })), fixed },
    threshold,
  );
  const statut: Statut[] = [];
  const affichage: (string | null)[] = [];
  const shown: boolean[] = [];
  model.units.forEach((u, k) => {
    const row = rows[u.fact]!;
    const s: Statut = row.valeur === null ? 'sans_objet' : result.units[k]!;
    statut[u.fact] = s;
    affichage[u.fact] = displayOf(s);
    shown[u.fact] = result.units[k] === 'publie';
  });
  return { statut, affichage, shown, rounds: result.rounds };
}

/** The external totals of opts that hold on the facts (Σ of their cells within [lo, hi]). */
function holdingExternals(rows: readonly FactRow[], opts: ModelOptions): ExternalTotal[] {
  if (!opts.external?.length) return [];
  const model = buildModel(rows, opts);
  const values = cellValues(model, rows);
  const names = new Set<string>();
  for (const [cell, range] of model.external) {
    const r = model.relations.find((x) => x.total === cell)!;
    const sum = r.parts.reduce((t, p) => t + (values[p] ?? NaN), 0);
    if (sum >= range.lo - 1e-6 && sum <= range.hi + 1e-6) names.add(model.cells[cell]!.name);
  }
  return opts.external.filter((x) => names.has(x.name));
}

/**
 * Signature of what a publication depends on: the facts (every row), the threshold, the reference
 * data (data/reference/*.csv) and the rule's version. Stored with the published set; a build
 * republishes whenever it differs (e.g. after an interrupted run). The evaluation's totals are not
 * part of it: they follow from the published set (ensure.ts runs both until the audit passes).
 */
export async function publicationSignature(w: Warehouse, threshold: number): Promise<string> {
  const [f] = await queryRows<{ n: number; h: string }>(
    w.con,
    `SELECT count(*) AS n,
    coalesce(sum(hash(annee, niveau, code, indicateur, valeur, numerateur, denominateur)::HUGEINT), 0)::VARCHAR AS h FROM facts`,
  );
  const hash = createHash('sha256').update(`${RULE_VERSION}|${threshold}|${f?.n}|${f?.h}`);
  const ref = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'reference');
  for (const file of readdirSync(ref)
    .filter((x) => x.endsWith('.csv'))
    .sort())
    hash.update(file).update(readFileSync(join(ref, file)));
  return hash.digest('hex');
}

/** The signature stored with the published set and whether its run completed (evaluation and audit), or null. */
export async function storedSignature(
  w: Warehouse,
): Promise<{ signature: string; complet: boolean; contenuAudite: string | null; rapportAudit: string | null } | null> {
  if (!(await tableExists(w.con, 'published')) || !(await tableExists(w.con, 'publication_state'))) return null;
  const rows = await queryRows<{
    signature: string | null;
    complet: boolean | null;
    contenu_audite: string | null;
    rapport_audit: string | null;
  }>(w.con, 'SELECT signature, complet, contenu_audite, rapport_audit FROM publication_state').catch(() => []);
  const r = rows[0];
  return r?.signature
    ? { signature: r.signature, complet: r.complet === true, contenuAudite: r.contenu_audite, rapportAudit: r.rapport_audit }
    : null;
}

/**
 * Builds `published` (and `publication_state`) from `facts`, in one transaction; returns the
 * summary. Threshold default DEFAULT_THRESHOLD. `external`: group totals other pages publish (the
 * evaluation's), protected together with the bilan's figures.
 */
export async function publish(
  w: Warehouse,
  opts: { threshold?: number; external?: readonly ExternalTotal[] } = {},
): Promise<PublicationState> {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`seuil invalide : ${threshold}`);
  const started = performance.now();
  const rows = await queryRows<FactRow>(
    w.con,
    `SELECT annee, niveau, code, indicateur, valeur, numerateur, denominateur
    FROM facts ORDER BY annee, niveau, code, indicateur`,
  );
  const signature = await publicationSignature(w, threshold);
  const s = suppress(rows, threshold, opts.external?.length ? { external: opts.external } : {});
  const count = (x: Statut): number => s.statut.filter((v) => v === x).length;
  await w.con.run('BEGIN TRANSACTION');
  try {
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
      if (a === null || a === undefined) app.appendNull();
      else app.appendVarchar(a);
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
    const state: PublicationState = {
      seuil: threshold,
      lignes: rows.length,
      publie: count('publie'),
      secret_primaire: count('secret_primaire'),
      secret_secondaire: count('secret_secondaire'),
      sans_objet: count('sans_objet'),
      tours: s.rounds,
      duree_ms: Math.round(performance.now() - started),
      signature,
    };
    await w.con.run(`CREATE OR REPLACE TABLE publication_state (seuil INTEGER, lignes INTEGER, publie INTEGER,
      secret_primaire INTEGER, secret_secondaire INTEGER, sans_objet INTEGER, tours INTEGER, duree_ms INTEGER, publie_le TIMESTAMP,
      signature VARCHAR, version_regle VARCHAR, complet BOOLEAN, contenu_audite VARCHAR, rapport_audit VARCHAR)`);
    await w.con.run(`INSERT INTO publication_state VALUES (${state.seuil}, ${state.lignes}, ${state.publie}, ${state.secret_primaire},
      ${state.secret_secondaire}, ${state.sans_objet}, ${state.tours}, ${state.duree_ms}, current_timestamp, '${signature}', '${RULE_VERSION}', false, NULL, NULL)`);
    await w.con.run('COMMIT');
    return state;
  } catch (e) {
    await w.con.run('ROLLBACK');
    throw e;
  }
}
