// The PDP path from detection to outcome: signalements → people accompanied → finished paths →
// paths with 3 entretiens or more. Bars of counts, and under a step the rate that follows from it
// (« ↓ 62,0 % des signalements traités suivis d'un accompagnement »). The steps are different
// counts of the same year, not one cohort (indicators.md: signalements dated in Y, people with an
// entretien in Y, accompaniments ended in Y), so they are not nested and a later bar may be longer
// than an earlier one: no funnel shape, and the chart says so (`explication`). A step that is a
// part of the one before (« dont ») is drawn in a lighter tone and labelled « dont … ».
import {
  AJUSTE,
  LARGEUR_TOTALE,
  aucuneValeur,
  graphiqueSansValeur,
  envelopper,
  base,
  preparer,
  notesSecret,
  axeValeur,
  COULEURS,
  type OptionsCommunes,
  type Point,
  type TopLevelSpec,
} from './common.js';
import { marge } from './bars.js';

/** One step: its id, French label, count, and the rate sentence shown after it, if any. */
export interface LigneEtape extends Point {
  etape: string;
  libelle: string;
  /** Sentence linking this step to the next (already formatted, or a suppression mark). */
  annotation?: string;
  /** A part of the step before (« dont … »): drawn in a lighter tone. */
  dont?: boolean;
}

/** Options of parcoursEtapes. */
export interface OptionsEtapes extends OptionsCommunes {
  titreValeur?: string;
  /** Why the steps are (or are not) nested, printed under the title and the table. */
  explication?: string;
}

/** Bars of the successive steps of the PDP path, with the rates between them. Each step is a
 *  label line above its bar (no axis labels: the bars get the whole width), each rate a line of
 *  its own between two steps. */
export function parcoursEtapes(lignes: readonly LigneEtape[], o: OptionsEtapes): TopLevelSpec {
  const etapes = preparer(lignes, o.unite, o.seuil).map((r) => ({ ...r, annotation: r.annotation ?? '' }));
  const notes = [...(o.explication ? [o.explication] : []), ...notesSecret(etapes, o.seuil)];
  // The bands, in reading order: label, bar, then the rate sentence if any.
  const bandes = etapes
    .flatMap((r) => [
      { ...r, type: 'libelle', phrase: r.libelle, _horsTableau: true },
      { ...r, type: 'barre', phrase: '' },
      ...envelopper(r.annotation, 44).map((ligne, i) => ({
        ...r,
        type: 'taux',
        phrase: i === 0 ? `↓ ${ligne}` : `   ${ligne}`,
        _horsTableau: true,
      })),
    ])
    .map((r, rang) => ({ ...r, rang }));
  const y = { field: 'rang', type: 'ordinal' as const, title: null, axis: null, scale: { paddingInner: 0.15 } };
  const max = marge(etapes);
  const resume = etapes.map((r) => `${r.libelle} : ${r.texte}${r.annotation ? ` (${r.annotation})` : ''}`).join(' ; ');
  const filtre = (type: string) => ({ filter: `datum.type === '${type}'` });
  const x = {
    field: 'trace',
    type: 'quantitative' as const,
    title: null,
    axis: { ...axeValeur(o.unite), grid: true, tickCount: 4, domain: false, ticks: false },
    scale: { domain: [0, max], nice: true },
  };
  const tableau = {
    ligne: { champ: 'libelle', titre: 'Étape' },
    valeur: { titre: o.titreValeur ?? 'Nombre' },
    extras: [{ champ: 'annotation', titre: 'Taux' }],
  };
  if (aucuneValeur(etapes))
    return graphiqueSansValeur(
      { ...o, sousTitre: [o.sousTitre, o.explication].filter(Boolean).join(' — ') },
      tableau,
      bandes.filter((b) => b.type === 'barre'),
      resume,
    );
  return {
    ...base(o, tableau, notes, resume),
    width: o.largeur ?? LARGEUR_TOTALE,
    autosize: AJUSTE,
    height: { step: 21 },
    data: { values: bandes },
    transform: [{ calculate: 'datum.affiche ? datum.trace : 0', as: 'position' }],
    encoding: { y },
    layer: [
      {
        transform: [filtre('barre')],
        mark: { type: 'bar', cornerRadiusEnd: 2, height: { band: 1 } },
        encoding: {
          x,
          color: { condition: { test: 'datum.dont', value: COULEURS.ciel }, value: COULEURS.principal },
          tooltip: [
            { field: 'libelle', title: 'Étape' },
            { field: 'texte', title: o.titreValeur ?? 'Nombre' },
          ],
        },
      },
      {
        transform: [filtre('barre')],
        mark: { type: 'text', align: 'left', dx: 5, fontSize: 12, fontWeight: 600 },
        encoding: {
          x: { field: 'position', type: 'quantitative' },
          text: { field: 'texte' },
          color: { condition: { test: 'datum.affiche', value: COULEURS.texte }, value: COULEURS.discret },
        },
      },
      {
        transform: [filtre('libelle')],
        mark: { type: 'text', align: 'left', baseline: 'bottom', dy: 8, fontSize: 12, color: COULEURS.texte },
        encoding: { x: { datum: 0, type: 'quantitative' }, text: { field: 'phrase' } },
      },
      {
        transform: [filtre('taux')],
        mark: { type: 'text', align: 'left', fontSize: 12, fontStyle: 'italic', color: COULEURS.accent },
        encoding: { x: { datum: 0, type: 'quantitative' }, text: { field: 'phrase' } },
      },
    ],
  } as TopLevelSpec;
}
