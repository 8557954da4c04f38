// The page « Évaluation des dispositifs » in a browser: built by Observable Framework from the
// page and the site's own components, charts and formatting (copied into a throw-away root, so
// that the test does not depend on the other pages), with data/evaluation.json printed by the real
// loader from a small synthetic warehouse (Nord-Est and Auvergne regions, 2020–2025). Checks: no
// console error, every chart rendered, one verdict per indicator, the export buttons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { closeWarehouse } from '../../src/warehouse/db.ts';
import { REPO_ROOT } from '../../src/config.ts';
import type { ResultatPilote } from '../../src/evaluation/index.ts';
import { lancerNavigateur } from '../site/navigateur.ts';
import { serveStatic, type ServeurStatique } from '../../src/site/server.ts';
import { entrepotRegions } from './donnees.ts';
import { publishEvaluation } from '../../src/evaluation/publication.ts';

const executer = promisify(execFile);
// Framework resolves node_modules from its root: the throw-away site lives inside the repository (.tmp is ignored by git).
mkdirSync(join(REPO_ROOT, '.tmp'), { recursive: true });
const dossier = mkdtempSync(join(REPO_ROOT, '.tmp', 'evaluation-page-'));
const racineSite = join(dossier, 'src');
let json: { pilotes: ResultatPilote[] };
let serveur: ServeurStatique;
let navigateur: Browser;
let page: Page;
const erreurs: string[] = [];

beforeAll(async () => {
  const { w, chemin } = await entrepotRegions(join(dossier, 'donnees'), ['CARSAT_NE', 'CARSAT_AUV'], [2020, 2025]);
  await publishEvaluation(w);
  closeWarehouse(w);
  // the loader, as Framework runs it
  const { stdout } = await executer(
    join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
    [join(REPO_ROOT, 'src', 'data', 'evaluation.json.ts')],
    {
      env: { ...process.env, BILAN_DB: chemin },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  json = JSON.parse(stdout);
  // a site with only this page
  for (const d of ['components', 'charts', 'format', 'commentary', 'export'])
    cpSync(join(REPO_ROOT, 'src', d), join(racineSite, d), { recursive: true });
  mkdirSync(join(racineSite, 'data'), { recursive: true });
  cpSync(join(REPO_ROOT, 'src', 'data', 'site-model.ts'), join(racineSite, 'data', 'site-model.ts'));
  cpSync(join(REPO_ROOT, 'src', 'vocabulary.ts'), join(racineSite, 'vocabulary.ts'));
  cpSync(join(REPO_ROOT, 'src', 'evaluation.md'), join(racineSite, 'evaluation.md'));
  cpSync(join(REPO_ROOT, 'src', 'style.css'), join(racineSite, 'style.css'));
  writeFileSync(join(racineSite, 'data', 'evaluation.json'), stdout);
  const cache = join(REPO_ROOT, 'src', '.observablehq', 'cache', '_node');
  if (existsSync(cache)) cpSync(cache, join(racineSite, '.observablehq', 'cache', '_node'), { recursive: true });
  const config = join(dossier, 'observablehq.config.js');
  writeFileSync(
    config,
    `export default ${JSON.stringify({
      root: racineSite,
      output: join(dossier, 'dist'),
      title: 'Bilan PDP',
      globalStylesheets: [],
      style: 'style.css',
      search: false,
      pager: false,
      head: '<link rel="icon" href="data:,">',
    })};\n`,
  );
  await executer(join(REPO_ROOT, 'node_modules', '.bin', 'observable'), ['build', '--config', config], {
    cwd: REPO_ROOT,
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });
  serveur = await serveStatic(join(dossier, 'dist'));
  navigateur = await lancerNavigateur();
  page = await navigateur.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => {
    if (m.type() === 'error') erreurs.push(m.text());
  });
  page.on('pageerror', (e) => erreurs.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) erreurs.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${serveur.url}evaluation.html`, { waitUntil: 'networkidle' });
  await page.waitForFunction(
    () => document.querySelectorAll('figure').length > 0 && document.querySelectorAll('figure[data-rendu="en-cours"]').length === 0,
    null,
    { timeout: 60_000 },
  );
}, 600_000);

afterAll(async () => {
  await navigateur?.close();
  await serveur?.fermer();
  rmSync(dossier, { recursive: true, force: true });
});

describe('page « Évaluation des dispositifs »', () => {
  it('renders with no console error and every chart drawn', async () => {
    expect(erreurs).toEqual([]);
    const figures = await page.locator('figure.bilan-graphique').count();
    expect(figures).toBeGreaterThanOrEqual(4);
    expect(await page.locator('figure[data-rendu="ok"]').count()).toBe(figures);
  });

  it('shows one section per pilot and one verdict per indicator, as in the loader output', async () => {
    expect(await page.locator('section.bilan-evaluation h2').allTextContents()).toEqual(json.pilotes.map((p) => p.libelle));
    const verdicts = await page.locator('.bilan-evaluation__verdict').allTextContents();
    expect(verdicts).toEqual(json.pilotes.flatMap((p) => p.indicateurs.map((i) => i.verdict)));
    expect(verdicts.some((v) => v.startsWith('Effet détecté sur la part des signalements PDP venant des médecins traitants'))).toBe(true);
  });

  it('states the power of each evaluated indicator, says « non concluante » where it applies, and never that the groups evolved the same way', async () => {
    const evalues = json.pilotes.flatMap((p) => p.indicateurs).filter((i) => i.puissance);
    expect(evalues.length).toBeGreaterThan(0);
    expect(await page.locator('table.bilan-evaluation__puissance').count()).toBe(evalues.length);
    const premiere = await page.locator('table.bilan-evaluation__puissance').first().innerText();
    expect(premiere).toContain('Dans 12 mois');
    expect(premiere).toContain('Dans 24 mois');
    const nonConcluants = evalues.filter((i) => !i.estimation!.detecte && i.puissance!.suffisante === false);
    const verdicts = await page.locator('.bilan-evaluation__verdict').allTextContents();
    expect(verdicts.filter((v) => v.startsWith('Évaluation non concluante')).length).toBe(nonConcluants.length);
    expect(await page.locator('.bilan-evaluation__tendances').count()).toBe(evalues.filter((i) => i.tendances).length);
    expect(await page.locator('main').innerText()).not.toMatch(/évoluaient de la même façon/);
    expect(await page.locator('details.bilan-evaluation__robustesse').count()).toBe(evalues.filter((i) => i.robustesse).length);
  });

  it('offers the same downloads as the other pages', async () => {
    const premiere = page.locator('figure.bilan-graphique').first();
    expect(
      await premiere.locator('button[data-format]').evaluateAll((bs) => bs.map((b) => (b as HTMLButtonElement).dataset.format)),
    ).toEqual(['svg', 'png', 'csv', 'xlsx']);
    const telechargement = page.waitForEvent('download');
    await premiere.locator('button[data-format="csv"]').click();
    const d = await telechargement;
    expect(d.suggestedFilename()).toMatch(/^evaluation-.*\.csv$/);
  });
});
