// Accessible HTML tables: a chart's data table (text alternative), and sortable tables of
// figures (comparison page, children of a scope). Headers are real <th> with scope; sorting
// uses buttons in the headers, so it works with the keyboard. Browser only.
import type { Tableau } from '../charts/index.js';
import { el } from './dom.js';

/** The HTML table of a chart's data. */
export function tableauHtml(t: Tableau, o: { legende?: string } = {}): HTMLTableElement {
  return el(
    'table',
    { class: 'bilan-tableau' },
    el('caption', {}, o.legende ?? t.titre),
    el(
      'thead',
      {},
      el(
        'tr',
        {},
        t.entetes.map((h, i) => el('th', { scope: 'col', class: t.colonnesValeurs.includes(i) ? 'nombre' : null }, h)),
      ),
    ),
    el(
      'tbody',
      {},
      t.lignes.map((l) =>
        el(
          'tr',
          {},
          l.map((c, i) =>
            i === 0
              ? el('th', { scope: 'row' }, c.texte)
              : el('td', { class: t.colonnesValeurs.includes(i) ? 'nombre' : null, 'data-valeur': c.valeur ?? null }, c.texte),
          ),
        ),
      ),
    ),
    t.notes.length ? el('tfoot', {}, el('tr', {}, el('td', { colspan: t.entetes.length }, t.notes.join(' ; ')))) : null,
  );
}

/** A column of a sortable table. */
export interface Colonne<T> {
  titre: string;
  /** Text of the cell. */
  texte: (ligne: T) => string;
  /** Sort key (number: numeric sort, null last); absent: sorts by text. */
  cle?: (ligne: T) => number | string | null;
  /** Link of the cell, if any. */
  lien?: (ligne: T) => string | null;
  nombre?: boolean;
  /** Attributes of the cell (e.g. data-indicateur for the tests). */
  attributs?: (ligne: T) => Record<string, string>;
}

/** A table sortable by any column (buttons in the headers, aria-sort on the sorted one). */
export function tableauTriable<T>(
  lignes: readonly T[],
  colonnes: readonly Colonne<T>[],
  o: { legende: string; tri?: number; decroissant?: boolean; surligne?: (l: T) => boolean },
): HTMLElement {
  let tri = o.tri ?? 0;
  let decroissant = o.decroissant ?? false;
  const tbody = el('tbody');
  const entetes = colonnes.map((c, i) => {
    const bouton = el('button', { type: 'button', class: 'bilan-tri' }, c.titre);
    bouton.addEventListener('click', () => {
      decroissant = tri === i ? !decroissant : !!c.nombre;
      tri = i;
      rendre();
    });
    return el('th', { scope: 'col', class: c.nombre ? 'nombre' : null }, bouton);
  });
  const cleDe = (c: Colonne<T>, l: T) => (c.cle ? c.cle(l) : c.texte(l));
  function rendre(): void {
    const c = colonnes[tri]!;
    const triees = [...lignes].sort((a, b) => {
      const x = cleDe(c, a),
        y = cleDe(c, b);
      if (x === null || y === null) return x === null && y === null ? 0 : x === null ? 1 : -1;
      const r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'fr', { numeric: true });
      return decroissant ? -r : r;
    });
    entetes.forEach((th, i) =>
      i === tri ? th.setAttribute('aria-sort', decroissant ? 'descending' : 'ascending') : th.removeAttribute('aria-sort'),
    );
    tbody.replaceChildren(
      ...triees.map((l) =>
        el(
          'tr',
          { class: o.surligne?.(l) ? 'surligne' : null },
          colonnes.map((col, i) => {
            const lien = col.lien?.(l);
            const contenu = lien ? el('a', { href: lien }, col.texte(l)) : col.texte(l);
            const attrs = { class: col.nombre ? 'nombre' : null, ...(col.attributs?.(l) ?? {}) };
            return i === 0 ? el('th', { scope: 'row', ...attrs }, contenu) : el('td', attrs, contenu);
          }),
        ),
      ),
    );
  }
  rendre();
  return el(
    'div',
    { class: 'bilan-defilement', tabindex: 0, role: 'region', 'aria-label': o.legende },
    el(
      'table',
      { class: 'bilan-tableau bilan-tableau--triable' },
      el('caption', {}, o.legende, el('span', { class: 'bilan-aide' }, ' — cliquer sur un titre de colonne pour trier')),
      el('thead', {}, el('tr', {}, entetes)),
      tbody,
    ),
  );
}
