// Reading a PDF report with poppler (an independent reader of what chromium printed): the text of
// each page, where the annex starts, and the size and position of every word.
import { execFileSync } from 'node:child_process';
import { TITRE_ANNEXE } from '../../src/export/report.ts';

/** The text of each page (pdftotext, reading order), spaces of every width as one space. */
export function textePages(pdf: string): string[] {
  const texte = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return texte
    .split('\f')
    .slice(0, -1)
    .map((p) => p.replace(/[\u00a0\u202f\u2009]/g, ' ').replace(/[ \t]+/g, ' '));
}

/** Pages of the main part (before the annex) and of the annex (from the page that opens with its
 *  title to the end). */
export function parties(pages: readonly string[]): { principal: number; annexe: number } {
  const debut = pages.findIndex((p) => p.trimStart().split('\n')[0]!.trim() === TITRE_ANNEXE);
  if (debut < 0) throw new Error('pas d’annexe');
  return { principal: debut, annexe: pages.length - debut };
}

/** The text of the pages without their footer (report title, page number), as one string: a
 *  sentence cut by a page break reads whole. */
export function texteSuivi(pages: readonly string[], pied: string): string {
  return pages
    .flatMap((p) => p.split('\n'))
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith(pied) && !/^Page \d+ sur \d+$/.test(l))
    .join(' ')
    .replace(/ +/g, ' ');
}

/** Every word with its box: poppler's word boxes (height ≈ 1,16 × font size in Inter). */
function mots(pdf: string): { page: number; largeur: number; xMin: number; xMax: number; hauteur: number; texte: string }[] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return [...html.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)].flatMap(([, largeur, , contenu], page) =>
    [...contenu!.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      page,
      largeur: Number(largeur),
      xMin: Number(m[1]),
      xMax: Number(m[3]),
      hauteur: Number(m[4]) - Number(m[2]),
      texte: m[5]!,
    })),
  );
}

/** Every word checked: under 9 pt, or outside the page's margins (16 mm = 45 pt each side, 1 pt
 *  of tolerance): the words that are, and how many words there are. */
export function controlerMots(pdf: string): { mots: number; petits: string[]; horsMarges: string[] } {
  const tous = mots(pdf);
  return {
    mots: tous.length,
    petits: tous.filter((m) => m.hauteur < 9 * 1.1).map((m) => `« ${m.texte} » p. ${m.page + 1} : ${(m.hauteur / 1.16).toFixed(1)} pt`),
    horsMarges: tous.filter((m) => m.xMin < 45 - 1 || m.xMax > m.largeur - 45 + 1).map((m) => `« ${m.texte} » p. ${m.page + 1}`),
  };
}
