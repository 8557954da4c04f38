// `bilan serve [DOSSIER] [--port N] [--base /chemin/] [--hote ADRESSE]`: serves the built site
// (default: env BILAN_SITE, else dist/) on this machine, as a plain web server would once the
// folder is copied there (src/site/server.ts), until Ctrl-C. Prints the address on stderr.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { checkOptions, opt, parseArgs } from '../args.ts';
import { InputError, UsageError } from '../../errors.ts';
import type { Io } from '../main.ts';
import { RACINE } from '../../data/published-reader.ts';
import { serveStatic } from '../../site/server.ts';

const USAGE = 'usage : bilan serve [DOSSIER] [--port N] [--base /chemin/] [--hote ADRESSE]';

/** Runs `bilan serve`; resolves (0) when the process receives SIGINT or SIGTERM, or when `arret` fires. */
export async function run(argv: string[], io: Io, arret?: AbortSignal): Promise<number> {
  const p = parseArgs(argv, []);
  checkOptions(p, ['port', 'base', 'hote']);
  if (p.positionals.length > 1) throw new UsageError(`un seul dossier à servir\n${USAGE}`);
  const dossier = resolve(p.positionals[0] ?? process.env.BILAN_SITE ?? join(RACINE, 'dist'));
  if (!existsSync(dossier) || !statSync(dossier).isDirectory()) throw new InputError(`site introuvable : ${dossier} (le construire d'abord : npx bilan build)`);
  if (!existsSync(join(dossier, 'index.html'))) throw new InputError(`${dossier} n'est pas un site construit (pas de index.html)`);
  const portTexte = opt(p, 'port') ?? '8080';
  if (!/^\d+$/.test(portTexte) || Number(portTexte) > 65535) throw new UsageError(`--port attend un numéro de port (0 à 65535)\n${USAGE}`);
  let serveur;
  try {
    serveur = await serveStatic(dossier, { port: Number(portTexte), base: opt(p, 'base') ?? '/', hote: opt(p, 'hote') ?? '127.0.0.1' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`le port ${portTexte} est déjà utilisé : en choisir un autre avec --port`);
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
