// The people indicators against an independent, naive route on a pseudo-random extract full of
// traps (ties on date_debut, ids of different lengths, people in several départements and
// organismes, several axes): the naive SQL groups per scope through an explicit membership
// table and picks the profile with arg_max over (date_debut, accompagnement_id).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { closeWarehouse, queryRows, type Warehouse } from '../../src/warehouse/db.ts';
import { computeFacts } from '../../src/indicators/index.ts';
import { invariantViolations, warehouseWith, type Row } from './helpers.ts';

/** Deterministic pseudo-random numbers (LCG). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DEPS: Record<string, string> = {
  '34': 'CARSAT_LR',
  '30': 'CARSAT_LR',
  '11': 'CARSAT_LR',
  '10': 'CARSAT_NE',
  '51': 'CARSAT_NE',
  '2A': 'CARSAT_SE',
};
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function extract(): { accompagnements: Row[]; entretiens: Row[] } {
  const r = rng(20240601);
  const accompagnements: Row[] = [];
  const entretiens: Row[] = [];
  let n = 0;
  for (let p = 0; p < 80; p++) {
    const home = pick(r, Object.keys(DEPS));
    const k = 1 + Math.floor(r() * 4);
    for (let j = 0; j < k; j++) {
      n++;
      const id = `A${n % 3 === 0 ? n * 10 : n}`; // ids of different lengths: byte order ≠ numeric order
      accompagnements.push({
        accompagnement_id: id,
        assure_id: `P${p}`,
        departement: r() < 0.7 ? home : pick(r, Object.keys(DEPS)),
        axe: pick(r, ['PDP', 'PDP', 'SPS', 'AUTRE']),
        origine: 'CPAM',
        date_debut: pick(r, ['2022-01-10', '2022-06-01', '2023-01-10', '2023-01-10', '2023-05-01']), // few dates: ties
        date_fin: null,
        sexe: pick(r, ['F', 'M']),
        age: 16 + Math.floor(r() * 70),
        situation_emploi: pick(r, ['SALARIE', 'INDEPENDANT', 'DEMANDEUR_EMPLOI', 'AUTRE']),
        risque: pick(r, ['MALADIE', 'AT_MP', 'INVALIDITE', 'AUTRE']),
        issue: null,
      });
      const e = Math.floor(r() * 7);
      for (let i = 0; i < e; i++) {
        entretiens.push({
          entretien_id: `${id}-${i}`,
          accompagnement_id: id,
          date: pick(r, ['2022-03-01', '2022-09-01', '2023-02-01', '2023-08-01', '2024-01-15']),
          mode: 'TELEPHONE',
        });
      }
    }
  }
  return { accompagnements, entretiens };
}

let w: Warehouse;
beforeAll(async () => {
  w = await warehouseWith(extract());
  await computeFacts(w);
});
afterAll(() => closeWarehouse(w));

it('people, profile and entretiens equal the naive per-scope computation', async () => {
  const members = Object.entries(DEPS).flatMap(([d, o]) => [
    `('${d}', 'departement', '${d}')`,
    `('${d}', 'organisme', '${o}')`,
    `('${d}', 'national', 'FR')`,
  ]);
  const naive = await queryRows<{ annee: number; niveau: string; code: string; id: string; v: number }>(
    w.con,
    `
    WITH m(departement, niveau, code) AS (VALUES ${members.join(', ')}),
    ax(axis, prefix) AS (VALUES ('ALL', ''), ('PDP', 'pdp.'), ('SPS', 'sps.')),
    q AS (
      SELECT year(e.date) AS annee, m.niveau, m.code, ax.prefix, a.assure_id, count(*) AS n_ent,
        arg_max(a.sexe, (a.date_debut, a.accompagnement_id)) AS sexe, arg_max(a.age, (a.date_debut, a.accompagnement_id)) AS age,
        arg_max(a.situation_emploi, (a.date_debut, a.accompagnement_id)) AS sit, arg_max(a.risque, (a.date_debut, a.accompagnement_id)) AS risque
      FROM entretiens e JOIN accompagnements a USING (accompagnement_id) JOIN m USING (departement)
      JOIN ax ON ax.axis = 'ALL' OR ax.axis = a.axe
      GROUP BY ALL),
    s AS (
      SELECT annee, niveau, code, prefix, count(*) AS n, sum(n_ent) AS ent, avg((sexe = 'F')::INT) AS f, avg((age < 26)::INT) AS a1,
        avg((age BETWEEN 46 AND 59)::INT) AS a3, avg((sit IN ('SALARIE', 'INDEPENDANT'))::INT) AS emp,
        avg((risque = 'AT_MP')::INT) AS atmp, avg((n_ent >= 5)::INT) AS five
      FROM q GROUP BY ALL)
    SELECT annee, niveau, code, prefix || x.k AS id, x.v FROM s,
      LATERAL (VALUES ('assures_accompagnes', n), ('entretiens', ent), ('part_femmes', f), ('part_age.moins_26', a1),
                      ('part_age.46_59', a3), ('part_emploi', emp), ('part_risque.AT_MP', atmp), ('part_assures_5_entretiens', five)) x(k, v)
    WHERE x.k <> 'part_assures_5_entretiens' OR prefix = 'pdp.'`,
  );
  const facts = new Map(
    (
      await queryRows<{ k: string; v: number }>(
        w.con,
        `SELECT annee || ' ' || niveau || ' ' || code || ' ' || indicateur AS k, valeur AS v FROM facts`,
      )
    ).map((r) => [r.k, r.v]),
  );
  expect(naive.length).toBeGreaterThan(300);
  const diffs = naive.filter((r) => Math.abs((facts.get(`${r.annee} ${r.niveau} ${r.code} ${r.id}`) ?? NaN) - r.v) > 1e-12);
  expect(diffs).toEqual([]);
});

it('families add up, counts roll up', async () => {
  expect(await invariantViolations(w)).toEqual([]);
});
