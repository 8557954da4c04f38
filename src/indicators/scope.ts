// Scopes of the figures: national, one organisme (regional body) or one département,
// validated against the reference data.
import { DEPARTEMENTS, ORGANISMES } from '../contract/reference.ts';
import { InputError } from '../errors.ts';

import type { Niveau } from '../vocabulary.ts';

/** A scope: its level and code (`FR` for national). */
export interface Scope {
  niveau: Niveau;
  code: string;
}

/** Code of the national scope in `facts.code`. */
export const NATIONAL_CODE = 'FR';

/** The 123 scopes in display order: national, the organismes, the départements. */
export const ALL_SCOPES: readonly Scope[] = [
  { niveau: 'national', code: NATIONAL_CODE },
  ...ORGANISMES.map((o): Scope => ({ niveau: 'organisme', code: o.organisme })),
  ...DEPARTEMENTS.map((d): Scope => ({ niveau: 'departement', code: d.departement })),
];

/** Parses a CLI scope string (`national`, `organisme:CODE`, `departement:CODE`); unknown → InputError. */
export function parseScope(s: string): Scope {
  if (s === 'national') return { niveau: 'national', code: NATIONAL_CODE };
  const m = /^(organisme|departement):(.+)$/.exec(s);
  if (!m) throw new InputError(`périmètre invalide « ${s} » (attendu : national, organisme:CODE ou departement:CODE)`);
  const niveau = m[1] as Niveau;
  const code = m[2]!;
  if (!ALL_SCOPES.some((x) => x.niveau === niveau && x.code === code)) {
    throw new InputError(
      `${niveau === 'organisme' ? 'organisme' : 'département'} inconnu « ${code} » (voir data/reference/${niveau}s.csv)`,
    );
  }
  return { niveau, code };
}

/** The scope as the CLI writes it. */
export function formatScope(scope: Scope): string {
  return scope.niveau === 'national' ? 'national' : `${scope.niveau}:${scope.code}`;
}
