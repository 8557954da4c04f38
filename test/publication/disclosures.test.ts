// The eight kinds of disclosure of issue 13, each on a hand-made table: the disclosure exists
// without the fix (worked out by hand, and found by the audit), the fix closes it (the audit
// passes on the protected output), and the audit finds it when the fix is removed.
import { describe, expect, it } from 'vitest';
import type { IndicatorMeta } from '../../src/indicators/index.ts';
import { suppress, type FactRow } from '../../src/publication/publish.ts';
import { attackTable, auditRows, checkAgainstFacts, readerKnowledge, type PublishedRow } from '../../src/publication/audit.ts';
import { buildModel, type ExternalTotal, type ExtraRelation } from '../../src/publication/relations.ts';
import { protectBreakdown } from '../../src/publication/engine.ts';
import { intervalBounds } from '../../src/publication/attack.ts';
import { evaluationTotalsOf } from '../../src/publication/external.ts';
import { encoder, decoder } from '../../src/data/site-model.ts';
import { formatCellule, legendeSecret } from '../../src/format/index.ts';
import type { ResultatPilote } from '../../src/evaluation/index.ts';

const T = 11;
const meta = (m: Pick<IndicatorMeta, 'id' | 'unit'> & Partial<IndicatorMeta>): IndicatorMeta => ({
  theme: 'test',
  label: m.id,
  source: 'accompagnements',
  definition: m.id,
  ...m,
});

/** Rows of one year: per scope, indicator → count (counts) or [numerator, base] (shares). */
function factRows(scopes: Record<string, Record<string, number | [number, number]>>, annee = 2024): FactRow[] {
  return Object.entries(scopes).flatMap(([scope, values]) => {
    const [niveau, code] = scope.split(':') as [FactRow['niveau'], string];
    return Object.entries(values).map(([indicateur, v]): FactRow =>
      typeof v === 'number'
        ? { annee, niveau, code, indicateur, valeur: v, numerateur: v, denominateur: null }
        : { annee, niveau, code, indicateur, valeur: v[1] ? v[0] / v[1] : null, numerateur: v[0], denominateur: v[1] },
    );
  });
}

/** Published rows: the facts with the hidden rows' cells removed and their mark « s ». */
function published(rows: readonly FactRow[], hidden: (r: FactRow, i: number) => boolean): PublishedRow[] {
  return rows.map((r, i) =>
    hidden(r, i) ? { ...r, numerateur: null, denominateur: null, affichage: 's' } : { ...r, affichage: r.valeur === null ? '–' : null },
  );
}

/** The published rows of a suppression run. */
function protectedRows(rows: readonly FactRow[], opts: Parameters<typeof suppress>[2]): PublishedRow[] {
  const s = suppress(rows, T, opts);
  return published(rows, (_, i) => !s.shown[i]);
}

const disclosed = (audit: ReturnType<typeof auditRows>, code: string, cellule: string) =>
  audit.problemes.filter((p) => p.code === code && p.cellule === cellule && p.type === 'cellule_encadree');

describe('1. the status never leaves the warehouse', () => {
  it('the site encodes every hidden cell as the same « s », and the pages show « s »', () => {
    expect(encoder(null, 'secret')).toBe('s');
    expect(encoder(null, 'sans_objet')).toBeNull();
    expect(encoder(251, 'publie')).toBe(251);
    expect(JSON.stringify([encoder(null, 'secret'), encoder(null, 'secret')])).toBe('["s","s"]');
    expect(formatCellule(decoder('s'), 'personnes')).toBe('s');
    expect(formatCellule(decoder('s'), 'part')).toBe('s');
    expect(formatCellule(decoder(null), 'part')).toBe('–');
    expect(legendeSecret(11).map((l) => l.marque)).toEqual(['s', '–']);
  });

  it('a status would pin cells: CRAMIF 121 − 101 = 20 over two « primary » départements (≤ 10 each) gives 10 and 10', () => {
    // cells: 0 organisme, 1..3 départements; 1 shown (101), 2 and 3 hidden (10 and 10).
    const relations = [{ total: 0, parts: [1, 2, 3] }];
    const known = [121, 101, null, null];
    // Without the fix the reader knows "primary" = at most 10: both are pinned.
    const withStatus = attackTable(4, relations, known, T, 'lp', { lo: [0, 0, 1, 1], hi: [Infinity, Infinity, 10, 10] });
    expect(withStatus.issues.filter((i) => i.type === 'cellule_encadree').map((i) => [i.cell, i.lo, i.hi])).toEqual([
      [2, 10, 10],
      [3, 10, 10],
    ]);
    // With the one mark the reader only knows ≥ 1 (zeros are shown): each lies in [1, 19].
    const withMark = attackTable(4, relations, known, T, 'lp', { lo: [0, 0, 1, 1] });
    expect(withMark.issues).toEqual([]);
  });
});

describe('2. nested relations and their differences', () => {
  // Outcomes: base 100 finished paths; kept in work 63 ⊂ kept employable 65: 2 employability-only.
  const catalogue = [
    meta({ id: 'fin', unit: 'evenements' }),
    meta({ id: 'emploi', unit: 'part', base: 'fin' }),
    meta({ id: 'employabilite', unit: 'part', base: 'fin' }),
  ];
  const nested: ExtraRelation[] = [{ total: 'employabilite#n', parts: ['emploi#n', 'employabilite#seule'] }];
  const organismeOf = new Map([
    ['D1', 'O'],
    ['D2', 'O'],
  ]);
  const rows = factRows({
    'national:FR': { fin: 300, emploi: [183, 300], employabilite: [205, 300] },
    'organisme:O': { fin: 300, emploi: [183, 300], employabilite: [205, 300] },
    'departement:D1': { fin: 100, emploi: [63, 100], employabilite: [65, 100] },
    'departement:D2': { fin: 200, emploi: [120, 200], employabilite: [140, 200] },
  });
  // employabilite#seule is implicit: the audit sees it only through the declared relation.
  const withFix = { catalogue, organismeOf, extra: nested };
  const withoutFix = { catalogue, organismeOf, extra: [] };

  it('without the nested relation everything is published, and 65 − 63 = 2 is found by the audit', () => {
    const out = protectedRows(rows, withoutFix);
    expect(out.every((r) => r.affichage !== 's')).toBe(true);
    const audit = auditRows(out, T, 'lp', withFix, rows);
    expect(disclosed(audit, 'D1', 'employabilite#seule')).toEqual([expect.objectContaining({ lo: 2, hi: 2 })]);
  });

  it('with it, the protection hides enough and the audit passes (relations true on the facts)', () => {
    const out = protectedRows(rows, withFix);
    expect(out.some((r) => r.code === 'D1' && r.affichage === 's')).toBe(true);
    const audit = auditRows(out, T, 'lp', withFix, rows);
    expect(audit.problemes).toEqual([]);
  });
});

describe('3. rounding intervals are relations too', () => {
  // Aube 2025: 44,4 % and 41,8 % of 354 (a reader of the CSV only): 157 and 148, so 9.
  const catalogue = [
    meta({ id: 'fin', unit: 'evenements' }),
    meta({ id: 'emploi', unit: 'part', base: 'fin' }),
    meta({ id: 'employabilite', unit: 'part', base: 'fin' }),
  ];
  const organismeOf = new Map([['D1', 'O']]);
  const extra: ExtraRelation[] = [{ total: 'employabilite#n', parts: ['emploi#n', 'employabilite#seule'] }];
  const rows = factRows({ 'departement:D1': { fin: 354, emploi: [148, 354], employabilite: [157, 354] } });
  /** What a reader of rounded shares (1 decimal of a percentage) knows of their numerators. */
  const rounded = (pct: number, base: number, name: string): ExternalTotal => ({
    name: `csv:${name}`,
    lo: Math.ceil(((pct - 0.05) / 100) * base),
    hi: Math.floor(((pct + 0.05) / 100) * base),
    parts: [{ annee: 2024, niveau: 'departement', code: 'D1', name }],
  });

  it('the intervals alone give 157 and 148 (worked out by hand), so 9 employability-only outcomes', () => {
    expect(rounded(44.4, 354, 'x')).toMatchObject({ lo: 157, hi: 157 });
    expect(rounded(41.8, 354, 'x')).toMatchObject({ lo: 148, hi: 148 });
    // Published with their exact values hidden (the reader has the CSV's rounded values only):
    const out = published(rows, (r) => r.indicateur !== 'fin');
    const external = [rounded(44.4, 354, 'employabilite#n'), rounded(41.8, 354, 'emploi#n')];
    const audit = auditRows(out, T, 'lp', { catalogue, organismeOf, extra, external }, rows);
    expect(disclosed(audit, 'D1', 'employabilite#seule')).toEqual([expect.objectContaining({ lo: 9, hi: 9 })]);
    // Without the rounded values the reader knows nothing of the two numerators.
    expect(auditRows(out, T, 'lp', { catalogue, organismeOf, extra }, rows).problemes).toEqual([]);
  });

  it('the protection hides one of the two rates, so its rounded value is not shown either: the audit passes', () => {
    const s = suppress(rows, T, { catalogue, organismeOf, extra });
    const shownShares = rows.filter((r, i) => r.indicateur !== 'fin' && s.shown[i]);
    expect(shownShares.length).toBeLessThan(2);
    const external = shownShares.map((r) => rounded(Math.round(r.valeur! * 1000) / 10, 354, `${r.indicateur}#n`));
    const out = published(rows, (_, i) => !s.shown[i]);
    expect(auditRows(out, T, 'lp', { catalogue, organismeOf, extra, external }, rows).problemes).toEqual([]);
  });
});

describe('4. zero is never hidden: every hidden count is ≥ 1', () => {
  // Organisme 11 signalements over five hidden départements (3, 2, 2, 2, 2) beside a shown one.
  const catalogue = [meta({ id: 'sig', unit: 'evenements' })];
  const deps = ['D1', 'D2', 'D3', 'D4', 'D5', 'D6'];
  const organismeOf = new Map(deps.map((d) => [d, 'O']));
  const values = [3, 2, 2, 2, 2, 40];
  const rows = factRows({
    'national:FR': { sig: 51 },
    'organisme:O': { sig: 51 },
    ...Object.fromEntries(deps.map((d, i) => [`departement:${d}`, { sig: values[i]! }])),
  });
  const opts = { catalogue, organismeOf, extra: [] };

  it('hiding the five small ones (sum 11) is safe only if a hidden cell may be 0: with ≥ 1 each is in [1, 7]', () => {
    const out = published(rows, (r) => r.niveau === 'departement' && r.code !== 'D6');
    const audit = auditRows(out, T, 'lp', opts, rows);
    for (const d of ['D1', 'D2', 'D3', 'D4', 'D5']) expect(disclosed(audit, d, 'sig')).toEqual([expect.objectContaining({ lo: 1, hi: 7 })]);
    // The same publication with the old knowledge (≥ 0 only): nothing pinned — the gap this kind is about.
    const model = buildModel(out, opts);
    const { known } = readerKnowledge(model, out);
    expect(attackTable(model.cells.length, model.relations, known, T, 'lp').issues).toEqual([]);
  });

  it('the protection hides a sixth cell and the audit passes', () => {
    const out = protectedRows(rows, opts);
    expect(out.find((r) => r.code === 'D6')!.affichage).toBe('s');
    expect(auditRows(out, T, 'lp', opts, rows).problemes).toEqual([]);
  });
});

describe('5. the evaluation series give group totals', () => {
  // Flyers pilot (Aube 10, Haute-Marne 52): 2023 volume series of the pilot group = 41 signalements
  // (published: index 100 for 2023, a mean of 41 / 12 / 2 per département and month, 2 départements).
  const catalogue = [meta({ id: 'pdp.signalements', unit: 'evenements', source: 'signalements' })];
  const organismeOf = new Map([
    ['10', 'O'],
    ['52', 'O'],
    ['55', 'O'],
  ]);
  const rows = factRows(
    {
      'national:FR': { 'pdp.signalements': 71 },
      'organisme:O': { 'pdp.signalements': 71 },
      'departement:10': { 'pdp.signalements': 40 },
      'departement:52': { 'pdp.signalements': 1 },
      'departement:55': { 'pdp.signalements': 30 },
    },
    2023,
  );
  const pilot = {
    id: 'flyers',
    departements: [
      { code: '10', nom: 'Aube' },
      { code: '52', nom: 'Haute-Marne' },
    ],
    exclus: [],
    indicateurs: [
      {
        indicateur: 'pdp.signalements_mois',
        unite: 'volume',
        departements: { pilote: 2, temoins: 80 },
        periodes: {
          avant: { debut: '2023-01-01', fin: '2023-12-01', mois: 12 },
          apres: { debut: '2024-01-01', fin: '2024-06-01', mois: 6 },
        },
        niveaux: { pilote: { avant: 41 / 12 / 2, apres: null }, temoins: { avant: null, apres: null }, piloteSansDispositif: null },
        serie: {
          grain: { avant: 12, apres: 0 },
          anneesRegroupees: [],
          points: [{ groupe: 'pilote', debut: '2023-01-01', fin: '2023-12-01', mois: 12, apres: false, valeur: 100, statut: 'publie' }],
        },
      },
    ],
  } as unknown as ResultatPilote;
  const external = evaluationTotalsOf([pilot]);

  it('index × mean per département and month × months × départements = 41 signalements over Aube and Haute-Marne in 2023', () => {
    expect(external).toEqual([
      expect.objectContaining({
        lo: 41,
        hi: 41,
        parts: [
          { annee: 2023, niveau: 'departement', code: '10', name: 'pdp.signalements' },
          { annee: 2023, niveau: 'departement', code: '52', name: 'pdp.signalements' },
        ],
      }),
    ]);
  });

  it('without it the bilan hides 52 and 55 (safe on its own); with the series 41 − 40 gives 1 back', () => {
    const out = protectedRows(rows, { catalogue, organismeOf, extra: [] });
    expect(
      out
        .filter((r) => r.affichage === 's')
        .map((r) => r.code)
        .sort(),
    ).toEqual(['52', '55']);
    expect(auditRows(out, T, 'lp', { catalogue, organismeOf, extra: [] }, rows).problemes).toEqual([]);
    const audit = auditRows(out, T, 'lp', { catalogue, organismeOf, extra: [], external }, rows);
    expect(disclosed(audit, '52', 'pdp.signalements')).toEqual([expect.objectContaining({ lo: 1, hi: 1 })]);
  });

  it('protected with the series, the audit passes', () => {
    const opts = { catalogue, organismeOf, extra: [], external };
    const out = protectedRows(rows, opts);
    expect(out.find((r) => r.code === '10')!.affichage).toBe('s');
    expect(auditRows(out, T, 'lp', opts, rows).problemes).toEqual([]);
  });
});

describe('6. an organisme of one département shows the same figures', () => {
  const catalogue = [meta({ id: 'n', unit: 'evenements' }), meta({ id: 'x', unit: 'part', base: 'n' })];
  const organismeOf = new Map([
    ['973', 'CGSS_GUYANE'],
    ['D1', 'O'],
    ['D2', 'O'],
  ]);
  const rows = factRows({
    'national:FR': { n: 551, x: [8, 551] },
    'organisme:CGSS_GUYANE': { n: 251, x: [4, 251] },
    'departement:973': { n: 251, x: [4, 251] },
    'organisme:O': { n: 300, x: [4, 300] },
    'departement:D1': { n: 100, x: [2, 100] },
    'departement:D2': { n: 200, x: [2, 200] },
  });
  const opts = { catalogue, organismeOf, extra: [] };

  it('shares its cells: same status for the organisme and its département, for every figure', () => {
    const model = buildModel(rows, opts);
    const org = rows.findIndex((r) => r.code === 'CGSS_GUYANE' && r.indicateur === 'n');
    const dep = rows.findIndex((r) => r.code === '973' && r.indicateur === 'n');
    expect(model.units[org]!.shows).toEqual(model.units[dep]!.shows);
    const s = suppress(rows, T, opts);
    rows.forEach((r, i) => {
      if (r.code !== 'CGSS_GUYANE') return;
      const j = rows.findIndex((d) => d.code === '973' && d.indicateur === r.indicateur);
      expect(s.statut[i]).toBe(s.statut[j]);
    });
    expect(auditRows(protectedRows(rows, opts), T, 'lp', opts, rows).problemes).toEqual([]);
  });

  it('different statuses (the old behaviour: the organisme shows 4 where the département hides it) are found', () => {
    const s = suppress(rows, T, opts);
    const out = published(rows, (r, i) => (r.code === 'CGSS_GUYANE' ? false : !s.shown[i]));
    const audit = auditRows(out, T, 'lp', opts, rows);
    expect(audit.problemes).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'effectif_publie', code: '973', cellule: 'x#n', value: 4 })]),
    );
  });
});

describe('7. the quality page: rejected rows per département', () => {
  it('hides the small counts and enough others that the total does not give them back', () => {
    const parts = [3, 40, 25, 2];
    const hidden = protectBreakdown(parts, T);
    // 3 and 2 are small; their sum 5 is small too: a third count is hidden (the smallest other: 25).
    expect(hidden).toEqual([true, false, true, true]);
    const known = [70, ...parts.map((v, i) => (hidden[i] ? null : v))];
    const lo = [0, ...hidden.map((h) => (h ? 1 : 0))];
    expect(attackTable(5, [{ total: 0, parts: [1, 2, 3, 4] }], known, T, 'lp', { lo }).issues).toEqual([]);
  });

  it('without it (primary only), the total minus the shown counts gives 5 back', () => {
    const known = [70, null, 40, 25, null];
    const audit = attackTable(5, [{ total: 0, parts: [1, 2, 3, 4] }], known, T, 'lp', { lo: [0, 1, 0, 0, 1] });
    expect(audit.issues).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'somme_cachee', value: 5 })]));
  });
});

describe('8. people are not additive', () => {
  // One person accompanied in D1 and D2 in the year: O counts 20 people, D1 12 and D2 9.
  const people = [meta({ id: 'n', unit: 'personnes', distinctPeople: true })];
  const additive = [meta({ id: 'n', unit: 'personnes' })];
  const organismeOf = new Map([
    ['D1', 'O'],
    ['D2', 'O'],
    ['D3', 'O'],
  ]);
  const rows = factRows({
    'national:FR': { n: 60 },
    'organisme:O': { n: 60 },
    'departement:D1': { n: 12 },
    'departement:D2': { n: 9 },
    'departement:D3': { n: 40 },
  });

  it('the additive model is false on the facts (60 ≠ 61): the audit reports it, never « safe »', () => {
    const out = protectedRows(rows, { catalogue: people, organismeOf, extra: [] });
    const audit = auditRows(out, T, 'lp', { catalogue: additive, organismeOf, extra: [] }, rows);
    expect(audit.ok).toBe(false);
    expect(audit.problemes).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'relation_fausse', niveau: 'organisme', code: 'O' })]),
    );
    // Attacked with the false model on published values, the LP is infeasible: an error too.
    const all = published(rows, () => false);
    const model = buildModel(all, { catalogue: additive, organismeOf, extra: [] });
    const { known } = readerKnowledge(model, all);
    expect(attackTable(model.cells.length, model.relations, known, T, 'lp').issues.map((i) => i.type)).toContain('incoherence');
  });

  it('with inequalities (child ≤ parent ≤ Σ children) the relations hold and the audit passes', () => {
    const opts = { catalogue: people, organismeOf, extra: [] };
    const model = buildModel(rows, opts);
    expect(model.relations.filter((r) => r.kind === 'hierarchie').map((r) => r.sense)).not.toContain(undefined);
    expect(checkAgainstFacts(model, rows, {})).toEqual([]);
    const out = protectedRows(rows, opts);
    expect(out.find((r) => r.code === 'D2')!.affichage).toBe('s');
    expect(auditRows(out, T, 'lp', opts, rows).problemes).toEqual([]);
  });

  it('the inequalities have the right sense: a hidden child is bounded below by parent − Σ others, above by the parent', () => {
    // FR = O = 60, D1 12 and D3 40 shown, D2 hidden: 60 ≤ 12 + D2 + 40 gives D2 ≥ 8, D2 ≤ 60 (not 8 exactly).
    const opts = { catalogue: people, organismeOf, extra: [] };
    const r2 = factRows({
      'national:FR': { n: 60 },
      'organisme:O': { n: 60 },
      'departement:D1': { n: 12 },
      'departement:D2': { n: 9 },
      'departement:D3': { n: 40 },
    });
    const out = published(r2, (r) => r.code === 'D2');
    const model = buildModel(out, opts);
    const { known, priors } = readerKnowledge(model, out);
    const d2 = model.cells.findIndex((c) => c.code === 'D2');
    const audit = attackTable(model.cells.length, model.relations, known, T, 'lp', priors);
    expect(audit.issues).toEqual([]);
    const b = intervalBounds(model.cells.length, model.relations, known, 200, priors);
    expect([b.lo[d2], b.hi[d2]]).toEqual([8, 60]);
  });
});

describe('7. the quality page as the site prints it', () => {
  it('qualite.json shows « s » for the protected counts per département and no count between 1 and 10', async () => {
    const { openWarehouse: open, closeWarehouse: close } = await import('../../src/warehouse/db.ts');
    const { lireQualite } = await import('../../src/data/published-reader.ts');
    const w = await open(':memory:');
    try {
      await w.con.run(`INSERT INTO load_files (id, fichier, table_name, sha256, statut, rows_read, rows_loaded, rows_rejected, charge_le)
        VALUES (1, 'signalements.csv', 'signalements', 'x', 'loaded', 170, 100, 70, TIMESTAMP '2026-01-01 10:00:00')`);
      // Aube 3 rows, Meuse 40, Marne 25, Haute-Marne 2 (each row once).
      const rows = [
        ['10', 3],
        ['55', 40],
        ['51', 25],
        ['52', 2],
      ] as const;
      let ligne = 0;
      for (const [dep, n] of rows) {
        for (let i = 0; i < n; i++) {
          ligne++;
          await w.con.run(
            `INSERT INTO load_rejects (fichier_id, fichier, table_name, ligne, code, message, departement) VALUES (1, 'signalements.csv', 'signalements', ${ligne}, 'R', 'm', '${dep}')`,
          );
        }
      }
      const q = await lireQualite(w.con);
      const par = new Map(q.parDepartement.map((d) => [d.departement, d.lignes]));
      expect(Object.fromEntries(par)).toEqual({ '10': 's', '55': 40, '51': 's', '52': 's' });
      expect(q.totaux.rejetees).toBe(70);
    } finally {
      close(w);
    }
  });
});
