// `bilan ingest DIR [--db FILE] [--json] [--strict]`: validates and loads an extract folder
// into the warehouse (../shared/spec/cli.md). --json prints only the load report on stdout.
import { readdirSync, statSync } from 'node:fs';
import { warehousePath } from '../../config.ts';
import { InputError } from '../../errors.ts';
import { ingestFolder, summary } from '../../ingest/index.ts';
import { withWarehouse } from '../../pipeline/index.ts';
import { parseCommand, stringValue } from '../args.ts';
import type { Io } from '../main.ts';
import { INGEST } from '../specs.ts';

/** Runs `bilan ingest`; exit 0, 1 with --strict when anything was rejected or a file refused or ignored, 2 when the folder is unusable (missing, no file of the contract, invalid manifest). */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommand(INGEST, argv);
  const dir = p.positionals[0]!;
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    /* reported below */
  }
  if (!isDir) throw new InputError(`le dossier « ${dir} » n'existe pas ou n'est pas un dossier`);
  try {
    readdirSync(dir);
  } catch {
    throw new InputError(`le dossier « ${dir} » ne peut pas être lu`);
  }
  const report = await withWarehouse(warehousePath(stringValue(p, 'db')), {}, (w) =>
    ingestFolder(w, dir, { log: (s) => io.err(`${s}\n`) }),
  );
  if (p.values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
  else io.err(summary(report));
  const rejected = report.rows_rejected > 0 || report.files.some((f) => f.status === 'refused' || f.status === 'ignored');
  return p.values.strict && rejected ? 1 : 0;
}
