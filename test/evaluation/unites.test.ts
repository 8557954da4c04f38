// Pilot evaluation, the parts that need no warehouse: the reference file, the confidentiality of
// the published series (hand-made cases and a property test), the French sentences.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PILOTES } from '../../src/generate/params.ts';
import { PILOTES_REFERENCE, lirePilotes } from '../../src/evaluation/pilotes.ts';
import { INDICATEURS_EVALUATION } from '../../src/evaluation/measures.ts';
import {
  moisEntre,
  protegerSerie,
  statutCellule,
  type EntreeSecret,
  type PointSerie,
  type SerieProtegee,
  type SommeAnnee,
  type SommeMois,
} from '../../src/evaluation/protect.ts';
import { formatEffet, formatIntervalle, phraseRobustesse, phraseTendances, phraseVerdict } from '../../src/evaluation/verdict.ts';

const NB = '\u202f';
/** One line of pilotes.csv (the expected effect defaults to +0.1 on each indicator, in one id=value). */
const ligne = (id: string, deps: string, debut = '2025-01-01', ind = 'pdp.signalements_mois', eff = `${ind}=0.1`) =>
  `${id},X,${deps},${debut},,PDP,${ind},${eff},d,s\n`;
const ENTETE = 'id,libelle,departements,debut,fin,axe,indicateurs,effets_attendus,description,source\n';

describe('data/reference/pilotes.csv', () => {
  it('describes the pilots the generator builds in (same ids, départements and start dates)', () => {
    // params.ts repeats them until it reads this file: the two must not drift apart.
    expect(PILOTES_REFERENCE.map((p) => p.id).sort()).toEqual(PILOTES.map((p) => p.id).sort());
    for (const g of PILOTES) {
      const r = PILOTES_REFERENCE.find((p) => p.id === g.id)!;
      expect([...r.departements].sort()).toEqual([...g.departements].sort());
      expect(r.debut).toBe(g.debut);
      expect(r.axe).toBe(g.axe);
    }
  });

  it('names only evaluation indicators that exist, and keeps leading zeros of the codes', () => {
    const ids = new Set(INDICATEURS_EVALUATION.map((i) => i.id));
    for (const p of PILOTES_REFERENCE) for (const i of p.indicateurs) expect(ids.has(i)).toBe(true);
    expect(PILOTES_REFERENCE.find((p) => p.id === 'plateformes_pdp')!.departements).toContain('06');
  });

  it('refuses an unknown département, a département in two pilots, a bad date, an unknown indicator', () => {
    expect(() => lirePilotes(ENTETE + ligne('a', '10 99'))).toThrow(/département inconnu 99/);
    expect(() => lirePilotes(ENTETE + ligne('a', '10') + ligne('b', '52 10'))).toThrow(/déjà dans le pilote a/);
    expect(() => lirePilotes(ENTETE + ligne('a', '10', '2025-01-15'))).toThrow(/AAAA-MM-01/);
    expect(() => lirePilotes(ENTETE + ligne('a', '10', '2025-01-01', 'pdp.inconnu'))).toThrow(/indicateur d'évaluation inconnu/);
    expect(lirePilotes(ENTETE + ligne('a', '2A 971'))[0]!.departements).toEqual(['2A', '971']);
  });

  it('reads the expected effect of every indicator, in its direction', () => {
    expect(
      lirePilotes(ENTETE + ligne('a', '10', '2025-01-01', 'pdp.delai_premier_entretien', 'pdp.delai_premier_entretien=-7.5'))[0]!
        .effetsAttendus,
    ).toEqual({ 'pdp.delai_premier_entretien': -7.5 });
    expect(() =>
      lirePilotes(ENTETE + ligne('a', '10', '2025-01-01', 'pdp.delai_premier_entretien', 'pdp.delai_premier_entretien=7')),
    ).toThrow(/n'est pas une baisse/);
    expect(() =>
      lirePilotes(
        ENTETE + ligne('a', '10', '2025-01-01', 'pdp.signalements_mois pdp.delai_premier_entretien', 'pdp.signalements_mois=0.1'),
      ),
    ).toThrow(/effet attendu manquant pour pdp.delai_premier_entretien/);
    expect(() => lirePilotes(ENTETE + ligne('a', '10', '2025-01-01', 'pdp.signalements_mois', 'pdp.signalements_mois=+10%'))).toThrow(
      /effet attendu illisible/,
    );
    expect(PILOTES_REFERENCE.find((p) => p.id === 'flyers_medecins_traitants')!.effetsAttendus).toEqual({
      'pdp.part_signalements_medecin_traitant': 0.06,
      'pdp.signalements_mois': 0.066,
    });
  });
});

/** Monthly sums of both groups over a window: the pilot with `pilote(m)` cases, the others 1 000. */
function groupes(mois: readonly string[], pilote: (m: string) => [number, number], temoin: [number, number] = [300, 1000]): SommeMois[] {
  return mois.flatMap((m) => [
    { groupe: 'pilote' as const, mois: m, num: pilote(m)[0], den: pilote(m)[1] },
    { groupe: 'temoin' as const, mois: m, num: temoin[0], den: temoin[1] },
  ]);
}

const MOIS = moisEntre('2022-01-01', '2025-12-01');
const entree = (o: Partial<EntreeSecret>): EntreeSecret => ({
  unite: 'part',
  demarrage: '2025-01-01',
  moisFenetre: MOIS,
  groupes: groupes(MOIS, () => [30, 100]),
  annees: [],
  differenciation: false,
  seuil: 11,
  ...o,
});

/**
 * Independent oracle of the confidentiality of a protected series, from the texts alone (threshold
 * 11; docs/spec/indicators.md « Publication rule », docs/evaluation.md « Confidentialité »), without
 * src/evaluation: a shown count is small when it is 1 … 10; a volume shows its count, a share its
 * numerator, complement and base, a mean its base. The reader knows every shown point and each
 * side's pooled value, hence a group's total over any union of points and, by difference, over
 * the hidden points of a side: these sets ("atoms") partition the window, and every union of them
 * is known. Over whole calendar years that total, minus the bilan's published yearly figures,
 * gives the sum of the group's hidden département figures (for the excluded départements: the
 * nation minus both groups). Every set of full years is enumerated. Returns what leaks (empty: nothing).
 */
function fuites(e: EntreeSecret, s: SerieProtegee): string[] {
  const petitCompte = (n: number) => n >= 1 && n <= 10;
  const montreUnPetit = (num: number, den: number) =>
    e.unite === 'volume' ? petitCompte(num) : e.unite === 'part' ? [num, den - num, den].some(petitCompte) : petitCompte(den);
  const mois = [...e.moisFenetre].sort();
  const out: string[] = [];
  if (!s.publiable) return s.points.length || s.niveaux ? ['points published when nothing may be'] : [];
  const total = (g: string, ms: ReadonlySet<string>) =>
    e.groupes
      .filter((y) => y.groupe === g && ms.has(y.mois))
      .reduce((a, y) => ({ num: a.num + y.num, den: a.den + y.den }), { num: 0, den: 0 });
  const atomes = new Map<string, Set<string>[]>();
  for (const g of ['pilote', 'temoin'] as const) {
    const pts = s.points.filter((p) => p.groupe === g).sort((a, b) => (a.debut < b.debut ? -1 : 1));
    const dans = (p: PointSerie) => mois.filter((m) => m >= p.debut && m <= p.fin);
    if (pts.flatMap(dans).join() !== mois.join()) out.push(`${g}: the points do not tile the window`);
    for (const p of pts)
      if (p.apres !== p.debut >= e.demarrage || (p.debut < e.demarrage && p.fin >= e.demarrage))
        out.push(`${g} ${p.debut}: across the start`);
    const a: Set<string>[] = [];
    for (const apres of [false, true]) {
      const caches = new Set<string>();
      for (const p of pts.filter((q) => q.apres === apres))
        if (p.statut === 'secret_primaire') dans(p).forEach((m) => caches.add(m));
        else a.push(new Set(dans(p)));
      if (caches.size) a.push(caches);
    }
    for (const ms of a) {
      const t = total(g, ms);
      if (montreUnPetit(t.num, t.den)) out.push(`${g} ${[...ms][0]}…: ${t.num} / ${t.den}`);
    }
    atomes.set(g, a);
  }
  const union = (ms: ReadonlySet<string>, g: string) =>
    atomes.get(g)!.every((a) => [...a].every((m) => ms.has(m)) || [...a].every((m) => !ms.has(m)));
  const annees = [...new Set(mois.map((m) => Number(m.slice(0, 4))))].filter(
    (y) => mois.filter((m) => m.startsWith(`${y}-`)).length === 12,
  );
  for (let choix = 1; choix < 1 << annees.length; choix++) {
    const ys = annees.filter((_, k) => choix & (1 << k));
    const ms = new Set(mois.filter((m) => ys.includes(Number(m.slice(0, 4)))));
    for (const role of ['pilote', 'temoin', 'exclu'] as const) {
      if (!(role === 'exclu' ? union(ms, 'pilote') && union(ms, 'temoin') : union(ms, role))) continue;
      const caches = e.annees.filter(
        (a) => a.role === role && ys.includes(a.annee) && (a.masqueDansLeBilan || montreUnPetit(a.num, a.den)),
      );
      const num = caches.reduce((n, a) => n + a.num, 0);
      const den = caches.reduce((n, a) => n + a.den, 0);
      if (montreUnPetit(num, den)) out.push(`${role} ${ys.join('+')}: hidden figures sum to ${num} / ${den}`);
    }
  }
  return out;
}

describe('confidentiality of the series (protect.ts)', () => {
  it('applies the rule to the cells a figure shows', () => {
    expect(statutCellule('volume', 0, 1, 11)).toBe('publie');
    expect(statutCellule('volume', 10, 1, 11)).toBe('secret_primaire');
    expect(statutCellule('volume', 11, 1, 11)).toBe('publie');
    expect(statutCellule('part', 5, 200, 11)).toBe('secret_primaire'); // numerator
    expect(statutCellule('part', 195, 200, 11)).toBe('secret_primaire'); // complement
    expect(statutCellule('part', 0, 200, 11)).toBe('publie');
    expect(statutCellule('part', 3, 10, 11)).toBe('secret_primaire'); // base
    expect(statutCellule('jours', 50, 10, 11)).toBe('secret_primaire');
    expect(statutCellule('jours', 0, 0, 11)).toBe('sans_objet');
  });

  it('keeps months when every point passes', () => {
    const s = protegerSerie(entree({}));
    expect(s.publiable).toBe(true);
    expect(s.grain).toEqual({ avant: 1, apres: 1 });
    expect(s.points).toHaveLength(2 * 48);
    expect(s.points.every((p) => p.statut === 'publie' && p.valeur === 0.3)).toBe(true);
  });

  it('goes to quarters, then years, when monthly numerators are small', () => {
    const trimestre = protegerSerie(entree({ groupes: groupes(MOIS, () => [4, 40]) }));
    expect(trimestre.grain).toEqual({ avant: 3, apres: 3 });
    const an = protegerSerie(entree({ groupes: groupes(MOIS, () => [1, 40]) }));
    expect(an.grain).toEqual({ avant: 12, apres: 12 });
    expect(an.points.filter((p) => p.groupe === 'pilote').map((p) => `${p.debut}/${p.fin}`)).toEqual([
      '2022-01-01/2022-12-01',
      '2023-01-01/2023-12-01',
      '2024-01-01/2024-12-01',
      '2025-01-01/2025-12-01',
    ]);
  });

  it('gives a side a single point when even a year is too small, and publishes nothing when a side is', () => {
    const s = protegerSerie(
      entree({ groupes: groupes(MOIS, (m) => (m < '2025' ? [['01', '04', '07', '10'].includes(m.slice(5, 7)) ? 1 : 0, 40] : [2, 40])) }),
    );
    expect(s.publiable).toBe(true);
    expect(s.grain).toEqual({ avant: 0, apres: 12 });
    const rien = protegerSerie(entree({ groupes: groupes(MOIS, (m) => (m < '2025' ? [3, 40] : [0.5, 40])) }));
    expect(rien.publiable).toBe(false);
    expect(rien.points).toEqual([]);
  });

  it('merges the years where a member département could be worked out by difference', () => {
    // Pilot group = A (big) + B; B has 6 cases a year in 2022 and 2023 (hidden in the bilan), 20 in 2024 and 2025.
    const annees: SommeAnnee[] = [2022, 2023, 2024, 2025].flatMap((annee) => [
      { role: 'pilote' as const, departement: 'A', annee, num: 240, den: 1000, masqueDansLeBilan: false },
      { role: 'pilote' as const, departement: 'B', annee, num: annee < 2024 ? 6 : 20, den: 100, masqueDansLeBilan: annee < 2024 },
      { role: 'temoin' as const, departement: 'C', annee, num: 3600, den: 12000, masqueDansLeBilan: false },
    ]);
    const s = protegerSerie(entree({ annees, differenciation: true }));
    expect(s.publiable).toBe(true);
    expect(s.anneesRegroupees).toEqual([[2022, 2023]]);
    const avant = s.points.filter((p) => p.groupe === 'pilote' && !p.apres);
    expect(avant[0]).toMatchObject({ debut: '2022-01-01', fin: '2023-12-01', mois: 24 });
    expect(avant.slice(1).every((p) => p.mois === 1)).toBe(true);
    // 4 cases a year, hidden, before the start: only the three years together (12) pass
    const une = annees.map((a) => (a.departement === 'B' && a.annee < 2025 ? { ...a, num: 4, masqueDansLeBilan: true } : a));
    const t = protegerSerie(entree({ annees: une, differenciation: true }));
    expect(t.anneesRegroupees).toEqual([[2022, 2024]]);
    expect(t.grain).toEqual({ avant: 1, apres: 1 });
    expect(t.points.filter((p) => p.groupe === 'pilote' && !p.apres)).toHaveLength(1);
    // and if the year after the start is hidden too, it cannot be merged across the start: nothing is published
    const apres = une.map((a) => (a.departement === 'B' ? { ...a, num: 4, masqueDansLeBilan: true } : a));
    expect(protegerSerie(entree({ annees: apres, differenciation: true })).publiable).toBe(false);
  });

  it('never publishes a small group total, nor years that give hidden département figures away (property, brute-force oracle)', () => {
    const mois = Array.from({ length: 36 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
    // a count: 0, small or not (the département figures are small in one case in eight)
    const compte = fc.oneof(
      { arbitrary: fc.constant(0), weight: 1 },
      { arbitrary: fc.integer({ min: 1, max: 10 }), weight: 1 },
      {
        arbitrary: fc.integer({ min: 11, max: 40 }),
        weight: 6,
      },
    );
    const membre = fc.record({ num: compte, complement: compte, secondaire: fc.boolean() });
    const mensuel = fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 30 })), { minLength: 36, maxLength: 36 });
    const arb = fc.record({
      unite: fc.constantFrom('part' as const, 'volume' as const, 'jours' as const),
      // any month from February 2023 to December 2025: January starts (every pilot of the reference file) and the others
      debut: fc.oneof(fc.constantFrom(12, 24), fc.integer({ min: 1, max: 35 })),
      // monthly numerator and complement of each group; when `grand`, every count is 0 or 11 … 40
      pilote: mensuel,
      temoin: mensuel,
      grand: fc.boolean(),
      membres: fc.array(fc.array(membre, { minLength: 3, maxLength: 3 }), { minLength: 3, maxLength: 3 }),
    });
    const vus = { nonPubliees: 0, mensuelles: 0, annuelles: 0, regroupees: 0 };
    fc.assert(
      fc.property(arb, (x) => {
        const cellule = (num: number, complement: number) => ({ num, den: x.unite === 'volume' ? 1 : num + complement });
        const mois1 = (v: number) => (x.grand && v > 0 ? v + 10 : v);
        const e: EntreeSecret = {
          unite: x.unite,
          demarrage: mois[x.debut]!,
          moisFenetre: mois,
          groupes: mois.flatMap((m, i) =>
            (['pilote', 'temoin'] as const).map((groupe) => ({
              groupe,
              mois: m,
              ...cellule(mois1(x[groupe][i]![0]), mois1(x[groupe][i]![1])),
            })),
          ),
          // one département per role and full year; the bilan hides some figures that are not small (secondary secret)
          annees: (['pilote', 'temoin', 'exclu'] as const).flatMap((role, r) =>
            [2023, 2024, 2025].map((annee, k) => {
              const b = x.membres[r]![k]!;
              return { role, departement: role, annee, ...cellule(b.num, b.complement), masqueDansLeBilan: b.secondaire };
            }),
          ),
          differenciation: true,
          seuil: 11,
        };
        const s = protegerSerie(e);
        if (!s.publiable) vus.nonPubliees++;
        else if (s.grain.avant === 1 && s.grain.apres === 1) vus.mensuelles++;
        else if (s.grain.avant === 12 || s.grain.apres === 12) vus.annuelles++;
        if (s.anneesRegroupees.length) vus.regroupees++;
        expect(fuites(e, s)).toEqual([]);
      }),
      { numRuns: 400, seed: 7 },
    );
    // the cases drawn reach every branch: nothing published, months, years, years merged
    for (const v of Object.values(vus)) expect(v).toBeGreaterThan(5);
  });

  // Found by the oracle above (was a gap): with a start that is not in January, the points of both
  // sides together can tile whole calendar years (here all three), which must then pass R2 as a whole.
  it('does not give away a hidden figure through a start in June', () => {
    const mois = Array.from({ length: 36 }, (_, i) => `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`);
    // both groups: a base of 11 in May 2023 and December 2025, nothing else; the excluded
    // département E has a base of 1 in 2025, hidden in the bilan. Points: January … May 2023 one
    // by one (R1 passes), then June 2023 … December 2025 as one point after the start: their union
    // is 2023–2025, so the nation's three years minus both groups minus the published figures is E's 1.
    const base = (m: string) => (m === '2023-05-01' || m === '2025-12-01' ? 11 : 0);
    const e: EntreeSecret = {
      unite: 'part',
      demarrage: '2023-06-01',
      moisFenetre: mois,
      groupes: mois.flatMap((m) => [
        { groupe: 'pilote' as const, mois: m, num: 0, den: base(m) },
        { groupe: 'temoin' as const, mois: m, num: 0, den: base(m) },
      ]),
      annees: [{ role: 'exclu', departement: 'E', annee: 2025, num: 0, den: 1, masqueDansLeBilan: true }],
      differenciation: true,
      seuil: 11,
    };
    expect(fuites(e, protegerSerie(e))).toEqual([]);
  });
});

describe('French sentences (verdict.ts)', () => {
  it('writes an effect on its scale', () => {
    expect(formatEffet(0.058, 'part')).toBe(`+5,8${NB}points`);
    expect(formatEffet(0.012, 'part')).toBe(`+1,2${NB}point`);
    expect(formatEffet(0.2091, 'volume')).toBe(`+20,9${NB}%`);
    expect(formatEffet(-9.95, 'jours')).toBe(`-10,0${NB}jours`);
    expect(formatIntervalle([0.041, 0.074], 'part')).toBe(`+4,1 à +7,4${NB}points`);
    expect(formatIntervalle([-0.152, 0.049], 'volume')).toBe(`-15,2${NB}% à +4,9${NB}%`);
  });

  it('says whether an effect is detected, in which direction, and how sure it is', () => {
    const base = { tirages: 999, auMoinsAussiLoin: 0, p: 0.002 };
    expect(phraseVerdict('la part X', 'part', 'hausse', { ...base, effet: 0.058, ic95: [0.041, 0.074], detecte: true })).toBe(
      `Effet détecté sur la part X : +5,8${NB}points (IC 95${NB}% : +4,1 à +7,4${NB}points). Aucun des 999 faux pilotes de même profil de taille, tirés au hasard, ne s'écarte autant (p = 0,002) : il est très improbable que cet écart soit dû au hasard.`,
    );
    expect(phraseVerdict('le délai', 'jours', 'baisse', { ...base, effet: 3, ic95: [1, 5], detecte: true })).toMatch(
      /^Effet détecté, mais dans le sens inverse de celui attendu \(une baisse\)/,
    );
    const non = phraseVerdict('le nombre', 'volume', 'hausse', {
      tirages: 999,
      auMoinsAussiLoin: 32,
      p: 0.066,
      effet: -0.088,
      ic95: [-0.152, 0.049],
      detecte: false,
    });
    expect(non).toMatch(/^Aucun effet détectable sur le nombre : l'écart estimé \(-8,8\u202f%\)/);
    expect(non).toContain('Un tel écart peut arriver par hasard (p = 0,07) : 32 des 999 faux pilotes');
  });

  it('says « non concluante » when nothing is detected and the expected effect is below the minimum detectable one', () => {
    const e = { tirages: 999, auMoinsAussiLoin: 120, p: 0.24, effet: 0.05, ic95: [-0.06, 0.17] as [number, number], detecte: false };
    const q = {
      effetAttendu: 0.066,
      mde: 0.2,
      projections: [
        { mois: 12, apres: 23, mde: 0.16 },
        { mois: 24, apres: 35, mde: 0.14 },
      ],
      suffisante: false,
      moisEnPlus: null,
      disponibleVers: null,
      moisApres: 11,
    };
    const s = phraseVerdict('le nombre', 'volume', 'hausse', e, q);
    expect(s).toMatch(/^Évaluation non concluante sur le nombre : /);
    expect(s).toContain(`L'effet attendu (+6,6${NB}%) est plus petit que le plus petit effet détectable (+20,0${NB}%)`);
    expect(s).toContain(
      `le plus petit effet détecté 4 fois sur 5 est de +20,0${NB}% (+16,0${NB}% avec 12 mois de recul de plus, +14,0${NB}% avec 24 mois de recul de plus)`,
    );
    expect(s).toContain("seule une extension à d'autres départements permettrait de détecter un effet de cette taille");
    expect(s).not.toContain("L'intervalle exclut");
    // an interval that holds 0 but leaves out the expected effect (flyers, signalements: −15,0 % to +0,8 %): said
    const exclu = phraseVerdict('le nombre', 'volume', 'hausse', { ...e, effet: -0.07, ic95: [-0.15, 0.008] }, q);
    expect(exclu).toMatch(/^Évaluation non concluante sur le nombre : /);
    expect(exclu).toContain(
      `L'intervalle exclut toutefois l'effet attendu (+6,6${NB}%) : si le dispositif agit sur le nombre, c'est moins qu'attendu.`,
    );
    // a decrease expected (−10 days), interval from −4 to +3 days: left out as well
    expect(
      phraseVerdict('le délai', 'jours', 'baisse', { ...e, effet: -0.5, ic95: [-4, 3] }, { ...q, effetAttendu: -10, mde: 12 }),
    ).toContain(`L'intervalle exclut toutefois l'effet attendu (-10,0${NB}jours)`);
    // a window already complete (36 months after): the projections cannot improve it
    const complet = {
      ...q,
      moisApres: 36,
      projections: [
        { mois: 12, apres: 36, mde: 0.2 },
        { mois: 24, apres: 36, mde: 0.2 },
      ],
    };
    expect(phraseVerdict('le nombre', 'volume', 'hausse', e, complet)).toContain(
      `le plus petit effet détecté 4 fois sur 5 est de +20,0${NB}% (la période retenue après le démarrage est déjà complète : plus de recul n'y change rien)`,
    );
    const bientot = phraseVerdict('le nombre', 'volume', 'hausse', e, { ...q, moisEnPlus: 14, disponibleVers: '2027-03-01' });
    expect(bientot).toContain(
      'Elle pourrait devenir concluante avec environ 14 mois de recul de plus (données disponibles vers mars 2027).',
    );
    // detected: never « non concluante », whatever the power
    expect(phraseVerdict('le nombre', 'volume', 'hausse', { ...e, p: 0.01, detecte: true, ic95: [0.01, 0.1] }, q)).toMatch(
      /^Effet détecté/,
    );
    // expected effect above the minimum detectable one: « aucun effet détectable », and what that rules out
    expect(phraseVerdict('le nombre', 'volume', 'hausse', e, { ...q, effetAttendu: 0.3, suffisante: true, moisEnPlus: 0 })).toMatch(
      /^Aucun effet détectable .*Un effet de la taille attendue \(\+30,0\u202f%\) aurait été détecté 4 fois sur 5/,
    );
  });

  it('never writes that the groups evolved the same way before the start', () => {
    const base = { periodes: [], moisAvant: 35, atypiques: [], demiLargeurMax: 0.04, courte: false };
    // three periods before the start, the first merging 2021 and 2022 (as a published point may): 2021 to 2024
    const periode = (debut: string, fin: string, apres = false) => ({
      debut,
      fin,
      mois: 12,
      apres,
      reference: false,
      ecart: 0,
      ic95: null,
      p: null,
    });
    const periodes = [
      periode('2021-01-01', '2022-12-01'),
      periode('2023-01-01', '2023-12-01'),
      periode('2024-01-01', '2024-12-01'),
      periode('2025-01-01', '2025-12-01', true),
    ];
    const ok = phraseTendances('part', { ...base, periodes, test: { p: 0.4, tirages: 999, periodes: 2 } });
    expect(ok).toBe(
      `Tendances avant le démarrage : les écarts des années d'avant le démarrage (2021 à 2024) restent dans ce que le hasard produit (test conjoint, p = 0,40) ; aucune divergence nette n'apparaît, ce qui ne prouve pas l'absence de divergence. Ce test ne peut pas exclure un écart de tendance allant jusqu'à ±4,0${NB}points par année d'avant.`,
    );
    expect(phraseTendances('part', { ...base, test: { p: 0.01, tirages: 999, periodes: 2 } })).toMatch(
      /^Attention : avant le démarrage, .* ne suivaient pas la même tendance/,
    );
    const courte = phraseTendances('volume', {
      ...base,
      moisAvant: 11,
      courte: true,
      test: null,
      atypiques: ['2020 : année de crise sanitaire, Covid-19'],
    });
    expect(courte).toMatch(
      /^Tendances avant le démarrage : période d'avant trop courte pour les tester \(11 mois ; 2020 : année de crise sanitaire, Covid-19\)\. /,
    );
    for (const s of [ok, courte]) expect(s).not.toMatch(/évoluaient de la même façon/);
  });

  it('says « fragile » when a variant flips the sign or the detection', () => {
    const v = (id: string, bascule: boolean) => ({
      id,
      libelle: `variante ${id}`,
      sens: 'hausse' as const,
      detecte: true,
      p: 0.01,
      bascule,
    });
    expect(phraseRobustesse({ variantes: [v('a', false), v('b', false)], fragile: false })).toBe(
      "Robustesse : le verdict (sens et détection) est le même dans les 2 variantes de l'analyse.",
    );
    expect(phraseRobustesse({ variantes: [v('a', true), v('b', false)], fragile: true })).toBe(
      'Résultat fragile : le verdict change (sens ou détection) variante a (1 variante sur 2).',
    );
  });
});
