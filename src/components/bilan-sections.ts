// The sections of a scope's bilan on its page, from the one declaration of src/charts/sections.ts
// (the exporter and the PDF read the same): heading, commentary, charts side by side. Browser only.
import type { ContexteBilan } from '../data/site-model.js';
import { SECTIONS_BILAN } from '../charts/sections.js';
import { graphique } from './chart.js';
import { el, paragraphes } from './dom.js';

/** The headings, commentary and charts of every section of a bilan, in the order of the declaration. */
export function sectionsBilan(ctx: ContexteBilan): HTMLElement {
  return el(
    'div',
    { class: 'bilan-sections' },
    SECTIONS_BILAN.map((s) =>
      el(
        'section',
        {},
        el(
          s.niveau === 2 ? 'h2' : 'h3',
          {
            id: s.titre
              .normalize('NFD')
              .replace(/[\u0300-\u036f]/g, '')
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-'),
          },
          s.titre,
        ),
        s.commentaire ? el('div', { class: 'bilan-bloc' }, paragraphes(s.commentaire(ctx))) : null,
        s.graphiques.length
          ? el(
              'div',
              { class: 'bilan-grille' },
              s.graphiques.map((g) => graphique(g.spec(ctx))),
            )
          : null,
      ),
    ),
  );
}
