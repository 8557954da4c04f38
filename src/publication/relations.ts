// The one declaration of what the published figures show and how they are linked: every fact
// (annee, niveau, code, indicateur) becomes a publication unit showing one or more count cells,
// and the cells are tied by relations derived from the indicator metadata (unit, base, family,
// category), the reference hierarchy (département ⊂ organisme ⊂ national), the few identities
// declared in extraRelations below (nested rates and their differences, axes of people) and the
// group totals other pages give (`external`, e.g. the evaluation's series). Counts of events add
// up; counts of distinct people do not (a person may be accompanied in two départements, two
// organismes or two axes in one year): their relations are inequalities, with the sense that
// holds (PEOPLE_HIERARCHY). An organisme of one département shows the same cells as that
// département. Both the suppression (publish.ts) and the audit (audit.ts) build their relations
// here, and only here.
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
type Column = 'numerateur' | 'denominateur';

/** A count cell of one year and scope; `name` is an indicator id or `id#n`, `id#base`, `id#c`, `id#reste`… */
interface ModelCell {
  annee: number;
  niveau: Niveau;
  code: string;
  name: string;
  /** Shown by no figure (complements, remainders): only an attacker's unknown. */
  implicit: boolean;
}

/** Kind of a relation, for reports. */
type RelationKind = 'famille' | 'complement' | 'sous_ensemble' | 'declaree' | 'hierarchie' | 'externe';

/** A sum relation of the model. */
interface ModelRelation extends SumRelation {
  kind: RelationKind;
}

/** A publication unit: the fact it publishes and the cells it shows (with the column that carries each value). */
interface ModelUnit {
  fact: number;
  shows: { cell: number; column: Column }[];
}

/** Cells, relations and units of a set of facts. */
export interface PublicationModel {
  cells: ModelCell[];
  relations: ModelRelation[];
  units: ModelUnit[];
  /** External cells (group totals of another page): cell index → the interval the reader knows. */
  external: Map<number, { lo: number; hi: number }>;
}

/** A cell of one year and scope, by name (used by external knowledge). */
export interface CellRef {
  annee: number;
  niveau: Niveau;
  code: string;
  name: string;
}

/**
 * A group total another page gives (the evaluation's series times its group's published total):
 * Σ `parts` lies in [lo, hi] (lo = hi when known exactly). `name` identifies it in reports.
 */
export interface ExternalTotal {
  name: string;
  lo: number;
  hi: number;
  parts: CellRef[];
}

const COUNT_UNITS = new Set(['personnes', 'evenements']);
const SHARE_UNITS = new Set(['part']);
const MEAN_UNITS = new Set(['moyenne', 'mois']);

/** Implicit cell names: complement of a binary share or of a people subset, remainder of event subsets. */
const complementOf = (name: string): string => `${name.replace(/#n$/, '')}#c`;
const remainderOf = (base: string): string => `${base}#reste`;

/** An extra relation over cell names of one year and scope: total (=, ≤, ≥) Σ parts. */
export interface ExtraRelation {
  total: string;
  parts: string[];
  sense?: 'eq' | 'le' | 'ge';
}

/**
 * Identities between indicators that the metadata does not state (the only place where extra
 * relations are declared), cell names as above, for every year and scope.
 * - the SPST share among external referrals has the same numerator as the SPST origin share,
 *   and its base is the sum of the external origins;
 * - the "kept in work" / "kept employable" rates count the issues of their groups (codes.csv);
 *   they are nested (kept in work ⊂ kept employable), so their difference is a count too: the
 *   employability-only outcomes (`#seule`); base − kept employable (the exits) is the rate's complement;
 * - the transformation rate's base is the referrals minus those still being examined;
 * - people with a PDP or SPS entretien (part_pdp_ou_sps) include the PDP people and the SPS people,
 *   and are at most their sum (a person may be in both axes).
 */
function extraRelations(): ExtraRelation[] {
  const issues = (groups: readonly string[]): string[] =>
    codesOf('issue')
      .filter((c) => groups.includes(c.groupe))
      .map((c) => `pdp.part_issue.${c.code}#n`);
  return [
    { total: 'pdp.part_spst_parmi_externes#n', parts: ['pdp.part_signalements.SPST#n'] },
    {
      total: 'pdp.part_spst_parmi_externes#base',
      parts: codesOf('origine')
        .filter((c) => c.groupe === 'EXTERNE')
        .map((c) => `pdp.part_signalements.${c.code}#n`),
    },
    { total: 'pdp.taux_maintien_emploi#n', parts: issues(KEPT_IN_WORK) },
    { total: 'pdp.taux_maintien_employabilite#n', parts: issues(KEPT_EMPLOYABLE) },
    { total: 'pdp.signalements', parts: ['pdp.taux_transformation#base', 'pdp.taux_transformation#en_cours'] },
    { total: 'pdp.taux_maintien_employabilite#n', parts: ['pdp.taux_maintien_emploi#n', 'pdp.taux_maintien_employabilite#seule'] },
    { total: 'part_pdp_ou_sps#n', parts: ['pdp.assures_accompagnes'], sense: 'ge' },
    { total: 'part_pdp_ou_sps#n', parts: ['sps.assures_accompagnes'], sense: 'ge' },
    { total: 'part_pdp_ou_sps#n', parts: ['pdp.assures_accompagnes', 'sps.assures_accompagnes'], sense: 'le' },
  ];
}

/** Implicit names created by extraRelations (shown by no figure). */
const EXTRA_IMPLICIT = new Set(['pdp.taux_transformation#en_cours', 'pdp.taux_maintien_employabilite#seule']);

/**
 * How a count of distinct people of a parent scope (nation, organisme) relates to those of its
 * children when a person may be accompanied in two children in one year (spec: « a person is
 * counted once per indicator »; profile from the latest qualifying accompaniment of the scope):
 * - 'both': child ≤ parent ≤ Σ children — people accompanied (all axes, PDP, SPS) and people with
 *   a PDP or SPS entretien: a person counted in a child is counted in the parent, and a person of
 *   the parent is counted in at least one child;
 * - 'down': child ≤ parent only — people with ≥ 5 PDP entretiens (their entretiens in two
 *   départements add up in the parent: 3 + 3 counts at the parent, in neither child);
 * - 'sum' (every other people cell: profiles by sex, age, employment, risk and their complements,
 *   complements of subsets): parent ≤ Σ children only — the parent's profile is that of the latest
 *   accompaniment, which is the latest of its child too, but a child may see another profile.
 */
const PEOPLE_HIERARCHY: Readonly<Record<string, 'both' | 'down'>> = {
  'part_pdp_ou_sps#n': 'both',
  'pdp.part_assures_5_entretiens#n': 'down',
};

/** Options of buildModel (tests use a small catalogue and hierarchy). */
export interface ModelOptions {
  catalogue?: readonly IndicatorMeta[];
  /** département → organisme (default: data/reference/departements.csv). */
  organismeOf?: ReadonlyMap<string, string>;
  /** Extra identities (default: the declared ones, kept when all their indicators exist). */
  extra?: readonly ExtraRelation[];
  /** Group totals given by other pages (evaluation series); a total over a missing cell is left out. */
  external?: readonly ExternalTotal[];
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
  // An organisme of one département covers the same rows: its cells are the département's.
  const depsOf = new Map<string, string[]>();
  for (const [dep, org] of organismeOf) {
    if (!depsOf.has(org)) depsOf.set(org, []);
    depsOf.get(org)!.push(dep);
  }
  const sameAs = (niveau: Niveau, code: string): { niveau: Niveau; code: string } => {
    const deps = niveau === 'organisme' ? depsOf.get(code) : undefined;
    return deps && deps.length === 1 ? { niveau: 'departement', code: deps[0]! } : { niveau, code };
  };
  const cell = (annee: number, niveau0: Niveau, code0: string, name: string, implicit = false): number => {
    const { niveau, code } = sameAs(niveau0, code0);
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
  const baseName = (m: IndicatorMeta): string | undefined => (m.base && present.has(m.base) ? m.base : undefined);
  const shareBase = (m: IndicatorMeta): string => baseName(m) ?? `${m.id}#base`;
  const showsOf = (m: IndicatorMeta): { name: string; column: Column; previousYear?: true }[] => {
    if (COUNT_UNITS.has(m.unit)) return [{ name: m.id, column: 'numerateur' }];
    if (SHARE_UNITS.has(m.unit))
      return [
        { name: `${m.id}#n`, column: 'numerateur' },
        { name: shareBase(m), column: 'denominateur' },
      ];
    if (MEAN_UNITS.has(m.unit)) return [{ name: shareBase(m), column: 'denominateur' }];
    if (m.unit === 'ratio') {
      const out: { name: string; column: Column }[] = [];
      if (m.numeratorId && present.has(m.numeratorId)) out.push({ name: m.numeratorId, column: 'numerateur' });
      const b = baseName(m);
      if (b) out.push({ name: b, column: 'denominateur' });
      return out;
    }
    if (m.unit === 'evolution' && m.numeratorId) {
      return [
        { name: m.numeratorId, column: 'numerateur' },
        { name: m.numeratorId, column: 'denominateur', previousYear: true },
      ];
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
  const templates: { kind: RelationKind; total: string; parts: string[]; implicit: string[]; sense?: 'le' | 'ge' }[] = [];
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
    for (const s of people)
      templates.push({ kind: 'sous_ensemble', total: b, parts: [s.id, complementOf(s.id)], implicit: [complementOf(s.id)] });
    const events = subs.filter((s) => !s.distinctPeople);
    if (events.length)
      templates.push({ kind: 'sous_ensemble', total: b, parts: [...events.map((s) => s.id), remainderOf(b)], implicit: [remainderOf(b)] });
  }
  const idOf = (name: string): string => name.replace(/#.*$/, '');
  for (const x of opts.extra ?? extraRelations()) {
    if (![x.total, ...x.parts].every((n) => present.has(idOf(n)))) continue;
    templates.push({
      kind: 'declaree',
      total: x.total,
      parts: x.parts,
      implicit: [x.total, ...x.parts].filter((n) => EXTRA_IMPLICIT.has(n)),
      ...(x.sense && x.sense !== 'eq' ? { sense: x.sense } : {}),
    });
  }

  // Relations are deduplicated: an organisme of one département repeats its département's.
  const relations: ModelRelation[] = [];
  const seen = new Set<string>();
  const addRelation = (r: ModelRelation): void => {
    const key = `${r.sense ?? 'eq'}|${r.total}|${r.parts.join(',')}`;
    if (seen.has(key)) return;
    seen.add(key);
    relations.push(r);
  };
  const scopes = new Map<string, { annee: number; niveau: Niveau; code: string }>();
  for (const k of keys) scopes.set(scopeKey(k.annee, k.niveau, k.code), { annee: k.annee, niveau: k.niveau, code: k.code });
  for (const s of scopes.values()) {
    for (const t of templates) {
      const at = (n: string): number => cell(s.annee, s.niveau, s.code, n, t.implicit.includes(n));
      addRelation({ kind: t.kind, total: at(t.total), parts: t.parts.map(at), ...(t.sense ? { sense: t.sense } : {}) });
    }
  }

  // People cells: counts of distinct people, shares of them (numerators, complements), complements of people subsets.
  const peopleIds = new Set(catalogue.filter((m) => m.distinctPeople && present.has(m.id)).map((m) => m.id));
  const isPeople = (name: string): boolean => {
    const id = idOf(name);
    if (peopleIds.has(id)) return true; // the count, or the complement of a people subset (id#c)
    const m = meta.get(id);
    return !!m && SHARE_UNITS.has(m.unit) && peopleIds.has(shareBase(m));
  };

  // Hierarchy: national ← organismes ← their départements. Events add up: parent = Σ children,
  // for every shown cell (implicit ones follow from their relation). People do not: the senses
  // of PEOPLE_HIERARCHY, for every people cell, implicit ones included.
  const find = (annee: number, niveau: Niveau, code: string, name: string): number | undefined => {
    const t = sameAs(niveau, code);
    return cellIndex.get(`${scopeKey(annee, t.niveau, t.code)}|${name}`);
  };
  const upper = cells.map((c, i) => ({ c, i })).filter(({ c }) => c.niveau !== 'departement');
  for (const { c, i } of upper) {
    const people = isPeople(c.name);
    if (c.implicit && !people) continue;
    const parts =
      c.niveau === 'national'
        ? [...depsOf.keys()].map((o) => find(c.annee, 'organisme', o, c.name))
        : (depsOf.get(c.code) ?? []).map((d) => find(c.annee, 'departement', d, c.name));
    if (!parts.length || !parts.every((p) => p !== undefined)) continue;
    const children = [...new Set(parts as number[])].filter((p) => p !== i);
    if (!children.length) continue;
    if (!people) {
      addRelation({ kind: 'hierarchie', total: i, parts: children });
      continue;
    }
    const how = (PEOPLE_HIERARCHY[c.name] as 'both' | 'down' | undefined) ?? (peopleIds.has(c.name) ? 'both' : 'sum');
    if (how !== 'down') addRelation({ kind: 'hierarchie', total: i, parts: children, sense: 'le' });
    if (how !== 'sum') for (const p of children) addRelation({ kind: 'hierarchie', total: i, parts: [p], sense: 'ge' });
  }

  // Group totals of other pages: an external cell the reader knows (within [lo, hi]), = Σ its parts.
  const external = new Map<number, { lo: number; hi: number }>();
  for (const x of opts.external ?? []) {
    const parts = x.parts.map((p) => find(p.annee, p.niveau, p.code, p.name));
    if (!parts.length || !parts.every((p) => p !== undefined)) continue;
    const e = cells.length;
    cells.push({ annee: x.parts[0]!.annee, niveau: 'national', code: 'EXTERNE', name: x.name, implicit: true });
    external.set(e, { lo: x.lo, hi: x.hi });
    relations.push({ kind: 'externe', total: e, parts: parts as number[] });
  }
  return { cells, relations, units, external };
}
