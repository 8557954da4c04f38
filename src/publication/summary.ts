// Table of hidden figures per year and level (primary, secondary), read from `published`, and
// the script that refreshes it in docs/confidentialite.md:
//   npx tsx src/publication/summary.ts --db FILE [--threshold N]
// (recomputes facts if needed, publishes, audits, rewrites the section between the markers).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, dirname } from 'node:path';
import { closeWarehouse, openWarehouse, queryRows, type Warehouse } from '../warehouse/db.ts';
import { refreshFacts } from '../indicators/index.ts';
import { publish } from './publish.ts';
import { auditPublished } from './audit.ts';

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
  return queryRows<SummaryRow>(w.con, `SELECT annee, niveau, count(*) AS lignes,
      count(*) FILTER (WHERE statut = 'publie') AS publie,
      count(*) FILTER (WHERE statut = 'secret_primaire') AS secret_primaire,
      count(*) FILTER (WHERE statut = 'secret_secondaire') AS secret_secondaire,
      count(*) FILTER (WHERE statut = 'sans_objet') AS sans_objet
    FROM published GROUP BY annee, niveau
    ORDER BY annee, CASE niveau WHEN 'national' THEN 0 WHEN 'organisme' THEN 1 ELSE 2 END`);
}

const LEVEL_LABEL: Record<string, string> = { national: 'national', organisme: 'organismes (21)', departement: 'départements (101)' };
const fmt = (n: number): string => n.toLocaleString('fr-FR').replace(/\u202f|\u00a0/g, ' ');

/** The summary as a French Markdown table. */
export function summaryMarkdown(rows: readonly SummaryRow[]): string {
  const head = '| année | niveau | chiffres | publiés | secret primaire | secret secondaire | sans objet |\n| --- | --- | ---: | ---: | ---: | ---: | ---: |';
  const body = rows.map((r) => `| ${r.annee} | ${LEVEL_LABEL[r.niveau] ?? r.niveau} | ${fmt(r.lignes)} | ${fmt(r.publie)} | ${fmt(r.secret_primaire)} | ${fmt(r.secret_secondaire)} | ${fmt(r.sans_objet)} |`);
  return [head, ...body].join('\n');
}

const BEGIN = '<!-- debut:tableau-secret -->';
const END = '<!-- fin:tableau-secret -->';

/** Replaces the generated section of a Markdown text (between the markers). */
export function replaceSection(text: string, section: string): string {
  const i = text.indexOf(BEGIN), j = text.indexOf(END);
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
  const cpu = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  try {
    let t = performance.now();
    await refreshFacts(w);
    const factsMs = Math.round(performance.now() - t);
    let c = cpu();
    const state = await publish(w, threshold === undefined ? {} : { threshold });
    const publishCpu = Math.round(cpu() - c);
    t = performance.now();
    c = cpu();
    const audit = await auditPublished(w);
    const auditMs = Math.round(performance.now() - t);
    const auditCpu = Math.round(cpu() - c);
    const rows = await suppressionSummary(w);
    const years = [...new Set(rows.map((r) => r.annee))];
    const section = [
      summaryMarkdown(rows), '',
      `Seuil ${state.seuil} ; ${fmt(state.lignes)} chiffres sur ${years.length} années (${years[0]}–${years.at(-1)}). `
        + `Audit : ${audit.ok ? 'réussi' : `ÉCHEC (${audit.problemes.length} problèmes)`} — ${fmt(audit.cellules)} effectifs, `
        + `${fmt(audit.relations)} relations, ${fmt(audit.cellules_cachees)} effectifs cachés en ${fmt(audit.composantes)} composantes `
        + `(la plus grande : ${fmt(audit.plus_grande_composante)} ; ${fmt(audit.composantes_lp)} résolues par programmation linéaire).`,
      `Durées mesurées (machine partagée, 2 cœurs ; temps écoulé, et entre parenthèses temps processeur utilisateur + système) : `
        + `indicateurs ${fmt(factsMs)} ms (0 si déjà à jour), publication ${fmt(state.duree_ms)} ms (${fmt(publishCpu)} ms ; `
        + `${state.tours} tours), audit ${fmt(auditMs)} ms (${fmt(auditCpu)} ms).`,
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
  main(process.argv.slice(2)).catch((e: unknown) => { process.stderr.write(`${String(e instanceof Error ? e.stack : e)}\n`); process.exit(1); });
}
