// Runs one benchmark phase in a fresh process and writes {ms, maxRssKb} to the file named
// by argv[2]. The phase is a module of bench/phases.ts named by argv[3], with its arguments.
import { writeFileSync } from 'node:fs';
import { PHASES } from './phases.ts';

const [outFile, phaseName, ...args] = process.argv.slice(2);
const phase = PHASES[phaseName!];
if (!phase) throw new Error(`unknown phase ${phaseName}`);
const t0 = performance.now();
await phase(args);
const ms = performance.now() - t0;
writeFileSync(outFile!, JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS }));
