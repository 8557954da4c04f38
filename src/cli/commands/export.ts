// `bilan export --year Y [--scope S|all] [--out DIR] [--db FILE] [--no-pdf] [--jobs N] [--json]`: the
// charts (SVG, PNG), tables (CSV, XLSX), PDF report and manifest of a bilan, from the published
// set only (confidentiality rule applied), ready for a rapport d'activité (src/export/).
// One scope: its files go to DIR (default reports/Y/<scope>/). --scope all: every scope with
// data, each in DIR/<scope>/ (default reports/Y/), with DIR/manifest.json listing them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_REPORTS, warehousePath } from '../../config.ts';
import { InputError, UsageError } from '../../errors.ts';
import { clePerimetre } from '../../export/index.ts';
import { ALL_SCOPES, parseScope, type Scope } from '../../indicators/scope.ts';
import { exportBilans } from '../../pipeline/index.ts';
import { integerValue, parseCommand, stringValue, yearValue } from '../args.ts';
import type { Io } from '../main.ts';
import { EXPORT } from '../specs.ts';

/** Runs `bilan export`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommand(EXPORT, argv);
  const annee = yearValue(p);
  if (annee === undefined) throw new UsageError('--year ANNEE est obligatoire (ex. --year 2024)');
  const jobs = integerValue(p, 'jobs');
  const scopeTexte = stringValue(p, 'scope') ?? 'national';
  const tous = scopeTexte === 'all';
  const perimetres: readonly Scope[] = tous ? ALL_SCOPES : [parseScope(scopeTexte)];
  const out = stringValue(p, 'out');
  const racine = resolve(out ?? join(DEFAULT_REPORTS, String(annee)));
  // One scope: --out is its folder; all scopes: --out holds one folder per scope.
  const dossier = (cle: string) => (tous || out === undefined ? join(racine, cle) : racine);

  const bilan = await exportBilans(
    { entrepot: warehousePath(stringValue(p, 'db')), annee, perimetres, dossier, pdf: p.values['no-pdf'] !== true, travailleurs: jobs },
    io.err,
    { folder: tous ? racine : dossier(clePerimetre(perimetres[0]!)), scope: tous ? 'all' : scopeTexte },
  );
  if (!tous && bilan.manifestes.length === 0)
    throw new InputError(`aucune donnée publiée pour le périmètre ${scopeTexte} en ${annee} : rien n'a été écrit`);
  if (tous) {
    mkdirSync(racine, { recursive: true });
    const scopes = bilan.manifestes.map((m) => ({
      scope: m.scope,
      name: m.name,
      folder: m.scope.replace(':', '-'),
      files: m.files.length,
    }));
    writeFileSync(join(racine, 'manifest.json'), `${JSON.stringify({ year: annee, scopes, without_data: bilan.sansDonnees }, null, 2)}\n`);
  }
  const fichiers = bilan.manifestes.reduce((n, m) => n + m.files.length, 0);
  const n = bilan.manifestes.length;
  io.err(
    `export ${annee} : ${n} périmètre${n > 1 ? 's' : ''}, ${fichiers} fichiers en ${bilan.durees.total.toFixed(1)} s (lecture ${bilan.durees.lecture.toFixed(1)} s)${bilan.sansDonnees.length ? ` ; sans données : ${bilan.sansDonnees.length}` : ''} → ${racine}\n`,
  );
  if (p.values.json) io.out(`${JSON.stringify(tous ? bilan.manifestes : bilan.manifestes[0])}\n`);
  return 0;
}
