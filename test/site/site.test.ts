// The built site in a real browser (Debian chromium through playwright-core): built in the setup
// from a small synthetic extract (one département) into a temporary folder, served on 127.0.0.1.
// For the synthèse, one organisme page and one département page: no console error, no failed or
// external request, every chart drawn, downloads that yield files, and the numbers shown equal the
// figures of the indicator catalogue for the same year and scope (except hidden cells).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from '../../src/pipeline/index.ts';
import { clearLoaderCache, fixHtml, FRAMEWORK_CACHE } from '../../src/pipeline/framework.ts';
import { REPO_ROOT } from '../../src/config.ts';
import { generateExtract } from '../../src/generate/index.ts';
import { CATALOGUE, figuresFor, type Scope } from '../../src/indicators/index.ts';
import { closeWarehouse, openWarehouse, queryRows } from '../../src/warehouse/db.ts';
import { formatValeur, ESPACE } from '../../src/format/index.ts';
import { DEFAULT_THRESHOLD } from '../../src/vocabulary.ts';
import { serveStatic, type StaticServer } from './serveur.ts';
import { lancerNavigateur, chromiumDisponible } from './navigateur.ts';

const DEPARTEMENT = '10';
const ORGANISME = 'CARSAT_NE';
const ANNEES: [number, number] = [2022, 2024];
const PAGES = [
  { chemin: '/', nom: 'synthese', perimetre: { niveau: 'national', code: 'FR' } as Scope },
  { chemin: `/organismes/${ORGANISME}`, nom: 'organisme', perimetre: { niveau: 'organisme', code: ORGANISME } as Scope },
  { chemin: `/departements/${DEPARTEMENT}`, nom: 'departement', perimetre: { niveau: 'departement', code: DEPARTEMENT } as Scope },
];
const ECRANS = join(REPO_ROOT, 'test', 'screenshots');

const avecChromium = chromiumDisponible('les tests du site dans le navigateur');
let dossier: string;
let site: string;
let entrepot: string;
let serveur: StaticServer;
let navigateur: Browser;

beforeAll(async () => {
  dossier = mkdtempSync(join(tmpdir(), 'bilan-site-'));
  const extrait = join(dossier, 'extrait');
  site = join(dossier, 'site');
  entrepot = join(dossier, 'entrepot.duckdb');
  await generateExtract({ out: extrait, scale: 'departement', departement: DEPARTEMENT, years: ANNEES, seed: 7, format: 'csv' });
  await build({ extract: extrait, warehouse: entrepot, site, threshold: DEFAULT_THRESHOLD, siteOnly: false }, () => {});
  serveur = await serveStatic(site);
  if (avecChromium) navigateur = await lancerNavigateur();
  mkdirSync(ECRANS, { recursive: true });
});

afterAll(async () => {
  await navigateur?.close();
  await serveur?.close();
  // The loader outputs of this build must not be reused by a preview of the real warehouse.
  clearLoaderCache(FRAMEWORK_CACHE);
  if (dossier) rmSync(dossier, { recursive: true, force: true });
});

describe('the built site (static checks)', () => {
  const pagesHtml = () => {
    const out: string[] = [];
    const visiter = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory() && !e.name.startsWith('_')) visiter(join(d, e.name));
        else if (e.name.endsWith('.html')) out.push(join(d, e.name));
      }
    };
    visiter(site);
    return out;
  };
  it('has a page per scope with data only, and the fixed pages', () => {
    const noms = pagesHtml().map((p) => p.slice(site.length + 1)).sort();
    expect(noms.filter((n) => n.includes('/'))).toEqual([`departements/${DEPARTEMENT}.html`, 'departements/index.html', `organismes/${ORGANISME}.html`, 'organismes/index.html']);
    for (const page of ['404', 'comparaison', 'index', 'instances', 'methodologie', 'pdp', 'qualite', 'satisfaction', 'sps']) expect(noms).toContain(`${page}.html`);
  });
  it('is in French, titled, and loads nothing from outside itself', () => {
    for (const p of pagesHtml()) {
      const html = readFileSync(p, 'utf8');
      expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="fr">/);
      expect(html).toMatch(/<title>[^<]+<\/title>/);
      expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
      expect(html).not.toContain('fonts.googleapis');
      expect(html).not.toContain('Toggle sidebar');
    }
    expect(existsSync(join(site, '_npm'))).toBe(false);
  });
  it('titles each scope page with the name of the scope', () => {
    expect(readFileSync(join(site, 'departements', `${DEPARTEMENT}.html`), 'utf8')).toContain('<title>Aube (10) | Bilan PDP</title>');
    expect(readFileSync(join(site, 'organismes', `${ORGANISME}.html`), 'utf8')).toContain('<title>Carsat Nord-Est | Bilan PDP</title>');
  });
  it('fixes the language only once', () => {
    expect(fixHtml(site)).toBeGreaterThan(0);
    expect(readFileSync(join(site, 'index.html'), 'utf8').match(/<a class="bilan-evitement"/g)).toHaveLength(1);
  });
});

describe.skipIf(!avecChromium)('the site in chromium', () => {
  interface Journal { erreurs: string[]; echecs: string[]; externes: string[] }
  async function ouvrir(chemin: string, avecGraphiques = true): Promise<{ page: Page; contexte: BrowserContext; journal: Journal }> {
    const contexte = await navigateur.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
    const journal: Journal = { erreurs: [], echecs: [], externes: [] };
    await contexte.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(serveur.url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      journal.externes.push(url);
      return route.abort();
    });
    const page = await contexte.newPage();
    page.on('console', (m) => { if (m.type() === 'error') journal.erreurs.push(m.text()); });
    page.on('pageerror', (e) => journal.erreurs.push(e.message));
    page.on('requestfailed', (r) => journal.echecs.push(r.url()));
    page.on('response', (r) => { if (r.status() >= 400) journal.echecs.push(`${r.status()} ${r.url()}`); });
    await page.goto(serveur.url + chemin, { waitUntil: 'networkidle' });
    await page.waitForFunction((attendus) => {
      const f = Array.from(document.querySelectorAll<HTMLElement>('.bilan-graphique'));
      return (f.length > 0 || !attendus) && f.every((x) => x.dataset.rendu !== 'en-cours') && !document.querySelector('observablehq-loading');
    }, avecGraphiques, { timeout: 30_000 });
    return { page, contexte, journal };
  }

  for (const p of PAGES) {
    it(`${p.chemin}: no error, no failed or external request, every chart drawn`, async () => {
      const { page, contexte, journal } = await ouvrir(p.chemin);
      try {
        const graphiques = await page.$$eval('.bilan-graphique', (fs) => fs.map((f) => ({
          rendu: (f as HTMLElement).dataset.rendu,
          marques: f.querySelectorAll('svg .role-mark path, svg .role-mark line, svg .role-mark text').length,
          boutons: f.querySelectorAll('button[data-format]:not([disabled])').length,
          tableau: f.querySelectorAll('table tbody tr').length,
        })));
        expect(graphiques.length).toBeGreaterThanOrEqual(p.nom === 'synthese' ? 6 : 14);
        for (const g of graphiques) expect(g).toMatchObject({ rendu: 'ok', boutons: 4 });
        for (const g of graphiques) expect(g.marques).toBeGreaterThan(0);
        for (const g of graphiques) expect(g.tableau).toBeGreaterThan(0);
        expect(await page.getAttribute('html', 'lang')).toBe('fr');
        await page.screenshot({ path: join(ECRANS, `${p.nom}.png`), fullPage: true });
        expect(journal).toEqual({ erreurs: [], echecs: [], externes: [] });
      } finally {
        await contexte.close();
      }
    });
  }

  it('every other page opens without error, its charts drawn', async () => {
    for (const chemin of ['/pdp', '/sps', '/instances', '/satisfaction', '/comparaison', '/methodologie', '/qualite', '/organismes/', '/departements/']) {
      const { page, contexte, journal } = await ouvrir(chemin, false);
      try {
        const rendus = await page.$$eval('.bilan-graphique', (fs) => fs.map((f) => (f as HTMLElement).dataset.rendu));
        expect(rendus.every((r) => r === 'ok'), chemin).toBe(true);
        expect(await page.locator('h1').count(), chemin).toBe(1);
        expect(journal, chemin).toEqual({ erreurs: [], echecs: [], externes: [] });
      } finally {
        await contexte.close();
      }
    }
  });

  it('downloads a chart as SVG and PNG and its data as CSV and XLSX', async () => {
    const { page, contexte, journal } = await ouvrir(`/departements/${DEPARTEMENT}`);
    try {
      const figure = page.locator('.bilan-graphique').first();
      const fichiers: Record<string, Buffer> = {};
      for (const format of ['svg', 'png', 'csv', 'xlsx']) {
        const [telechargement] = await Promise.all([page.waitForEvent('download'), figure.locator(`button[data-format="${format}"]`).click()]);
        expect(telechargement.suggestedFilename()).toMatch(new RegExp(`^10-20\\d\\d-.+\\.${format}$`));
        const chemin = join(dossier, `telechargement.${format}`);
        await telechargement.saveAs(chemin);
        fichiers[format] = readFileSync(chemin);
        expect(fichiers[format]!.length).toBeGreaterThan(100);
      }
      expect(fichiers.svg!.toString('utf8')).toMatch(/^<svg[^>]*xmlns/);
      expect(fichiers.png!.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(fichiers.csv!.toString('utf8')).toMatch(/^\ufeff.+\r\n.+;/);
      expect(fichiers.xlsx!.subarray(0, 2).toString('latin1')).toBe('PK');
      const ExcelJS = (await import('exceljs')).default;
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(fichiers.xlsx! as unknown as ArrayBuffer);
      expect(wb.worksheets[0]!.rowCount).toBeGreaterThan(2);
      expect(journal).toEqual({ erreurs: [], echecs: [], externes: [] });
    } finally {
      await contexte.close();
    }
  });

  it('shows the figures of the catalogue for the same year and scope, except hidden cells', async () => {
    const w = await openWarehouse(entrepot);
    const unite = new Map(CATALOGUE.map((m) => [m.id, m.unit]));
    let compares = 0;
    try {
      for (const p of PAGES) {
        for (const annee of [ANNEES[1], ANNEES[1] - 1]) {
          const { page, contexte } = await ouvrir(`${p.chemin}?annee=${annee}`);
          try {
            const cellules = await page.$$eval('[data-indicateur][data-annee][data-perimetre]', (es) => es.map((e) => ({
              id: (e as HTMLElement).dataset.indicateur!, annee: Number((e as HTMLElement).dataset.annee), perimetre: (e as HTMLElement).dataset.perimetre!, texte: e.textContent!.trim(),
            })));
            expect(cellules.length).toBeGreaterThan(5);
            const figures = new Map<string, Record<string, number | null>>();
            for (const c of cellules) {
              expect(c.annee).toBe(annee);
              const [niveau, code] = c.perimetre.split(':') as [Scope['niveau'], string];
              if (!figures.has(c.perimetre)) figures.set(c.perimetre, await figuresFor(w, annee, { niveau, code }));
              const brut = figures.get(c.perimetre)![c.id];
              if ([`<${ESPACE}11`, 'n.s.', '–'].includes(c.texte)) {
                const [r] = await queryRows<{ statut: string }>(w.con, `SELECT statut FROM published WHERE annee = ${annee} AND niveau = '${niveau}' AND code = '${code}' AND indicateur = '${c.id}'`);
                expect(r?.statut, `${c.perimetre} ${c.id} ${annee}`).not.toBe('publie');
              } else {
                expect(brut, `${c.perimetre} ${c.id} ${annee}`).not.toBeNull();
                expect(c.texte, `${c.perimetre} ${c.id} ${annee}`).toBe(formatValeur(brut!, unite.get(c.id)!));
                compares++;
              }
            }
          } finally {
            await contexte.close();
          }
        }
      }
    } finally {
      closeWarehouse(w);
    }
    expect(compares).toBeGreaterThan(30);
  });

  it('changes every figure when another year is chosen, and keeps it in the address', async () => {
    const { page, contexte } = await ouvrir(`/departements/${DEPARTEMENT}`);
    try {
      const lire = () => page.$$eval('.bilan-chiffre__valeur', (es) => es.map((e) => `${(e as HTMLElement).dataset.annee} ${e.textContent}`));
      const avant = await lire();
      await page.selectOption('select[name="annee"]', { label: String(ANNEES[0]) });
      await page.waitForFunction((a) => document.querySelector<HTMLElement>('.bilan-chiffre__valeur')?.dataset.annee === String(a), ANNEES[0]);
      const apres = await lire();
      expect(apres.every((t) => t.startsWith(String(ANNEES[0])))).toBe(true);
      expect(apres).not.toEqual(avant);
      expect(new URL(page.url()).searchParams.get('annee')).toBe(String(ANNEES[0]));
    } finally {
      await contexte.close();
    }
  });

  it('is usable with the keyboard: a skip link first, then the controls', async () => {
    const { page, contexte } = await ouvrir('/');
    try {
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
      const atteints = new Set<string>();
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        atteints.add(await page.evaluate(() => document.activeElement?.tagName ?? ''));
      }
      expect(atteints.has('SELECT')).toBe(true);
      expect(atteints.has('BUTTON')).toBe(true);
    } finally {
      await contexte.close();
    }
  });
});
