// Detection (signalements) and outcomes (finalised PDP accompaniments), worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWarehouse, type Warehouse } from '../../src/warehouse/db.ts';
import { computeFacts, figuresFor } from '../../src/indicators/index.ts';
import { acc, entretiens, factRows, invariantViolations, warehouseWith, type Row } from './helpers.ts';

const M = 30.4375; // days per month

// Finalised accompaniments (34, 30, 48 in CARSAT_LR; 10 in CARSAT_NE):
// F1 PDP 34  2023-01-01 → 2023-03-02 =  60 days, MAINTIEN_POSTE, 3 entretiens
// F2 PDP 34  2022-07-01 → 2023-07-01 = 365 days, FORMATION_RECONVERSION, 2 entretiens in 2022 + 1 in 2023 = 3
// F3 PDP 30  2023-02-01 → 2023-05-02 =  90 days, ABANDON, only 2 entretiens → not in the outcome base
// F4 PDP 10  2022-12-01 → 2023-10-01 = 304 days (31 + 273), NOUVEL_EMPLOI, 4 entretiens
// F8 PDP 48  2023-03-01 → 2023-04-01 =  31 days, RETRAITE, 1 entretien
// F5 SPS 34 finalised in 2023 (other axis), F6 PDP 34 finalised in 2024, F7 PDP 34 still open.
const accompagnements: Row[] = [
  acc('F1', 'Q1', '34', 'PDP', '2023-01-01', { date_fin: '2023-03-02', issue: 'MAINTIEN_POSTE' }),
  acc('F2', 'Q2', '34', 'PDP', '2022-07-01', { date_fin: '2023-07-01', issue: 'FORMATION_RECONVERSION' }),
  acc('F3', 'Q3', '30', 'PDP', '2023-02-01', { date_fin: '2023-05-02', issue: 'ABANDON' }),
  acc('F4', 'Q4', '10', 'PDP', '2022-12-01', { date_fin: '2023-10-01', issue: 'NOUVEL_EMPLOI' }),
  acc('F8', 'Q8', '48', 'PDP', '2023-03-01', { date_fin: '2023-04-01', issue: 'RETRAITE' }),
  acc('F5', 'Q5', '34', 'SPS', '2023-01-01', { date_fin: '2023-02-01', issue: 'MAINTIEN_POSTE' }),
  acc('F6', 'Q6', '34', 'PDP', '2023-01-01', { date_fin: '2024-02-01', issue: 'MAINTIEN_POSTE' }),
  acc('F7', 'Q7', '34', 'PDP', '2023-01-01'),
];
const ents: Row[] = [
  ...entretiens('F1', ['2023-01-05', '2023-02-05', '2023-03-01']),
  ...entretiens('F2', ['2022-08-01', '2022-09-01', '2023-06-01']),
  ...entretiens('F3', ['2023-02-10', '2023-03-10']),
  ...entretiens('F4', ['2022-12-10', '2023-01-10', '2023-02-10', '2023-03-10']),
  ...entretiens('F8', ['2023-03-15']),
  ...entretiens('F5', ['2023-01-15', '2023-01-20', '2023-01-25']),
  ...entretiens('F6', ['2023-02-01', '2023-03-01', '2023-04-01']),
];
// Signalements 2023 (PDP unless said): 34: S1 SPST→ACCOMPAGNEMENT, S2 SPST→REFUS, S3 CAP_EMPLOI→EN_COURS,
// S4 SERVICE_MEDICAL→ACCOMPAGNEMENT, S5 ASSURE→SANS_SUITE, S6 SPS (excluded); 30: S7 SERVICE_MEDICAL→NON_RELEVANT;
// S8 34 in 2022.
const sig = (id: string, departement: string, axe: string, date: string, origine: string, suite: string): Row => ({
  signalement_id: id,
  departement,
  axe,
  date,
  origine,
  assure_id: `X${id}`,
  suite,
  accompagnement_id: suite === 'ACCOMPAGNEMENT' ? 'F1' : null,
});
const signalements: Row[] = [
  sig('S1', '34', 'PDP', '2023-01-10', 'SPST', 'ACCOMPAGNEMENT'),
  sig('S2', '34', 'PDP', '2023-02-10', 'SPST', 'REFUS'),
  sig('S3', '34', 'PDP', '2023-03-10', 'CAP_EMPLOI', 'EN_COURS'),
  sig('S4', '34', 'PDP', '2023-04-10', 'SERVICE_MEDICAL', 'ACCOMPAGNEMENT'),
  sig('S5', '34', 'PDP', '2023-05-10', 'ASSURE', 'SANS_SUITE'),
  sig('S6', '34', 'SPS', '2023-05-10', 'SPST', 'ACCOMPAGNEMENT'),
  sig('S7', '30', 'PDP', '2023-06-10', 'SERVICE_MEDICAL', 'NON_RELEVANT'),
  sig('S8', '34', 'PDP', '2022-06-10', 'SPST', 'REFUS'),
];

let w: Warehouse;
beforeAll(async () => {
  w = await warehouseWith({ accompagnements, entretiens: ents, signalements });
  await computeFacts(w);
});
afterAll(() => closeWarehouse(w));

describe('outcomes 2023', () => {
  it('national: base of ≥ 3 entretiens, issues, durations by linear interpolation', async () => {
    const f = await figuresFor(w, 2023, { niveau: 'national', code: 'FR' });
    expect(f['pdp.parcours_finalises']).toBe(5); // F1 F2 F3 F4 F8
    expect(f['pdp.parcours_finalises_3_entretiens']).toBe(3); // F1 F2 F4
    expect(f['pdp.taux_maintien_emploi']).toBeCloseTo(2 / 3, 12); // F1 MAINTIEN_POSTE, F4 NOUVEL_EMPLOI
    expect(f['pdp.taux_maintien_employabilite']).toBe(1); // + F2 FORMATION_RECONVERSION
    expect(f['pdp.part_issue.MAINTIEN_POSTE']).toBeCloseTo(1 / 3, 12);
    expect(f['pdp.part_issue.FORMATION_RECONVERSION']).toBeCloseTo(1 / 3, 12);
    expect(f['pdp.part_issue.NOUVEL_EMPLOI']).toBeCloseTo(1 / 3, 12);
    expect(f['pdp.part_issue.ABANDON']).toBe(0); // F3 has 2 entretiens: outside the base
    expect(f['pdp.part_issue.RETRAITE']).toBe(0); // F8 has 1 entretien
    expect(f['pdp.part_issue.DECES']).toBe(0);
    // days sorted 31, 60, 90, 304, 365; positions (n-1)p = 1, 2, 3 → 60, 90, 304; mean 850 / 5 = 170
    expect(f['pdp.duree_mois.p25']).toBeCloseTo(60 / M, 12);
    expect(f['pdp.duree_mois.mediane']).toBeCloseTo(90 / M, 12);
    expect(f['pdp.duree_mois.p75']).toBeCloseTo(304 / M, 12);
    expect(f['pdp.duree_mois.moyenne']).toBeCloseTo(170 / M, 12);
  });

  it('CARSAT_LR: interpolated quartiles between observations', async () => {
    const f = await figuresFor(w, 2023, { niveau: 'organisme', code: 'CARSAT_LR' });
    // F1 F2 F3 F8: days 31, 60, 90, 365; base F1 F2
    expect(f['pdp.parcours_finalises']).toBe(4);
    expect(f['pdp.parcours_finalises_3_entretiens']).toBe(2);
    expect(f['pdp.taux_maintien_emploi']).toBe(0.5);
    expect(f['pdp.taux_maintien_employabilite']).toBe(1);
    // p25: position 0.75 → 31 + 0.75 × 29 = 52.75; median: 1.5 → 75; p75: 2.25 → 90 + 0.25 × 275 = 158.75
    expect(f['pdp.duree_mois.p25']).toBeCloseTo(52.75 / M, 12);
    expect(f['pdp.duree_mois.mediane']).toBeCloseTo(75 / M, 12);
    expect(f['pdp.duree_mois.p75']).toBeCloseTo(158.75 / M, 12);
    expect(f['pdp.duree_mois.moyenne']).toBeCloseTo(546 / 4 / M, 12);
  });

  it('département with finalised parcours but an empty outcome base → null shares', async () => {
    const f = await factRows(w, 2023, 'departement', '30');
    expect(f['pdp.parcours_finalises']!.valeur).toBe(1);
    expect(f['pdp.parcours_finalises_3_entretiens']!.valeur).toBe(0);
    expect(f['pdp.taux_maintien_emploi']).toEqual({ valeur: null, numerateur: 0, denominateur: 0 });
    expect(f['pdp.part_issue.ABANDON']).toEqual({ valeur: null, numerateur: 0, denominateur: 0 });
    expect(f['pdp.duree_mois.mediane']).toEqual({ valeur: 90 / M, numerateur: null, denominateur: 1 });
    const aube = await figuresFor(w, 2023, { niveau: 'departement', code: '10' });
    expect(aube['pdp.taux_maintien_emploi']).toBe(1); // F4
  });

  it('2024: F6 only', async () => {
    const f = await figuresFor(w, 2024, { niveau: 'national', code: 'FR' });
    expect(f['pdp.parcours_finalises']).toBe(1);
    expect(f['pdp.parcours_finalises_3_entretiens']).toBe(1);
    expect(f['pdp.duree_mois.mediane']).toBeCloseTo(396 / M, 12); // 2023-01-01 → 2024-02-01 = 365 + 31
  });
});

describe('detection 2023', () => {
  it('national: PDP signalements, every origine, SPST among external ones, transformation', async () => {
    const f = await factRows(w, 2023, 'national', 'FR');
    expect(f['pdp.signalements']!.valeur).toBe(6); // S1–S5, S7
    expect(f['pdp.part_signalements.SPST']).toEqual({ valeur: 2 / 6, numerateur: 2, denominateur: 6 });
    expect(f['pdp.part_signalements.SERVICE_MEDICAL']!.valeur).toBe(2 / 6);
    expect(f['pdp.part_signalements.CAP_EMPLOI']!.valeur).toBe(1 / 6);
    expect(f['pdp.part_signalements.ASSURE']!.valeur).toBe(1 / 6);
    expect(f['pdp.part_signalements.MDPH']).toEqual({ valeur: 0, numerateur: 0, denominateur: 6 });
    // external: SPST × 2 + CAP_EMPLOI (SERVICE_MEDICAL internal, ASSURE spontaneous) → 2 / 3
    expect(f['pdp.part_spst_parmi_externes']).toEqual({ valeur: 2 / 3, numerateur: 2, denominateur: 3 });
    // decided (not EN_COURS): S1 S2 S4 S5 S7 = 5, with ACCOMPAGNEMENT: S1 S4
    expect(f['pdp.taux_transformation']).toEqual({ valeur: 0.4, numerateur: 2, denominateur: 5 });
  });

  it('département 30: no external signalement → null', async () => {
    const f = await figuresFor(w, 2023, { niveau: 'departement', code: '30' });
    expect(f['pdp.signalements']).toBe(1);
    expect(f['pdp.part_spst_parmi_externes']).toBeNull();
    expect(f['pdp.taux_transformation']).toBe(0);
    const f22 = await figuresFor(w, 2022, { niveau: 'departement', code: '34' });
    expect(f22['pdp.signalements']).toBe(1); // S8
  });
});

it('families add up to their base; counts roll up from départements to organismes to national', async () => {
  expect(await invariantViolations(w)).toEqual([]);
});
