// Activity, profile, evolution and optional indicators on a hand-built extract.
// Every expected value below is worked out by hand from the rows of the fixture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWarehouse, queryRows, type Warehouse } from '../../src/warehouse/db.ts';
import { computeFacts, figuresFor } from '../../src/indicators/index.ts';
import { acc, entretiens, factRows, invariantViolations, warehouseWith, type Row } from './helpers.ts';

// People and accompaniments (34, 30, 11 are in CARSAT_LR; 10 in CARSAT_NE):
// P1: A1 PDP 34 from 2022-11-01 (F, 50, SALARIE, MALADIE), 1 entretien in 2022 and 5 in 2023;
//     A2 SPS 34 from 2023-03-01 (F, 61, DEMANDEUR_EMPLOI, AT_MP), 2 entretiens in 2023.
// P2: A9 and A10 PDP 30, same date_debut 2023-01-15 → tie, 'A9' > 'A10' in byte order, A9 wins.
//     A9 (M, 30, INDEPENDANT, INVALIDITE) 1 entretien; A10 (F, 45, AUTRE, AUTRE) 2 entretiens.
// P3: B1 AUTRE 34 from 2023-06-01 (F, 25, SALARIE, MALADIE) 1 entretien;
//     B2 AUTRE 10 from 2023-08-01 (M, 40, AUTRE, AT_MP) 1 entretien → latest nationally, not in LR.
// P4: C1 PDP 11 from 2022-06-01 to 2024-02-15 (F, 26, SALARIE, MALADIE): 1 entretien in each of 2022, 2023, 2024.
// P5: D1 SPS 34 from 2021-01-01 (M, 70, AUTRE, INVALIDITE): only an entretien in 2022.
const accompagnements: Row[] = [
  acc('A1', 'P1', '34', 'PDP', '2022-11-01', { age: 50 }),
  acc('A2', 'P1', '34', 'SPS', '2023-03-01', { age: 61, situation_emploi: 'DEMANDEUR_EMPLOI', risque: 'AT_MP' }),
  acc('A9', 'P2', '30', 'PDP', '2023-01-15', { sexe: 'M', age: 30, situation_emploi: 'INDEPENDANT', risque: 'INVALIDITE' }),
  acc('A10', 'P2', '30', 'PDP', '2023-01-15', { sexe: 'F', age: 45, situation_emploi: 'AUTRE', risque: 'AUTRE' }),
  acc('B1', 'P3', '34', 'AUTRE', '2023-06-01', { age: 25 }),
  acc('B2', 'P3', '10', 'AUTRE', '2023-08-01', { sexe: 'M', age: 40, situation_emploi: 'AUTRE', risque: 'AT_MP' }),
  acc('C1', 'P4', '11', 'PDP', '2022-06-01', { age: 26, date_fin: '2024-02-15', issue: 'MAINTIEN_POSTE' }),
  acc('D1', 'P5', '34', 'SPS', '2021-01-01', { sexe: 'M', age: 70, situation_emploi: 'AUTRE', risque: 'INVALIDITE' }),
];
const ents: Row[] = [
  ...entretiens('A1', ['2022-12-01', '2023-01-10', '2023-02-10', '2023-03-10', '2023-04-10', '2023-05-10']),
  ...entretiens('A2', ['2023-04-01', '2023-06-01']),
  ...entretiens('A9', ['2023-02-01']),
  ...entretiens('A10', ['2023-03-01', '2023-04-01']),
  ...entretiens('B1', ['2023-07-01']),
  ...entretiens('B2', ['2023-09-01']),
  ...entretiens('C1', ['2022-06-15', '2023-05-05', '2024-01-10']),
  ...entretiens('D1', ['2022-03-01']),
];

let w: Warehouse;
beforeAll(async () => {
  w = await warehouseWith({ accompagnements, entretiens: ents });
  await computeFacts(w);
});
afterAll(() => closeWarehouse(w));

describe('activity 2023', () => {
  it('national: each person once in the total, once per axis', async () => {
    const f = await figuresFor(w, 2023, { niveau: 'national', code: 'FR' });
    // accompanied in 2023: P1, P2, P3, P4 (P5 only in 2022)
    expect(f.assures_accompagnes).toBe(4);
    // with a PDP or SPS entretien: P1, P2, P4 (P3 only AUTRE) → 3 / 4
    expect(f.part_pdp_ou_sps).toBe(0.75);
    // entretiens in 2023: A1 5 + A2 2 + A9 1 + A10 2 + B1 1 + B2 1 + C1 1 = 13
    expect(f.entretiens).toBe(13);
    expect(f.entretiens_par_assure).toBe(13 / 4);
    // PDP: P1 (A1), P2 (A9, A10), P4 (C1); entretiens 5 + 1 + 2 + 1 = 9
    expect(f['pdp.assures_accompagnes']).toBe(3);
    expect(f['pdp.entretiens']).toBe(9);
    // ≥ 5 PDP entretiens in 2023: P1 only (P2 has 1 + 2 = 3) → 1 / 3
    expect(f['pdp.part_assures_5_entretiens']).toBeCloseTo(1 / 3, 12);
    // SPS: P1 (A2) with 2 entretiens (D1's entretien is in 2022)
    expect(f['sps.assures_accompagnes']).toBe(1);
    expect(f['sps.entretiens']).toBe(2);
  });

  it('national profile: latest date_debut, tie to the greatest id in byte order', async () => {
    const f = await figuresFor(w, 2023, { niveau: 'national', code: 'FR' });
    // all axes: P1 → A2 (F, 61, DE, AT_MP), P2 → A9 (M, 30, INDEP, INVALIDITE),
    //           P3 → B2 (M, 40, AUTRE, AT_MP), P4 → C1 (F, 26, SALARIE, MALADIE)
    expect(f.part_femmes).toBe(2 / 4);
    expect(f['part_age.moins_26']).toBe(0);
    expect(f['part_age.26_45']).toBe(3 / 4); // P2 30, P3 40, P4 26
    expect(f['part_age.46_59']).toBe(0);
    expect(f['part_age.60_plus']).toBe(1 / 4);
    expect(f.part_emploi).toBe(2 / 4); // P2 INDEPENDANT, P4 SALARIE
    expect(f['part_risque.MALADIE']).toBe(1 / 4);
    expect(f['part_risque.AT_MP']).toBe(2 / 4);
    expect(f['part_risque.INVALIDITE']).toBe(1 / 4);
    expect(f['part_risque.AUTRE']).toBe(0);
    // PDP: P1 → A1 (F, 50, SALARIE, MALADIE), P2 → A9 (M, 30, INDEP, INVALIDITE), P4 → C1 (F, 26, SALARIE, MALADIE)
    expect(f['pdp.part_femmes']).toBeCloseTo(2 / 3, 12);
    expect(f['pdp.part_age.26_45']).toBeCloseTo(2 / 3, 12);
    expect(f['pdp.part_age.46_59']).toBeCloseTo(1 / 3, 12);
    expect(f['pdp.part_age.60_plus']).toBe(0);
    expect(f['pdp.part_emploi']).toBe(1);
    expect(f['pdp.part_risque.MALADIE']).toBeCloseTo(2 / 3, 12);
    expect(f['pdp.part_risque.INVALIDITE']).toBeCloseTo(1 / 3, 12);
    expect(f['pdp.part_risque.AUTRE']).toBe(0); // A10 lost the tie: its AUTRE risque is not counted
    // SPS: P1 → A2 (F, 61, DEMANDEUR_EMPLOI, AT_MP)
    expect(f['sps.part_femmes']).toBe(1);
    expect(f['sps.part_age.60_plus']).toBe(1);
    expect(f['sps.part_emploi']).toBe(0);
    expect(f['sps.part_risque.AT_MP']).toBe(1);
    expect(f['sps.part_risque.MALADIE']).toBe(0);
  });

  it('organisme CARSAT_LR: P3 profiled from B1 (B2 is in the Aube)', async () => {
    const f = await figuresFor(w, 2023, { niveau: 'organisme', code: 'CARSAT_LR' });
    expect(f.assures_accompagnes).toBe(4); // P1, P2, P3 (B1), P4
    expect(f.entretiens).toBe(12); // 13 minus B2's
    // P1 → A2 (F, 61), P2 → A9 (M, 30), P3 → B1 (F, 25, SALARIE, MALADIE), P4 → C1 (F, 26)
    expect(f.part_femmes).toBe(3 / 4);
    expect(f['part_age.moins_26']).toBe(1 / 4);
    expect(f['part_age.26_45']).toBe(2 / 4);
    expect(f.part_emploi).toBe(3 / 4);
    expect(f['part_risque.MALADIE']).toBe(2 / 4);
    expect(f['part_risque.AT_MP']).toBe(1 / 4);
  });

  it('département 34 and Aube 10: per-scope profile and counts', async () => {
    const d34 = await figuresFor(w, 2023, { niveau: 'departement', code: '34' });
    // P1 (A1, A2) and P3 (B1); entretiens 5 + 2 + 1 = 8
    expect(d34.assures_accompagnes).toBe(2);
    expect(d34.entretiens).toBe(8);
    expect(d34.part_pdp_ou_sps).toBe(1 / 2);
    // P1 → A2 (F, 61, DE, AT_MP), P3 → B1 (F, 25, SALARIE, MALADIE)
    expect(d34.part_femmes).toBe(1);
    expect(d34['part_age.moins_26']).toBe(1 / 2);
    expect(d34['part_age.60_plus']).toBe(1 / 2);
    expect(d34['pdp.assures_accompagnes']).toBe(1);
    expect(d34['pdp.part_assures_5_entretiens']).toBe(1);
    const d10 = await figuresFor(w, 2023, { niveau: 'departement', code: '10' });
    // P3 via B2 (M, 40, AUTRE, AT_MP); no PDP → PDP shares on an empty base are null
    expect(d10.assures_accompagnes).toBe(1);
    expect(d10.part_femmes).toBe(0);
    expect(d10['part_age.26_45']).toBe(1);
    expect(d10.part_pdp_ou_sps).toBe(0);
    expect(d10['pdp.assures_accompagnes']).toBe(0);
    expect(d10['pdp.part_femmes']).toBeNull();
    expect(d10['pdp.part_assures_5_entretiens']).toBeNull();
  });

  it('a scope without activity has every id: counts 0, shares null', async () => {
    const f = await factRows(w, 2023, 'departement', '01');
    expect(f.assures_accompagnes).toEqual({ valeur: 0, numerateur: 0, denominateur: null });
    expect(f.part_femmes).toEqual({ valeur: null, numerateur: 0, denominateur: 0 });
    expect(f['pdp.duree_mois.mediane']).toEqual({ valeur: null, numerateur: null, denominateur: 0 });
    expect(f['collectif.actions.ISIC']).toEqual({ valeur: 0, numerateur: 0, denominateur: null });
  });

  it('keeps numerators and denominators', async () => {
    const f = await factRows(w, 2023, 'national', 'FR');
    expect(f.part_femmes).toEqual({ valeur: 0.5, numerateur: 2, denominateur: 4 });
    expect(f.entretiens_par_assure).toEqual({ valeur: 3.25, numerateur: 13, denominateur: 4 });
    expect(f.entretiens).toEqual({ valeur: 13, numerateur: 13, denominateur: null });
  });
});

describe('other years, evolution', () => {
  it('2022 and 2024 (accompaniment spanning years, entretiens in other years)', async () => {
    const f22 = await figuresFor(w, 2022, { niveau: 'national', code: 'FR' });
    // 2022 entretiens: A1 (P1), C1 (P4), D1 (P5)
    expect(f22.assures_accompagnes).toBe(3);
    expect(f22.entretiens).toBe(3);
    expect(f22['pdp.assures_accompagnes']).toBe(2);
    expect(f22['sps.assures_accompagnes']).toBe(1);
    const f24 = await figuresFor(w, 2024, { niveau: 'national', code: 'FR' });
    expect(f24.assures_accompagnes).toBe(1); // P4 via C1
    expect(f24['pdp.entretiens']).toBe(1);
  });

  it('evolution of PDP people: Y / (Y-1) - 1, null when Y-1 is 0 or absent from the data', async () => {
    // national: 2023 3 vs 2022 2 → +50 %; 2024 1 vs 3 → -2/3; 2022: 2021 has no data → null
    const n = async (y: number, niveau: string, code: string) => (await factRows(w, y, niveau, code))['evolution.pdp.assures_accompagnes'];
    expect(await n(2023, 'national', 'FR')).toEqual({ valeur: 0.5, numerateur: 3, denominateur: 2 });
    expect((await n(2024, 'national', 'FR'))!.valeur).toBeCloseTo(1 / 3 - 1, 12);
    expect(await n(2022, 'national', 'FR')).toEqual({ valeur: null, numerateur: 2, denominateur: null });
    // Gard (30): P2 in 2023, nobody in 2022 → base 0 → null
    expect(await n(2023, 'departement', '30')).toEqual({ valeur: null, numerateur: 1, denominateur: 0 });
  });
});

describe('grid and optional indicators', () => {
  it('every year present × 123 scopes × id, optional ids absent without their tables', async () => {
    const [g] = await queryRows<{ years: number; scopes: number; ids: number; n: number; opt: number }>(
      w.con,
      `
      SELECT count(DISTINCT annee) AS years, count(DISTINCT (niveau, code)) AS scopes, count(DISTINCT indicateur) AS ids, count(*) AS n,
        count_if(indicateur IN ('assures_par_etp', 'pdp.taux_couverture')) AS opt FROM facts`,
    );
    expect(g!.years).toBe(3); // 2022, 2023, 2024
    expect(g!.scopes).toBe(1 + 21 + 101);
    expect(g!.opt).toBe(0);
    expect(g!.n).toBe(g!.years * g!.scopes * g!.ids);
  });

  it('assures_par_etp and pdp.taux_couverture when effectifs and arrets_longs have rows', async () => {
    const w2 = await warehouseWith({
      accompagnements,
      entretiens: ents,
      effectifs: [
        { departement: '34', annee: 2023, etp_assistants: 2.5, lieux_accueil: 3 },
        { departement: '30', annee: 2023, etp_assistants: 1.5, lieux_accueil: 1 },
        { departement: '34', annee: 2022, etp_assistants: 1, lieux_accueil: 1 },
      ],
      arrets_longs: [
        { departement: '34', annee: 2023, assures_arret_90j: 10 },
        { departement: '30', annee: 2023, assures_arret_90j: 0 },
      ],
    });
    try {
      await computeFacts(w2);
      const get = async (y: number, niveau: string, code: string) => {
        const f = await factRows(w2, y, niveau, code);
        return [f.assures_par_etp, f['pdp.taux_couverture']];
      };
      // 34 in 2023: 2 people / 2.5 ETP; PDP people 1 / 10
      expect(await get(2023, 'departement', '34')).toEqual([
        { valeur: 0.8, numerateur: 2, denominateur: 2.5 },
        { valeur: 0.1, numerateur: 1, denominateur: 10 },
      ]);
      // 30: 1 / 1.5; arrêts sum 0 → null
      const [e30, c30] = await get(2023, 'departement', '30');
      expect(e30!.valeur).toBeCloseTo(1 / 1.5, 12);
      expect(c30).toEqual({ valeur: null, numerateur: 1, denominateur: 0 });
      // LR: 4 people / (2.5 + 1.5); 3 PDP people / (10 + 0)
      expect(await get(2023, 'organisme', 'CARSAT_LR')).toEqual([
        { valeur: 1, numerateur: 4, denominateur: 4 },
        { valeur: 0.3, numerateur: 3, denominateur: 10 },
      ]);
      // Aube: no row → null; 2022 in 34: P1 and P5 / 1 ETP
      expect(await get(2023, 'departement', '10')).toEqual([
        { valeur: null, numerateur: 1, denominateur: null },
        { valeur: null, numerateur: 0, denominateur: null },
      ]);
      expect((await get(2022, 'departement', '34'))[0]).toEqual({ valeur: 2, numerateur: 2, denominateur: 1 });
      const f = await figuresFor(w2, 2024, { niveau: 'national', code: 'FR' });
      expect(Object.keys(f)).toContain('assures_par_etp');
      expect(f.assures_par_etp).toBeNull();
    } finally {
      closeWarehouse(w2);
    }
  });
});

it('families add up to their base; counts roll up from départements to organismes to national', async () => {
  expect(await invariantViolations(w)).toEqual([]);
});

it('the invariant check detects a broken roll-up and a broken family', async () => {
  const bump = (id: string, code: string, d: number) =>
    w.con.run(
      `UPDATE facts SET valeur = valeur + ${d}, numerateur = numerateur + ${d} WHERE annee = 2023 AND code = '${code}' AND indicateur = '${id}'`,
    );
  await bump('entretiens', '34', 1);
  await bump('part_risque.AUTRE', 'FR', 1);
  try {
    expect((await invariantViolations(w)).sort()).toEqual(['agrégation entretiens 2023 CARSAT_LR', 'famille part_risque 2023 FR']);
  } finally {
    await bump('entretiens', '34', -1);
    await bump('part_risque.AUTRE', 'FR', -1);
  }
});

describe('a person in two départements of one organisme', () => {
  it('counts once in the organisme with the organisme-level profile and entretiens', async () => {
    // P6: E1 PDP 34 from 2023-02-01 (M, 55, SALARIE, MALADIE), 2 entretiens;
    //     E2 PDP 30 from 2023-04-01 (F, 35, AUTRE, AUTRE), 3 entretiens → latest in CARSAT_LR and nationally.
    // P7: G1 AUTRE 34 from 2023-01-01 (F, 20, SALARIE, MALADIE), 1 entretien.
    const w3 = await warehouseWith({
      accompagnements: [
        acc('E1', 'P6', '34', 'PDP', '2023-02-01', { sexe: 'M', age: 55 }),
        acc('E2', 'P6', '30', 'PDP', '2023-04-01', { age: 35, situation_emploi: 'AUTRE', risque: 'AUTRE' }),
        acc('G1', 'P7', '34', 'AUTRE', '2023-01-01', { age: 20 }),
      ],
      entretiens: [
        ...entretiens('E1', ['2023-03-01', '2023-03-15']),
        ...entretiens('E2', ['2023-05-01', '2023-06-01', '2023-07-01']),
        ...entretiens('G1', ['2023-02-01']),
      ],
    });
    try {
      await computeFacts(w3);
      const d34 = await figuresFor(w3, 2023, { niveau: 'departement', code: '34' });
      // P6 via E1 (M, SALARIE) and P7 (F, SALARIE); P6 has 2 PDP entretiens in the Hérault
      expect([d34.assures_accompagnes, d34.part_femmes, d34.part_emploi]).toEqual([2, 0.5, 1]);
      expect([d34['pdp.assures_accompagnes'], d34['pdp.entretiens'], d34['pdp.part_assures_5_entretiens']]).toEqual([1, 2, 0]);
      const d30 = await figuresFor(w3, 2023, { niveau: 'departement', code: '30' });
      expect([d30.assures_accompagnes, d30.part_femmes, d30['pdp.entretiens'], d30['pdp.part_assures_5_entretiens']]).toEqual([1, 1, 3, 0]);
      for (const scope of [
        { niveau: 'organisme', code: 'CARSAT_LR' },
        { niveau: 'national', code: 'FR' },
      ] as const) {
        const f = await figuresFor(w3, 2023, scope);
        // P6 via E2 (F, 35, AUTRE, AUTRE) and P7 (F, 20, SALARIE, MALADIE); P6: 2 + 3 = 5 PDP entretiens
        expect([f.assures_accompagnes, f.entretiens, f.part_femmes, f['part_age.26_45'], f['part_age.moins_26'], f.part_emploi]).toEqual([
          2, 6, 1, 0.5, 0.5, 0.5,
        ]);
        expect([f['part_risque.AUTRE'], f['pdp.assures_accompagnes'], f['pdp.entretiens'], f['pdp.part_assures_5_entretiens']]).toEqual([
          0.5, 1, 5, 1,
        ]);
      }
      expect(await invariantViolations(w3)).toEqual([]);
    } finally {
      closeWarehouse(w3);
    }
  });
});
