// The adapter from facts: relations derived from indicator metadata (count, family of shares,
// binary share) and a hierarchy (3 départements in one organisme, national), pattern worked out by hand.
import { describe, expect, it } from 'vitest';
import type { IndicatorMeta } from '../../src/indicators/index.ts';
import { suppress, type FactRow } from '../../src/publication/publish.ts';
import { auditRows, type PublishedRow } from '../../src/publication/audit.ts';
import { buildModel } from '../../src/publication/relations.ts';

const meta = (m: Pick<IndicatorMeta, 'id' | 'unit'> & Partial<IndicatorMeta>): IndicatorMeta => ({
  theme: 'test',
  label: m.id,
  source: 'accompagnements',
  definition: m.id,
  ...m,
});
const catalogue: IndicatorMeta[] = [
  // Events (additive across scopes); people and their inequalities: disclosures.test.ts (kind 8).
  meta({ id: 'n', unit: 'evenements' }),
  meta({ id: 'p.X', unit: 'part', base: 'n', family: 'p', category: { list: 'sexe', code: 'F' } }),
  meta({ id: 'p.Y', unit: 'part', base: 'n', family: 'p', category: { list: 'sexe', code: 'M' } }),
  meta({ id: 'f', unit: 'part', base: 'n', category: { list: 'situation_emploi', code: 'EMPLOI' } }),
];
const opts = {
  catalogue,
  organismeOf: new Map([
    ['D1', 'O'],
    ['D2', 'O'],
    ['D3', 'O'],
  ]),
  extra: [],
};

/** Scope values: n, p.X count, p.Y count, f count. */
const scopes: [FactRow['niveau'], string, number, number, number, number][] = [
  ['national', 'FR', 94, 63, 31, 67],
  ['organisme', 'O', 94, 63, 31, 67],
  ['departement', 'D1', 4, 3, 1, 2],
  ['departement', 'D2', 30, 20, 10, 15],
  ['departement', 'D3', 60, 40, 20, 50],
];
const rows: FactRow[] = scopes.flatMap(([niveau, code, n, x, y, f]) => {
  const share = (indicateur: string, k: number): FactRow => ({
    annee: 2024,
    niveau,
    code,
    indicateur,
    valeur: k / n,
    numerateur: k,
    denominateur: n,
  });
  return [
    { annee: 2024, niveau, code, indicateur: 'n', valeur: n, numerateur: n, denominateur: null },
    share('p.X', x),
    share('p.Y', y),
    share('f', f),
  ];
});
const at = (code: string, id: string): number => rows.findIndex((r) => r.code === code && r.indicateur === id);

describe('suppression of facts', () => {
  const s = suppress(rows, 11, opts);

  it('derives the relations from the metadata and the hierarchy', () => {
    const model = buildModel(rows, opts);
    const kinds = model.relations.map((r) => r.kind).sort();
    // per scope: one family (n = p.X + p.Y) and one complement (n = f + f#c): 5 + 5; hierarchy:
    // for n, p.X#n, p.Y#n, f#n: FR = O and O = D1 + D2 + D3: 8.
    expect(kinds.filter((k) => k === 'famille')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'complement')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'hierarchie')).toHaveLength(8);
  });

  it('gives the pattern worked out by hand', () => {
    const pattern = (code: string): string[] => ['n', 'p.X', 'p.Y', 'f'].map((id) => s.statut[at(code, id)]!);
    // D1: base 4 is small: everything on it is primary.
    expect(pattern('D1')).toEqual(['secret_primaire', 'secret_primaire', 'secret_primaire', 'secret_primaire']);
    // D2: p.Y = 10 small; 30 − 10 would give it back from p.X (20): p.X secondary. The organisme's
    // n (94) − D3 (60) = 34 = D1 + D2 would give D1's 4 back: D2's n is the cheapest partner,
    // and hiding a base hides the shares computed on it (f).
    expect(pattern('D2')).toEqual(['secret_secondaire', 'secret_secondaire', 'secret_primaire', 'secret_secondaire']);
    // D3: f = 50 of 60 → 10 people not in work: the share is primary (share × base gives 10 back).
    expect(pattern('D3')).toEqual(['publie', 'publie', 'publie', 'secret_primaire']);
    for (const code of ['FR', 'O']) expect(pattern(code)).toEqual(['publie', 'publie', 'publie', 'publie']);
  });

  it('labels hidden figures the same whatever the reason and the unit: « s »', () => {
    expect(s.affichage[at('D1', 'n')]).toBe('s'); // primary: 4
    expect(s.affichage[at('D1', 'p.X')]).toBe('s'); // primary: base 4
    expect(s.affichage[at('D2', 'n')]).toBe('s'); // secondary: 30, labelled like a primary count
    expect(s.affichage[at('D2', 'p.Y')]).toBe('s'); // primary share (numerator 10)
    expect(s.affichage[at('D2', 'p.X')]).toBe('s'); // secondary share
    expect(s.affichage[at('D3', 'n')]).toBeNull();
  });

  it('the audit passes on the output and fails on primary suppression only', () => {
    const published = (show: (i: number) => boolean): PublishedRow[] =>
      rows.map((r, i) => ({ ...r, numerateur: show(i) ? r.numerateur : null, denominateur: show(i) ? r.denominateur : null }));
    expect(
      auditRows(
        published((i) => s.shown[i]!),
        11,
        'lp',
        opts,
      ).problemes,
    ).toEqual([]);
    const leaky = auditRows(
      published((i) => s.statut[i] !== 'secret_primaire'),
      11,
      'lp',
      opts,
    );
    expect(leaky.ok).toBe(false);
    // p.Y of D2 = 30 − 20 and n of D1 = 94 − 30 − 60 are given back exactly.
    expect(leaky.problemes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'D2', cellule: 'p.Y#n', lo: 10, hi: 10 }),
        expect.objectContaining({ code: 'D1', cellule: 'n', lo: 4, hi: 4 }),
      ]),
    );
  });
});
