// The built site in a real browser (Debian chromium through playwright-core): built in the setup
// from a small synthetic extract (one département) into a temporary folder, served as an intranet
// would serve it: under a sub-path (/bilan-pdp/) by a plain static server, with no `.html` added to
// addresses (src/site/server.ts). For the synthèse, one organisme page and one département page:
// no console error, no failed or external request, every chart drawn, downloads that yield files,
// and the numbers shown equal the figures of the indicator catalogue (except hidden cells). For
// every page: every link answers 200, axe-core finds no WCAG 2.1 A/AA violation; opened from a
// folder (file://), a page says how to open the site; the year, the comparison's choices and the
// search box; the printed tables.
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
import { formatNombre, formatValeur } from '../../src/format/index.ts';
import { DEFAULT_THRESHOLD } from '../../src/vocabulary.ts';
import { serveStatic, type ServeurStatique } from '../../src/site/server.ts';
import { MENTION_SYNTHETIQUE } from '../../src/site/shell.ts';
import { lancerNavigateur, chromiumDisponible } from './navigateur.ts';
import { AxeBuilder } from '@axe-core/playwright';
import { pathToFileURL } from 'node:url';

const DEPARTEMENT = '10';
const ORGANISME = 'CARSAT_NE';
const ANNEES: [number, number] = [2022, 2024];
const PAGES = [
  { chemin: 'index.html', nom: 'synthese', perimetre: { niveau: 'national', code: 'FR' } as Scope },
  { chemin: `organismes/${ORGANISME}.html`, nom: 'organisme', perimetre: { niveau: 'organisme', code: ORGANISME } as Scope },
  { chemin: `departements/${DEPARTEMENT}.html`, nom: 'departement', perimetre: { niveau: 'departement', code: DEPARTEMENT } as Scope },
];
/** Every page of the built site (paths relative to its root): one of each kind, and the scopes. */
const TOUTES = [
  'index.html',
  'pdp.html',
  'sps.html',
  'instances.html',
  'satisfaction.html',
  'comparaison.html',
  'evaluation.html',
  'methodologie.html',
  'qualite.html',
  'plan-du-site.html',
  'accessibilite.html',
  '404.html',
  'organismes/index.html',
  'departements/index.html',
  `organismes/${ORGANISME}.html`,
  `departements/${DEPARTEMENT}.html`,
];
/** The sub-path the site is served under, as on an intranet. */
const BASE = '/bilan-pdp/';
const ECRANS = join(REPO_ROOT, 'test', 'screenshots');

const avecChromium = chromiumDisponible('les tests du site dans le navigateur');
let dossier: string;
let site: string;
let entrepot: string;
let serveur: ServeurStatique;
let navigateur: Browser;

beforeAll(async () => {
  dossier = mkdtempSync(join(tmpdir(), 'bilan-site-'));
  const extrait = join(dossier, 'extrait');
  site = join(dossier, 'site');
  entrepot = join(dossier, 'entrepot.duckdb');
  await generateExtract({ out: extrait, scale: 'departement', departement: DEPARTEMENT, years: ANNEES, seed: 7, format: 'csv' });
  await build({ extract: extrait, warehouse: entrepot, site, threshold: DEFAULT_THRESHOLD, siteOnly: false }, () => {});
  serveur = await serveStatic(site, { base: BASE });
  if (avecChromium) navigateur = await lancerNavigateur();
  mkdirSync(ECRANS, { recursive: true });
});

afterAll(async () => {
  await navigateur?.close();
  await serveur?.fermer();
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
    const noms = pagesHtml()
      .map((p) => p.slice(site.length + 1))
      .sort();
    expect(noms.filter((n) => n.includes('/'))).toEqual([
      `departements/${DEPARTEMENT}.html`,
      'departements/index.html',
      `organismes/${ORGANISME}.html`,
      'organismes/index.html',
    ]);
    expect(noms).toEqual([...TOUTES].sort());
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
  it('links every page relatively with its .html (any static server, any sub-path), lets the reader zoom', () => {
    for (const p of pagesHtml()) {
      const html = readFileSync(p, 'utf8');
      const liens = [...html.matchAll(/<a [^>]*href="([^"#][^"]*)"/g)].map((m) => m[1]!);
      expect(liens.length, p).toBeGreaterThan(10);
      for (const l of liens) expect(l, p).toMatch(/^\.{1,2}\/(?:[^"?]*\/)?[^/"?]+\.html(?:\?|$)/);
      expect(html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
      expect(html).not.toMatch(/maximum-scale|user-scalable/);
      expect(html).not.toContain('<base ');
    }
  });
  it("says on every page that the figures are synthetic (the extract is the generator's)", () => {
    for (const p of pagesHtml()) expect(readFileSync(p, 'utf8'), p).toContain(`<strong>${MENTION_SYNTHETIQUE}</strong>`);
  });
  it('fixes the language only once', () => {
    expect(fixHtml(site)).toBeGreaterThan(0);
    expect(readFileSync(join(site, 'index.html'), 'utf8').match(/<a class="bilan-evitement"/g)).toHaveLength(1);
  });
});

describe.skipIf(!avecChromium)('the site in chromium', () => {
  interface Journal {
    erreurs: string[];
    echecs: string[];
    externes: string[];
  }
  async function ouvrir(
    chemin: string,
    avecGraphiques = true,
    largeur = 1280,
  ): Promise<{ page: Page; contexte: BrowserContext; journal: Journal }> {
    const contexte = await navigateur.newContext({ viewport: { width: largeur, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
    const journal: Journal = { erreurs: [], echecs: [], externes: [] };
    await contexte.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(serveur.url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      journal.externes.push(url);
      return route.abort();
    });
    const page = await contexte.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error') journal.erreurs.push(m.text());
    });
    page.on('pageerror', (e) => journal.erreurs.push(e.message));
    page.on('requestfailed', (r) => journal.echecs.push(r.url()));
    page.on('response', (r) => {
      if (r.status() >= 400) journal.echecs.push(`${r.status()} ${r.url()}`);
    });
    await page.goto(serveur.url + chemin, { waitUntil: 'networkidle' });
    await page.waitForFunction(
      (attendus) => {
        const f = Array.from(document.querySelectorAll<HTMLElement>('.bilan-graphique'));
        return (
          (f.length > 0 || !attendus) && f.every((x) => x.dataset.rendu !== 'en-cours') && !document.querySelector('observablehq-loading')
        );
      },
      avecGraphiques,
      { timeout: 30_000 },
    );
    return { page, contexte, journal };
  }

  for (const p of PAGES) {
    it(`${p.chemin}: no error, no failed or external request, every chart drawn`, async () => {
      const { page, contexte, journal } = await ouvrir(p.chemin);
      try {
        const graphiques = await page.$$eval('.bilan-graphique', (fs) =>
          fs.map((f) => ({
            rendu: (f as HTMLElement).dataset.rendu,
            marques: f.querySelectorAll('svg .role-mark path, svg .role-mark line, svg .role-mark text').length,
            boutons: f.querySelectorAll('button[data-format]:not([disabled])').length,
            tableau: f.querySelectorAll('table tbody tr').length,
          })),
        );
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
    for (const chemin of TOUTES.filter((c) => !PAGES.some((p) => p.chemin === c))) {
      const { page, contexte, journal } = await ouvrir(chemin, false);
      try {
        const rendus = await page.$$eval('.bilan-graphique', (fs) => fs.map((f) => (f as HTMLElement).dataset.rendu));
        expect(
          rendus.every((r) => r === 'ok'),
          chemin,
        ).toBe(true);
        expect(await page.locator('h1').count(), chemin).toBe(1);
        expect(journal, chemin).toEqual({ erreurs: [], echecs: [], externes: [] });
      } finally {
        await contexte.close();
      }
    }
  }, 600_000);

  it('downloads a chart as SVG and PNG and its data as CSV and XLSX', async () => {
    const { page, contexte, journal } = await ouvrir(`departements/${DEPARTEMENT}.html`);
    try {
      const figure = page.locator('.bilan-graphique').first();
      const fichiers: Record<string, Buffer> = {};
      for (const format of ['svg', 'png', 'csv', 'xlsx']) {
        const [telechargement] = await Promise.all([
          page.waitForEvent('download'),
          figure.locator(`button[data-format="${format}"]`).click(),
        ]);
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
            const cellules = await page.$$eval('[data-indicateur][data-annee][data-perimetre]', (es) =>
              es.map((e) => ({
                id: (e as HTMLElement).dataset.indicateur!,
                annee: Number((e as HTMLElement).dataset.annee),
                perimetre: (e as HTMLElement).dataset.perimetre!,
                texte: e.textContent!.trim(),
              })),
            );
            expect(cellules.length).toBeGreaterThan(5);
            const figures = new Map<string, Record<string, number | null>>();
            for (const c of cellules) {
              expect(c.annee).toBe(annee);
              const [niveau, code] = c.perimetre.split(':') as [Scope['niveau'], string];
              if (!figures.has(c.perimetre)) figures.set(c.perimetre, await figuresFor(w, annee, { niveau, code }));
              const brut = figures.get(c.perimetre)![c.id];
              if (['s', '–'].includes(c.texte)) {
                const [r] = await queryRows<{ statut: string }>(
                  w.con,
                  `SELECT statut FROM published WHERE annee = ${annee} AND niveau = '${niveau}' AND code = '${code}' AND indicateur = '${c.id}'`,
                );
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
    const { page, contexte } = await ouvrir(`departements/${DEPARTEMENT}.html`);
    try {
      const lire = () =>
        page.$$eval('.bilan-chiffre__valeur', (es) => es.map((e) => `${(e as HTMLElement).dataset.annee} ${e.textContent}`));
      const avant = await lire();
      await page.selectOption('select[name="annee"]', { label: String(ANNEES[0]) });
      await page.waitForFunction(
        (a) => document.querySelector<HTMLElement>('.bilan-chiffre__valeur')?.dataset.annee === String(a),
        ANNEES[0],
      );
      const apres = await lire();
      expect(apres.every((t) => t.startsWith(String(ANNEES[0])))).toBe(true);
      expect(apres).not.toEqual(avant);
      expect(new URL(page.url()).searchParams.get('annee')).toBe(String(ANNEES[0]));
    } finally {
      await contexte.close();
    }
  });

  it('is usable with the keyboard: a skip link first, then the controls', async () => {
    const { page, contexte } = await ouvrir('index.html');
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
  it('every link of every page answers 200 under the sub-path, with no console error and no request outside the site', async () => {
    const liens = new Set<string>();
    for (const chemin of TOUTES) {
      const { page, contexte, journal } = await ouvrir(chemin, false);
      try {
        const hrefs = await page.$$eval('a', (as) =>
          as.map((a) => {
            const h = a.getAttribute('href') ?? a.getAttribute('xlink:href');
            return h ? new URL(h, document.baseURI).href : null;
          }),
        );
        for (const h of hrefs) {
          if (!h || h.startsWith('blob:')) continue;
          const u = new URL(h);
          u.hash = '';
          liens.add(u.href);
        }
        expect(journal, chemin).toEqual({ erreurs: [], echecs: [], externes: [] });
      } finally {
        await contexte.close();
      }
    }
    // Every page kind links to every other one, each scope page is linked (sidebar, lists, search, map).
    expect(liens.size).toBeGreaterThan(TOUTES.length);
    for (const c of TOUTES.filter((c) => c !== '404.html'))
      expect(
        [...liens].some((l) => new URL(l).pathname === `${BASE}${c}`),
        c,
      ).toBe(true);
    const contexte = await navigateur.newContext();
    try {
      for (const l of liens) {
        expect(l.startsWith(serveur.url), l).toBe(true);
        expect((await contexte.request.get(l)).status(), l).toBe(200);
      }
      // The server is as strict as a plain intranet one: an address without its .html is not found.
      expect((await contexte.request.get(`${serveur.url}pdp`)).status()).toBe(404);
    } finally {
      await contexte.close();
    }
  }, 600_000);

  it('axe-core finds no WCAG 2.1 A/AA violation on any page, at 1366 px and 390 px (folded panels opened)', async () => {
    const violations: string[] = [];
    for (const [chemin, largeur] of [
      ...TOUTES.map((c) => [c, 1366] as const),
      ...['index.html', 'comparaison.html', `departements/${DEPARTEMENT}.html`].map((c) => [c, 390] as const),
    ]) {
      const { page, contexte } = await ouvrir(chemin, false, largeur);
      try {
        await page.$$eval('details', (ds) =>
          ds.forEach((d) => {
            (d as HTMLDetailsElement).open = true;
          }),
        );
        const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
        for (const v of r.violations) violations.push(`${chemin} @${largeur}: ${v.id} (${v.nodes.length}) ${v.nodes[0]?.target.join(' ')}`);
      } finally {
        await contexte.close();
      }
    }
    expect(violations).toEqual([]);
  }, 600_000);

  it('opened from a folder (file://), a page says in French how to open the site, with no spinner and no error', async () => {
    for (const chemin of ['index.html', `departements/${DEPARTEMENT}.html`]) {
      const contexte = await navigateur.newContext();
      const erreurs: string[] = [];
      try {
        const page = await contexte.newPage();
        page.on('console', (m) => {
          if (m.type() === 'error') erreurs.push(m.text());
        });
        page.on('requestfailed', (r) => erreurs.push(r.url()));
        await page.goto(pathToFileURL(join(site, chemin)).href, { waitUntil: 'load' });
        const texte = await page.locator('#observablehq-main').innerText();
        expect(texte).toContain("Ce site s'ouvre depuis un serveur web");
        expect(texte).toContain('npx bilan serve');
        expect(texte).toContain('PDF');
        expect(await page.locator('observablehq-loading').count()).toBe(0);
        expect(erreurs, chemin).toEqual([]);
      } finally {
        await contexte.close();
      }
    }
  });

  it('keeps the chosen year across pages: every link to a page carries it', async () => {
    const { page, contexte } = await ouvrir(`departements/${DEPARTEMENT}.html?annee=${ANNEES[0] + 1}`);
    try {
      const annees = () =>
        page.$$eval('#observablehq-sidebar a, #observablehq-footer a', (as) =>
          as.map((a) => new URL((a as HTMLAnchorElement).href).searchParams.get('annee')),
        );
      expect(new Set(await annees())).toEqual(new Set([String(ANNEES[0] + 1)]));
      await page.selectOption('select[name="annee"]', { label: String(ANNEES[0]) });
      await page.waitForFunction(
        (a) => new URL(document.querySelector<HTMLAnchorElement>('#observablehq-sidebar a')!.href).searchParams.get('annee') === String(a),
        ANNEES[0],
      );
      expect(new Set(await annees())).toEqual(new Set([String(ANNEES[0])]));
      await page.click('#observablehq-sidebar a:text-is("Prévention de la désinsertion professionnelle")');
      await page.waitForURL(/pdp\.html/);
      await page.waitForSelector('select[name="annee"]');
      expect(await page.$eval('select[name="annee"]', (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent)).toBe(
        String(ANNEES[0]),
      );
    } finally {
      await contexte.close();
    }
  });

  it('comparison: the choices and the table columns come from the address and go back to it (a shareable link)', async () => {
    const { page, contexte } = await ouvrir('comparaison.html', false);
    const entetes = () => page.$$eval('.bilan-tableau--triable thead th', (ths) => ths.map((t) => t.textContent!.trim()));
    try {
      // By default a few columns, not every indicator.
      expect((await entetes()).length).toBeLessThanOrEqual(6);
      expect(await page.locator('.bilan-colonnes input[type=checkbox]').count()).toBeGreaterThan(15);
    } finally {
      await contexte.close();
    }
    const lien = `comparaison.html?indicateur=satisfaction.taux&niveau=departement&tri=nom&annee=${ANNEES[0]}&colonnes=entretiens,pdp.signalements`;
    const second = await ouvrir(lien, false);
    try {
      const p = second.page;
      const choisi = (nom: string) => p.$eval(`select[name="${nom}"]`, (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent);
      expect(await choisi('indicateur')).toBe('Taux de satisfaction');
      expect(await choisi('niveau')).toBe('Départements');
      expect(await choisi('tri')).toBe('Nom');
      expect(await choisi('annee')).toBe(String(ANNEES[0]));
      const titres = await p.$$eval('.bilan-tableau--triable thead th', (ths) =>
        ths.map((t) => t.textContent!.replace(/[↕▲▼]/g, '').trim()),
      );
      const libelle = (id: string) => CATALOGUE.find((m) => m.id === id)!.label;
      expect(titres).toEqual(['Périmètre', libelle('entretiens'), libelle('pdp.signalements')]);
      await p.selectOption('select[name="niveau"]', { label: 'Organismes' });
      await p.click('.bilan-colonnes summary');
      await p.check('.bilan-colonnes input[value="assures_accompagnes"]');
      await p.waitForFunction(() => new URL(location.href).searchParams.get('colonnes')?.split(',').length === 3);
      const q = new URL(p.url()).searchParams;
      expect(q.get('niveau')).toBe('organisme');
      expect(q.get('colonnes')!.split(',').sort()).toEqual(['assures_accompagnes', 'entretiens', 'pdp.signalements']);
      expect(q.get('indicateur')).toBe('satisfaction.taux');
    } finally {
      await second.contexte.close();
    }
  });

  it('comparison: the ranking of a rate whose base is not a main indicator shows the base (n), the published denominator', async () => {
    // The transformation rate's base (signalements whose outcome is decided) is no indicator at all:
    // its n is the published denominator of the département's row.
    const w = await openWarehouse(entrepot);
    let n: number;
    try {
      const [r] = await queryRows<{ denominateur: number }>(
        w.con,
        `SELECT denominateur FROM published WHERE annee = ${ANNEES[1]} AND niveau = 'departement' AND code = '${DEPARTEMENT}'
         AND indicateur = 'pdp.taux_transformation' AND statut = 'publie'`,
      );
      n = r!.denominateur;
    } finally {
      closeWarehouse(w);
    }
    const { page, contexte } = await ouvrir(`comparaison.html?indicateur=pdp.taux_transformation&niveau=departement&annee=${ANNEES[1]}`);
    try {
      const textes = await page.$$eval('.bilan-graphique svg text, .bilan-graphique svg tspan', (ts) => ts.map((t) => t.textContent ?? ''));
      expect(textes).toContain(`n\u202f=\u202f${formatNombre(n)}${n < 100 ? ', base faible' : ''}`);
    } finally {
      await contexte.close();
    }
  });

  it('the search box opens an organisme or département page by name or number; says when nothing matches', async () => {
    const { page, contexte } = await ouvrir(`pdp.html?annee=${ANNEES[0]}`, false);
    try {
      const chercher = async (q: string) => {
        await page.fill('#bilan-recherche', q);
        await page.press('#bilan-recherche', 'Enter');
      };
      await chercher('zzz');
      await expect.poll(() => page.locator('.bilan-recherche__resultats').innerText()).toContain('Aucun organisme ni département');
      await chercher('a');
      await expect.poll(() => page.locator('.bilan-recherche__resultats a').count()).toBe(2);
      await chercher('aube');
      await page.waitForURL(/departements\/10\.html/);
      expect(new URL(page.url()).searchParams.get('annee')).toBe(String(ANNEES[0]));
      await page.waitForSelector('#bilan-recherche');
      await chercher('carsat nord');
      await page.waitForURL(new RegExp(`organismes/${ORGANISME}\\.html`));
      await page.waitForSelector('#bilan-recherche');
      await chercher('10');
      await page.waitForURL(/departements\/10\.html/);
    } finally {
      await contexte.close();
    }
  });

  it('at 390 px, a labelled « Menu » button opens the navigation', async () => {
    const { page, contexte } = await ouvrir('index.html', false, 390);
    try {
      const lien = page.locator('#observablehq-sidebar a:text-is("Méthodologie")');
      expect(await lien.isVisible()).toBe(false);
      await page.click('label.bilan-menu');
      await expect.poll(() => lien.isVisible()).toBe(true);
      expect(await page.getAttribute('#observablehq-sidebar-toggle', 'aria-label')).toMatch(/^Menu/);
    } finally {
      await contexte.close();
    }
  });

  it('prints every table whole: no table wider than the page, no header over its first row', async () => {
    for (const chemin of [
      `organismes/${ORGANISME}.html`,
      'comparaison.html?colonnes=' +
        [
          'assures_accompagnes',
          'pdp.assures_accompagnes',
          'entretiens',
          'pdp.signalements',
          'pdp.taux_transformation',
          'pdp.taux_maintien_employabilite',
          'pdp.duree_mois.mediane',
          'satisfaction.taux',
        ].join(','),
    ]) {
      // A4 portrait, 1 cm margins: 190 mm = 718 CSS px.
      const { page, contexte } = await ouvrir(chemin, false, 718);
      try {
        await page.emulateMedia({ media: 'print' });
        const tables = await page.$$eval('table', (ts) =>
          ts
            .filter((t) => t.getClientRects().length > 0)
            .map((t) => {
              const r = t.getBoundingClientRect();
              const tete = t.tHead?.getBoundingClientRect();
              const premiere = t.tBodies[0]?.rows[0]?.getBoundingClientRect();
              return {
                droite: r.right,
                largeur: t.scrollWidth,
                visible: t.parentElement!.clientWidth,
                teteBas: tete?.bottom ?? 0,
                premiereHaut: premiere?.top ?? Infinity,
              };
            }),
        );
        expect(tables.length, chemin).toBeGreaterThan(0);
        for (const t of tables) {
          expect(t.droite, chemin).toBeLessThanOrEqual(718 + 0.5);
          expect(t.largeur, chemin).toBeLessThanOrEqual(t.visible + 0.5);
          expect(t.teteBas, chemin).toBeLessThanOrEqual(t.premiereHaut + 0.5);
        }
      } finally {
        await contexte.close();
      }
    }
  }, 600_000);
});
