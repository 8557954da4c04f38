// French formatting by unit (src/format): the strings every page, chart and export shows.
import { describe, expect, it } from 'vitest';
import {
  formatCellule,
  formatDate,
  formatDateHeure,
  formatEvolution,
  formatNombre,
  formatPart,
  formatPoints,
  formatValeur,
  legendeSecret,
  libelleSecret,
  estAffichable,
  ESPACE,
  pluriel,
  accord,
  formePlurielle,
} from '../../src/format/index.ts';

const n = ESPACE; // narrow no-break space, the only space the module writes

describe('formatValeur, by unit', () => {
  it('counts: thousands grouped by a narrow no-break space, no decimals', () => {
    expect(formatValeur(11851, 'personnes')).toBe(`11${n}851`);
    expect(formatValeur(355000, 'personnes')).toBe(`355${n}000`);
    expect(formatValeur(1234567, 'evenements')).toBe(`1${n}234${n}567`);
    expect(formatValeur(7, 'evenements')).toBe('7');
    expect(formatValeur(0, 'personnes')).toBe('0');
  });
  it('shares: percent with one decimal and a decimal comma', () => {
    expect(formatValeur(0.916, 'part')).toBe(`91,6${n}%`);
    expect(formatValeur(0.46, 'part')).toBe(`46,0${n}%`);
    expect(formatValeur(1, 'part')).toBe(`100,0${n}%`);
    expect(formatValeur(0, 'part')).toBe(`0,0${n}%`);
  });
  it('changes: signed whole percent', () => {
    expect(formatValeur(0.068, 'evolution')).toBe(`+7${n}%`);
    expect(formatValeur(-0.12, 'evolution')).toBe(`-12${n}%`);
    expect(formatValeur(0.001, 'evolution')).toBe(`0${n}%`);
  });
  it('months: one decimal and the unit', () => {
    expect(formatValeur(9.2, 'mois')).toBe(`9,2${n}mois`);
    expect(formatValeur(13, 'mois')).toBe(`13,0${n}mois`);
  });
  it('means and ratios: one decimal (two below 1 for ratios)', () => {
    expect(formatValeur(3.5, 'ratio')).toBe('3,5');
    expect(formatValeur(0.2043, 'ratio')).toBe('0,20');
    expect(formatValeur(3.456, 'moyenne')).toBe('3,5');
    expect(formatValeur(2234.56, 'ratio')).toBe(`2${n}234,6`);
  });
});

describe('helpers', () => {
  it('formats numbers, shares, points', () => {
    expect(formatNombre(1234.5, 1)).toBe(`1${n}234,5`);
    expect(formatPart(0.5, 0)).toBe(`50${n}%`);
    expect(formatEvolution(0.25)).toBe(`+25${n}%`);
    expect(formatPoints(0.014)).toBe(`+1,4${n}pt`);
    expect(formatPoints(-0.031)).toBe(`-3,1${n}pts`);
    expect(pluriel(1, 'fichier')).toBe('1 fichier');
    expect(pluriel(3, 'fichier')).toBe('3 fichiers');
  });
  it('agrees nouns with counts: singular for 0 and 1, plural from 2, heads of noun phrases only', () => {
    expect(pluriel(0, 'atelier')).toBe('0 atelier');
    expect(pluriel(1, 'atelier')).toBe('1 atelier');
    expect(pluriel(36, 'atelier')).toBe('36 ateliers');
    expect(pluriel(1500, 'atelier')).toBe(`1${n}500 ateliers`);
    expect(pluriel(25, "intervention sociale d'intérêt collectif (ISIC)")).toBe("25 interventions sociales d'intérêt collectif (ISIC)");
    expect(pluriel(2, "réunion d'information")).toBe("2 réunions d'information");
    expect(pluriel(3, 'essai encadré accordé en instance')).toBe('3 essais encadrés accordés en instance');
    expect(pluriel(2, 'mise en situation professionnelle')).toBe('2 mises en situation professionnelle');
    expect(pluriel(4, 'parcours PDP finalisé')).toBe('4 parcours PDP finalisés');
    expect(pluriel(2, 'local')).toBe('2 locaux');
    expect(pluriel(2, 'festival')).toBe('2 festivals');
    expect(pluriel(2, 'niveau')).toBe('2 niveaux');
    expect(pluriel(2, 'pneu')).toBe('2 pneus');
    expect(pluriel(2, 'mois')).toBe('2 mois');
    expect(pluriel(2, 'cheval', 'chevaux')).toBe('2 chevaux');
    expect(accord(1.5, 'mois')).toBe('mois');
    expect(accord(1.9, 'point')).toBe('point');
    expect(accord(-3, 'point')).toBe('points');
    expect(formePlurielle('ICAM')).toBe('ICAM');
  });
  it('writes French dates in Europe/Paris', () => {
    expect(formatDate('2024-03-05T12:00:00Z')).toBe(`5${n}mars${n}2024`);
    expect(formatDateHeure(new Date('2024-07-14T08:30:00Z'))).toBe(`14${n}juillet${n}2024 à 10:30`);
  });
  it('never writes a plain or non-breaking space', () => {
    for (const t of [formatValeur(1234567, 'personnes'), formatValeur(0.5, 'part'), formatValeur(12.5, 'mois'), formatDate('2024-01-01')]) {
      expect(t).not.toMatch(/[\u0020\u00a0]/);
    }
  });
});

describe('cells not published', () => {
  it('shows « s » for any hidden value, count or share, « – » for an empty base', () => {
    for (const u of ['personnes', 'evenements', 'part', 'mois', 'moyenne', 'ratio', 'evolution'] as const) {
      expect(formatCellule({ valeur: null, statut: 'secret' }, u)).toBe('s');
    }
    expect(formatCellule({ valeur: null, statut: 'sans_objet' }, 'part')).toBe('–');
    expect(formatCellule(undefined, 'part')).toBe('–');
  });
  it('has one legend entry per mark, the threshold in the sentence', () => {
    expect(libelleSecret('secret')).toBe('s');
    expect(legendeSecret(5).map((l) => l.marque)).toEqual(['s', '–']);
    expect(legendeSecret(5)[0]!.sens).toContain('moins de 5 ');
  });
  it('ignores any other mark it is given (the mark is always « s »)', () => {
    expect(formatCellule({ valeur: null, statut: 'secret', marque: '< 11' }, 'personnes')).toBe('s');
  });
  it('never shows a hidden value, even if one were present', () => {
    expect(formatCellule({ valeur: 3, statut: 'secret' }, 'personnes')).toBe('s');
    expect(estAffichable({ valeur: 3, statut: 'secret' })).toBe(false);
    expect(estAffichable({ valeur: 0, statut: 'publie' })).toBe(true);
  });
});
