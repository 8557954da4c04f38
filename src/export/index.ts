// Exports for rapports d'activité (`bilan export`): for a year and one or more scopes, every chart
// of the bilan as SVG and PNG, every table as CSV, one XLSX workbook, one PDF report and a
// manifest. Reads only the published set and the metadata (src/data/published-reader.ts, as the site's
// loaders), once for all scopes; charts come from the same spec functions as the site
// (graphiquesBilan of src/charts/bilan-charts.ts). Several scopes render in worker threads while one
// chromium prints their reports. Node only.
import { InputError } from '../errors.ts';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { lignesPubliees, lireBilans, lireMeta, ouvrirLecture } from '../data/published-reader.ts';
import { hasPublishedEvaluation, readPublishedEvaluation } from '../evaluation/publication.ts';
import type { ResultatPilote } from '../evaluation/index.ts';
import type { BilanPerimetre, Meta } from '../data/site-model.ts';
import type { Scope } from '../indicators/index.ts';
import { Imprimeur } from './report.ts';
import { ECHELLE_PNG } from './render.ts';
import { ecrire, exporterPerimetre, type Manifeste, type ParametresPerimetre, type PdfAImprimer } from './scope.ts';
import type { Tache } from './worker.ts';

export type { Manifeste } from './scope.ts';

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
  /** Worker threads rendering scopes in parallel when there are several (default: the cores;
   *  1 renders in this thread). The PDF reports print in one chromium meanwhile. */
  travailleurs?: number;
  /** Progress lines (French). */
  log?: (ligne: string) => void;
}

/** What an export did. */
export interface BilanExport {
  /** One per scope exported, in the order asked. */
  manifestes: Manifeste[];
  /** Scopes asked for that have no published data (nothing written). */
  sansDonnees: string[];
  /** Seconds: reading the published set, and everything. */
  durees: { lecture: number; total: number };
}

/** The key of a scope: its file name in the site's data and its folder name. */
export const clePerimetre = (s: Scope): string => (s.niveau === 'national' ? 'national' : `${s.niveau}-${s.code}`);

/** Runs an export; throws in French when the warehouse cannot be read or the year is not published. */
export async function exporter(o: OptionsExport): Promise<BilanExport> {
  const debut = performance.now();
  const log = o.log ?? (() => {});
  const lecture = await ouvrirLecture(o.entrepot);
  let bilans: Map<string, BilanPerimetre>;
  let meta: Meta;
  let evaluation: ResultatPilote[];
  try {
    const lignes = await lignesPubliees(lecture.con);
    meta = await lireMeta(lecture.con, lignes);
    bilans = await lireBilans(lecture.con, lignes);
    // The published evaluation (as the site's page reads it): its sentences go into the reports.
    evaluation = (await hasPublishedEvaluation(lecture.con)) ? await readPublishedEvaluation(lecture.con) : [];
  } finally {
    lecture.fermer();
  }
  const dureeLecture = (performance.now() - debut) / 1000;
  if (!meta.annees.includes(o.annee))
    throw new InputError(`l'année ${o.annee} n'est pas publiée (années publiées : ${meta.annees.join(', ') || 'aucune'})`);
  log(
    `ensemble publié lu en ${dureeLecture.toFixed(1)} s : ${bilans.size} périmètres avec des données, années ${meta.annees.join(', ')}\n`,
  );

  const parametres = (cle: string): ParametresPerimetre => ({
    annee: o.annee,
    dossier: o.dossier(cle),
    pdf: o.pdf !== false,
    echellePng: o.echellePng ?? ECHELLE_PNG,
  });
  const taches: { cle: string; bilan: BilanPerimetre }[] = [];
  const sansDonnees: string[] = [];
  for (const s of o.perimetres) {
    const cle = clePerimetre(s);
    const bilan = bilans.get(cle);
    if (bilan) taches.push({ cle, bilan });
    else sansDonnees.push(cle);
  }
  const n = Math.max(1, Math.min(o.travailleurs ?? availableParallelism(), taches.length));
  const rendu =
    n > 1
      ? pool(n, meta, evaluation)
      : { rendre: (t: Tache) => exporterPerimetre(t.bilan, meta, t.parametres, t.cle, evaluation), fermer: async () => {} };

  // Scopes render (in workers) while the reports of those done print in chromium (as many tabs as workers).
  const imprimeur = o.pdf === false ? null : new Imprimeur(n);
  let faits = 0;
  const manifestes: Manifeste[] = [];
  try {
    await Promise.all(
      taches.map(async (t, id) => {
        const p = parametres(t.cle);
        const { manifeste, pdf } = await rendu.rendre({ id, cle: t.cle, bilan: t.bilan, parametres: p });
        await terminer(manifeste, pdf, p.dossier, imprimeur);
        manifestes[id] = manifeste;
        log(
          `[${++faits}/${taches.length}] ${t.cle} : ${manifeste.files.length} fichiers, ${((performance.now() - debut) / 1000).toFixed(1)} s depuis le début → ${p.dossier}\n`,
        );
      }),
    );
  } finally {
    await rendu.fermer();
    await imprimeur?.fermer();
  }
  return { manifestes, sansDonnees, durees: { lecture: dureeLecture, total: (performance.now() - debut) / 1000 } };
}

/** Prints a scope's report (if any), adds it to the manifest, writes manifest.json. */
async function terminer(manifeste: Manifeste, pdf: PdfAImprimer | null, dossier: string, imprimeur: Imprimeur | null): Promise<void> {
  if (imprimeur && pdf)
    manifeste.files.push(ecrire(dossier, pdf.fichier, await imprimeur.imprimer(pdf.html, pdf.titre), 'pdf', pdf.titreDocument));
  writeFileSync(join(dossier, 'manifest.json'), `${JSON.stringify(manifeste, null, 2)}\n`);
}

type Resultat = Awaited<ReturnType<typeof exporterPerimetre>>;

/** Worker threads (./worker.mjs → ./worker.ts) rendering scopes; a free worker takes
 *  the next job. */
function pool(
  n: number,
  meta: Meta,
  evaluation: readonly ResultatPilote[],
): { rendre: (t: Tache) => Promise<Resultat>; fermer: () => Promise<void> } {
  const url = new URL('./worker.mjs', import.meta.url);
  const enAttente = new Map<number, { accepter: (r: Resultat) => void; refuser: (e: Error) => void }>();
  const file: Tache[] = [];
  const libres: Worker[] = [];
  const suivante = (w: Worker) => {
    const t = file.shift();
    if (t) w.postMessage(t);
    else libres.push(w);
  };
  const workers = Array.from({ length: n }, () => {
    const w = new Worker(url, { workerData: { meta, evaluation } });
    w.on('message', (m: { id: number; resultat?: Resultat; erreur?: string }) => {
      const p = enAttente.get(m.id);
      enAttente.delete(m.id);
      if (m.erreur !== undefined) p?.refuser(new Error(m.erreur));
      else p?.accepter(m.resultat!);
      suivante(w);
    });
    w.on('error', (e) => {
      for (const p of enAttente.values()) p.refuser(e);
      enAttente.clear();
    });
    libres.push(w);
    return w;
  });
  return {
    rendre: (t) =>
      new Promise<Resultat>((accepter, refuser) => {
        enAttente.set(t.id, { accepter, refuser });
        file.push(t);
        const w = libres.shift();
        if (w) suivante(w);
      }),
    fermer: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
