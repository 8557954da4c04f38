// Suppression engine and attacker on hand-made tables: exact expected patterns, worked out by hand.
import { describe, expect, it } from 'vitest';
import { protect, type SumRelation } from '../../src/publication/engine.ts';
import { attackTable } from '../../src/publication/audit.ts';
import { hiddenComponents, intervalBounds, lpBounds } from '../../src/publication/attack.ts';
import { oneD, twoD } from './tables.ts';

const T = 11;
/** Status letters per cell: P published, 1 primary, 2 secondary. */
const letters = (units: readonly string[]): string =>
  units.map((u) => (u === 'publie' ? 'P' : u === 'secret_primaire' ? '1' : '2')).join('');
const knownOf = (values: readonly number[], hidden: readonly boolean[]): (number | null)[] => values.map((v, i) => (hidden[i] ? null : v));

const run = (t: { values: number[]; relations: SumRelation[] }) =>
  protect({ cells: t.values.map((value) => ({ value })), relations: t.relations }, T);

describe('secondary suppression on hand-made tables', () => {
  it('1-D: one small category gets the smallest category that protects it hidden too', () => {
    // 100 = 50 + 30 + 15 + 5: 5 is small; 100 − 50 − 30 = 20 ≥ 11 once 15 is hidden too.
    const t = oneD([50, 30, 15, 5]);
    const r = run(t);
    expect(letters(r.units)).toBe('PPP21');
    expect(attackTable(5, t.relations, knownOf(t.values, r.hidden), T, 'lp').issues).toEqual([]);
  });

  it('1-D: the partner must lift the hidden sum to the threshold, not just be the smallest', () => {
    // 60 = 42 + 8 + 7 + 3: 3 is small; so are 8 and 7 (primary). 8 + 7 + 3 = 18 ≥ 11: nothing more.
    expect(letters(run(oneD([42, 8, 7, 3])).units)).toBe('PP111');
    // 60 = 50 + 6 + 4: 6 + 4 = 10 < 11, the group is itself small: 50 goes too.
    expect(letters(run(oneD([50, 6, 4])).units)).toBe('P211');
  });

  it('a total equal to a single visible category: hiding a zero protects nothing', () => {
    // 40 = 37 + 3 + 0: 3 is small. Hiding the 0 would leave 40 − 37 = 3 = B + C: B stays known
    // to be ≤ 3 and the pair is a small count; 37 must go (hidden sum 40).
    const t = oneD([37, 3, 0]);
    const r = run(t);
    expect(letters(r.units)).toBe('P21P');
    // 40 = 40 + 0: everyone is in A, nothing is small, nothing is hidden.
    expect(letters(run(oneD([40, 0])).units)).toBe('PPP');
    // The leaky alternative (hide B and C only) fails the audit: B + C = 3.
    const leaky = attackTable(4, t.relations, [40, 37, null, null], T, 'lp');
    expect(leaky.issues).toEqual([{ type: 'somme_cachee', cell: 0, value: 3, relation: 0 }]);
  });

  it('2-D: the cheapest rectangle around the small cell', () => {
    //        c1  c2  c3 | tot
    //  r1    20  30   4 | 54      4 is small. Its row and column need a second hidden cell each,
    //  r2    25  15  40 | 80      and those need a partner in their own column/row, closing a
    //  r3    12  50  35 | 97      rectangle: {4, 20, 12, 35} (hidden 20 + 12 + 35 = 67) is the
    //  tot   57  95  79 | 231     cheapest of the four rectangles (85, 67, 85, 115).
    const t = twoD([
      [20, 30, 4],
      [25, 15, 40],
      [12, 50, 35],
    ]);
    const r = run(t);
    expect(letters(r.units)).toBe(['2P1P', 'PPPP', '2P2P', 'PPPP'].join(''));
    const audit = attackTable(t.values.length, t.relations, knownOf(t.values, r.hidden), T, 'lp');
    expect(audit.issues).toEqual([]);
    // LP bounds of the small cell: 4 ∈ [0, 24] (row r1: 4 + x = 24, column c3: 4 + y = 39, …).
    const b = intervalBounds(t.values.length, t.relations, knownOf(t.values, r.hidden));
    const [comp] = hiddenComponents(t.values.length, t.relations, knownOf(t.values, r.hidden));
    lpBounds(t.relations, knownOf(t.values, r.hidden), comp!, b, { threshold: T });
    expect([b.lo[2], b.hi[2]]).toEqual([0, 24]);
  });

  it('hierarchy: a département recoverable from its organisme minus its siblings', () => {
    // National N = O1 + O2; O1 = D1 + D2 + D3; O2 = D4 + D5. D1 = 4 is small; O1 − D2 − D3 = 4
    // gives it back, so its cheapest sibling D2 = 30 goes too. N and the organismes stay.
    const v = { N: 0, O1: 1, O2: 2, D1: 3, D2: 4, D3: 5, D4: 6, D5: 7 };
    const values = [194, 94, 100, 4, 30, 60, 45, 55];
    const relations: SumRelation[] = [
      { total: v.N, parts: [v.O1, v.O2] },
      { total: v.O1, parts: [v.D1, v.D2, v.D3] },
      { total: v.O2, parts: [v.D4, v.D5] },
    ];
    const r = protect({ cells: values.map((value) => ({ value })), relations }, T);
    expect(letters(r.units)).toBe('PPP12PPP');
  });

  it('hierarchy + breakdown: the sibling hidden in the hierarchy needs a partner in its own breakdown', () => {
    // O = D1 + D2 with D1 = 5 (small) and D2 = 70. D2 = D2a 40 + D2b 30 is published too:
    // hiding D2 alone is undone by D2a + D2b; the cheapest partner is D2b (30).
    const values = [75, 5, 70, 40, 30];
    const relations: SumRelation[] = [
      { total: 0, parts: [1, 2] },
      { total: 2, parts: [3, 4] },
    ];
    const r = protect({ cells: values.map((value) => ({ value })), relations }, T);
    expect(letters(r.units)).toBe('P12P2');
    expect(attackTable(5, relations, knownOf(values, r.hidden), T, 'lp').issues).toEqual([]);
  });

  it('a single-département organisme: one other organisme and its partner département, the nation stays', () => {
    // N = O1 + O2 + O3 + O4 (weights 1000 / 10 / 1 as in publish.ts); O1 = D11 + D12, O2 = D21 + D22,
    // O3 = D31 + D32, O4 = D41 (an organisme of one département, as in Guyane or Mayotte). D41 = 3 is
    // small, so is O4 = D41; N − O1 − O2 − O3 gives it back. Hiding O1 (55) alone would not do: O1 =
    // D11 + D12 gives it back; its partner, the cheaper département D12 (25), is hidden with it in the
    // same round. Neither N nor a second organisme is hidden.
    const names = ['N', 'O1', 'O2', 'O3', 'O4', 'D11', 'D12', 'D21', 'D22', 'D31', 'D32', 'D41'];
    const d = [30, 25, 40, 22, 28, 35, 3];
    const o = [d[0]! + d[1]!, d[2]! + d[3]!, d[4]! + d[5]!, d[6]!];
    const values = [o.reduce((a, b) => a + b, 0), ...o, ...d];
    const weights = [1000, 10, 10, 10, 10, 1, 1, 1, 1, 1, 1, 1];
    const relations: SumRelation[] = [
      { total: 0, parts: [1, 2, 3, 4] },
      { total: 1, parts: [5, 6] },
      { total: 2, parts: [7, 8] },
      { total: 3, parts: [9, 10] },
      { total: 4, parts: [11] },
    ];
    const r = protect({ cells: values.map((value, i) => ({ value, weight: weights[i]! })), relations }, T);
    expect(Object.fromEntries(names.map((n, i) => [n, letters([r.units[i]!])]))).toEqual({
      N: 'P',
      O1: '2',
      O2: 'P',
      O3: 'P',
      O4: '1',
      D11: 'P',
      D12: '2',
      D21: 'P',
      D22: 'P',
      D31: 'P',
      D32: 'P',
      D41: '1',
    });
    expect(attackTable(values.length, relations, knownOf(values, r.hidden), T, 'lp').issues).toEqual([]);
  });

  it('a share whose complement is small is primary (share × base gives it back)', () => {
    // base 50 (a published count), share 45/50 → complement 5 people: the share is hidden.
    const values = [50, 45, 5];
    const r = protect(
      { cells: values.map((value) => ({ value })), relations: [{ total: 0, parts: [1, 2] }], units: [{ cells: [0] }, { cells: [1, 0] }] },
      T,
    );
    expect(r.units).toEqual(['publie', 'secret_primaire']);
    expect(r.hidden).toEqual([false, true, true]);
  });
});

describe('attacker', () => {
  it('primary-only suppression of a 1-D table is caught: the small cell is pinned by LP and by intervals', () => {
    const t = oneD([50, 30, 15, 5]);
    const known = [100, 50, 30, 15, null];
    for (const m of ['lp', 'intervalles'] as const) {
      expect(attackTable(5, t.relations, known, T, m).issues).toEqual([{ type: 'cellule_encadree', cell: 4, lo: 5, hi: 5 }]);
    }
  });

  it('auto mode attacks large components by LP too (exact audit beyond 400 cells)', () => {
    // 600 = 450 categories worth 0 or 2; the total and the first category (0) are published, the
    // 449 others hidden: one component of 449 cells, none pinned (each can be 0 or ≥ 11).
    const parts = Array.from({ length: 450 }, (_, i) => (i % 3 === 0 ? 0 : 2));
    const t = oneD(parts);
    const known = t.values.map((v, i) => (i === 0 || i === 1 ? v : null));
    const audit = attackTable(t.values.length, t.relations, known, T, 'auto');
    expect(audit.components).toBe(1);
    expect(audit.largestComponent).toBe(449);
    expect(audit.lpComponents).toBe(1);
    expect(audit.issues).toEqual([]);
  });

  it('a published small count fails', () => {
    expect(attackTable(2, [{ total: 0, parts: [1] }], [7, 7], T).issues.map((i) => i.type)).toEqual(['effectif_publie', 'effectif_publie']);
  });

  it('interval propagation gives the LP bounds on a tree of relations', () => {
    // N = O1 + O2 (N = 194 known, O2 hidden), O1 = D1 + D2 (O1 hidden, D2 = 30 known), O2 = D4 + D5 (D4 = 45 known).
    const relations: SumRelation[] = [
      { total: 0, parts: [1, 2] },
      { total: 1, parts: [3, 4] },
      { total: 2, parts: [5, 6] },
    ];
    const known = [194, null, null, null, 30, 45, null];
    const ib = intervalBounds(7, relations, known);
    const lb = intervalBounds(7, relations, known);
    for (const comp of hiddenComponents(7, relations, known)) lpBounds(relations, known, comp, lb, { threshold: T });
    expect(Array.from(ib.lo)).toEqual(Array.from(lb.lo));
    expect(Array.from(ib.hi)).toEqual(Array.from(lb.hi));
    // O1 ∈ [30, 149], D1 ∈ [0, 119], O2 ∈ [45, 164], D5 ∈ [0, 119]
    expect([ib.lo[1], ib.hi[1], ib.lo[3], ib.hi[3], ib.lo[2], ib.hi[2], ib.lo[6], ib.hi[6]]).toEqual([30, 149, 0, 119, 45, 164, 0, 119]);
  });
});
