// Generated commentary (src/commentary): plain French sentences from the published figures, the
// change over a year, the parents' figures; a hidden figure is never guessed.
import { describe, expect, it } from 'vitest';
import {
  commentaireSynthese,
  commentaireDetection,
  commentaireInstances,
  commentaireSatisfaction,
  variation,
  surUnAn,
} from '../../src/commentary/index.ts';
import { ESPACE } from '../../src/format/index.ts';
import type { ContexteBilan, MetaIndicateur, Perimetre } from '../../src/data/site-model.ts';
import type { Cellule, Unite } from '../../src/format/index.ts';

const n = ESPACE;
const metas: [string, Unite][] = [
  ['assures_accompagnes', 'personnes'],
  ['entretiens', 'evenements'],
  ['entretiens_par_assure', 'ratio'],
  ['pdp.assures_accompagnes', 'personnes'],
  ['evolution.pdp.assures_accompagnes', 'evolution'],
  ['sps.assures_accompagnes', 'personnes'],
  ['pdp.parcours_finalises', 'evenements'],
  ['pdp.taux_maintien_employabilite', 'part'],
  ['pdp.taux_maintien_emploi', 'part'],
  ['satisfaction.taux', 'part'],
  ['satisfaction.reponses', 'evenements'],
  ['pdp.signalements', 'evenements'],
  ['pdp.part_spst_parmi_externes', 'part'],
  ['pdp.part_signalements.SERVICE_MEDICAL', 'part'],
  ['pdp.part_signalements.SPST', 'part'],
];
const indicateurs = new Map(
  metas.map(([id, unite]): [string, MetaIndicateur] => [
    id,
    {
      id,
      libelle: id,
      unite,
      definition: '',
      ...(id.startsWith('pdp.part_signalements.')
        ? {
            famille: 'pdp.part_signalements',
            categorie: {
              liste: 'origine',
              code: id.split('.').at(-1)!,
              libelle: id.endsWith('SPST') ? 'SPST' : "Service médical de l'Assurance Maladie",
            },
          }
        : {}),
    },
  ]),
);

function perimetre(nom: string, valeurs: Record<string, Record<number, Cellule>>): Perimetre {
  return { niveau: 'organisme', code: nom, nom, lire: (id, annee) => valeurs[id]?.[annee] ?? { valeur: null, statut: 'sans_objet' } };
}
const pub = (valeur: number): Cellule => ({ valeur, statut: 'publie' });
const lr = perimetre('Carsat Languedoc-Roussillon', {
  assures_accompagnes: { 2022: pub(11000), 2023: pub(11851) },
  entretiens: { 2023: pub(32544) },
  entretiens_par_assure: { 2023: pub(32544 / 11851) },
  'pdp.assures_accompagnes': { 2023: pub(5010) },
  'evolution.pdp.assures_accompagnes': { 2023: pub(0.07) },
  'sps.assures_accompagnes': { 2023: { valeur: null, statut: 'secret' } },
  'pdp.parcours_finalises': { 2023: pub(2482) },
  'pdp.taux_maintien_employabilite': { 2022: pub(0.45), 2023: pub(0.46) },
  'pdp.taux_maintien_emploi': { 2023: pub(0.44) },
  'satisfaction.taux': { 2023: pub(0.916) },
  'pdp.signalements': { 2023: pub(2566) },
  'pdp.part_spst_parmi_externes': { 2023: pub(0.69) },
  'pdp.part_signalements.SERVICE_MEDICAL': { 2023: pub(0.41) },
  'pdp.part_signalements.SPST': { 2023: pub(0.2) },
});
const france = perimetre('France entière', {
  'pdp.taux_maintien_employabilite': { 2023: pub(0.452) },
  'satisfaction.taux': { 2023: { valeur: null, statut: 'secret' } },
});
const ctx: ContexteBilan = { annee: 2023, annees: [2022, 2023], perimetre: lr, parents: [france], indicateurs, seuil: 11 };

describe('commentary', () => {
  it('writes the key sentences of the bilan in French, with changes over a year', () => {
    const phrases = commentaireSynthese(ctx);
    expect(phrases[0]).toBe(
      `En 2023, 11${n}851 assurés accompagnés par le service social, +8${n}% sur un an ; 32${n}544 entretiens, soit 2,7 par assuré.`,
    );
    expect(phrases[1]).toBe(`5${n}010 assurés accompagnés en prévention de la désinsertion professionnelle (PDP), +7${n}% sur un an.`);
    // The two rates share one base: the second is said as a part of the same paths, within the first (not « dont 44 % »).
    expect(phrases[2]).toBe(
      `2${n}482 parcours PDP finalisés ; parmi ceux qui ont compté au moins 3 entretiens, 46,0${n}% ont abouti à un maintien dans l'emploi ou l'employabilité (France entière${n}: 45,2${n}%) ; 44,0${n}% de ces mêmes parcours se sont conclus par un maintien dans l'emploi (même poste ou autre emploi), compris dans les 46,0${n}%.`,
    );
    expect(phrases.join(' ')).not.toMatch(/dont \d/);
    expect(phrases.at(-1)).toBe(`91,6${n}% des assurés ayant répondu à l'enquête sont satisfaits de l'intervention du service social.`);
  });
  it('never mentions a hidden figure: SPS is left out, the hidden national rate is not quoted', () => {
    const texte = commentaireSynthese(ctx).join(' ');
    expect(texte).not.toContain('SPS');
    expect(texte).not.toMatch(/France entière.{0,5}91/);
  });
  it('uses the published evolution when the catalogue has one, points for shares', () => {
    expect(variation(ctx, 'pdp.assures_accompagnes')).toEqual({ texte: `+7${n}%`, sens: 1 });
    expect(variation(ctx, 'pdp.taux_maintien_employabilite')).toEqual({ texte: `+1,0${n}pt`, sens: 1 });
    expect(surUnAn(ctx, 'pdp.signalements')).toBe('');
  });
  it('names the first origin of the signalements and the SPST share', () => {
    expect(commentaireDetection(ctx)).toEqual([
      `2${n}566 signalements PDP reçus ; première origine : service médical de l'Assurance Maladie (41,0${n}%).`,
      `Parmi les signalements d'origine externe, 69,0${n}% viennent des services de prévention et de santé au travail (SPST).`,
    ]);
  });
  it('says when a figure is not shown', () => {
    const sans = { ...ctx, perimetre: perimetre('Lozère', { 'satisfaction.taux': { 2023: { valeur: null, statut: 'secret' } } }) };
    expect(commentaireSatisfaction(sans)).toEqual(["Le taux de satisfaction n'est pas diffusé (secret statistique)."]);
  });
});

describe('change over a year, by unit', () => {
  const duree = perimetre('Aube', {
    'pdp.duree_mois.mediane': { 2022: pub(9.0), 2023: pub(9.32) },
    entretiens_par_assure: { 2022: pub(3.5), 2023: pub(3.4) },
  });
  const metas2 = new Map(indicateurs);
  metas2.set('pdp.duree_mois.mediane', { id: 'pdp.duree_mois.mediane', libelle: 'Durée médiane', unite: 'mois', definition: '' });
  const c: ContexteBilan = { ...ctx, perimetre: duree, indicateurs: metas2 };
  it('writes durations and ratios as differences in their unit', () => {
    expect(variation(c, 'pdp.duree_mois.mediane')).toEqual({ texte: `+0,3${n}mois`, sens: 1 });
    expect(variation(c, 'entretiens_par_assure')).toEqual({ texte: '-0,1', sens: -1 });
  });
});

describe('counts and their nouns agree (French plural from 2)', () => {
  const collectif = (code: string, libelle: string): [string, MetaIndicateur] => [
    `collectif.actions.${code}`,
    {
      id: `collectif.actions.${code}`,
      libelle: `Actions collectives : ${libelle}`,
      unite: 'evenements',
      definition: '',
      famille: 'collectif.actions',
      categorie: { liste: 'type_action_collective', code, libelle },
    },
  ];
  const metas3 = new Map<string, MetaIndicateur>([
    collectif('ISIC', "Intervention sociale d'intérêt collectif (ISIC)"),
    collectif('REUNION_INFORMATION', "Réunion d'information"),
    collectif('ATELIER', 'Atelier'),
    ...[
      'instances.ic_pdp',
      'instances.situations_ic_pdp',
      'instances.situations_ic_pdp.SPST',
      'instances.essais_encadres_accordes',
      'collectif.participants',
    ].map((id): [string, MetaIndicateur] => [id, { id, libelle: id, unite: 'evenements', definition: '' }]),
  ]);
  const avec = (valeurs: Record<string, number>): ContexteBilan => ({
    ...ctx,
    indicateurs: metas3,
    perimetre: perimetre('Aube', Object.fromEntries(Object.entries(valeurs).map(([id, v]) => [id, { 2023: pub(v) }]))),
  });
  it('writes « 25 interventions sociales », « 36 ateliers », « 1 réunion », « 1 instance … a examiné »', () => {
    expect(
      commentaireInstances(
        avec({
          'collectif.actions.ISIC': 25,
          'collectif.actions.REUNION_INFORMATION': 1,
          'collectif.actions.ATELIER': 36,
          'collectif.participants': 412,
        }),
      ),
    ).toEqual([
      `Actions collectives : 25 interventions sociales d'intérêt collectif (ISIC), 1 réunion d'information, 36 ateliers, 412 participations.`,
    ]);
    expect(
      commentaireInstances(
        avec({
          'instances.ic_pdp': 1,
          'instances.situations_ic_pdp': 14,
          'instances.situations_ic_pdp.SPST': 1,
          'instances.essais_encadres_accordes': 0,
        }),
      ),
    ).toEqual([
      '1 instance de concertation PDP a examiné 14 situations, dont 1 présentée par les SPST.',
      '0 essai encadré accordé en instance.',
    ]);
    expect(
      commentaireInstances(avec({ 'instances.ic_pdp': 12, 'instances.situations_ic_pdp': 30, 'instances.essais_encadres_accordes': 2 })),
    ).toEqual(['12 instances de concertation PDP ont examiné 30 situations.', '2 essais encadrés accordés en instance.']);
  });
});
