// The `bilan` command (../shared/spec/cli.md). Phases of the pipeline, one command each:
// 1 generate (synthetic extract) → 2 ingest (read → validate → load) → 3 figures (compute)
// → 4 audit (protect) → 5 export / site (publish).
import { UsageError } from './args.ts';

/** Where a command writes: stdout carries results only, stderr progress and logs. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A command: parses its own arguments and returns the exit code (0, 1 strict, 2 unusable). */
export type Command = (argv: string[], io: Io) => Promise<number>;

const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: Command }> }> = {
  generate: { summary: 'écrit un extrait synthétique anonymisé', load: () => import('./commands/generate.ts') },
  ingest: { summary: "valide et charge un extrait dans l'entrepôt DuckDB", load: () => import('./commands/ingest.ts') },
  figures: { summary: "calcule les indicateurs d'une année et d'un périmètre", load: () => import('./commands/figures.ts') },
  audit: { summary: 'vérifie que rien de publié ne révèle un petit effectif', load: () => import('./commands/audit.ts') },
  export: { summary: 'exporte graphiques, tableaux et rapport PDF', load: () => import('./commands/export.ts') },
};

const USAGE = `usage : bilan COMMANDE [options]\n\n${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}\n`;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.err(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`bilan : commande inconnue « ${name} »\n${USAGE}`);
    return 2;
  }
  try {
    const { run } = await command.load();
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.err(`bilan ${name} : ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** An input that cannot be used at all (missing folder, unknown scope…): exit code 2. */
export class InputError extends Error {}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};
