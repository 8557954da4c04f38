// Monte Carlo of the generator's noise model for the signalements of a group of départements
// (issue 15): `npx tsx bench/evaluation-bruit.ts [--groupe plateformes|grands:N|petits:N]
// [--repetitions R] [--debut AAAA-MM-01] [--cache DIR] [--voisins K]` (K: comparison départements
// each stand-in is drawn among; default the evaluation's). The validation bench (evaluation.ts) has
// too few seeds to tell 5 % from 7 % for one group; this draws R panels in seconds each. A
// département's expected monthly count is its share of the national count of one generated
// extract (seed 1: from `--cache DIR/graine-1` when there, else generated) times the national
// count of the month; the generator's noise is redrawn: a yearly multiplicative shock per
// département (log standard deviation BRUIT.annee) and the sampling of signalements from near-fixed
// accompaniment starts (each linked with probability part_avec_signalement, plus the signalements
// without follow-up: variance φ × mean with φ = Σ p (1 − p) / Σ p < 1, less than Poisson). No
// effect anywhere: each detection is false. Prints the false detections and the p-values' tail.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { DEPARTEMENTS } from '../src/contract/reference.ts';
import { AXES, BRUIT, runGeneration } from '../src/generate/index.ts';
import { construirePanel, couverture, fenetre } from '../src/evaluation/panel.ts';
import { differenceDeDifferences, lirePanel, type LignePanel } from '../src/evaluation/estimate.ts';
import { departementsPilotes, piloteParId } from '../src/evaluation/pilotes.ts';
import { indicateurEvaluation } from '../src/evaluation/measures.ts';
import { aleatoire } from '../src/evaluation/inference.ts';

const opt = (nom: string, defaut: string) => {
  const i = process.argv.indexOf(`--${nom}`);
  return i >= 0 ? process.argv[i + 1]! : defaut;
};
const REPETITIONS = Number(opt('repetitions', '300'));
const GROUPE = opt('groupe', 'plateformes');
const CACHE = opt('cache', '');
/** Comparison départements each pilot département's stand-in is drawn among (default: the evaluation's). */
const VOISINS = process.argv.includes('--voisins') ? Number(opt('voisins', '0')) : undefined;
const plateformes = piloteParId('plateformes_pdp');
const DEBUT = opt('debut', plateformes.debut);
const ind = indicateurEvaluation('pdp.signalements_mois');

const inst = await DuckDBInstance.create(':memory:', { memory_limit: '3GB', threads: '2' });
const con = await inst.connect();
const dossier = `${CACHE}/graine-1`;
if (CACHE && existsSync(`${dossier}/fini`)) {
  for (const t of ['signalements', 'accompagnements', 'entretiens'])
    await con.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet('${dossier}/avec_${t}.parquet')`);
} else {
  await runGeneration(
    con,
    { departements: DEPARTEMENTS.map((d) => d.departement), years: [2020, 2025], seed: 1 },
    { until: 'out_entretiens', axes: ['PDP'] },
  );
  await con.run('CREATE VIEW signalements AS SELECT * FROM out_signalements');
  await con.run('CREATE VIEW accompagnements AS SELECT * FROM out_accompagnements');
  await con.run(
    'CREATE VIEW entretiens AS SELECT *, substr(accompagnement_id, 2, length(accompagnement_id) - 8) AS departement FROM out_entretiens',
  );
}
const c = (await couverture(con))!;
const f = fenetre(ind, DEBUT, c);
const tous = [...departementsPilotes()];
await construirePanel(
  con,
  [f],
  plateformes.departements,
  tous.filter((d) => !plateformes.departements.includes(d)),
  c,
);
const lignes = (await lirePanel(con)).filter((l) => l.indicateur === ind.id);
con.closeSync();
inst.closeSync();

// expected counts: the département's share of the window times the national count of the month
const parDep = new Map<string, number>(),
  parMois = new Map<string, number>();
let total = 0;
for (const l of lignes) {
  parDep.set(l.departement, (parDep.get(l.departement) ?? 0) + l.num);
  parMois.set(l.mois, (parMois.get(l.mois) ?? 0) + l.num);
  total += l.num;
}
const role = new Map(lignes.map((l) => [l.departement, l.role]));
const deps = [...parDep.keys()].sort();
const pdp = AXES.PDP!;
const probas = [pdp.part_avec_signalement, pdp.signalements_sans_suite_par_debut];
const dispersion = probas.reduce((a, p) => a + p * (1 - p), 0) / probas.reduce((a, p) => a + p, 0);
const u = aleatoire(12345);
// the placebo groups from a stream of their own: drawn from the noise's stream, they followed it
// (mulberry32 draws in a row are not independent enough), and the groups' noise was not the others'
const tirage = aleatoire(777);
const normale = () => Math.sqrt(-2 * Math.log(u() || 1e-12)) * Math.cos(2 * Math.PI * u());
const libres = deps.filter((d) => role.get(d) === 'temoin').sort((a, b) => parDep.get(b)! - parDep.get(a)! || (a < b ? -1 : 1));

let faux = 0,
  n = 0;
const ps: number[] = [];
for (let r = 0; r < REPETITIONS; r++) {
  const choc = new Map<string, number>();
  const panel: LignePanel[] = [];
  for (const d of deps)
    for (const [m, N] of parMois) {
      const k = `${d}|${m.slice(0, 4)}`;
      if (!choc.has(k)) choc.set(k, BRUIT.annee * normale());
      const mu = ((N * parDep.get(d)!) / total) * Math.exp(choc.get(k)!);
      const num = Math.max(0, Math.round(mu + Math.sqrt(dispersion * mu) * normale()));
      panel.push({ indicateur: ind.id, unite: 'volume', departement: d, role: role.get(d)!, mois: m, num, den: 1, num2: null });
    }
  let pilote: string[], temoins: string[];
  if (GROUPE === 'plateformes') {
    pilote = deps.filter((d) => role.get(d) === 'pilote');
    temoins = libres;
  } else {
    const [type, k] = GROUPE.split(':');
    const pool = type === 'grands' ? libres.slice(0, 20) : libres.slice(-30);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(tirage() * (i + 1));
      [pool[i], pool[j]] = [pool[j]!, pool[i]!];
    }
    pilote = pool.slice(0, Number(k));
    temoins = libres.filter((d) => !pilote.includes(d));
  }
  const res = differenceDeDifferences(
    'volume',
    panel,
    DEBUT,
    { pilote, temoins },
    { tirages: 999, graine: 20250101 + r, voisins: VOISINS },
  );
  if (!res) continue;
  n++;
  ps.push(res.p);
  if (res.detecte) faux++;
}
const pc = (k: number) => `${((100 * k) / n).toFixed(1)} %`;
process.stdout.write(
  `${GROUPE}${VOISINS ? `, ${VOISINS} voisins` : ''}, démarrage ${DEBUT} (${f.moisAvant} mois avant, ${f.moisApres} après), dispersion ${dispersion.toFixed(3)}, choc annuel ${BRUIT.annee} : ` +
    `effet détecté à tort ${faux} / ${n} (${pc(faux)}) ; p < 0,10 : ${pc(ps.filter((p) => p < 0.1).length)} ; p < 0,20 : ${pc(ps.filter((p) => p < 0.2).length)}\n`,
);
