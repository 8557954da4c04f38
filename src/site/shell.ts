// What every page carries around its content (Framework's `head`, `header` and `footer`, built
// once per page at build time from the warehouse's Navigation):
// - the « Données synthétiques de démonstration » banner when the data come from the generator;
// - a search box to reach any organisme or département page (works offline: the list is in the
//   page, a small classic script filters it; without script the form opens the site map);
// - a visible « Menu » button on narrow screens;
// - the chosen year kept across pages (?annee= carried by every link to a page of the site);
// - the footer: methodology, site map, accessibility statement.
import { ETAT_CONFORMITE, fichierPage, PAGE_ACCESSIBILITE, PAGE_PLAN, racineDe } from './pages.ts';
import { lienPerimetre } from '../data/site-model.ts';
import { MENTION_SYNTHETIQUE } from '../charts/common.ts';
import type { Provenance } from '../warehouse/provenance.ts';

/** Escapes text for HTML content and attribute values. */
function echapper(t: string): string {
  return t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export { MENTION_SYNTHETIQUE };

/** A scope that has a page, for the search box. */
export interface PerimetreRecherche {
  niveau: 'organisme' | 'departement';
  code: string;
  nom: string;
}

/** The label of a scope in the search list: « Aube (10) », « Carsat Nord-Est ». */
function libelleRecherche(p: PerimetreRecherche): string {
  return p.niveau === 'departement' ? `${p.nom} (${p.code})` : p.nom;
}

/** The banner saying the figures are synthetic (empty on a real extract). */
function banniereProvenance(provenance: Provenance): string {
  if (!provenance.synthetique) return '';
  return `<p class="bilan-demo" role="note"><strong>${MENTION_SYNTHETIQUE}</strong> : ce bilan est calculé sur un extrait fictif, produit par le générateur du projet (<code>bilan generate</code>). Ses chiffres, ses évolutions et ses évaluations ne décrivent aucune activité réelle.</p>`;
}

/** The header of a page at `path` (Framework path, « /departements/10 »). */
export function entete(path: string, perimetres: readonly PerimetreRecherche[], provenance: Provenance): string {
  const racine = racineDe(path);
  const options = perimetres
    .map(
      (p) =>
        `<option value="${echapper(libelleRecherche(p))}" data-code="${echapper(p.code)}" data-href="${echapper(racine + lienPerimetre(p.niveau, p.code))}"></option>`,
    )
    .join('');
  return `<div class="bilan-entete">
<label class="bilan-menu" for="observablehq-sidebar-toggle"><span aria-hidden="true">☰</span> Menu</label>
<form class="bilan-recherche" role="search" action="${racine}${fichierPage(PAGE_PLAN.path)}" method="get">
<label for="bilan-recherche">Aller au bilan d'un organisme ou d'un département</label>
<div class="bilan-recherche__champ"><input id="bilan-recherche" name="q" type="search" list="bilan-perimetres" autocomplete="off" placeholder="nom ou numéro : Aube, 10, Carsat Nord-Est"><button type="submit" class="bilan-bouton">Ouvrir</button></div>
<datalist id="bilan-perimetres">${options}</datalist>
<div class="bilan-recherche__resultats" aria-live="polite"></div>
</form>
</div>${banniereProvenance(provenance)}`;
}

/** The footer (Framework rewrites its links relative to each page, with their `.html`). */
export const PIED = `Bilan du service social de l'Assurance Maladie — chiffres issus de l'extrait anonymisé, après application de la règle de confidentialité (voir la <a href="/methodologie">méthodologie</a>).
<br><a href="${PAGE_PLAN.path}">${PAGE_PLAN.name}</a> · <a href="${PAGE_ACCESSIBILITE.path}">Accessibilité : ${ETAT_CONFORMITE}</a>`;

/**
 * Classic script of every page (in <head>; runs over http(s) and file://):
 * - keeps the year: when the address has ?annee=AAAA, or when the page's year selector dispatches
 *   `bilan:annee` on document (detail: the year), every link to a page of the site gets ?annee=;
 * - the search box: an exact name or number, or a single match (every word of the query found in
 *   the name, accents and case ignored), opens the page; several matches are listed as links;
 *   none is said.
 */
export const SCRIPT_NAVIGATION = `<script>(function () {
  function norm(t) { return String(t).normalize("NFD").replace(/[\\u0300-\\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, " ").trim(); }
  function anneeAdresse() { var a = new URLSearchParams(location.search).get("annee"); return /^\\d{4}$/.test(a || "") ? a : null; }
  function avecAnnee(href, a) { var u = new URL(href, location.href); if (a) u.searchParams.set("annee", a); return u.href; }
  function propager(a) {
    if (!/^\\d{4}$/.test(String(a))) return;
    document.querySelectorAll("a[href]").forEach(function (l) {
      if (l.hasAttribute("download") || l.protocol !== location.protocol || l.host !== location.host) return;
      if (!/(\\.html|\\/)$/.test(l.pathname)) return;
      if (l.pathname === location.pathname && l.hash) return;
      l.href = avecAnnee(l.href, String(a));
    });
  }
  function recherche() {
    var f = document.querySelector("form.bilan-recherche");
    if (!f) return;
    var champ = f.querySelector("input"), sortie = f.querySelector(".bilan-recherche__resultats");
    var liste = Array.prototype.map.call(f.querySelectorAll("datalist option"), function (o) {
      return { nom: o.value, code: norm(o.getAttribute("data-code")), href: o.getAttribute("data-href"), cle: norm(o.value) };
    });
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var q = norm(champ.value), a = anneeAdresse();
      sortie.textContent = "";
      if (!q) { sortie.textContent = "Saisir un nom ou un numéro de département."; return; }
      var exacts = liste.filter(function (p) { return p.cle === q || p.code === q || norm(p.nom.replace(/ \\([^)]*\\)$/, "")) === q; });
      var mots = q.split(" ");
      var trouves = exacts.length ? exacts : liste.filter(function (p) { return mots.every(function (w) { return p.cle.indexOf(w) >= 0; }); });
      if (trouves.length === 1) { location.href = avecAnnee(trouves[0].href, a); return; }
      if (!trouves.length) { sortie.textContent = "Aucun organisme ni département ne correspond à « " + champ.value + " »."; return; }
      var p = document.createElement("p");
      p.textContent = trouves.length + " résultats :";
      var ul = document.createElement("ul");
      trouves.slice(0, 20).forEach(function (t) { var li = document.createElement("li"), l = document.createElement("a"); l.href = avecAnnee(t.href, a); l.textContent = t.nom; li.appendChild(l); ul.appendChild(li); });
      sortie.appendChild(p); sortie.appendChild(ul);
    });
  }
  addEventListener("DOMContentLoaded", function () { propager(anneeAdresse()); recherche(); });
  document.addEventListener("bilan:annee", function (e) { propager(e.detail); });
})();</script>`;
