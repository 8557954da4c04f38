// Each row rule of the data contract, with a small file that breaks it: exact line, column,
// rule code and counts, worked out by hand from the file text (header = line 1).
import { describe, expect, it } from 'vitest';
import { H, acc, counts, csv, file, ingest, problems, rows } from './helpers.ts';

describe('row rules of accompagnements', () => {
  it('rejects missing values, unknown codes, bad dates, ints, bounds and départements; bounds are inclusive', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(
        H.accompagnements,
        acc('A1'), //                                   line 2: loads
        acc('A2', { 1: '' }), //                        line 3: assure_id missing
        acc('A3', { 3: 'pdp' }), //                     line 4: axe lower case → unknown code
        acc('A4', { 2: '99' }), //                      line 5: unknown département
        acc('A5', { 5: '31/02/2024' }), //              line 6: impossible date
        acc('A6', { 8: '4a' }), //                      line 7: not an int
        acc('A7', { 8: '15' }), //                      line 8: age below 16
        acc('A8', { 8: '100' }), //                     line 9: age above 99
        acc('A9', { 8: '16' }), //                      line 10: loads (bound)
        acc('A10', { 8: '99', 2: '2A' }), //            line 11: loads (bound, Corsica)
        acc('A11', { 5: '2024-1-10' }), //              line 12: not YYYY-MM-DD
        acc('A12', { 5: '10/01/2024', 6: '30/06/2024' }), // line 13: loads (DD/MM/YYYY)
        acc('A13', { 8: '4.5' }), //                    line 14: not an int
      ),
    });
    const f = file(r, 'accompagnements.csv');
    expect(counts(f)).toEqual([13, 4, 9]);
    expect(problems(f)).toEqual([
      [3, 'assure_id', 'valeur_manquante'],
      [4, 'axe', 'code_inconnu'],
      [5, 'departement', 'departement_inconnu'],
      [6, 'date_debut', 'date_invalide'],
      [7, 'age', 'entier_invalide'],
      [8, 'age', 'hors_bornes'],
      [9, 'age', 'hors_bornes'],
      [12, 'date_debut', 'date_invalide'],
      [14, 'age', 'entier_invalide'],
    ]);
    const loaded = await rows(
      w,
      `SELECT accompagnement_id AS id, strftime(date_debut, '%Y-%m-%d') AS d, age, _ligne FROM accompagnements ORDER BY _ligne`,
    );
    expect(loaded).toEqual([
      { id: 'A1', d: '2024-01-10', age: 45, _ligne: 2 },
      { id: 'A9', d: '2024-01-10', age: 16, _ligne: 10 },
      { id: 'A10', d: '2024-01-10', age: 99, _ligne: 11 },
      { id: 'A12', d: '2024-01-10', age: 45, _ligne: 13 },
    ]);
    const msg = f.errors.find((e) => e.line === 4)!.message;
    expect(msg).toContain('« pdp »');
    expect(msg).toContain('PDP, SPS, AUTRE');
  });

  it('checks date_fin against date_debut and issue against date_fin, naming the rule column', async () => {
    const { r } = await ingest({
      'accompagnements.csv': csv(
        H.accompagnements,
        acc('A1', { 6: '2024-01-09' }), //            line 2: date_fin before date_debut
        acc('A2', { 6: '2024-01-10' }), //            line 3: same day loads
        acc('A3', { 11: '' }), //                     line 4: date_fin set, issue missing
        acc('A4', { 6: '' }), //                      line 5: issue set, no date_fin
        acc('A5', { 6: '', 11: '' }), //              line 6: open accompaniment loads
        acc('A6', { 6: '', 11: 'PARTI' }), //         line 7: issue set without date_fin AND unknown code
      ),
    });
    const f = file(r, 'accompagnements.csv');
    expect(problems(f)).toEqual([
      [2, 'date_fin', 'date_fin_avant_debut'],
      [4, 'issue', 'valeur_manquante'],
      [5, 'issue', 'valeur_interdite'],
      [7, 'issue', 'code_inconnu'],
      [7, 'issue', 'valeur_interdite'],
    ]);
    // Line 7 has two problems but is one rejected row.
    expect(counts(f)).toEqual([6, 2, 4]);
    expect(f.errors.find((e) => e.line === 4)!.message).toContain('issue est obligatoire quand date_fin est renseignée');
  });

  it('rejects a line with the wrong number of fields, and nothing else on it', async () => {
    const { r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1'), 'A2;P2;01;PDP', `${acc('A3')};en trop`, acc('A4')),
    });
    const f = file(r, 'accompagnements.csv');
    expect(problems(f)).toEqual([
      [3, null, 'nombre_de_champs'],
      [4, null, 'nombre_de_champs'],
    ]);
    expect(f.errors[0]!.message).toContain('4 champ(s) au lieu de 12');
    expect(counts(f)).toEqual([4, 2, 2]);
  });
});

describe('duplicates', () => {
  it('keeps the first occurrence: in a file, across files in name order, and against an earlier load', async () => {
    const first = await ingest({ 'accompagnements_0.csv': csv(H.accompagnements, acc('A0')) });
    const { w, r } = await ingest(
      {
        'accompagnements_b.csv': csv(H.accompagnements, acc('A2', { 1: 'second' }), acc('A3')),
        'accompagnements_a.csv': csv(H.accompagnements, acc('A1'), acc('A2', { 1: 'first' }), acc('A1'), acc('A0')),
      },
      first.w,
    );
    expect(problems(file(r, 'accompagnements_a.csv'))).toEqual([
      [4, 'accompagnement_id', 'doublon'],
      [5, 'accompagnement_id', 'doublon'],
    ]);
    expect(problems(file(r, 'accompagnements_b.csv'))).toEqual([[2, 'accompagnement_id', 'doublon']]);
    expect(counts(file(r, 'accompagnements_a.csv'))).toEqual([4, 2, 2]);
    expect(counts(file(r, 'accompagnements_b.csv'))).toEqual([2, 1, 1]);
    expect(file(r, 'accompagnements_b.csv').errors[0]!.message).toContain('déjà présent ligne 3 du fichier « accompagnements_a.csv »');
    expect(file(r, 'accompagnements_a.csv').errors.find((e) => e.line === 5)!.message).toContain('accompagnements_0.csv');
    const loaded = await rows(w, `SELECT accompagnement_id AS id, assure_id FROM accompagnements ORDER BY id`);
    expect(loaded).toEqual([
      { id: 'A0', assure_id: 'PA0' },
      { id: 'A1', assure_id: 'PA1' },
      { id: 'A2', assure_id: 'first' },
      { id: 'A3', assure_id: 'PA3' },
    ]);
  });

  it('a rejected first occurrence does not claim its id', async () => {
    const { r } = await ingest({ 'accompagnements.csv': csv(H.accompagnements, acc('A1', { 3: 'X' }), acc('A1')) });
    expect(problems(file(r, 'accompagnements.csv'))).toEqual([[2, 'axe', 'code_inconnu']]);
  });

  it('effectifs: one row per (departement, annee); decimals with . or ,', async () => {
    const { w, r } = await ingest({
      'effectifs.csv': csv(H.effectifs, '01;2024;7,5;3', '01;2023;7.25;3', '01;2024;8;3', '02;2024;abc;3', '02;2023;-1;3'),
    });
    const f = file(r, 'effectifs.csv');
    expect(problems(f)).toEqual([
      [4, 'departement, annee', 'doublon'],
      [5, 'etp_assistants', 'nombre_invalide'],
      [6, 'etp_assistants', 'hors_bornes'],
    ]);
    expect(await rows(w, `SELECT departement, annee, etp_assistants AS etp FROM effectifs ORDER BY annee`)).toEqual([
      { departement: '01', annee: 2023, etp: 7.25 },
      { departement: '01', annee: 2024, etp: 7.5 },
    ]);
  });
});

describe('parents', () => {
  it('entretiens: unknown parent, rejected parent (message says so), dates within the accompaniment (inclusive)', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1'), acc('A2', { 2: '999' }), acc('A3', { 6: '', 11: '' })),
      'entretiens.csv': csv(
        H.entretiens,
        'E1;A1;2024-01-10;PRESENTIEL', // line 2: on date_debut, loads
        'E2;A1;30/06/2024;VISIO', //      line 3: on date_fin, loads
        'E3;A1;2024-01-09;VISIO', //      line 4: before
        'E4;A1;2024-07-01;VISIO', //      line 5: after
        'E5;A2;2024-02-01;VISIO', //      line 6: parent rejected
        'E6;A9;2024-02-01;VISIO', //      line 7: unknown parent
        'E7;A3;2030-01-01;DOMICILE', //   line 8: open accompaniment, loads
        'E8;A1;2024-02-01;FAX', //        line 9: unknown mode
      ),
    });
    const f = file(r, 'entretiens.csv');
    expect(problems(f)).toEqual([
      [4, 'date', 'date_hors_accompagnement'],
      [5, 'date', 'date_hors_accompagnement'],
      [6, 'accompagnement_id', 'parent_rejete'],
      [7, 'accompagnement_id', 'reference_inconnue'],
      [9, 'mode', 'code_inconnu'],
    ]);
    expect(counts(f)).toEqual([8, 3, 5]);
    expect(f.errors.find((e) => e.line === 6)!.message).toContain(
      'rejetée (fichier « accompagnements.csv », ligne 3 : departement_inconnu)',
    );
    // Rejects of a table without département carry the parent's.
    const deps = await rows(w, `SELECT ligne, departement FROM load_rejects WHERE table_name = 'entretiens' ORDER BY ligne`);
    expect(deps).toEqual([
      { ligne: 4, departement: '01' },
      { ligne: 5, departement: '01' },
      { ligne: 6, departement: null },
      { ligne: 7, departement: null },
      { ligne: 9, departement: '01' },
    ]);
  });

  it('a child finds its parent loaded by an earlier load, and a parent rejected by an earlier load', async () => {
    const first = await ingest({ 'accompagnements.csv': csv(H.accompagnements, acc('A1'), acc('A2', { 3: '?' })) });
    const { r } = await ingest({ 'entretiens.csv': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO', 'E2;A2;2024-02-01;VISIO') }, first.w);
    expect(problems(file(r, 'entretiens.csv'))).toEqual([[3, 'accompagnement_id', 'parent_rejete']]);
  });

  it('signalements: accompagnement_id iff suite = ACCOMPAGNEMENT, and it must exist', async () => {
    const s = (id: string, suite: string, a: string) => `${id};01;PDP;2024-01-05;SPST;P1;${suite};${a}`;
    const { r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1')),
      'signalements.csv': csv(
        H.signalements,
        s('S1', 'ACCOMPAGNEMENT', 'A1'), // loads
        s('S2', 'ACCOMPAGNEMENT', ''), //   missing
        s('S3', 'REFUS', 'A1'), //          forbidden
        s('S4', 'REFUS', ''), //            loads
        s('S5', 'ACCOMPAGNEMENT', 'A7'), // unknown
      ),
    });
    expect(problems(file(r, 'signalements.csv'))).toEqual([
      [3, 'accompagnement_id', 'valeur_manquante'],
      [4, 'accompagnement_id', 'valeur_interdite'],
      [6, 'accompagnement_id', 'reference_inconnue'],
    ]);
  });

  it('situations_instances reference instances', async () => {
    const { r } = await ingest({
      'instances.csv': csv(H.instances, 'I1;13;IC_PDP;2024-03-01', 'I2;13;COMITE;2024-03-01'),
      'situations_instances.csv': csv(
        H.situations_instances,
        'N1;I1;SPST;CRPE;ACCORDEE',
        'N2;I2;SPST;CRPE;ACCORDEE',
        'N3;I3;SPST;CRPE;ACCORDEE',
      ),
    });
    expect(problems(file(r, 'instances.csv'))).toEqual([[3, 'type', 'code_inconnu']]);
    expect(problems(file(r, 'situations_instances.csv'))).toEqual([
      [3, 'instance_id', 'parent_rejete'],
      [4, 'instance_id', 'reference_inconnue'],
    ]);
  });
});

describe('warnings and optional values', () => {
  it('an ISIC with fewer than 3 sessions loads with a warning; nb_seances ≥ 1', async () => {
    const { w, r } = await ingest({
      'actions_collectives.csv': csv(
        H.actions_collectives,
        'C1;01;ISIC;PDP;2024-01-10;2;12', // warning
        'C2;01;ISIC;PDP;2024-01-10;3;12', // fine
        'C3;01;ATELIER;PDP;2024-01-10;1;0', // fine
        'C4;01;ATELIER;PDP;2024-01-10;0;5', // below 1
      ),
    });
    const f = file(r, 'actions_collectives.csv');
    expect(problems(f)).toEqual([[5, 'nb_seances', 'hors_bornes']]);
    expect(f.warnings.map((x) => [x.line, x.column, x.code])).toEqual([[2, 'nb_seances', 'isic_moins_3_seances']]);
    expect(counts(f)).toEqual([4, 3, 1]);
    expect(await rows(w, `SELECT count(*)::INT AS n FROM load_warnings WHERE code = 'isic_moins_3_seances'`)).toEqual([{ n: 1 }]);
  });

  it('satisfaction: answers may be empty; notes are 1 to 4', async () => {
    const { w, r } = await ingest({
      'satisfaction.csv': csv(
        H.satisfaction,
        'Q1;01;PDP;2024-05-01;SATISFAIT;4;3;;2;1',
        'Q2;01;SPS;2024-05-01;;;;;;',
        'Q3;01;SPS;2024-05-01;RAVI;5;0;1;1;1',
      ),
    });
    expect(problems(file(r, 'satisfaction.csv'))).toEqual([
      [4, 'confiance', 'hors_bornes'],
      [4, 'ecoute', 'hors_bornes'],
      [4, 'satisfaction', 'code_inconnu'],
    ]);
    expect(await rows(w, `SELECT reponse_id, satisfaction, ecoute, clarte FROM satisfaction ORDER BY 1`)).toEqual([
      { reponse_id: 'Q1', satisfaction: 'SATISFAIT', ecoute: 4, clarte: null },
      { reponse_id: 'Q2', satisfaction: null, ecoute: null, clarte: null },
    ]);
  });
});
