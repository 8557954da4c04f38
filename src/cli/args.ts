// Command-line parsing for `bilan`: each command declares its options once (English spelling, as
// in the spec; French spellings kept as aliases), node:util parseArgs reads them, and the same
// declaration prints `bilan CMD --help`. Errors become UsageError with a French message (exit 2).
import { parseArgs } from 'node:util';
import { UsageError } from '../errors.ts';
import { DEFAULT_THRESHOLD } from '../vocabulary.ts';

/** One option of a command. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  /** French description for --help. */
  description: string;
  /** Placeholder of the value in --help (« FICHIER », « N »…). */
  value?: string;
  /** Other spellings accepted (the French ones of earlier versions). */
  aliases?: readonly string[];
}

/** A command's declaration: its name, summary, positional arguments and options. */
export interface CommandSpec {
  name: string;
  /** One French line, shown by `bilan --help`. */
  summary: string;
  /** Positional arguments, as shown in the usage line (« DOSSIER »); none by default. */
  positionals?: { names: readonly string[]; min: number; max: number };
  options: Readonly<Record<string, OptionSpec>>;
}

/** Parsed arguments: option values by canonical name, positionals, and whether help was asked. */
export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  help: boolean;
}

/** The usage line of a command. */
export function usageLine(spec: CommandSpec): string {
  const pos = spec.positionals?.names.join(' ') ?? '';
  const opts = Object.entries(spec.options).map(([n, o]) => `[--${n}${o.type === 'string' ? ` ${o.value ?? 'VALEUR'}` : ''}]`);
  return `usage : bilan ${spec.name}${pos ? ` ${pos}` : ''} ${opts.join(' ')}`.trimEnd();
}

/** The text of `bilan CMD --help`: usage, summary, every option with its aliases. */
export function helpText(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([n, o]) => {
    const left = `--${n}${o.type === 'string' ? ` ${o.value ?? 'VALEUR'}` : ''}`;
    const aliases = o.aliases?.length ? ` (aussi ${o.aliases.map((a) => `--${a}`).join(', ')})` : '';
    return `  ${left.padEnd(26)} ${o.description}${aliases}`;
  });
  return `${usageLine(spec)}\n\n${spec.summary}\n\noptions :\n${rows.join('\n')}\n  ${'--help'.padEnd(26)} affiche cette aide\n`;
}

/**
 * Parses argv against a command's declaration. Throws UsageError (French, with the usage line) on
 * an unknown option, a missing value, or a wrong number of positionals.
 */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
  const canonical = new Map<string, string>();
  for (const [name, o] of Object.entries(spec.options)) {
    for (const n of [name, ...(o.aliases ?? [])]) {
      options[n] = { type: o.type };
      canonical.set(n, name);
    }
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: true });
  } catch (e) {
    throw new UsageError(`${frenchParseError(e)}\n${usageLine(spec)}`);
  }
  const values: Record<string, string | boolean | undefined> = {};
  for (const [n, v] of Object.entries(parsed.values)) {
    if (n === 'help') continue;
    const c = canonical.get(n)!;
    if (values[c] !== undefined && values[c] !== v) throw new UsageError(`l'option --${c} est donnée deux fois\n${usageLine(spec)}`);
    values[c] = v as string | boolean;
  }
  const help = parsed.values.help === true;
  const pos = spec.positionals ?? { names: [], min: 0, max: 0 };
  if (!help && (parsed.positionals.length < pos.min || parsed.positionals.length > pos.max)) {
    const extra = parsed.positionals[pos.max];
    throw new UsageError(
      `${extra !== undefined ? `argument inattendu « ${extra} »` : `argument manquant : ${pos.names.join(' ')}`}\n${usageLine(spec)}`,
    );
  }
  return { values, positionals: parsed.positionals, help };
}

/** French text of a node:util parseArgs error. */
function frenchParseError(e: unknown): string {
  const code = (e as { code?: string }).code;
  const message = e instanceof Error ? e.message : String(e);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `option inconnue : ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return message.includes('does not take an argument')
        ? `l'option ${option} ne prend pas de valeur`
        : `l'option ${option} attend une valeur`;
    default:
      return `arguments invalides (${message})`;
  }
}

/** A string option's value, or undefined. */
export function stringValue(p: ParsedCommand, name: string): string | undefined {
  const v = p.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A positive integer option (≥ min), or undefined when absent; UsageError otherwise. */
export function integerValue(p: ParsedCommand, name: string, min = 1): number | undefined {
  const v = stringValue(p, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} attend un entier ≥ ${min} (reçu « ${v} »)`);
  return Number(v);
}

/** A four-digit year option, or undefined when absent; UsageError otherwise. */
export function yearValue(p: ParsedCommand, name = 'year'): number | undefined {
  const v = stringValue(p, name);
  if (v === undefined) return undefined;
  if (!/^\d{4}$/.test(v)) throw new UsageError(`--${name} attend une année sur quatre chiffres (reçu « ${v} »)`);
  return Number(v);
}

/** The common option --db, declared once. */
export const DB_OPTION: OptionSpec = {
  type: 'string',
  value: 'FICHIER',
  description: 'entrepôt DuckDB (défaut : variable BILAN_DB, sinon data/warehouse.duckdb)',
};
/** The common option --json, declared once. */
export const JSON_OPTION: OptionSpec = { type: 'boolean', description: 'écrit le résultat en JSON sur la sortie standard' };
/** The common option --threshold, declared once. */
export const THRESHOLD_OPTION: OptionSpec = {
  type: 'string',
  value: 'N',
  description: `seuil de confidentialité (défaut : celui de la dernière publication, sinon ${DEFAULT_THRESHOLD})`,
  aliases: ['seuil'],
};
/** The common option --scope, declared once. */
export const SCOPE_OPTION: OptionSpec = {
  type: 'string',
  value: 'PERIMETRE',
  description: 'national (défaut), organisme:CODE ou departement:CODE',
};
