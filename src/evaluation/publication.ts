// The published evaluation: every pilot evaluated once, after the confidentiality step, and stored
// in `published_evaluation` (one row per pilot, its JSON result `ResultatPilote` — series already
// protected by src/evaluation/protect.ts, no raw figure). Loaders read this table, never the
// contract tables. Besides the group series (shape unchanged: `SerieProtegee` points), a result
// holds figures derived from them or from the placebo draws only: the estimate and interval, the
// power (MDE), the event-study gaps at the periods of the published points (never finer), the
// placebo histogram, and for robustness variants their direction, detection and p (no figure).
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit, queryRows, tableExists } from '../warehouse/db.ts';
import { evaluateAll, type AvecConnexion, type OptionsEvaluation, type ResultatPilote } from './index.ts';

/** Evaluates every pilot of the reference file and replaces `published_evaluation`; returns the pilot count. */
export async function publishEvaluation(
  w: AvecConnexion,
  opts: Omit<OptionsEvaluation, 'departements' | 'debut' | 'indicateurs' | 'brut'> = {},
): Promise<number> {
  const resultats = await evaluateAll(w, opts);
  const lignes = resultats.map((r, i) => `(${i}, ${lit(r.id)}, ${lit(JSON.stringify(r))})`);
  await w.con.run('BEGIN TRANSACTION');
  try {
    await w.con.run('CREATE OR REPLACE TABLE published_evaluation (ordre INTEGER, pilote VARCHAR, resultat VARCHAR)');
    if (lignes.length) await w.con.run(`INSERT INTO published_evaluation VALUES ${lignes.join(', ')}`);
    await w.con.run('COMMIT');
  } catch (e) {
    await w.con.run('ROLLBACK');
    throw e;
  }
  return resultats.length;
}

/** True when the warehouse holds a published evaluation. */
export async function hasPublishedEvaluation(con: DuckDBConnection): Promise<boolean> {
  return tableExists(con, 'published_evaluation');
}

/** The published evaluation, in the order of the reference file; throws (in French) if never published. */
export async function readPublishedEvaluation(con: DuckDBConnection): Promise<ResultatPilote[]> {
  if (!(await hasPublishedEvaluation(con))) {
    throw new Error("évaluation des dispositifs non publiée dans l'entrepôt (lancer « npm run build »)");
  }
  const rows = await queryRows<{ resultat: string }>(con, 'SELECT resultat FROM published_evaluation ORDER BY ordre');
  return rows.map((r) => JSON.parse(r.resultat) as ResultatPilote);
}
