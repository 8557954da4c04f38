// The pilots (expérimentations) as reference data: data/reference/pilotes.csv, one row per
// pilot: id, French name, départements (space-separated INSEE codes), start (and end) date, axe,
// the evaluation indicators it is meant to move (space-separated ids of measures.ts), the effect
// it expects on each (`id=value` on the display scale: relative change for volumes, 0.2 = +20 %;
// share difference, 0.06 = +6 points; days), description and source. Validated when this module loads (a typo fails fast).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DEPARTEMENTS, REFERENCE_DIR, codeValues, parseSmallCsv } from '../contract/reference.ts';
import { INDICATEURS_EVALUATION } from './measures.ts';

/** A pilot as the evaluation reads it. */
export interface Pilote {
  id: string;
  libelle: string;
  /** INSEE codes of the départements where it runs. */
  departements: readonly string[];
  /** First day (YYYY-MM-01): referrals received and accompaniments started from then on are exposed. */
  debut: string;
  /** Last day when it ended (null: still running). */
  fin: string | null;
  axe: string;
  /** Ids of the evaluation indicators (src/evaluation/measures.ts) it is meant to move. */
  indicateurs: readonly string[];
  /**
   * Effect the pilot expects on each of its indicators, on the display scale (volumes: relative
   * change, 0.2 = +20 %; shares: difference, 0.06 = +6 points; means: days). The power statement
   * compares it with the minimum detectable effect.
   */
  effetsAttendus: Readonly<Record<string, number>>;
  description: string;
  source: string;
}

/** The reference file. */
const FICHIER_PILOTES = join(REFERENCE_DIR, 'pilotes.csv');

const premierDuMois = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-01$/, 'date attendue au format AAAA-MM-01');
const Ligne = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  libelle: z.string().min(1),
  departements: z.string().min(1),
  debut: premierDuMois,
  fin: z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)]),
  axe: z.string(),
  indicateurs: z.string().min(1),
  effets_attendus: z.string().min(1),
  description: z.string(),
  source: z.string(),
});

const liste = (s: string): string[] => s.split(/\s+/).filter((x) => x !== '');

/** Parses and checks the pilots of a CSV text; throws a French error on the first problem. */
export function lirePilotes(texte: string): Pilote[] {
  const connus = new Set(DEPARTEMENTS.map((d) => d.departement));
  const axes = codeValues('axe');
  const indicateurs = new Set(INDICATEURS_EVALUATION.map((i) => i.id));
  const vus = new Map<string, string>();
  const ids = new Set<string>();
  return parseSmallCsv(texte).map((brut, i) => {
    const r = Ligne.safeParse(brut);
    if (!r.success)
      throw new Error(`pilotes.csv, ligne ${i + 2} : ${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join(' ; ')}`);
    const l = r.data;
    const fail = (m: string): never => {
      throw new Error(`pilotes.csv, pilote ${l.id} : ${m}`);
    };
    if (ids.has(l.id)) fail('identifiant en double');
    ids.add(l.id);
    if (!axes.includes(l.axe)) fail(`axe inconnu ${l.axe}`);
    if (l.fin !== '' && l.fin < l.debut) fail('fin avant le début');
    const deps = liste(l.departements);
    for (const d of deps) {
      if (!connus.has(d)) fail(`département inconnu ${d}`);
      const autre = vus.get(d);
      if (autre) fail(`le département ${d} est déjà dans le pilote ${autre}`);
      vus.set(d, l.id);
    }
    const ind = liste(l.indicateurs);
    for (const x of ind) if (!indicateurs.has(x)) fail(`indicateur d'évaluation inconnu ${x}`);
    const effetsAttendus: Record<string, number> = {};
    for (const e of liste(l.effets_attendus)) {
      const m = /^([a-z0-9_.]+)=([+-]?\d+(?:\.\d+)?)$/.exec(e);
      if (!m) fail(`effet attendu illisible « ${e} » (attendu indicateur=valeur, par exemple pdp.signalements_mois=0.2)`);
      const [, id, v] = m!;
      if (!ind.includes(id!)) fail(`effet attendu pour un indicateur que le pilote ne vise pas : ${id}`);
      if (id! in effetsAttendus) fail(`effet attendu en double : ${id}`);
      const x = Number(v);
      const sens = INDICATEURS_EVALUATION.find((i) => i.id === id)!.sens;
      if (x === 0 || (sens === 'hausse') !== x > 0) fail(`effet attendu de ${id} : ${v} n'est pas une ${sens}`);
      effetsAttendus[id!] = x;
    }
    for (const x of ind) if (!(x in effetsAttendus)) fail(`effet attendu manquant pour ${x}`);
    return {
      id: l.id,
      libelle: l.libelle,
      departements: deps,
      debut: l.debut,
      fin: l.fin || null,
      axe: l.axe,
      indicateurs: ind,
      effetsAttendus,
      description: l.description,
      source: l.source,
    };
  });
}

/** Every pilot of data/reference/pilotes.csv, in file order. */
export const PILOTES_REFERENCE: readonly Pilote[] = lirePilotes(readFileSync(FICHIER_PILOTES, 'utf8'));

/** The pilot of an id; throws a French error when unknown. */
export function piloteParId(id: string): Pilote {
  const p = PILOTES_REFERENCE.find((x) => x.id === id);
  if (!p) throw new Error(`pilote inconnu : ${id} (connus : ${PILOTES_REFERENCE.map((x) => x.id).join(', ')})`);
  return p;
}

/** Départements of every pilot of the reference (never used as comparison départements). */
export function departementsPilotes(): Set<string> {
  return new Set(PILOTES_REFERENCE.flatMap((p) => p.departements));
}
