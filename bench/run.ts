// `npm run bench`: national extract × 6 years, each phase timed in its own process (time and
// peak RSS), figures and targets written to docs/performance.md with the machine's description.
// Phases: generate → bare load (floor) → ingest → facts → publish → audit → site → export, then the
// evaluation's validation bench (`npm run bench -- evaluation` alone). A phase whose code is missing is skipped.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { runFloor } from './floor.ts';
import { median } from './stats.ts';
import { runTimeline } from './timeline.ts';
import { loadedRows, runXl } from './xl.ts';

const ROOT = 'data/bench';
const EXTRACT = join(ROOT, 'extract');
const only = process.argv.slice(2); // optional subset of phases, e.g. `npm run bench -- facts`

interface Result {
  phase: string;
  ms: number;
  cpuMs: number;
  maxRssKb: number;
}

function runPhase(phase: string, args: string[], label = phase): Result | undefined {
  const out = join(ROOT, `${label}.json`);
  rmSync(out, { force: true });
  process.stderr.write(`bench: ${label}…\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/child.ts', out, phase, ...args], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    process.stderr.write(`bench: ${phase} failed (exit ${r.status})\n`);
    return undefined;
  }
  const { ms, cpuMs, maxRssKb } = JSON.parse(readFileSync(out, 'utf8')) as Omit<Result, 'phase'>;
  process.stderr.write(
    `bench: ${label} ${(ms / 1000).toFixed(1)} s (CPU ${(cpuMs / 1000).toFixed(1)} s), peak ${(maxRssKb / 1024 / 1024).toFixed(2)} GiB\n`,
  );
  return { phase, ms, cpuMs, maxRssKb };
}

const LOAD_AT_START = loadavg()
  .map((x) => x.toFixed(1))
  .join(' / ');
const want = (p: string) => only.length === 0 || only.includes(p);
mkdirSync(ROOT, { recursive: true });
const results: Result[] = [];
const push = (r: Result | undefined) => {
  if (r) results.push(r);
};

if (want('generate')) {
  rmSync(EXTRACT, { recursive: true, force: true });
  push(runPhase('generate', [EXTRACT]));
}
// The floor and the ingest alternate, PAIRS times, so that a change of load hits both alike; the
// ratio reported is the median of the pairs' ratios, with their range.
const PAIRS = want('bare') && want('ingest') ? 3 : 1;
const pairs: { bare?: Result; ingest?: Result }[] = [];
for (let i = 1; i <= PAIRS; i++) {
  const pair: { bare?: Result; ingest?: Result } = {};
  if (want('bare')) {
    rmSync(join(ROOT, 'bare.duckdb'), { force: true });
    pair.bare = runPhase('bare', [EXTRACT, join(ROOT, 'bare.duckdb')], PAIRS > 1 ? `bare-${i}` : 'bare');
  }
  if (want('ingest')) {
    for (const f of readdirSync(ROOT)) if (f.startsWith('warehouse.duckdb')) rmSync(join(ROOT, f));
    pair.ingest = runPhase('ingest', [EXTRACT, join(ROOT, 'warehouse.duckdb')], PAIRS > 1 ? `ingest-${i}` : 'ingest');
  }
  pairs.push(pair);
}
/** The pair whose time is the median of its phase, as the phase's line. */
for (const phase of ['bare', 'ingest'] as const) {
  const rs = pairs.map((p) => p[phase]).filter((r): r is Result => r !== undefined);
  if (rs.length) push(rs.find((r) => r.ms === median(rs.map((x) => x.ms))) ?? rs[0]);
}
const complete = pairs.filter((p) => p.bare && p.ingest) as { bare: Result; ingest: Result }[];
const ratioText = (key: 'ms' | 'cpuMs'): string => {
  if (!complete.length) return '–';
  const rs = complete.map((p) => p.ingest[key] / p.bare[key]);
  const range = rs.length > 1 ? ` (pairs: ${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)})` : '';
  return `${median(rs).toFixed(2)} ×${range}`;
};
for (const p of ['facts', 'publish', 'audit']) if (want(p)) push(runPhase(p, [join(ROOT, 'warehouse.duckdb')]));
if (want('site')) push(runPhase('site', [join(ROOT, 'warehouse.duckdb'), join(ROOT, 'site')]));
if (want('export')) {
  rmSync(join(ROOT, 'reports'), { recursive: true, force: true });
  push(runPhase('export', [join(ROOT, 'warehouse.duckdb'), join(ROOT, 'reports')]));
}
// The evaluation's validation bench (bench/evaluation.ts: 16 seeds, with and without the pilots'
// effects; its own generation, in memory) writes its table into docs/evaluation.md.
if (want('evaluation')) {
  process.stderr.write('bench: evaluation (validation, docs/evaluation.md)…\n');
  const r = spawnSync('nice', [process.execPath, '--import', 'tsx', 'bench/evaluation.ts'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) process.stderr.write(`bench: evaluation failed (exit ${r.status})\n`);
}
if (only.length > 0 && only.every((p) => p === 'evaluation')) process.exit(0);

// --- report ---
const files = readdirSync(EXTRACT);
const extractMb = files.reduce((s, f) => s + statSync(join(EXTRACT, f)).size, 0) / 1e6;
const get = (p: string) => results.find((r) => r.phase === p);
const sec = (r?: Result) => (r ? (r.ms / 1000).toFixed(1) + ' s' : 'non mesuré');
const cpuSec = (r?: Result) => (r ? (r.cpuMs / 1000).toFixed(1) + ' s' : '–');
const gib = (r?: Result) => (r ? (r.maxRssKb / 1024 / 1024).toFixed(2) + ' GiB' : '–');
const ratio = ratioText('ms');
const cpuRatio = ratioText('cpuMs');
const pairsNote = complete.length > 1 ? `median of ${complete.length} alternated pairs, ` : '';
const TARGETS: Record<string, string> = {
  generate: '≤ 60 s, ≤ 4 GiB',
  bare: '(floor: one CREATE TABLE AS SELECT * FROM read_csv per table over all its files, no checks)',
  ingest: `≤ 1,3 × bare (measured, ${pairsNote}ingest ÷ bare: ${ratio} wall, ${cpuRatio} CPU), ≤ 4 GiB`,
  facts: '≤ 5 s (123 scopes × 6 years)',
  publish: '(protect phase of a build: primary + secondary suppression, all years and scopes, pilot evaluation, audit)',
  audit: '(the audit alone, as `bilan audit` runs it: attacker bounds on every hidden cell)',
  site: '≤ 90 s (Observable Framework build, every dynamic page)',
  export: '(bilan export --year 2025 --scope all: 123 scopes, SVG + PNG + CSV + XLSX + PDF; the published set as audited)',
};
const previous = (() => {
  try {
    return readFileSync('docs/performance.md', 'utf8');
  } catch {
    return '';
  }
})();
const rows = Object.keys(TARGETS).map((p) => {
  const r = get(p);
  if (!r) {
    // keep the last measured line of a phase not run this time
    const old = previous.split('\n').find((l) => l.startsWith(`| ${p} |`));
    return old ?? `| ${p} | non mesuré | – | – | ${TARGETS[p]} |`;
  }
  return `| ${p} | ${sec(r)} | ${cpuSec(r)} | ${gib(r)} | ${TARGETS[p]} |`;
});
const duck = JSON.parse(readFileSync('node_modules/@duckdb/node-api/package.json', 'utf8')).version;
const md = `# Performance

Measured by \`npm run bench\` (bench/run.ts): national synthetic extract, 6 years (2020–2025), seed 1,
each phase in its own process; time is the phase's own wall-clock work (process start-up excluded),
CPU is user + system time of that process (all threads: with 2 cores it can exceed wall time; it is
the steadier figure when the machine is shared), peak is the process's maximum resident set size
(DuckDB's native memory included). CPU and peak of \`site\` and \`export\` leave out their child
processes (the Framework build; chromium printing the PDFs), so their wall time is the figure to read
there. The machine's load average at the start of the run is given.

Machine: ${cpus()[0]?.model ?? '?'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB;
Node ${process.version}; @duckdb/node-api ${duck}. Extract: ${files.length} files, ${extractMb.toFixed(0)} MB.
Last run: ${new Date().toISOString().slice(0, 10)}, load average at start ${LOAD_AT_START}.

| phase | time | CPU | peak memory | target |
| --- | --- | --- | --- | --- |
${rows.join('\n')}
`;
// Generated sections: the XL case (national × 12 years) and where the ingest's time goes against
// the floor, whole and step by step; each run with the others, or alone (`npm run bench -- xl`, `-- floor`,
// `-- timeline`); when not run,
// its last text is kept. Hand-written sections (analyses, notes) are kept as they are, after them.
const sections = previous.split(/^(?=## )/m).slice(1);
/** The main case's phases for the XL comparison: this run's, else the figures of docs/performance.md's table. */
function mainCase(): Result[] {
  const out = [...results];
  for (const line of previous.split('\n')) {
    const m = /^\| (\w+) \| ([\d.]+) s \| ([\d.]+) s \| ([\d.]+) GiB \|/.exec(line);
    if (m && !out.some((r) => r.phase === m[1]))
      out.push({ phase: m[1]!, ms: Number(m[2]) * 1000, cpuMs: Number(m[3]) * 1000, maxRssKb: Number(m[4]) * 1024 * 1024 });
  }
  return out;
}
const GENERATED: { phase: string; heading: string; run: () => Promise<string> }[] = [
  {
    phase: 'xl',
    heading: '## XL case',
    run: async () => runXl(ROOT, runPhase, mainCase(), await loadedRows(join(ROOT, 'warehouse.duckdb'))),
  },
  { phase: 'floor', heading: '## Ingest against the floor', run: () => runFloor(EXTRACT, ROOT) },
  { phase: 'timeline', heading: '## Whole extract, step by step', run: () => runTimeline(EXTRACT, ROOT) },
];
const generated: string[] = [];
for (const g of GENERATED) {
  generated.push(want(g.phase) ? await g.run() : (sections.find((x) => x.startsWith(g.heading)) ?? ''));
}
const kept = sections.filter((x) => !GENERATED.some((g) => x.startsWith(g.heading)));
const text =
  [md, ...generated, ...kept]
    .map((x) => x.trimEnd())
    .filter(Boolean)
    .join('\n\n') + '\n';
writeFileSync('docs/performance.md', text);
process.stderr.write(text);
