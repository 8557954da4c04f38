// Generic cell suppression engine: cells (non-negative integer counts) linked by linear relations
// (total = Σ parts, or total ≤ / ≥ Σ parts where people may be counted in two places), shown
// through publication units (a figure shows one or more cells). Primary suppression hides every
// unit that shows a small count; secondary suppression (greedy, iterated to a fixpoint) hides the
// cheapest further cells until no hidden small count can be worked out from the visible cells,
// the relations and what the reader knows of hidden cells (lower bound 1 where a zero would have
// been shown: `hiddenLowerBounds`; fixed intervals: `priors`). Knows nothing of indicators.
import { intervalBounds, isDisclosed, lpDisclosed, type Priors, type SumRelation } from './attack.ts';
import { isSmallCount } from '../vocabulary.ts';

/** A cell: its true value (a count ≥ 0) and a cost weight (higher = keep published if possible). */
export interface EngineCell {
  value: number;
  weight?: number;
}

export type { SumRelation };

/** A publication unit (one published figure): the cells it shows; a cell no unit shows is implicit (never shown). */
export interface EngineUnit {
  cells: readonly number[];
}

/** A table to protect. */
export interface ProtectProblem {
  cells: readonly EngineCell[];
  relations: readonly SumRelation[];
  /** Default: one unit per cell (every cell published on its own). */
  units?: readonly EngineUnit[];
  /** Cells the reader always knows exactly, shown by no unit and never hidden (e.g. group totals of another page). */
  fixed?: readonly boolean[];
  /** Fixed knowledge of hidden cells (intervals of rounded values shown elsewhere). */
  priors?: Priors;
}

/** Status of a unit after protection. */
type UnitStatus = 'publie' | 'secret_primaire' | 'secret_secondaire';

/** Outcome of `protect`. */
export interface ProtectResult {
  units: UnitStatus[];
  /** Per cell: true when no published unit shows it. */
  hidden: boolean[];
  /** Greedy rounds run (diagnostics). */
  rounds: number;
}

/** True when a count is a small count (1 … T−1) that must not be published nor recoverable. */
export function isSmall(value: number, threshold: number): boolean {
  return isSmallCount(value, threshold);
}

/** Index structures shared by the passes. */
interface Indexed {
  n: number;
  value: Float64Array;
  weight: Float64Array;
  relations: readonly SumRelation[];
  units: readonly EngineUnit[];
  /** Per cell: its equality relations (the exact deductions of propagate / findLeaks). */
  relOf: number[][];
  /** Per cell: every relation (inequalities included), for the attack's neighbourhood. */
  relAll: number[][];
  unitsOf: number[][];
  fixed: Uint8Array;
  priors: Priors;
}

function index(p: ProtectProblem): Indexed {
  const n = p.cells.length;
  const units = p.units ?? p.cells.map((_, i) => ({ cells: [i] }));
  const relOf: number[][] = Array.from({ length: n }, () => []);
  const relAll: number[][] = Array.from({ length: n }, () => []);
  p.relations.forEach((r, k) => {
    for (const c of [r.total, ...r.parts]) {
      relAll[c]!.push(k);
      if ((r.sense ?? 'eq') === 'eq') relOf[c]!.push(k);
    }
  });
  const unitsOf: number[][] = Array.from({ length: n }, () => []);
  units.forEach((u, k) => {
    for (const c of u.cells) unitsOf[c]!.push(k);
  });
  return {
    n,
    value: Float64Array.from(p.cells, (c) => c.value),
    weight: Float64Array.from(p.cells, (c) => c.weight ?? 1),
    relations: p.relations,
    units,
    relOf,
    relAll,
    unitsOf,
    fixed: Uint8Array.from({ length: n }, (_, c) => (p.fixed?.[c] ? 1 : 0)),
    priors: p.priors ?? {},
  };
}

/** Whether relation k is an equality. */
const isEq = (ix: Indexed, k: number): boolean => (ix.relations[k]!.sense ?? 'eq') === 'eq';

/**
 * What a reader knows of hidden cells because zeros are shown: a hidden unit with exactly one
 * hidden cell has that cell ≥ 1 (a hidden count, the numerator of a hidden share whose base is
 * shown…). True by construction: a unit is hidden for a small cell (≥ 1) or because a cell with a
 * positive value was chosen, and hiding a cell hides every unit that shows it. Returns per-cell
 * lower bounds (0 or 1).
 */
export function hiddenLowerBounds(
  units: readonly EngineUnit[],
  published: readonly boolean[],
  visible: readonly boolean[],
  n: number,
): Uint8Array {
  const lo = new Uint8Array(n);
  units.forEach((u, k) => {
    if (published[k]) return;
    let hidden = -1,
      count = 0;
    for (const c of u.cells)
      if (!visible[c]) {
        if (c !== hidden) count++;
        hidden = c;
      }
    if (count === 1) lo[hidden] = 1;
  });
  return lo;
}

/** The fixed priors merged with the lower bounds of hidden units. */
function priorsOf(ix: Indexed, published: boolean[], visible: boolean[]): Priors {
  const lb = hiddenLowerBounds(ix.units, published, visible, ix.n);
  const lo = new Float64Array(ix.n);
  for (let c = 0; c < ix.n; c++) lo[c] = Math.max(lb[c]!, ix.priors.lo?.[c] ?? 0);
  return { lo, ...(ix.priors.hi ? { hi: ix.priors.hi } : {}) };
}

/**
 * Primary units: a unit showing a small count, or showing every cell of a relation but one,
 * that one being an implicit small count (a share shows its numerator and base: the complement
 * base − numerator would be given away).
 */
function primaryUnits(ix: Indexed, threshold: number): boolean[] {
  const primary = ix.units.map((u) => u.cells.some((c) => isSmall(ix.value[c]!, threshold)));
  for (const [k, r] of ix.relations.entries()) {
    if (!isEq(ix, k)) continue;
    const cells = [r.total, ...r.parts];
    const implicit = cells.filter((c) => ix.unitsOf[c]!.length === 0 && !ix.fixed[c]);
    if (implicit.length !== 1 || !isSmall(ix.value[implicit[0]!]!, threshold)) continue;
    const others = cells.filter((c) => c !== implicit[0]);
    for (const u of ix.unitsOf[others[0]!]!) {
      const shown = new Set(ix.units[u]!.cells);
      if (others.every((c) => shown.has(c))) primary[u] = true;
    }
  }
  return primary;
}

/** Visible cells given the published units. */
function visibleCells(ix: Indexed, published: boolean[]): boolean[] {
  const visible = Array.from({ length: ix.n }, (_, c) => ix.fixed[c] === 1);
  ix.units.forEach((u, k) => {
    if (published[k]) for (const c of u.cells) visible[c] = true;
  });
  return visible;
}

/**
 * What an attacker knows exactly from the visible cells: cells determined by a relation whose
 * other cells are all known (or a known total whose unknown parts must all be 0). `why` gives
 * the relation that determined a hidden cell (-1 for visible or unknown cells).
 */
function propagate(ix: Indexed, visible: boolean[]): { known: boolean[]; why: Int32Array } {
  const known = visible.slice();
  const why = new Int32Array(ix.n).fill(-1);
  const queue: number[] = ix.relations.map((_, k) => k).filter((k) => isEq(ix, k));
  const queued = new Uint8Array(ix.relations.length).fill(1);
  const learn = (c: number, k: number): void => {
    known[c] = true;
    why[c] = k;
    for (const r of ix.relOf[c]!)
      if (!queued[r]) {
        queued[r] = 1;
        queue.push(r);
      }
  };
  while (queue.length) {
    const k = queue.pop()!;
    queued[k] = 0;
    const r = ix.relations[k]!;
    const cells = [r.total, ...r.parts];
    const unknown = cells.filter((c) => !known[c]);
    if (unknown.length === 0) continue;
    if (unknown.length === 1) learn(unknown[0]!, k);
    else if (known[r.total] && unknown.every((c) => ix.value[c] === 0)) for (const c of unknown) learn(c, k);
  }
  return { known, why };
}

/** A relation that gives away a small count: the unknown cells' sum K (known to the attacker) is in 1 … T−1. */
interface Leak {
  relation: number;
  sum: number;
}

/** Relations that leak: a hidden small cell determined by them, or a known total whose unknown parts sum to 1 … T−1. */
function findLeaks(ix: Indexed, known: boolean[], why: Int32Array, visible: boolean[], threshold: number): Leak[] {
  const leaks = new Map<number, number>();
  for (let c = 0; c < ix.n; c++) {
    if (visible[c] || !known[c] || why[c]! < 0 || !isSmall(ix.value[c]!, threshold)) continue;
    // Every relation that gives c back on its own (all its other cells known) leaks.
    for (const k of ix.relOf[c]!) {
      const r = ix.relations[k]!;
      if ([r.total, ...r.parts].every((d) => d === c || (known[d] && why[d] !== k))) leaks.set(k, ix.value[c]!);
    }
    leaks.set(why[c]!, ix.value[c]!);
  }
  ix.relations.forEach((r, k) => {
    if (!isEq(ix, k) || !known[r.total] || leaks.has(k)) return;
    let sum = 0;
    let unknown = 0;
    for (const c of r.parts)
      if (!known[c]) {
        sum += ix.value[c]!;
        unknown++;
      }
    if (unknown > 0 && isSmall(sum, threshold)) leaks.set(k, sum);
  });
  return [...leaks].map(([relation, sum]) => ({ relation, sum }));
}

/** Cost of hiding a visible cell: its weighted size times the number of figures that show it. */
function hideCost(ix: Indexed, c: number, published: boolean[]): number {
  const shownBy = ix.unitsOf[c]!.filter((u) => published[u]).length;
  return ix.weight[c]! * (ix.value[c]! + 1) * Math.max(1, shownBy);
}

/**
 * A way to fix a leak: hide the visible cell `cell`, adding `gain` to the unknown sum, at `cost`,
 * together with `partners`: the cheapest partner in each other relation that would give `cell`
 * straight back (hiding `cell` alone would protect nothing there).
 */
interface Option {
  cell: number;
  gain: number;
  cost: number;
  partners: Partner[];
}

/** A partner of a chosen cell: `cell`, hidden so that `relation` does not give the chosen cell back. */
interface Partner {
  cell: number;
  relation: number;
}

/**
 * Cost of hiding visible cell c to fix relation k, looking one step ahead: in each other relation
 * where c would be the only unknown (so an attacker would get it back), a partner must be hidden
 * too; add the cheapest partner's cost, and return the partners (hidden with c if it is chosen).
 */
function lookahead(
  ix: Indexed,
  c: number,
  k: number,
  visible: boolean[],
  known: boolean[],
  why: Int32Array,
  published: boolean[],
): { cost: number; partners: Partner[] } {
  let cost = hideCost(ix, c, published);
  const partners: Partner[] = [];
  for (const k2 of ix.relOf[c]!) {
    if (k2 === k) continue;
    const r = ix.relations[k2]!;
    const cells = [r.total, ...r.parts];
    // A hidden cell determined through k2 itself becomes unknown again once c is hidden.
    if (cells.some((d) => d !== c && (!known[d] || (!visible[d] && why[d] === k2)))) continue;
    let partner = Infinity;
    let best = -1;
    for (const d of cells) {
      if (d === c || !visible[d] || ix.value[d]! <= 0 || ix.fixed[d]) continue;
      const dc = hideCost(ix, d, published);
      if (dc < partner) {
        partner = dc;
        best = d;
      }
    }
    cost += partner === Infinity ? 1e12 : partner;
    if (best >= 0) partners.push({ cell: best, relation: k2 });
  }
  return { cost, partners };
}

/**
 * Options to fix a leak in relation k: hide one of its visible positive cells, or make one of
 * its determined hidden cells unknown again by hiding a visible cell of the relation that determined it.
 */
function fixOptions(ix: Indexed, k: number, visible: boolean[], known: boolean[], why: Int32Array, published: boolean[]): Option[] {
  const r = ix.relations[k]!;
  const out: Option[] = [];
  for (const c of [r.total, ...r.parts]) {
    if (ix.value[c]! <= 0 || ix.fixed[c]) continue;
    const gain = c === r.total ? Infinity : ix.value[c]!;
    if (visible[c]) {
      const look = lookahead(ix, c, k, visible, known, why, published);
      out.push({ cell: c, gain, cost: look.cost * (c === r.total ? 2 : 1), partners: look.partners });
    } else if (known[c] && why[c]! >= 0 && why[c] !== k) {
      // Follow the chain of relations that determined c back to visible cells (breadth first).
      const seen = new Set<number>([c]);
      let frontier = [c];
      for (let depth = 0; depth < 8 && frontier.length; depth++) {
        const next: number[] = [];
        for (const h of frontier) {
          const via = ix.relations[why[h]!]!;
          for (const d of [via.total, ...via.parts]) {
            if (seen.has(d) || ix.value[d]! <= 0) continue;
            seen.add(d);
            if (visible[d] && !ix.fixed[d]) {
              const look = lookahead(ix, d, why[h]!, visible, known, why, published);
              out.push({ cell: d, gain, cost: look.cost + depth, partners: look.partners });
            } else if (known[d] && why[d]! >= 0) next.push(d);
          }
        }
        if (out.length) break;
        frontier = next;
      }
    }
  }
  return out;
}

/** Picks the cheapest option that lifts the unknown sum to ≥ T, else the one adding the most. */
function choose(options: Option[], sum: number, threshold: number): Option | undefined {
  const enough = options.filter((o) => sum + o.gain >= threshold);
  if (enough.length) return enough.reduce((a, b) => (b.cost < a.cost ? b : a));
  return options.reduce<Option | undefined>((a, b) => (!a || b.gain > a.gain || (b.gain === a.gain && b.cost < a.cost) ? b : a), undefined);
}

/**
 * Hides a chosen cell and its partners; a partner is skipped when its relation already holds
 * another cell hidden since the start of the round (`visible`), which keeps the chosen cell
 * unknown there. Returns the cells hidden.
 */
function hideWithPartners(
  ix: Indexed,
  option: { cell: number; partners: readonly Partner[] },
  visible: boolean[],
  published: boolean[],
): number[] {
  const shown = (d: number): boolean => ix.unitsOf[d]!.some((u) => published[u]);
  hideCell(ix, option.cell, published);
  const hidden = [option.cell];
  for (const p of option.partners) {
    if (!shown(p.cell)) continue;
    const r = ix.relations[p.relation]!;
    if ([r.total, ...r.parts].some((d) => d !== option.cell && visible[d] && !shown(d))) continue;
    hideCell(ix, p.cell, published);
    hidden.push(p.cell);
  }
  return hidden;
}

/** Hides every published unit showing cell c; returns the cells whose visibility may have changed. */
function hideCell(ix: Indexed, c: number, published: boolean[]): void {
  for (const u of ix.unitsOf[c]!) published[u] = false;
}

/**
 * Protects a table: primary suppression of small counts, then secondary suppression until no
 * relation gives away a small count and no hidden small cell can be bounded within 1 … T−1
 * (interval attack). Threshold T: counts 1 … T−1 are small.
 */
export function protect(problem: ProtectProblem, threshold: number): ProtectResult {
  const ix = index(problem);
  const primary = primaryUnits(ix, threshold);
  const published = primary.map((p) => !p);
  // Small cells the LP attack has shown not to be pinned (monotone: see attackRepair).
  const lpSafe = new Uint8Array(ix.n);
  let rounds = 0;
  for (;;) {
    rounds++;
    const visible = visibleCells(ix, published);
    const { known, why } = propagate(ix, visible);
    const leaks = findLeaks(ix, known, why, visible, threshold);
    if (leaks.length === 0) {
      // Safety net: attack what is visible; fix any small cell it still pins down.
      const fixed = attackRepair(ix, visible, known, why, published, threshold, lpSafe);
      if (!fixed) break;
      continue;
    }
    // One fix per relation per round: a relation whose cells changed waits for the next round.
    const touched = new Set<number>();
    let fixes = 0;
    leaks.sort((a, b) => a.sum - b.sum);
    const stuck: number[] = [];
    for (const leak of leaks) {
      if (touched.has(leak.relation)) continue;
      const option = choose(fixOptions(ix, leak.relation, visible, known, why, published), leak.sum, threshold);
      if (!option) {
        const r = ix.relations[leak.relation]!;
        stuck.push(...[r.total, ...r.parts].filter((c) => !visible[c]));
        continue;
      }
      // The partners go with the cell: hidden alone, it would be given back by their relations.
      for (const c of hideWithPartners(ix, option, visible, published)) for (const k of ix.relOf[c]!) touched.add(k);
      fixes++;
      touched.add(leak.relation);
    }
    // Leaks with no visible cell in their relation: widen the search around their hidden cells.
    if (fixes === 0 && !attackRepair(ix, visible, known, why, published, threshold, lpSafe, stuck)) break;
  }
  const visible = visibleCells(ix, published);
  return {
    units: published.map((p, k) => (p ? 'publie' : primary[k] ? 'secret_primaire' : 'secret_secondaire')),
    hidden: visible.map((v) => !v),
    rounds,
  };
}

/**
 * Safety net once no relation leaks: attacks the visible cells (intervals, then LP on the
 * components holding a hidden small cell); for each small cell still pinned within 1 … T−1,
 * hides the cheapest visible cell of one of its relations. Returns whether anything was hidden.
 */
function attackRepair(
  ix: Indexed,
  visible: boolean[],
  known: boolean[],
  why: Int32Array,
  published: boolean[],
  threshold: number,
  lpSafe: Uint8Array,
  seeds: readonly number[] = [],
): boolean {
  let pinned: number[] = [];
  if (seeds.length) pinned = [...new Set(seeds)];
  else {
    const knownValues = Array.from(ix.value, (v, c) => (visible[c] ? v : null));
    const priors = priorsOf(ix, published, visible);
    const bounds = intervalBounds(ix.n, ix.relations, knownValues, 200, priors);
    for (let c = 0; c < ix.n; c++) if (!visible[c] && isDisclosed(bounds.lo[c]!, bounds.hi[c]!, threshold)) pinned.push(c);
    if (pinned.length === 0) {
      // LP only on the small cells not yet proven safe: hiding more cells only widens the
      // attacker's feasible set (the true values of the newly hidden cells extend any earlier
      // feasible point), so a cell once shown to be possibly 0 or ≥ T stays so.
      const small: number[] = [];
      for (let c = 0; c < ix.n; c++) if (!visible[c] && !lpSafe[c] && isSmall(ix.value[c]!, threshold)) small.push(c);
      pinned = lpDisclosed(ix.n, ix.relations, knownValues, threshold, small, { safe: lpSafe, bounds, priors }).map((d) => d.cell);
    }
  }
  let fixed = false;
  const touched = new Set<number>();
  for (const c of pinned) {
    // The cheapest visible cell in the relations around c, widening through hidden cells; like
    // a leak fix, it goes with the partners that keep it from being given back by its other relations.
    let best: { cell: number; cost: number; partners: Partner[] } | undefined;
    const seen = new Set<number>([c]);
    let frontier = [c];
    for (let depth = 0; depth < 4 && frontier.length && !best; depth++) {
      const next: number[] = [];
      for (const h of frontier) {
        for (const k of ix.relAll[h]!) {
          const r = ix.relations[k]!;
          for (const d of [r.total, ...r.parts]) {
            if (seen.has(d)) continue;
            seen.add(d);
            if (!visible[d]) {
              next.push(d);
              continue;
            }
            if (ix.value[d]! <= 0 || touched.has(d) || ix.fixed[d]) continue;
            const look = lookahead(ix, d, k, visible, known, why, published);
            if (!best || look.cost < best.cost) best = { cell: d, ...look };
          }
        }
      }
      frontier = next;
    }
    if (best) {
      for (const d of hideWithPartners(ix, best, visible, published)) touched.add(d);
      fixed = true;
    }
  }
  return fixed;
}

/**
 * Protects a one-level breakdown of a shown total (total = Σ parts, parts 0 or more: a part not
 * listed is 0 and shown as such): which parts to hide so that no part in 1 … T−1 is published nor
 * recoverable from the total and the other parts (primary and secondary suppression, lower bound 1
 * on hidden parts). Returns one flag per part (true: hidden). Used by the data quality page.
 */
export function protectBreakdown(parts: readonly number[], threshold: number): boolean[] {
  const total = parts.reduce((s, v) => s + v, 0);
  const cells: EngineCell[] = [{ value: total }, ...parts.map((value) => ({ value }))];
  const r = protect(
    {
      cells,
      relations: [{ total: 0, parts: parts.map((_, i) => i + 1) }],
      units: parts.map((_, i) => ({ cells: [i + 1] })),
      fixed: cells.map((_, i) => i === 0),
    },
    threshold,
  );
  return r.units.map((u) => u !== 'publie');
}
