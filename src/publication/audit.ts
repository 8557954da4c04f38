// The audit plays the attacker on what leaves the warehouse: the published values, which figures
// show « s » (hidden: then a lone hidden cell is ≥ 1, since zeros are shown), the relations of
// relations.ts (sums, inequalities for people), the group totals of the evaluation page
// (external.ts) and non-negativity; it bounds every hidden cell (LP per connected component, or
// interval propagation) and fails when a small count (1 … T−1) can be worked out. The attack never
// reads the statuses. Before attacking, `auditPublished` checks that every relation and every
// piece of knowledge holds on the true facts: a false one is an error (the model is wrong), and so
// is an infeasible LP — never « safe ».
import { queryRows, tableExists, type Warehouse } from '../warehouse/db.ts';
import { hiddenComponents, intervalBounds, isDisclosed, lpBounds, senseOf, type Bounds, type Priors } from './attack.ts';
import { hiddenLowerBounds, type SumRelation } from './engine.ts';
import { buildModel, type ExternalTotal, type FactKey, type ModelOptions, type PublicationModel } from './relations.ts';
import { cellValues, type FactRow } from './publish.ts';
import { DEFAULT_THRESHOLD, HIDDEN_MARK } from './rule.ts';
import { evaluationTotals } from './external.ts';

/**
 * Attack method: LP per component, interval propagation, or LP up to a component size (auto). The
 * size limit of `auto` (AUTO_LP_MAX) is far above the national extract's largest component (≈ 900
 * cells): on it, `auto` is the exact LP attack everywhere.
 */
export type AuditMethod = 'lp' | 'intervalles' | 'auto';

/** One finding of the audit, on cell indices (generic tables). */
export interface CellIssue {
  type: 'effectif_publie' | 'somme_cachee' | 'cellule_encadree' | 'incoherence' | 'relation_fausse';
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
const AUTO_LP_MAX = 5000;

/**
 * Attacks a table: `known[c]` is the published value of cell c or null when hidden. Fails on a
 * published small count, on a relation whose hidden cells add up to 1 … T−1 (total known), and on a
 * hidden cell whose bounds lie within 1 … T−1.
 */
export function attackTable(
  n: number,
  relations: readonly SumRelation[],
  known: readonly (number | null)[],
  threshold: number,
  method: AuditMethod = 'auto',
  priors: Priors = {},
): TableAudit {
  const issues: CellIssue[] = [];
  const small = (v: number): boolean => v >= 1 && v <= threshold - 1;
  for (let c = 0; c < n; c++) {
    const v = known[c];
    if (v != null && small(v)) issues.push({ type: 'effectif_publie', cell: c, value: v });
  }
  relations.forEach((r, k) => {
    const t = known[r.total];
    // A relation between visible cells that does not hold: the model contradicts what is published.
    if ([r.total, ...r.parts].every((c) => known[c] != null)) {
      const sum = r.parts.reduce((s, p) => s + known[p]!, 0);
      const sense = senseOf(r);
      if (sense === 'eq' ? Math.abs(t! - sum) > 1e-6 : sense === 'le' ? t! > sum + 1e-6 : t! < sum - 1e-6) {
        issues.push({ type: 'incoherence', cell: r.total, value: t! - sum, relation: k });
      }
      return;
    }
    if (t == null || senseOf(r) !== 'eq') return;
    const hiddenParts = r.parts.filter((p) => known[p] == null);
    if (hiddenParts.length < 2) return; // a single hidden part is bounded exactly below
    const sum = t - r.parts.reduce((s, p) => s + (known[p] ?? 0), 0);
    if (small(Math.round(sum))) issues.push({ type: 'somme_cachee', cell: r.total, value: sum, relation: k });
  });
  const components = hiddenComponents(n, relations, known);
  const bounds: Bounds = intervalBounds(n, relations, known, 200, priors);
  for (const c of bounds.conflicts ?? []) issues.push({ type: 'incoherence', cell: c, lo: bounds.lo[c]!, hi: bounds.hi[c]! });
  let lpComponents = 0;
  for (const comp of components) {
    const useLp = method === 'lp' || (method === 'auto' && comp.cells.length <= AUTO_LP_MAX);
    if (!useLp) continue;
    // Cells the intervals already leave undisclosed still need LP: LP bounds are tighter.
    lpComponents++;
    const out = lpBounds(relations, known, comp, bounds, { threshold, onlyDisclosure: true, priors });
    if (!out.feasible) issues.push({ type: 'incoherence', cell: comp.cells[0]! });
  }
  for (const comp of components) {
    for (const c of comp.cells) {
      if (isDisclosed(bounds.lo[c]!, bounds.hi[c]!, threshold))
        issues.push({ type: 'cellule_encadree', cell: c, lo: bounds.lo[c]!, hi: bounds.hi[c]! });
    }
  }
  return {
    issues,
    hidden: components.reduce((s, c) => s + c.cells.length, 0),
    components: components.length,
    largestComponent: components.reduce((m, c) => Math.max(m, c.cells.length), 0),
    lpComponents,
  };
}

/** A finding of the audit on the published set, located. */
interface AuditIssue {
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

/** A published row as the audit reads it: shown cells, and its mark (« s » when hidden). */
export interface PublishedRow extends FactKey {
  numerateur: number | null;
  denominateur: number | null;
  affichage?: string | null;
}

/** What the reader knows of a published set under a model: exact visible cells and priors of hidden ones. */
export function readerKnowledge(model: PublicationModel, rows: readonly PublishedRow[]): { known: (number | null)[]; priors: Priors } {
  const known: (number | null)[] = model.cells.map(() => null);
  for (const u of model.units) {
    const row = rows[u.fact]!;
    for (const s of u.shows) {
      const v = row[s.column];
      if (v !== null && v !== undefined) known[s.cell] = v;
    }
  }
  const lo = new Float64Array(model.cells.length);
  const hi = new Float64Array(model.cells.length).fill(Infinity);
  for (const [c, r] of model.external) {
    if (r.lo === r.hi) known[c] = r.lo;
    else {
      lo[c] = r.lo;
      hi[c] = r.hi;
    }
  }
  // Zeros are shown: a figure marked « s » with one hidden cell has that cell ≥ 1.
  const hiddenUnit = model.units.map((u) => rows[u.fact]!.affichage !== HIDDEN_MARK);
  const visible = known.map((v) => v !== null);
  const lb = hiddenLowerBounds(
    model.units.map((u) => ({ cells: u.shows.map((s) => s.cell) })),
    hiddenUnit,
    visible,
    model.cells.length,
  );
  for (let c = 0; c < lo.length; c++) lo[c] = Math.max(lo[c]!, lb[c]!);
  return { known, priors: { lo, hi } };
}

/**
 * Checks the model and the reader's knowledge against the true facts: every relation holds (with
 * its sense), every cell is ≥ 0, every prior (lower bound 1, external interval) holds. Returns the
 * findings (type 'relation_fausse'); an empty list means the attack only assumes what is true.
 */
export function checkAgainstFacts(model: PublicationModel, facts: readonly FactRow[], priors: Priors): CellIssue[] {
  const v = cellValues(model, facts);
  const issues: CellIssue[] = [];
  const EPS = 1e-6;
  model.relations.forEach((r, k) => {
    const parts = r.parts.map((p) => v[p]);
    const ext = model.external.get(r.total);
    if (parts.some((x) => x === null || x === undefined)) {
      issues.push({ type: 'relation_fausse', cell: r.total, relation: k });
      return;
    }
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    if (ext) {
      if (sum < ext.lo - EPS || sum > ext.hi + EPS)
        issues.push({ type: 'relation_fausse', cell: r.total, value: sum, lo: ext.lo, hi: ext.hi, relation: k });
      return;
    }
    const t = v[r.total];
    if (t === null || t === undefined) {
      issues.push({ type: 'relation_fausse', cell: r.total, relation: k });
      return;
    }
    const sense = senseOf(r);
    const ok = sense === 'eq' ? Math.abs(t - sum) <= EPS : sense === 'le' ? t <= sum + EPS : t >= sum - EPS;
    if (!ok) issues.push({ type: 'relation_fausse', cell: r.total, value: t - sum, relation: k });
  });
  for (let c = 0; c < v.length; c++) {
    const x = v[c];
    if (x === null || x === undefined || model.external.has(c)) continue;
    if (x < -EPS || x < (priors.lo?.[c] ?? 0) - EPS || x > (priors.hi?.[c] ?? Infinity) + EPS)
      issues.push({ type: 'relation_fausse', cell: c, value: x });
  }
  return issues;
}

/**
 * Audits published rows (pure): cells shown by the rows' numerateur/denominateur, relations of
 * relations.ts, external totals (opts.external). With `facts` (same keys, same order), first checks
 * the model against them (findings 'relation_fausse').
 */
export function auditRows(
  rows: readonly PublishedRow[],
  threshold: number,
  method: AuditMethod = 'auto',
  opts: ModelOptions = {},
  facts?: readonly FactRow[],
): Omit<AuditReport, 'duree_ms'> {
  const model = buildModel(rows, opts);
  const { known, priors } = readerKnowledge(model, rows);
  const checks = facts ? checkAgainstFacts(model, facts, priors) : [];
  const t = attackTable(model.cells.length, model.relations, known, threshold, method, priors);
  t.issues.unshift(...checks);
  const name = (c: number): string => model.cells[c]!.name;
  const problemes = t.issues.map((i): AuditIssue => {
    const c = model.cells[i.cell]!;
    const r = i.relation !== undefined ? model.relations[i.relation]! : undefined;
    const op = r ? ({ eq: '=', le: '≤', ge: '≥' } as const)[senseOf(r)] : '=';
    return {
      type: i.type,
      annee: c.annee,
      niveau: c.niveau,
      code: c.code,
      cellule: c.name,
      ...(i.value !== undefined ? { value: i.value } : {}),
      ...(i.lo !== undefined ? { lo: i.lo, hi: i.hi } : {}),
      ...(r
        ? {
            relation: `${name(r.total)} ${op} ${r.parts.map((p) => `${model.cells[p]!.niveau}:${model.cells[p]!.code}:${name(p)}`).join(' + ')}`,
          }
        : {}),
    };
  });
  return {
    ok: problemes.length === 0,
    seuil: threshold,
    methode: method,
    lignes: rows.length,
    cellules: model.cells.length,
    relations: model.relations.length,
    cellules_cachees: t.hidden,
    composantes: t.components,
    plus_grande_composante: t.largestComponent,
    composantes_lp: t.lpComponents,
    problemes,
  };
}

/**
 * Audits the table `published` of a warehouse; threshold default: the one of publication_state,
 * else DEFAULT_THRESHOLD. Reads the evaluation's published series (external.ts) as group totals,
 * and the facts to check the model first.
 */
export async function auditPublished(w: Warehouse, opts: { threshold?: number; method?: AuditMethod } = {}): Promise<AuditReport> {
  const started = performance.now();
  let threshold = opts.threshold;
  if (threshold === undefined) {
    const state = await queryRows<{ seuil: number }>(w.con, 'SELECT seuil FROM publication_state').catch(() => []);
    threshold = state[0]?.seuil ?? DEFAULT_THRESHOLD;
  }
  const rows = await queryRows<PublishedRow>(
    w.con,
    `SELECT annee, niveau, code, indicateur, numerateur, denominateur, affichage
    FROM published ORDER BY annee, niveau, code, indicateur`,
  );
  const facts = await queryRows<FactRow>(
    w.con,
    `SELECT f.annee, f.niveau, f.code, f.indicateur, f.valeur, f.numerateur, f.denominateur
    FROM published p LEFT JOIN facts f USING (annee, niveau, code, indicateur) ORDER BY p.annee, p.niveau, p.code, p.indicateur`,
  );
  const external: ExternalTotal[] = (await tableExists(w.con, 'published_evaluation')) ? await evaluationTotals(w.con) : [];
  const report = auditRows(rows, threshold, opts.method ?? 'auto', { external }, facts);
  return { ...report, duree_ms: Math.round(performance.now() - started) };
}
