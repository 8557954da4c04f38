// The event-study chart of the evaluation page (src/charts/evaluation.ts, graphiqueTendances):
// compiles without warning, renders headless, one point per published gap and one interval per
// period that has one (none for the reference year, whose gap is 0 by construction).
import { describe, expect, it } from 'vitest';
import { compile, type TopLevelSpec } from 'vega-lite';
import { graphiqueTendances } from '../../src/charts/evaluation.ts';
import { versSvg } from '../charts/rendu.ts';

describe('graphiqueTendances', () => {
  const lignes = [
    { periode: '2022', debut: '2022-01-01', fin: '2022-12-01', ecart: -0.012, lo: -0.03, hi: 0.008, cote: 'Avant le démarrage' },
    { periode: '2023', debut: '2023-01-01', fin: '2023-12-01', ecart: 0.004, lo: -0.015, hi: 0.022, cote: 'Avant le démarrage' },
    {
      periode: 'janv.-nov. 2024',
      debut: '2024-01-01',
      fin: '2024-11-01',
      ecart: 0,
      lo: null,
      hi: null,
      cote: 'Avant le démarrage (référence)',
    },
    { periode: 'janv.-nov. 2025', debut: '2025-01-01', fin: '2025-11-01', ecart: 0.061, lo: 0.045, hi: 0.079, cote: 'Après le démarrage' },
  ];
  const spec = graphiqueTendances(lignes, {
    titre: 'Part MT',
    sousTitre: 'Écart',
    unite: 'part',
    demarrage: '2025-01-01',
    fichier: 'tendances',
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
    const compte = (classe: string, balise = 'path') =>
      svg
        .split(`class="${classe} role-mark`)
        .slice(1)
        .reduce((n, g) => n + (g.split('</g>')[0]!.match(new RegExp(`<${balise} `, 'g'))?.length ?? 0), 0);
    expect(compte('mark-symbol')).toBe(4);
    // rules: the zero line, the start, and one interval per period that has one (3)
    expect(compte('mark-rule', 'line')).toBe(1 + 1 + 3);
  });
});
