// Monte Carlo of the placebo scheme alone (issue 15, docs/evaluation.md « quatrième correction »):
// `npx tsx bench/evaluation-vivier.ts [--repetitions R]`. Independent départements of one normal
// law, no effect: M comparison départements, a pilot of k, placebo groups of k drawn among the first
// N comparison départements (the size neighbours), 999 placebos, two-sided rank test at 5 %. Three
// schemes: stand-ins among the comparison départements only (raw; centred, the third correction),
// and among the comparison and pilot départements, each group against all the others (Fisher's
// randomisation test, the fourth). With an effect of 2 standard errors it also gives power and
// the coverage of the interval (estimate − θ ranked among the same placebo values).
// The model of the scheme is written here from its definition, not taken from src/evaluation.
import { mulberry32 } from '../src/random.ts';

const arg = (nom: string, defaut: number) => {
  const i = process.argv.indexOf(`--${nom}`);
  return i >= 0 ? Number(process.argv[i + 1]) : defaut;
};
const REPETITIONS = arg('repetitions', 3000);
const PLACEBOS = 999;
const u = mulberry32(20261130);
const normale = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());

type Schema = 'temoins' | 'recentres' | 'fisher';

/** p = 2 min(1 + #≥ x, 1 + #≤ x) / (n + 1), at most 1. */
function p(placebo: Float64Array, x: number): number {
  let ge = 0,
    le = 0;
  for (const v of placebo) {
    if (v >= x) ge++;
    if (v <= x) le++;
  }
  return Math.min(1, (2 * Math.min(1 + ge, 1 + le)) / (placebo.length + 1));
}

function simuler(M: number, N: number, k: number, schema: Schema, theta: number): { rejet: number; couverture: number } {
  let rejets = 0,
    couverts = 0;
  const placebo = new Float64Array(PLACEBOS);
  for (let r = 0; r < REPETITIONS; r++) {
    const temoins = Array.from({ length: M }, normale);
    const pilote = Array.from({ length: k }, () => normale() + theta);
    const somme = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const sT = somme(temoins),
      sP = somme(pilote);
    const x = sP / k - sT / M;
    // candidates: the N neighbours, and with Fisher the pilot's départements (flagged)
    const cand = schema === 'fisher' ? [...temoins.slice(0, N), ...pilote] : temoins.slice(0, N);
    const idx = cand.map((_, i) => i);
    for (let b = 0; b < PLACEBOS; b++) {
      // k distinct candidates (partial Fisher–Yates)
      let s = 0;
      for (let i = 0; i < k; i++) {
        const j = i + Math.floor(u() * (idx.length - i));
        [idx[i], idx[j]] = [idx[j]!, idx[i]!];
        s += cand[idx[i]!]!;
      }
      // the group against every other département: with Fisher, comparison and pilot ones; else the comparison ones
      placebo[b] = schema === 'fisher' ? s / k - (sT + sP - s) / M : s / k - (sT - s) / (M - k);
    }
    if (schema === 'recentres') {
      const m = placebo.reduce((a, b) => a + b, 0) / PLACEBOS;
      for (let b = 0; b < PLACEBOS; b++) placebo[b]! -= m;
    }
    if (p(placebo, x) < 0.05) rejets++;
    if (p(placebo, x - theta) >= 0.05) couverts++;
  }
  return { rejet: rejets / REPETITIONS, couverture: couverts / REPETITIONS };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
for (const [M, N, k] of [
  [85, 40, 2],
  [85, 40, 4],
  [71, 50, 14],
] as const) {
  for (const schema of ['temoins', 'recentres', 'fisher'] as const) {
    const h0 = simuler(M, N, k, schema, 0);
    const h1 = simuler(M, N, k, schema, 2 * Math.sqrt(1 / k + 1 / M));
    console.log(
      `${k} parmi ${N} voisins (${M} de comparaison), ${schema} : sans effet ${pct(h0.rejet)} ; effet de 2 erreurs types : puissance ${pct(h1.rejet)}, couverture ${pct(h1.couverture)}`,
    );
  }
}
