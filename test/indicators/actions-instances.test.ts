// Recommendations, remobilisation actions, concertation bodies, collective actions and
// satisfaction, worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeWarehouse, type Warehouse } from '../../src/warehouse/db.ts';
import { computeFacts, figuresFor } from '../../src/indicators/index.ts';
import { acc, factRows, invariantViolations, warehouseWith, type Row } from './helpers.ts';

// G1 PDP 34, G2 SPS 34, G3 PDP 10 (no entretien at all: child tables do not need one).
const accompagnements: Row[] = [
  acc('G1', 'R1', '34', 'PDP', '2022-01-01'),
  acc('G2', 'R2', '34', 'SPS', '2022-01-01'),
  acc('G3', 'R3', '10', 'PDP', '2022-01-01'),
];
const preco = (id: string, a: string, date: string, type: string): Row => ({ preconisation_id: id, accompagnement_id: a, date, type });
const preconisations: Row[] = [
  preco('P1', 'G1', '2023-02-01', 'VISITE_PREREPRISE'),
  preco('P2', 'G1', '2023-03-01', 'RQTH'),
  preco('P3', 'G1', '2023-04-01', 'RQTH'),
  preco('P4', 'G3', '2023-05-01', 'VISITE_PREREPRISE'),
  preco('P5', 'G2', '2023-05-01', 'RQTH'), // SPS: not counted
  preco('P6', 'G1', '2022-05-01', 'RQTH'), // 2022
];
const action = (id: string, a: string, type: string, decision: string): Row => ({
  action_id: id,
  accompagnement_id: a,
  date_demande: '2023-06-01',
  type,
  decision,
});
const actions_remobilisation: Row[] = [
  action('X1', 'G1', 'BILAN_COMPETENCES', 'ACCORDEE'),
  action('X2', 'G1', 'CONSEIL_ORIENTATION', 'REFUSEE'),
  action('X3', 'G1', 'ESSAI_ENCADRE', 'ACCORDEE'),
  action('X4', 'G3', 'CRPE', 'EN_ATTENTE'),
  action('X5', 'G3', 'FORMATION', 'ACCORDEE'),
  action('X6', 'G2', 'AUTRE', 'ACCORDEE'), // SPS: not counted
];
const instances: Row[] = [
  { instance_id: 'I1', departement: '34', type: 'IC_PDP', date: '2023-03-01' },
  { instance_id: 'I2', departement: '34', type: 'IC_PDP', date: '2023-09-01' },
  { instance_id: 'I3', departement: '34', type: 'ICAM_PDP', date: '2023-05-01' },
  { instance_id: 'I4', departement: '10', type: 'CELLULE_PDP', date: '2023-05-01' },
  { instance_id: 'I5', departement: '34', type: 'IC_PDP', date: '2022-05-01' },
];
const sit = (id: string, inst: string, presentee_par: string, objet: string, decision: string): Row => ({
  situation_id: id,
  instance_id: inst,
  presentee_par,
  objet,
  decision,
});
const situations_instances: Row[] = [
  sit('T1', 'I1', 'SPST', 'ESSAI_ENCADRE', 'ACCORDEE'),
  sit('T2', 'I1', 'SPST', 'SITUATION_COMPLEXE', 'ACCORDEE'),
  sit('T3', 'I1', 'CAP_EMPLOI', 'ESSAI_ENCADRE', 'REFUSEE'),
  sit('T4', 'I2', 'SERVICE_SOCIAL', 'CRPE', 'ACCORDEE'),
  sit('T5', 'I3', 'SPST', 'ESSAI_ENCADRE', 'ACCORDEE'),
  sit('T6', 'I4', 'AUTRE', 'ESSAI_ENCADRE', 'ACCORDEE'),
  sit('T7', 'I5', 'SPST', 'ESSAI_ENCADRE', 'ACCORDEE'),
];
const coll = (
  id: string,
  departement: string,
  type: string,
  axe: string,
  date_debut: string,
  nb_seances: number,
  nb_participants: number,
): Row => ({
  action_id: id,
  departement,
  type,
  axe,
  date_debut,
  nb_seances,
  nb_participants,
});
const actions_collectives: Row[] = [
  coll('C1', '34', 'ISIC', 'PDP', '2023-02-01', 3, 10),
  coll('C2', '34', 'ISIC', 'SPS', '2023-03-01', 2, 5),
  coll('C3', '10', 'REUNION_INFORMATION', 'AUTRE', '2023-04-01', 1, 20),
  coll('C4', '34', 'ATELIER', 'PDP', '2023-05-01', 4, 0),
  coll('C5', '34', 'ISIC', 'PDP', '2022-05-01', 5, 8),
];
const rep = (id: string, departement: string, axe: string, date: string, satisfaction: string | null, items: Row): Row => ({
  reponse_id: id,
  departement,
  axe,
  date,
  satisfaction,
  ...items,
});
const satisfaction: Row[] = [
  rep('R1', '34', 'PDP', '2023-06-01', 'TRES_SATISFAIT', { ecoute: 4, confiance: 3 }),
  rep('R2', '34', 'SPS', '2023-06-01', 'SATISFAIT', { ecoute: 3 }),
  rep('R3', '34', 'AUTRE', '2023-06-01', 'PEU_SATISFAIT', { ecoute: 2, confiance: 1 }),
  rep('R4', '10', 'PDP', '2023-06-01', null, { ecoute: 1, clarte: 4 }),
  rep('R5', '34', 'PDP', '2022-06-01', 'PAS_SATISFAIT', {}),
];

let w: Warehouse;
beforeAll(async () => {
  w = await warehouseWith({
    accompagnements,
    preconisations,
    actions_remobilisation,
    instances,
    situations_instances,
    actions_collectives,
    satisfaction,
  });
  await computeFacts(w);
});
afterAll(() => closeWarehouse(w));

describe('recommendations and actions (PDP) 2023', () => {
  it('national and département 34', async () => {
    const f = await figuresFor(w, 2023, { niveau: 'national', code: 'FR' });
    expect(f['pdp.preconisations']).toBe(4); // P1–P4
    expect(f['pdp.part_preconisations.VISITE_PREREPRISE']).toBe(2 / 4);
    expect(f['pdp.part_preconisations.RQTH']).toBe(2 / 4);
    expect(f['pdp.part_preconisations.BILAN_COMPETENCES']).toBe(0);
    expect(f['pdp.actions_remobilisation']).toBe(5); // X1–X5
    // categories: X1 X2 → BILAN_EVALUATION_CONSEIL, X3 → MISE_EN_SITUATION, X4 X5 → FORMATION
    expect(f['pdp.part_actions.BILAN_EVALUATION_CONSEIL']).toBe(2 / 5);
    expect(f['pdp.part_actions.MISE_EN_SITUATION']).toBe(1 / 5);
    expect(f['pdp.part_actions.FORMATION']).toBe(2 / 5);
    expect(f['pdp.part_actions.AUTRE']).toBe(0);
    expect(f['pdp.actions_accordees']).toBe(3); // X1 X3 X5
    const d34 = await figuresFor(w, 2023, { niveau: 'departement', code: '34' });
    expect(d34['pdp.preconisations']).toBe(3);
    expect(d34['pdp.part_preconisations.RQTH']).toBeCloseTo(2 / 3, 12);
    expect(d34['pdp.actions_accordees']).toBe(2);
  });
});

describe('concertation bodies 2023', () => {
  it('national', async () => {
    const f = await figuresFor(w, 2023, { niveau: 'national', code: 'FR' });
    expect(f['instances.ic_pdp']).toBe(2); // I1 I2
    expect(f['instances.icam_pdp']).toBe(1); // I3
    expect(f['instances.situations_ic_pdp']).toBe(4); // T1–T4
    expect(f['instances.situations_ic_pdp.SPST']).toBe(2);
    expect(f['instances.situations_ic_pdp.CAP_EMPLOI']).toBe(1);
    expect(f['instances.situations_ic_pdp.SERVICE_SOCIAL']).toBe(1);
    expect(f['instances.situations_ic_pdp.CPAM']).toBe(0);
    // essai encadré accordé in any instance: T1 (IC), T5 (ICAM), T6 (cellule)
    expect(f['instances.essais_encadres_accordes']).toBe(3);
  });
  it('situations follow their instance’s département', async () => {
    const aube = await figuresFor(w, 2023, { niveau: 'departement', code: '10' });
    expect(aube['instances.essais_encadres_accordes']).toBe(1); // T6
    expect(aube['instances.situations_ic_pdp']).toBe(0);
    const ne = await figuresFor(w, 2023, { niveau: 'organisme', code: 'CARSAT_NE' });
    expect(ne['instances.essais_encadres_accordes']).toBe(1);
  });
});

describe('collective actions and satisfaction 2023', () => {
  it('collective actions, every type and ISIC with ≥ 3 sessions', async () => {
    const f = await factRows(w, 2023, 'national', 'FR');
    expect(f['collectif.actions.ISIC']!.valeur).toBe(2);
    expect(f['collectif.actions.REUNION_INFORMATION']!.valeur).toBe(1);
    expect(f['collectif.actions.ATELIER']!.valeur).toBe(1);
    expect(f['collectif.participants']!.valeur).toBe(35); // 10 + 5 + 20 + 0
    expect(f['collectif.part_isic_3_seances']).toEqual({ valeur: 0.5, numerateur: 1, denominateur: 2 });
    const aube = await figuresFor(w, 2023, { niveau: 'departement', code: '10' });
    expect(aube['collectif.actions.ISIC']).toBe(0);
    expect(aube['collectif.part_isic_3_seances']).toBeNull();
  });
  it('satisfaction: answers filled, satisfied share, item means over their own filled answers', async () => {
    const f = await factRows(w, 2023, 'national', 'FR');
    expect(f['satisfaction.reponses']!.valeur).toBe(3); // R1–R3 (R4 has no global answer)
    expect(f['satisfaction.taux']).toEqual({ valeur: 2 / 3, numerateur: 2, denominateur: 3 });
    expect(f['satisfaction.ecoute']).toEqual({ valeur: 2.5, numerateur: 10, denominateur: 4 }); // (4 + 3 + 2 + 1) / 4
    expect(f['satisfaction.confiance']!.valeur).toBe(2); // (3 + 1) / 2
    expect(f['satisfaction.clarte']!.valeur).toBe(4); // R4 only
    expect(f['satisfaction.information_droits']).toEqual({ valeur: null, numerateur: 0, denominateur: 0 });
    const aube = await figuresFor(w, 2023, { niveau: 'departement', code: '10' });
    expect(aube['satisfaction.reponses']).toBe(0);
    expect(aube['satisfaction.taux']).toBeNull();
    expect(aube['satisfaction.ecoute']).toBe(1);
  });
});

it('families add up to their base; counts roll up from départements to organismes to national', async () => {
  expect(await invariantViolations(w)).toEqual([]);
});
