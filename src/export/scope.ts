// The files of one scope: charts (SVG, PNG), tables (CSV), workbook (XLSX); the HTML of its PDF
// report is returned for the caller to print (one chromium for a whole run). Runs in the main
// thread or in a worker thread (./worker.ts): its inputs and result are plain data.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import { graphiquesBilan } from '../charts/bilan-charts.ts';
import { MENTION_SYNTHETIQUE } from '../charts/common.ts';
import type { MetaGraphique, TopLevelSpec } from '../charts/index.ts';
import { contexteBilan, type BilanPerimetre, type Meta } from '../data/site-model.ts';
import { formatDate, legendeSecret } from '../format/index.ts';
import { graphiqueRapport, htmlRapport, pilotesDuPerimetre, type GraphiqueRapport } from './report.ts';
import type { ResultatPilote } from '../evaluation/index.ts';
import { ECHELLE_PNG, optionsPng, svgDe, taillePng } from './render.ts';
import {
  tableauChiffresCles,
  tableauComparaison,
  tableauEnfants,
  tableauGraphique,
  tableauIndicateurs,
  type TableauExport,
} from './tables.ts';
import { classeur, csv, marqueTableur } from './spreadsheet.ts';

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

/** How to export one scope (plain data: it crosses to worker threads). */
export interface ParametresPerimetre {
  annee: number;
  /** The scope's folder. */
  dossier: string;
  pdf: boolean;
  echellePng: number;
}

/** The report of a scope, to print. */
export interface PdfAImprimer {
  html: string;
  fichier: string;
  /** Footer text. */
  titre: string;
  /** Title in the manifest. */
  titreDocument: string;
}

/** Short sheet names of the charts of graphiquesBilan (the others take their name). */
const FEUILLES: Readonly<Record<string, string>> = {
  'evolution-pdp': 'Évolution PDP',
  'pdp-age': 'PDP âge',
  'pdp-risque': 'PDP risque',
  'pdp-profil': 'PDP sexe, emploi, suivi',
  'pdp-origine': 'PDP origine signalements',
  'pdp-parcours': 'PDP parcours',
  'pdp-issues': 'PDP issues',
  'pdp-durees': 'PDP durées',
  'pdp-preconisations': 'PDP préconisations',
  'pdp-actions': 'PDP actions remobilisation',
  'sps-age': 'SPS âge',
  'sps-risque': 'SPS risque',
  'instances-situations': 'IC PDP situations',
  'collectif-actions': 'Actions collectives',
  'satisfaction-evolution': 'Satisfaction évolution',
  'satisfaction-items': 'Satisfaction items',
  'evolution-maintien': 'Évolution maintien',
};

/** The title of a chart on one line (the spec's title may be wrapped into lines). */
function titreDe(spec: TopLevelSpec): string {
  const meta = spec.usermeta as unknown as Partial<MetaGraphique>;
  if (meta.titre) return meta.titre;
  const t = typeof spec.title === 'string' ? spec.title : (spec.title as { text: string | string[] }).text;
  return Array.isArray(t) ? t.join(' ') : String(t);
}
const empreinte = (b: Buffer | string): string => createHash('sha256').update(b).digest('hex');

/** The départements of a scope (all of them for the nation). */
function departementsDe(p: { niveau: string; code: string }, meta: Pick<Meta, 'organismes' | 'departements'>): string[] {
  if (p.niveau === 'departement') return [p.code];
  if (p.niveau === 'organisme') return meta.organismes.find((o) => o.code === p.code)?.departements ?? [];
  return meta.departements.map((d) => d.code);
}

/** Writes one file and describes it for the manifest. */
export function ecrire(
  dossier: string,
  fichier: string,
  contenu: Buffer | string,
  kind: FichierExporte['kind'],
  title: string,
  extra: Partial<FichierExporte> = {},
): FichierExporte {
  const chemin = join(dossier, fichier);
  mkdirSync(join(chemin, '..'), { recursive: true });
  writeFileSync(chemin, contenu);
  return { file: relative(dossier, chemin), kind, title, bytes: Buffer.byteLength(contenu), sha256: empreinte(contenu), ...extra };
}

/** The charts, tables and workbook of one scope (the PDF is printed by the caller). */
export async function exporterPerimetre(
  bilan: BilanPerimetre,
  meta: Meta,
  o: ParametresPerimetre,
  cle: string,
  evaluation: readonly ResultatPilote[] = [],
): Promise<{ manifeste: Manifeste; pdf: PdfAImprimer | null }> {
  const ctx = contexteBilan(bilan, meta, o.annee);
  const dossier = o.dossier;
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
    pngs.push(
      renderAsync(svg, optionsPng(o.echellePng || ECHELLE_PNG)).then((r) => {
        const png = r.asPng();
        const { largeur, hauteur } = taillePng(png);
        return ecrire(dossier, `graphiques/${m.fichier}.png`, png, 'png', titre, { width: largeur, height: hauteur });
      }),
    );
    // The report draws each chart at LARGEUR_RAPPORT px on 140 mm: 1 px ≈ 1 pt, so its smallest
    // text (11 px) prints at 9 pt or more, even when a tall chart is fitted to a page (graphiqueRapport).
    rendus.push(o.pdf ? await graphiqueRapport(g.nom, titre, g.spec) : { nom: g.nom, titre, svg });
  }

  // Tables: key figures, comparison, children, every indicator, then each chart's data.
  const tableaux = {
    chiffresCles: tableauChiffresCles(ctx),
    comparaison: tableauComparaison(ctx),
    enfants: tableauEnfants(bilan, meta, o.annee),
    indicateurs: tableauIndicateurs(ctx),
  };
  const tousTableaux: TableauExport[] = [
    tableaux.chiffresCles,
    tableaux.comparaison,
    ...(tableaux.enfants ? [tableaux.enfants] : []),
    tableaux.indicateurs,
    ...graphiques.map((g) => tableauGraphique(g.spec, FEUILLES[g.nom] ?? g.nom)),
  ];
  for (const t of tousTableaux) files.push(ecrire(dossier, `tableaux/${t.nom}.csv`, csv(t), 'csv', t.titre));

  const nomComplet = ctx.perimetre.niveau === 'departement' ? `${ctx.perimetre.nom} (${ctx.perimetre.code})` : ctx.perimetre.nom;
  const titreDocument = `Bilan ${o.annee} — ${nomComplet}`;
  const xlsx = await classeur(
    tousTableaux,
    {
      titre: `${titreDocument} : tableaux du rapport d'activité`,
      lignes: [
        ...(ctx.source?.synthetique
          ? [['Attention', `${MENTION_SYNTHETIQUE} : ces chiffres ne décrivent aucune activité réelle.`] as [string, string]]
          : []),
        ['Périmètre', nomComplet],
        ['Année', String(o.annee)],
        [
          'Source',
          `Extrait anonymisé d'activité du service social, après application de la règle de confidentialité (seuil de ${meta.seuil} cas)${meta.publieLe ? ` ; chiffres publiés le ${formatDate(meta.publieLe.slice(0, 10))}` : ''}.`,
        ],
        [
          'Feuilles',
          "Chiffres clés, comparaison avec les niveaux supérieurs, territoires rattachés (s'il y en a), tous les indicateurs publiés de l'année, puis les données de chaque graphique.",
        ],
        [
          'Valeurs',
          'Les nombres sont des valeurs brutes (non arrondies) ; les parts sont des fractions affichées en pourcentage. Une valeur non diffusée est remplacée par sa marque (texte), commentée dans la cellule.',
        ],
        ...legendeSecret(meta.seuil).map((l): [string, string] => [`« ${marqueTableur(l.marque)} »`, l.sens]),
      ],
    },
    meta.seuil,
  );
  const suffixe = `${o.annee}-${cle}`;
  files.push(ecrire(dossier, `bilan-${suffixe}.xlsx`, Buffer.from(xlsx), 'xlsx', `${titreDocument} : tableaux`));
  files.push(...(await Promise.all(pngs)));

  const manifeste: Manifeste = {
    year: o.annee,
    scope: cle.replace('-', ':'),
    name: nomComplet,
    threshold: meta.seuil,
    published_at: meta.publieLe,
    files,
  };
  const pdf = !o.pdf
    ? null
    : {
        html: htmlRapport({
          ctx,
          meta,
          graphiques: rendus,
          tableaux,
          evaluation: pilotesDuPerimetre(evaluation, ctx.perimetre.niveau, departementsDe(ctx.perimetre, meta)),
        }),
        fichier: `rapport-${suffixe}.pdf`,
        titre: ctx.source?.synthetique ? `${titreDocument} — ${MENTION_SYNTHETIQUE}` : titreDocument,
        titreDocument: `Rapport d'activité ${o.annee} — ${nomComplet}`,
      };
  return { manifeste, pdf };
}
