// `bilan export --year Y [--scope S|all] [--out DIR] [--db FILE] [--sans-pdf] [--jobs N] [--json]`: the
// charts (SVG, PNG), tables (CSV, XLSX), PDF report and manifest of a bilan, from the published
// set only (confidentiality rule applied), ready for a rapport d'activité (src/export/).
// One scope: its files go to DIR (default reports/Y/<scope>/). --scope all: every scope with
// data, each in DIR/<scope>/ (default reports/Y/), with DIR/manifest.json listing them.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkOptions, opt, parseArgs } from '../args.ts';
import { InputError, UsageError } from '../../errors.ts';
import type { Io } from '../main.ts';
import { ALL_SCOPES, parseScope, type Scope } from '../../indicators/scope.ts';
import { clePerimetre, ErreurExport, exporter } from '../../export/index.ts';

const USAGE = 'usage : bilan export --year ANNEE [--scope national|organisme:CODE|departement:CODE|all] [--out DOSSIER] [--db FICHIER] [--sans-pdf] [--jobs N] [--json]';

/** Runs `bilan export`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, ['sans-pdf', 'json']);
  checkOptions(p, ['year', 'scope', 'out', 'db', 'sans-pdf', 'jobs', 'json']);
  if (p.positionals.length) throw new UsageError(`argument inattendu « ${p.positionals[0]} »\n${USAGE}`);
  const anneeTexte = opt(p, 'year');
  if (!anneeTexte || !/^\d{4}$/.test(anneeTexte)) throw new UsageError(`--year ANNEE est obligatoire (ex. --year 2024)\n${USAGE}`);
  const annee = Number(anneeTexte);
  const jobs = opt(p, 'jobs');
  if (jobs !== undefined && !/^[1-9]\d*$/.test(jobs)) throw new UsageError(`--jobs attend un entier positif (fils de rendu en parallèle)\n${USAGE}`);
  const scopeTexte = opt(p, 'scope') ?? 'national';
  const tous = scopeTexte === 'all';
  const perimetres: readonly Scope[] = tous ? ALL_SCOPES : [parseScope(scopeTexte)];
  const entrepot = resolve(opt(p, 'db') ?? process.env.BILAN_DB ?? join('data', 'warehouse.duckdb'));
  if (!existsSync(entrepot)) throw new InputError(`entrepôt introuvable : ${entrepot} (lancer « npm run build » ou indiquer --db)`);
  const out = opt(p, 'out');
  const racine = resolve(out ?? join('reports', String(annee)));
  // One scope: --out is its folder; all scopes: --out holds one folder per scope.
  const dossier = (cle: string) => (tous || out === undefined ? join(racine, cle) : racine);

  preparerDossier(tous ? racine : dossier(clePerimetre(perimetres[0]!)), annee, tous ? 'all' : scopeTexte);

  let bilan;
  try {
    bilan = await exporter({ entrepot, annee, perimetres, dossier, pdf: p.options['sans-pdf'] !== true, travailleurs: jobs === undefined ? undefined : Number(jobs), log: (t) => io.err(t) });
  } catch (e) {
    if (e instanceof ErreurExport) throw new InputError(e.message);
    throw e;
  }
  if (!tous && bilan.manifestes.length === 0) throw new InputError(`aucune donnée publiée pour le périmètre ${scopeTexte} en ${annee} : rien n'a été écrit`);
  if (tous) {
    mkdirSync(racine, { recursive: true });
    writeFileSync(join(racine, 'manifest.json'), `${JSON.stringify({ year: annee, scopes: bilan.manifestes.map((m) => ({ scope: m.scope, name: m.name, folder: m.scope.replace(':', '-'), files: m.files.length })), without_data: bilan.sansDonnees }, null, 2)}\n`);
  }
  const fichiers = bilan.manifestes.reduce((n, m) => n + m.files.length, 0);
  io.err(`export ${annee} : ${bilan.manifestes.length} périmètre${bilan.manifestes.length > 1 ? 's' : ''}, ${fichiers} fichiers en ${bilan.durees.total.toFixed(1)} s (lecture ${bilan.durees.lecture.toFixed(1)} s)${bilan.sansDonnees.length ? ` ; sans données : ${bilan.sansDonnees.length}` : ''} → ${racine}\n`);
  if (p.options.json) io.out(`${JSON.stringify(tous ? bilan.manifestes : bilan.manifestes[0])}\n`);
  return 0;
}

/**
 * Makes `--out` ready: an absent or empty folder is used as is; a folder holding an export of the
 * same scope and year (its manifest.json says so) is emptied and written again whole, so no file of
 * the previous run survives; anything else is refused (one French line, exit 2) — two scopes'
 * files and manifests must never mix. Decision in docs/decisions.md.
 */
export function preparerDossier(dossier: string, annee: number, scope: string): void {
  if (!existsSync(dossier)) return;
  const contenu = readdirSync(dossier);
  if (contenu.length === 0) return;
  const manifeste = lireManifeste(join(dossier, 'manifest.json'));
  const meme = manifeste !== null && manifeste.year === annee && (scope === 'all' ? Array.isArray(manifeste.scopes) : manifeste.scope === scope);
  if (!meme) {
    const quoi = manifeste && (manifeste.scope || manifeste.scopes) ? `l'export ${typeof manifeste.scope === 'string' ? manifeste.scope : 'de tous les périmètres'} ${String(manifeste.year)}` : "des fichiers qui ne sont pas un export";
    throw new InputError(`le dossier ${dossier} n'est pas vide et contient ${quoi} : choisir un dossier vide (--out) ou celui d'un export du même périmètre (${scope === 'all' ? 'tous' : scope}, ${annee})`);
  }
  for (const f of contenu) rmSync(join(dossier, f), { recursive: true, force: true });
}

/** A manifest.json read back, or null when absent or unreadable. */
function lireManifeste(chemin: string): { year?: unknown; scope?: unknown; scopes?: unknown } | null {
  try {
    const m = JSON.parse(readFileSync(chemin, 'utf8')) as unknown;
    return m && typeof m === 'object' ? (m as { year?: unknown; scope?: unknown; scopes?: unknown }) : null;
  } catch {
    return null;
  }
}
