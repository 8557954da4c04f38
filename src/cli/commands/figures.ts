// `bilan figures [--data DIR | --db FILE] --year Y [--scope S] [--json]`: every indicator of one
// year and scope, raw (no confidentiality rule): a flat JSON object, or a French table.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { warehousePath } from '../../config.ts';
import { InputError, UsageError } from '../../errors.ts';
import { formatValeur } from '../../format/index.ts';
import { CATALOGUE, figuresFor, formatScope, parseScope } from '../../indicators/index.ts';
import { loadExtract, withWarehouse, yearsWithData } from '../../pipeline/index.ts';
import { parseCommand, stringValue, yearValue } from '../args.ts';
import type { Io } from '../main.ts';
import { FIGURES } from '../specs.ts';

/** Runs `bilan figures`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommand(FIGURES, argv);
  const data = stringValue(p, 'data');
  const db = stringValue(p, 'db');
  if (data !== undefined && db !== undefined) throw new UsageError('indiquer --data DOSSIER ou --db FICHIER, pas les deux');
  const year = yearValue(p);
  if (year === undefined) throw new UsageError('--year ANNEE est obligatoire (ex. --year 2023)');
  const scope = parseScope(stringValue(p, 'scope') ?? 'national');
  if (data !== undefined && !(existsSync(data) && statSync(data).isDirectory())) throw new InputError(`dossier introuvable : ${data}`);

  // --data: a temporary warehouse file (large extracts may not fit in memory), removed at the end.
  const tmp = data !== undefined ? mkdtempSync(join(tmpdir(), 'bilan-figures-')) : null;
  const log = (s: string) => io.err(s);
  try {
    const figures = await withWarehouse(tmp ? join(tmp, 'entrepot.duckdb') : warehousePath(db), { mustExist: !tmp }, async (w) => {
      if (data !== undefined) await loadExtract(w, data, log);
      const years = await yearsWithData(w, log);
      if (!years.includes(year))
        throw new InputError(`l'année ${year} n'est pas dans les données (années présentes : ${years.join(', ')})`);
      return figuresFor(w, year, scope);
    });
    io.out(p.values.json ? `${JSON.stringify(figures)}\n` : table(figures, year, formatScope(scope)));
    return 0;
  } finally {
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
