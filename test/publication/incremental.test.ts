// The incremental pieces of the suppression engine: components found from seeds are those of the
// full search, and the LP "safe" set is monotone (a small cell shown safe stays safe when more
// cells are hidden), which is what lets protect() re-solve only the cells not yet proven safe.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hiddenComponents, lpDisclosed } from '../../src/publication/attack.ts';
import { twoD } from './tables.ts';

const T = 11;

const cellValue = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 11, max: 60 }));
const tables = fc
  .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
  .chain(([r, c]) =>
    fc.tuple(
      fc.array(fc.array(cellValue, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
      fc.array(fc.boolean(), { minLength: (r + 1) * (c + 1), maxLength: (r + 1) * (c + 1) }),
      fc.array(fc.boolean(), { minLength: (r + 1) * (c + 1), maxLength: (r + 1) * (c + 1) }),
    ),
  );

describe('incremental attack', () => {
  it('components from seeds are the full components that hold a seed, in the same order', () => {
    fc.assert(
      fc.property(tables, ([inner, hide]) => {
        const t = twoD(inner);
        const known = t.values.map((v, i) => (hide[i] ? null : v));
        const all = hiddenComponents(t.values.length, t.relations, known);
        const seeds = known.flatMap((v, i) => (v === null && i % 2 === 0 ? [i] : []));
        const expected = all.filter((comp) => comp.cells.some((c) => seeds.includes(c)));
        expect(hiddenComponents(t.values.length, t.relations, known, seeds.reverse())).toEqual(expected);
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('a small cell the LP shows safe stays safe when more cells are hidden', () => {
    fc.assert(
      fc.property(tables, ([inner, hide, more]) => {
        const t = twoD(inner);
        const small = (hidden: boolean[]): number[] => t.values.flatMap((v, i) => (hidden[i] && v >= 1 && v < T ? [i] : []));
        const before = hide.map((h, i) => h || (t.values[i]! >= 1 && t.values[i]! < T));
        const after = before.map((h, i) => h || more[i]!);
        const safe = new Uint8Array(t.values.length);
        const knownBefore = t.values.map((v, i) => (before[i] ? null : v));
        const disclosedBefore = lpDisclosed(t.values.length, t.relations, knownBefore, T, small(before), { safe }).map((d) => d.cell);
        // Every candidate is either disclosed or marked safe.
        expect([...disclosedBefore, ...small(before).filter((c) => safe[c])].sort((a, b) => a - b)).toEqual(small(before));
        const knownAfter = t.values.map((v, i) => (after[i] ? null : v));
        const disclosedAfter = new Set(lpDisclosed(t.values.length, t.relations, knownAfter, T, small(after)).map((d) => d.cell));
        for (const c of small(before)) if (safe[c]) expect(disclosedAfter.has(c)).toBe(false);
      }),
      { seed: 11, numRuns: 150 },
    );
  });
});
