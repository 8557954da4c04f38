// Randomisation inference of the evaluation (src/evaluation/inference.ts, estimate.ts) on tiny
// panels whose difference in differences, placebo values, p-value and interval are worked out by
// hand in the comments.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  contraste,
  decide,
  effetMinimalDetectable,
  groupesApparies,
  moisAvantConcluant,
  projeterEffetMinimal,
  pValeur,
  testConjoint,
  voisinsParDepartement,
  modeleVariance,
  ajusterVariance,
  dispersionMensuelle,
  contrastesStudentises,
  covarianceRegionale,
  correlationRegionale,
  esperanceCorrelation,
  type SommesDepartement,
} from '../../src/evaluation/inference.ts';
import { blocsAnnuels, differenceDeDifferences, etudeEvenements, tailles, type LignePanel } from '../../src/evaluation/estimate.ts';
import { blocsPublies } from '../../src/evaluation/index.ts';

/** Per-département sums [before, after] of a share: [num, den] pairs. */
const parts = (x: Record<string, [[number, number], [number, number]]>): Map<string, SommesDepartement> =>
  new Map(
    Object.entries(x).map(([d, [a, b]]) => [
      d,
      [
        { num: a[0], den: a[1] },
        { num: b[0], den: b[1] },
      ],
    ]),
  );

describe('difference in differences of pooled values', () => {
  it('pools the numerators and bases of each group (shares)', () => {
    // pilot P: 10/100 before, 30/100 after → +0.20; comparison A+B: (10+30)/(100+300) = 0.10 before,
    // (12+36)/(100+300) = 0.12 after → +0.02; DiD = 0.20 − 0.02 = 0.18
    const s = parts({
      P: [
        [10, 100],
        [30, 100],
      ],
      A: [
        [10, 100],
        [12, 100],
      ],
      B: [
        [30, 300],
        [36, 300],
      ],
    });
    expect(contraste('part', s, ['P'], ['A', 'B'], [-1, 1])).toBeCloseTo(0.18, 12);
  });

  it('compares volumes on the log scale of the monthly mean', () => {
    // P: 100 cases in 10 months → 200 in 10 months: log 2; comparison: 1000 → 1100: log 1.1
    const s = new Map<string, SommesDepartement>([
      [
        'P',
        [
          { num: 100, den: 10 },
          { num: 200, den: 10 },
        ],
      ],
      [
        'A',
        [
          { num: 1000, den: 10 },
          { num: 1100, den: 10 },
        ],
      ],
    ]);
    expect(contraste('volume', s, ['P'], ['A'], [-1, 1])).toBeCloseTo(Math.log(2) - Math.log(1.1), 12);
  });
});

describe('variance model of the départements’ contrasts', () => {
  it('fits dispersion × sampling variance + τ² exactly when the squared deviations lie on a line', () => {
    // pairs ±a (s = 0.001) and ±b (s = 0.003): the weighted mean is 0 whatever the weights; the squared
    // deviations × n / (n − 1) = 4 / 3 are φ s + τ² with φ = 0.5, τ² = 0.002 when
    // a² = (0.0005 + 0.002) × 3 / 4 = 0.001875 and b² = (0.0015 + 0.002) × 3 / 4 = 0.002625
    const a = Math.sqrt(0.001875),
      b = Math.sqrt(0.002625);
    const m = ajusterVariance([a, -a, b, -b], [0.001, 0.001, 0.003, 0.003]);
    expect(m.dispersion).toBeCloseTo(0.5, 9);
    expect(m.tau2).toBeCloseTo(0.002, 12);
  });

  it('keeps τ² at 0 when the line would cross below, the dispersion then being the mean of r / s', () => {
    // r = 0.0005 (s = 0.001) and 0.0025 (s = 0.003): the line is r = s − 0.0005 (τ² < 0). With τ² = 0 the
    // weights are 1 / (φ s)², so φ = Σ (r s / (φ s)²) / Σ (s² / (φ s)²) = mean of r / s =
    // (0.5 + 0.5 + 0.8333 + 0.8333) / 4 = 2 / 3
    const c = Math.sqrt(0.0005 * 0.75),
      d = Math.sqrt(0.0025 * 0.75);
    const m = ajusterVariance([c, -c, d, -d], [0.001, 0.001, 0.003, 0.003]);
    expect(m.tau2).toBe(0);
    expect(m.dispersion).toBeCloseTo(2 / 3, 9);
  });

  it('is the nominal model (Poisson or binomial, no shock) with fewer than 3 départements or no spread', () => {
    expect(ajusterVariance([0.1, -0.1], [0.01, 0.01])).toEqual({ dispersion: 1, tau2: 0 });
    expect(ajusterVariance([0.2, 0.2, 0.2], [0.01, 0.02, 0.03])).toEqual({ dispersion: 1, tau2: 0 });
  });
});

describe('dispersion measured month by month', () => {
  it('is the Pearson statistic within département and year over its degrees of freedom (volumes)', () => {
    // one year, two months. A: 10, 30; B: 30, 30. Total 40, 60 (shares of the year 0.4, 0.6).
    // A (40 in the year) expects 16, 24: (10 − 16)² / 16 + (30 − 24)² / 24 = 2.25 + 1.5;
    // B (60) expects 24, 36: 1.5 + 1. Degrees of freedom 1 + 1: φ = 6.25 / 2.
    const m = (mois: string, num: number) => ({ mois, num, den: 1 });
    const mois = new Map([
      ['A', [m('2021-01-01', 10), m('2021-02-01', 30)]],
      ['B', [m('2021-01-01', 30), m('2021-02-01', 30)]],
    ]);
    expect(dispersionMensuelle('volume', mois)).toBeCloseTo(3.125, 12);
  });

  it('compares a share with its year’s value shifted by the common monthly profile, binomial variance', () => {
    // A: 2/10, 6/10; B: 4/10, 4/10. Total 6/20 = 0.3 and 10/20 = 0.5, year 16/40 = 0.4. Both have
    // 8/20 = 0.4 in the year: expected 0.4 + 0.3 − 0.4 = 0.3 and 0.4 + 0.5 − 0.4 = 0.5, binomial
    // variances 0.3 × 0.7 / 10 and 0.5 × 0.5 / 10. A: 0.01 / 0.021 + 0.01 / 0.025; B the same.
    const m = (mois: string, num: number) => ({ mois, num, den: 10 });
    const mois = new Map([
      ['A', [m('2021-01-01', 2), m('2021-02-01', 6)]],
      ['B', [m('2021-01-01', 4), m('2021-02-01', 4)]],
    ]);
    expect(dispersionMensuelle('part', mois)).toBeCloseTo(0.01 / 0.021 + 0.01 / 0.025, 12);
  });

  it('leaves out a département-year of one month (no degree of freedom)', () => {
    expect(dispersionMensuelle('volume', new Map([['A', [{ mois: '2021-01-01', num: 5, den: 1 }]]]))).toBeNull();
  });

  it('given, only τ² is fitted: the mean of r − φ s when it is the same for every département, else at least 0', () => {
    // the pairs of the first case of the variance model with φ = 0.5 known: r − 0.5 s = 0.002 for all four
    const a = Math.sqrt(0.001875),
      b = Math.sqrt(0.002625);
    expect(ajusterVariance([a, -a, b, -b], [0.001, 0.001, 0.003, 0.003], 0.5)).toEqual({
      dispersion: 0.5,
      tau2: expect.closeTo(0.002, 12),
    });
    // φ = 20: r − 20 s = 0.0025 − 0.02 and 0.0035 − 0.06, all negative: τ² kept at 0
    expect(ajusterVariance([a, -a, b, -b], [0.001, 0.001, 0.003, 0.003], 20).tau2).toBe(0);
  });
});

describe('studentised contrasts', () => {
  it('divide by the fitted dispersion × sampling variance plus τ² weighted by concentration', () => {
    // shares. Pilot P: 20/100 → 30/100. Comparison A: 10/100 → 20/100, B: 20/100 → 10/100,
    // C: 60/400 → 92/400, D: 92/400 → 60/400. Pooled comparison 182/1000 before and after: change 0,
    // so x = 0.30 − 0.20 − 0 = 0.1.
    // Own contrasts: A, B ±0.1; C, D ±0.08 (mean 0); nominal sampling variances q / den², with
    // q = num (den − num) / den: A, B (9 + 16) / 100² = 0.0025; C, D (51 + 70.84) / 400² = 0.00076150.
    // Squared deviations × 4 / 3: 0.013333 and 0.0085333; on a line through both pairs:
    // φ = (0.013333 − 0.0085333) / (0.0025 − 0.0007615), τ² = 0.0085333 − φ × 0.0007615.
    // Standard error: φ × (P's 0.0016 + 0.0021, comparison 2 × 146.84 / 1000²) + τ² × (1 + Σw² / (Σw)²),
    // weights 100, 100, 400, 400: Σw² / (Σw)² = 340 000 / 1 000 000.
    const s = parts({
      P: [
        [20, 100],
        [30, 100],
      ],
      A: [
        [10, 100],
        [20, 100],
      ],
      B: [
        [20, 100],
        [10, 100],
      ],
      C: [
        [60, 400],
        [92, 400],
      ],
      D: [
        [92, 400],
        [60, 400],
      ],
    });
    const poids = new Map([
      ['P', 100],
      ['A', 100],
      ['B', 100],
      ['C', 400],
      ['D', 400],
    ]);
    const sAB = 0.0025,
      sCD = (51 + 70.84) / 160000;
    const phi = ((0.01 - 0.0064) * (4 / 3)) / (sAB - sCD);
    const tau2 = 0.0064 * (4 / 3) - phi * sCD;
    const m = modeleVariance('part', s, ['A', 'B', 'C', 'D'], [-1, 1]);
    expect(m.dispersion).toBeCloseTo(phi, 9);
    expect(m.tau2).toBeCloseTo(tau2, 12);
    const r = contrastesStudentises('part', s, ['P'], ['A', 'B', 'C', 'D'], [['A']], [[-1, 1]], poids);
    expect(r.pilote[0]!.x).toBeCloseTo(0.1, 12);
    expect(r.pilote[0]!.se).toBeCloseTo(Math.sqrt(phi * (0.0037 + (2 * 146.84) / 1e6) + tau2 * (1 + 0.34)), 12);
    // placebo A against every other département, the pilot included (B + C + D + P): A +0.1,
    // B + C + D + P 192/1000 before and after → x = 0.1
    expect(r.placebos[0]![0]!.x).toBeCloseTo(0.1, 12);
  });
});

describe('a placebo group’s standard error', () => {
  it('uses τ² fitted on the départements it is compared with (not its own), as the pilot’s is fitted without the pilot', () => {
    // φ given (1). Shares, 100 cases per period everywhere. A, B, E, F, G: 20 → 50 (+0.3); C, D and the
    // pilot P: 50 → 20 (−0.3); nominal variance of each (0.2 × 0.8 + 0.5 × 0.5) / 100 = 0.0041, the
    // same for all, so the fit's weights are equal and τ² = sample variance − φ × 0.0041. The sample
    // variance of a plus 0.3 and b minus 0.3 is 0.36 a b / (n (n − 1)), n = a + b.
    // The pilot's fit, on the comparison départements (5 plus, 2 minus): 0.36 × 10 / 42.
    // Placebo [A]: fitted on the départements it is compared with, the pilot included: B, E, F, G
    // plus, C, D, P minus: 0.36 × 12 / 42 (without P, the earlier rule: 0.36 × 8 / 30; with A, the
    // pilot's 0.36 × 10 / 42).
    // Placebo [A] against P + B + … + G: 230/700 before, 260/700 after (+3/70): x = 0.3 − 3/70;
    // sampling variance 0.0041 + ((25 + 4 × 16 + 2 × 25) + (16 + 4 × 25 + 2 × 16)) / 700²;
    // τ² × (1 + 7 × 100² / 700²) = τ² × 8/7.
    const plus: [[number, number], [number, number]] = [
      [20, 100],
      [50, 100],
    ];
    const moins: [[number, number], [number, number]] = [
      [50, 100],
      [20, 100],
    ];
    const s = parts({ P: moins, A: plus, B: plus, E: plus, F: plus, G: plus, C: moins, D: moins });
    const poids = new Map([...s.keys()].map((d) => [d, 100]));
    const r = contrastesStudentises('part', s, ['P'], ['A', 'B', 'C', 'D', 'E', 'F', 'G'], [['A']], [[-1, 1]], poids, 1);
    expect(r.modeles[0]!.tau2).toBeCloseTo((0.36 * 10) / 42 - 0.0041, 12);
    expect(r.placebos[0]![0]!.x).toBeCloseTo(0.3 - 3 / 70, 12);
    expect(r.placebos[0]![0]!.se).toBeCloseTo(Math.sqrt(0.0041 + 287 / 700 ** 2 + ((0.36 * 12) / 42 - 0.0041) * (8 / 7)), 12);
  });
});

describe('the randomisation test (decide)', () => {
  // 39 placebo values 1, 2, …, 39: the smallest reachable p-value is 2 / 40 = 0.05
  const un_a_39 = Array.from({ length: 39 }, (_, i) => i + 1);
  const cent = Array.from({ length: 99 }, (_, i) => i - 49); // −49 … 49

  it('gives p = 2 min(1 + #≥, 1 + #≤) / (n + 1)', () => {
    // x = 45 among −49 … 49: 5 values ≥ 45 (45 … 49), 95 ≤ 45 → p = 2 × (1 + 5) / 100 = 0.12
    expect(pValeur(cent, 45)).toBeCloseTo(0.12, 12);
    // x = 60: none ≥ → p = 2 × 1 / 100 = 0.02
    expect(pValeur(cent, 60)).toBeCloseTo(0.02, 12);
    expect(pValeur(cent, 0)).toBe(1);
  });

  it('detects exactly when p < 0.05, and exactly when the interval leaves out 0', () => {
    // among −49 … 49, p(t) ≥ 0.05 needs min(1 + #≥ t, 1 + #≤ t) ≥ 2.5, i.e. at least 2 placebo values on each
    // side: t from −48 to 48; the interval of x is [x − 48, x + 48]
    const d = decide(60, cent);
    expect(d.p).toBeCloseTo(0.02, 12);
    expect(d.detecte).toBe(true);
    expect(d.ic95).toEqual([12, 108]);
    const e = decide(48, cent); // 2 values ≥ 48 (48, 49): p = 2 × 3 / 100 = 0.06
    expect(e.p).toBeCloseTo(0.06, 12);
    expect(e.detecte).toBe(false);
    expect(e.ic95).toEqual([0, 96]);
    const f = decide(48.5, cent); // 1 value ≥ 48.5: p = 0.04, interval [0.5, 96.5]
    expect(f.detecte).toBe(true);
    expect(f.ic95).toEqual([0.5, 96.5]);
  });

  it('agrees with a brute-force test inversion on random placebo sets (property)', () => {
    // Oracle written from the definition (docs/evaluation.md), not from inference.ts: p counts the
    // placebo values at least as far on each side; the interval is every effect θ whose shifted
    // estimate x − θ the same test does not reject, scanned on a grid of quarters (integer
    // placebos and an estimate in quarters put its ends on the grid). From 40 placebos (39: next test).
    const pBrut = (xs: readonly number[], t: number) =>
      Math.min(1, (2 * Math.min(1 + xs.filter((v) => v >= t).length, 1 + xs.filter((v) => v <= t).length)) / (xs.length + 1));
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -10, max: 10 }), { minLength: 40, maxLength: 80 }),
        fc.integer({ min: -60, max: 60 }),
        (xs, quarts) => {
          const x = quarts / 4;
          const d = decide(x, xs);
          expect(d.p).toBeCloseTo(pBrut(xs, x), 12);
          expect(d.detecte).toBe(pBrut(xs, x) < 0.05);
          expect(d.tirages).toBe(xs.length);
          expect(d.auMoinsAussiLoin).toBe(xs.filter((v) => (x >= 0 ? v >= x : v <= x)).length);
          for (let q = -100; q <= 100; q++) {
            const theta = x + q / 4;
            expect(d.ic95[0] <= theta && theta <= d.ic95[1], `θ = ${theta}`).toBe(pBrut(xs, x - theta) >= 0.05);
          }
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });

  it('needs at least 40 placebos (with 39 the smallest p, 2 / 40, is not below 0,05), and then detects only beyond all of them', () => {
    expect(() => decide(40, un_a_39)).toThrow(/trop peu de faux pilotes/);
    const un_a_40 = [...un_a_39, 40];
    expect(decide(41, un_a_40).p).toBeCloseTo(2 / 41, 12);
    expect(decide(41, un_a_40).detecte).toBe(true);
    expect(decide(40, un_a_40).detecte).toBe(false);
  });
});

describe('placebo groups matched on size', () => {
  const taille = new Map([
    ['P1', 100],
    ['P2', 1000],
    ...Array.from({ length: 30 }, (_, i) => [`T${String(i).padStart(2, '0')}`, 10 * 1.3 ** i] as [string, number]),
  ]);
  const temoins = [...taille.keys()].filter((d) => d.startsWith('T'));

  it('replace each pilot département by one of its nearest in size, the pilot’s own among them, without repeating one', () => {
    expect(voisinsParDepartement(1)).toBe(60); // C(k, 1) = k ≥ 60
    expect(voisinsParDepartement(2)).toBe(40); // C(40, 2) = 780 ≥ 60: the floor of 40 holds
    const k = 12;
    // the candidates: the comparison départements and the pilot's own (the randomisation test)
    const proches = (x: number, n: number) =>
      [...temoins, 'P1', 'P2'].sort((a, b) => Math.abs(Math.log(taille.get(a)! / x)) - Math.abs(Math.log(taille.get(b)! / x))).slice(0, n);
    const g = groupesApparies(['P1', 'P2'], temoins, taille, { tirages: 200, graine: 3, voisins: k });
    expect(g).toHaveLength(200);
    for (const x of g) {
      expect(new Set(x).size).toBe(2);
      // one member among P1's nearest, the other among P2's (12 each, one more when the other
      // pilot département took one of them first; the sets overlap, so either may be either)
      const a = proches(100, k + 1),
        b = proches(1000, k + 1);
      expect((a.includes(x[0]!) && b.includes(x[1]!)) || (a.includes(x[1]!) && b.includes(x[0]!))).toBe(true);
    }
    expect(groupesApparies(['P1', 'P2'], temoins, taille, { tirages: 200, graine: 3, voisins: k })).toEqual(g);
    // the pilot départements are drawn like the others (each is its own nearest): 200 draws of 2
    // slots among 12 candidates each hold them
    expect(g.some((x) => x.includes('P1'))).toBe(true);
    expect(g.some((x) => x.includes('P2'))).toBe(true);
  });

  it('are exhaustive for a one-département pilot: its nearest, each once', () => {
    const g = groupesApparies(['P1'], temoins, taille, { tirages: 999, graine: 1, voisins: 3 });
    // 100 lies between T08 (81.6) and T09 (106.0): nearest in log size T09, T08, then T10 (137.9)
    expect(g).toEqual([['T09'], ['T08'], ['T10']]);
  });
});

/**
 * Oracle of the brute-force tests, from the rows only: a panel of four months (two before 2025, two
 * after) whose first `m` départements are the pilot (P, or P0 … when m > 1), the others comparison
 * ones (T01 …); `did(g, autres)` is the difference in differences of pooled values (shares; log
 * monthly means for volumes), (g_after − autres_after) − (g_before − autres_before).
 */
function panelBrut(unite: 'part' | 'volume', deps: readonly (readonly [number, number])[][], m: number) {
  const mois = ['2024-11-01', '2024-12-01', '2025-01-01', '2025-02-01'];
  const codes = deps.map((_, i) => (i >= m ? `T${String(i).padStart(2, '0')}` : m === 1 ? 'P' : `P${i}`));
  const lignes: LignePanel[] = deps.flatMap((d, i) =>
    d.map(([n, c], k) => ({
      indicateur: 'x',
      unite,
      departement: codes[i]!,
      role: i < m ? ('pilote' as const) : ('temoin' as const),
      mois: mois[k]!,
      num: unite === 'part' ? c : n,
      den: unite === 'part' ? n + c : 1,
      num2: null,
    })),
  );
  const valeur = (ds: readonly string[], apres: boolean) => {
    const ls = lignes.filter((l) => ds.includes(l.departement) && l.mois >= '2025' === apres);
    const r = ls.reduce((a, l) => a + l.num, 0) / ls.reduce((a, l) => a + l.den, 0);
    return unite === 'part' ? r : Math.log(r);
  };
  const did = (g: readonly string[], autres: readonly string[]) =>
    -(valeur(g, false) - valeur(autres, false)) + (valeur(g, true) - valeur(autres, true));
  return { codes, lignes, did };
}

describe('a tiny panel worked out by hand', () => {
  // One pilot département P and 40 comparison départements T00 … T39 of the same size (100 cases a
  // month). Shares of 100 cases: P 20 % before, 40 % after; T_i 20 % before and (20 + i − 20) % after
  // (the comparison départements drift from 0 % to 39 %).
  const mois = ['2024-01-01', '2024-02-01', '2025-01-01', '2025-02-01'];
  const lignes: LignePanel[] = [];
  const ligne = (d: string, role: LignePanel['role'], m: string, num: number) =>
    lignes.push({ indicateur: 'x', unite: 'part', departement: d, role, mois: m, num, den: 100, num2: null });
  for (const m of mois) ligne('P', 'pilote', m, m < '2025' ? 20 : 40);
  const temoins = Array.from({ length: 40 }, (_, i) => `T${String(i).padStart(2, '0')}`);
  temoins.forEach((d, i) => {
    for (const m of mois) ligne(d, 'temoin', m, m < '2025' ? 20 : i);
  });

  it('gives the DiD and the exact permutation p-value', () => {
    // comparison after: mean of 0 … 39 % = 19.5 %, before 20 %: change −0.5 point; pilot +20 points:
    // DiD = 0.20 − (−0.005) = 0.205. Placebo T_i against every other département (the 39 other
    // T and P): its change (i − 20) / 100, the others' ((780 − i + 40) / 40 − 20) / 100 = (20 − i) / 4000,
    // so x_i = 41 (i − 20) / 4000, from x_0 = −0.205 to x_39 = 0.19475 < 0.205: no placebo reaches the
    // estimate → p = 2 × 1 / 41 ≈ 0.0488 < 0.05.
    const r = differenceDeDifferences(
      'part',
      lignes,
      '2025-01-01',
      { pilote: ['P'], temoins },
      { tirages: 999, graine: 1, studentiser: false },
    )!;
    expect(r.estimation).toBeCloseTo(0.205, 12);
    expect(r.tirages).toBe(40);
    expect(r.placebo[39]).toBeCloseTo(0.19475, 12);
    expect(r.placebo[0]).toBeCloseTo(-0.205, 12);
    expect(r.p).toBeCloseTo(2 / 41, 12);
    expect(r.detecte).toBe(true);
    // interval: p(t) = 2 min(1 + #≥ t, 1 + #≤ t) / 41 ≥ 0.05 needs one placebo on each side of t
    // (2 × 2 / 41 ≈ 0.098): t from x_0 = −0.205 to x_39 = 0.19475; interval [0.205 − 0.19475, 0.205 + 0.205]
    expect(r.ic95[0]).toBeCloseTo(0.01025, 12);
    expect(r.ic95[1]).toBeCloseTo(0.41, 12);
  });
  it('centres the placebo values on 0 when asked (recentrer), not by default (hand-worked)', () => {
    // One more comparison département, T40, whose share goes from 20 % to 80 %. With 40 neighbours
    // (all the same size: the first 40 by code, T00 … T39) T40 is never a stand-in but stays in the
    // comparison group. Comparison change: (780 + 80) / 41 − 20 = 0.976 point, DiD = 0.20 − 0.4 / 41
    // = 0.190244. Placebo T_i against the 41 others (T40 and P included): (i − 20 − ((900 − i) / 41 − 20)) / 100 =
    // (42 i − 900) / 4100, of mean (42 × 19.5 − 900) / 4100 = −81 / 4100: the neighbours drifted less
    // than the others. Centred: 42 (i − 19.5) / 4100, from −819 / 4100 to 819 / 4100 = 0.199756.
    const avecT40 = [...lignes];
    for (const m of mois)
      avecT40.push({
        indicateur: 'x',
        unite: 'part',
        departement: 'T40',
        role: 'temoin',
        mois: m,
        num: m < '2025' ? 20 : 80,
        den: 100,
        num2: null,
      });
    const o = { tirages: 999, graine: 1, studentiser: false, voisins: 40 };
    const sel = { pilote: ['P'], temoins: [...temoins, 'T40'] };
    const r = differenceDeDifferences('part', avecT40, '2025-01-01', sel, { ...o, recentrer: true })!;
    expect(r.estimation).toBeCloseTo(0.2 - 0.4 / 41, 12);
    expect(r.placebo[39]).toBeCloseTo(819 / 4100, 12);
    expect(r.placebo[0]).toBeCloseTo(-819 / 4100, 12);
    // x'_39 = 0.199756 ≥ 0.190244 > x'_38 = 777 / 4100 = 0.189512: p = 2 × 2 / 41 ≈ 0.098, not
    // detected; the interval 0.190244 ∓ 0.199756 holds 0
    expect(r.p).toBeCloseTo(4 / 41, 12);
    expect(r.detecte).toBe(false);
    expect(r.ic95[0]).toBeCloseTo(0.2 - 0.4 / 41 - 819 / 4100, 12);
    expect(r.ic95[1]).toBeCloseTo(0.2 - 0.4 / 41 + 819 / 4100, 12);
    // by default, uncentred: the largest placebo (42 × 39 − 900) / 4100 = 0.18 stays below the estimate: p = 2 / 41, detected
    const brut = differenceDeDifferences('part', avecT40, '2025-01-01', sel, o)!;
    expect(brut.placebo[39]).toBeCloseTo(0.18, 12);
    expect(brut.p).toBeCloseTo(2 / 41, 12);
    expect(brut.detecte).toBe(true);
  });

  it('is the exact permutation test: every comparison département in the pilot’s place, against all the others (property, brute force)', () => {
    // Oracle from the rows, without estimate.ts or inference.ts: the difference in differences of
    // pooled values (shares; log monthly means for volumes), (P_after − T_after) − (P_before − T_before);
    // a one-département pilot's placebos are all the assignments of its role to one comparison
    // département, each against all the others (the pilot included); p counts those at least as far on each side.
    fc.assert(
      fc.property(
        fc.constantFrom('part' as const, 'volume' as const),
        fc.array(fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 30 })), { minLength: 4, maxLength: 4 }), {
          minLength: 41,
          maxLength: 50,
        }),
        (unite, deps) => {
          const { codes, lignes, did } = panelBrut(unite, deps, 1);
          const temoins = codes.slice(1);
          const x = did(['P'], temoins);
          const pl = temoins
            .map((t) =>
              did(
                [t],
                codes.filter((u) => u !== t),
              ),
            )
            .sort((a, b) => a - b);
          const p = Math.min(1, (2 * Math.min(1 + pl.filter((v) => v >= x).length, 1 + pl.filter((v) => v <= x).length)) / (pl.length + 1));
          const r = differenceDeDifferences(
            unite,
            lignes,
            '2025-01-01',
            { pilote: ['P'], temoins },
            { tirages: 999, graine: 1, studentiser: false, recentrer: false },
          )!;
          expect(r.estimation).toBe(x);
          expect(r.tirages).toBe(temoins.length);
          expect(r.placebo).toEqual(pl);
          expect(r.p).toBeCloseTo(p, 12);
          expect(r.detecte).toBe(p < 0.05);
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });

  it('draws the stand-ins of a pilot of several départements among the comparison and pilot ones, each group against all the others (property, brute force)', () => {
    // Fisher's randomisation test: the placebo groups are assignments of the pilot's role among the
    // comparison and pilot départements; each is compared with every département outside it, the
    // pilot départements included. Oracle from the rows (pooled values, as above), the groups as drawn.
    fc.assert(
      fc.property(
        fc.constantFrom('part' as const, 'volume' as const),
        fc.integer({ min: 2, max: 4 }),
        fc.array(fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })), { minLength: 4, maxLength: 4 }), {
          minLength: 45,
          maxLength: 50,
        }),
        (unite, m, deps) => {
          const { codes, lignes, did } = panelBrut(unite, deps, m);
          const pilote = codes.slice(0, m),
            temoins = codes.slice(m);
          const o = { tirages: 99, graine: 7, studentiser: false };
          const groupes = groupesApparies(pilote, temoins, tailles(unite, lignes, '2025-01-01'), o);
          const pl = groupes
            .map((g) =>
              did(
                g,
                codes.filter((d) => !g.includes(d)),
              ),
            )
            .sort((a, b) => a - b);
          const r = differenceDeDifferences(unite, lignes, '2025-01-01', { pilote, temoins }, o)!;
          expect(r.estimation).toBeCloseTo(did(pilote, temoins), 12);
          expect(groupes.some((g) => g.some((d) => pilote.includes(d)))).toBe(true);
          expect(r.placebo).toHaveLength(pl.length);
          r.placebo.forEach((v, i) => expect(v).toBeCloseTo(pl[i]!, 10));
        },
      ),
      { numRuns: 20, seed: 11 },
    );
  });

  it('gives the event study gap of each year against the last one before the start', () => {
    const blocs = blocsAnnuels(mois, '2025-01-01');
    expect(blocs).toEqual([
      { debut: '2024-01-01', fin: '2024-02-01' },
      { debut: '2025-01-01', fin: '2025-02-01' },
    ]);
    const e = etudeEvenements('part', lignes, '2025-01-01', { pilote: ['P'], temoins }, blocs, {
      tirages: 999,
      graine: 1,
      studentiser: false,
    })!;
    expect(e.periodes[0]!.reference).toBe(true);
    expect(e.periodes[1]!.ecart!.estimation).toBeCloseTo(0.205, 12);
    expect(e.test).toBeNull(); // no year before the reference: nothing to test
  });
});

describe('event study periods and joint test', () => {
  it('merges the yearly blocks that a published point spans', () => {
    const pt = (debut: string, fin: string) => ({
      groupe: 'pilote' as const,
      debut,
      fin,
      mois: 0,
      apres: debut >= '2025',
      valeur: 1,
      statut: 'publie' as const,
    });
    const points = [
      pt('2022-01-01', '2023-12-01'),
      pt('2024-01-01', '2024-06-01'),
      pt('2024-07-01', '2024-11-01'),
      pt('2025-01-01', '2025-11-01'),
    ];
    expect(blocsPublies(points, '2025-01-01')).toEqual([
      { debut: '2022-01-01', fin: '2023-12-01' },
      { debut: '2024-01-01', fin: '2024-11-01' },
      { debut: '2025-01-01', fin: '2025-11-01' },
    ]);
  });

  it('tests a single pre-start year on the scale of its placebo values, studentised or not', () => {
    // With one year before the reference, the joint statistic is one squared gap over a constant:
    // its p-value must count the placebo groups whose gap is at least the pilot's in absolute value,
    // as the year's own published gap and placebo values show (both in the units of the estimate).
    fc.assert(
      fc.property(
        fc.constantFrom('part' as const, 'volume' as const),
        fc.boolean(),
        fc.array(fc.array(fc.tuple(fc.integer({ min: 5, max: 40 }), fc.integer({ min: 5, max: 40 })), { minLength: 3, maxLength: 3 }), {
          minLength: 45,
          maxLength: 48,
        }),
        (unite, studentiser, deps) => {
          const mois = ['2023-06-01', '2024-06-01', '2025-06-01'];
          const codes = deps.map((_, i) => (i === 0 ? 'P' : `T${String(i).padStart(2, '0')}`));
          const lignes: LignePanel[] = deps.flatMap((d, i) =>
            d.map(([n, c], k) => ({
              indicateur: 'x',
              unite,
              departement: codes[i]!,
              role: i === 0 ? ('pilote' as const) : ('temoin' as const),
              mois: mois[k]!,
              num: unite === 'part' ? c : n,
              den: unite === 'part' ? n + c : 1,
              num2: null,
            })),
          );
          const e = etudeEvenements(
            'part' === unite ? 'part' : 'volume',
            lignes,
            '2025-01-01',
            { pilote: ['P'], temoins: codes.slice(1) },
            blocsAnnuels(mois, '2025-01-01'),
            {
              tirages: 99,
              graine: 3,
              studentiser,
            },
          )!;
          const g = e.periodes[0]!.ecart!;
          expect(e.periodes[1]!.reference).toBe(true);
          const au = g.placebo.filter((v) => Math.abs(v) >= Math.abs(g.estimation) * (1 - 1e-9)).length;
          expect(e.test!.tirages).toBe(g.placebo.length);
          expect(e.test!.p).toBeCloseTo((1 + au) / (g.placebo.length + 1), 9);
        },
      ),
      { numRuns: 15, seed: 5 },
    );
  });

  it('counts the placebo groups whose sum of squared standardised gaps is at least the estimate’s', () => {
    // two pre-start gaps, placebo values ±1 (standard deviation 1.0328 with 4 groups → sd of [1,−1,1,−1] = √(4/3))
    const pl = [
      [1, -1, 1, -1],
      [1, 1, -1, -1],
    ];
    const sd = Math.sqrt(4 / 3);
    const t = testConjoint([0.5, 0.5], pl)!;
    expect(t.statistique).toBeCloseTo((0.5 / sd) ** 2 * 2, 12);
    expect(t.p).toBeCloseTo((1 + 4) / 5, 12); // every placebo statistic (2 / (4/3) = 1.5) ≥ 0.375
    expect(testConjoint([3, 3], pl)!.p).toBeCloseTo(1 / 5, 12);
  });
});

describe('power', () => {
  it('adds the critical value and the distance to the power quantile', () => {
    // placebos evenly spread on [−1, 1]: the type-7 quantile of p is exactly −1 + 2p, so the critical
    // value is (0.95 − (−0.95)) / 2 = 0.95 and the power term (0.6 − (−0.6)) / 2 = 0.6: MDE = 1.55
    // (for normal placebos the same rule gives 1.96 σ + 0.84 σ = 2.80 σ)
    const xs = Array.from({ length: 2001 }, (_, i) => -1 + (2 * i) / 2000);
    expect(effetMinimalDetectable(xs)).toBeCloseTo(1.55, 12);
  });

  it('projects it with 1 / months before + 1 / months after', () => {
    // 36 months before, 12 after, +12: √((1/36 + 1/24) / (1/36 + 1/12)) = √(0.06944 / 0.11111) = √0.625
    expect(projeterEffetMinimal(0.2, 36, 12, 12, 36)).toBeCloseTo(0.2 * Math.sqrt(0.625), 12);
    // the after window stops at 36 months
    expect(projeterEffetMinimal(0.2, 36, 36, 12, 36)).toBeCloseTo(0.2, 12);
    // target 0.2 × √0.625: 12 more months; unreachable when below what the before period alone allows
    expect(moisAvantConcluant(0.2, 0.2 * Math.sqrt(0.625), 36, 12, 36)).toBe(12);
    expect(moisAvantConcluant(0.2, 0.05, 36, 12, 36)).toBeNull();
    expect(moisAvantConcluant(0.2, 0.3, 36, 12, 36)).toBe(0);
  });
});

describe('placebo groups with no case on one side', () => {
  it('have no contrast (null); the others keep theirs', () => {
    const s = parts({
      A: [
        [0, 0],
        [1, 10],
      ],
      B: [
        [1, 10],
        [2, 10],
      ],
      C: [
        [1, 10],
        [1, 10],
      ],
    });
    // group [A]: A has no base before → undefined; group [B] against A + C: (0.2 − 0.1) − (2/20 − 1/10) = 0.1
    const poids = new Map([
      ['A', 10],
      ['B', 10],
      ['C', 10],
    ]);
    const r = contrastesStudentises('part', s, ['B'], ['A', 'B', 'C'], [['A'], ['B']], [[-1, 1]], poids);
    expect(r.placebos[0]![0]).toBeNull();
    expect(r.placebos[0]![1]!.x).toBeCloseTo(0.1, 12);
  });
});

describe('the within-région correlation', () => {
  it('adds ρ × 2 a_A a_B σ_A σ_B for two départements of one région in the same group (hand-worked)', () => {
    // A (σ 0.1) and B (σ 0.2), weights 1 and 1, région R, in the pilot group; the comparison group
    // is one département of weight 10 and σ 0.3 in région S (no pair). ρ = 0.5.
    // Var(mean of A and B) without correlation (0.01 + 0.04) / 4 = 0.0125; the correlation adds
    // 2 × 0.5 × (1/2)(1/2) × 0.1 × 0.2 = 0.005 (0.0175: 40 % more).
    const P = { w: 2, reg: new Map([['R', { s: 0.1 + 0.2, q: 0.01 + 0.04 }]]) };
    const C = { w: 10, reg: new Map([['S', { s: 10 * 0.3, q: 100 * 0.09 }]]) };
    expect(covarianceRegionale(0.5, P, C)).toBeCloseTo(0.005, 15);
    expect(covarianceRegionale(0, P, C)).toBe(0);
  });
  it('subtracts the covariance of a pair split between the two groups', () => {
    // A (σ 0.1) in the pilot group alone, B (σ 0.2) alone in the comparison group, same région:
    // Var(x_A − x_B) = σ_A² + σ_B² − 2 ρ σ_A σ_B: the term is −2 × 0.5 × 0.1 × 0.2 = −0.02.
    const P = { w: 1, reg: new Map([['R', { s: 0.1, q: 0.01 }]]) };
    const C = { w: 1, reg: new Map([['R', { s: 0.2, q: 0.04 }]]) };
    expect(covarianceRegionale(0.5, P, C)).toBeCloseTo(-0.02, 15);
  });
  it('is the mean product of standardised contrasts over pairs of one région, at its expected value in [0, 1] given its noise', () => {
    const mv = { dispersion: 1, tau2: 0 };
    // x = 1, 1 (R1) and −1, −1 (R2), variance 1: mean 0, z = x; pairs (A, B) 1 and (C, D) 1:
    // ρ̂ = 1 of standard error 1 / √2; the mean of N(1, 1/2) truncated to [0, 1] is
    // 1 + √½ (φ(−√2) − φ(0)) / (Φ(0) − Φ(−√2)) = 1 − 0.70711 × (0.39894 − 0.14676) / 0.42135 = 0.57679
    const quatre = [
      { x: 1, v: 1, region: 'R1' },
      { x: 1, v: 1, region: 'R1' },
      { x: -1, v: 1, region: 'R2' },
      { x: -1, v: 1, region: 'R2' },
    ];
    const r4 = correlationRegionale(quatre, mv);
    expect(r4.brut).toBe(1);
    expect(r4.paires).toBe(2);
    expect(r4.rho).toBeCloseTo(0.576794, 5);
    // one more in R1 at 0: pairs 1, 0, 0 (R1) and 1 (R2): ρ̂ = 0.5 over 4 pairs, standard error
    // 0.5: N(0.5, 0.25) truncated to [0, 1] is symmetric about 0.5
    const r = correlationRegionale([...quatre, { x: 0, v: 1, region: 'R1' }], mv);
    expect(r.brut).toBeCloseTo(0.5, 12);
    expect(r.rho).toBeCloseTo(0.5, 9);
    // a single pair tells nothing: 0
    expect(correlationRegionale([quatre[0]!, { ...quatre[2]!, region: 'R1' }, { x: 0, v: 1, region: undefined }], mv).rho).toBe(0);
  });
  it('takes a correlation in [0, 1] at its expected value given an estimate and its standard error', () => {
    // estimate 0, standard error 0.1: the half-normal's mean 0.1 × √(2 / π) (the bound 1 is 10 standard errors away)
    expect(esperanceCorrelation(0, 0.1)).toBeCloseTo(0.1 * Math.sqrt(2 / Math.PI), 8);
    // symmetric about 0.5: 0.5
    expect(esperanceCorrelation(0.5, 0.5)).toBeCloseTo(0.5, 12);
    // the comparison pairs of the synthetic extract (about 190, ρ̂ ≈ −0.013): about 0.053, where the
    // positive-part shrinkage gave 0 (truncated normal mean, computed independently: 0.0534066)
    expect(esperanceCorrelation(-0.013, 1 / Math.sqrt(190))).toBeCloseTo(0.0534066, 6);
    // a far negative estimate with little noise: close to 0 but not 0; a very noisy one: the prior's mean 0.5
    const loin = esperanceCorrelation(-0.5, 0.05);
    expect(loin).toBeGreaterThan(0);
    expect(loin).toBeLessThan((0.05 * 0.05) / 0.5 + 1e-3);
    expect(esperanceCorrelation(0.3, 1e6)).toBeCloseTo(0.5, 6);
    // no noise: the estimate, within [0, 1]
    expect(esperanceCorrelation(0.2, 0)).toBe(0.2);
    expect(esperanceCorrelation(-0.2, 0)).toBe(0);
  });
});
