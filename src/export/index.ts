// Exports for rapports d'activité (`bilan export`): for a year and one or more scopes, every chart
// of the bilan as SVG and PNG, every table as CSV, one XLSX workbook, one PDF report and a
// manifest. Reads only the published set and the metadata (src/data/lecture.ts, as the site's
// loaders), once for all scopes; charts come from the same spec functions as the site
// (graphiquesBilan of src/charts/bilan.ts). Node only.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import { graphiquesBilan } from '../charts/bilan.ts';
import type { MetaGraphique, TopLevelSpec } from '../charts/index.ts';
import { lignesPubliees, lireBilans, lireMeta, ouvrirLecture } from '../data/lecture.ts';
import { contexteBilan, type BilanPerimetre, type Meta } from '../data/modele.ts';
import { formatDate, legendeSecret } from '../format/index.ts';
import type { Scope } from '../indicators/index.ts';
import { FICHIERS_POLICE, FAMILLE } from './polices.ts';
import { htmlRapport, Imprimeur, type GraphiqueRapport } from './rapport.ts';
import { ECHELLE_PNG, svgDe, taillePng } from './rendu.ts';
import { tableauChiffresCles, tableauComparaison, tableauEnfants, tableauGraphique, tableauIndicateurs, type TableauExport } from './tableaux.ts';
import { classeur, csv, marqueTableur } from './tableur.ts';

/** One file of an export, as listed in manifest.json. */
export interface FichierExporte {
  /** Path relative to the scope's folder. */
  file: string;
  kind: 'svg' | 'png' | 'csv' | 'xlsx' | 'pdf';
  title: string;
  bytes: number;
  sha256: string;
  /** PNG: size in pixels. */
  width?: number;
  height?: number;
}

/** manifest.json of a scope's folder. */
export interface Manifeste {
  year: number;
  scope: string;
  name: string;
  threshold: number;
  published_at: string | null;
  files: FichierExporte[];
}

/** Options of an export. */
export interface OptionsExport {
  /** The warehouse (read only). */
  entrepot: string;
  annee: number;
  /** The scopes to export. */
  perimetres: readonly Scope[];
  /** Folder of a scope's files, from its key (« national », « organisme-CARSAT_LR », « departement-10 »). */
  dossier: (cle: string) => string;
  /** Write the PDF report (default true). */
  pdf?: boolean;
  /** Pixels per CSS pixel of the PNG files (default ECHELLE_PNG). */
  echellePng?: number;
  /** Progress lines (French). */
  log?: (ligne: string) => void;
}

/** What an export did. */
export interface BilanExport {
  manifestes: Manifeste[];
  /** Scopes asked for that have no published data (nothing written). */
  sansDonnees: string[];
  /** Seconds: loading the published set, and everything. */
  durees: { lecture: number; total: number };
}

/** The key of a scope: its file name in src/data/perimetres and its folder name. */
export const clePerimetre = (s: Scope): string => (s.niveau === 'national' ? 'national' : `${s.niveau}-${s.code}`);

/** Short sheet names of the charts of graphiquesBilan (the others take their name). */
const FEUILLES: Readonly<Record<string, string>> = {
  'evolution-pdp': 'Évolution PDP', 'pdp-age': 'PDP âge', 'pdp-risque': 'PDP risque', 'pdp-profil': 'PDP sexe et emploi', 'pdp-origine': 'PDP origine signalements',
  'pdp-parcours': 'PDP parcours', 'pdp-issues': 'PDP issues', 'pdp-durees': 'PDP durées', 'pdp-preconisations': 'PDP préconisations', 'pdp-actions': 'PDP actions remobilisation',
  'sps-age': 'SPS âge', 'sps-risque': 'SPS risque', 'instances-situations': 'IC PDP situations', 'collectif-actions': 'Actions collectives',
  'satisfaction-evolution': 'Satisfaction évolution', 'satisfaction-items': 'Satisfaction items',
};

const titreDe = (spec: TopLevelSpec): string => (typeof spec.title === 'string' ? spec.title : String((spec.title as { text: string }).text));
const empreinte = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** Runs an export; throws in French when the warehouse cannot be read. */
export async function exporter(o: OptionsExport): Promise<BilanExport> {
  const debut = performance.now();
  const log = o.log ?? (() => {});
  const lecture = await ouvrirLecture(o.entrepot);
  let bilans: Map<string, BilanPerimetre>;
  let meta: Meta;
  try {
    const lignes = await lignesPubliees(lecture.con);
    meta = await lireMeta(lecture.con, lignes);
    bilans = await lireBilans(lecture.con, lignes);
  } finally {
    lecture.fermer();
  }
  const dureeLecture = (performance.now() - debut) / 1000;
  if (!meta.annees.includes(o.annee)) throw new ErreurExport(`l'année ${o.annee} n'est pas publiée (années publiées : ${meta.annees.join(', ') || 'aucune'})`);
  log(`ensemble publié lu en ${dureeLecture.toFixed(1)} s : ${bilans.size} périmètres avec des données, années ${meta.annees.join(', ')}\n`);

  const imprimeur = o.pdf === false ? null : new Imprimeur();
  const manifestes: Manifeste[] = [];
  const sansDonnees: string[] = [];
  // The PDF of a scope prints in chromium (another process) while the next scope's charts render here.
  let impressionEnCours: Promise<void> = Promise.resolve();
  try {
    for (const s of o.perimetres) {
      const cle = clePerimetre(s);
      const bilan = bilans.get(cle);
      if (!bilan) {
        sansDonnees.push(cle);
        continue;
      }
      const t0 = performance.now();
      const { manifeste, pdf } = await exporterPerimetre(bilan, meta, o, cle);
      const dossier = o.dossier(cle);
      await impressionEnCours;
      impressionEnCours = (async () => {
        if (imprimeur && pdf) {
          const octets = await imprimeur.imprimer(pdf.html, pdf.titre);
          manifeste.files.push(ecrire(dossier, pdf.fichier, octets, 'pdf', pdf.titreDocument));
        }
        writeFileSync(join(dossier, 'manifest.json'), `${JSON.stringify(manifeste, null, 2)}\n`);
        log(`${cle} : ${manifeste.files.length} fichiers en ${((performance.now() - t0) / 1000).toFixed(1)} s → ${dossier}\n`);
      })();
      manifestes.push(manifeste);
    }
    await impressionEnCours;
  } finally {
    await imprimeur?.fermer();
  }
  return { manifestes, sansDonnees, durees: { lecture: dureeLecture, total: (performance.now() - debut) / 1000 } };
}

/** An export error with a French message (no published data, unknown year). */
export class ErreurExport extends Error {}

/** Writes one file and describes it for the manifest. */
function ecrire(dossier: string, fichier: string, contenu: Buffer | string, kind: FichierExporte['kind'], title: string, extra: Partial<FichierExporte> = {}): FichierExporte {
  const chemin = join(dossier, fichier);
  mkdirSync(join(chemin, '..'), { recursive: true });
  writeFileSync(chemin, contenu);
  return { file: relative(dossier, chemin), kind, title, bytes: Buffer.byteLength(contenu), sha256: empreinte(contenu), ...extra };
}

/** The charts, tables and workbook of one scope (the PDF is printed by the caller). */
async function exporterPerimetre(bilan: BilanPerimetre, meta: Meta, o: OptionsExport, cle: string): Promise<{ manifeste: Manifeste; pdf: { html: string; fichier: string; titre: string; titreDocument: string } | null }> {
  const ctx = contexteBilan(bilan, meta, o.annee);
  const dossier = o.dossier(cle);
  mkdirSync(dossier, { recursive: true });
  const files: FichierExporte[] = [];
  const graphiques = graphiquesBilan(ctx);

  // Charts: SVG here (JavaScript), PNG in resvg's worker threads while the next SVG renders.
  const rendus: GraphiqueRapport[] = [];
  const pngs: Promise<FichierExporte>[] = [];
  for (const g of graphiques) {
    const m = g.spec.usermeta as unknown as MetaGraphique;
    const titre = titreDe(g.spec);
    const svg = await svgDe(g.spec);
    files.push(ecrire(dossier, `graphiques/${m.fichier}.svg`, svg, 'svg', titre));
    pngs.push(renderAsync(svg, {
      fitTo: { mode: 'zoom', value: o.echellePng ?? ECHELLE_PNG }, background: '#ffffff',
      font: { fontFiles: [FICHIERS_POLICE[400], FICHIERS_POLICE[600]], loadSystemFonts: false, defaultFontFamily: FAMILLE, sansSerifFamily: FAMILLE },
    }).then((r) => {
      const png = r.asPng();
      const { largeur, hauteur } = taillePng(png);
      return ecrire(dossier, `graphiques/${m.fichier}.png`, png, 'png', titre, { width: largeur, height: hauteur });
    }));
    rendus.push({ nom: g.nom, titre, svg });
  }

  // Tables: key figures, comparison, children, every indicator, then each chart's data.
  const tableaux = { chiffresCles: tableauChiffresCles(ctx), comparaison: tableauComparaison(ctx), enfants: tableauEnfants(bilan, meta, o.annee), indicateurs: tableauIndicateurs(ctx) };
  const tousTableaux: TableauExport[] = [
    tableaux.chiffresCles, tableaux.comparaison, ...(tableaux.enfants ? [tableaux.enfants] : []), tableaux.indicateurs,
    ...graphiques.map((g) => tableauGraphique(g.spec, FEUILLES[g.nom] ?? g.nom)),
  ];
  for (const t of tousTableaux) files.push(ecrire(dossier, `tableaux/${t.nom}.csv`, csv(t), 'csv', t.titre));

  const nomComplet = ctx.perimetre.niveau === 'departement' ? `${ctx.perimetre.nom} (${ctx.perimetre.code})` : ctx.perimetre.nom;
  const titreDocument = `Bilan ${o.annee} — ${nomComplet}`;
  const xlsx = await classeur(tousTableaux, {
    titre: `${titreDocument} : tableaux du rapport d'activité`,
    lignes: [
      ['Périmètre', nomComplet],
      ['Année', String(o.annee)],
      ['Source', `Extrait anonymisé d'activité du service social, après application de la règle de confidentialité (seuil de ${meta.seuil} cas)${meta.publieLe ? ` ; chiffres publiés le ${formatDate(meta.publieLe.slice(0, 10))}` : ''}.`],
      ['Feuilles', 'Chiffres clés, comparaison avec les niveaux supérieurs, territoires rattachés (s\'il y en a), tous les indicateurs publiés de l\'année, puis les données de chaque graphique.'],
      ['Valeurs', 'Les nombres sont des valeurs brutes (non arrondies) ; les parts sont des fractions affichées en pourcentage. Une valeur non diffusée est remplacée par sa marque (texte), commentée dans la cellule.'],
      ...legendeSecret(meta.seuil).map((l): [string, string] => [`« ${marqueTableur(l.marque)} »`, l.sens]),
    ],
  }, meta.seuil);
  const suffixe = `${o.annee}-${cle}`;
  files.push(ecrire(dossier, `bilan-${suffixe}.xlsx`, xlsx, 'xlsx', `${titreDocument} : tableaux`));
  files.push(...(await Promise.all(pngs)));

  const manifeste: Manifeste = {
    year: o.annee, scope: cle.replace('-', ':'), name: nomComplet, threshold: meta.seuil, published_at: meta.publieLe, files,
  };
  const pdf = o.pdf === false ? null : {
    html: htmlRapport({ ctx, meta, graphiques: rendus, tableaux }),
    fichier: `rapport-${suffixe}.pdf`, titre: titreDocument, titreDocument: `Rapport d'activité ${o.annee} — ${nomComplet}`,
  };
  return { manifeste, pdf };
}
