// Building blocks of a bilan page: key figures with their change over a year and their parents'
// values, the table of a scope's children, the legend of the suppression marks, links between
// scopes. Browser only; figures come from the published set through ContexteBilan.
import { formatCellule, legendeSecret, estAffichable, MARQUE_SECRET, MARQUE_SANS_OBJET, type Unite } from '../format/index.js';
import { texte, variation } from '../commentary/index.js';
import {
  decoder,
  lienPerimetre,
  INDICATEURS_PRINCIPAUX,
  type BilanPerimetre,
  type ContexteBilan,
  type JeuPerimetre,
  type Meta,
} from '../data/site-model.js';
import { el } from './dom.js';
import { tableauTriable, type Colonne } from './table.js';

/** A key figure to show. */
export interface ChiffreCle {
  id: string;
  /** Label under the number (« assurés accompagnés en PDP »). */
  libelle: string;
}

/** Key figures: big numbers with their change over one year and the parents' values. */
export function chiffresCles(ctx: ContexteBilan, items: readonly ChiffreCle[]): HTMLElement {
  return el(
    'div',
    { class: 'bilan-chiffres' },
    items.map((i) => {
      const c = ctx.perimetre.lire(i.id, ctx.annee);
      const v = variation(ctx, i.id);
      const montre = estAffichable(c);
      const reperes = ctx.parents.map((p) => `${p.nom} : ${texte(ctx, i.id, p)}`);
      return el(
        'div',
        { class: 'bilan-chiffre' },
        el(
          'div',
          {
            class: `bilan-chiffre__valeur${montre ? '' : ' secret'}`,
            'data-indicateur': i.id,
            'data-annee': ctx.annee,
            'data-perimetre': `${ctx.perimetre.niveau}:${ctx.perimetre.code}`,
          },
          texte(ctx, i.id),
        ),
        el('div', { class: 'bilan-chiffre__libelle' }, i.libelle),
        v
          ? el(
              'div',
              { class: `bilan-chiffre__variation sens-${v.sens === 1 ? 'hausse' : v.sens === -1 ? 'baisse' : 'stable'}` },
              el('span', { 'aria-hidden': 'true' }, v.sens === 1 ? '▲ ' : v.sens === -1 ? '▼ ' : '● '),
              `${v.texte} sur un an`,
            )
          : null,
        reperes.length ? el('div', { class: 'bilan-chiffre__reperes' }, reperes.join(' · ')) : null,
      );
    }),
  );
}

/** The legend of the marks of values not shown (secret statistique). */
export function legendeMarques(seuil: number): HTMLElement {
  return el(
    'details',
    { class: 'bilan-legende' },
    el('summary', {}, `Valeurs non diffusées : que signifient « ${MARQUE_SECRET} » et « ${MARQUE_SANS_OBJET} » ?`),
    el(
      'dl',
      {},
      legendeSecret(seuil).flatMap((l) => [el('dt', {}, l.marque), el('dd', {}, l.sens)]),
    ),
  );
}

/** Main figures of several scopes side by side (children of a scope, with the scope itself). */
export function tableauPerimetres(
  jeux: readonly JeuPerimetre[],
  annees: readonly number[],
  annee: number,
  meta: Pick<Meta, 'indicateurs' | 'seuil'>,
  o: { legende: string; racine: string; ids?: readonly string[]; surligne?: string },
): HTMLElement {
  const metas = new Map(meta.indicateurs.map((m) => [m.id, m]));
  const ids = (o.ids ?? INDICATEURS_PRINCIPAUX).filter((id) => metas.has(id) && jeux.some((j) => j.valeurs[id]));
  const rang = annees.indexOf(annee);
  const unite = (id: string): Unite => metas.get(id)?.unite ?? 'evenements';
  const colonnes: Colonne<JeuPerimetre>[] = [
    { titre: 'Périmètre', texte: (j) => j.nom, lien: (j) => (j.niveau === 'national' ? null : `${o.racine}${j.lien}?annee=${annee}`) },
    ...ids.map((id): Colonne<JeuPerimetre> => ({
      titre: metas.get(id)!.libelle,
      nombre: true,
      texte: (j) => formatCellule(decoder(j.valeurs[id]?.[rang]), unite(id), meta.seuil),
      cle: (j) => decoder(j.valeurs[id]?.[rang]).valeur,
      attributs: (j) => ({ 'data-indicateur': id, 'data-annee': String(annee), 'data-perimetre': `${j.niveau}:${j.code}` }),
    })),
  ];
  return tableauTriable(jeux, colonnes, { legende: o.legende, surligne: (j) => j.code === o.surligne });
}

/** Main figures of a few scopes side by side, one row per indicator, one column per scope (a scope
 *  with its children, or with its parents): easier to read than a wide table when scopes are few. */
export function tableauComparatif(
  jeux: readonly JeuPerimetre[],
  annees: readonly number[],
  annee: number,
  meta: Pick<Meta, 'indicateurs' | 'seuil'>,
  o: { legende: string; racine: string; ids?: readonly string[] },
): HTMLElement {
  const metas = new Map(meta.indicateurs.map((m) => [m.id, m]));
  const ids = (o.ids ?? INDICATEURS_PRINCIPAUX).filter((id) => metas.has(id) && jeux.some((j) => j.valeurs[id]));
  const rang = annees.indexOf(annee);
  return el(
    'div',
    { class: 'bilan-defilement', tabindex: 0, role: 'region', 'aria-label': o.legende },
    el(
      'table',
      { class: 'bilan-tableau bilan-tableau--comparatif' },
      el('caption', {}, o.legende),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { scope: 'col' }, 'Indicateur'),
          jeux.map((j, i) =>
            el(
              'th',
              { scope: 'col', class: `nombre${i === 0 ? ' surligne' : ''}` },
              j.niveau === 'national' || i === 0 ? j.nom : el('a', { href: `${o.racine}${j.lien}?annee=${annee}` }, j.nom),
            ),
          ),
        ),
      ),
      el(
        'tbody',
        {},
        ids.map((id) =>
          el(
            'tr',
            {},
            el('th', { scope: 'row' }, metas.get(id)!.libelle),
            jeux.map((j, i) =>
              el(
                'td',
                {
                  class: `nombre${i === 0 ? ' surligne' : ''}`,
                  'data-indicateur': id,
                  'data-annee': annee,
                  'data-perimetre': `${j.niveau}:${j.code}`,
                },
                formatCellule(decoder(j.valeurs[id]?.[rang]), metas.get(id)!.unite, meta.seuil),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Links to the scope's parents (fil d'Ariane). */
export function filAriane(bilan: BilanPerimetre, racine: string, annee: number): HTMLElement {
  const liens = [...bilan.parents].reverse().map((p) => el('a', { href: `${racine}${p.lien}?annee=${annee}` }, p.nom));
  return el(
    'nav',
    { class: 'bilan-ariane', 'aria-label': "Fil d'Ariane" },
    el('ol', {}, [...liens.map((a) => el('li', {}, a)), el('li', { 'aria-current': 'page' }, bilan.perimetre.nom)]),
  );
}

/** The list of organismes, or of départements grouped by organisme (under headings `titre`),
 *  linked to their pages when they have data; `racine` is the site root relative to the page. */
export function listePerimetres(
  meta: Pick<Meta, 'organismes' | 'departements' | 'pages'>,
  niveau: 'organisme' | 'departement',
  annee?: number,
  o: { racine?: string; titre?: 'h2' | 'h3' } = {},
): HTMLElement {
  const racine = o.racine ?? '../';
  const titre = o.titre ?? 'h2';
  const pages = new Set(meta.pages);
  const q = annee ? `?annee=${annee}` : '';
  const item = (cle: string, href: string, texte: string) =>
    el(
      'li',
      {},
      pages.has(cle) ? el('a', { href: `${href}${q}` }, texte) : [texte, el('span', { class: 'bilan-note' }, ' (pas de données)')],
    );
  if (niveau === 'organisme') {
    return el(
      'ul',
      { class: 'bilan-liste' },
      meta.organismes.map((o) => item(`organisme:${o.code}`, `${racine}${lienPerimetre('organisme', o.code)}`, o.nom)),
    );
  }
  return el(
    'div',
    {},
    meta.organismes.map((o) =>
      el(
        'section',
        { class: 'bilan-groupe' },
        el(titre, { id: `org-${o.code}` }, o.nom),
        el(
          'ul',
          { class: 'bilan-liste' },
          meta.departements
            .filter((d) => d.organisme === o.code)
            .map((d) => item(`departement:${d.code}`, `${racine}${lienPerimetre('departement', d.code)}`, `${d.nom} (${d.code})`)),
        ),
      ),
    ),
  );
}
