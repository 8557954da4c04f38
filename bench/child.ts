// Runs one benchmark phase in a fresh process and writes {ms, cpuMs, maxRssKb} to the file named
// by argv[2]. The phase is a module of bench/phases.ts named by argv[3], with its arguments.
import { writeFileSync } from 'node:fs';
import { PHASES } from './phases.ts';

const [outFile, phaseName, ...args] = process.argv.slice(2);
const phase = PHASES[phaseName!];
if (!phase) throw new Error(`unknown phase ${phaseName}`);
const t0 = performance.now();
const c0 = process.cpuUsage();
await phase(args);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
writeFileSync(outFile!, JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssKb: process.resourceUsage().maxRSS }));
