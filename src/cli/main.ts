// The `bilan` command (../shared/spec/cli.md). Phases of the pipeline, one command each:
// 1 generate (synthetic extract) → 2 ingest (read → validate → load) → 3 figures (compute)
// → 4 audit (protect) → 5 export / build (publish). Each command module only parses its
// arguments (declared in specs.ts), calls the library once and prints.
import { InputError, UsageError } from '../errors.ts';
import { helpText, type CommandSpec } from './args.ts';
import { COMMANDS } from './specs.ts';

/** Where a command writes: stdout carries results only, stderr progress and logs. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A command module: src/cli/commands/<name>.ts exports `run`, given parsed-able argv; returns the exit code (0, 1 strict, 2 unusable). */
export type Command = (argv: string[], io: Io) => Promise<number>;

const USAGE = `usage : bilan COMMANDE [options]   (bilan COMMANDE --help pour ses options)\n\n${COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`).join('\n')}\n`;

/**
 * Runs the CLI; returns the process exit code. A user's error (UsageError, InputError) becomes one
 * French line on stderr and exit 2; anything else is a bug and is rethrown with its stack.
 */
export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    (name ? io.out : io.err)(USAGE);
    return name ? 0 : 2;
  }
  const spec: CommandSpec | undefined = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    io.err(`bilan : commande inconnue « ${name} »\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(helpText(spec));
    return 0;
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
