// The `bilan` command (../shared/spec/cli.md). Phases of the pipeline, one command each:
// 1 generate (synthetic extract) → 2 ingest (read → validate → load) → 3 figures (compute)
// → 4 audit (protect) → 5 export / site (publish).
import { InputError, UsageError } from '../errors.ts';

/** Where a command writes: stdout carries results only, stderr progress and logs. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A command: parses its own arguments and returns the exit code (0, 1 strict, 2 unusable). */
export type Command = (argv: string[], io: Io) => Promise<number>;

/** The commands, each implemented by src/cli/commands/<name>.ts exporting `run`. */
const COMMANDS: Record<string, string> = {
  generate: 'écrit un extrait synthétique anonymisé',
  ingest: "valide et charge un extrait dans l'entrepôt DuckDB",
  figures: "calcule les indicateurs d'une année et d'un périmètre",
  audit: 'vérifie que rien de publié ne révèle un petit effectif',
  export: 'exporte graphiques, tableaux et rapport PDF',
  build: "chaîne complète jusqu'au site statique (dist/)",
  serve: 'sert le site construit sur ce poste (http://127.0.0.1:8080/)',
};

const USAGE = `usage : bilan COMMANDE [options]\n\n${Object.entries(COMMANDS)
  .map(([name, summary]) => `  ${name.padEnd(10)} ${summary}`)
  .join('\n')}\n`;

/** Runs the CLI; returns the process exit code. */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    io.err(USAGE);
    return name ? 0 : 2;
  }
  if (!Object.hasOwn(COMMANDS, name)) {
    io.err(`bilan : commande inconnue « ${name} »\n${USAGE}`);
    return 2;
  }
  try {
    const { run } = (await import(`./commands/${name}.ts`)) as { run: Command };
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError || e instanceof InputError) {
      io.err(`bilan ${name} : ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}


const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};
