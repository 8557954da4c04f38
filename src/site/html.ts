// Finishing of the built pages (after `observable build`): what Framework 1.13 writes and cannot be
// configured. Node only; called once per build on the output folder (idempotent).
// - <html lang="fr">;
// - zoom allowed: Framework's viewport has `maximum-scale=1` (WCAG 1.4.4, RGAA 10.4);
// - the sidebar's list holds only <li> (Framework puts its close <label> inside the <ol>), the
//   menu button and its close button have French names;
// - a skip link first in the body;
// - opened from a folder (file://), where browsers refuse module scripts, the page shows how to
//   open the bilan instead of spinners and console errors: Framework's module scripts and
//   preloads are written inert and started by a classic script over http(s) only;
// - the 404 page loses Framework's <base href="/">, which breaks its links under a sub-path.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Name of the sidebar toggle (a checkbox Framework titles « Toggle sidebar »). */
const LIBELLE_MENU = 'Menu : afficher ou masquer la navigation';

/** Text of the skip link, first focusable element of every page. */
const LIBELLE_EVITEMENT = 'Aller au contenu';

/**
 * The message a page opened from a folder (file://) shows in place of its content (French, with
 * the three ways to read the bilan). Plain HTML, no data value.
 */
const MESSAGE_FICHIER = `<h1>Ce site s'ouvre depuis un serveur web</h1>
<p>Cette page a été ouverte comme un fichier (adresse commençant par <code>file://</code>), depuis un dossier ou un lecteur réseau. Les navigateurs n'exécutent pas les scripts d'une page ouverte ainsi : les chiffres et les graphiques ne peuvent pas s'afficher.</p>
<p>Pour consulter le bilan :</p>
<ul>
<li>ouvrir son adresse sur l'intranet (<code>https://…/</code>) : le dossier <code>dist/</code> se copie tel quel sur n'importe quel serveur web, à la racine ou dans un sous-dossier ;</li>
<li>ou, sur un poste où le projet est installé, lancer <code>npx bilan serve</code> et ouvrir l'adresse affichée ;</li>
<li>pour un partage par dossier ou par courriel, utiliser le rapport PDF et le classeur XLSX du périmètre, produits par <code>npx bilan export</code> (dossier <code>reports/</code>).</li>
</ul>`;

/** Type given to Framework's inline module scripts in the built files, so that nothing loads them
 *  as modules before ACTIVATION decides to (over http(s) only). */
const TYPE_DIFFERE = 'text/bilan-module';
/** Rel given to Framework's module preloads in the built files (a rel browsers ignore). */
const REL_DIFFERE = 'bilan-precharge';

/**
 * Classic script, first in <head>: on file:// it marks the page and, once parsed, replaces the
 * page's main content by MESSAGE_FICHIER. Over http(s) it does nothing.
 */
const GARDE_FICHIER = `<script>if (location.protocol === "file:") {
  document.documentElement.classList.add("bilan-hors-serveur");
  addEventListener("DOMContentLoaded", function () {
    var main = document.getElementById("observablehq-main");
    if (main) main.innerHTML = ${JSON.stringify(MESSAGE_FICHIER)};
  });
}</script>`;

/**
 * Classic script, last in <head>: over http(s), turns the module preloads back on at once and
 * runs Framework's module scripts when the document is parsed (as a parser-inserted module script
 * would). On file://, where browsers block module scripts, nothing is requested: no failed request
 * and no console error, only the message of GARDE_FICHIER.
 */
const ACTIVATION = `<script>if (location.protocol !== "file:") {
  document.querySelectorAll('link[rel="${REL_DIFFERE}"]').forEach(function (l) { l.rel = "modulepreload"; });
  addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll('script[type="${TYPE_DIFFERE}"]').forEach(function (s) {
      var m = document.createElement("script"); m.type = "module"; m.textContent = s.textContent; s.replaceWith(m);
    });
  });
}</script>`;

/** Finishes one page's HTML (pure; applying it twice changes nothing). */
function finirPage(html: string): string {
  let out = html
    .replace(/<html(?![^>]*\blang=)/, '<html lang="fr"')
    .replace(/(<meta name="viewport" content="[^"]*?),\s*maximum-scale=1(?:\.0)?/, '$1')
    .replace(/(<meta name="viewport" content="[^"]*?),\s*user-scalable=(?:no|0)/, '$1')
    .replace('title="Toggle sidebar"', `title="${LIBELLE_MENU}" aria-label="${LIBELLE_MENU}"`)
    .replace(
      /<body>(?!\n<a class="bilan-evitement")/,
      `<body>\n<a class="bilan-evitement" href="#observablehq-main">${LIBELLE_EVITEMENT}</a>`,
    )
    .replace(/<base href="\/">\n?/, '');
  // The close button: out of the <ol> (only <li> there), with a name.
  out = out.replace(
    /(<nav id="observablehq-sidebar">\s*<ol>)\s*<label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle"><\/label>/,
    '<nav id="observablehq-sidebar">\n  <label id="observablehq-sidebar-close" for="observablehq-sidebar-toggle" title="Fermer le menu"><span class="bilan-invisible">Fermer le menu</span></label>\n  <ol>',
  );
  if (!out.includes('bilan-hors-serveur')) {
    out = out
      .replace(/<meta charset="utf-8">/, (m) => `${m}\n${GARDE_FICHIER}`)
      .replace(/<link rel="modulepreload" /g, `<link rel="${REL_DIFFERE}" `)
      .replace(/<script type="module">/g, `<script type="${TYPE_DIFFERE}">`)
      .replace('</head>', `${ACTIVATION}\n</head>`);
  }
  return out;
}

/** Finishes every page of a built site (folders starting with « _ » are Framework's assets); returns the page count. */
export function finirPages(dossier: string): number {
  let pages = 0;
  const visiter = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const chemin = join(d, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('_')) visiter(chemin);
      } else if (e.name.endsWith('.html')) {
        const avant = readFileSync(chemin, 'utf8');
        const apres = finirPage(avant);
        if (apres !== avant) writeFileSync(chemin, apres);
        pages++;
      }
    }
  };
  visiter(dossier);
  return pages;
}
