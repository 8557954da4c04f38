// An independent oracle for the protection: on small 2 × 3 tables with margins, an exhaustive
// integer attacker (no LP, no interval propagation, nothing from src/publication but the function
// under test) enumerates every completion of the hidden cells consistent with what is published
// and with what the reader knows (counts are integers, a hidden count is ≥ 1 when zeros are always
// shown). A cell is disclosed when every completion puts it in 1 … T−1.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protect, type SumRelation } from '../../src/publication/engine.ts';
import { isSmallCount } from '../../src/vocabulary.ts';

const T = 11;
const R = 2;
const C = 3;

/** Cells of a table with margins: inner (i, j) at i·(C+1)+j; row totals at column C; column totals at row R. */
const at = (i: number, j: number): number => i * (C + 1) + j;

/** The full table (inner cells, row totals, column totals, grand total) from its inner cells. */
function withMargins(inner: number[][]): number[] {
  const v: number[] = [];
  for (let i = 0; i <= R; i++) {
    for (let j = 0; j <= C; j++) {
      let s = 0;
      for (let x = 0; x < R; x++) for (let y = 0; y < C; y++) if ((i === R || i === x) && (j === C || j === y)) s += inner[x]![y]!;
      v.push(s);
    }
  }
  return v;
}

/** The table's sum relations, as the engine takes them. */
function relations(): SumRelation[] {
  const rel: SumRelation[] = [];
  for (let i = 0; i <= R; i++) rel.push({ total: at(i, C), parts: [...Array(C).keys()].map((j) => at(i, j)) });
  for (let j = 0; j <= C; j++) rel.push({ total: at(R, j), parts: [...Array(R).keys()].map((i) => at(i, j)) });
  return rel;
}

/** Upper bound of a hidden cell that no published margin contains (the reader knows no bound; any value ≥ T keeps it safe). */
const CAP = 3 * T;

/**
 * Exhaustive attack: every integer completion of the hidden inner cells consistent with the published
 * cells (hidden cells, margins included, ≥ min); returns, per cell, the smallest and largest value over
 * all completions. A hidden inner cell is enumerated from min to the smallest published margin that
 * contains it, except where a published total fixes it (the last hidden cell of a row whose total is
 * shown, or a last-row cell whose column total is shown): then it is computed.
 */
function bruteForceRanges(published: (number | null)[], min: number): { lo: number[]; hi: number[] } {
  const n = (R + 1) * (C + 1);
  const lo = Array<number>(n).fill(Infinity);
  const hi = Array<number>(n).fill(-Infinity);
  const known = (k: number) => published[k] ?? null;
  const bound = (i: number, j: number): number =>
    Math.min(...[known(at(i, C)), known(at(R, j)), known(at(R, C))].filter((x): x is number => x !== null), CAP);
  const inner: number[][] = [...Array(R)].map(() => Array<number>(C).fill(0));
  const lastHiddenInRow = (i: number): number => Math.max(...[...Array(C).keys()].filter((j) => known(at(i, j)) === null));
  const visit = (k: number): void => {
    if (k === R * C) {
      const full = withMargins(inner);
      for (let c = 0; c < n; c++) {
        const p = known(c);
        if (p !== null ? full[c] !== p : full[c]! < min) return;
      }
      full.forEach((v, c) => {
        lo[c] = Math.min(lo[c]!, v);
        hi[c] = Math.max(hi[c]!, v);
      });
      return;
    }
    const i = Math.floor(k / C);
    const j = k % C;
    const p = known(at(i, j));
    const colTotal = known(at(R, j));
    const rowTotal = known(at(i, C));
    let fixed: number | null = null;
    if (p !== null) fixed = p;
    else if (i === R - 1 && colTotal !== null) fixed = colTotal - inner.slice(0, i).reduce((a, row) => a + row[j]!, 0);
    else if (j === lastHiddenInRow(i) && rowTotal !== null) {
      fixed =
        rowTotal -
        inner[i]!.slice(0, j).reduce((a, b) => a + b, 0) -
        [...Array(C).keys()].slice(j + 1).reduce((a, y) => a + known(at(i, y))!, 0);
    }
    if (fixed !== null) {
      if (p === null && fixed < min) return;
      inner[i]![j] = fixed;
      visit(k + 1);
      return;
    }
    for (let v = min; v <= bound(i, j); v++) {
      inner[i]![j] = v;
      visit(k + 1);
    }
  };
  visit(0);
  return { lo, hi };
}

/** Cells an exhaustive integer attacker proves small, given what is published. */
function disclosed(values: number[], hidden: boolean[]): number[] {
  const published = values.map((v, k) => (hidden[k] ? null : v));
  // What the reader knows of a hidden cell: ≥ 1 exactly when no zero is hidden (zeros are shown).
  const min = values.some((v, k) => hidden[k] && v === 0) ? 0 : 1;
  const { lo, hi } = bruteForceRanges(published, min);
  return values.map((_, k) => k).filter((k) => hidden[k] && lo[k]! >= 1 && hi[k]! <= T - 1);
}

const cellValue = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 11, max: 24 }));
const table = fc.array(fc.array(cellValue, { minLength: C, maxLength: C }), { minLength: R, maxLength: R });

describe('the exhaustive attacker (the oracle) itself', () => {
  it('proves the small cell of a table with primary suppression only (hand-worked)', () => {
    // 5 | 20 | 30 → 55 ; 12 | 13 | 14 → 39: hiding the 5 alone, 55 − 20 − 30 gives it back.
    const values = withMargins([
      [5, 20, 30],
      [12, 13, 14],
    ]);
    const hidden = values.map((_, k) => k === at(0, 0));
    expect(disclosed(values, hidden)).toEqual([at(0, 0)]);
  });

  it('proves two small cells hidden together in a row and a column whose sums are small (hand-worked)', () => {
    // 3 and 4 hidden in row 0, 8 and 9 hidden below them: the row says 3 + 4 = 7 once 30 is shown,
    // so each of them is in [1, 6] (hidden counts are ≥ 1).
    const values = withMargins([
      [3, 4, 30],
      [8, 9, 15],
    ]);
    const hidden = values.map((_, k) => [at(0, 0), at(0, 1), at(1, 0), at(1, 1)].includes(k));
    expect(disclosed(values, hidden)).toEqual(expect.arrayContaining([at(0, 0), at(0, 1)]));
  });

  it('proves nothing when a small cell is hidden with three large partners in a rectangle (hand-worked)', () => {
    const values = withMargins([
      [5, 20, 30],
      [12, 13, 14],
    ]);
    const hidden = values.map((_, k) => [at(0, 0), at(0, 1), at(1, 0), at(1, 1)].includes(k));
    expect(disclosed(values, hidden)).toEqual([]);
  });
});

describe('property: the protection holds against an independent exhaustive attacker', () => {
  it('no protected 2 × 3 table with margins discloses a small count', () => {
    fc.assert(
      fc.property(table, (inner) => {
        const values = withMargins(inner);
        const res = protect({ cells: values.map((value) => ({ value })), relations: relations() }, T);
        values.forEach((v, k) => {
          if (isSmallCount(v, T)) expect(res.hidden[k], `cellule ${k} = ${v}`).toBe(true);
        });
        expect(disclosed(values, res.hidden)).toEqual([]);
      }),
      { seed: 20261130, numRuns: 120 },
    );
    // exhaustive enumeration, CPU-bound: about a minute on a quiet machine, several when it is shared
  }, 900_000);
});
