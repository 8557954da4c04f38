// `bilan audit [--db FILE] [--threshold N] [--method auto|lp|intervalles] [--republier] [--json]`:
// (re)publishes when needed, then plays the attacker on the published set. Exit 0 when nothing
// published lets anyone work out a small count, 1 otherwise, 2 on bad arguments.
import { existsSync } from 'node:fs';
import { checkOptions, opt, parseArgs } from '../args.ts';
import { InputError, UsageError } from '../../errors.ts';
import type { Io } from '../main.ts';
import { DEFAULT_DB, closeWarehouse, openWarehouse, queryRows } from '../../warehouse/db.ts';
import { refreshFacts } from '../../indicators/index.ts';
import { auditPublished, publish, type AuditMethod } from '../../publication/index.ts';

const METHODS: readonly AuditMethod[] = ['auto', 'lp', 'intervalles'];

/** Runs the audit command. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseArgs(argv, ['json', 'republier']);
  checkOptions(args, ['db', 'threshold', 'method', 'json', 'republier']);
  if (args.positionals.length) throw new UsageError(`argument inattendu : ${args.positionals[0]}`);
  const db = opt(args, 'db') ?? DEFAULT_DB;
  const thresholdText = opt(args, 'threshold');
  const threshold = thresholdText === undefined ? undefined : Number(thresholdText);
  if (threshold !== undefined && (!Number.isInteger(threshold) || threshold < 1)) {
    throw new UsageError(`--threshold attend un entier ≥ 1 (reçu « ${thresholdText} »)`);
  }
  const method = (opt(args, 'method') ?? 'auto') as AuditMethod;
  if (!METHODS.includes(method)) throw new UsageError(`--method attend ${METHODS.join(', ')}`);
  if (!existsSync(db)) throw new InputError(`entrepôt introuvable : ${db}`);

  const w = await openWarehouse(db);
  try {
    const changed = await refreshFacts(w);
    const state = await queryRows<{ seuil: number }>(w.con, 'SELECT seuil FROM publication_state').catch(() => []);
    const stale = changed || state.length === 0 || args.options.republier === true
      || (threshold !== undefined && state[0]!.seuil !== threshold);
    if (stale) {
      const s = await publish(w, threshold === undefined ? {} : { threshold });
      io.err(`publication : seuil ${s.seuil}, ${s.publie} publiés, ${s.secret_primaire} en secret primaire, `
        + `${s.secret_secondaire} en secret secondaire, ${s.sans_objet} sans objet (${s.duree_ms} ms)\n`);
    }
    const report = await auditPublished(w, { ...(threshold === undefined ? {} : { threshold }), method });
    if (args.options.json === true) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else {
      io.out(`audit de confidentialité (seuil ${report.seuil}, méthode ${report.methode}) : ${report.ok ? 'RÉUSSI' : 'ÉCHEC'}\n`
        + `  ${report.lignes} lignes publiées, ${report.cellules} effectifs, ${report.relations} relations\n`
        + `  ${report.cellules_cachees} effectifs cachés en ${report.composantes} composantes (la plus grande : ${report.plus_grande_composante}), `
        + `${report.composantes_lp === report.composantes ? 'toutes attaquées par programmation linéaire' : `${report.composantes_lp} attaquées par programmation linéaire, les autres par intervalles`}\n`
        + `  durée : ${report.duree_ms} ms\n`);
      for (const p of report.problemes.slice(0, 50)) {
        const where = `${p.annee} ${p.niveau}:${p.code} ${p.cellule}`;
        const what = p.type === 'effectif_publie' ? `effectif publié ${p.value}`
          : p.type === 'somme_cachee' ? `somme cachée ${p.value} dans ${p.relation}`
          : p.type === 'cellule_encadree' ? `encadré dans [${p.lo}, ${p.hi}]`
          : p.type === 'relation_fausse' ? `relation fausse sur les faits${p.relation ? ` : ${p.relation}` : ''}` : `relations incohérentes${p.relation ? ` : ${p.relation}` : ''}`;
        io.out(`  ✗ ${where} : ${what}\n`);
      }
      if (report.problemes.length > 50) io.out(`  … et ${report.problemes.length - 50} autres\n`);
    }
    return report.ok ? 0 : 1;
  } finally {
    closeWarehouse(w);
  }
}
