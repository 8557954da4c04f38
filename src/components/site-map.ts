// The site map (RGAA asks for one): every page of the sidebar, every organisme and département
// bilan, the information pages. Browser only; the pages come from src/site/pages.ts, the scopes
// from meta.json (those with data are links).
import { listePerimetres } from './bilan-blocks.js';
import { el } from './dom.js';
import type { Meta } from '../data/site-model.js';
import { fichierPage, PAGE_ACCESSIBILITE, PAGE_PLAN, PAGES, type PageSite } from '../site/pages.js';

/** The site map of a page at the site root, links carrying `annee` when given. */
export function planDuSite(meta: Pick<Meta, 'organismes' | 'departements' | 'pages'>, annee?: number): HTMLElement {
  const q = annee ? `?annee=${annee}` : '';
  const lien = (p: PageSite) => el('li', {}, el('a', { href: `./${fichierPage(p.path)}${q}` }, p.name));
  return el(
    'div',
    { class: 'bilan-plan' },
    el('h2', { id: 'pages' }, 'Pages du bilan'),
    el('ul', {}, PAGES.map(lien)),
    el('h2', { id: 'organismes' }, 'Bilans par organisme'),
    listePerimetres(meta, 'organisme', annee, { racine: './' }),
    el('h2', { id: 'departements' }, 'Bilans par département'),
    listePerimetres(meta, 'departement', annee, { racine: './', titre: 'h3' }),
    el('h2', { id: 'informations' }, 'Informations'),
    el('ul', {}, [PAGE_PLAN, PAGE_ACCESSIBILITE].map(lien)),
  );
}
