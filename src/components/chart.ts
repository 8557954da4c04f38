// A chart on a page: the Vega-Lite spec rendered as SVG with vega-embed, download buttons (SVG,
// PNG, data as CSV and XLSX) and the chart's numbers as a table (its text alternative).
// Browser only. The spec comes from src/charts; the table from the same spec (data.ts); the CSV and
// XLSX files are written by the exporter's writers (src/export/spreadsheet.ts: formula injection
// neutralised, no « -0 », marks explained), loaded on first download.
import embed from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import { aLargeur, tableauDe, type MetaGraphique, type Tableau } from '../charts/index.js';
import { legendeSecret } from '../format/index.js';
import { tableauGraphique } from '../export/tables.js';
import { el, telecharger } from './dom.js';
import { tableauHtml } from './table.js';

/** Options of a chart figure. */
export interface OptionsGraphique {
  /** Show the data table open (default: folded under « Voir les données »). */
  donneesOuvertes?: boolean;
  /** Extra class on the figure. */
  classe?: string;
}

/** A figure: the chart, its download buttons and its data table. */
export function graphique(spec: TopLevelSpec, o: OptionsGraphique = {}): HTMLElement {
  const meta = spec.usermeta as unknown as MetaGraphique;
  const tableau = tableauDe(spec);
  const vue = el('div', { class: 'bilan-graphique__vue' });
  const boutons = (['SVG', 'PNG', 'CSV', 'XLSX'] as const).map((format) =>
    el(
      'button',
      {
        type: 'button',
        class: 'bilan-bouton',
        'data-format': format.toLowerCase(),
        disabled: format === 'SVG' || format === 'PNG',
        'aria-label': `Télécharger « ${tableau.titre} » en ${format}${format === 'CSV' || format === 'XLSX' ? ' (données)' : ''}`,
      },
      format,
    ),
  );
  const figure = el(
    'figure',
    { class: `bilan-graphique ${o.classe ?? ''}`.trim(), 'data-graphique': meta.fichier, 'data-rendu': 'en-cours' },
    vue,
    el(
      'div',
      { class: 'bilan-graphique__pied' },
      el(
        'div',
        { class: 'bilan-graphique__actions', role: 'group', 'aria-label': 'Télécharger' },
        el('span', { class: 'bilan-graphique__libelle' }, 'Télécharger :'),
        boutons,
      ),
      el(
        'details',
        { class: 'bilan-graphique__donnees', open: !!o.donneesOuvertes },
        el('summary', {}, 'Voir les données'),
        tableauHtml(tableau),
      ),
    ),
  );
  let view: Awaited<ReturnType<typeof embed>>['view'] | null = null;
  for (const b of boutons)
    b.addEventListener(
      'click',
      () => void exporter(b.dataset.format!, spec, tableau, meta, view).catch((e: unknown) => signaler(figure, e)),
    );
  // Single-view charts (autosize fit-x) take the width of their container once it is laid out.
  // logLevel 1 (errors only): Vega-Lite warns about dropping "fit-y" on step heights, which is intended.
  largeurDisponible(vue)
    .then((largeur) =>
      embed(vue, (largeur ? aLargeur(spec, largeur) : spec) as never, {
        renderer: 'svg',
        actions: false,
        defaultStyle: false,
        logLevel: 1,
        tooltip: { theme: 'light' },
      }),
    )
    .then((r) => {
      view = r.view;
      nommerSvg(vue, tableau.titre);
      figure.dataset.rendu = 'ok';
      for (const b of boutons) b.disabled = false;
    })
    .catch((e: unknown) => {
      figure.dataset.rendu = 'erreur';
      signaler(figure, e);
    });
  return figure;
}

/** Gives the drawn SVG one accessible name (« Graphique : <titre> … ») and hides its marks from
 *  assistive technologies: the figure's data table is the chart's text alternative. */
function nommerSvg(vue: HTMLElement, titre: string): void {
  const svg = vue.querySelector('svg');
  if (!svg) return;
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Graphique : ${titre}. Ses valeurs sont dans le tableau « Voir les données » sous le graphique.`);
  svg.removeAttribute('aria-roledescription');
  for (const enfant of Array.from(svg.children)) enfant.setAttribute('aria-hidden', 'true');
}

/** The width of an element once it is in the page and laid out (0 if it never is within 2 s). */
function largeurDisponible(e: HTMLElement): Promise<number> {
  return new Promise((accept) => {
    const debut = performance.now();
    const essayer = () => {
      const l = Math.floor(e.getBoundingClientRect().width);
      if (l > 0 || performance.now() - debut > 2000) accept(l);
      else requestAnimationFrame(essayer);
    };
    essayer();
  });
}

function signaler(figure: HTMLElement, e: unknown): void {
  console.error(e);
  figure.prepend(
    el('p', { class: 'bilan-erreur', role: 'alert' }, "Le graphique n'a pas pu être affiché ; ses données restent disponibles ci-dessous."),
  );
}

type Vue = { toSVG: () => Promise<string>; toImageURL: (type: string, scale?: number) => Promise<string> } | null;

/** Writes one download. */
async function exporter(format: string, spec: TopLevelSpec, tableau: Tableau, meta: MetaGraphique, view: Vue): Promise<void> {
  const nom = meta.fichier;
  if (format === 'svg' && view) {
    telecharger(new Blob([await view.toSVG()], { type: 'image/svg+xml;charset=utf-8' }), `${nom}.svg`);
  } else if (format === 'png' && view) {
    const url = await view.toImageURL('png', 2);
    telecharger(await (await fetch(url)).blob(), `${nom}.png`);
  } else if (format === 'csv') {
    const { csv } = await import('../export/spreadsheet.js');
    // csv() starts with the BOM French Excel needs.
    telecharger(new Blob([csv(tableauGraphique(spec, tableau.titre))], { type: 'text/csv;charset=utf-8' }), `${nom}.csv`);
  } else if (format === 'xlsx') {
    telecharger(await classeurGraphique(spec), `${nom}.xlsx`);
  }
}

/** The chart's table as an XLSX workbook, by the exporter's writer (exceljs, loaded on first use). */
async function classeurGraphique(spec: TopLevelSpec): Promise<Blob> {
  const { classeur: ecrireClasseur, marqueTableur } = await import('../export/spreadsheet.js');
  const meta = spec.usermeta as unknown as MetaGraphique;
  const t = tableauGraphique(spec, 'Données');
  const octets = await ecrireClasseur(
    [t],
    {
      titre: t.titre,
      lignes: [
        [
          'Source',
          [...meta.sousTitres].filter((l) => l.startsWith('Source') || l.startsWith('Données synthétiques')).join(' — ') ||
            "Service social de l'Assurance Maladie",
        ],
        ...legendeSecret(meta.seuil).map((l): [string, string] => [`« ${marqueTableur(l.marque)} »`, l.sens]),
      ],
    },
    meta.seuil,
  );
  return new Blob([octets as BlobPart], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
