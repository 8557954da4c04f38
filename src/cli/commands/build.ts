// `bilan build`: the main job, extract → warehouse → facts → published → site (src/pipeline).
import { DEFAULT_EXTRACT, sitePath, warehousePath } from '../../config.ts';
import { build } from '../../pipeline/index.ts';
import { DEFAULT_THRESHOLD } from '../../vocabulary.ts';
import { integerValue, parseCommand, stringValue } from '../args.ts';
import type { Io } from '../main.ts';
import { BUILD } from '../specs.ts';
import { resolve } from 'node:path';

/** Runs `bilan build`; exit 0, 2 on bad arguments or an unusable input. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommand(BUILD, argv);
  const site = sitePath(stringValue(p, 'out'));
  const r = await build(
    {
      extract: resolve(stringValue(p, 'extract') ?? DEFAULT_EXTRACT),
      warehouse: warehousePath(stringValue(p, 'db')),
      site,
      threshold: integerValue(p, 'threshold') ?? DEFAULT_THRESHOLD,
      siteOnly: p.values['site-only'] === true,
    },
    io.err,
  );
  const total = Object.values(r.durations).reduce((a, b) => a + b, 0);
  const phases = Object.entries(r.durations)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ');
  io.err(`site construit dans ${site} : ${r.pages} pages en ${total.toFixed(1)} s (${phases})\n`);
  return 0;
}
