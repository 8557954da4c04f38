// The event-study chart of the evaluation page (src/charts/evaluation.ts, graphiqueTendances):
// compiles without warning, renders headless, one point per published gap and one interval per
// period that has one (none for the reference year, whose gap is 0 by construction). The series and
// placebo charts draw their start line, zero line, estimate and labels once, whatever the number of rows.
import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { courbeEvaluation, graphiqueTendances, histogrammePlacebo } from '../../src/charts/evaluation.ts';
import { marquesSvg, versSvg } from '../charts/rendu.ts';

describe('graphiqueTendances', () => {
  const lignes = [
    { periode: '2022', debut: '2022-01-01', fin: '2022-12-01', ecart: -0.012, lo: -0.03, hi: 0.008, cote: 'avant' as const },
    { periode: '2023', debut: '2023-01-01', fin: '2023-12-01', ecart: 0.004, lo: -0.015, hi: 0.022, cote: 'avant' as const },
    {
      periode: 'janv.-nov. 2024',
      debut: '2024-01-01',
      fin: '2024-11-01',
      ecart: 0,
      lo: null,
      hi: null,
      cote: 'reference' as const,
    },
    { periode: 'janv.-nov. 2025', debut: '2025-01-01', fin: '2025-11-01', ecart: 0.061, lo: 0.045, hi: 0.079, cote: 'apres' as const },
  ];
  const spec = graphiqueTendances(lignes, {
    titre: 'Part MT',
    sousTitre: 'Écart',
    unite: 'part',
    demarrage: '2025-01-01',
    fichier: 'tendances',
  });

  it('gives each side of the start one colour, whichever periods a chart has', () => {
    const couleurs = (ls: typeof lignes) => {
      const sp = graphiqueTendances(ls, { titre: 'x', unite: 'part', demarrage: '2025-01-01' }) as unknown as {
        layer: { encoding?: { color?: { scale: { domain: string[]; range: string[] } } } }[];
      };
      const c = sp.layer.find((l) => l.encoding?.color)!.encoding!.color!.scale;
      return Object.fromEntries(c.domain.map((d, i) => [d, c.range[i]]));
    };
    const toutes = couleurs(lignes);
    const sansAvant = couleurs(lignes.filter((l) => l.cote !== 'avant'));
    expect(Object.keys(toutes)).toEqual(['Avant le démarrage', 'Avant le démarrage (référence)', 'Après le démarrage']);
    expect(new Set(Object.values(toutes)).size).toBe(3);
    expect(sansAvant).toEqual({
      'Avant le démarrage (référence)': toutes['Avant le démarrage (référence)'],
      'Après le démarrage': toutes['Après le démarrage'],
    });
  });

  it('compiles without warning and draws 4 points and 3 intervals', async () => {
    const w: string[] = [];
    const logger = {
      level: () => logger,
      info: () => logger,
      debug: () => logger,
      warn: (...a: unknown[]) => (w.push(a.join(' ')), logger),
      error: (...a: unknown[]) => (w.push(a.join(' ')), logger),
    };
    compile(spec as TopLevelSpec, { logger: logger as never });
    expect(w.filter((x) => !x.includes('fit-y'))).toEqual([]);
    const svg = await versSvg(spec as TopLevelSpec);
    expect(marquesSvg(svg, 'mark-symbol')).toBe(4);
    // rules: the zero line, the start, and one interval per period that has one (3)
    expect(marquesSvg(svg, 'mark-rule', 'line')).toBe(1 + 1 + 3);
  });
});

/** Occurrences of a text drawn in an SVG (text marks are `<text …>label</text>`). */
const textes = (svg: string, t: string) => svg.split('</text>').filter((x) => x.slice(x.lastIndexOf('>') + 1).includes(t)).length;

describe('courbeEvaluation and histogrammePlacebo', () => {
  it('draw the start and its label once, not once per period', async () => {
    const mois = ['2024-01-01', '2024-02-01', '2024-03-01', '2025-01-01', '2025-02-01', '2025-03-01'];
    const lignes = ['Départements du pilote', 'Autres départements'].flatMap((serie, k) =>
      mois.map((m, i) => ({ serie, debut: m, fin: m, periode: m, valeur: 100 + 10 * k + i, statut: 'publie' as const })),
    );
    const svg = await versSvg(
      courbeEvaluation(lignes, {
        titre: 'Signalements',
        unite: 'evenements',
        series: ['Départements du pilote', 'Autres départements'],
        demarrage: '2025-01-01',
        libelleDemarrage: 'Démarrage (janvier 2025)',
        reference: 100,
      }),
    );
    expect(textes(svg, 'Démarrage (janvier 2025)')).toBe(1);
    expect(marquesSvg(svg, 'mark-rule', 'line')).toBe(2); // the reference line and the start (12 rows)
  });

  it('draws the zero line, the estimate and its label once, whatever the number of bins', async () => {
    const classes = Array.from({ length: 9 }, (_, i) => ({
      de: -0.045 + 0.01 * i,
      a: -0.035 + 0.01 * i,
      n: 20 + i,
      classe: `classe ${i}`,
    }));
    const svg = await versSvg(
      histogrammePlacebo(classes, { titre: 'Faux pilotes', unite: 'part', effet: 0.052, texteEffet: '+5,2 points' }),
    );
    expect(textes(svg, 'Pilote : +5,2 points')).toBe(1);
    expect(marquesSvg(svg, 'mark-rule', 'line')).toBe(2);
  });
});
