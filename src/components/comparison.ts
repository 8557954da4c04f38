// The regional comparison: for one indicator and one year, every organisme (or every
// département, or the départements of one organisme) ranked, mapped and followed over the years,
// with the national figure as the reference. Shapes the comparison data into chart rows; the
// charts are the spec functions of src/charts. Browser-safe.
import { barresClassees, carteDepartements, petitsMultiples, type Tri, type TopLevelSpec } from '../charts/index.js';
import { decoder, NOM_NATIONAL, type Comparaison, type JeuPerimetre, type Meta } from '../data/site-model.js';
import type { Unite } from '../format/index.js';

/** What the reader chose. */
export interface ChoixComparaison {
  indicateur: string;
  annee: number;
  niveau: 'organisme' | 'departement';
  /** For départements: only those of this organisme ('' for all). */
  organisme: string;
  tri: Tri;
}

/** A short name of an organisme for charts (« Rhône-Alpes », « CGSS Martinique », « CSSM Mayotte »). */
function nomCourtOrganisme(nom: string): string {
  if (/\(CSSM\)/.test(nom)) return 'CSSM Mayotte';
  if (/Île-de-France/.test(nom)) return 'Cramif Île-de-France';
  return nom.replace(/^Carsat /, '').replace(/^CGSS de (la |l')?/, 'CGSS ');
}

/** The charts of the comparison page. */
export interface VuesComparaison {
  classement: TopLevelSpec;
  carte: TopLevelSpec;
  multiples: TopLevelSpec;
  /** The scopes shown, in the ranking's order of the data (for the table). */
  perimetres: JeuPerimetre[];
}

/** The indicators a reader can compare, with their labels. */
export function indicateursComparables(c: Comparaison, meta: Pick<Meta, 'indicateurs'>): { valeur: string; libelle: string }[] {
  const m = new Map(meta.indicateurs.map((x) => [x.id, x]));
  return c.indicateurs.filter((id) => m.has(id)).map((id) => ({ valeur: id, libelle: m.get(id)!.libelle }));
}

/** Builds the ranking, the map and the small multiples for a choice. */
export function vuesComparaison(
  c: Comparaison,
  meta: Pick<Meta, 'indicateurs' | 'seuil' | 'organismes' | 'departements'>,
  choix: ChoixComparaison,
  racine = './',
): VuesComparaison {
  const m = meta.indicateurs.find((x) => x.id === choix.indicateur);
  const unite: Unite = m?.unite ?? 'evenements';
  const libelle = m?.libelle ?? choix.indicateur;
  const rang = c.annees.indexOf(choix.annee);
  const cellule = (j: JeuPerimetre, r = rang) => decoder(j.valeurs[choix.indicateur]?.[r]);
  // The base (n) of a rate, share, mean or evolution (every one the comparison carries): the ranking shows it and marks small bases.
  const baseDe = (j: Comparaison['perimetres'][number]) => {
    const n = j.bases?.[choix.indicateur]?.[rang];
    return n === undefined || n === null ? {} : { base: decoder(n) };
  };
  const national = c.perimetres.find((p) => p.niveau === 'national');
  const nomOrganisme = new Map(meta.organismes.map((o) => [o.code, o.nom]));
  const perimetres = c.perimetres.filter(
    (p) => p.niveau === choix.niveau && (choix.niveau === 'organisme' || !choix.organisme || p.organisme === choix.organisme),
  );
  const quoi =
    choix.niveau === 'organisme'
      ? 'organisme'
      : choix.organisme
        ? `département (${nomOrganisme.get(choix.organisme) ?? choix.organisme})`
        : 'département';
  const commun = { unite, seuil: meta.seuil };
  const classement = barresClassees(
    perimetres.map((p) => ({
      code: p.code,
      libelle: p.niveau === 'departement' ? `${p.nom} (${p.code})` : nomCourtOrganisme(p.nom),
      lien: `${racine}${p.lien}?annee=${choix.annee}`,
      ...cellule(p),
      ...baseDe(p),
    })),
    {
      ...commun,
      titre: `${libelle} par ${quoi}`,
      sousTitre: String(choix.annee),
      titrePerimetre: choix.niveau === 'organisme' ? 'Organisme' : 'Département',
      titreValeur: libelle,
      tri: choix.tri,
      fichier: `comparaison-${choix.indicateur}-${choix.niveau}-${choix.annee}`,
      largeur: 420,
      ...(national ? { reference: { libelle: NOM_NATIONAL, ...cellule(national) } } : {}),
    },
  );
  // The map is drawn by département (every one, those without data as empty tiles): at the
  // organisme level, each tile takes its organisme's value.
  const organismes = new Map(c.perimetres.filter((p) => p.niveau === 'organisme').map((p) => [p.code, p]));
  const avecDonnees = new Map(c.perimetres.filter((p) => p.niveau === 'departement').map((p) => [p.code, p]));
  const departements = meta.departements;
  const carte = carteDepartements(
    departements.map((d) => {
      const source = choix.niveau === 'organisme' ? organismes.get(d.organisme) : avecDonnees.get(d.code);
      return {
        code: d.code,
        libelle: choix.niveau === 'organisme' ? `${d.nom} (${nomOrganisme.get(d.organisme) ?? d.organisme})` : `${d.nom} (${d.code})`,
        ...(avecDonnees.has(d.code) ? { lien: `${racine}${avecDonnees.get(d.code)!.lien}?annee=${choix.annee}` } : {}),
        ...(source ? cellule(source) : { valeur: null, statut: 'sans_objet' as const }),
      };
    }),
    {
      ...commun,
      titre: choix.niveau === 'organisme' ? `${libelle} : carte par organisme` : `${libelle} : carte par département`,
      sousTitre: `${choix.annee}${choix.niveau === 'organisme' ? ' — chaque département prend la valeur de son organisme' : ''}`,
      titreValeur: libelle,
      fichier: `carte-${choix.indicateur}-${choix.niveau}-${choix.annee}`,
      largeur: 420,
      surligne:
        choix.niveau === 'departement' && choix.organisme
          ? departements.filter((d) => d.organisme === choix.organisme).map((d) => d.code)
          : [],
    },
  );
  const multiples = petitsMultiples(
    perimetres.flatMap((p) =>
      c.annees.map((annee, r) => ({
        code: p.code,
        libelle: p.niveau === 'departement' ? `${p.nom} (${p.code})` : nomCourtOrganisme(p.nom),
        annee,
        ...cellule(p, r),
      })),
    ),
    {
      ...commun,
      titre: `${libelle} : évolution par ${quoi}`,
      sousTitre: `${c.annees[0]}–${c.annees.at(-1)}`,
      anneeCourante: choix.annee,
      fichier: `evolution-${choix.indicateur}-${choix.niveau}`,
      largeur: 760,
      colonnes: 4,
      ...(national
        ? { reference: { libelle: NOM_NATIONAL, valeurs: c.annees.map((annee, r) => ({ annee, ...cellule(national, r) })) } }
        : {}),
    },
  );
  return { classement, carte, multiples, perimetres: national ? [national, ...perimetres] : perimetres };
}
