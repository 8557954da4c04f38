// `bilan build [--extract DIR] [--db FILE] [--out DIR] [--seuil N] [--site-seulement]`: the main
// job, from the extract to the static site. Phases:
// 1 generate (only if the extract folder is missing: the default national extract)
// → 2 ingest (read → validate → load; idempotent) → 3 compute (refresh facts)
// → 4 protect (publish with the threshold) → 5 site (clear loader outputs, `observable build`,
// French <html lang>, checks: no error in the build log, nothing fetched from a CDN).
// Runs as `bilan build` and directly (`tsx src/cli/commands/build.ts`, the npm `build` script).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkOptions, opt, parseArgs } from '../args.ts';
import { InputError, UsageError } from '../../errors.ts';
import type { Io } from '../main.ts';
import { closeWarehouse, openWarehouse, queryRows, tableExists, type Warehouse } from '../../warehouse/db.ts';
import { RACINE } from '../../data/published-reader.ts';
import { finirPages } from '../../site/html.ts';

const USAGE = 'usage : bilan build [--extract DOSSIER] [--db FICHIER] [--out DOSSIER] [--seuil N] [--site-seulement]';

/** Inputs and outputs of a build (paths absolute). */
export interface OptionsBuild {
  extrait: string;
  entrepot: string;
  site: string;
  seuil: number;
  /** Skip phases 1–4: build the site from the warehouse as it is. */
  siteSeulement: boolean;
}

/** What a build did, with the time of each phase (seconds). */
export interface BilanBuild {
  pages: number;
  durees: Record<string, number>;
  journal: string;
}

/** Runs `bilan build`. */
export async function run(argv: string[], io: Io): Promise<number> {
  const p = parseArgs(argv, ['site-seulement']);
  checkOptions(p, ['extract', 'db', 'out', 'seuil', 'site-seulement']);
  if (p.positionals.length) throw new UsageError(`argument inattendu « ${p.positionals[0]} »\n${USAGE}`);
  const seuilTexte = opt(p, 'seuil') ?? '11';
  if (!/^\d+$/.test(seuilTexte) || Number(seuilTexte) < 1) throw new UsageError(`--seuil attend un entier positif\n${USAGE}`);
  const o: OptionsBuild = {
    extrait: resolve(opt(p, 'extract') ?? join(RACINE, 'data', 'extract')),
    entrepot: resolve(opt(p, 'db') ?? process.env.BILAN_DB ?? join(RACINE, 'data', 'warehouse.duckdb')),
    site: resolve(opt(p, 'out') ?? process.env.BILAN_SITE ?? join(RACINE, 'dist')),
    seuil: Number(seuilTexte),
    siteSeulement: p.options['site-seulement'] === true,
  };
  const bilan = await construire(o, (t) => io.err(t));
  const total = Object.values(bilan.durees).reduce((a, b) => a + b, 0);
  io.err(`site construit dans ${o.site} : ${bilan.pages} pages en ${total.toFixed(1)} s (${Object.entries(bilan.durees).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})\n`);
  return 0;
}

/** The whole build; throws (French message) on any failure. `log` receives progress lines. */
export async function construire(o: OptionsBuild, log: (t: string) => void): Promise<BilanBuild> {
  const durees: Record<string, number> = {};
  const chrono = async <T>(phase: string, f: () => Promise<T>): Promise<T> => {
    const debut = performance.now();
    try {
      return await f();
    } finally {
      durees[phase] = (performance.now() - debut) / 1000;
    }
  };
  if (!o.siteSeulement) {
    // 1 generate: only when there is no extract at all.
    if (!existsSync(o.extrait)) {
      const { generateExtract, GENERATE_DEFAULTS } = await import('../../generate/index.ts');
      log(`extrait absent : génération de l'extrait par défaut (${GENERATE_DEFAULTS.scale}, ${GENERATE_DEFAULTS.years.join('-')}, graine ${GENERATE_DEFAULTS.seed}) dans ${o.extrait}\n`);
      await chrono('generation', () => generateExtract({ ...GENERATE_DEFAULTS, out: o.extrait, progress: (m) => log(`  ${m}\n`) }));
    } else if (!statSync(o.extrait).isDirectory()) throw new InputError(`l'extrait n'est pas un dossier : ${o.extrait}`);
    const w = await openWarehouse(o.entrepot);
    try {
      await chrono('chargement', () => charger(w, o.extrait, log));
      const recalcules = await chrono('indicateurs', async () => {
        const { refreshFacts } = await import('../../indicators/index.ts');
        return refreshFacts(w);
      });
      await chrono('publication', () => publier(w, o.seuil, recalcules, log));
    } finally {
      closeWarehouse(w);
    }
  } else if (!existsSync(o.entrepot)) throw new InputError(`entrepôt introuvable : ${o.entrepot}`);
  const { pages, journal } = await chrono('site', () => site(o, log));
  return { pages, durees, journal };
}

/** 2 ingest: loads the extract (files already loaded are recognised by their hash and skipped). */
async function charger(w: Warehouse, dossier: string, log: (t: string) => void): Promise<void> {
  const { ingestFolder } = await import('../../ingest/index.ts');
  log(`chargement de ${dossier}\n`);
  const rapport = await ingestFolder(w, dossier, { log: (s) => log(`  ${s.endsWith('\n') ? s : `${s}\n`}`) });
  log(`  ${rapport.rows_loaded} lignes chargées, ${rapport.rows_rejected} écartées\n`);
}

/**
 * 4 protect: publishes the indicators, then the pilot evaluation (which reads the threshold of the
 * publication), unless the facts and the threshold are those of the last publication.
 */
async function publier(w: Warehouse, seuil: number, recalcules: boolean, log: (t: string) => void): Promise<void> {
  const { publish } = await import('../../publication/index.ts');
  const { publishEvaluation, hasPublishedEvaluation } = await import('../../evaluation/publication.ts');
  const publie = (await tableExists(w.con, 'published')) && (await tableExists(w.con, 'publication_state'));
  const etat = publie ? await queryRows<{ seuil: number }>(w.con, 'SELECT seuil FROM publication_state') : [];
  if (!recalcules && etat[0]?.seuil === seuil && (await hasPublishedEvaluation(w.con))) {
    log(`publication inchangée (mêmes indicateurs, seuil ${seuil})\n`);
    return;
  }
  const s = await publish(w, { threshold: seuil });
  log(`publication (seuil ${seuil}) : ${s.publie} cases publiées, ${s.secret_primaire} en secret primaire, ${s.secret_secondaire} en secret secondaire\n`);
  const pilotes = await publishEvaluation(w);
  log(`évaluation des dispositifs publiée (${pilotes} dispositifs)\n`);
}

/** 5 site: clears the loader outputs, runs `observable build`, fixes the language, checks the result. */
async function site(o: OptionsBuild, log: (t: string) => void): Promise<{ pages: number; journal: string }> {
  viderCacheChargeurs(join(RACINE, 'src', '.observablehq', 'cache'));
  const journal = join(RACINE, '.tmp', 'observable-build.log');
  const texte = await observableBuild({ ...process.env, BILAN_DB: o.entrepot, BILAN_SITE: o.site, OBSERVABLE_TELEMETRY_DISABLE: '1' }, journal, log);
  const erreurs = texte.split('\n').filter((l) => /\berror\b|erreur|✗|unable to|failed|not found/i.test(l));
  if (erreurs.length) throw new Error(`la construction du site a signalé des erreurs (journal : ${journal}) :\n${erreurs.slice(0, 20).join('\n')}`);
  if (existsSync(join(o.site, '_npm'))) throw new Error(`le site importe des modules depuis un CDN (${join(o.site, '_npm')}) : il ne fonctionnerait pas hors ligne`);
  const pages = franciser(o.site);
  return { pages, journal };
}

/**
 * Versions of the libraries Framework's standard library may import lazily from npm (`npm:d3`…).
 * Framework resolves their versions while bundling its client, asking registry.npmjs.org unless
 * `cache/_npm/<name>@<version>/` exists: seeding these folders keeps the build offline. The site
 * never loads them (every library it uses is bundled from node_modules; `dist/_npm` is checked).
 */
export const VERSIONS_NPM: Readonly<Record<string, string>> = {
  '@duckdb/duckdb-wasm': '1.29.0', '@observablehq/duckdb': '1.0.0', '@observablehq/inputs': '0.12.0', '@observablehq/plot': '0.6.17',
  '@observablehq/sample-datasets': '1.0.1', '@uwdata/vgplot': '0.16.2', '@viz-js/viz': '3.14.0', 'apache-arrow': '21.2.0',
  arquero: '8.0.3', d3: '7.9.2', 'd3-dsv': '3.0.2', echarts: '6.1.0', exceljs: '4.4.0', htl: '1.0.0', jszip: '3.10.1', katex: '0.16.22',
  leaflet: '1.9.4', lodash: '4.18.1', 'mapbox-gl': '3.32.0', mermaid: '11.9.0', 'parquet-wasm': '0.8.0', react: '19.3.1',
  'react-dom': '19.3.1', 'sql.js': '1.13.0', 'topojson-client': '3.1.0', vega: '6.4.0', 'vega-lite': '6.4.3', 'vega-lite-api': '6.0.0',
};

/** Removes Framework's cached loader outputs (so every loader re-runs on this warehouse); keeps the
 *  bundles of node_modules packages (`_node`), which depend only on the installed versions, and the
 *  npm version pins (`_npm`), seeded with VERSIONS_NPM so that no version is asked from the network. */
export function viderCacheChargeurs(cache: string): void {
  if (existsSync(cache)) {
    for (const entree of readdirSync(cache)) if (entree !== '_node' && entree !== '_npm') rmSync(join(cache, entree), { recursive: true, force: true });
  }
  for (const [nom, version] of Object.entries(VERSIONS_NPM)) {
    const dossier = join(cache, '_npm', `${nom}@${version}`);
    const autres = existsSync(join(dossier, '..')) ? readdirSync(join(dossier, '..')).filter((d) => d.startsWith(`${nom.split('/').at(-1)}@`)) : [];
    if (!autres.length) mkdirSync(dossier, { recursive: true });
  }
}

/** Runs Framework's build in a child process; resolves with its whole log (also written to `journal`). */
function observableBuild(env: NodeJS.ProcessEnv, journal: string, log: (t: string) => void): Promise<string> {
  const cli = join(RACINE, 'node_modules', '@observablehq', 'framework', 'dist', 'bin', 'observable.js');
  mkdirSync(join(journal, '..'), { recursive: true });
  rmSync(journal, { force: true });
  const fichier = createWriteStream(journal, { flags: 'w' });
  return new Promise((accept, refuse) => {
    // No `fetch` in Framework nor in the loaders: a build that would reach the network (a CDN, the
    // npm registry) fails here, as it would on the intranet, instead of silently succeeding online.
    const options = [env.NODE_OPTIONS, '--no-experimental-fetch'].filter(Boolean).join(' ');
    const child = spawn(process.execPath, [cli, 'build'], { cwd: RACINE, env: { ...env, NODE_OPTIONS: options, PATH: `${join(RACINE, 'node_modules', '.bin')}:${env.PATH ?? ''}` } });
    let texte = '';
    const lire = (d: Buffer) => {
      const s = d.toString('utf8');
      texte += s;
      fichier.write(s);
      for (const l of s.split('\n')) if (/^(render|built|copy|\s*Unexpected)/.test(l)) log(`  ${l}\n`);
    };
    child.stdout.on('data', lire);
    child.stderr.on('data', lire);
    child.on('error', refuse);
    child.on('close', (code) => {
      fichier.end();
      // eslint-disable-next-line no-control-regex
      const propre = texte.replace(/\u001b\[[0-9;]*m/g, '');
      if (code !== 0) refuse(new Error(`« observable build » a échoué (code ${code}, journal : ${journal}) :\n${propre.split('\n').slice(-15).join('\n')}`));
      else accept(propre);
    });
  });
}

/** Finishes every built page (src/site/html.ts: lang, zoom, menu names, skip link, file:// guard); returns the page count. */
export const franciser = finirPages;

// Direct run (npm run build): same as `bilan build`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const io: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };
  run(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => {
      process.stderr.write(`bilan build : ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = e instanceof UsageError || e instanceof InputError ? 2 : 1;
    },
  );
}
