// The pages of the site, declared once: the sidebar (observablehq.config.ts), the footer links and
// the site map page read this list. Browser-safe and pure.

/** A page of the site: its name and its Framework path (« /pdp », « /organismes/ »). */
export interface PageSite {
  name: string;
  path: string;
}

/** The pages of the sidebar, in its order. */
export const PAGES: readonly PageSite[] = [
  { name: 'Synthèse', path: '/' },
  { name: 'Prévention de la désinsertion professionnelle', path: '/pdp' },
  { name: 'Sécurisation des parcours en santé', path: '/sps' },
  { name: 'Instances et actions collectives', path: '/instances' },
  { name: 'Satisfaction', path: '/satisfaction' },
  { name: 'Comparaison régionale', path: '/comparaison' },
  { name: 'Organismes', path: '/organismes/' },
  { name: 'Départements', path: '/departements/' },
  { name: 'Évaluation des dispositifs', path: '/evaluation' },
  { name: 'Méthodologie', path: '/methodologie' },
  { name: 'Qualité des données', path: '/qualite' },
];

/** The site map and the accessibility statement (RGAA: reachable from every page, in the footer). */
export const PAGE_PLAN: PageSite = { name: 'Plan du site', path: '/plan-du-site' };
export const PAGE_ACCESSIBILITE: PageSite = { name: "Déclaration d'accessibilité", path: '/accessibilite' };

/** Conformity status of the site to the RGAA, as the footer and the statement say it (no audit yet: « non conforme »). */
export const ETAT_CONFORMITE = 'non conforme';

/** The built file of a page path: « /pdp » → « pdp.html », « / » → « index.html », « /organismes/ » → « organismes/index.html ». */
export function fichierPage(path: string): string {
  const p = path.replace(/^\//, '');
  return p === '' || p.endsWith('/') ? `${p}index.html` : `${p}.html`;
}

/** The site root relative to a page path: « /pdp » → « ./ », « /departements/10 » → « ../ ». */
export function racineDe(path: string): string {
  const profondeur = path.replace(/^\//, '').split('/').length - 1;
  return profondeur > 0 ? '../'.repeat(profondeur) : './';
}
