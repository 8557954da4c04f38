// `bilan figures (--data DIR | --db FILE) --year Y [--scope S] [--json]`: every indicator of one
// year and scope, raw (no confidentiality rule): a flat JSON object, or a French table.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOptions, opt, parseArgs } from '../args.ts';
import { InputError, UsageError } from '../../errors.ts';
import type { Io } from '../main.ts';
import { closeWarehouse, openWarehouse, type Warehouse } from '../../warehouse/db.ts';
import { CATALOGUE, factYears, figuresFor, formatScope, parseScope, refreshFacts } from '../../indicators/index.ts';
import { formatValeur } from '../../format/index.ts';

const USAGE = 'usage : bilan figures (--data DOSSIER | --db FICHIER) --year ANNEE [--scope national|organisme:CODE|departement:CODE] [--json]';

/** The ingest entry point (src/ingest/index.ts), loaded only for --data. */
type IngestFolder = (w: Warehouse, dir: string, opts?: { log?: (s: string) => void }) => Promise<unknown>;
const INGEST_MODULE = '../../ingest/index.ts';

/** Runs `bilan figures`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, ['json']);
  checkOptions(p, ['data', 'db', 'year', 'scope', 'json']);
  if (p.positionals.length > 0) throw new UsageError(`argument inattendu « ${p.positionals[0]} »\n${USAGE}`);
  const data = opt(p, 'data');
  const db = opt(p, 'db');
  if ((data === undefined) === (db === undefined)) throw new UsageError(`indiquer --data DOSSIER ou --db FICHIER (un seul des deux)\n${USAGE}`);
  const yearText = opt(p, 'year');
  if (!yearText || !/^\d{4}$/.test(yearText)) throw new UsageError(`--year ANNEE est obligatoire (ex. --year 2023)\n${USAGE}`);
  const year = Number(yearText);
  const scope = parseScope(opt(p, 'scope') ?? 'national');
  if (data !== undefined && !(existsSync(data) && statSync(data).isDirectory())) throw new InputError(`dossier introuvable : ${data}`);
  if (db !== undefined && !existsSync(db)) throw new InputError(`entrepôt introuvable : ${db}`);

  // --data: a temporary warehouse file (large extracts may not fit in memory), removed at the end.
  const tmp = data !== undefined ? mkdtempSync(join(tmpdir(), 'bilan-figures-')) : null;
  const w = await openWarehouse(tmp ? join(tmp, 'entrepot.duckdb') : db!);
  try {
    if (data !== undefined) {
      const { ingestFolder } = (await import(INGEST_MODULE)) as { ingestFolder: IngestFolder };
      await ingestFolder(w, data, { log: (s) => io.err(s.endsWith('\n') ? s : `${s}\n`) });
    }
    await refreshFacts(w, { log: (s) => io.err(`${s}\n`) });
    const years = await factYears(w);
    if (!years.includes(year)) {
      throw new InputError(`l'année ${year} n'est pas dans les données (années présentes : ${years.length ? years.join(', ') : 'aucune'})`);
    }
    const figures = await figuresFor(w, year, scope);
    io.out(p.options.json ? `${JSON.stringify(figures)}\n` : table(figures, year, formatScope(scope)));
    return 0;
  } finally {
    closeWarehouse(w);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

/** A readable French table of the figures, grouped by theme. */
function table(figures: Record<string, number | null>, year: number, scope: string): string {
  const lines = [`Indicateurs ${year} — ${scope} (valeurs brutes, sans règle de confidentialité)`];
  let theme = '';
  for (const m of CATALOGUE) {
    if (!(m.id in figures)) continue;
    if (m.theme !== theme) {
      theme = m.theme;
      lines.push('', theme);
    }
    const v = figures[m.id];
    lines.push(`  ${m.label.padEnd(70)} ${v === null || v === undefined ? '—' : formatValeur(v, m.unit)}`);
  }
  return `${lines.join('\n')}\n`;
}
