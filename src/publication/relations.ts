// The one declaration of what the published figures show and how they are linked: every fact
// (annee, niveau, code, indicateur) becomes a publication unit showing one or more count cells,
// and the cells are tied by sum relations derived from the indicator metadata (unit, base,
// family, category), the reference hierarchy (département ⊂ organisme ⊂ national) and the
// few identities declared in EXTRA_RELATIONS below. Both the suppression (publish.ts) and the
// audit (audit.ts) build their relations here, and only here.
import { CATALOGUE, type IndicatorMeta } from '../indicators/index.ts';
import { KEPT_EMPLOYABLE, KEPT_IN_WORK } from '../indicators/catalogue.ts';
import { DEPARTEMENTS, codesOf } from '../contract/reference.ts';
import type { SumRelation } from './engine.ts';

/** Level of a scope, as in facts.niveau. */
import type { Niveau } from '../vocabulary.ts';

export type { Niveau };

/** Key of a fact (and of a published row). */
export interface FactKey {
  annee: number;
  niveau: Niveau;
  code: string;
  indicateur: string;
}

/** Column of facts / published that carries a shown cell's value. */
export type Column = 'numerateur' | 'denominateur';

/** A count cell of one year and scope; `name` is an indicator id or `id#n`, `id#base`, `id#c`, `id#reste`… */
export interface ModelCell {
  annee: number;
  niveau: Niveau;
  code: string;
  name: string;
  /** Shown by no figure (complements, remainders): only an attacker's unknown. */
  implicit: boolean;
}

/** Kind of a relation, for reports. */
export type RelationKind = 'famille' | 'complement' | 'sous_ensemble' | 'declaree' | 'hierarchie';

/** A sum relation of the model. */
export interface ModelRelation extends SumRelation {
  kind: RelationKind;
}

/** A publication unit: the fact it publishes and the cells it shows (with the column that carries each value). */
export interface ModelUnit {
  fact: number;
  shows: { cell: number; column: Column }[];
}

/** Cells, relations and units of a set of facts. */
export interface PublicationModel {
  cells: ModelCell[];
  relations: ModelRelation[];
  units: ModelUnit[];
}

const COUNT_UNITS = new Set(['personnes', 'evenements']);
const SHARE_UNITS = new Set(['part']);
const MEAN_UNITS = new Set(['moyenne', 'mois']);

/** Implicit cell names: complement of a binary share or of a people subset, remainder of event subsets. */
const complementOf = (name: string): string => `${name.replace(/#n$/, '')}#c`;
const remainderOf = (base: string): string => `${base}#reste`;

/**
 * Identities between indicators that the metadata does not state (the only place where extra
 * relations are declared). Each: total = Σ parts, cell names as above, for every year and scope.
 * - the SPST share among external referrals has the same numerator as the SPST origin share,
 *   and its base is the sum of the external origins;
 * - the "kept in work" / "kept employable" rates count the issues of their groups (codes.csv);
 * - the transformation rate's base is the referrals minus those still being examined.
 */
function extraRelations(): { total: string; parts: string[] }[] {
  const issues = (groups: readonly string[]): string[] =>
    codesOf('issue').filter((c) => groups.includes(c.groupe)).map((c) => `pdp.part_issue.${c.code}#n`);
  return [
    { total: 'pdp.part_spst_parmi_externes#n', parts: ['pdp.part_signalements.SPST#n'] },
    {
      total: 'pdp.part_spst_parmi_externes#base',
      parts: codesOf('origine').filter((c) => c.groupe === 'EXTERNE').map((c) => `pdp.part_signalements.${c.code}#n`),
    },
    { total: 'pdp.taux_maintien_emploi#n', parts: issues(KEPT_IN_WORK) },
    { total: 'pdp.taux_maintien_employabilite#n', parts: issues(KEPT_EMPLOYABLE) },
    { total: 'pdp.signalements', parts: ['pdp.taux_transformation#base', 'pdp.taux_transformation#en_cours'] },
  ];
}

/** Implicit names created by EXTRA_RELATIONS (shown by no figure). */
const EXTRA_IMPLICIT = new Set(['pdp.taux_transformation#en_cours']);

/** Options of buildModel (tests use a small catalogue and hierarchy). */
export interface ModelOptions {
  catalogue?: readonly IndicatorMeta[];
  /** département → organisme (default: data/reference/departements.csv). */
  organismeOf?: ReadonlyMap<string, string>;
  /** Extra identities (default: the declared ones, kept when all their indicators exist). */
  extra?: readonly { total: string; parts: string[] }[];
}

/** Builds the cells, units and relations of a set of facts. */
export function buildModel(keys: readonly FactKey[], opts: ModelOptions = {}): PublicationModel {
  const catalogue = opts.catalogue ?? CATALOGUE;
  const meta = new Map(catalogue.map((m) => [m.id, m]));
  const present = new Set(keys.map((k) => k.indicateur));
  const organismeOf = opts.organismeOf ?? new Map(DEPARTEMENTS.map((d) => [d.departement, d.organisme]));

  const cells: ModelCell[] = [];
  const cellIndex = new Map<string, number>();
  const scopeKey = (annee: number, niveau: string, code: string): string => `${annee}|${niveau}|${code}`;
  const cell = (annee: number, niveau: Niveau, code: string, name: string, implicit = false): number => {
    const key = `${scopeKey(annee, niveau, code)}|${name}`;
    let i = cellIndex.get(key);
    if (i === undefined) {
      i = cells.length;
      cells.push({ annee, niveau, code, name, implicit });
      cellIndex.set(key, i);
    }
    return i;
  };

  // Names of the cells a fact shows.
  const baseName = (m: IndicatorMeta): string | undefined =>
    m.base && present.has(m.base) ? m.base : undefined;
  const shareBase = (m: IndicatorMeta): string => baseName(m) ?? `${m.id}#base`;
  const showsOf = (m: IndicatorMeta): { name: string; column: Column; previousYear?: true }[] => {
    if (COUNT_UNITS.has(m.unit)) return [{ name: m.id, column: 'numerateur' }];
    if (SHARE_UNITS.has(m.unit)) return [{ name: `${m.id}#n`, column: 'numerateur' }, { name: shareBase(m), column: 'denominateur' }];
    if (MEAN_UNITS.has(m.unit)) return [{ name: shareBase(m), column: 'denominateur' }];
    if (m.unit === 'ratio') {
      const out: { name: string; column: Column }[] = [];
      if (m.numeratorId && present.has(m.numeratorId)) out.push({ name: m.numeratorId, column: 'numerateur' });
      const b = baseName(m);
      if (b) out.push({ name: b, column: 'denominateur' });
      return out;
    }
    if (m.unit === 'evolution' && m.numeratorId) {
      return [{ name: m.numeratorId, column: 'numerateur' }, { name: m.numeratorId, column: 'denominateur', previousYear: true }];
    }
    throw new Error(`unité inconnue pour la confidentialité : ${m.id} (${m.unit})`);
  };

  const keySet = new Set(keys.map((k) => `${scopeKey(k.annee, k.niveau, k.code)}|${k.indicateur}`));
  const units: ModelUnit[] = keys.map((k, fact) => {
    const m = meta.get(k.indicateur);
    if (!m) throw new Error(`indicateur absent du catalogue : ${k.indicateur}`);
    const shows = showsOf(m).flatMap((s) => {
      const annee = s.previousYear ? k.annee - 1 : k.annee;
      if (s.previousYear && !keySet.has(`${scopeKey(annee, k.niveau, k.code)}|${s.name}`)) return [];
      return [{ cell: cell(annee, k.niveau, k.code, s.name), column: s.column }];
    });
    return { fact, shows };
  });

  // Relations inside one year and scope, as templates over cell names.
  const templates: { kind: RelationKind; total: string; parts: string[]; implicit: string[] }[] = [];
  const families = new Map<string, IndicatorMeta[]>();
  const subsets = new Map<string, IndicatorMeta[]>();
  for (const m of catalogue) {
    if (!present.has(m.id)) continue;
    if (m.family) {
      if (!families.has(m.family)) families.set(m.family, []);
      families.get(m.family)!.push(m);
    } else if (SHARE_UNITS.has(m.unit)) {
      templates.push({ kind: 'complement', total: shareBase(m), parts: [`${m.id}#n`, complementOf(m.id)], implicit: [complementOf(m.id)] });
    } else if (COUNT_UNITS.has(m.unit) && baseName(m)) {
      const b = baseName(m)!;
      if (!subsets.has(b)) subsets.set(b, []);
      subsets.get(b)!.push(m);
    }
  }
  for (const members of families.values()) {
    const b = baseName(members[0]!);
    if (!b) continue; // a family without a base indicator (collectif.actions): no total to add up to
    templates.push({ kind: 'famille', total: b, parts: members.map((m) => (SHARE_UNITS.has(m.unit) ? `${m.id}#n` : m.id)), implicit: [] });
  }
  for (const [b, subs] of subsets) {
    // People are not additive across axes (a person may be in PDP and SPS): one complement per subset.
    const people = subs.filter((s) => s.distinctPeople);
    for (const s of people) templates.push({ kind: 'sous_ensemble', total: b, parts: [s.id, complementOf(s.id)], implicit: [complementOf(s.id)] });
    const events = subs.filter((s) => !s.distinctPeople);
    if (events.length) templates.push({ kind: 'sous_ensemble', total: b, parts: [...events.map((s) => s.id), remainderOf(b)], implicit: [remainderOf(b)] });
  }
  const idOf = (name: string): string => name.replace(/#.*$/, '');
  for (const x of opts.extra ?? extraRelations()) {
    if (![x.total, ...x.parts].every((n) => present.has(idOf(n)))) continue;
    templates.push({ kind: 'declaree', total: x.total, parts: x.parts, implicit: [x.total, ...x.parts].filter((n) => EXTRA_IMPLICIT.has(n)) });
  }

  const relations: ModelRelation[] = [];
  const scopes = new Map<string, { annee: number; niveau: Niveau; code: string }>();
  for (const k of keys) scopes.set(scopeKey(k.annee, k.niveau, k.code), { annee: k.annee, niveau: k.niveau, code: k.code });
  for (const s of scopes.values()) {
    for (const t of templates) {
      const at = (n: string): number => cell(s.annee, s.niveau, s.code, n, t.implicit.includes(n));
      relations.push({ kind: t.kind, total: at(t.total), parts: t.parts.map(at) });
    }
  }

  // Hierarchy: national = Σ organismes, organisme = Σ its départements, for every additive cell
  // (complements and remainders follow from their relation; people counts are treated as additive,
  // conservatively: an attacker may assume it).
  const orgsOf = new Map<string, string[]>();
  for (const [dep, org] of organismeOf) {
    if (!orgsOf.has(org)) orgsOf.set(org, []);
    orgsOf.get(org)!.push(dep);
  }
  const find = (annee: number, niveau: Niveau, code: string, name: string): number | undefined =>
    cellIndex.get(`${scopeKey(annee, niveau, code)}|${name}`);
  const upper = cells.map((c, i) => ({ c, i })).filter(({ c }) => !c.implicit && c.niveau !== 'departement');
  for (const { c, i } of upper) {
    const parts = c.niveau === 'national'
      ? [...orgsOf.keys()].map((o) => find(c.annee, 'organisme', o, c.name))
      : (orgsOf.get(c.code) ?? []).map((d) => find(c.annee, 'departement', d, c.name));
    if (parts.length && parts.every((p) => p !== undefined)) relations.push({ kind: 'hierarchie', total: i, parts: parts as number[] });
  }
  return { cells, relations, units };
}
