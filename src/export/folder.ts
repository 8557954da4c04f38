// The output folder of an export: a folder that holds another scope's or year's export, or files
// that are not an export, is refused (one French line) rather than silently mixed with new files
// and manifests; the folder of an export of the same scope and year is emptied and written again
// whole. Decision in docs/decisions.md.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';

/**
 * Makes `--out` ready: an absent or empty folder is used as is; a folder holding an export of the
 * same scope and year (its manifest.json says so) is emptied and written again whole, so no file of
 * the previous run survives; anything else is refused (one French line, exit 2) — two scopes'
 * files and manifests must never mix. Decision in docs/decisions.md. `checkOnly`: refuse, but empty nothing.
 */
export function preparerDossier(dossier: string, annee: number, scope: string, o: { checkOnly?: boolean } = {}): void {
  if (!existsSync(dossier)) return;
  const contenu = readdirSync(dossier);
  if (contenu.length === 0) return;
  const manifeste = lireManifeste(join(dossier, 'manifest.json'));
  const meme =
    manifeste !== null && manifeste.year === annee && (scope === 'all' ? Array.isArray(manifeste.scopes) : manifeste.scope === scope);
  if (!meme) {
    const quoi =
      manifeste && (manifeste.scope || manifeste.scopes)
        ? `l'export ${typeof manifeste.scope === 'string' ? manifeste.scope : 'de tous les périmètres'} ${String(manifeste.year)}`
        : 'des fichiers qui ne sont pas un export';
    throw new InputError(
      `le dossier ${dossier} n'est pas vide et contient ${quoi} : choisir un dossier vide (--out) ou celui d'un export du même périmètre (${scope === 'all' ? 'tous' : scope}, ${annee})`,
    );
  }
  if (o.checkOnly) return;
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
