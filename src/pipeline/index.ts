// The pipeline, phase by phase: 1 generate (only when the extract folder is missing) → 2 ingest
// (read → validate → load; idempotent) → 3 compute (facts) → 4 protect (published set and the
// published evaluation) → 5 site (Framework) or export. The CLI, the benchmark and the tests call
// these functions; each phase brings what it needs up to date (an export on a warehouse that was
// loaded but never published publishes first).
import { existsSync, statSync } from 'node:fs';
import { InputError } from '../errors.ts';
import { closeWarehouse, openWarehouse, type Warehouse } from '../warehouse/db.ts';
import { buildSite } from './framework.ts';
import type { EnsureResult } from '../publication/index.ts';

/** Progress lines (French, one per call, ending with a newline), e.g. to stderr. */
export type Log = (line: string) => void;

/** Inputs and outputs of a build (paths absolute). */
export interface BuildOptions {
  extract: string;
  warehouse: string;
  site: string;
  threshold: number;
  /** Skip phases 1–4: build the site from the warehouse as it is. */
  siteOnly: boolean;
}

/** What a build did: pages written, seconds per phase, the Framework log's path. */
export interface BuildResult {
  pages: number;
  durations: Record<string, number>;
  journal: string;
}

/** The whole build, extract → site; throws InputError (user's input) or Error (French message). */
export async function build(o: BuildOptions, log: Log): Promise<BuildResult> {
  const durations: Record<string, number> = {};
  const timed = async <T>(phase: string, f: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await f();
    } finally {
      durations[phase] = (performance.now() - start) / 1000;
    }
  };
  if (!o.siteOnly) {
    await timed('generation', () => ensureExtract(o.extract, log));
    await withWarehouse(o.warehouse, {}, async (w) => {
      await timed('chargement', () => loadExtract(w, o.extract, log));
      await timed('indicateurs', () => computeFacts(w, log));
      await timed('publication', () => ensurePublished(w, { threshold: o.threshold }, log));
    });
  } else if (!existsSync(o.warehouse))
    throw new InputError(`entrepôt introuvable : ${o.warehouse} (lancer « npm run build » sans --site-only)`);
  const { pages, journal } = await timed('site', () => buildSite(o.warehouse, o.site, log));
  return { pages, durations, journal };
}

/** Opens a warehouse, runs `work`, closes it (also on failure). */
export async function withWarehouse<T>(path: string, opts: { mustExist?: boolean }, work: (w: Warehouse) => Promise<T>): Promise<T> {
  const w = await openWarehouse(path, opts);
  try {
    return await work(w);
  } finally {
    closeWarehouse(w);
  }
}

/** 1 generate: writes the default synthetic extract when the folder does not exist. */
async function ensureExtract(dir: string, log: Log): Promise<void> {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new InputError(`l'extrait n'est pas un dossier : ${dir}`);
    return;
  }
  const { generateExtract, GENERATE_DEFAULTS } = await import('../generate/index.ts');
  log(
    `extrait absent : génération de l'extrait par défaut (${GENERATE_DEFAULTS.scale}, ${GENERATE_DEFAULTS.years.join('-')}, graine ${GENERATE_DEFAULTS.seed}) dans ${dir}\n`,
  );
  await generateExtract({ ...GENERATE_DEFAULTS, out: dir, progress: (m) => log(`  ${m.endsWith('\n') ? m : `${m}\n`}`) });
}

/** 2 ingest: loads the extract (files already loaded are recognised by their hash and skipped). */
export async function loadExtract(w: Warehouse, dir: string, log: Log): Promise<void> {
  const { ingestFolder } = await import('../ingest/index.ts');
  log(`chargement de ${dir}\n`);
  const report = await ingestFolder(w, dir, { log: (s) => log(`  ${s.endsWith('\n') ? s : `${s}\n`}`) });
  log(`  ${report.rows_loaded} lignes chargées, ${report.rows_rejected} écartées\n`);
}

/** 3 compute: brings `facts` up to date with the loaded data; true when it was recomputed. */
async function computeFacts(w: Warehouse, log: Log): Promise<boolean> {
  const { refreshFacts } = await import('../indicators/index.ts');
  return refreshFacts(w, { log: (s) => log(`${s}\n`) });
}

/** Options of the protect phase. */
export interface PublishOptions {
  /** Confidentiality threshold (default: the last publication's, else DEFAULT_THRESHOLD). */
  threshold?: number;
  /** Republish even when nothing changed. */
  force?: boolean;
  /** Audit even when the published content is the one the last passing audit saw (`bilan audit`). */
  reaudit?: boolean;
}

/**
 * 4 protect: brings the facts up to date, then publishes the indicators and the pilot evaluation
 * (src/publication/ensure.ts: republished only when the signature of the inputs changed), audits
 * everything that leaves the warehouse and throws (French message, a few examples) on any
 * disclosure, so that a build or an export never ships an unsafe set. Returns the ensure result.
 */
export async function ensurePublished(w: Warehouse, o: PublishOptions, log: Log): Promise<EnsureResult> {
  await computeFacts(w, log);
  const { ensurePublished: protect } = await import('../publication/index.ts');
  const { publishEvaluation } = await import('../evaluation/publication.ts');
  const { seuilPublication } = await import('../evaluation/index.ts');
  const threshold = o.threshold ?? (await seuilPublication(w.con));
  const r = await protect(w, { threshold, afterPublish: publishEvaluation, force: o.force === true, reaudit: o.reaudit === true });
  if (r.state) {
    const hidden = r.state.secret_primaire + r.state.secret_secondaire;
    log(
      `publication (seuil ${threshold}) : ${r.state.publie} cases publiées, ${hidden} masquées, évaluation des dispositifs comprise (${r.rounds} tour(s))\n`,
    );
  } else log(`publication inchangée (mêmes entrées, seuil ${threshold})\n`);
  if (!r.audit.ok) {
    const examples = r.audit.problemes
      .slice(0, 10)
      .map((p) => `  ${p.annee} ${p.niveau}:${p.code} ${p.cellule} (${p.type}${p.lo !== undefined ? ` [${p.lo}, ${p.hi}]` : ''})`);
    throw new Error(
      `audit de confidentialité en échec : ${r.audit.problemes.length} problème(s), rien n'est publié\n${examples.join('\n')}`,
    );
  }
  log(
    r.auditReused
      ? `audit de confidentialité : publication inchangée depuis le dernier audit réussi (${r.audit.cellules_cachees} effectifs cachés)\n`
      : `audit de confidentialité réussi (${r.audit.cellules_cachees} effectifs cachés, ${r.audit.duree_ms} ms)\n`,
  );
  return r;
}

/** Years of the facts (computed first when out of date); InputError when the warehouse holds no data at all. */
export async function yearsWithData(w: Warehouse, log: Log): Promise<number[]> {
  await computeFacts(w, log);
  const { factYears } = await import('../indicators/index.ts');
  const years = await factYears(w);
  if (years.length === 0)
    throw new InputError(`l'entrepôt ${w.path} ne contient aucune donnée chargée (charger un extrait avec « npx bilan ingest DOSSIER »)`);
  return years;
}

/** Options of an export run (see src/export: OptionsExport), the warehouse's path included. */
export type ExportRunOptions = import('../export/index.ts').OptionsExport;

/**
 * 5 export: brings the published set up to date (an export never reads `facts`), makes the output
 * folder ready (`target`: refused when it holds something else than an export of the same scope and
 * year, src/export/folder.ts), then writes the scopes' files (src/export). InputError when the
 * warehouse is missing, the folder taken, or the year not published.
 */
export async function exportBilans(
  o: ExportRunOptions,
  log: Log,
  target?: { folder: string; scope: string },
): Promise<import('../export/index.ts').BilanExport> {
  const { preparerDossier } = await import('../export/folder.ts');
  // Refuse a taken folder before any work; empty it only once the published set is ready.
  if (target) preparerDossier(target.folder, o.annee, target.scope, { checkOnly: true });
  await withWarehouse(o.entrepot, { mustExist: true }, async (w) => {
    await yearsWithData(w, log);
    await ensurePublished(w, {}, log);
  });
  if (target) preparerDossier(target.folder, o.annee, target.scope);
  const { exporter } = await import('../export/index.ts');
  return exporter({ ...o, log });
}
