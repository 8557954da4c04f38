// Property-based: on random small linked tables (2-D tables with margins, under a two-level
// hierarchy), the LP audit passes on the protected output and fails on primary suppression only.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { protect, isSmall, type SumRelation } from '../../src/publication/engine.ts';
import { attackTable } from '../../src/publication/audit.ts';
import { hiddenComponents, intervalBounds, lpBounds } from '../../src/publication/attack.ts';

const T = 11;

/** Two regions, each an r×c table with margins, plus a national table = their sum (cell by cell). */
function build(a: number[][], b: number[][]): { values: number[]; relations: SumRelation[] } {
  const r = a.length,
    c = a[0]!.length;
  const values: number[] = [];
  const relations: SumRelation[] = [];
  const tables = [a, b, a.map((row, i) => row.map((v, j) => v + b[i]![j]!))];
  const base: number[] = [];
  for (const t of tables) {
    const off = values.length;
    base.push(off);
    const at = (i: number, j: number): number => off + i * (c + 1) + j;
    for (let i = 0; i <= r; i++) {
      for (let j = 0; j <= c; j++) {
        let s = 0;
        for (let x = 0; x < r; x++) for (let y = 0; y < c; y++) if ((i === r || i === x) && (j === c || j === y)) s += t[x]![y]!;
        values.push(s);
      }
    }
    for (let i = 0; i <= r; i++) relations.push({ total: at(i, c), parts: [...Array(c).keys()].map((j) => at(i, j)) });
    for (let j = 0; j <= c; j++) relations.push({ total: at(r, j), parts: [...Array(r).keys()].map((i) => at(i, j)) });
  }
  const size = (r + 1) * (c + 1);
  for (let k = 0; k < size; k++) relations.push({ total: base[2]! + k, parts: [base[0]! + k, base[1]! + k] });
  return { values, relations };
}

const cellValue = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 11, max: 90 }));
const tables = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
  .chain(([r, c]) =>
    fc.tuple(
      fc.array(fc.array(cellValue, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
      fc.array(fc.array(cellValue, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
    ),
  );

describe('property: protection holds against the LP attacker', () => {
  it('the audit passes on every protected random table', () => {
    fc.assert(
      fc.property(tables, ([a, b]) => {
        const t = build(a, b);
        const res = protect({ cells: t.values.map((value) => ({ value })), relations: t.relations }, T);
        const known = t.values.map((v, i) => (res.hidden[i] ? null : v));
        const audit = attackTable(t.values.length, t.relations, known, T, 'lp');
        expect(audit.issues).toEqual([]);
        // Nothing published is small, and every small cell is hidden.
        t.values.forEach((v, i) => {
          if (isSmall(v, T)) expect(res.hidden[i]).toBe(true);
        });
      }),
      { seed: 20240611, numRuns: 150 },
    );
  });

  it('the audit fails when only primary suppression is applied to a table with one small cell', () => {
    const oneSmall = tables.filter(([a, b]) => {
      const t = build(a, b);
      return t.values.filter((v) => isSmall(v, T)).length === 1;
    });
    fc.assert(
      fc.property(oneSmall, ([a, b]) => {
        const t = build(a, b);
        const known = t.values.map((v) => (isSmall(v, T) ? null : v));
        const audit = attackTable(t.values.length, t.relations, known, T, 'lp');
        expect(audit.issues.some((i) => i.type === 'cellule_encadree')).toBe(true);
      }),
      { seed: 7, numRuns: 60 },
    );
  });

  it('LP bounds are never looser than interval bounds, and both contain the true value', () => {
    fc.assert(
      fc.property(tables, ([a, b]) => {
        const t = build(a, b);
        const res = protect({ cells: t.values.map((value) => ({ value })), relations: t.relations }, T);
        const known = t.values.map((v, i) => (res.hidden[i] ? null : v));
        const ib = intervalBounds(t.values.length, t.relations, known);
        const lb = intervalBounds(t.values.length, t.relations, known);
        for (const comp of hiddenComponents(t.values.length, t.relations, known)) lpBounds(t.relations, known, comp, lb, { threshold: T });
        t.values.forEach((v, i) => {
          expect(lb.lo[i]).toBeGreaterThanOrEqual(ib.lo[i]!);
          expect(lb.hi[i]).toBeLessThanOrEqual(ib.hi[i]!);
          expect(v).toBeGreaterThanOrEqual(lb.lo[i]!);
          expect(v).toBeLessThanOrEqual(lb.hi[i]!);
        });
      }),
      { seed: 99, numRuns: 60 },
    );
  });
});
