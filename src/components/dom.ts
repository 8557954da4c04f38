// Tiny DOM helpers for the components (no htl: its package cannot be resolved offline by
// Framework 1.13). Browser only.

type Enfant = Node | string | number | null | undefined | false | readonly Enfant[];

/** Creates an element with attributes (string values; `false`/null omitted) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | null | undefined> = {},
  ...enfants: Enfant[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    e.setAttribute(k, v === true ? '' : String(v));
  }
  ajouter(e, enfants);
  return e;
}

/** Appends children (strings become text nodes). */
function ajouter(parent: Node, enfants: readonly Enfant[]): void {
  for (const c of enfants) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) ajouter(parent, c);
    else parent.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Paragraphs from sentences (generated commentary). */
export function paragraphes(phrases: readonly string[], classe = 'bilan-commentaire'): HTMLElement {
  return el(
    'div',
    { class: classe },
    phrases.map((p) => el('p', {}, p)),
  );
}

/** Offers a file to the reader (download of a Blob under a name). */
export function telecharger(contenu: Blob, nom: string): void {
  const url = URL.createObjectURL(contenu);
  const a = el('a', { href: url, download: nom, hidden: true });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
