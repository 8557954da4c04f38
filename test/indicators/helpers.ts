// Test helpers: a small in-memory warehouse filled with typed rows (no ingest), and readers of facts.
import { tableSpec, type TableName } from '../../src/contract/schema.ts';
import { lit, openWarehouse, queryRows, type Warehouse } from '../../src/warehouse/db.ts';

/** A typed row of a contract table; omitted columns are null. */
export type Row = Record<string, string | number | null>;

/** Inserts rows into a contract table (columns from the contract, _fichier = 1, _ligne = index). */
export async function insert(w: Warehouse, table: TableName, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const cols = tableSpec(table).columns;
  const values = rows.map((r, i) => {
    const cells = cols.map((c) => {
      const v = r[c.name] ?? null;
      if (v === null) return 'NULL';
      if (typeof v === 'number') return String(v);
      return c.type === 'date' ? `DATE ${lit(v)}` : lit(v);
    });
    return `(${[...cells, '1', String(i + 1)].join(', ')})`;
  });
  await w.con.run(`INSERT INTO ${table} VALUES ${values.join(',\n')}`);
}

/** Opens an in-memory warehouse and fills it. */
export async function warehouseWith(data: Partial<Record<TableName, Row[]>>): Promise<Warehouse> {
  const w = await openWarehouse(':memory:', { threads: 2 });
  for (const [t, rows] of Object.entries(data)) await insert(w, t as TableName, rows ?? []);
  return w;
}

/** One fact row of a year, scope level and code. */
export interface FactRow {
  valeur: number | null;
  numerateur: number | null;
  denominateur: number | null;
}

/** The facts of a year and scope, keyed by indicator id. */
export async function factRows(w: Warehouse, annee: number, niveau: string, code: string): Promise<Record<string, FactRow>> {
  const rows = await queryRows<FactRow & { indicateur: string }>(
    w.con,
    `SELECT indicateur, valeur, numerateur, denominateur
    FROM facts WHERE annee = ${annee} AND niveau = ${lit(niveau)} AND code = ${lit(code)}`,
  );
  return Object.fromEntries(rows.map(({ indicateur, ...r }) => [indicateur, r]));
}

/** An accompaniment row with defaults for the columns a test does not care about. */
export function acc(id: string, assure: string, departement: string, axe: string, date_debut: string, profile: Partial<Row> = {}): Row {
  return {
    accompagnement_id: id,
    assure_id: assure,
    departement,
    axe,
    origine: 'SERVICE_MEDICAL',
    date_debut,
    date_fin: null,
    sexe: 'F',
    age: 40,
    situation_emploi: 'SALARIE',
    risque: 'MALADIE',
    issue: null,
    ...profile,
  };
}

/** Entretien rows of one accompaniment, one per date. */
export function entretiens(accId: string, dates: string[]): Row[] {
  return dates.map((date, i) => ({ entretien_id: `${accId}-E${i + 1}`, accompagnement_id: accId, date, mode: 'PRESENTIEL' }));
}

/**
 * Checks, through the catalogue metadata, the relations the confidentiality step relies on, on
 * every fact row: family members add up to their base, event counts add up from départements to
 * organismes to national, people counts of a wider scope lie between the max and the sum of its parts.
 * Returns the violations (empty when all hold).
 */
export async function invariantViolations(w: Warehouse): Promise<string[]> {
  const { CATALOGUE } = await import('../../src/indicators/index.ts');
  const { DEPARTEMENTS } = await import('../../src/contract/reference.ts');
  const fam = CATALOGUE.filter((m) => m.family && m.base).map((m) => `(${lit(m.id)}, ${lit(m.family!)}, ${lit(m.base!)})`);
  const events = CATALOGUE.filter((m) => m.unit === 'evenements').map((m) => lit(m.id));
  const people = CATALOGUE.filter((m) => m.distinctPeople).map((m) => lit(m.id));
  const deps = DEPARTEMENTS.map((d) => `(${lit(d.departement)}, ${lit(d.organisme)})`);
  const out: string[] = [];
  const partition = await queryRows<{ k: string }>(
    w.con,
    `
    WITH fam(id, family, base) AS (VALUES ${fam.join(', ')}),
    s AS (SELECT f.annee, f.niveau, f.code, fam.family, fam.base, sum(f.numerateur) AS total
          FROM facts f JOIN fam ON fam.id = f.indicateur GROUP BY ALL)
    SELECT s.family || ' ' || s.annee || ' ' || s.code AS k FROM s
    JOIN facts b ON b.indicateur = s.base AND b.annee = s.annee AND b.niveau = s.niveau AND b.code = s.code
    WHERE s.total <> b.valeur`,
  );
  out.push(...partition.map((r) => `famille ${r.k}`));
  const rollup = await queryRows<{ k: string }>(
    w.con,
    `
    WITH deps(departement, organisme) AS (VALUES ${deps.join(', ')}),
    parts AS (
      SELECT f.annee, f.indicateur, 'organisme' AS niveau, d.organisme AS code, f.valeur
      FROM facts f JOIN deps d ON f.niveau = 'departement' AND d.departement = f.code
      UNION ALL
      SELECT annee, indicateur, 'national', 'FR', valeur FROM facts WHERE niveau = 'organisme'),
    agg AS (SELECT annee, indicateur, niveau, code, sum(valeur) AS s, max(valeur) AS m FROM parts GROUP BY ALL)
    SELECT a.indicateur || ' ' || a.annee || ' ' || a.code AS k FROM agg a
    JOIN facts f USING (annee, indicateur, niveau, code)
    WHERE (a.indicateur IN (${events.join(', ')}) AND f.valeur <> a.s)
       OR (a.indicateur IN (${people.join(', ')}) AND (f.valeur > a.s OR f.valeur < a.m))`,
  );
  out.push(...rollup.map((r) => `agrégation ${r.k}`));
  return out;
}
