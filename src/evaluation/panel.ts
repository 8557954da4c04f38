// The evaluation panel: one row per indicator × département × month of the analysis window,
// zero-filled, with the département's role (pilot, comparison, excluded) and the period (before
// or after the start). Built in DuckDB as a temporary table (works on a read-only warehouse).
import type { DuckDBConnection } from '@duckdb/node-api';
import { lit, queryRows } from '../warehouse/db.ts';
import { TABLE_ENTRETIENS, indicateurEvaluation, type IndicateurEvaluation } from './measures.ts';

/** Months of the extract that are complete for referrals and interviews (first and last day). */
export interface Couverture {
  debut: string;
  fin: string;
}

/** The analysis window of one indicator. */
export interface Fenetre {
  indicateur: string;
  /** First day of the first month before the start. */
  debut: string;
  /** Start of the pilot (first day of the first month after). */
  demarrage: string;
  /** First day of the last month kept (after the start when the indicator can be evaluated). */
  dernierMois: string;
  /** Months just before the start left out (anticipation: announcements, referrals of accompaniments started after it). */
  moisExclus: number;
  moisAvant: number;
  moisApres: number;
}

/** Name of the panel table (temporary, replaced at each evaluation). */
export const TABLE_PANEL = 'eval_panel';

const date = (s: string) => `DATE ${lit(s)}`;

/** Adds months to a YYYY-MM-DD date that is a first of month. */
export function ajouterMois(premier: string, n: number): string {
  const [y, m] = premier.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + n;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}-01`;
}

/** Number of months from one first-of-month to another (b − a). */
export function ecartMois(a: string, b: string): number {
  const [ya, ma] = a.split('-').map(Number) as [number, number];
  const [yb, mb] = b.split('-').map(Number) as [number, number];
  return (yb - ya) * 12 + (mb - ma);
}

/** The complete months covered by both signalements and entretiens; null when the warehouse is empty. */
export async function couverture(con: DuckDBConnection): Promise<Couverture | null> {
  const [r] = await queryRows<{ debut: string | null; fin: string | null }>(
    con,
    `
    WITH b AS (
      SELECT greatest((SELECT min(date) FROM signalements), (SELECT min(date) FROM entretiens)) AS lo,
             least((SELECT max(date) FROM signalements), (SELECT max(date) FROM entretiens)) AS hi)
    SELECT strftime(CASE WHEN day(lo) = 1 THEN lo ELSE date_trunc('month', lo) + INTERVAL 1 MONTH END, '%Y-%m-%d') AS debut,
           strftime(CASE WHEN hi = last_day(hi) THEN hi ELSE date_trunc('month', hi) - INTERVAL 1 DAY END, '%Y-%m-%d') AS fin
    FROM b WHERE lo IS NOT NULL AND hi IS NOT NULL`,
  );
  if (!r || !r.debut || !r.fin || r.debut > r.fin) return null;
  return { debut: r.debut, fin: r.fin };
}

/** Options of the window. */
export interface OptionsFenetre {
  /** Months before the start kept at most (default 36). */
  moisAvant?: number;
  /** Months after the start kept at most (default 36). */
  moisApres?: number;
  /** Last day of the pilot (after it, months are not kept). */
  finPilote?: string | null;
  /** Months just before the start left out of both periods (default 1). */
  moisExclus?: number;
}

/** The window of an indicator for a start date, within the extract's coverage. */
export function fenetre(ind: IndicateurEvaluation, demarrage: string, c: Couverture, o: OptionsFenetre = {}): Fenetre {
  const premierCouvert = c.debut;
  const dernierCouvert = ajouterMois(c.fin.slice(0, 8) + '01', -ind.reculMois);
  const avant = o.moisAvant ?? 36;
  const apres = o.moisApres ?? 36;
  const exclus = o.moisExclus ?? 1;
  let debut = ajouterMois(demarrage, -avant);
  if (debut < premierCouvert) debut = premierCouvert;
  let dernier = ajouterMois(demarrage, apres - 1);
  if (dernier > dernierCouvert) dernier = dernierCouvert;
  if (o.finPilote) {
    const finMois = o.finPilote.slice(0, 8) + '01';
    if (finMois < dernier) dernier = finMois;
  }
  return {
    indicateur: ind.id,
    debut,
    demarrage,
    dernierMois: dernier,
    moisExclus: exclus,
    moisAvant: Math.max(0, ecartMois(debut, demarrage) - exclus),
    moisApres: Math.max(0, ecartMois(demarrage, dernier) + 1),
  };
}

/**
 * Builds the panel table: (indicateur, unite, departement, role, mois, apres, annee, num, den, num2) for every
 * département present in the warehouse, every month of each indicator's window (zero-filled;
 * den = 1 per month for volumes, so that pooled sums give a monthly mean).
 */
export async function construirePanel(
  con: DuckDBConnection,
  fenetres: readonly Fenetre[],
  pilotes: readonly string[],
  exclus: readonly string[],
  c: Couverture,
): Promise<void> {
  const roles = [
    ...pilotes.map((d) => `(${lit(d)}, 'pilote')`),
    ...exclus.filter((d) => !pilotes.includes(d)).map((d) => `(${lit(d)}, 'exclu')`),
  ];
  const utiles = fenetres.filter((f) => f.dernierMois >= f.debut);
  if (utiles.length === 0) {
    await con.run(
      `CREATE OR REPLACE TEMP TABLE ${TABLE_PANEL} (indicateur VARCHAR, unite VARCHAR, departement VARCHAR, role VARCHAR, mois DATE, apres BOOLEAN, annee INTEGER, num DOUBLE, den DOUBLE, num2 DOUBLE)`,
    );
    return;
  }
  if (utiles.some((f) => indicateurEvaluation(f.indicateur).entretiensParAccompagnement)) {
    await con.run(`CREATE OR REPLACE TEMP TABLE ${TABLE_ENTRETIENS} AS
      SELECT accompagnement_id, min(date) AS premier_entretien, count(*) AS entretiens_n FROM entretiens GROUP BY accompagnement_id`);
  }
  const sources = utiles.map((f) => {
    const ind = indicateurEvaluation(f.indicateur);
    return `SELECT ${lit(ind.id)} AS indicateur, departement, mois, num, den, num2 FROM (${ind.sql({ debut: f.debut, dernierMois: f.dernierMois, finDonnees: c.fin })})`;
  });
  const mois = utiles.map(
    (
      f,
    ) => `SELECT ${lit(f.indicateur)} AS indicateur, ${lit(indicateurEvaluation(f.indicateur).unite)} AS unite, m::DATE AS mois, ${date(f.demarrage)} AS demarrage
      FROM generate_series(${date(f.debut)}, ${date(f.dernierMois)}, INTERVAL 1 MONTH) g(m)
      WHERE m::DATE < ${date(ajouterMois(f.demarrage, -f.moisExclus))} OR m::DATE >= ${date(f.demarrage)}`,
  );
  await con.run(`CREATE OR REPLACE TEMP TABLE ${TABLE_PANEL} AS
    WITH deps AS (
      SELECT DISTINCT departement FROM accompagnements UNION SELECT DISTINCT departement FROM signalements),
    roles(departement, role) AS (${roles.length ? `VALUES ${roles.join(', ')}` : 'SELECT NULL::VARCHAR, NULL::VARCHAR WHERE false'}),
    grille AS (${mois.join('\nUNION ALL\n')}),
    brut AS (${sources.join('\nUNION ALL\n')})
    SELECT g.indicateur, g.unite, d.departement, coalesce(r.role, 'temoin') AS role, g.mois, g.mois >= g.demarrage AS apres,
      year(g.mois)::INTEGER AS annee, coalesce(b.num, 0) AS num,
      CASE WHEN g.unite = 'volume' THEN 1 ELSE coalesce(b.den, 0) END AS den,
      CASE WHEN g.unite = 'part' THEN coalesce(b.num, 0) WHEN g.unite = 'jours' THEN coalesce(b.num2, 0) END AS num2
    FROM grille g CROSS JOIN deps d
    LEFT JOIN roles r USING (departement)
    LEFT JOIN brut b ON b.indicateur = g.indicateur AND b.departement = d.departement AND b.mois = g.mois`);
}
