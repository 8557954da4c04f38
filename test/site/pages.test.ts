// Static checks of the site's sources: Framework makes a page of every .md under src/, so only the
// intended pages may live there; loaders read the published set, never `facts`.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../src/config.ts';
import config from '../../observablehq.config.ts';

const SRC = join(REPO_ROOT, 'src');

function fichiers(dossier: string, filtre: (nom: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dossier, { withFileTypes: true })) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const chemin = join(dossier, e.name);
    if (e.isDirectory()) out.push(...fichiers(chemin, filtre));
    else if (filtre(e.name)) out.push(relative(SRC, chemin));
  }
  return out.sort();
}

describe('site sources', () => {
  it('has no Markdown under src/ other than the pages of the site (docs live in docs/)', () => {
    expect(fichiers(SRC, (n) => n.endsWith('.md'))).toEqual([
      '404.md',
      'accessibilite.md',
      'comparaison.md',
      'departements/[code].md',
      'departements/index.md',
      'evaluation.md',
      'index.md',
      'instances.md',
      'methodologie.md',
      'organismes/[code].md',
      'organismes/index.md',
      'pdp.md',
      'plan-du-site.md',
      'qualite.md',
      'satisfaction.md',
      'sps.md',
    ]);
  });
  it('lists every page in the sidebar, and every sidebar entry is a page', () => {
    const chemins = (config.pages as { path: string }[]).map((p) => p.path);
    for (const c of chemins) {
      const fichier = c === '/' ? 'index.md' : c.endsWith('/') ? `${c.slice(1)}index.md` : `${c.slice(1)}.md`;
      expect(fichiers(SRC, (n) => n.endsWith('.md'))).toContain(fichier);
    }
    expect(chemins).toHaveLength(11);
  });
  it('has loaders that read the published set, never the raw facts', () => {
    for (const f of fichiers(join(SRC, 'data'), (n) => n.endsWith('.ts')).map((f) => join(SRC, f))) {
      const source = readFileSync(f, 'utf8');
      expect(source, f).not.toMatch(/\b(FROM|JOIN)\s+facts\b/i);
      expect(source, f).not.toMatch(/figuresFor|computeFacts/);
    }
  });
  it('imports no library from a CDN and no Node module in browser code', () => {
    const navigateur = [
      ...fichiers(SRC, (n) => n.endsWith('.md')),
      'site/pages.ts',
      ...['charts', 'components', 'format', 'commentary'].flatMap((d) => fichiers(join(SRC, d), (n) => n.endsWith('.ts'))),
    ];
    for (const f of navigateur) {
      const source = readFileSync(join(SRC, f), 'utf8');
      expect(source, f).not.toMatch(/from\s+["']npm:|import\(\s*["']npm:|from\s+["']node:|from\s+["']htl["']/);
      expect(source, f).not.toMatch(/\.csv\(\)|\.arrow\(\)|\.parquet\(\)|\bPlot\.|\bd3\./);
    }
  });
});
