// The PDF rapport d'activité of one scope and year: an HTML print layout assembled from the same
// modules as the scope's page — the commentary (src/commentary), the charts (src/charts, as the
// exporter's SVG), the key figures and tables (./tables.ts) — printed to A4 by Debian chromium
// through playwright-core, page numbers in chromium's footer. Node only.
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import * as C from '../commentary/index.ts';
import type { ContexteBilan, Meta } from '../data/site-model.ts';
import { formatDate, formatNombre, legendeSecret, estAffichable } from '../format/index.ts';
import { FAMILLE, FICHIERS_POLICE } from './fonts.ts';
import { type TableauExport } from './tables.ts';
import { CHIFFRES_CLES } from '../data/site-model.ts';
import { SECTIONS_BILAN as SECTIONS, type PlaceRapport, type SectionBilan } from '../charts/sections.ts';
import { MENTION_SYNTHETIQUE, aLargeur, ligneSource, type TopLevelSpec } from '../charts/common.ts';
import { svgDe } from './render.ts';
import type { ResultatPilote } from '../evaluation/index.ts';
import { moisEnLettres } from '../evaluation/verdict.ts';

/** The system chromium (never a browser download). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep chromium from calling home. */
export const ARGUMENTS_CHROMIUM = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Width in CSS pixels of the charts drawn in the report (shown 140 mm wide: about 1 pt per px). */
const LARGEUR_RAPPORT = 400;

/** A chart as the report shows it: its name in graphiquesBilan, its SVG, and the scale it prints
 *  at (1: LARGEUR_RAPPORT px on 140 mm). */
export interface GraphiqueRapport {
  nom: string;
  titre: string;
  svg: string;
  echelle?: number;
}

/** The tallest chart, in CSS px at LARGEUR_RAPPORT, that a page holds whole with a heading above
 *  it: 263 mm of text height at 0,35 mm a px (751 px), less the figure's margins and a heading. */
const HAUTEUR_MAX_RAPPORT = 690;

/** The smallest scale a chart prints at: its smallest text (11 px, 10,9 pt at scale 1) stays above
 *  9 pt (9,3 pt). */
const ECHELLE_MIN_RAPPORT = 0.85;

const hauteurSvg = (svg: string): number => Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 0);

/** A chart drawn for the report, never cut across two pages: at LARGEUR_RAPPORT px; when taller than
 *  a page, its bars get thinner (a step down to 12 px, the text unchanged), then if still needed it
 *  prints a little smaller (not under ECHELLE_MIN_RAPPORT). */
export async function graphiqueRapport(nom: string, titre: string, spec: TopLevelSpec): Promise<GraphiqueRapport> {
  let courant = aLargeur(spec, LARGEUR_RAPPORT);
  let svg = await svgDe(courant);
  let hauteur = hauteurSvg(svg);
  const pas = ((courant as { height?: unknown }).height as { step?: number } | undefined)?.step;
  for (let p = pas; p !== undefined && hauteur > HAUTEUR_MAX_RAPPORT && p > 12;) {
    p = Math.max(12, Math.min(p - 1, Math.floor((p * HAUTEUR_MAX_RAPPORT) / hauteur)));
    courant = { ...courant, height: { ...((courant as { height?: object }).height ?? {}), step: p } } as TopLevelSpec;
    svg = await svgDe(courant);
    hauteur = hauteurSvg(svg);
  }
  const echelle = hauteur > HAUTEUR_MAX_RAPPORT ? Math.max(ECHELLE_MIN_RAPPORT, HAUTEUR_MAX_RAPPORT / hauteur) : 1;
  return { nom, titre, svg, echelle };
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** An SVG to inline in the page: its ids (clip paths, gradients) made unique to the chart. */
function svgEnLigne(svg: string, prefixe: string): string {
  return svg
    .replace(/^<\?xml[^>]*>/, '')
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefixe}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefixe}-${id})`)
    .replace(/(xlink:)?href="#([^"]+)"/g, (_, x: string | undefined, id: string) => `${x ?? ''}href="#${prefixe}-${id}"`);
}

/** Scopes per table of the annex: a table of the scope's children is turned into one row per
 *  indicator and split into tables of at most this many scopes, so that it fits the A4 width at
 *  9 pt (never cut, never shrunk). */
const PERIMETRES_PAR_TABLEAU = 5;

/** A wide table (one row per scope, one column per indicator) as tables of one row per indicator
 *  and at most `n` scopes each; the first column keeps the indicator's French label. */
function transposer(t: TableauExport, n = PERIMETRES_PAR_TABLEAU): TableauExport[] {
  const perimetres = t.lignes.map((l) => l[0]!);
  const out: TableauExport[] = [];
  for (let debut = 0; debut < perimetres.length; debut += n) {
    const rang = perimetres.slice(debut, debut + n).map((_, i) => debut + i);
    out.push({
      ...t,
      titre: perimetres.length > n ? `${t.titre} (${Math.floor(debut / n) + 1}/${Math.ceil(perimetres.length / n)})` : t.titre,
      entetes: ['Indicateur', ...rang.map((r) => perimetres[r]!.texte)],
      lignes: t.entetes.slice(1).map((h, c) => [{ texte: h, valeur: null }, ...rang.map((r) => t.lignes[r]![c + 1]!)]),
      notes: debut + n >= perimetres.length ? t.notes : [],
    });
  }
  return out;
}

/** A table without some columns (the annex drops technical ids, and the units the formatted values already say). */
function sansColonnes(t: TableauExport, titres: readonly string[]): TableauExport {
  const garder = t.entetes.map((h, i) => !titres.includes(h) || i === 0);
  return { ...t, entetes: t.entetes.filter((_, i) => garder[i]), lignes: t.lignes.map((l) => l.filter((_, i) => garder[i])) };
}

function tableHtml(t: TableauExport, classe = ''): string {
  const valeurs = (i: number) => t.lignes.some((l) => l[i]?.unite);
  return `<table class="${classe}"><caption>${esc(t.titre)}</caption>
<thead><tr>${t.entetes.map((h, i) => `<th scope="col"${valeurs(i) ? ' class="nombre"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>
<tbody>${t.lignes.map((l) => `<tr>${l.map((c, i) => (i === 0 ? `<th scope="row">${esc(c.texte)}</th>` : `<td class="${c.unite ? 'nombre' : ''}${c.unite && c.valeur === null ? ' secret' : ''}">${esc(c.texte)}</td>`)).join('')}</tr>`).join('\n')}</tbody>
${t.notes.length ? `<tfoot><tr><td colspan="${t.entetes.length}">${esc(t.notes.join(' ; '))}</td></tr></tfoot>` : ''}</table>`;
}

const paragraphes = (ps: string[]): string => ps.map((p) => `<p>${esc(p)}</p>`).join('\n');

/** The key figures: big value, label, change over a year, the parents' values (as on the page). */
function chiffresClesHtml(ctx: ContexteBilan): string {
  return `<div class="chiffres">${CHIFFRES_CLES.map((k) => {
    const c = ctx.perimetre.lire(k.id, ctx.annee);
    const v = C.variation(ctx, k.id);
    const reperes = ctx.parents.map((p) => `${p.nom} : ${C.texte(ctx, k.id, p)}`).join(' · ');
    return `<div class="chiffre"><div class="valeur${estAffichable(c) ? '' : ' secret'}">${esc(C.texte(ctx, k.id))}</div>
<div class="libelle">${esc(k.libelle)}</div>
${v ? `<div class="variation">${v.sens === 1 ? '▲' : v.sens === -1 ? '▼' : '●'} ${esc(v.texte)} sur un an</div>` : ''}
${reperes ? `<div class="reperes">${esc(reperes)}</div>` : ''}</div>`;
  }).join('\n')}</div>`;
}

/** The methodology and confidentiality notes (the rule of docs/confidentialite.md, the marks' legend). */
function methodologie(ctx: ContexteBilan, meta: Pick<Meta, 'publieLe' | 'annees' | 'indicateurs'>, titre: string): string {
  const s = formatNombre(ctx.seuil);
  const definitions = CHIFFRES_CLES.map((k) => ctx.indicateurs.get(k.id)).filter((m) => m !== undefined);
  return `<h2>${esc(titre)}</h2>
<h3>D'où viennent les chiffres</h3>
<p>Les chiffres sont calculés à partir d'un extrait anonymisé de l'activité du service social : accompagnements, entretiens, signalements, préconisations, actions de remobilisation, instances de concertation, actions collectives et questionnaires de satisfaction. Chaque fichier est contrôlé avant chargement ; les lignes qui ne respectent pas le contrat de données sont écartées et comptées.</p>
<p>Chaque indicateur a une seule définition, calculée une fois pour toutes les années et tous les territoires (France entière, organismes, départements). Un assuré est compté une fois par indicateur et par territoire. Années disponibles : ${meta.annees[0]} à ${meta.annees.at(-1)}.${meta.publieLe ? ` Chiffres publiés le ${esc(formatDate(meta.publieLe.slice(0, 10)))}.` : ''}</p>
<h3>Règle de confidentialité</h3>
<p>Aucun chiffre publié ne montre un effectif de personnes ou d'événements compris entre 1 et ${formatNombre(ctx.seuil - 1)}, ni une part ou une moyenne calculée sur moins de ${s} cas, ni rien qui permette de retrouver un tel effectif en combinant les chiffres publiés (sommes et différences, y compris entre taux emboîtés, intervalles des valeurs arrondies, autres pages, zéros affichés). Les cases petites sont masquées, ainsi que d'autres cases choisies pour empêcher de les recalculer ; la règle s'applique aussi aux chiffres nationaux. Toute case masquée porte la même marque, « s » (secret statistique), quelle que soit la raison, et n'est jamais nulle ni remplacée par zéro : les graphiques ne tracent pas de barre pour elle et portent sa marque.</p>
<dl class="legende">${legendeSecret(ctx.seuil)
    .map((l) => `<dt>${esc(l.marque)}</dt><dd>${esc(l.sens)}</dd>`)
    .join('')}</dl>
<h3>Définitions des chiffres clés</h3>
<dl class="definitions">${definitions.map((m) => `<dt>${esc(m.libelle)}</dt><dd>${esc(m.definition)}</dd>`).join('')}</dl>`;
}

/** The pilots whose evaluation a scope's report gives: every one for the nation; for an organisme
 *  or a département, those with a département in it (`departements`: the scope's départements). */
export function pilotesDuPerimetre(
  pilotes: readonly ResultatPilote[],
  niveau: ContexteBilan['perimetre']['niveau'],
  departements: readonly string[],
): ResultatPilote[] {
  if (niveau === 'national') return [...pilotes];
  return pilotes.filter((p) => p.departements.some((d) => departements.includes(d.code)));
}

/** « Évaluation des dispositifs »: for each pilot, where and since when, then per indicator the
 *  sentences of the published evaluation as the site's page prints them (src/evaluation/verdict.ts
 *  wrote them: verdict with its power statement, trends before the start, robustness). */
function evaluationHtml(ctx: ContexteBilan, pilotes: readonly ResultatPilote[]): string {
  const national = ctx.perimetre.niveau === 'national';
  const intro = national
    ? "Les dispositifs expérimentés dans quelques départements ont-ils changé quelque chose ? Pour chacun, l'évolution des départements concernés, avant et après le démarrage, est comparée à celle des autres départements."
    : `${ctx.perimetre.nom} fait partie ${pilotes.length > 1 ? 'de dispositifs expérimentaux' : "d'un dispositif expérimental"}. L'évaluation porte sur l'ensemble des départements du dispositif, comparés aux autres départements, avant et après le démarrage.`;
  return `<section class="evaluation">
<h2>Évaluation des dispositifs</h2>
<p>${esc(intro)} Les courbes, la puissance par horizon et la méthode sont sur la page « Évaluation des dispositifs » du site.</p>
${pilotes
  .map(
    (p) => `<h3>${esc(p.libelle)}</h3>
<p class="ou">${esc(`${p.departements.map((d) => `${d.nom} (${d.code})`).join(', ')} ; démarrage en ${moisEnLettres(p.debut)}.`)}</p>
${p.indicateurs
  .map(
    (i) => `<div class="indicateur-evalue"><h4>${esc(i.libelle)}</h4>
<p class="verdict">${esc(i.verdict)}</p>
${i.tendances ? `<p>${esc(i.tendances.phrase)}</p>` : ''}
${i.robustesse ? `<p>${esc(i.robustesse.phrase)}</p>` : ''}</div>`,
  )
  .join('\n')}`,
  )
  .join('\n')}
</section>`;
}

/** What the report is made of. */
export interface ContenuRapport {
  ctx: ContexteBilan;
  meta: Pick<Meta, 'publieLe' | 'annees' | 'indicateurs'>;
  graphiques: GraphiqueRapport[];
  /** Key figures, comparison, children (if any), every indicator. */
  tableaux: { chiffresCles: TableauExport; comparaison: TableauExport; enfants: TableauExport | null; indicateurs: TableauExport };
  /** The published evaluation of the pilots the scope takes part in (pilotesDuPerimetre); none: no section. */
  evaluation?: readonly ResultatPilote[];
}

/** The title of the annex, as printed (tests look for it). */
export const TITRE_ANNEXE = 'Annexe';

/** The HTML of the report (fonts referenced as /polices/<weight>.ttf, served by `imprimer`).
 *  Main part, read in ten minutes: cover, key figures and commentary, the sections of the page
 *  (SECTIONS_BILAN) with their commentary and their charts placed « principal », the evaluation of
 *  the pilots the scope takes part in. Then, from a new page, the annex: the other charts of the
 *  page (placed « annexe »), the full tables (French labels only), the methodology. */
export function htmlRapport({ ctx, meta, graphiques, tableaux, evaluation = [] }: ContenuRapport): string {
  const synthetique = ctx.source?.synthetique === true;
  const parNom = new Map(graphiques.map((g) => [g.nom, g]));
  const places = new Set(SECTIONS.flatMap((s) => s.graphiques.map((g) => g.nom)));
  const figure = (g: GraphiqueRapport) =>
    `<figure>${svgEnLigne(g.svg, g.nom).replace(/^\s*<svg /, `<svg style="width: ${(140 * (g.echelle ?? 1)).toFixed(1)}mm" `)}</figure>`;
  const figures = (s: SectionBilan, place: PlaceRapport) =>
    s.graphiques
      .filter((g) => g.rapport === place)
      .map((g) => parNom.get(g.nom))
      .filter((g) => g !== undefined);
  // Main part: every section's heading and commentary, with its main charts (a sub-section with
  // neither commentary nor main chart is left to the annex).
  const principal = SECTIONS.filter((s) => s.niveau === 2 || s.commentaire || figures(s, 'principal').length).map(
    (s) => `<section class="section-${s.niveau}"><h${s.niveau}>${esc(s.titre)}</h${s.niveau}>
${s.commentaire ? paragraphes(s.commentaire(ctx)) : ''}
${figures(s, 'principal').map(figure).join('\n')}</section>`,
  );
  // Annex A: the other charts, under the title of their section.
  const complementaires = SECTIONS.filter((s) => figures(s, 'annexe').length).map(
    (s) => `<section class="annexe-graphiques"><h3>${esc(s.titre)}</h3>
${figures(s, 'annexe').map(figure).join('\n')}</section>`,
  );
  const autres = graphiques.filter((g) => !places.has(g.nom));
  if (autres.length)
    complementaires.push(`<section class="annexe-graphiques"><h3>Autres graphiques</h3>${autres.map(figure).join('\n')}</section>`);
  const p = ctx.perimetre;
  const nomComplet = p.niveau === 'departement' ? `${p.nom} (${p.code})` : p.nom;
  // The parts of the annex, lettered: A (other charts, when there are any), then the tables, then the methodology.
  const parties = [
    ...(complementaires.length ? ['Graphiques complémentaires'] : []),
    'Tableaux complets',
    'Méthodologie et confidentialité',
  ];
  const titres = parties.map((t, i) => `${TITRE_ANNEXE} ${String.fromCharCode(65 + i)} — ${t}`);
  return `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Rapport d'activité ${ctx.annee} — ${esc(nomComplet)}</title>
<style>${STYLE}</style></head>
<body>
<section class="couverture">
  ${synthetique ? `<p class="synthetique">${esc(MENTION_SYNTHETIQUE)} : ces chiffres ne décrivent aucune activité réelle.</p>` : ''}
  <p class="institution">Assurance Maladie — service social</p>
  <h1>Rapport d'activité ${ctx.annee}</h1>
  <p class="perimetre">${esc(nomComplet)}</p>
  <p class="theme">Prévention de la désinsertion professionnelle (PDP) et sécurisation des parcours en santé (SPS)</p>
  ${ctx.parents.length ? `<p class="parents">Comparé à : ${esc(ctx.parents.map((x) => x.nom).join(', '))}</p>` : ''}
  <p class="source">Chiffres issus de l'extrait anonymisé d'activité, après application de la règle de confidentialité (seuil de ${formatNombre(ctx.seuil)} cas)${meta.publieLe ? `, publiés le ${esc(formatDate(meta.publieLe.slice(0, 10)))}` : ''}.</p>
  <p class="sommaire">L'essentiel d'abord : chiffres clés, commentaire et principaux graphiques${evaluation.length ? ', évaluation des dispositifs' : ''}. En annexe : ${esc(parties.map((t) => t.toLowerCase()).join(', '))}.</p>
</section>
<section class="synthese">
<h2>Chiffres clés ${ctx.annee}</h2>
${chiffresClesHtml(ctx)}
${paragraphes(C.commentaireSynthese(ctx))}
<p class="source">${esc(ligneSource(ctx.source, ctx.annee).join(' — '))}. « s » : valeur non diffusée (secret statistique) ; règle et définitions en annexe.</p>
</section>
${principal.join('\n')}
${evaluation.length ? evaluationHtml(ctx, evaluation) : ''}
<section class="annexe">
<h1 class="annexe-titre">${TITRE_ANNEXE}</h1>
<p class="sommaire">${esc(titres.join(' · '))}</p>
${complementaires.length ? `<h2>${esc(titres[0]!)}</h2>\n<p>Les autres graphiques de la page du bilan ; leurs données sont dans les tableaux complets.</p>\n${complementaires.join('\n')}` : ''}
</section>
<section class="annexe-tableaux${complementaires.length ? ' nouvelle-page' : ''}">
<h2>${esc(titres.at(-2)!)}</h2>
${tableHtml(tableaux.comparaison)}
${tableHtml(sansColonnes(tableaux.chiffresCles, ['Unité', "Unité de l'évolution"]))}
${
  tableaux.enfants
    ? transposer(tableaux.enfants)
        .map((t) => tableHtml(t))
        .join('\n')
    : ''
}
${tableHtml(sansColonnes(tableaux.indicateurs, ['Identifiant']), 'indicateurs')}
</section>
<section class="methodologie">
${methodologie(ctx, meta, titres.at(-1)!)}
</section>
</body></html>`;
}

const STYLE = `
@font-face { font-family: ${FAMILLE}; font-weight: 400; src: url(/polices/400.ttf) format("truetype"); }
@font-face { font-family: ${FAMILLE}; font-weight: 600; src: url(/polices/600.ttf) format("truetype"); }
@font-face { font-family: ${FAMILLE}; font-weight: 700; src: url(/polices/700.ttf) format("truetype"); }
@font-face { font-family: ${FAMILLE}; font-style: italic; src: url(/polices/italique.ttf) format("truetype"); }
@page { size: A4; margin: 16mm 16mm 18mm 16mm; }
* { box-sizing: border-box; }
html { font-family: ${FAMILLE}, "DejaVu Sans", sans-serif; font-size: 10pt; color: #1f2933; line-height: 1.4; }
body { margin: 0; }
h1, h2, h3 { font-weight: 600; break-after: avoid; }
h2 { font-size: 15pt; color: #0072B2; margin: 0 0 6pt; padding-top: 4pt; }
h3 { font-size: 12pt; margin: 12pt 0 4pt; }
p { margin: 0 0 6pt; }
.couverture { height: 255mm; display: flex; flex-direction: column; justify-content: center; break-after: page; border-left: 6mm solid #0072B2; padding-left: 12mm; }
.couverture .institution { font-size: 12pt; color: #5f6b7a; letter-spacing: 0.02em; }
.couverture h1 { font-size: 30pt; margin: 4pt 0; color: #0072B2; }
.couverture .perimetre { font-size: 22pt; font-weight: 600; margin-bottom: 14pt; }
.couverture .theme { font-size: 12pt; max-width: 130mm; }
.couverture .parents, .couverture .source { color: #5f6b7a; max-width: 130mm; }
.couverture .source { margin-top: 30mm; font-size: 9pt; }
.annexe, .nouvelle-page, .methodologie { break-before: page; }
.annexe-titre { font-size: 24pt; color: #0072B2; margin: 0 0 4pt; padding: 2mm 0 2mm 4mm; border-left: 4mm solid #0072B2; }
.annexe .sommaire { color: #5f6b7a; margin-bottom: 8pt; }
.couverture .sommaire { max-width: 130mm; margin-top: 6mm; }
.annexe-graphiques h3 { color: #5f6b7a; }
.evaluation h3 { margin-top: 10pt; }
.evaluation h4 { font-size: 10pt; font-weight: 600; margin: 6pt 0 2pt; break-after: avoid; }
.evaluation .ou { color: #5f6b7a; break-after: avoid; }
.evaluation .verdict { border-left: 1mm solid #0072B2; padding-left: 3mm; }
.evaluation p { break-inside: avoid; }
.synthetique { display: inline-block; background: #fff4e5; border: 0.4mm solid #D55E00; color: #7a2e00; font-weight: 600; padding: 2mm 3mm; margin-bottom: 10mm; }
.source { color: #5f6b7a; font-size: 9pt; }
.synthese { break-before: auto; }
.chiffres { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4mm; margin: 4mm 0 6mm; }
.chiffre { border: 0.3mm solid #e5e8ec; border-top: 1mm solid #0072B2; padding: 3mm; break-inside: avoid; }
.chiffre .valeur { font-size: 20pt; font-weight: 600; font-variant-numeric: tabular-nums; }
.chiffre .valeur.secret { color: #5f6b7a; }
.chiffre .libelle { font-size: 9pt; }
.chiffre .variation { font-size: 9pt; margin-top: 2mm; }
.chiffre .reperes { font-size: 9pt; color: #5f6b7a; margin-top: 1mm; }
figure { margin: 4mm 0 6mm; break-inside: avoid; text-align: left; }
figure svg { display: block; width: 140mm; height: auto; }
table { border-collapse: collapse; width: 100%; margin: 3mm 0 7mm; font-size: 9pt; break-inside: auto; table-layout: auto; }
th { overflow-wrap: anywhere; hyphens: auto; }
caption { text-align: left; font-weight: 600; font-size: 10pt; margin-bottom: 2mm; }
th, td { border-bottom: 0.2mm solid #e5e8ec; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
thead th { border-bottom: 0.5mm solid #1f2933; font-weight: 600; }
tbody th { font-weight: 400; }
tr { break-inside: avoid; }
.nombre { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.nombre { white-space: normal; overflow-wrap: normal; }
tbody th { min-width: 38mm; }
td.secret { color: #5f6b7a; }
tfoot td { font-size: 9pt; color: #5f6b7a; border: none; }
dl.legende { display: grid; grid-template-columns: 14mm 1fr; gap: 1mm 3mm; }
dl.legende dt { font-weight: 600; }
dl.legende dd, dl.definitions dd { margin: 0; }
dl.definitions dt { font-weight: 600; margin-top: 2mm; }
`;

/** Footer of every page: the report and its page number (chromium fills pageNumber and totalPages). */
const piedDePage = (
  titre: string,
): string => `<div style="font-family: ${FAMILLE}, 'DejaVu Sans', sans-serif; font-size: 9pt; color: #5f6b7a; width: 100%; margin: 0 16mm; display: flex; justify-content: space-between;">
<span>${esc(titre)}</span><span>Page <span class="pageNumber"></span> sur <span class="totalPages"></span></span></div>`;

/** A headless chromium that prints reports: one browser for a whole export run, up to `onglets`
 *  pages printing at once. */
export class Imprimeur {
  private navigateur: Promise<Browser> | null = null;
  private readonly libres: Page[] = [];
  private ouverts = 0;
  private readonly attente: ((p: Page) => void)[] = [];
  private readonly html = new Map<string, string>();
  private suivant = 0;
  private readonly polices = new Map(Object.entries(FICHIERS_POLICE).map(([k, f]) => [`/polices/${k}.ttf`, readFileSync(f)]));

  constructor(private readonly onglets = 1) {}

  /** A free page (opened on demand, up to `onglets`). */
  private async prendre(): Promise<Page> {
    const libre = this.libres.pop();
    if (libre) return libre;
    if (this.ouverts >= this.onglets) return new Promise((accepter) => this.attente.push(accepter));
    this.ouverts++;
    this.navigateur ??= chromium.launch({ executablePath: CHROMIUM, args: ARGUMENTS_CHROMIUM });
    const page = await (await this.navigateur).newPage();
    // Everything a report loads is served from memory: no file access, no network.
    await page.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.host !== 'rapport.bilan') return route.abort();
      const html = this.html.get(url.pathname);
      if (html !== undefined) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      const police = this.polices.get(url.pathname);
      return police ? route.fulfill({ status: 200, contentType: 'font/ttf', body: police }) : route.fulfill({ status: 404, body: '' });
    });
    return page;
  }

  private rendre(page: Page): void {
    const suivant = this.attente.shift();
    if (suivant) suivant(page);
    else this.libres.push(page);
  }

  /** Prints an HTML report to a PDF (A4, tagged), page numbers in the footer. */
  async imprimer(html: string, titre: string): Promise<Buffer> {
    const chemin = `/rapport-${this.suivant++}.html`;
    this.html.set(chemin, html);
    const page = await this.prendre();
    try {
      await page.goto(`http://rapport.bilan${chemin}`, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      return await page.pdf({
        format: 'A4',
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: '<span></span>',
        footerTemplate: piedDePage(titre),
        margin: { top: '16mm', bottom: '18mm', left: '16mm', right: '16mm' },
        tagged: true,
        outline: true,
      });
    } finally {
      this.html.delete(chemin);
      this.rendre(page);
    }
  }

  /** Closes the browser. */
  async fermer(): Promise<void> {
    const n = this.navigateur;
    this.navigateur = null;
    await (await n)?.close();
  }
}
