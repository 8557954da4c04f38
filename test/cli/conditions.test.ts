// Every condition a user can cause gets one French line on stderr and the exit code of
// docs/spec/cli.md (2: an input that cannot be used), never a stack trace. Commands that need the
// facts or the published set bring them up to date through the pipeline instead of failing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { REPO_ROOT } from '../../src/config.ts';
import { generateExtract } from '../../src/generate/index.ts';
import { closeWarehouse, openWarehouse, queryRows, SCHEMA_VERSION } from '../../src/warehouse/db.ts';

let dir: string;
let extract: string;
let loaded: string;

/** Runs `bilan …` in this process; returns its exit code and what it printed. */
async function bilan(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** The error output is one French line naming the command, with no stack trace. */
function expectOneLine(err: string, pattern: RegExp): void {
  const lines = err.trimEnd().split('\n');
  expect(lines.filter((l) => l.startsWith('bilan '))).toHaveLength(1);
  expect(err).not.toMatch(/^\s+at /m);
  expect(err).not.toMatch(/Error:|TypeError|IO Error|Catalog Error/);
  expect(lines.find((l) => l.startsWith('bilan '))).toMatch(pattern);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bilan-conditions-'));
  extract = join(dir, 'extrait');
  await generateExtract({ out: extract, scale: 'departement', departement: '48', years: [2023, 2024], seed: 3, format: 'csv' });
  loaded = join(dir, 'charge.duckdb');
  const r = await bilan('ingest', extract, '--db', loaded);
  expect(r.code).toBe(0);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a missing warehouse', () => {
  it.each([['figures', '--year', '2024'], ['audit'], ['export', '--year', '2024', '--no-pdf']])(
    'bilan %s on a warehouse that does not exist: one line, exit 2, no file created',
    async (...args) => {
      const db = join(dir, 'absent.duckdb');
      const r = await bilan(...args, '--db', db);
      expect(r.code).toBe(2);
      expectOneLine(r.err, /entrepôt introuvable : .*absent\.duckdb/);
      expect(() => rmSync(db)).toThrow();
    },
  );

  it('BILAN_DB is honoured by every command, ingest and audit included', async () => {
    const db = join(dir, 'par-variable.duckdb');
    const before = process.env.BILAN_DB;
    process.env.BILAN_DB = db;
    try {
      const r = await bilan('audit');
      expect(r.code).toBe(2);
      expectOneLine(r.err, /par-variable\.duckdb/);
      expect((await bilan('ingest', extract)).code).toBe(0);
      const w = await openWarehouse(db, { mustExist: true });
      const [{ n }] = (await queryRows<{ n: number }>(w.con, 'SELECT count(*) AS n FROM load_files')) as [{ n: number }];
      closeWarehouse(w);
      expect(n).toBeGreaterThan(0);
    } finally {
      if (before === undefined) delete process.env.BILAN_DB;
      else process.env.BILAN_DB = before;
    }
  }, 60_000);
});

describe('a warehouse locked by another process', () => {
  let holder: ChildProcess;
  const locked = () => join(dir, 'verrouille.duckdb');

  beforeAll(async () => {
    // Another process (a second `bilan ingest`, the site's preview…) holds the file open for writing.
    const script = `const { DuckDBInstance } = await import('@duckdb/node-api');
      const i = await DuckDBInstance.create(${JSON.stringify(locked())}); await (await i.connect()).run('CREATE TABLE t (x INTEGER)');
      process.stdout.write('pret\\n'); setInterval(() => {}, 1000);`;
    holder = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ok, ko) => {
      holder.stdout!.on('data', (d: Buffer) => d.toString().includes('pret') && ok());
      holder.on('exit', (c) => ko(new Error(`holder exited ${c}`)));
    });
  }, 30_000);

  afterAll(() => {
    holder?.kill();
  });

  it('bilan ingest says which process holds it and what to do, exit 2', async () => {
    const r = await bilan('ingest', extract, '--db', locked());
    expect(r.code).toBe(2);
    expectOneLine(r.err, new RegExp(`verrouillé par un autre processus \\(PID ${holder.pid}\\).*attendre la fin`));
  });

  it('bilan audit too', async () => {
    const r = await bilan('audit', '--db', locked());
    expect(r.code).toBe(2);
    expectOneLine(r.err, /verrouillé/);
  });
});

describe('a warehouse loaded but never published', () => {
  it('bilan export publishes through the pipeline, then exports (exit 0)', async () => {
    const db = join(dir, 'jamais-publie.duckdb');
    expect((await bilan('ingest', extract, '--db', db)).code).toBe(0);
    const out = join(dir, 'export-48');
    const r = await bilan('export', '--year', '2024', '--scope', 'departement:48', '--db', db, '--out', out, '--no-pdf');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toMatch(/publication \(seuil 11\)/);
    const w = await openWarehouse(db, { mustExist: true });
    const rows = await queryRows<{ n: number }>(w.con, 'SELECT count(*) AS n FROM published');
    closeWarehouse(w);
    expect(rows[0]!.n).toBeGreaterThan(0);
  }, 120_000);
});

describe('a warehouse from another version of the project', () => {
  it('one written before the version was recorded is migrated, and says so in warehouse_meta', async () => {
    const db = join(dir, 'ancien.duckdb');
    // Version 1: the load tables without warehouse_meta.
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const inst = await DuckDBInstance.create(db);
    const con = await inst.connect();
    await con.run(`CREATE TABLE load_files (id INTEGER PRIMARY KEY, fichier VARCHAR NOT NULL, table_name VARCHAR, sha256 VARCHAR NOT NULL,
      format VARCHAR, encodage VARCHAR, separateur VARCHAR, statut VARCHAR NOT NULL, rows_read BIGINT NOT NULL, rows_loaded BIGINT NOT NULL,
      rows_rejected BIGINT NOT NULL, charge_le TIMESTAMP NOT NULL)`);
    con.closeSync();
    inst.closeSync();
    const w = await openWarehouse(db);
    const [meta] = await queryRows<{ v: number }>(w.con, 'SELECT max(schema_version) AS v FROM warehouse_meta');
    const [rej] = await queryRows<{ n: number }>(
      w.con,
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'load_rejects'",
    );
    closeWarehouse(w);
    expect(meta!.v).toBe(SCHEMA_VERSION);
    expect(rej!.n).toBe(1);
  });

  it('one written by a newer version is refused with a line saying how to rebuild it', async () => {
    const db = join(dir, 'futur.duckdb');
    const w = await openWarehouse(db);
    await w.con.run(`INSERT INTO warehouse_meta VALUES (${SCHEMA_VERSION + 1}, now()::TIMESTAMP)`);
    closeWarehouse(w);
    const r = await bilan('audit', '--db', db);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /version plus récente du projet.*reconstruire l'entrepôt/);
  });

  it('a file that is not a DuckDB warehouse is refused in one line', async () => {
    const db = join(dir, 'pas-une-base.duckdb');
    writeFileSync(db, 'accompagnement_id;assure_id\n1;2\n');
    const r = await bilan('audit', '--db', db);
    expect(r.code).toBe(2);
    expectOneLine(r.err, /n'est pas un entrepôt DuckDB lisible/);
  });
});

describe('an unusable extract folder', () => {
  it('a folder that does not exist: one line, exit 2', async () => {
    const r = await bilan('ingest', join(dir, 'nulle-part'), '--db', join(dir, 'x.duckdb'));
    expect(r.code).toBe(2);
    expectOneLine(r.err, /n'existe pas/);
  });

  it.each([
    ['empty', []],
    ['holding no file of the contract', ['notes.txt', 'photo.jpg']],
  ])('an extract folder %s: one line, exit 2', async (_label, names) => {
    const d = join(dir, `vide-${names.length}`);
    mkdirSync(d, { recursive: true });
    for (const n of names) writeFileSync(join(d, n), 'x');
    const r = await bilan('ingest', d, '--db', join(dir, `vide-${names.length}.duckdb`));
    expect(r.code).toBe(2);
    expectOneLine(r.err, /aucun fichier/i);
  });
});

describe('year or scope absent', () => {
  it('a year with no data: the years present are listed, exit 2', async () => {
    const r = await bilan('figures', '--db', loaded, '--year', '2019', '--json');
    expect(r.code).toBe(2);
    expectOneLine(r.err, /l'année 2019 n'est pas dans les données \(années présentes : 2023, 2024\)/);
  }, 60_000);

  it('an unknown scope: exit 2', async () => {
    const r = await bilan('figures', '--db', loaded, '--year', '2024', '--scope', 'departement:99');
    expect(r.code).toBe(2);
    expectOneLine(r.err, /département inconnu « 99 »/);
  });

  it('a known scope with no data in the extract: export writes nothing, exit 2', async () => {
    const r = await bilan('export', '--db', loaded, '--year', '2024', '--scope', 'departement:10', '--out', join(dir, 'rien'), '--no-pdf');
    expect(r.code).toBe(2);
    expectOneLine(r.err, /aucune donnée publiée pour le périmètre departement:10 en 2024/);
  }, 120_000);

  it('an export year that is not published: exit 2', async () => {
    const r = await bilan('export', '--db', loaded, '--year', '2019', '--no-pdf', '--out', join(dir, 'rien-2019'));
    expect(r.code).toBe(2);
    expectOneLine(r.err, /2019/);
  }, 120_000);
});

describe('options', () => {
  it('an unknown option: one French line and the usage, exit 2', async () => {
    const r = await bilan('audit', '--seuill', '5');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^bilan audit : option inconnue : --seuill\nusage : bilan audit /);
  });

  it('French spellings keep working as aliases of the English options', async () => {
    const fr = await bilan('audit', '--db', loaded, '--seuil', '11', '--republier', '--json');
    expect(fr.code, fr.err).toBe(0);
    const en = await bilan('audit', '--db', loaded, '--threshold', '11', '--json');
    expect(en.code).toBe(0);
    expect(JSON.parse(fr.out).seuil).toBe(11);
    expect(JSON.parse(en.out).cellules).toBe(JSON.parse(fr.out).cellules);
  }, 120_000);

  it('bilan CMD --help lists every option of the command, exit 0', async () => {
    const r = await bilan('build', '--help');
    expect(r.code).toBe(0);
    for (const o of ['--extract', '--db', '--out', '--threshold', '--site-only', 'aussi --seuil', 'aussi --site-seulement'])
      expect(r.out).toContain(o);
  });
});
