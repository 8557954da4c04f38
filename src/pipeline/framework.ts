// The Observable Framework adapter: everything the build needs to know about Framework 1.13 and
// nothing else. Seeds its npm version cache (so it never asks the registry), clears the cached
// loader outputs (so every loader re-runs on this warehouse), runs `observable build` in a child
// process without fetch, scrapes its log for errors and CDN imports, and finishes the pages' HTML
// (src/site/html.ts).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, SCRATCH_DIR } from '../config.ts';
import { finirPages } from '../site/html.ts';

/** Framework's cache folder (src/.observablehq/cache). */
export const FRAMEWORK_CACHE = join(REPO_ROOT, 'src', '.observablehq', 'cache');

/** Result of a site build: pages written and the build log's path. */
export interface SiteBuild {
  pages: number;
  journal: string;
}

/**
 * Builds the static site from the warehouse `warehouse` into `out`: clears the loader outputs, runs
 * `observable build`, checks the log (any error line, any module fetched from a CDN fails the build
 * with a French message naming the log) and fixes the HTML. Throws Error on failure.
 */
export async function buildSite(warehouse: string, out: string, log: (t: string) => void): Promise<SiteBuild> {
  clearLoaderCache(FRAMEWORK_CACHE);
  const journal = join(SCRATCH_DIR, 'observable-build.log');
  const texte = await observableBuild(
    { ...process.env, BILAN_DB: warehouse, BILAN_SITE: out, OBSERVABLE_TELEMETRY_DISABLE: '1' },
    journal,
    log,
  );
  const erreurs = buildLogErrors(texte);
  if (erreurs.length)
    throw new Error(`la construction du site a signalé des erreurs (journal : ${journal}) :\n${erreurs.slice(0, 20).join('\n')}`);
  if (existsSync(join(out, '_npm')))
    throw new Error(`le site importe des modules depuis un CDN (${join(out, '_npm')}) : il ne fonctionnerait pas hors ligne`);
  const pages = fixHtml(out);
  return { pages, journal };
}

/** The lines of a Framework build log that report an error (a bundle can fail while the build exits 0). */
function buildLogErrors(texte: string): string[] {
  return texte.split('\n').filter((l) => /\berror\b|erreur|✗|unable to|failed|not found/i.test(l));
}

/**
 * Versions of the libraries Framework's standard library may import lazily from npm (`npm:d3`…).
 * Framework resolves their versions while bundling its client, asking registry.npmjs.org unless
 * `cache/_npm/<name>@<version>/` exists: seeding these folders keeps the build offline. The site
 * never loads them (every library it uses is bundled from node_modules; `dist/_npm` is checked).
 */
const VERSIONS_NPM: Readonly<Record<string, string>> = {
  '@duckdb/duckdb-wasm': '1.29.0',
  '@observablehq/duckdb': '1.0.0',
  '@observablehq/inputs': '0.12.0',
  '@observablehq/plot': '0.6.17',
  '@observablehq/sample-datasets': '1.0.1',
  '@uwdata/vgplot': '0.16.2',
  '@viz-js/viz': '3.14.0',
  'apache-arrow': '21.2.0',
  arquero: '8.0.3',
  d3: '7.9.2',
  'd3-dsv': '3.0.2',
  echarts: '6.1.0',
  exceljs: '4.4.0',
  htl: '1.0.0',
  jszip: '3.10.1',
  katex: '0.16.22',
  leaflet: '1.9.4',
  lodash: '4.18.1',
  'mapbox-gl': '3.32.0',
  mermaid: '11.9.0',
  'parquet-wasm': '0.8.0',
  react: '19.3.1',
  'react-dom': '19.3.1',
  'sql.js': '1.13.0',
  'topojson-client': '3.1.0',
  vega: '6.4.0',
  'vega-lite': '6.4.3',
  'vega-lite-api': '6.0.0',
};

/** Removes Framework's cached loader outputs (so every loader re-runs on this warehouse); keeps the
 *  bundles of node_modules packages (`_node`), which depend only on the installed versions, and the
 *  npm version pins (`_npm`), seeded with VERSIONS_NPM so that no version is asked from the network. */
export function clearLoaderCache(cache: string): void {
  if (existsSync(cache)) {
    for (const entree of readdirSync(cache))
      if (entree !== '_node' && entree !== '_npm') rmSync(join(cache, entree), { recursive: true, force: true });
  }
  for (const [nom, version] of Object.entries(VERSIONS_NPM)) {
    const dossier = join(cache, '_npm', `${nom}@${version}`);
    const autres = existsSync(join(dossier, '..'))
      ? readdirSync(join(dossier, '..')).filter((d) => d.startsWith(`${nom.split('/').at(-1)}@`))
      : [];
    if (!autres.length) mkdirSync(dossier, { recursive: true });
  }
}

/** Runs Framework's build in a child process; resolves with its whole log (also written to `journal`). */
function observableBuild(env: NodeJS.ProcessEnv, journal: string, log: (t: string) => void): Promise<string> {
  const cli = join(REPO_ROOT, 'node_modules', '@observablehq', 'framework', 'dist', 'bin', 'observable.js');
  mkdirSync(join(journal, '..'), { recursive: true });
  rmSync(journal, { force: true });
  const fichier = createWriteStream(journal, { flags: 'w' });
  return new Promise((accept, refuse) => {
    // No `fetch` in Framework nor in the loaders: a build that would reach the network (a CDN, the
    // npm registry) fails here, as it would on the intranet, instead of silently succeeding online.
    const options = [env.NODE_OPTIONS, '--no-experimental-fetch'].filter(Boolean).join(' ');
    const child = spawn(process.execPath, [cli, 'build'], {
      cwd: REPO_ROOT,
      env: { ...env, NODE_OPTIONS: options, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}:${env.PATH ?? ''}` },
    });
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
      if (code !== 0)
        refuse(
          new Error(`« observable build » a échoué (code ${code}, journal : ${journal}) :\n${propre.split('\n').slice(-15).join('\n')}`),
        );
      else accept(propre);
    });
  });
}

/** Finishes every built page (src/site/html.ts: French language, zoom allowed, menu names, skip
 *  link, file:// message, sidebar list markup); returns the page count. */
export const fixHtml = finirPages;
