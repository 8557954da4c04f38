// Hand-made tables for the publication tests: cell values and their sum relations.
import type { SumRelation } from '../../src/publication/engine.ts';

/** A 1-D breakdown: cell 0 is the total, the others its categories. */
export function oneD(parts: number[]): { values: number[]; relations: SumRelation[] } {
  const values = [parts.reduce((a, b) => a + b, 0), ...parts];
  return { values, relations: [{ total: 0, parts: parts.map((_, i) => i + 1) }] };
}

/** A 2-D table r×c with margins: cell (i, j) at i*(c+1)+j, row/column totals in the last column/row. */
export function twoD(inner: number[][]): { values: number[]; relations: SumRelation[] } {
  const r = inner.length,
    c = inner[0]!.length;
  const at = (i: number, j: number): number => i * (c + 1) + j;
  const values: number[] = [];
  for (let i = 0; i <= r; i++) {
    for (let j = 0; j <= c; j++) {
      const rows = i < r ? [i] : [...inner.keys()];
      const cols = j < c ? [j] : [...inner[0]!.keys()];
      values.push(rows.reduce((s, a) => s + cols.reduce((t, b) => t + inner[a]![b]!, 0), 0));
    }
  }
  const relations: SumRelation[] = [];
  for (let i = 0; i <= r; i++) relations.push({ total: at(i, c), parts: [...Array(c).keys()].map((j) => at(i, j)) });
  for (let j = 0; j <= c; j++) relations.push({ total: at(r, j), parts: [...Array(r).keys()].map((i) => at(i, j)) });
  return { values, relations };
}
