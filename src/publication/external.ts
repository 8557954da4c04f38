// What other pages tell the attacker about the bilan's cells: the evaluation page publishes, for
// each pilot, the series of its pilot group and of its comparison group (src/evaluation). A volume
// point is an index (100 = the group's mean per département and month before the start, also
// published, as is the number of départements of each group), so index × mean × months ×
// départements is the group's count over the point's months; a share point times the group's count
// of its base over the same months is the count of its numerator. Over a whole calendar year
// these are sums of département cells of the bilan (pdp.signalements, pdp.part_signalements.X#n):
// group totals the attacker adds to the relations (relations.ts, `external`).
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows } from '../warehouse/db.ts';
import { DEPARTEMENTS } from '../contract/reference.ts';
import { CATALOGUE } from '../indicators/index.ts';
import { indicateurEvaluation } from '../evaluation/measures.ts';
import type { ResultatPilote } from '../evaluation/index.ts';
import type { CellRef, ExternalTotal } from './relations.ts';

/** A month as « YYYY-MM ». */
const monthOf = (d: string): string => d.slice(0, 7);

/** The months from `debut` to `fin` (« YYYY-MM-DD »), inclusive. */
function monthsBetween(debut: string, fin: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(debut.slice(0, 4)), Number(debut.slice(5, 7))];
  const last = monthOf(fin);
  for (;;) {
    const cur = `${y}-${String(m).padStart(2, '0')}`;
    out.push(cur);
    if (cur >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** A group's count over a set of months, as the reader works it out (real number). */
interface GroupCount {
  groupe: 'pilote' | 'temoin';
  months: string[];
  value: number;
}

/** Within 1e-6 (relative) of an integer: that integer; the reader rounds the float of the JSON. */
function toCount(x: number): { lo: number; hi: number } {
  const r = Math.round(x);
  if (Math.abs(x - r) <= 1e-6 * Math.max(1, Math.abs(x))) return { lo: r, hi: r };
  return { lo: Math.ceil(x - 1e-6), hi: Math.floor(x + 1e-6) };
}

/** The cell name of a bilan indicator's count (a count itself, or a share's numerator). */
function cellName(id: string): string | undefined {
  const m = CATALOGUE.find((x) => x.id === id);
  if (!m) return undefined;
  return m.unit === 'part' ? `${id}#n` : m.unit === 'personnes' || m.unit === 'evenements' ? id : undefined;
}

/**
 * Group counts per set of months of one pilot and one evaluation indicator: from each published
 * point (contiguous months only) and from the pooled before / after values.
 */
function groupCounts(r: ResultatPilote, id: string, base?: GroupCount[]): GroupCount[] {
  const ind = r.indicateurs.find((x) => x.indicateur === id);
  if (!ind?.serie || !ind.niveaux) return [];
  const out: GroupCount[] = [];
  // Volumes are means per département and month (panel: one row per département and month).
  const deps = (g: 'pilote' | 'temoin'): number => (g === 'pilote' ? ind.departements.pilote : ind.departements.temoins);
  const baseOver = (g: 'pilote' | 'temoin', months: string[]): number | undefined => {
    const key = months.join(',');
    return base?.find((b) => b.groupe === g && b.months.join(',') === key)?.value;
  };
  const push = (g: 'pilote' | 'temoin', months: string[], valeur: number | null): void => {
    if (valeur === null || !Number.isFinite(valeur)) return;
    const niv = g === 'pilote' ? ind.niveaux!.pilote : ind.niveaux!.temoins;
    if (ind.unite === 'volume') {
      if (niv.avant === null) return;
      out.push({ groupe: g, months, value: (valeur / 100) * niv.avant * months.length * deps(g) });
    } else if (ind.unite === 'part') {
      const den = baseOver(g, months);
      if (den !== undefined) out.push({ groupe: g, months, value: valeur * den });
    }
  };
  for (const p of ind.serie.points) {
    const months = monthsBetween(p.debut, p.fin);
    if (months.length !== p.mois || p.statut !== 'publie') continue;
    push(p.groupe, months, p.valeur);
  }
  // Pooled values: volumes as a monthly mean over the side, shares over the side's base.
  for (const g of ['pilote', 'temoin'] as const) {
    const niv = g === 'pilote' ? ind.niveaux.pilote : ind.niveaux.temoins;
    for (const side of ['avant', 'apres'] as const) {
      const per = ind.periodes[side];
      const months = monthsBetween(per.debut, per.fin);
      if (months.length !== per.mois) continue;
      const v = niv[side];
      if (v === null) continue;
      if (ind.unite === 'volume') out.push({ groupe: g, months, value: v * months.length * deps(g) });
      else if (ind.unite === 'part') {
        const den = baseOver(g, months);
        if (den !== undefined) out.push({ groupe: g, months, value: v * den });
      }
    }
  }
  // Sums of disjoint points inside one calendar year that cover it: the year's count.
  for (const g of ['pilote', 'temoin'] as const) {
    const years = new Set(out.filter((c) => c.groupe === g).flatMap((c) => c.months.map((m) => m.slice(0, 4))));
    for (const y of years) {
      const inside = out.filter((c) => c.groupe === g && c.months.every((m) => m.startsWith(`${y}-`)));
      const covered = new Map<string, GroupCount>();
      for (const c of inside.sort((a, b) => a.months.length - b.months.length)) {
        if (c.months.some((m) => covered.has(m))) continue;
        for (const m of c.months) covered.set(m, c);
      }
      if (covered.size !== 12) continue;
      const parts = [...new Set(covered.values())];
      if (parts.length > 1)
        out.push({ groupe: g, months: monthsBetween(`${y}-01-01`, `${y}-12-01`), value: parts.reduce((s, c) => s + c.value, 0) });
    }
  }
  return out;
}

/**
 * Group totals the evaluation page gives, from the rows of `published_evaluation` (its results as
 * published): for every pilot, indicator with a yearly bilan equivalent, group (pilot départements;
 * comparison group = the other départements except the excluded ones) and set of months made of
 * whole calendar years, the total of the group's département cells of the bilan over those years.
 */
export function evaluationTotalsOf(results: readonly ResultatPilote[]): ExternalTotal[] {
  const out: ExternalTotal[] = [];
  for (const r of results) {
    const pilots = r.departements.map((d) => d.code);
    const excluded = new Set([...pilots, ...r.exclus]);
    const groups = { pilote: pilots, temoin: DEPARTEMENTS.map((d) => d.departement).filter((d) => !excluded.has(d)) };
    const counts = new Map<string, GroupCount[]>();
    // Volumes first: the shares need their base's counts.
    const ordered = [...r.indicateurs].sort((a, b) => (a.unite === 'volume' ? 0 : 1) - (b.unite === 'volume' ? 0 : 1));
    for (const ind of ordered) {
      let eq: readonly { indicateur: string }[];
      try {
        eq = indicateurEvaluation(ind.indicateur).equivalentsAnnuels;
      } catch {
        continue;
      }
      if (!eq.length) continue;
      const name = cellName(eq[0]!.indicateur);
      if (!name) continue;
      let base: GroupCount[] | undefined;
      if (ind.unite === 'part') {
        const baseId = eq[1]?.indicateur;
        const volume = baseId ? [...counts.entries()].find(([k]) => k === baseId) : undefined;
        if (!volume) continue;
        base = volume[1];
      }
      const gc = groupCounts(r, ind.indicateur, base);
      counts.set(eq[0]!.indicateur, gc);
      const seen = new Set<string>();
      for (const c of gc) {
        // Only whole calendar years map onto the bilan's yearly cells.
        const years = [...new Set(c.months.map((m) => Number(m.slice(0, 4))))];
        if (c.months.length !== years.length * 12) continue;
        const key = `${c.groupe}|${years.join(',')}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const parts: CellRef[] = years.flatMap((annee) =>
          groups[c.groupe].map((code) => ({ annee, niveau: 'departement' as const, code, name })),
        );
        out.push({ name: `evaluation:${r.id}:${ind.indicateur}:${c.groupe}:${years.join('+')}`, ...toCount(c.value), parts });
      }
    }
  }
  return out;
}

/** The evaluation's group totals from the warehouse's `published_evaluation` (see evaluationTotalsOf). */
export async function evaluationTotals(con: DuckDBConnection): Promise<ExternalTotal[]> {
  const rows = await queryRows<{ resultat: string }>(con, 'SELECT resultat FROM published_evaluation ORDER BY ordre');
  return evaluationTotalsOf(rows.map((x) => JSON.parse(x.resultat) as ResultatPilote));
}
