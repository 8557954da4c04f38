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

describe('confidentiality of the series (secret.ts)', () => {
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

  it('never publishes a point that shows a small cell, nor a calendar year that gives a hidden member away (property)', () => {
    const mois = moisEntre('2023-01-01', '2025-12-01');
    const arb = fc.record({
      pilote: fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 40 })), { minLength: 36, maxLength: 36 }),
      temoin: fc.array(fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 200 })), { minLength: 36, maxLength: 36 }),
      membre: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 3, maxLength: 3 }),
      unite: fc.constantFrom('part' as const, 'volume' as const, 'jours' as const),
    });
    fc.assert(
      fc.property(arb, (x) => {
        const gs: SommeMois[] = mois.flatMap((m, i) => {
          const [pn, pd] = x.pilote[i]!;
          const [tn, td] = x.temoin[i]!;
          return [
            { groupe: 'pilote' as const, mois: m, num: Math.min(pn, pd), den: x.unite === 'volume' ? 1 : pd },
            { groupe: 'temoin' as const, mois: m, num: Math.min(tn, td), den: x.unite === 'volume' ? 1 : td },
          ];
        });
        const annees: SommeAnnee[] = [2023, 2024, 2025].map((annee, k) => ({
          role: 'pilote' as const,
          departement: 'B',
          annee,
          num: x.membre[k]!,
          den: x.membre[k]! * 3,
          masqueDansLeBilan: x.membre[k]! < 11,
        }));
        const s = protegerSerie({
          unite: x.unite,
          demarrage: '2025-01-01',
          moisFenetre: mois,
          groupes: gs,
          annees,
          differenciation: true,
          seuil: 11,
        });
        const somme = (g: string, d: string, f: string) =>
          gs
            .filter((y) => y.groupe === g && y.mois >= d && y.mois <= f)
            .reduce((a, y) => ({ num: a.num + y.num, den: a.den + y.den }), { num: 0, den: 0 });
        for (const p of s.points) {
          if (p.statut !== 'publie') continue;
          const t = somme(p.groupe, p.debut, p.fin);
          if (statutCellule(x.unite, t.num, t.den, 11) === 'secret_primaire') return false;
        }
        // a calendar year tiled by published points must not give B away when B is hidden
        for (const [k, annee] of [2023, 2024].entries()) {
          const pts = s.points.filter(
            (p) => p.groupe === 'pilote' && p.statut === 'publie' && p.debut.startsWith(`${annee}`) && p.fin.startsWith(`${annee}`),
          );
          const couverts = pts.reduce((n, p) => n + p.mois, 0);
          const b = annees[k]!;
          if (
            couverts === 12 &&
            b.masqueDansLeBilan &&
            statutCellule(x.unite, b.num, b.den, 11) === 'secret_primaire' &&
            (x.unite !== 'jours' || b.den > 0)
          )
            return false;
        }
        return true;
      }),
      { numRuns: 300, seed: 7 },
    );
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
      `Effet détecté sur la part X : +5,8${NB}points (IC 95${NB}% : +4,1 à +7,4${NB}points). Aucun des 999 faux pilotes de même profil de taille, tirés parmi les autres départements, ne s'écarte autant (p = 0,002) : il est très improbable que cet écart soit dû au hasard.`,
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
      `seul un effet d'au moins +20,0${NB}% serait détecté 4 fois sur 5 (+16,0${NB}% avec 12 mois de recul de plus, +14,0${NB}% avec 24 mois de recul de plus)`,
    );
    expect(s).toContain("seule une extension à d'autres départements permettrait de conclure");
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
      `seul un effet d'au moins +20,0${NB}% serait détecté 4 fois sur 5 (la période retenue après le démarrage est déjà complète : plus de recul n'y change rien)`,
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
    const ok = phraseTendances('part', { ...base, test: { p: 0.4, tirages: 999, periodes: 2 } });
    expect(ok).toBe(
      `Tendances avant le démarrage : les écarts des 3 années d'avant le démarrage restent dans ce que le hasard produit (test conjoint, p = 0,40) ; aucune divergence nette n'apparaît, ce qui ne prouve pas l'absence de divergence. Ce test ne peut pas exclure un écart de tendance allant jusqu'à ±4,0${NB}points par année d'avant.`,
    );
    expect(phraseTendances('part', { ...base, test: { p: 0.01, tirages: 999, periodes: 2 } })).toMatch(
      /^Attention : avant le démarrage, .* ne suivaient pas la même tendance/,
    );
    const courte = phraseTendances('volume', {
      ...base,
      moisAvant: 11,
      courte: true,
      test: null,
      atypiques: ['2020 : année de crise sanitaire (Covid-19)'],
    });
    expect(courte).toMatch(
      /^Tendances avant le démarrage : période d'avant trop courte pour les tester \(11 mois \(2020 : année de crise sanitaire \(Covid-19\)\)\)/,
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
