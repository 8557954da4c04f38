// Validation bench of the pilot evaluation (issue 15): `npm run bench:evaluation [-- --graines N]`
// (also run by `npm run bench`). For each seed, the national synthetic extract is generated once
// with the built-in pilot effects and once more, for the pilots' départements only, with the
// effects switched off (`sansEffet`; the generator draws by key, so the other départements are
// the very same): the pilots' realised effect is then known exactly (estimate with − estimate
// without). Only what the evaluation reads is generated (axe PDP; signalements, accompagnements,
// entretiens), in memory. Placebo groups of the same start share one panel and go straight to the
// inference (estimate.ts), the real pilots through the whole evaluation. Measured:
// - coverage of each built-in effect by the 95 % interval (realised effect, and the generator's
//   nominal parameter), the minimum detectable effect and how often the effect is detected;
// - false detections with no effect, per indicator and per kind of group: the real pilots'
//   départements in the no-effect extract, and placebo pilots of large, small and random
//   départements (no pilot's), starts 2022–2025.
// The table replaces the section « Validation » of docs/evaluation.md.
import { DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { DEPARTEMENTS } from '../src/contract/reference.ts';
import { DISTRIBUTIONS, PILOTES, runGeneration } from '../src/generate/index.ts';
import { MINIMUMS, MOIS_AVANT_TENDANCES, evaluatePilot, type ResultatPilote } from '../src/evaluation/index.ts';
import { construirePanel, couverture, fenetre } from '../src/evaluation/panel.ts';
import { blocsAnnuels, differenceDeDifferences, etudeEvenements, lirePanel } from '../src/evaluation/estimate.ts';
import { PILOTES_REFERENCE, departementsPilotes } from '../src/evaluation/pilotes.ts';
import { aleatoire, versAffichage } from '../src/evaluation/inference.ts';
import { formatEffet } from '../src/evaluation/verdict.ts';
import { indicateurEvaluation, INDICATEURS_EVALUATION } from '../src/evaluation/measures.ts';
import { queryRows } from '../src/warehouse/db.ts';
import { formatNombre } from '../src/format/index.ts';
import { median } from './stats.ts';

const arg = (nom: string, defaut: number) => {
  const i = process.argv.indexOf(`--${nom}`);
  return i >= 0 ? Number(process.argv[i + 1]) : defaut;
};
const liste = (nom: string): string[] | null => {
  const i = process.argv.indexOf(`--${nom}`);
  return i >= 0 ? process.argv[i + 1]!.split(',').filter(Boolean) : null;
};
const GRAINES = arg('graines', 48);
// Targeted mode (iterating on the method): `--pilotes id,…` (real pilots), `--indicateurs id,…`,
// `--types grands,petits,aleatoires` (placebo kinds; `--types none` for none): prints the tables
// and writes nothing into the docs. `--cache DIR` keeps each seed's generated extract as Parquet
// files there and reuses them (generation is the costly part).
const PILOTES_CHOISIS = liste('pilotes');
const INDICATEURS_CHOISIS = liste('indicateurs');
const TYPES_CHOISIS = liste('types');
const CIBLE = PILOTES_CHOISIS !== null || INDICATEURS_CHOISIS !== null || TYPES_CHOISIS !== null;
const CACHE = process.argv.includes('--cache') ? process.argv[process.argv.indexOf('--cache') + 1]! : null;
const TIRAGES = arg('tirages', 999);
/** Placebo groups per kind, size, start and indicator. */
const PAR_TYPE = arg('placebos', 2);
const DOC = 'docs/evaluation.md';
const ANNEES: [number, number] = [2020, 2025];
const log = (m: string) => process.stderr.write(m);

/** The generator's nominal effect of a pilot on an indicator (display scale), as src/generate/params.ts builds it in. */
function effetNominal(id: string, indicateur: string): number | null {
  const p = PILOTES.find((x) => x.id === id)!;
  const pdp = DISTRIBUTIONS.origine!.variantes.PDP!;
  const usuelle = pdp.MEDECIN_TRAITANT! / Object.values(pdp).reduce((a, b) => a + b, 0);
  switch (indicateur) {
    case 'pdp.signalements_mois':
      return p.multiplicateur_signalements - 1;
    case 'pdp.part_signalements_medecin_traitant':
      return p.origine_supplementaire === 'MEDECIN_TRAITANT'
        ? ((p.multiplicateur_signalements - 1) / p.multiplicateur_signalements) * (1 - usuelle)
        : 0;
    case 'pdp.delai_premier_entretien':
      return p.delai_premier_entretien_jours;
    case 'pdp.taux_maintien_emploi_cohorte':
      return p.points_maintien_emploi;
    default:
      return null;
  }
}

interface Verdict {
  seed: number;
  groupe: string;
  indicateur: string;
  effet: number;
  lo: number;
  hi: number;
  detecte: boolean;
  p: number;
  mde: number | null;
  /** p-value of the joint test of the years before the start (event study), null when not run (pre-period too short). */
  avantP: number | null;
}
const reels: { seed: number; pilote: string; indicateur: string; avec: Verdict; sans: Verdict }[] = [];
const placebos: Verdict[] = [];

const verdicts = (r: ResultatPilote, seed: number, groupe: string): Verdict[] =>
  r.indicateurs
    .filter((i) => i.estimation)
    .map((i) => ({
      seed,
      groupe,
      indicateur: i.indicateur,
      effet: i.estimation!.effet,
      lo: i.estimation!.ic95[0],
      hi: i.estimation!.ic95[1],
      detecte: i.estimation!.detecte,
      p: i.estimation!.p,
      mde: i.puissance?.mde ?? null,
      avantP: i.tendances?.test?.p ?? null,
    }));

const TABLES = {
  signalements: 'departement, axe, date, origine',
  accompagnements: 'accompagnement_id, departement, axe, date_debut, date_fin, issue',
  // ids are 'A' + département + 7 digits: the département of an entretien, to splice the two extracts
  entretiens: 'accompagnement_id, date, substr(accompagnement_id, 2, length(accompagnement_id) - 8) AS departement',
} as const;

const indicateurChoisi = (id: string) => INDICATEURS_CHOISIS === null || INDICATEURS_CHOISIS.includes(id);
const PILOTES_BENCH = PILOTES_REFERENCE.filter(
  (p) => (PILOTES_CHOISIS === null || PILOTES_CHOISIS.includes(p.id)) && p.indicateurs.some(indicateurChoisi),
);
const t0 = performance.now();
const chargeDepart = loadavg();
/** Seeds whose extracts were read from the cache rather than generated. */
let relues = 0;
const pilotes = [...departementsPilotes()].sort();
for (let seed = 1; seed <= GRAINES; seed++) {
  const ts = performance.now();
  const inst = await DuckDBInstance.create(':memory:', { memory_limit: '3GB', threads: '2' });
  const con = await inst.connect();
  try {
    const dossier = CACHE ? `${CACHE}/graine-${seed}` : null;
    if (dossier && existsSync(`${dossier}/fini`)) {
      relues++;
      for (const m of ['avec', 'sans'])
        for (const t of Object.keys(TABLES))
          await con.run(`CREATE TABLE ${m}_${t} AS SELECT * FROM read_parquet('${dossier}/${m}_${t}.parquet')`);
    } else {
      // 1. with the effects, national; 2. without, the pilots' départements only
      await runGeneration(
        con,
        { departements: DEPARTEMENTS.map((d) => d.departement), years: ANNEES, seed },
        { until: 'out_entretiens', axes: ['PDP'] },
      );
      for (const [t, cols] of Object.entries(TABLES)) await con.run(`CREATE TABLE avec_${t} AS SELECT ${cols} FROM out_${t}`);
      await runGeneration(con, { departements: pilotes, years: ANNEES, seed, sansEffet: true }, { until: 'out_entretiens', axes: ['PDP'] });
      for (const [t, cols] of Object.entries(TABLES)) await con.run(`CREATE TABLE sans_${t} AS SELECT ${cols} FROM out_${t}`);
      const generes = (
        await queryRows<{ name: string }>(
          con,
          "SELECT table_name AS name FROM duckdb_tables() WHERE NOT (table_name LIKE 'avec_%' OR table_name LIKE 'sans_%') UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal",
        )
      ).map((r) => r.name);
      for (const n of generes) await con.run(`DROP VIEW IF EXISTS "${n}"`).catch(() => undefined);
      for (const n of generes) await con.run(`DROP TABLE IF EXISTS "${n}"`).catch(() => undefined);
      if (dossier) {
        mkdirSync(dossier, { recursive: true });
        for (const m of ['avec', 'sans'])
          for (const t of Object.keys(TABLES)) await con.run(`COPY ${m}_${t} TO '${dossier}/${m}_${t}.parquet' (FORMAT parquet)`);
        writeFileSync(`${dossier}/fini`, '');
      }
    }
    log(`graine ${seed} : génération ${((performance.now() - ts) / 1000).toFixed(0)} s\n`);
    const w = { con };
    const vues = async (mode: 'avec' | 'sans') => {
      for (const t of Object.keys(TABLES)) {
        await con.run(
          mode === 'avec'
            ? `CREATE OR REPLACE VIEW ${t} AS SELECT * FROM avec_${t}`
            : `CREATE OR REPLACE VIEW ${t} AS SELECT * FROM avec_${t} WHERE departement NOT IN (SELECT DISTINCT departement FROM sans_signalements) UNION ALL SELECT * FROM sans_${t}`,
        );
      }
    };
    const opts = { tirages: TIRAGES, complements: false } as const;
    // real pilots, with and without the effects
    const res: Record<string, Record<string, ResultatPilote>> = { avec: {}, sans: {} };
    for (const mode of ['avec', 'sans'] as const) {
      await vues(mode);
      for (const p of PILOTES_BENCH)
        res[mode]![p.id] = await evaluatePilot(w, p, { ...opts, indicateurs: p.indicateurs.filter(indicateurChoisi) });
    }
    for (const p of PILOTES_BENCH) {
      const a = verdicts(res.avec![p.id]!, seed, p.id),
        s = verdicts(res.sans![p.id]!, seed, p.id);
      for (const v of a) {
        const z = s.find((x) => x.indicateur === v.indicateur);
        if (z) reels.push({ seed, pilote: p.id, indicateur: v.indicateur, avec: v, sans: z });
      }
    }
    // placebo pilots among the départements of no pilot (same data in both modes)
    await vues('avec');
    const tailles = await queryRows<{ departement: string; n: number }>(
      con,
      `
      SELECT departement, count(*)::DOUBLE AS n FROM signalements WHERE axe = 'PDP' GROUP BY ALL ORDER BY n DESC, departement`,
    );
    const libres = tailles.filter((t) => !pilotes.includes(t.departement)).map((t) => t.departement);
    const u = aleatoire(seed * 7919);
    const tirer = (parmi: readonly string[], n: number) => {
      const pool = [...parmi];
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(u() * (i + 1));
        [pool[i], pool[j]] = [pool[j]!, pool[i]!];
      }
      return pool.slice(0, n).sort();
    };
    const types = (
      [
        ['grands', libres.slice(0, 20), [2, 4]],
        ['petits', libres.slice(-30), [2, 4]],
        ['aleatoires', libres, [2, 4, 8, 14]],
      ] as [string, readonly string[], number[]][]
    ).filter(([t]) => TYPES_CHOISIS === null || TYPES_CHOISIS.includes(t));
    const c = (await couverture(con))!;
    for (const debut of types.length ? ['2022-01-01', '2023-01-01', '2024-01-01', '2025-01-01'] : []) {
      const fenetres = INDICATEURS_EVALUATION.map((i) => fenetre(i, debut, c));
      await construirePanel(con, fenetres, [], pilotes, c);
      const panel = await lirePanel(con);
      for (const f of fenetres) {
        if (!indicateurChoisi(f.indicateur)) continue;
        if (f.moisApres < MINIMUMS.moisApres || f.moisAvant < MINIMUMS.moisAvant) continue;
        const ind = indicateurEvaluation(f.indicateur);
        const lignes = panel.filter((l) => l.indicateur === ind.id);
        const temoins = [...new Set(lignes.filter((l) => l.role === 'temoin').map((l) => l.departement))];
        const blocs = blocsAnnuels([...new Set(lignes.map((l) => l.mois))], debut);
        for (const [type, parmi, nombres] of types) {
          for (const n of nombres) {
            for (let rep = 0; rep < PAR_TYPE; rep++) {
              const g = tirer(parmi, n);
              const r = differenceDeDifferences(
                ind.unite,
                lignes,
                debut,
                { pilote: g, temoins: temoins.filter((d) => !g.includes(d)) },
                { tirages: TIRAGES, graine: 20250101 },
              );
              if (!r) continue;
              const lo = versAffichage(ind.unite, r.ic95[0]),
                hi = versAffichage(ind.unite, r.ic95[1]);
              placebos.push({
                seed,
                groupe: type,
                indicateur: ind.id,
                effet: versAffichage(ind.unite, r.estimation),
                lo,
                hi,
                detecte: r.detecte,
                p: r.p,
                mde: null,
                // the event study's joint test of the years before, for the first group of each draw (as the real pilots', yearly blocks)
                avantP:
                  rep === 0 && f.moisAvant >= MOIS_AVANT_TENDANCES
                    ? (etudeEvenements(ind.unite, lignes, debut, { pilote: g, temoins: temoins.filter((d) => !g.includes(d)) }, blocs, {
                        tirages: TIRAGES,
                        graine: 20250101,
                      })?.test?.p ?? null)
                    : null,
              });
            }
          }
        }
      }
    }
    log(`graine ${seed} : ${((performance.now() - ts) / 1000).toFixed(0)} s au total\n`);
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

// --- report ---
/** Wilson 95 % interval of a proportion k / n. */
function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.959963984540054,
    p = k / n,
    d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d,
    h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return [Math.max(0, c - h), Math.min(1, c + h)];
}
/**
 * Wilson 95 % interval of the rate of detections of verdicts clustered by seed (the verdicts of one
 * seed share its extract, and the placebo groups of one kind reuse the same départements): the
 * Wilson interval at the effective size n / deff (Korn and Graubard), deff = the cluster-robust
 * variance of the rate, S / (S − 1) Σ_s (k_s − p n_s)² / n², over the i.i.d. one p (1 − p) / n,
 * at least 1 (never narrower than the i.i.d. interval).
 */
function wilsonGrappes(vs: readonly Verdict[]): { ic: [number, number]; deff: number } {
  const n = vs.length,
    k = vs.filter((v) => v.detecte).length;
  const parGraine = new Map<number, { k: number; n: number }>();
  for (const v of vs) {
    const g = parGraine.get(v.seed) ?? { k: 0, n: 0 };
    parGraine.set(v.seed, { k: g.k + (v.detecte ? 1 : 0), n: g.n + 1 });
  }
  const S = parGraine.size,
    p = n ? k / n : 0;
  const vc = S > 1 ? ((S / (S - 1)) * [...parGraine.values()].reduce((a, g) => a + (g.k - p * g.n) ** 2, 0)) / (n * n) : 0;
  const deff = p > 0 && p < 1 ? Math.max(1, vc / ((p * (1 - p)) / n)) : 1;
  return { ic: wilson(p * (n / deff), n / deff), deff };
}
const pc = (x: number) => `${formatNombre(x * 100, 1)}\u202f%`;
const taux = (k: number, n: number) => {
  const [a, b] = wilson(k, n);
  return `${k} / ${n} (${pc(k / n)} ; ${pc(a)} à ${pc(b)})`;
};
const libelle = (id: string) => indicateurEvaluation(id).court;
const nomPilote = (id: string) => PILOTES_REFERENCE.find((p) => p.id === id)?.libelle ?? id;

const lignesEffets: string[] = [];
let couvertureMin = 1;
for (const p of PILOTES_REFERENCE) {
  for (const ind of p.indicateurs) {
    const xs = reels.filter((r) => r.pilote === p.id && r.indicateur === ind);
    if (xs.length === 0) continue;
    const u = indicateurEvaluation(ind).unite;
    // realised effect: the estimate with the effect minus the estimate without (same comparison group)
    const couvertReel = xs.filter((r) => {
      const e = r.avec.effet - r.sans.effet;
      const d = u === 'volume' ? (1 + r.avec.effet) / (1 + r.sans.effet) - 1 : e;
      return r.avec.lo <= d && d <= r.avec.hi;
    }).length;
    const nominal = effetNominal(p.id, ind);
    const couvertNominal = nominal === null ? 0 : xs.filter((r) => r.avec.lo <= nominal && nominal <= r.avec.hi).length;
    couvertureMin = Math.min(couvertureMin, couvertReel / xs.length);
    const mde = median(xs.map((r) => r.avec.mde ?? Number.NaN));
    const det = xs.filter((r) => r.avec.detecte).length;
    lignesEffets.push(
      `| ${nomPilote(p.id)} | ${libelle(ind)} | ${nominal === null ? '–' : formatEffet(nominal, u)} | ${formatEffet(p.effetsAttendus[ind]!, u)} | ${taux(couvertReel, xs.length)} | ${taux(couvertNominal, xs.length)} | ${formatEffet(mde, u)} | ${det} / ${xs.length} |`,
    );
  }
}

const lignesFaux: string[] = [];
const groupesTypes: [string, (v: Verdict) => boolean, Verdict[]][] = [
  ...PILOTES_REFERENCE.map(
    (p) =>
      [
        `${nomPilote(p.id)} (${p.departements.length} dép., sans effet)`,
        () => true,
        reels.filter((r) => r.pilote === p.id).map((r) => r.sans),
      ] as [string, (v: Verdict) => boolean, Verdict[]],
  ),
  ['Grands départements (2 ou 4 parmi les 20 plus grands)', (v) => v.groupe === 'grands', placebos],
  ['Petits départements (2 ou 4 parmi les 30 plus petits)', (v) => v.groupe === 'petits', placebos],
  ['Départements tirés au hasard (2, 4, 8 ou 14)', (v) => v.groupe === 'aleatoires', placebos],
];
let fauxMax = 0;
let wilsonContient5 = true;
let grappesContient5 = true;
for (const [nom, f, vs] of groupesTypes) {
  const g = vs.filter(f);
  const cellules = INDICATEURS_EVALUATION.map((i) => {
    const x = g.filter((v) => v.indicateur === i.id);
    return x.length ? taux(x.filter((v) => v.detecte).length, x.length) : '–';
  });
  const k = g.filter((v) => v.detecte).length;
  const [a, b] = wilson(k, g.length);
  fauxMax = Math.max(fauxMax, k / Math.max(1, g.length));
  if (!(a <= 0.05 && 0.05 <= b)) wilsonContient5 = false;
  const gr = wilsonGrappes(g);
  if (!(gr.ic[0] <= 0.05 && 0.05 <= gr.ic[1])) grappesContient5 = false;
  lignesFaux.push(
    `| ${nom} | ${cellules.join(' | ')} | ${taux(k, g.length)} | ${pc(gr.ic[0])} à ${pc(gr.ic[1])} (effet de grappe ${formatNombre(gr.deff, 2)}) |`,
  );
}
// The joint test of the years before the start, for placebo groups (no gap before the start by construction). The real
// pilots are evaluated without the complements (event study, robustness) to keep the bench short.
const lignesAvant: string[] = [];
for (const [type, nom] of [
  ['grands', 'Grands départements'],
  ['petits', 'Petits départements'],
  ['aleatoires', 'Départements tirés au hasard'],
] as const) {
  const testes = placebos.filter((v) => v.groupe === type && v.avantP !== null).map((v) => v.avantP!);
  if (testes.length)
    lignesAvant.push(
      `| ${nom} (faux pilotes, démarrages 2022-2025) | tous | ${testes.length} | ${taux(testes.filter((v) => v < 0.05).length, testes.length)} | ${formatNombre(median(testes), 2)} |`,
    );
}
const incoherents = [...reels.flatMap((r) => [r.avec, r.sans]), ...placebos].filter(
  (v) => v.detecte !== v.p < 0.05 || v.detecte === (v.lo <= 0 && 0 <= v.hi),
).length;
const total = reels.length * 2 + placebos.length;

const section = `## Validation : ce que donne la méthode quand on connaît la réponse

*Tableau produit par \`npm run bench:evaluation\` (\`bench/evaluation.ts\`, aussi lancé par \`npm run bench\`) ;
dernière exécution : ${new Date().toISOString().slice(0, 10)}, ${GRAINES} graines (1 à ${GRAINES}), extrait synthétique national 2020-2025,
${TIRAGES} faux pilotes par estimation, ${formatNombre((performance.now() - t0) / 60000, 1)} min sur ${cpus().length} cœurs
(${Math.round(totalmem() / 2 ** 30)} Gio, charge au départ ${chargeDepart.map((x) => x.toFixed(1)).join(' / ')}${
  relues ? ` ; extraits de ${relues} graines relus depuis le cache \`--cache\`, générés par le même code` : ''
}).*

Pour chaque graine, l'extrait est généré deux fois : avec les effets introduits par le générateur
(\`src/generate/params.ts\`), puis sans effet (\`npx bilan generate --sans-effet\`). Les départements
de comparaison sont identiques dans les deux extraits : l'effet **réalisé** sur les départements
pilotes est donc connu exactement (estimation avec effet − estimation sans effet).

**Effets introduits : l'intervalle à 95 % les contient-il ?** (entre parenthèses : intervalle de
Wilson à 95 % de la proportion ; « effet nominal » : paramètre du générateur, approché pour la part
venant des médecins traitants ; MDE : effet minimal détectable, médiane des graines)

| dispositif | indicateur | effet nominal | effet attendu (pilotes.csv) | couverture de l'effet réalisé | couverture de l'effet nominal | MDE | effet détecté |
| --- | --- | --- | --- | --- | --- | --- | --- |
${lignesEffets.join('\n')}

**Sans effet : « effet détecté » à tort** (nombre de verdicts, proportion, intervalle de Wilson à 95 %
supposant les verdicts indépendants ; dernière colonne : intervalle de Wilson par graine, qui tient compte
de ce que les verdicts d'une graine partagent son extrait et, pour les faux pilotes, réutilisent les mêmes
départements : Wilson à la taille effective n / effet de grappe, l'effet de grappe étant le rapport de la
variance du taux calculée graine par graine à celle de verdicts indépendants, au moins 1)

| groupe de départements | ${INDICATEURS_EVALUATION.map((i) => i.court).join(' | ')} | ensemble | ensemble, intervalle par graine |
| --- | ${INDICATEURS_EVALUATION.map(() => '---').join(' | ')} | --- | --- |
${lignesFaux.join('\n')}

**Le test conjoint des années d'avant, sans effet** : pour le premier faux pilote de chaque tirage
(démarrages de 2022 à 2025, au moins 24 mois avant), l'étude d'événement par blocs de 12 mois et son test
conjoint des années d'avant la dernière. Aucun écart n'existe avant le démarrage : le test devrait conclure
à tort dans 5 % des cas, et ses p-values se répartir uniformément (médiane 0,5 environ).

| groupe de départements | indicateurs | tests | « écart avant le démarrage » à tort (p < 0,05) | p médiane |
| --- | --- | --- | --- | --- |
${lignesAvant.join('\n')}

Les groupes de faux pilotes sont tirés parmi les départements d'aucun dispositif (« grands » et
« petits » selon leur nombre de signalements PDP), avec des démarrages de 2022 à 2025 ; les
indicateurs sans recul suffisant (maintien en emploi après 2023) ne sont pas comptés.

Bilan : couverture minimale de l'effet réalisé ${pc(couvertureMin)} (cible ≥ 90 %) ; taux de fausses
détections maximal par type de groupe ${pc(fauxMax)} (cible ≤ 10 %) ; intervalle de Wilson contenant
5 % pour chaque type de groupe : ${wilsonContient5 ? 'oui' : 'non'} (intervalle par graine : ${grappesContient5 ? 'oui' : 'non'}) ; verdicts où « effet détecté », p < 0,05 et
l'intervalle hors de 0 ne disent pas la même chose : ${incoherents} sur ${total}.
`;

if (CIBLE) {
  // targeted mode: the tables and the verdicts, outside the repository
  const sortie = `${CACHE ?? '/tmp'}/evaluation-cible.json`;
  writeFileSync(sortie, JSON.stringify({ reels, placebos }));
  log(`${section}\nverdicts : ${sortie}\n`);
} else {
  const doc = readFileSync(DOC, 'utf8');
  const debut = doc.indexOf('## Validation');
  const suite = debut >= 0 ? doc.indexOf('\n## ', debut + 5) : -1;
  const nouveau = debut >= 0 ? doc.slice(0, debut) + section + (suite >= 0 ? doc.slice(suite) : '') : `${doc.trimEnd()}\n\n${section}`;
  writeFileSync(DOC, nouveau);
  mkdirSync('data/bench', { recursive: true });
  writeFileSync('data/bench/evaluation-verdicts.json', JSON.stringify({ reels, placebos }));
  log(section);
}
