// `bilan ingest DIR [--db FILE] [--json] [--strict]`: validates and loads an extract folder
// into the warehouse (../shared/spec/cli.md). --json prints only the load report on stdout.
import { readdirSync, statSync } from 'node:fs';
import { ingestFolder, summary } from '../../ingest/index.ts';
import { DEFAULT_DB, closeWarehouse, openWarehouse } from '../../warehouse/db.ts';
import { checkOptions, opt, parseArgs } from '../args.ts';
import { InputError, UsageError } from '../../errors.ts';
import type { Io } from '../main.ts';

const USAGE = 'usage : bilan ingest DOSSIER [--db FICHIER] [--json] [--strict]';

/** Runs `bilan ingest`; exit 0, 1 with --strict when anything was rejected, 2 when the folder is unusable. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['json', 'strict']);
  checkOptions(args, ['db', 'json', 'strict']);
  if (args.positionals.length !== 1) throw new UsageError(`un dossier d'extrait est attendu\n${USAGE}`);
  const dir = args.positionals[0]!;
  let isDir = false;
  try { isDir = statSync(dir).isDirectory(); } catch { /* reported below */ }
  if (!isDir) throw new InputError(`le dossier « ${dir} » n'existe pas ou n'est pas un dossier`);
  try { readdirSync(dir); } catch { throw new InputError(`le dossier « ${dir} » ne peut pas être lu`); }
  const w = await openWarehouse(opt(args, 'db') ?? DEFAULT_DB);
  try {
    const report = await ingestFolder(w, dir, { log: (s) => io.err(`${s}\n`) });
    if (args.options.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else io.err(summary(report));
    const rejected = report.rows_rejected > 0 || report.files.some((f) => f.status === 'refused');
    return args.options.strict && rejected ? 1 : 0;
  } finally {
    closeWarehouse(w);
  }
}
