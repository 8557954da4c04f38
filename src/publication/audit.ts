// The audit plays the attacker on the published set only: from the published values, the sum
// relations of relations.ts and non-negativity, it bounds every hidden cell (LP per connected
// component, or interval propagation) and fails when a small count (1 … T−1) can be worked out.
// It never reads `facts` nor the suppression's statuses.
import { queryRows, type Warehouse } from '../warehouse/db.ts';
import { hiddenComponents, intervalBounds, isDisclosed, lpBounds, type Bounds } from './attack.ts';
import type { SumRelation } from './engine.ts';
import { buildModel, type FactKey, type ModelOptions } from './relations.ts';
import { DEFAULT_THRESHOLD } from './publish.ts';

/**
 * Attack method: LP per component, interval propagation, or LP up to a component size (auto). The
 * size limit of `auto` (AUTO_LP_MAX) is far above the national extract's largest component (≈ 900
 * cells): on it, `auto` is the exact LP attack everywhere.
 */
export type AuditMethod = 'lp' | 'intervalles' | 'auto';

/** One finding of the audit, on cell indices (generic tables). */
export interface CellIssue {
  type: 'effectif_publie' | 'somme_cachee' | 'cellule_encadree' | 'incoherence';
  cell: number;
  /** Published value, hidden sum, or bounds [lo, hi] found. */
  value?: number;
  lo?: number;
  hi?: number;
  relation?: number;
}

/** Outcome of an attack on a table. */
export interface TableAudit {
  issues: CellIssue[];
  hidden: number;
  components: number;
  largestComponent: number;
  lpComponents: number;
}

/**
 * Largest component solved by LP in 'auto' mode; larger ones get interval bounds only (sound but
 * looser) and are counted apart in the report (`composantes_lp` < `composantes`). National
 * extract: largest component ≈ 760–870 cells, full LP audit ≈ 4–9 s of CPU (docs/confidentialite.md).
 */
export const AUTO_LP_MAX = 5000;

/**
 * Attacks a table: `known[c]` is the published value of cell c or null when hidden. Fails on a
 * published small count, on a relation whose hidden cells add up to 1 … T−1 (total known), and on a
 * hidden cell whose bounds lie within 1 … T−1.
 */
export function attackTable(
  n: number, relations: readonly SumRelation[], known: readonly (number | null)[], threshold: number, method: AuditMethod = 'auto',
): TableAudit {
  const issues: CellIssue[] = [];
  const small = (v: number): boolean => v >= 1 && v <= threshold - 1;
  for (let c = 0; c < n; c++) {
    const v = known[c];
    if (v != null && small(v)) issues.push({ type: 'effectif_publie', cell: c, value: v });
  }
  relations.forEach((r, k) => {
    const t = known[r.total];
    if (t == null) return;
    const hiddenParts = r.parts.filter((p) => known[p] == null);
    if (hiddenParts.length < 2) return; // a single hidden part is bounded exactly below
    const sum = t - r.parts.reduce((s, p) => s + (known[p] ?? 0), 0);
    if (small(Math.round(sum))) issues.push({ type: 'somme_cachee', cell: r.total, value: sum, relation: k });
  });
  const components = hiddenComponents(n, relations, known);
  const bounds: Bounds = intervalBounds(n, relations, known);
  let lpComponents = 0;
  for (const comp of components) {
    const useLp = method === 'lp' || (method === 'auto' && comp.cells.length <= AUTO_LP_MAX);
    if (!useLp) continue;
    // Cells the intervals already leave undisclosed still need LP: LP bounds are tighter.
    lpComponents++;
    const out = lpBounds(relations, known, comp, bounds, { threshold, onlyDisclosure: true });
    if (!out.feasible) issues.push({ type: 'incoherence', cell: comp.cells[0]! });
  }
  for (const comp of components) {
    for (const c of comp.cells) {
      if (isDisclosed(bounds.lo[c]!, bounds.hi[c]!, threshold)) issues.push({ type: 'cellule_encadree', cell: c, lo: bounds.lo[c]!, hi: bounds.hi[c]! });
    }
  }
  return {
    issues, hidden: components.reduce((s, c) => s + c.cells.length, 0), components: components.length,
    largestComponent: components.reduce((m, c) => Math.max(m, c.cells.length), 0), lpComponents,
  };
}

/** A finding of the audit on the published set, located. */
export interface AuditIssue {
  type: CellIssue['type'];
  annee: number;
  niveau: string;
  code: string;
  /** Cell: an indicator id, or `id#n` (a share's numerator), `id#c` (its complement), `id#base`… */
  cellule: string;
  value?: number;
  lo?: number;
  hi?: number;
  /** For a hidden sum: the relation, as "total = a + b + …" (cell names). */
  relation?: string;
}

/** Report of `auditPublished`. */
export interface AuditReport {
  ok: boolean;
  seuil: number;
  methode: AuditMethod;
  lignes: number;
  cellules: number;
  relations: number;
  cellules_cachees: number;
  composantes: number;
  plus_grande_composante: number;
  composantes_lp: number;
  problemes: AuditIssue[];
  duree_ms: number;
}

/** A published row as the audit reads it. */
export interface PublishedRow extends FactKey {
  numerateur: number | null;
  denominateur: number | null;
}

/** Audits published rows (pure): cells shown by the rows' numerateur/denominateur, relations of relations.ts. */
export function auditRows(
  rows: readonly PublishedRow[], threshold: number, method: AuditMethod = 'auto', opts: ModelOptions = {},
): Omit<AuditReport, 'duree_ms'> {
  const model = buildModel(rows, opts);
  const known: (number | null)[] = model.cells.map(() => null);
  for (const u of model.units) {
    const row = rows[u.fact]!;
    for (const s of u.shows) {
      const v = row[s.column];
      if (v !== null && v !== undefined) known[s.cell] = v;
    }
  }
  const t = attackTable(model.cells.length, model.relations, known, threshold, method);
  const name = (c: number): string => model.cells[c]!.name;
  const problemes = t.issues.map((i): AuditIssue => {
    const c = model.cells[i.cell]!;
    const r = i.relation !== undefined ? model.relations[i.relation]! : undefined;
    return {
      type: i.type, annee: c.annee, niveau: c.niveau, code: c.code, cellule: c.name,
      ...(i.value !== undefined ? { value: i.value } : {}),
      ...(i.lo !== undefined ? { lo: i.lo, hi: i.hi } : {}),
      ...(r ? { relation: `${name(r.total)} = ${r.parts.map(name).join(' + ')}` } : {}),
    };
  });
  return {
    ok: problemes.length === 0, seuil: threshold, methode: method, lignes: rows.length, cellules: model.cells.length,
    relations: model.relations.length, cellules_cachees: t.hidden, composantes: t.components,
    plus_grande_composante: t.largestComponent, composantes_lp: t.lpComponents, problemes,
  };
}

/** Audits the table `published` of a warehouse; threshold default: the one of publication_state, else 11. */
export async function auditPublished(w: Warehouse, opts: { threshold?: number; method?: AuditMethod } = {}): Promise<AuditReport> {
  const started = performance.now();
  let threshold = opts.threshold;
  if (threshold === undefined) {
    const state = await queryRows<{ seuil: number }>(w.con, 'SELECT seuil FROM publication_state').catch(() => []);
    threshold = state[0]?.seuil ?? DEFAULT_THRESHOLD;
  }
  const rows = await queryRows<PublishedRow>(w.con, `SELECT annee, niveau, code, indicateur, numerateur, denominateur
    FROM published ORDER BY annee, niveau, code, indicateur`);
  const report = auditRows(rows, threshold, opts.method ?? 'auto');
  return { ...report, duree_ms: Math.round(performance.now() - started) };
}
