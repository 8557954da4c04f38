// `bilan generate --out DIR [--scale departement|region|national] [--years 2020-2025] [--seed N]
//  [--format csv|parquet] [--departement CODE] [--organisme CODE] [--messy] [--sans-effet] [--json]`: the synthetic extract
//  (--sans-effet: the pilots' built-in effects switched off, to validate the evaluation).
import { UsageError } from '../../errors.ts';
import { GENERATE_DEFAULTS, checkYears, departementsOf, generateExtract, type Format, type Scale } from '../../generate/index.ts';
import { parseCommand, stringValue } from '../args.ts';
import type { Io } from '../main.ts';
import { GENERATE } from '../specs.ts';

const SCALES: readonly Scale[] = ['departement', 'region', 'national'];
const FORMATS: readonly Format[] = ['csv', 'parquet'];

/** Parses `AAAA-AAAA` (or a single year) into a year range; UsageError otherwise. */
export function parseYears(text: string): [number, number] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(text);
  if (!m) throw new UsageError(`--years attend AAAA-AAAA (par exemple 2020-2025), reçu « ${text} »`);
  const years: [number, number] = [Number(m[1]), Number(m[2] ?? m[1])];
  try {
    checkYears(years);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return years;
}

/** Runs `bilan generate`; returns the exit code (0 done, 2 bad arguments). */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseCommand(GENERATE, argv);
  const out = stringValue(p, 'out');
  if (!out) throw new UsageError('--out DOSSIER est obligatoire');
  const scale = (stringValue(p, 'scale') ?? GENERATE_DEFAULTS.scale) as Scale;
  if (!SCALES.includes(scale)) throw new UsageError(`--scale attend ${SCALES.join(', ')}, reçu « ${scale} »`);
  const format = (stringValue(p, 'format') ?? GENERATE_DEFAULTS.format) as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format attend ${FORMATS.join(' ou ')}, reçu « ${format} »`);
  const yearsText = stringValue(p, 'years');
  const years = yearsText === undefined ? GENERATE_DEFAULTS.years : parseYears(yearsText);
  const seedText = stringValue(p, 'seed') ?? String(GENERATE_DEFAULTS.seed);
  if (!/^\d{1,15}$/.test(seedText)) throw new UsageError(`--seed attend un entier positif, reçu « ${seedText} »`);
  const departement = stringValue(p, 'departement');
  const organisme = stringValue(p, 'organisme');
  if (departement !== undefined && scale !== 'departement') throw new UsageError('--departement va avec --scale departement');
  if (organisme !== undefined && scale !== 'region') throw new UsageError('--organisme va avec --scale region');
  const messy = p.values.messy === true;
  if (messy && format !== 'csv')
    throw new UsageError('--messy écrit un extrait CSV (dont un fichier Parquet) : il ne va pas avec --format parquet');
  try {
    departementsOf(scale, departement, organisme);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const summary = await generateExtract({
    out,
    scale,
    years,
    seed: Number(seedText),
    format,
    departement,
    organisme,
    messy,
    sansEffet: p.values['sans-effet'] === true,
    progress: (m) => io.err(m),
  });
  if (p.values.json)
    io.out(`${JSON.stringify(summary, null, 2)}
`);
  io.err(`extrait écrit dans ${summary.out} : ${summary.rows.toLocaleString('fr-FR')} lignes en ${summary.seconds.toFixed(1)} s\n`);
  return 0;
}
