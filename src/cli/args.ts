// Minimal option parser for the `bilan` command: `--name value`, `--flag`, positionals.
import { UsageError } from '../errors.ts';

/** Parsed command line: positionals and options (string, or true for a flag). */
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | true>;
}

/** Parses argv given the names of the options that are boolean flags. */
export function parseArgs(argv: string[], flags: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (eq > 0) options[name] = a.slice(eq + 1);
      else if (flags.includes(name)) options[name] = true;
      else {
        const v = argv[i + 1];
        if (v === undefined || v.startsWith('--')) throw new UsageError(`l'option --${name} attend une valeur`);
        options[name] = v;
        i++;
      }
    } else positionals.push(a);
  }
  return { positionals, options };
}


/** A string option, or undefined. */
export function opt(p: ParsedArgs, name: string): string | undefined {
  const v = p.options[name];
  return typeof v === 'string' ? v : undefined;
}

/** Rejects options not in the allowed list. */
export function checkOptions(p: ParsedArgs, allowed: readonly string[]): void {
  for (const k of Object.keys(p.options)) if (!allowed.includes(k)) throw new UsageError(`option inconnue : --${k}`);
}
