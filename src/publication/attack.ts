// The attacker: from the visible cells, the linear relations (sums, and inequalities where people
// may be counted in two places), what the reader knows of hidden cells (a lower bound of 1 where
// zero would have been shown, the intervals of rounded values) and non-negativity, bounds on every
// hidden cell. Two methods: interval propagation to a fixpoint (fast, sound, may be looser) and
// linear programming per connected component (exact LP bounds, as sdcTable's attack()).
import { solve, type Model } from 'yalps';

/** A linear relation between cells: cells[total] = Σ cells[parts] ('eq', the default), ≤ ('le') or ≥ ('ge'). */
export interface SumRelation {
  total: number;
  parts: readonly number[];
  sense?: 'eq' | 'le' | 'ge';
}

/** Tolerance when rounding LP and interval bounds to integers (counts are integers). */
const EPS = 1e-6;

/** True when bounds [lo, hi] prove a small count: lo ≥ 1 and hi ≤ T−1. */
export function isDisclosed(lo: number, hi: number, threshold: number): boolean {
  return lo >= 1 && hi <= threshold - 1;
}

/** Integer bounds per cell (hi = Infinity when unbounded); known cells have lo = hi = value. */
export interface Bounds {
  lo: Float64Array;
  hi: Float64Array;
  /** Cells whose bounds crossed (lo > hi): the relations and the knowledge contradict each other. */
  conflicts?: number[];
}

/**
 * What the reader knows of hidden cells besides the relations: a lower bound (1 where a zero
 * would have been shown) and an upper bound (the interval of a rounded value), per cell; absent
 * entries are 0 and +∞.
 */
export interface Priors {
  lo?: ArrayLike<number>;
  hi?: ArrayLike<number>;
}

/** Sense of a relation: total = Σ parts (default), total ≤ Σ parts ('le'), total ≥ Σ parts ('ge'). */
export const senseOf = (r: SumRelation): 'eq' | 'le' | 'ge' => r.sense ?? 'eq';

/**
 * Interval propagation to a fixpoint: for total = Σ parts, total ∈ [Σ lo, Σ hi] and each part ∈
 * [lo(total) − Σ hi(others), hi(total) − Σ lo(others)], rounded to integers, cells ≥ 0.
 * `known[c]` is the visible value of cell c, or null when hidden. Stops after `maxPasses` sweeps
 * (bounds stay valid, possibly looser).
 */
export function intervalBounds(
  n: number,
  relations: readonly SumRelation[],
  known: readonly (number | null)[],
  maxPasses = 200,
  priors: Priors = {},
): Bounds {
  const lo = new Float64Array(n);
  const hi = new Float64Array(n).fill(Infinity);
  for (let c = 0; c < n; c++) {
    const v = known[c];
    if (v !== null && v !== undefined) {
      lo[c] = v;
      hi[c] = v;
    } else {
      const l = priors.lo?.[c],
        h = priors.hi?.[c];
      if (l !== undefined && l > 0) lo[c] = Math.ceil(l - EPS);
      if (h !== undefined && h < Infinity) hi[c] = Math.floor(h + EPS);
    }
  }
  const relOf: number[][] = Array.from({ length: n }, () => []);
  relations.forEach((r, k) => {
    for (const c of [r.total, ...r.parts]) relOf[c]!.push(k);
  });
  let queue = relations.map((_, k) => k).filter((k) => [relations[k]!.total, ...relations[k]!.parts].some((c) => known[c] == null));
  const inQueue = new Uint8Array(relations.length);
  for (let pass = 0; pass < maxPasses && queue.length; pass++) {
    const next: number[] = [];
    inQueue.fill(0);
    const tighten = (c: number, l: number, h: number): void => {
      const nl = Math.ceil(l - EPS),
        nh = Math.floor(h + EPS);
      let changed = false;
      if (nl > lo[c]!) {
        lo[c] = nl;
        changed = true;
      }
      if (nh < hi[c]!) {
        hi[c] = nh;
        changed = true;
      }
      if (changed)
        for (const k of relOf[c]!)
          if (!inQueue[k]) {
            inQueue[k] = 1;
            next.push(k);
          }
    };
    for (const k of queue) {
      const r = relations[k]!;
      const sense = senseOf(r);
      let sumLo = 0,
        sumHi = 0,
        infinite = 0;
      for (const p of r.parts) {
        sumLo += lo[p]!;
        if (hi[p] === Infinity) infinite++;
        else sumHi += hi[p]!;
      }
      // total = Σ: both sides; total ≤ Σ: total below Σ hi, parts above; total ≥ Σ: total above Σ lo, parts below.
      tighten(r.total, sense === 'le' ? 0 : sumLo, sense === 'ge' || infinite ? Infinity : sumHi);
      for (const p of r.parts) {
        const othersHi = hi[p] === Infinity ? (infinite > 1 ? Infinity : sumHi) : infinite ? Infinity : sumHi - hi[p]!;
        const othersLo = sumLo - lo[p]!;
        tighten(p, sense === 'ge' ? 0 : lo[r.total]! - othersHi, sense === 'le' ? Infinity : hi[r.total]! - othersLo);
      }
    }
    queue = next;
  }
  const conflicts: number[] = [];
  for (let c = 0; c < n; c++) if (lo[c]! > hi[c]!) conflicts.push(c);
  return { lo, hi, conflicts };
}

/**
 * Connected components of the hidden cells (cells linked by a relation with at least one hidden
 * cell), in order of their smallest cell, cells in increasing order. With `seeds`, only the
 * components holding a seed (same order), found by a search from the seeds.
 */
export function hiddenComponents(
  n: number,
  relations: readonly SumRelation[],
  known: readonly (number | null)[],
  seeds?: readonly number[],
): { cells: number[]; relations: number[] }[] {
  if (seeds) return componentsOf(n, relations, known, seeds);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  relations.forEach((r) => {
    const hidden = [r.total, ...r.parts].filter((c) => known[c] == null);
    for (let i = 1; i < hidden.length; i++) {
      const a = find(hidden[0]!),
        b = find(hidden[i]!);
      if (a !== b) parent[a] = b;
    }
  });
  const byRoot = new Map<number, { cells: number[]; relations: number[] }>();
  for (let c = 0; c < n; c++) {
    if (known[c] != null) continue;
    const root = find(c);
    if (!byRoot.has(root)) byRoot.set(root, { cells: [], relations: [] });
    byRoot.get(root)!.cells.push(c);
  }
  relations.forEach((r, k) => {
    const h = [r.total, ...r.parts].find((c) => known[c] == null);
    if (h !== undefined) byRoot.get(find(h))!.relations.push(k);
  });
  return [...byRoot.values()];
}

/** Index cell → relations (cached per relation array). */
const relOfCache = new WeakMap<readonly SumRelation[], number[][]>();
function relationsOfCells(n: number, relations: readonly SumRelation[]): number[][] {
  let relOf = relOfCache.get(relations);
  if (!relOf || relOf.length !== n) {
    relOf = Array.from({ length: n }, () => []);
    relations.forEach((r, k) => {
      for (const c of [r.total, ...r.parts]) relOf![c]!.push(k);
    });
    relOfCache.set(relations, relOf);
  }
  return relOf;
}

/** The components of `hiddenComponents` that hold a seed (a hidden cell), by a search from the seeds. */
function componentsOf(
  n: number,
  relations: readonly SumRelation[],
  known: readonly (number | null)[],
  seeds: readonly number[],
): { cells: number[]; relations: number[] }[] {
  const relOf = relationsOfCells(n, relations);
  const seen = new Uint8Array(n);
  const out: { cells: number[]; relations: number[] }[] = [];
  for (const s of seeds) {
    if (seen[s] || known[s] != null) continue;
    const cells: number[] = [];
    const rels = new Set<number>();
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const c = stack.pop()!;
      cells.push(c);
      for (const k of relOf[c]!) {
        if (rels.has(k)) continue;
        rels.add(k);
        const r = relations[k]!;
        for (const d of [r.total, ...r.parts])
          if (!seen[d] && known[d] == null) {
            seen[d] = 1;
            stack.push(d);
          }
      }
    }
    cells.sort((a, b) => a - b);
    out.push({ cells, relations: [...rels].sort((a, b) => a - b) });
  }
  return out.sort((a, b) => a.cells[0]! - b.cells[0]!);
}

/** Result of an LP attack on one component. */
export interface LpOutcome {
  /** Integer LP bounds of the cells asked for (others untouched), or 'infeasible'. */
  feasible: boolean;
}

/**
 * LP bounds (rounded to integers) of the hidden cells of one component: min and max of each cell
 * subject to the relations (visible cells as constants) and cells ≥ 0. With `onlyDisclosure`,
 * a cell is settled as soon as a feasible point shows it can be 0 or ≥ T (lo/hi are then only
 * valid as "not disclosed": lo = 0 or hi = Infinity). Writes into bounds.lo / bounds.hi.
 */
export function lpBounds(
  relations: readonly SumRelation[],
  known: readonly (number | null)[],
  component: { cells: number[]; relations: number[] },
  bounds: Bounds,
  opts: { threshold: number; onlyDisclosure?: boolean; only?: ReadonlySet<number>; priors?: Priors },
): LpOutcome {
  const name = (c: number): string => `x${c}`;
  const constraints: [string, { equal: number } | { min: number } | { max: number }][] = [];
  const coefs = new Map<number, [string, number][]>();
  for (const c of component.cells) coefs.set(c, []);
  for (const k of component.relations) {
    const r = relations[k]!;
    let rhs = 0;
    const add = (c: number, a: number): void => {
      const v = known[c];
      if (v != null) rhs -= a * v;
      else coefs.get(c)!.push([`r${k}`, a]);
    };
    add(r.total, -1);
    for (const p of r.parts) add(p, 1);
    // Σ parts − total = 0, ≥ 0 (total ≤ Σ), ≤ 0 (total ≥ Σ), known cells moved to the right.
    const sense = senseOf(r);
    constraints.push([`r${k}`, sense === 'eq' ? { equal: rhs } : sense === 'le' ? { min: rhs } : { max: rhs }]);
  }
  for (const c of component.cells) {
    const l = opts.priors?.lo?.[c],
      h = opts.priors?.hi?.[c];
    if (l !== undefined && l > 0) {
      constraints.push([`l${c}`, { min: l }]);
      coefs.get(c)!.push([`l${c}`, 1]);
    }
    if (h !== undefined && h < Infinity) {
      constraints.push([`h${c}`, { max: h }]);
      coefs.get(c)!.push([`h${c}`, 1]);
    }
  }
  const settled = new Set<number>();
  const run = (
    c: number,
    direction: 'minimize' | 'maximize',
  ): { value: number; point: Map<number, number> } | 'infeasible' | 'unbounded' => {
    const model: Model = {
      direction,
      objective: 'obj',
      constraints,
      variables: component.cells.map((d) => [name(d), d === c ? [...coefs.get(d)!, ['obj', 1]] : coefs.get(d)!] as const),
    };
    const s = solve(model, { includeZeroVariables: true, maxIterations: 100000 });
    if (s.status === 'infeasible') return 'infeasible';
    if (s.status === 'unbounded') return 'unbounded';
    if (s.status !== 'optimal') throw new Error(`LP : statut ${s.status}`);
    const point = new Map(s.variables.map(([v, x]) => [Number(v.slice(1)), x]));
    return { value: s.result, point };
  };
  const settleFrom = (point: Map<number, number>): void => {
    if (!opts.onlyDisclosure) return;
    for (const [d, x] of point) {
      if (x <= EPS) {
        settled.add(d);
        bounds.lo[d] = 0;
      } else if (x >= opts.threshold - EPS) {
        settled.add(d);
        bounds.hi[d] = Infinity;
      }
    }
  };
  const minimize = (c: number): boolean => {
    const min = run(c, 'minimize');
    if (min === 'infeasible') return false;
    if (min !== 'unbounded') {
      bounds.lo[c] = Math.max(bounds.lo[c]!, 0, Math.ceil(min.value - EPS));
      settleFrom(min.point);
    }
    return true;
  };
  const maximize = (c: number): boolean => {
    const max = run(c, 'maximize');
    if (max === 'infeasible') return false;
    if (max === 'unbounded') bounds.hi[c] = Infinity;
    else {
      bounds.hi[c] = Math.min(bounds.hi[c]!, Math.floor(max.value + EPS));
      settleFrom(max.point);
    }
    return true;
  };
  for (const c of component.cells) {
    if (settled.has(c) || (opts.only && !opts.only.has(c))) continue;
    if (opts.onlyDisclosure) {
      // Disclosure needs both lo ≥ 1 and hi ≤ T−1: the maximum first (most cells reach T, and
      // hidden cells known to be ≥ 1 have no 0 to show), the minimum only when still in question.
      if (!maximize(c)) return { feasible: false };
      if (settled.has(c) || bounds.hi[c]! > opts.threshold - 1 || bounds.lo[c]! >= 1) continue;
      if (!minimize(c)) return { feasible: false };
      continue;
    }
    if (!minimize(c)) return { feasible: false };
    if (!maximize(c)) return { feasible: false };
  }
  return { feasible: true };
}

/**
 * Cells among `candidates` (hidden) that the LP attack pins within 1 … T−1, with their bounds.
 * Only the components holding a candidate are solved. `safe` (optional, written) receives every
 * candidate the LP shows not to be pinned (a feasible point puts it at 0 or ≥ T, or its LP
 * bounds say so). `bounds` (optional): interval bounds of `known`, if already computed.
 */
export function lpDisclosed(
  n: number,
  relations: readonly SumRelation[],
  known: readonly (number | null)[],
  threshold: number,
  candidates: readonly number[],
  opts: { safe?: Uint8Array; bounds?: Bounds; priors?: Priors } = {},
): { cell: number; lo: number; hi: number }[] {
  const only = new Set(candidates);
  const out: { cell: number; lo: number; hi: number }[] = [];
  if (only.size === 0) return out;
  const bounds = opts.bounds
    ? { lo: opts.bounds.lo.slice(), hi: opts.bounds.hi.slice() }
    : intervalBounds(n, relations, known, 200, opts.priors);
  for (const comp of hiddenComponents(n, relations, known, candidates)) {
    const lp = lpBounds(relations, known, comp, bounds, {
      threshold,
      onlyDisclosure: true,
      only,
      ...(opts.priors ? { priors: opts.priors } : {}),
    });
    // The true values satisfy every relation: an infeasible LP is a wrong model, never « safe ».
    if (!lp.feasible)
      throw new Error(`programme linéaire infaisable (composante de ${comp.cells.length} cases) : relations fausses sur les faits`);
    for (const c of comp.cells) {
      if (!only.has(c)) continue;
      if (isDisclosed(bounds.lo[c]!, bounds.hi[c]!, threshold)) out.push({ cell: c, lo: bounds.lo[c]!, hi: bounds.hi[c]! });
      else if (opts.safe) opts.safe[c] = 1;
    }
  }
  return out;
}
