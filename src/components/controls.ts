// Form controls for the pages (year, indicator, level, sort, columns): labelled native controls,
// whose `value` and `input` event work with Framework's view(). Native controls keep keyboard use
// and screen readers right. A control given `adresse: true` keeps its choice in the address
// (?annee=2024&indicateur=…): a link to the page reopens the same view, and can be shared. The
// year is also carried to the other pages (src/site/shell.ts listens to `bilan:annee`). Browser only.
import { el } from './dom.js';

/** A parameter of the address (null when absent). */
function parametre(nom: string): string | null {
  return new URLSearchParams(location.search).get(nom);
}

/** Writes (or removes, for null) parameters of the address without reloading the page. */
function ecrireParametres(valeurs: Record<string, string | null>): void {
  const url = new URL(location.href);
  for (const [nom, v] of Object.entries(valeurs)) {
    if (v === null) url.searchParams.delete(nom);
    else url.searchParams.set(nom, v);
  }
  history.replaceState(history.state, '', url);
}

/** A labelled select over options; `value` is the chosen option's value (typed). With `adresse`,
 *  the choice is read from and written to the address parameter `nom`. */
export function choix<T extends string | number>(
  options: readonly { valeur: T; libelle: string }[],
  o: { libelle: string; valeur?: T; nom?: string; adresse?: boolean },
): HTMLElement & { value: T } {
  const id = `choix-${o.nom ?? Math.random().toString(36).slice(2)}`;
  const demande = o.adresse && o.nom ? parametre(o.nom) : null;
  const initiale = options.find((x) => demande !== null && String(x.valeur) === demande)?.valeur ?? o.valeur;
  const select = el(
    'select',
    { id, name: o.nom ?? null },
    options.map((x, i) => el('option', { value: String(i), selected: x.valeur === initiale }, x.libelle)),
  );
  const bloc = el('div', { class: 'bilan-choix' }, el('label', { for: id }, o.libelle), select) as unknown as HTMLElement & { value: T };
  Object.defineProperty(bloc, 'value', { get: () => options[select.selectedIndex]?.valeur ?? options[0]!.valeur });
  select.addEventListener('change', () => {
    if (o.adresse && o.nom) ecrireParametres({ [o.nom]: String(bloc.value) });
    bloc.dispatchEvent(new Event('input', { bubbles: true }));
  });
  return bloc;
}

/** The year asked for in the address, if it is one of `annees`. */
export function anneeDemandee(annees: readonly number[]): number | undefined {
  const a = Number(parametre('annee'));
  return annees.includes(a) ? a : undefined;
}

/** The year selector (default: ?annee= in the address, else the latest year); keeps the address
 *  and the links to the other pages up to date. */
export function selecteurAnnee(annees: readonly number[]): HTMLElement & { value: number } {
  const decroissantes = [...annees].sort((a, b) => b - a);
  const s = choix(
    decroissantes.map((a) => ({ valeur: a, libelle: String(a) })),
    { libelle: 'Année', valeur: anneeDemandee(annees) ?? decroissantes[0], nom: 'annee', adresse: true },
  );
  s.addEventListener('input', () => document.dispatchEvent(new CustomEvent('bilan:annee', { detail: s.value })));
  return s;
}

/**
 * A column chooser: checkboxes in a folded panel (« Colonnes affichées : 5 sur 22 »), `value` the
 * chosen ids in the order of `options`. Default: `parDefaut`; with `nom`, the choice is kept in
 * the address (ids joined by commas).
 */
export function choixColonnes(
  options: readonly { valeur: string; libelle: string }[],
  o: { parDefaut: readonly string[]; nom?: string; libelle?: string },
): HTMLElement & { value: string[] } {
  const demande = o.nom ? parametre(o.nom) : null;
  const connus = new Set(options.map((x) => x.valeur));
  const depart = demande !== null ? demande.split(',').filter((id) => connus.has(id)) : o.parDefaut.filter((id) => connus.has(id));
  const cases = options.map((x, i) => {
    const id = `colonne-${o.nom ?? 'c'}-${i}`;
    const input = el('input', { type: 'checkbox', id, value: x.valeur, checked: depart.includes(x.valeur) });
    return { input, bloc: el('li', {}, input, el('label', { for: id }, x.libelle)) };
  });
  const resume = el('summary', {});
  const bloc = el(
    'details',
    { class: 'bilan-colonnes' },
    resume,
    el(
      'fieldset',
      {},
      el('legend', {}, o.libelle ?? 'Colonnes du tableau'),
      el(
        'ul',
        {},
        cases.map((c) => c.bloc),
      ),
      (() => {
        const tout = el('button', { type: 'button', class: 'bilan-bouton' }, 'Tout afficher');
        const defaut = el('button', { type: 'button', class: 'bilan-bouton' }, 'Colonnes par défaut');
        tout.addEventListener('click', () => regler(() => true));
        defaut.addEventListener('click', () => regler((v) => o.parDefaut.includes(v)));
        return el('p', { class: 'bilan-colonnes__actions' }, tout, ' ', defaut);
      })(),
    ),
  ) as unknown as HTMLElement & { value: string[] };
  const valeur = () => cases.filter((c) => c.input.checked).map((c) => c.input.value);
  const resumer = () => {
    resume.textContent = `Colonnes affichées : ${valeur().length} sur ${options.length} (choisir)`;
  };
  Object.defineProperty(bloc, 'value', { get: valeur });
  const changer = () => {
    resumer();
    if (o.nom) ecrireParametres({ [o.nom]: valeur().join(',') });
    bloc.dispatchEvent(new Event('input', { bubbles: true }));
  };
  function regler(f: (v: string) => boolean): void {
    for (const c of cases) c.input.checked = f(c.input.value);
    changer();
  }
  for (const c of cases)
    c.input.addEventListener('input', (e) => {
      e.stopPropagation();
      changer();
    });
  resumer();
  return bloc;
}

/** A labelled search field; `value` is its text. */
export function recherche(o: { libelle: string; nom: string; exemple?: string }): HTMLElement & { value: string } {
  const id = `recherche-${o.nom}`;
  const input = el('input', { id, name: o.nom, type: 'search', placeholder: o.exemple ?? null });
  const bloc = el('div', { class: 'bilan-choix' }, el('label', { for: id }, o.libelle), input) as unknown as HTMLElement & {
    value: string;
  };
  Object.defineProperty(bloc, 'value', { get: () => input.value });
  return bloc;
}
