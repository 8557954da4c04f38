// The PDF reports of the nation and of an organisme, on a small synthetic warehouse of two regions
// — Nord-Est (the flyers' départements, Aube and Haute-Marne) and Auvergne (a plateforme's,
// Puy-de-Dôme) — 2022–2025, published by `bilan export` as a build publishes (indicators, then the
// evaluation of the pilots): the main part and the annex by page count, the evaluation section
// with the sentences of the published evaluation (the ones the site's page prints), the text size.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { closeWarehouse } from '../../src/warehouse/db.ts';
import { ouvrirLecture } from '../../src/data/published-reader.ts';
import { readPublishedEvaluation } from '../../src/evaluation/publication.ts';
import type { ResultatPilote } from '../../src/evaluation/index.ts';
import { entrepotRegions } from '../evaluation/donnees.ts';
import { chromiumDisponible } from '../site/navigateur.ts';
import { controlerMots, parties, textePages, texteSuivi } from './pdf.ts';

const ANNEE = 2025;
const avecPdf = chromiumDisponible('les rapports PDF national et régional') && existsSync('/usr/bin/pdftotext');

let dossier: string;
let evaluation: ResultatPilote[];
/** The PDF of a scope's export. */
const pdfs = new Map<string, string>();

beforeAll(async () => {
  if (!avecPdf) return;
  dossier = mkdtempSync(join(tmpdir(), 'bilan-rapport-'));
  const { w, chemin } = await entrepotRegions(join(dossier, 'donnees'), ['CARSAT_NE', 'CARSAT_AUV'], [2022, ANNEE]);
  closeWarehouse(w);
  for (const scope of ['national', 'organisme:CARSAT_NE']) {
    const out = join(dossier, scope.replace(':', '-'));
    const r = await main(['export', '--year', String(ANNEE), '--scope', scope, '--db', chemin, '--out', out], {
      out: () => {},
      err: () => {},
    });
    if (r !== 0) throw new Error(`bilan export ${scope} : code ${r}`);
    pdfs.set(
      scope,
      join(
        out,
        readdirSync(out).find((f) => f.endsWith('.pdf'))!,
      ),
    );
  }
  const lecture = await ouvrirLecture(chemin);
  try {
    evaluation = await readPublishedEvaluation(lecture.con);
  } finally {
    lecture.fermer();
  }
}, 900_000);

afterAll(() => {
  if (dossier) rmSync(dossier, { recursive: true, force: true });
});

/** The main part of a report, as one text without page footers. */
function principal(scope: string, pied: string): string {
  const pages = textePages(pdfs.get(scope)!);
  return texteSuivi(pages.slice(0, parties(pages).principal), pied);
}

describe.skipIf(!avecPdf)('the national report', () => {
  it('has a short main part (with the evaluation), then the annex', () => {
    const pages = textePages(pdfs.get('national')!);
    // By hand: 1 cover; 2 key figures and synthesis; 3 the PDP commentary and the path; 4 the issues;
    // 5 the rest of the commentary and the trend of people accompanied; 6 the trend of the maintien
    // rate and the start of « Évaluation des dispositifs »: the plateformes (three sentences « Évaluation
    // impossible »: no year before their start in 2022–2025); 7 the flyers (two indicators: verdict,
    // trends, robustness). Annex: 8–14 the 13 other charts (one series each: about two a page),
    // 15–20 the tables, 21 the methodology.
    expect(parties(pages)).toEqual({ principal: 7, annexe: 14 });
    expect(pages[parties(pages).principal]).toMatch(/^\s*Annexe\n/);
  });

  it('states every published verdict, with its power, its trends before the start and its robustness', () => {
    const texte = principal('national', `Bilan ${ANNEE} — France entière`);
    expect(texte).toContain('Évaluation des dispositifs');
    expect(evaluation.map((p) => p.id)).toEqual(['plateformes_pdp', 'flyers_medecins_traitants']);
    let phrases = 0;
    for (const p of evaluation) {
      expect(texte).toContain(p.libelle);
      for (const i of p.indicateurs) {
        for (const phrase of [i.verdict, i.tendances?.phrase, i.robustesse?.phrase].filter((x) => x !== undefined)) {
          expect(texte, `${p.id} ${i.indicateur}`).toContain(phrase.replace(/[\u00a0\u202f\u2009]/g, ' '));
          phrases++;
        }
      }
    }
    expect(phrases).toBeGreaterThanOrEqual(5);
    // By hand (data/reference/pilotes.csv): the plateformes started in January 2021, with one year
    // of data before (2022–2025 here: none): not evaluable. The flyers (January 2025, Aube and
    // Haute-Marne) expect +6,6 % on the signalements a month, far under what two départements can
    // show after 12 months (about +20 %): « non concluante », with its power statement.
    const flyers = evaluation.find((p) => p.id === 'flyers_medecins_traitants')!;
    const signalements = flyers.indicateurs.find((i) => i.indicateur === 'pdp.signalements_mois')!;
    expect(signalements.verdict).toMatch(/^Évaluation non concluante/);
    expect(texte).toContain('Évaluation non concluante sur');
    expect(texte).toMatch(
      /Puissance : avec ces départements et \d+ mois après le démarrage, le plus petit effet détecté 4 fois sur 5 est de \+\d+,\d %/,
    );
    expect(texte).toContain('effet attendu par le dispositif : +6,6 %');
    expect(evaluation[0]!.indicateurs.every((i) => i.statut === 'non_evaluable')).toBe(true);
    expect(texte).toContain('Évaluation impossible pour');
    // The trends sentence never says the groups evolved the same way.
    expect(texte).not.toMatch(/évoluaient de la même façon|évolué de la même façon/);
  });

  it('prints every text at 9 pt or more, inside the margins', () => {
    const c = controlerMots(pdfs.get('national')!);
    expect(c.petits).toEqual([]);
    expect(c.horsMarges).toEqual([]);
  });
});

describe.skipIf(!avecPdf)('the report of an organisme', () => {
  it('has a main part of a few pages, then the annex', () => {
    const pages = textePages(pdfs.get('organisme:CARSAT_NE')!);
    // By hand: 1 cover; 2 key figures; 3–6 the commentary and the four main charts (compared with
    // the nation: two bars a category); 6–7 the flyers' evaluation (Aube and Haute-Marne are in the
    // Nord-Est; no plateforme is). Annex: 8–16 the 13 other charts, 17–23 the tables (its eight
    // départements in two transposed tables), 24 the methodology.
    expect(parties(pages)).toEqual({ principal: 7, annexe: 17 });
  });

  it('gives the evaluation of the pilots it takes part in, not the others', () => {
    const texte = principal('organisme:CARSAT_NE', `Bilan ${ANNEE} — Carsat Nord-Est`);
    expect(texte).toContain('Évaluation des dispositifs');
    expect(texte).toContain('Carsat Nord-Est fait partie d’un dispositif expérimental'.replace('’', "'"));
    expect(texte).toContain('Flyers aux médecins traitants');
    expect(texte).toContain('Aube (10), Haute-Marne (52) ; démarrage en janvier 2025.');
    for (const i of evaluation.find((p) => p.id === 'flyers_medecins_traitants')!.indicateurs)
      expect(texte).toContain(i.verdict.replace(/[\u00a0\u202f\u2009]/g, ' '));
    expect(texte).not.toContain('Plateformes PDP');
  });
});
