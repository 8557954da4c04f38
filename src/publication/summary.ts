// Table of hidden figures per year and level (primary, secondary), read from `published`, with the
// headline figures hidden, and the script that refreshes it in docs/confidentialite.md:
//   npx tsx src/publication/summary.ts --db FILE [--threshold N] [--write]
// (recomputes facts if needed, publishes with the evaluation and audits — ensurePublished, as the
// build — and rewrites the section between the markers).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { closeWarehouse, openWarehouse, queryRows, type Warehouse } from '../warehouse/db.ts';
import { refreshFacts } from '../indicators/index.ts';
import { HEADLINE_IDS } from './publish.ts';
import { ensurePublished } from './ensure.ts';
import { lit } from '../warehouse/db.ts';

/** Counts of figures by year, level and status. */
export interface SummaryRow {
  annee: number;
  niveau: string;
  lignes: number;
  publie: number;
  secret_primaire: number;
  secret_secondaire: number;
  sans_objet: number;
}

/** Counts of figures per year and level, read from `published`. */
export async function suppressionSummary(w: Warehouse): Promise<SummaryRow[]> {
  return queryRows<SummaryRow>(
    w.con,
    `SELECT annee, niveau, count(*) AS lignes,
      count(*) FILTER (WHERE statut = 'publie') AS publie,
      count(*) FILTER (WHERE statut = 'secret_primaire') AS secret_primaire,
      count(*) FILTER (WHERE statut = 'secret_secondaire') AS secret_secondaire,
      count(*) FILTER (WHERE statut = 'sans_objet') AS sans_objet
    FROM published GROUP BY annee, niveau
    ORDER BY annee, CASE niveau WHEN 'national' THEN 0 WHEN 'organisme' THEN 1 ELSE 2 END`,
  );
}

/** Headline figures hidden (HEADLINE_IDS) by level: cells, and scope-years with at least one. */
export interface HeadlineRow {
  niveau: string;
  cellules: number;
  perimetres_annees: number;
}

/** Headline figures hidden by level, read from `published` (organismes and départements). */
export async function headlineSummary(w: Warehouse): Promise<HeadlineRow[]> {
  return queryRows<HeadlineRow>(
    w.con,
    `SELECT niveau, count(*) AS cellules, count(DISTINCT (annee, code)) AS perimetres_annees
    FROM published WHERE indicateur IN (${HEADLINE_IDS.map(lit).join(', ')}) AND statut IN ('secret_primaire', 'secret_secondaire')
      AND niveau <> 'national'
    GROUP BY niveau ORDER BY niveau DESC`,
  );
}

const LEVEL_LABEL: Record<string, string> = { national: 'national', organisme: 'organismes (21)', departement: 'départements (101)' };
const fmt = (n: number): string => n.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ');

/** The summary as a French Markdown table. */
export function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const head =
    '| année | niveau | chiffres | publiés | secret primaire | secret secondaire | sans objet |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |';
  const body = rows.map(
    (r) =>
      `| ${r.annee} | ${LEVEL_LABEL[r.niveau] ?? r.niveau} | ${fmt(r.lignes)} | ${fmt(r.publie)} | ${fmt(r.secret_primaire)} | ${fmt(r.secret_secondaire)} | ${fmt(r.sans_objet)} |`,
  );
  return [head, ...body].join('\n');
}

const BEGIN = '<!-- debut:tableau-secret -->';
const END = '<!-- fin:tableau-secret -->';

/** Replaces the generated section of a Markdown text (between the markers). */
export function replaceSection(text: string, section: string): string {
  const i = text.indexOf(BEGIN),
    j = text.indexOf(END);
  if (i < 0 || j < i) throw new Error('marqueurs du tableau absents de docs/confidentialite.md');
  return `${text.slice(0, i + BEGIN.length)}\n${section}\n${text.slice(j)}`;
}

async function main(argv: string[]): Promise<void> {
  const dbAt = argv.indexOf('--db');
  const thAt = argv.indexOf('--threshold');
  const db = dbAt >= 0 ? argv[dbAt + 1]! : 'data/warehouse.duckdb';
  const threshold = thAt >= 0 ? Number(argv[thAt + 1]) : undefined;
  const w = await openWarehouse(db);
  // CPU time of this process (user + system, ms): the machine is shared, wall time alone misleads.
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  try {
    const t = performance.now();
    await refreshFacts(w);
    const factsMs = Math.round(performance.now() - t);
    const c = cpu();
    const { publishEvaluation } = await import('../evaluation/publication.ts');
    // CPU of the last round's phases: publish (start → evaluation), evaluation, audit (→ end).
    let mark = c;
    const phases = { publication: 0, evaluation: 0 };
    const afterPublish = async (x: Warehouse): Promise<void> => {
      const p0 = cpu();
      phases.publication = p0 - mark;
      await publishEvaluation(x);
      mark = cpu();
      phases.evaluation = mark - p0;
    };
    const ensured = await ensurePublished(w, { ...(threshold === undefined ? {} : { threshold }), afterPublish, force: true });
    const state = ensured.state!;
    const audit = ensured.audit;
    const auditCpu = cpu() - mark;
    const totalCpu = Math.round(cpu() - c);
    const auditMs = audit.duree_ms;
    const headline = await headlineSummary(w);
    const rows = await suppressionSummary(w);
    const years = [...new Set(rows.map((r) => r.annee))];
    const section = [
      summaryMarkdown(rows),
      '',
      `Seuil ${state.seuil} ; ${fmt(state.lignes)} chiffres sur ${years.length} années (${years[0]}–${years.at(-1)}). ` +
        `Audit : ${audit.ok ? 'réussi' : `ÉCHEC (${audit.problemes.length} problèmes)`} — ${fmt(audit.cellules)} effectifs, ` +
        `${fmt(audit.relations)} relations, ${fmt(audit.cellules_cachees)} effectifs cachés en ${fmt(audit.composantes)} composantes ` +
        `(la plus grande : ${fmt(audit.plus_grande_composante)} ; ${fmt(audit.composantes_lp)} résolues par programmation linéaire).`,
      `Durées mesurées (machine partagée, 2 cœurs ; temps écoulé, puis temps processeur utilisateur + système) : ` +
        `indicateurs ${fmt(factsMs)} ms (0 si déjà à jour), publication ${fmt(state.duree_ms)} ms (${state.tours} tours), ` +
        `audit ${fmt(auditMs)} ms ; temps processeur du dernier tour : publication ${fmt(Math.round(phases.publication))} ms, ` +
        `évaluation ${fmt(Math.round(phases.evaluation))} ms, audit ${fmt(Math.round(auditCpu))} ms ; ` +
        `publication, évaluation et audit ensemble : ${ensured.rounds} tour(s), ${fmt(totalCpu)} ms de processeur.`,
      `Chiffres clés masqués (personnes accompagnées tous axes, PDP, SPS, entretiens) : ` +
        (headline.length
          ? headline
              .map(
                (h) =>
                  `${h.niveau === 'organisme' ? 'organismes' : 'départements'} ${fmt(h.cellules)} cases (${fmt(h.perimetres_annees)} périmètres-années)`,
              )
              .join(', ')
          : 'aucun') +
        '.',
    ].join('\n');
    process.stdout.write(`${section}\n`);
    if (audit.problemes.length) process.stderr.write(`${JSON.stringify(audit.problemes.slice(0, 20), null, 1)}\n`);
    if (argv.includes('--write')) {
      const doc = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'confidentialite.md');
      writeFileSync(doc, replaceSection(readFileSync(doc, 'utf8'), section));
    }
  } finally {
    closeWarehouse(w);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`${String(e instanceof Error ? e.stack : e)}\n`);
    process.exit(1);
  });
}
