// Test helpers: a small in-memory warehouse filled with typed rows (no ingest), and readers of facts.
import { tableSpec, type TableName } from '../../src/contract/tables.ts';
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
  const rows = await queryRows<FactRow & { indicateur: string }>(w.con, `SELECT indicateur, valeur, numerateur, denominateur
    FROM facts WHERE annee = ${annee} AND niveau = ${lit(niveau)} AND code = ${lit(code)}`);
  return Object.fromEntries(rows.map(({ indicateur, ...r }) => [indicateur, r]));
}

/** An accompaniment row with defaults for the columns a test does not care about. */
export function acc(id: string, assure: string, departement: string, axe: string, date_debut: string, profile: Partial<Row> = {}): Row {
  return {
    accompagnement_id: id, assure_id: assure, departement, axe, origine: 'SERVICE_MEDICAL', date_debut, date_fin: null,
    sexe: 'F', age: 40, situation_emploi: 'SALARIE', risque: 'MALADIE', issue: null, ...profile,
  };
}

/** Entretien rows of one accompaniment, one per date. */
export function entretiens(accId: string, dates: string[]): Row[] {
  return dates.map((date, i) => ({ entretien_id: `${accId}-E${i + 1}`, accompagnement_id: accId, date, mode: 'PRESENTIEL' }));
}
