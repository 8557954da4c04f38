// The catalogue against the spec: every id of indicators.md, nothing else, in its order; metadata
// consistent with the reference data; docs/indicateurs.md generated; scopes; the figures command.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeValues, type CodeList } from '../../src/contract/reference.ts';
import { CATALOGUE, computeFacts, parseScope, refreshFacts, ALL_SCOPES } from '../../src/indicators/index.ts';
import { catalogueMarkdown, DOCS_PATH } from '../../src/indicators/catalogue-doc.ts';
import { main } from '../../src/cli/main.ts';
import { REPO_ROOT } from '../../src/config.ts';
import { InputError } from '../../src/errors.ts';
import { closeWarehouse, openWarehouse, queryRows, type Warehouse } from '../../src/warehouse/db.ts';
import { acc, entretiens, insert, warehouseWith } from './helpers.ts';

const SPEC = join(REPO_ROOT, 'docs', 'spec', 'indicators.md');

// Placeholders of the spec and the code list each one stands for.
const PLACEHOLDERS: Record<string, CodeList> = {
  'pdp.part_signalements.ORIGINE': 'origine',
  'pdp.part_issue.ISSUE': 'issue',
  'pdp.part_preconisations.TYPE': 'type_preconisation',
  'pdp.part_actions.CATEGORIE': 'categorie_action',
  'instances.situations_ic_pdp.PRESENTEE_PAR': 'presentee_par',
  'collectif.actions.TYPE': 'type_action_collective',
};

/** The ids of the spec's tables, placeholders expanded, in the spec's order. */
function specIds(text: string): string[] {
  const ids: string[] = [];
  let profile: string[] = [];
  const flushProfile = () => {
    for (const x of ['', 'pdp.', 'sps.']) ids.push(...profile.map((id) => id.replace(/^X\./, x)));
    profile = [];
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) flushProfile();
    if (!line.startsWith('| `')) continue;
    const [first, definition] = line.split(' | ');
    const tokens = [...first!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const head = tokens[0]!;
    const row = tokens.map((t) => (t.startsWith('.') ? head.replace(/\.[^.]+$/, t) : t));
    for (const id of row) {
      const list = PLACEHOLDERS[id];
      let expanded: string[];
      if (list) expanded = codeValues(list).map((c) => id.replace(/\.[A-Z_]+$/, `.${c}`));
      else if (id === 'satisfaction.DIMENSION') {
        expanded = /\(([a-z_, ]+)\)/
          .exec(definition!)![1]!
          .split(', ')
          .map((d) => `satisfaction.${d}`);
      } else expanded = [id];
      if (id.startsWith('X.')) profile.push(...expanded);
      else ids.push(...expanded);
    }
  }
  flushProfile();
  return ids;
}

describe.runIf(existsSync(SPEC))('ids of indicators.md', () => {
  const expected = specIds(readFileSync(SPEC, 'utf8'));

  it('the spec parses to the expected number of ids', () => {
    // activity 10; profile 3 × (femmes 1 + âge 4 + emploi 1 + risque 4); detection 1 + 10 origines + 2;
    // outcomes 4 + 11 issues + 4 durées; actions 1 + 10 types + 1 + 4 catégories + 1; instances 3 + 6 + 1;
    // collective 3 types + 2; satisfaction 2 + 5 items; optional 2
    expect(expected.length).toBe(10 + 3 * 10 + 13 + 19 + 17 + 10 + 5 + 7 + 2);
    expect(expected).toContain('part_age.46_59');
    expect(expected).toContain('sps.part_risque.AT_MP');
  });

  it('the catalogue has exactly these ids, in this order', () => {
    expect(CATALOGUE.map((m) => m.id)).toEqual(expected);
  });

  it('the computed facts hold exactly these ids when the optional tables have rows', async () => {
    const w = await warehouseWith({
      accompagnements: [acc('A1', 'P1', '34', 'PDP', '2023-01-01')],
      entretiens: entretiens('A1', ['2023-02-01']),
      effectifs: [{ departement: '34', annee: 2023, etp_assistants: 1, lieux_accueil: 1 }],
      arrets_longs: [{ departement: '34', annee: 2023, assures_arret_90j: 5 }],
    });
    try {
      await computeFacts(w);
      const rows = await queryRows<{ indicateur: string }>(w.con, `SELECT DISTINCT indicateur FROM facts`);
      expect(rows.map((r) => r.indicateur).sort()).toEqual([...expected].sort());
    } finally {
      closeWarehouse(w);
    }
  });
});

describe('metadata', () => {
  const ids = new Set(CATALOGUE.map((m) => m.id));
  it('ids are unique; base and numeratorId name catalogue ids', () => {
    expect(ids.size).toBe(CATALOGUE.length);
    for (const m of CATALOGUE) {
      if (m.base) expect(ids.has(m.base), `${m.id} → ${m.base}`).toBe(true);
      if (m.numeratorId) expect(ids.has(m.numeratorId), `${m.id} → ${m.numeratorId}`).toBe(true);
    }
  });
  it('each family lists every code of its list, shares one base, ids = family.code', () => {
    const families = new Map<string, (typeof CATALOGUE)[number][]>();
    for (const m of CATALOGUE) if (m.family) families.set(m.family, [...(families.get(m.family) ?? []), m]);
    expect([...families.keys()].sort()).toEqual([
      'collectif.actions',
      'instances.situations_ic_pdp',
      'part_age',
      'part_risque',
      'pdp.part_actions',
      'pdp.part_age',
      'pdp.part_issue',
      'pdp.part_preconisations',
      'pdp.part_risque',
      'pdp.part_signalements',
      'sps.part_age',
      'sps.part_risque',
    ]);
    for (const [family, members] of families) {
      expect(new Set(members.map((m) => m.base)).size, family).toBe(1);
      for (const m of members) expect(m.id).toBe(`${family}.${m.category!.code}`);
      const list = members[0]!.category!.list;
      if (list !== 'tranche_age') expect(members.map((m) => m.category!.code)).toEqual(codeValues(list));
    }
  });
  it('shares, means and ratios have a denominator (an indicator or a described population)', () => {
    for (const m of CATALOGUE.filter((x) => !['personnes', 'evenements'].includes(x.unit))) {
      expect(Boolean(m.base || m.denominator), m.id).toBe(true);
    }
  });
});

describe('docs/indicateurs.md', () => {
  it('is the text generated from the metadata (npm run docs:indicateurs)', () => {
    expect(readFileSync(DOCS_PATH, 'utf8')).toBe(catalogueMarkdown());
  });
});

describe('scopes', () => {
  it('parses and validates against the reference data', () => {
    expect(ALL_SCOPES.length).toBe(123);
    expect(parseScope('national')).toEqual({ niveau: 'national', code: 'FR' });
    expect(parseScope('organisme:CARSAT_LR')).toEqual({ niveau: 'organisme', code: 'CARSAT_LR' });
    expect(parseScope('departement:2A')).toEqual({ niveau: 'departement', code: '2A' });
    expect(() => parseScope('departement:99')).toThrow(InputError);
    expect(() => parseScope('organisme:CARSAT_XX')).toThrow(InputError);
    expect(() => parseScope('region:LR')).toThrow(InputError);
  });
});

describe('bilan figures and refreshFacts', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'figures-test-'));
    db = join(dir, 'w.duckdb');
    const w = await openWarehouse(db);
    // P1: A1 PDP 34 (2 entretiens 2023); P2: B1 SPS 30 (1 entretien 2023, 1 in 2022)
    await insert(w, 'accompagnements', [acc('A1', 'P1', '34', 'PDP', '2023-01-01'), acc('B1', 'P2', '30', 'SPS', '2022-06-01')]);
    await insert(w, 'entretiens', [...entretiens('A1', ['2023-02-01', '2023-03-01']), ...entretiens('B1', ['2022-07-01', '2023-04-01'])]);
    closeWarehouse(w);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = async (...args: string[]) => {
    let out = '';
    let err = '';
    const code = await main(['figures', ...args], {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
    });
    return { code, out, err };
  };

  it('--json prints one flat object with every id, raw values', async () => {
    const r = await cli('--db', db, '--year', '2023', '--json');
    expect(r.code).toBe(0);
    const f = JSON.parse(r.out) as Record<string, number | null>;
    expect(Object.keys(f)).toEqual(CATALOGUE.filter((m) => !m.requires).map((m) => m.id));
    expect(f.assures_accompagnes).toBe(2);
    expect(f.entretiens).toBe(3);
    expect(f.entretiens_par_assure).toBe(1.5);
    expect(f['pdp.assures_accompagnes']).toBe(1);
    expect(f['evolution.pdp.assures_accompagnes']).toBeNull(); // 2022: no PDP person
    expect(r.out).toMatch(/"assures_accompagnes":2,/); // an integer, not 2.0
    const d30 = JSON.parse((await cli('--db', db, '--year', '2022', '--scope', 'departement:30', '--json')).out);
    expect(d30['sps.assures_accompagnes']).toBe(1);
  });

  it('without --json: a French table', async () => {
    const r = await cli('--db', db, '--year', '2023', '--scope', 'organisme:CARSAT_LR');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Assurés accompagnés\s+2\n/);
  });

  it('exit 2 with a French reason: year not in the data, unknown scope, missing options', async () => {
    const y = await cli('--db', db, '--year', '2019', '--json');
    expect(y.code).toBe(2);
    expect(y.out).toBe('');
    expect(y.err).toContain("l'année 2019 n'est pas dans les données (années présentes : 2022, 2023)");
    expect((await cli('--db', db, '--year', '2023', '--scope', 'departement:00')).code).toBe(2);
    // --year missing (whatever the default warehouse: after the README's build it exists)
    const sansAnnee = await cli('--db', db);
    expect(sansAnnee.code).toBe(2);
    expect(sansAnnee.err).toContain('--year');
    expect((await cli('--db', join(dir, 'absent.duckdb'), '--year', '2023')).code).toBe(2);
  });

  it('refreshFacts recomputes only when the data changed', async () => {
    const w: Warehouse = await openWarehouse(db);
    try {
      expect(await refreshFacts(w)).toBe(false); // computed by the CLI runs above
      await insert(
        w,
        'entretiens',
        entretiens('B1x', ['2023-05-01']).map((e) => ({ ...e, accompagnement_id: 'B1' })),
      );
      expect(await refreshFacts(w)).toBe(true);
      const [r] = await queryRows<{ v: number }>(
        w.con,
        `SELECT valeur AS v FROM facts WHERE annee = 2023 AND code = 'FR' AND indicateur = 'sps.entretiens'`,
      );
      expect(r!.v).toBe(2);
      expect(await refreshFacts(w)).toBe(false);
    } finally {
      closeWarehouse(w);
    }
  });
});
