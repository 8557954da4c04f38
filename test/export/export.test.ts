// `bilan export` on a small synthetic warehouse (one département, two years), built in the setup:
// the files written and the manifest, the SVG and PNG of the charts, the CSV and XLSX against a
// direct SQL read of `published`, the PDF report (pages, French figures), formula injection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ExcelJS from 'exceljs';
import { Resvg } from '@resvg/resvg-js';
import { PDFParse } from 'pdf-parse';
import { main, type Io } from '../../src/cli/main.ts';
import { generateExtract } from '../../src/generate/index.ts';
import { ingestFolder } from '../../src/ingest/index.ts';
import { computeFacts } from '../../src/indicators/index.ts';
import { publish } from '../../src/publication/index.ts';
import { closeWarehouse, openWarehouse, queryRows } from '../../src/warehouse/db.ts';
import { recordProvenance } from '../../src/warehouse/provenance.ts';
import { writeFileSync } from 'node:fs';
import { formatNombre, formatPart } from '../../src/format/index.ts';
import { CHIFFRES_CLES } from '../../src/data/site-model.ts';
import { taillePng } from '../../src/export/render.ts';
import type { Manifeste } from '../../src/export/index.ts';
import { decoderPng, statistiques } from './png.ts';
import { controlerMots, parties, textePages, texteSuivi } from './pdf.ts';
import { CATALOGUE } from '../../src/indicators/index.ts';
import { chromiumDisponible } from '../site/navigateur.ts';

const ANNEE = 2024;
const DEPARTEMENT = '10';
const avecChromium = chromiumDisponible('le rapport PDF');

let dossier: string;
let entrepot: string;
let sortie: string;
let manifeste: Manifeste;

interface LignePubliee {
  indicateur: string;
  valeur: number | null;
  statut: string;
  affichage: string | null;
}
/** The published rows of a scope and year, read directly (the independent route). */
let publies: Map<string, LignePubliee>;
let publiesAvant: Map<string, LignePubliee>;

/** Runs the CLI, capturing its output. */
async function bilan(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '',
    err = '';
  const io: Io = {
    out: (t) => {
      out += t;
    },
    err: (t) => {
      err += t;
    },
  };
  const code = await main(args, io);
  return { code, out, err };
}

beforeAll(async () => {
  dossier = mkdtempSync(join(tmpdir(), 'bilan-export-'));
  const extrait = join(dossier, 'extrait');
  entrepot = join(dossier, 'entrepot.duckdb');
  sortie = join(dossier, 'sortie');
  await generateExtract({
    out: extrait,
    scale: 'departement',
    departement: DEPARTEMENT,
    years: [ANNEE - 1, ANNEE],
    seed: 7,
    format: 'csv',
  });
  const w = await openWarehouse(entrepot);
  try {
    await ingestFolder(w, extrait);
    // The provenance a synthetic load records (the generator's manifest): the bilan is a demonstration.
    await recordProvenance(w.con, extrait, { synthetique: true, date_extraction: '2026-01-15' });
    await computeFacts(w);
    await publish(w, { threshold: 11 });
    const lire = async (annee: number) =>
      new Map(
        (
          await queryRows<LignePubliee>(
            w.con,
            `SELECT indicateur, valeur, statut, affichage FROM published
      WHERE annee = ${annee} AND niveau = 'departement' AND code = '${DEPARTEMENT}'`,
          )
        ).map((r) => [r.indicateur, r]),
      );
    publies = await lire(ANNEE);
    publiesAvant = await lire(ANNEE - 1);
  } finally {
    closeWarehouse(w);
  }
  const r = await bilan([
    'export',
    '--year',
    String(ANNEE),
    '--scope',
    `departement:${DEPARTEMENT}`,
    '--db',
    entrepot,
    '--out',
    sortie,
    '--json',
    ...(avecChromium ? [] : ['--sans-pdf']),
  ]);
  if (r.code !== 0) throw new Error(r.err);
  manifeste = JSON.parse(r.out) as Manifeste;
});

afterAll(() => {
  if (dossier) rmSync(dossier, { recursive: true, force: true });
});

const fichiers = (d: string): string[] =>
  readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? fichiers(join(d, e.name)) : [join(d, e.name)]));
const lireFichier = (f: string) => readFileSync(join(sortie, f));
const fichierDe = (kind: string, fin: string) => {
  const f = manifeste.files.find((x) => x.kind === kind && x.file.endsWith(fin));
  if (!f) throw new Error(`pas de ${kind} ${fin}`);
  return f;
};

describe('files of one scope', () => {
  it('writes the expected files, all listed in the manifest with their size and hash', () => {
    const charts = [
      'evolution-pdp',
      '2024-pdp-age',
      '2024-pdp-risque',
      '2024-pdp-profil',
      '2024-pdp-origine',
      '2024-parcours-pdp',
      '2024-pdp-issues',
      '2024-duree-parcours',
      '2024-pdp-preconisations',
      '2024-pdp-actions',
      '2024-sps-age',
      '2024-sps-risque',
      '2024-ic-situations',
      '2024-actions-collectives',
      'evolution-satisfaction',
      '2024-satisfaction-items',
      'evolution-maintien',
    ].map((n) => `10-${n}`);
    const attendus = [
      ...charts.flatMap((c) => [`graphiques/${c}.svg`, `graphiques/${c}.png`]),
      ...['chiffres-cles', 'comparaison', 'indicateurs', ...charts].map((t) => `tableaux/${t}.csv`),
      `bilan-${ANNEE}-departement-${DEPARTEMENT}.xlsx`,
      ...(avecChromium ? [`rapport-${ANNEE}-departement-${DEPARTEMENT}.pdf`] : []),
    ].sort();
    expect(manifeste.files.map((f) => f.file).sort()).toEqual(attendus);
    expect(
      fichiers(sortie)
        .map((f) => relative(sortie, f))
        .sort(),
    ).toEqual([...attendus, 'manifest.json'].sort());
    for (const f of manifeste.files) {
      const b = lireFichier(f.file);
      expect(f.bytes).toBe(b.length);
      expect(f.sha256).toBe(createHash('sha256').update(b).digest('hex'));
      expect(f.title.length).toBeGreaterThan(3);
    }
    expect(JSON.parse(lireFichier('manifest.json').toString())).toEqual(manifeste);
    expect(manifeste).toMatchObject({ year: ANNEE, scope: `departement:${DEPARTEMENT}`, name: 'Aube (10)', threshold: 11 });
  });
});

describe('charts', () => {
  it('an SVG parses and holds the chart title and its published values, in French', () => {
    const f = fichierDe('svg', 'evolution-pdp.svg');
    const svg = lireFichier(f.file).toString();
    expect(() => new Resvg(svg)).not.toThrow(); // a strict XML parser
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(f.title).toBe('Assurés accompagnés en PDP');
    expect(svg).toContain('Assurés accompagnés en PDP');
    expect(svg).toContain('font-family="Inter');
    // The trend writes the value of the chosen year only (no colliding labels).
    const l = publies.get('pdp.assures_accompagnes')!;
    expect(l.statut).toBe('publie');
    expect(svg).toContain(`>${formatNombre(l.valeur!)}<`);
    expect(svg).not.toContain(`>${formatNombre(publiesAvant.get('pdp.assures_accompagnes')!.valeur!)}<`);
  });

  it('a PNG is at twice the SVG size, and drawn: text with the shipped font, not blank', () => {
    const f = fichierDe('png', 'pdp-age.png');
    const png = lireFichier(f.file);
    const svg = lireFichier(f.file.replace('.png', '.svg')).toString();
    const largeurSvg = Number(/width="([\d.]+)"/.exec(svg)![1]);
    const hauteurSvg = Number(/height="([\d.]+)"/.exec(svg)![1]);
    const { largeur, hauteur } = taillePng(png);
    expect(largeur).toBe(Math.round(2 * largeurSvg));
    expect(Math.abs(hauteur - 2 * hauteurSvg)).toBeLessThanOrEqual(1);
    expect([f.width, f.height]).toEqual([largeur, hauteur]);
    const img = decoderPng(png);
    const s = statistiques(img);
    expect(s.variance).toBeGreaterThan(500);
    // The same SVG drawn without any font: the text vanishes, so there are fewer dark pixels.
    const sansTexte = statistiques(
      decoderPng(
        new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: '#ffffff', font: { loadSystemFonts: false } }).render().asPng(),
      ),
    );
    expect(s.sombres).toBeGreaterThan(sansTexte.sombres + 0.005);
  });
});

describe('tables', () => {
  it('the XLSX reads back to the published values (hidden cells as their labels, with a note)', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(lireFichier(fichierDe('xlsx', '.xlsx').file) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name).slice(0, 4)).toEqual(['Lisez-moi', 'Chiffres clés', 'Comparaison', 'Indicateurs']);
    expect(wb.worksheets).toHaveLength(4 + 17);
    const ws = wb.getWorksheet('Indicateurs')!;
    expect(ws.getRow(2).values).toEqual([undefined, 'Indicateur', 'Identifiant', 'Unité', String(ANNEE), String(ANNEE - 1)]);
    const vus = new Set<string>();
    let caches = 0;
    ws.eachRow((row, n) => {
      if (n < 3) return;
      const id = row.getCell(2).value;
      if (typeof id !== 'string' || !publies.has(id)) return;
      vus.add(id);
      for (const [col, rang] of [
        [4, publies],
        [5, publiesAvant],
      ] as const) {
        const p = rang.get(id)!;
        const cell = row.getCell(col);
        if (p.statut === 'publie') {
          expect(typeof cell.value, `${id} ${col}`).toBe('number');
          expect(cell.value as number).toBeCloseTo(p.valeur!, 9);
        } else {
          expect(cell.value, `${id} ${col}`).toBe(p.affichage);
          if (p.statut !== 'sans_objet') {
            expect(JSON.stringify(cell.note)).toContain(`« ${p.affichage} » : `);
            caches++;
          }
        }
      }
    });
    expect([...vus].sort()).toEqual([...publies.keys()].sort());
    expect(caches).toBeGreaterThan(0);
    // Shares as fractions with a percent format.
    const femmes = [...Array(ws.rowCount).keys()].map((i) => ws.getRow(i + 1)).find((r) => r.getCell(2).value === 'pdp.part_femmes')!;
    expect(femmes.getCell(4).numFmt).toBe('0.0%');
  });

  it('a CSV is UTF-8 with a BOM, « ; », decimal comma, shares in percent, hidden cells as their labels', () => {
    const t = lireFichier(fichierDe('csv', 'tableaux/indicateurs.csv').file).toString('utf8');
    expect(t.charCodeAt(0)).toBe(0xfeff);
    const lignes = t.slice(1).split('\r\n');
    expect(lignes[1]).toBe(`Indicateur;Identifiant;Unité;${ANNEE};${ANNEE - 1}`);
    const ligne = (id: string) => lignes.find((l) => l.split(';')[1] === id)!.split(';');
    const femmes = publies.get('pdp.part_femmes')!;
    expect(ligne('pdp.part_femmes')[3]).toBe(
      femmes.statut === 'publie' ? (femmes.valeur! * 100).toFixed(1).replace('.', ',') : femmes.affichage,
    );
    expect(ligne('pdp.assures_accompagnes')[3]).toBe(String(publies.get('pdp.assures_accompagnes')!.valeur));
    const cache = [...publies.values()].find((p) => p.statut.startsWith('secret'))!;
    expect(ligne(cache.indicateur)[3]).toBe(cache.affichage);
  });
});

describe.skipIf(!avecChromium)('PDF report', () => {
  it('has numbered pages, a cover, the key figures formatted the French way, the methodology', async () => {
    const pdf = lireFichier(fichierDe('pdf', '.pdf').file);
    const parseur = new PDFParse({ data: pdf });
    const texte = await parseur.getText();
    await parseur.destroy();
    const n = texte.total;
    const espaces = (s: string) => s.replace(/[\u00a0\u202f\u2009]/g, ' ').replace(/[ \t]+/g, ' ');
    const pages = texte.pages.map((p) => espaces(p.text));
    pages.forEach((p, i) => expect(p).toContain(`Page ${i + 1} sur ${n}`));
    expect(pages[0]).toContain(`Rapport d'activité ${ANNEE}`);
    expect(pages[0]).toContain('Aube (10)');
    const tout = pages.join('\n');
    for (const k of CHIFFRES_CLES) {
      const p = publies.get(k.id)!;
      const attendu = p.statut !== 'publie' ? p.affichage! : k.id.includes('taux') ? formatPart(p.valeur!) : formatNombre(p.valeur!);
      expect(espaces(pages[1]!), k.id).toContain(espaces(attendu));
    }
    expect(tout).toContain('Méthodologie et confidentialité');
    expect(tout).toContain('secret statistique');
    expect(tout).toContain('Prévention de la désinsertion professionnelle');
    // A synthetic bilan says so on every page (footer) and on the cover.
    pages.forEach((p, i) => expect(p, `page ${i + 1}`).toContain('Données synthétiques de démonstration'));
  });

  it.skipIf(!existsSync('/usr/bin/pdftotext'))(
    'is read in ten minutes: a short main part, then the annex (other charts, full tables)',
    () => {
      const pdf = join(dossier, 'rapport.pdf');
      writeFileSync(pdf, lireFichier(fichierDe('pdf', '.pdf').file));
      const pages = textePages(pdf);
      // Main part, by hand: 1 cover; 2 key figures and the synthesis; 3 the PDP profile and detection
      // commentary, the path chart; 4 the issues chart (three series, fitted to one page); 5 the rest
      // of the commentary (SPS, instances, satisfaction) and the trend of people accompanied; 6 the
      // trend of the maintien rate, then « Évaluation des dispositifs » (the export publishes the
      // evaluation with the indicators): the Aube is a flyers département, and with no other département
      // in this extract both flyers indicators read « Évaluation impossible »; no plateforme is here.
      // Annex: 12 pages for the 13 other charts (compared with two parents, three bars a category:
      // about one a page), 5 of tables, 1 of methodology.
      expect(parties(pages)).toEqual({ principal: 6, annexe: 18 });
      const principal = texteSuivi(pages.slice(0, 6), `Bilan ${ANNEE} — Aube (10)`);
      // The main part: commentary and its four main charts, no table, no annex chart.
      for (const titre of ['Du signalement à la fin du parcours PDP', 'Issue des parcours PDP finalisés', 'Assurés accompagnés en PDP'])
        expect(principal).toContain(titre);
      expect(principal).not.toContain('Âge des assurés accompagnés en PDP');
      expect(principal).not.toContain('Tableaux complets');
      expect(principal).toContain('Évaluation des dispositifs');
      expect(principal).toContain('Flyers aux médecins traitants Aube (10), Haute-Marne (52) ; démarrage en janvier 2025.');
      expect(principal).toContain('Évaluation impossible pour la part des signalements PDP venant des médecins traitants');
      expect(principal).toContain('Évaluation impossible pour le nombre de signalements PDP reçus par mois');
      expect(principal).not.toContain('Plateformes PDP');
      // The annex opens on its own page with its contents, then the other charts, the tables, the methodology.
      const annexe = texteSuivi(pages.slice(6), `Bilan ${ANNEE} — Aube (10)`);
      expect(pages[6]).toMatch(/^\s*Annexe\n/);
      for (const titre of [
        'Annexe A — Graphiques complémentaires',
        'Annexe B — Tableaux complets',
        'Annexe C — Méthodologie et confidentialité',
      ])
        expect(annexe).toContain(titre);
      expect(annexe).toContain('Âge des assurés accompagnés en PDP');
      // French labels only: no indicator id anywhere in the report.
      const ids = CATALOGUE.map((m) => m.id).filter((id) => id.includes('.'));
      expect(ids.filter((id) => pages.join('\n').includes(id))).toEqual([]);
    },
  );

  it.skipIf(!existsSync('/usr/bin/pdftotext'))('prints every text at 9 pt or more, and no table or text beyond the page', () => {
    const pdf = join(dossier, 'rapport.pdf');
    writeFileSync(pdf, lireFichier(fichierDe('pdf', '.pdf').file));
    const c = controlerMots(pdf);
    expect(c.petits).toEqual([]);
    expect(c.horsMarges).toEqual([]);
    expect(c.mots).toBeGreaterThan(1000);
  });
});

describe('the command', () => {
  it('refuses an unknown scope, a missing year, a year not published (exit 2)', async () => {
    expect((await bilan(['export', '--scope', 'national', '--db', entrepot])).code).toBe(2);
    expect((await bilan(['export', '--year', String(ANNEE), '--scope', 'departement:999', '--db', entrepot])).code).toBe(2);
    const r = await bilan(['export', '--year', '2019', '--db', entrepot, '--out', join(dossier, 'vide')]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("l'année 2019 n'est pas publiée");
    expect(existsSync(join(dossier, 'vide'))).toBe(false);
  });
  it('--scope all exports every scope with data, in worker threads, and lists them', async () => {
    const out = join(dossier, 'tous');
    const r = await bilan([
      'export',
      '--year',
      String(ANNEE),
      '--scope',
      'all',
      '--db',
      entrepot,
      '--out',
      out,
      '--sans-pdf',
      '--jobs',
      '2',
    ]);
    expect(r.code, r.err).toBe(0);
    const index = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      scopes: { scope: string; folder: string; files: number }[];
      without_data: string[];
    };
    // The extract covers one département: the nation, its organisme and itself have data.
    expect(index.scopes.map((s) => s.scope)).toEqual(['national', 'organisme:CARSAT_NE', `departement:${DEPARTEMENT}`]);
    expect(index.without_data).toHaveLength(123 - 3);
    for (const s of index.scopes) {
      const m = JSON.parse(readFileSync(join(out, s.folder, 'manifest.json'), 'utf8')) as Manifeste;
      expect(m.files).toHaveLength(s.files);
      expect(m.files.filter((f) => f.kind === 'png')).toHaveLength(17);
    }
    // The département's files are those of a single-scope export (tables and charts, same bytes).
    const xlsx = (m: Manifeste) => m.files.find((f) => f.kind === 'xlsx')!;
    for (const f of [
      fichierDe('csv', 'tableaux/indicateurs.csv'),
      fichierDe('svg', 'pdp-issues.svg'),
      fichierDe('png', 'pdp-issues.png'),
      xlsx(manifeste),
    ]) {
      expect(readFileSync(join(out, `departement-${DEPARTEMENT}`, f.file)).equals(lireFichier(f.file)), f.file).toBe(true);
    }
  });

  it("refuses an --out holding another scope's export (exit 2, one French line), replaces its own whole", async () => {
    const r = await bilan([
      'export',
      '--year',
      String(ANNEE),
      '--scope',
      'organisme:CARSAT_NE',
      '--db',
      entrepot,
      '--out',
      sortie,
      '--sans-pdf',
    ]);
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain("n'est pas vide");
    expect(JSON.parse(lireFichier('manifest.json').toString())).toEqual(manifeste);
    // A folder of other files is refused too.
    const autre = join(dossier, 'autre');
    mkdirSync(autre);
    writeFileSync(join(autre, 'notes.txt'), 'à garder');
    expect(
      (
        await bilan([
          'export',
          '--year',
          String(ANNEE),
          '--scope',
          `departement:${DEPARTEMENT}`,
          '--db',
          entrepot,
          '--out',
          autre,
          '--sans-pdf',
        ])
      ).code,
    ).toBe(2);
    expect(readFileSync(join(autre, 'notes.txt'), 'utf8')).toBe('à garder');
    // The same scope and year: written again whole (a stray file of the previous run is gone).
    const meme = join(dossier, 'meme');
    expect(
      (
        await bilan([
          'export',
          '--year',
          String(ANNEE),
          '--scope',
          `departement:${DEPARTEMENT}`,
          '--db',
          entrepot,
          '--out',
          meme,
          '--sans-pdf',
        ])
      ).code,
    ).toBe(0);
    writeFileSync(join(meme, 'graphiques', 'ancien.svg'), '<svg/>');
    expect(
      (
        await bilan([
          'export',
          '--year',
          String(ANNEE),
          '--scope',
          `departement:${DEPARTEMENT}`,
          '--db',
          entrepot,
          '--out',
          meme,
          '--sans-pdf',
        ])
      ).code,
    ).toBe(0);
    expect(existsSync(join(meme, 'graphiques', 'ancien.svg'))).toBe(false);
  });

  it('an organisme has the table of its départements', async () => {
    const out = join(dossier, 'organisme');
    const r = await bilan([
      'export',
      '--year',
      String(ANNEE),
      '--scope',
      'organisme:CARSAT_NE',
      '--db',
      entrepot,
      '--out',
      out,
      '--sans-pdf',
    ]);
    expect(r.code).toBe(0);
    const csv = readFileSync(join(out, 'tableaux', 'departements.csv'), 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/départements/);
    expect(csv.some((l) => l.startsWith('Aube (10);'))).toBe(true);
    expect(statSync(join(out, 'manifest.json')).size).toBeGreaterThan(100);
  });
});
