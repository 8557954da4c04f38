// Mutation test: the valid small extract of the field cases (baseline), changed at random the way
// producers change files (encoding, line ends, BOM, Excel's sep= line, quotes in free text, NBSP,
// header order, `cat` of two files, département without its zero, Parquet dtypes as pandas writes
// them), and sometimes broken (a quote that never closes). Every time: the report's invariants,
// no NIR-shaped value shown; when the change keeps the meaning, the warehouse holds exactly the
// clean extract's rows. Seeded, so a failure can be replayed.
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES, tableSpec, type TableName } from '../../src/contract/schema.ts';
import { ingestFolder, type LoadReport } from '../../src/ingest/index.ts';
import { lit, type Warehouse } from '../../src/warehouse/db.ts';
import { checkInvariants, memoryWarehouse, prng, rows } from './helpers.ts';

const BASELINE = join(import.meta.dirname, 'field-cases', 'baseline');
const RUNS = 20;

/** One file of the extract being mutated: its lines (`;`, no quotes in the baseline) until it is written out. */
interface File {
  name: string;
  table: TableName;
  lines: string[];
  sepHint: boolean;
  bytes?: (text: string) => Buffer;
  lineEnd: string;
  parquet: boolean;
  /** Text-only shapes applied when the file is written: empty spreadsheet rows, a separator at the end of data lines, a title line above the header. */
  text: { emptyRows?: boolean; trailingSep?: boolean; title?: boolean };
}

type Mutation = { name: string; keepsMeaning: boolean; apply: (f: File, rnd: () => number) => void };

const split = (l: string) => l.split(';');
const MUTATIONS: Mutation[] = [
  {
    name: 'header order',
    keepsMeaning: true,
    apply: (f, rnd) => {
      const n = split(f.lines[0]!).length;
      const order = Array.from({ length: n }, (_, i) => i).sort(() => rnd() - 0.5);
      f.lines = f.lines.map((l) => (l === '' ? l : order.map((i) => split(l)[i]).join(';')));
    },
  },
  {
    name: 'cat of two files, second header reordered',
    keepsMeaning: true,
    apply: (f, rnd) => {
      const [header, ...data] = f.lines.filter((l) => l !== '');
      if (data.length < 2) return;
      const cut = 1 + Math.floor(rnd() * (data.length - 1));
      const n = split(header!).length;
      const order = Array.from({ length: n }, (_, i) => n - 1 - i);
      const second = [header!, ...data.slice(cut)].map((l) => order.map((i) => split(l)[i]).join(';'));
      f.lines = [header!, ...data.slice(0, cut), ...second];
    },
  },
  {
    name: 'quotes in free text',
    keepsMeaning: true,
    apply: (f) => {
      if (split(f.lines[0]!).includes('commentaire')) return; // once per file: a second column of that name would refuse it
      f.lines = f.lines.map((l, i) => (i === 0 ? `${l};commentaire` : `${l};${i % 3 ? 'RAS' : 'écran 24" adapté'}`));
    },
  },
  {
    name: 'NBSP around values',
    keepsMeaning: true,
    apply: (f, rnd) => {
      f.lines = f.lines.map((l, i) =>
        i === 0 || rnd() < 0.7
          ? l
          : split(l)
              .map((v) => (v === '' ? v : `\u00A0${v}\u202F`))
              .join(';'),
      );
    },
  },
  {
    name: 'département without its zero',
    keepsMeaning: true,
    apply: (f) => {
      const k = split(f.lines[0]!).indexOf('departement');
      if (k >= 0)
        f.lines = f.lines.map((l, i) =>
          i === 0
            ? l
            : split(l)
                .map((v, j) => (j === k && /^0[1-9]$/.test(v) ? v.slice(1) : v))
                .join(';'),
        );
    },
  },
  {
    name: 'empty spreadsheet rows (separators only)',
    keepsMeaning: true,
    apply: (f) => {
      f.text.emptyRows = true;
    },
  },
  {
    name: 'separator at the end of data lines only',
    keepsMeaning: true,
    apply: (f) => {
      f.text.trailingSep = true;
    },
  },
  {
    name: 'title line above the header',
    keepsMeaning: true,
    apply: (f) => {
      f.text.title = true;
    },
  },
  {
    name: 'département as a float (pandas)',
    keepsMeaning: true,
    apply: (f) => {
      const k = split(f.lines[0]!).indexOf('departement');
      if (k >= 0)
        f.lines = f.lines.map((l, i) =>
          i === 0
            ? l
            : split(l)
                .map((v, j) => (j === k && /^[0-9]{2,3}$/.test(v) ? `${Number(v)}.0` : v))
                .join(';'),
        );
    },
  },
  {
    name: 'sep= line',
    keepsMeaning: true,
    apply: (f) => {
      f.sepHint = true;
    },
  },
  {
    name: 'CRLF',
    keepsMeaning: true,
    apply: (f) => {
      f.lineEnd = '\r\n';
    },
  },
  {
    name: 'CR (Excel for Mac)',
    keepsMeaning: true,
    apply: (f) => {
      f.lineEnd = '\r';
    },
  },
  {
    name: 'UTF-8 BOM',
    keepsMeaning: true,
    apply: (f) => {
      f.bytes = (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')]);
    },
  },
  {
    name: 'Windows-1252',
    keepsMeaning: true,
    apply: (f) => {
      f.bytes = (t) => iconv.encode(t, 'windows-1252');
    },
  },
  {
    name: 'ISO-8859-15',
    keepsMeaning: true,
    apply: (f) => {
      f.bytes = (t) => iconv.encode(t, 'iso-8859-15');
    },
  },
  {
    name: 'UTF-16 LE, tab-separated (Excel « Texte Unicode »)',
    keepsMeaning: true,
    apply: (f) => {
      f.bytes = (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(f.sepHint ? t : t.replaceAll(';', '\t'), 'utf-16le')]);
    },
  },
  {
    name: 'Parquet as pandas writes it',
    keepsMeaning: true,
    apply: (f) => {
      f.parquet = true;
    },
  },
  {
    name: 'a quote that never closes',
    keepsMeaning: false,
    apply: (f, rnd) => {
      const i = 1 + Math.floor(rnd() * (f.lines.length - 1));
      if (f.lines[i]) f.lines[i] = `${split(f.lines[i]!)[0]};"${split(f.lines[i]!).slice(1).join(';')}`;
    },
  },
];

/** Writes a file of the mutated extract (Parquet through DuckDB: ints as DOUBLE, dates as TIMESTAMPTZ at midnight in Paris). */
async function write(w: Warehouse, dir: string, f: File): Promise<string> {
  const n = split(f.lines[0]!).length;
  const lines = f.lines
    .map((l, i) => (f.text.trailingSep && i > 0 && l !== '' ? `${l};` : l))
    .flatMap((l, i) => (f.text.emptyRows && i > 0 && i % 7 === 0 ? [l, ';'.repeat(n - 1)] : [l]));
  if (f.text.title) lines.unshift('Extraction du 03/01/2025;;', '');
  const text = `${f.sepHint ? `sep=;${f.lineEnd}` : ''}${lines.join(f.lineEnd)}${f.lineEnd}`;
  if (!f.parquet) {
    writeFileSync(join(dir, f.name), f.bytes ? f.bytes(text) : text);
    return f.name;
  }
  const src = join(mkdtempSync(join(tmpdir(), 'bilan-mutation-src-')), `${f.table}.csv`);
  writeFileSync(src, `${f.lines.join('\n')}\n`);
  const spec = tableSpec(f.table);
  const cols = spec.columns.map((c) => {
    const x = `"${c.name}"`;
    if (c.type === 'int' || c.type === 'decimal') return `TRY_CAST(${x} AS DOUBLE) AS ${x}`;
    if (c.type === 'date') return `CAST(${x} || ' 00:00:00 Europe/Paris' AS TIMESTAMPTZ) AS ${x}`;
    return x;
  });
  const name = f.name.replace(/\.csv$/, '.parquet');
  await w.con.run(`COPY (SELECT ${cols.join(', ')} FROM read_csv(${lit(src)}, delim = ';', header = true, all_varchar = true))
    TO ${lit(join(dir, name))} (FORMAT parquet)`);
  return name;
}

async function content(w: Warehouse): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const cols = t.columns.map((c) => `"${c.name}"`).join(', ');
    const [r] = await rows<{ n: number; h: string }>(
      w,
      `SELECT count(*)::INT AS n, coalesce(sum(hash(${cols})::HUGEINT), 0)::VARCHAR AS h FROM "${t.name}"`,
    );
    out[t.name] = `${r!.n}/${r!.h}`;
  }
  return out;
}

const baseFiles = readdirSync(BASELINE)
  .filter((n) => n.endsWith('.csv'))
  .sort();
let clean: Record<string, string>;
let cleanReport: LoadReport;

beforeAll(async () => {
  const w = await memoryWarehouse();
  cleanReport = await ingestFolder(w, BASELINE);
  clean = await content(w);
});

describe('random real-world changes of a valid extract', () => {
  for (let run = 1; run <= RUNS; run++) {
    // The plan is drawn when the test is declared, so that its title says what was changed.
    const rnd = prng(run * 7919);
    const files: File[] = baseFiles.map((name) => ({
      name,
      table: name.replace(/\.csv$/, '') as TableName,
      lines: readFileSync(join(BASELINE, name), 'utf8').trimEnd().split('\n'),
      sepHint: false,
      lineEnd: '\n',
      parquet: false,
      text: {},
    }));
    const applied: string[] = [];
    let keepsMeaning = true;
    for (let k = 0; k < 3; k++) {
      const f = files[Math.floor(rnd() * files.length)]!;
      const m = MUTATIONS[Math.floor(rnd() * MUTATIONS.length)]!;
      // Parquet replaces the text forms: do not combine them on one file.
      if (f.parquet || (m.name.startsWith('Parquet') && (f.bytes || f.sepHint || f.lineEnd !== '\n' || Object.keys(f.text).length > 0)))
        continue;
      m.apply(f, rnd);
      applied.push(`${f.name}: ${m.name}`);
      keepsMeaning &&= m.keepsMeaning;
    }
    it(`run ${run} (${applied.join(' ; ')})`, async () => {
      const w = await memoryWarehouse();
      const dir = mkdtempSync(join(tmpdir(), 'bilan-mutation-'));
      for (const f of files) await write(w, dir, f);
      const r = await ingestFolder(w, dir);
      const context = applied.join(' ; ');
      checkInvariants(r);
      expect(
        r.files.filter((f) => f.status === 'ignored').map((f) => f.file),
        context,
      ).toEqual([]);
      if (keepsMeaning) {
        expect(await content(w), context).toEqual(clean);
        expect(r.rows_loaded, context).toBe(cleanReport.rows_loaded);
        expect(r.rows_read, context).toBe(cleanReport.rows_read);
      } else {
        expect(r.rows_read, context).toBeGreaterThanOrEqual(cleanReport.rows_read);
      }
    });
  }
});
