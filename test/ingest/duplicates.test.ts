// The duplicate-key search (load.ts duplicateKeys) against a count done in JavaScript over the same
// keys: sorted files, files in sorted blocks (one per département, `cat` of two files), shuffled
// ones, duplicates inside and across blocks, rows already rejected (mask ≠ 0), composite keys.
// Tables span several of DuckDB's row groups (122 880 rows) so that a scan in parallel would show.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_KEY_RUNS, duplicateKeys } from '../../src/ingest/load.ts';
import { closeWarehouse, queryRows, type Warehouse } from '../../src/warehouse/db.ts';
import { memoryWarehouse, prng } from './helpers.ts';

/** The keys occurring more than once among the rows of mask 0, counted in JavaScript. */
function expected(keys: string[], masks: number[]): string[] {
  const n = new Map<string, number>();
  keys.forEach((k, i) => {
    if (masks[i] === 0) n.set(k, (n.get(k) ?? 0) + 1);
  });
  return [...n].filter(([, c]) => c > 1).map(([k]) => k);
}

let w: Warehouse;
beforeAll(async () => {
  w = await memoryWarehouse();
});
afterAll(async () => {
  await closeWarehouse(w);
});

/** Loads the rows (in this order) into a temporary table `_t (id, _mask)` through a CSV file, runs duplicateKeys. */
async function found(keys: string[], masks: number[]): Promise<string[]> {
  const path = join(mkdtempSync(join(tmpdir(), 'dups-')), 'keys.csv');
  writeFileSync(path, keys.map((k, i) => `${i};${k};${masks[i]}`).join('\n'));
  await w.con.run(`CREATE OR REPLACE TEMP TABLE _t AS SELECT id, m AS _mask
    FROM read_csv('${path}', header = false, delim = ';', columns = {'i': 'BIGINT', 'id': 'VARCHAR', 'm': 'INTEGER'}) ORDER BY i`);
  await w.con.run('DROP TABLE IF EXISTS _ing_dups');
  const n = await duplicateKeys(w.con, '_t', ['id']);
  const rows = await queryRows<{ id: string }>(w.con, 'SELECT id FROM _ing_dups ORDER BY id');
  expect(rows.length).toBe(n);
  return rows.map((r) => r.id);
}

const id = (d: number, k: number): string => `E${String(d).padStart(2, '0')}${String(k).padStart(7, '0')}`;

describe('duplicate keys', () => {
  it('finds exactly the repeated keys, in files sorted, in sorted blocks, shuffled, with rejected rows', async () => {
    const rand = prng(7);
    const cases: { name: string; keys: string[] }[] = [];
    const sorted = Array.from({ length: 300_000 }, (_, k) => id(1, k));
    cases.push({ name: 'sorted, no duplicate', keys: sorted });
    const withDup = [...sorted];
    withDup.splice(200_000, 0, sorted[199_999]!); // a repeated line next to itself
    cases.push({ name: 'sorted, one line repeated', keys: withDup });
    // Blocks per département in an order that is not the keys' (2A, 2B before 21 as in the national extract), with a key of block 3 repeated in block 1.
    const blocks = [19, 29, 21, 22].map((d) => Array.from({ length: 70_000 }, (_, k) => id(d, k)));
    const b = blocks.flat();
    b[10] = id(21, 5);
    cases.push({ name: 'blocks, a key repeated across blocks', keys: b });
    // Blocks longer than a row group, in decreasing key order, a key of the last repeated in the first.
    const down = [40, 30, 20, 10].flatMap((d) => Array.from({ length: 130_000 }, (_, k) => id(d, k)));
    down[5] = id(10, 129_999);
    cases.push({ name: 'blocks in decreasing order', keys: down });
    // Two files joined with `cat` (the same keys twice: every key repeated).
    const half = Array.from({ length: 130_000 }, (_, k) => id(3, k * 2));
    cases.push({ name: 'cat of a file with itself', keys: [...half, ...half] });
    // Too many breaks: every key shuffled, with a few repeats.
    const shuffled = Array.from({ length: 250_000 }, (_, k) => id(4, k));
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    for (let r = 0; r < 5; r++) shuffled[Math.floor(rand() * shuffled.length)] = shuffled[Math.floor(rand() * shuffled.length)]!;
    cases.push({ name: 'shuffled', keys: shuffled });
    // Just under and just over the most breaks compared run by run.
    for (const runs of [MAX_KEY_RUNS + 1, MAX_KEY_RUNS + 2]) {
      const ks = Array.from({ length: runs }, (_, r) => Array.from({ length: 2_000 }, (_, k) => id(5, k * runs + r))).flat();
      ks[ks.length - 1] = ks[3]!;
      cases.push({ name: `${runs} sorted runs`, keys: ks });
    }
    for (const c of cases) {
      // Rows of mask ≠ 0 are rejected already: their keys do not count (one such row repeats a key of a good one).
      const masks = c.keys.map(() => (rand() < 0.001 ? 4 : 0));
      const exp = expected(c.keys, masks).sort();
      expect(await found(c.keys, masks), c.name).toEqual(exp);
    }
    // The cases above do test something: the expected sets are not all empty.
    expect(
      expected(
        withDup,
        withDup.map(() => 0),
      ),
    ).toEqual([sorted[199_999]]);
    expect(
      expected(
        b,
        b.map(() => 0),
      ),
    ).toEqual([id(21, 5)]);
    expect(
      expected(
        down,
        down.map(() => 0),
      ),
    ).toEqual([id(10, 129_999)]);
  }, 120_000);

  it('composite keys (département, année), in and out of order', async () => {
    await w.con.run(`CREATE OR REPLACE TEMP TABLE _t2 AS SELECT * FROM (VALUES
      ('01', 2024, 0), ('01', 2025, 0), ('02', 2024, 0), ('01', 2025, 0), ('03', 2020, 4), ('03', 2020, 0), ('02', 2023, 0)) t(departement, annee, _mask)`);
    await w.con.run('DROP TABLE IF EXISTS _ing_dups');
    expect(await duplicateKeys(w.con, '_t2', ['departement', 'annee'])).toBe(1);
    expect(await queryRows(w.con, 'SELECT departement, annee FROM _ing_dups')).toEqual([{ departement: '01', annee: 2025 }]);
  });
});
