// `bilan serve [DOSSIER] [--port N] [--base /chemin/] [--host ADRESSE]`: serves the built site
// (default: --out of `bilan build`, i.e. BILAN_SITE, else dist/) on this machine as a plain web
// server would once the folder is copied there (src/site/server.ts), until Ctrl-C. Prints the
// address on stderr.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sitePath } from '../../config.ts';
import { InputError, UsageError } from '../../errors.ts';
import { serveStatic, type ServeurStatique } from '../../site/server.ts';
import { parseCommand, stringValue, usageLine } from '../args.ts';
import type { Io } from '../main.ts';
import { SERVE } from '../specs.ts';

/** Runs `bilan serve`; resolves 0 when the process receives SIGINT or SIGTERM, or when `arret` aborts. */
export async function run(argv: string[], io: Io, arret?: AbortSignal): Promise<number> {
  const p = parseCommand(SERVE, argv);
  const dossier = sitePath(p.positionals[0]);
  if (!existsSync(dossier) || !statSync(dossier).isDirectory())
    throw new InputError(`site introuvable : ${dossier} (le construire d'abord : npx bilan build)`);
  if (!existsSync(join(dossier, 'index.html'))) throw new InputError(`${dossier} n'est pas un site construit (pas de index.html)`);
  const portTexte = stringValue(p, 'port') ?? '8080';
  if (!/^\d+$/.test(portTexte) || Number(portTexte) > 65535)
    throw new UsageError(`--port attend un numéro de port de 0 à 65535 (reçu « ${portTexte} »)\n${usageLine(SERVE)}`);
  let serveur: ServeurStatique;
  try {
    serveur = await serveStatic(dossier, {
      port: Number(portTexte),
      base: stringValue(p, 'base') ?? '/',
      hote: stringValue(p, 'host') ?? '127.0.0.1',
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`le port ${portTexte} est déjà utilisé : en choisir un autre avec --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new InputError(`adresse d'écoute inconnue sur ce poste : ${stringValue(p, 'host')}`);
    throw e;
  }
  io.err(`site ${dossier} servi à l'adresse ${serveur.url} (Ctrl-C pour arrêter)\n`);
  await new Promise<void>((accept) => {
    const fin = () => accept();
    process.once('SIGINT', fin);
    process.once('SIGTERM', fin);
    arret?.addEventListener('abort', fin, { once: true });
  });
  await serveur.fermer();
  return 0;
}
