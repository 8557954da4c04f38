// Observable Framework configuration of the bilan site (root src/, output dist/ or BILAN_SITE).
// Offline by design: no Google Fonts (globalStylesheets: []), system fonts, no search index
// fetched from a CDN, every library bundled from node_modules. Inputs: the warehouse BILAN_DB
// (default data/warehouse.duckdb) read by the loaders of src/data and, here, for the scope pages,
// the search list and the synthetic-data banner (src/site/shell.ts). Links are written relative
// and with their `.html` (preserveExtension, preserveIndex): dist/ works on any static server, at
// the root or under a sub-path, with no address rewriting. `bilan build` then finishes the pages
// (src/site/html.ts).
import { resolve } from 'node:path';
import { DEPARTEMENTS, ORGANISMES } from './src/contract/reference.ts';
import { lireNavigation } from './src/data/published-reader.ts';
import { lienPerimetre } from './src/data/site-model.ts';
import { PAGES } from './src/site/pages.ts';
import { entete, PIED, SCRIPT_NAVIGATION } from './src/site/shell.ts';

const racine = import.meta.dirname;

/** The scopes with a page and the provenance of the data, read once from the warehouse. */
const navigation = await lireNavigation();

/** Names of the scopes, for the titles of the dynamic pages ({{nom}} in their Markdown). */
const NOMS: Record<string, Record<string, string>> = {
  organismes: Object.fromEntries(ORGANISMES.map((o) => [o.organisme, o.nom])),
  departements: Object.fromEntries(DEPARTEMENTS.map((d) => [d.departement, `${d.nom} (${d.departement})`])),
};

interface Jeton {
  type: string;
  content: string;
  children?: Jeton[] | null;
}
interface MarkdownIt {
  core: {
    ruler: {
      push: (nom: string, regle: (etat: { tokens: Jeton[]; env: { path?: string; params?: Record<string, string> } }) => void) => void;
    };
  };
}

/**
 * Markdown-it plugin: in a dynamic page (organismes/[code].md, departements/[code].md), replaces
 * {{nom}} by the scope's name at build time, so the page's <h1> and <title> carry it.
 */
function nomsDesPerimetres(md: MarkdownIt): MarkdownIt {
  md.core.ruler.push('bilan_noms', (etat) => {
    const code = etat.env.params?.code;
    const dossier = (etat.env.path ?? '').split('/').filter(Boolean)[0] ?? '';
    if (!code) return;
    const nom = NOMS[dossier]?.[code] ?? code;
    const remplacer = (t: Jeton) => {
      if (t.content.includes('{{nom}}')) t.content = t.content.replaceAll('{{nom}}', nom);
      t.children?.forEach(remplacer);
    };
    etat.tokens.forEach(remplacer);
  });
  return md;
}

export default {
  root: 'src',
  output: process.env.BILAN_SITE ?? 'dist',
  title: 'Bilan PDP',
  globalStylesheets: [],
  style: 'style.css',
  search: false,
  pager: false,
  toc: { show: true, label: 'Sur cette page' },
  linkify: false,
  head: [
    '<meta name="description" content="Bilan annuel du service social de l\'Assurance Maladie : prévention de la désinsertion professionnelle (PDP) et sécurisation des parcours en santé (SPS).">',
    '<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 viewBox=%220 0 16 16%22%3E%3Crect width=%2216%22 height=%2216%22 rx=%223%22 fill=%22%230072B2%22/%3E%3C/svg%3E">',
    // <html lang="fr"> is also written into the built files by `bilan build`; this covers the preview.
    `<script>document.documentElement.lang = "fr"; addEventListener("DOMContentLoaded", () => {
  if (document.querySelector(".bilan-evitement")) return;
  const a = document.createElement("a"); a.href = "#observablehq-main"; a.className = "bilan-evitement"; a.textContent = "Aller au contenu";
  document.body.prepend(a);
});</script>`,
    SCRIPT_NAVIGATION,
  ].join('\n'),
  header: ({ path }: { path: string }) => entete(path, navigation.perimetres, navigation.provenance),
  footer: PIED,
  pages: PAGES.map((p) => ({ ...p })),
  preserveExtension: true,
  preserveIndex: true,
  dynamicPaths: navigation.perimetres.map((p) => `/${lienPerimetre(p.niveau, p.code).replace(/\.html$/, '')}`),
  interpreters: { '.ts': [resolve(racine, 'node_modules', '.bin', 'tsx')] },
  markdownIt: nomsDesPerimetres,
};
