// Form controls for the pages (year, indicator, level, sort): a labelled native <select>, whose
// `value` and `input` event work with Framework's view(). Native controls keep keyboard use and
// screen readers right. The chosen year is kept in the address (?annee=2024) so links and
// bookmarks reopen the same year. Browser only.
import { el } from './dom.js';

/** A labelled select over options; `value` is the chosen option's value (typed). */
export function choix<T extends string | number>(options: readonly { valeur: T; libelle: string }[], o: { libelle: string; valeur?: T; nom?: string }): HTMLElement & { value: T } {
  const id = `choix-${o.nom ?? Math.random().toString(36).slice(2)}`;
  const select = el('select', { id, name: o.nom ?? null }, options.map((x, i) => el('option', { value: String(i), selected: x.valeur === o.valeur }, x.libelle)));
  const bloc = el('div', { class: 'bilan-choix' }, el('label', { for: id }, o.libelle), select) as unknown as HTMLElement & { value: T };
  Object.defineProperty(bloc, 'value', { get: () => options[select.selectedIndex]?.valeur ?? options[0]!.valeur });
  select.addEventListener('change', () => bloc.dispatchEvent(new Event('input', { bubbles: true })));
  return bloc;
}

/** The year asked for in the address, if it is one of `annees`. */
export function anneeDemandee(annees: readonly number[]): number | undefined {
  const a = Number(new URLSearchParams(location.search).get('annee'));
  return annees.includes(a) ? a : undefined;
}

/** The year selector (default: ?annee= in the address, else the latest year); keeps the address up to date. */
export function selecteurAnnee(annees: readonly number[]): HTMLElement & { value: number } {
  const decroissantes = [...annees].sort((a, b) => b - a);
  const s = choix(decroissantes.map((a) => ({ valeur: a, libelle: String(a) })), { libelle: 'Année', valeur: anneeDemandee(annees) ?? decroissantes[0], nom: 'annee' });
  s.addEventListener('input', () => {
    const url = new URL(location.href);
    url.searchParams.set('annee', String(s.value));
    history.replaceState(null, '', url);
    for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>("a[data-lien-annee]"))) a.search = `?annee=${s.value}`;
  });
  return s;
}

/** A link that carries the chosen year (updated when the year changes). */
export function lienAnnee(href: string, texte: string, annee: number): HTMLAnchorElement {
  return el('a', { href: `${href}?annee=${annee}`, 'data-lien-annee': true }, texte);
}

/** A labelled search field; `value` is its text. */
export function recherche(o: { libelle: string; nom: string; exemple?: string }): HTMLElement & { value: string } {
  const id = `recherche-${o.nom}`;
  const input = el('input', { id, name: o.nom, type: 'search', placeholder: o.exemple ?? null });
  const bloc = el('div', { class: 'bilan-choix' }, el('label', { for: id }, o.libelle), input) as unknown as HTMLElement & { value: string };
  Object.defineProperty(bloc, 'value', { get: () => input.value });
  return bloc;
}
