// What the site says of its data: a bilan built on the generator's extract carries « Données
// synthétiques de démonstration » on every page (the header of observablehq.config.ts, from the
// warehouse's load provenance); the same data loaded as a real extract (no manifest) carries
// nothing. Generator → ingest → warehouse → config header, without the Framework build (the
// synthetic full build is checked page by page in site.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../../src/config.ts';
import { generateExtract } from '../../src/generate/index.ts';
import { ingestFolder } from '../../src/ingest/index.ts';
import { closeWarehouse, openWarehouse } from '../../src/warehouse/db.ts';
import { PROVENANCE_FILE } from '../../src/warehouse/provenance.ts';
import { lireNavigation } from '../../src/data/published-reader.ts';
import { entete, MENTION_SYNTHETIQUE } from '../../src/site/shell.ts';

let dossier: string;
let synthetique: string;
let reel: string;

async function charger(extrait: string, entrepot: string): Promise<void> {
  const w = await openWarehouse(entrepot);
  try {
    await ingestFolder(w, extrait);
  } finally {
    closeWarehouse(w);
  }
}

/** The header the site's configuration writes for /pdp, with BILAN_DB = `entrepot` (a fresh process, as `observable build` reads it). */
function enteteConfig(entrepot: string): string {
  const code = "const c = (await import('./observablehq.config.ts')).default; process.stdout.write(c.header({ path: '/pdp' }));";
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPO_ROOT,
    env: { ...process.env, BILAN_DB: entrepot },
    encoding: 'utf8',
  });
}

beforeAll(async () => {
  dossier = mkdtempSync(join(tmpdir(), 'bilan-provenance-'));
  const extrait = join(dossier, 'extrait');
  await generateExtract({ out: extrait, scale: 'departement', departement: '10', years: [2024, 2024], seed: 3, format: 'csv' });
  // The same files handed over as a real extract: no generator manifest.
  const extraitReel = join(dossier, 'extrait-reel');
  cpSync(extrait, extraitReel, { recursive: true });
  rmSync(join(extraitReel, PROVENANCE_FILE));
  synthetique = join(dossier, 'synthetique.duckdb');
  reel = join(dossier, 'reel.duckdb');
  await charger(extrait, synthetique);
  await charger(extraitReel, reel);
}, 120_000);

afterAll(() => {
  if (dossier) rmSync(dossier, { recursive: true, force: true });
});

describe('the synthetic-data banner', () => {
  it('the generator writes its manifest, the ingest records it', async () => {
    expect(existsSync(join(dossier, 'extrait', PROVENANCE_FILE))).toBe(true);
    expect((await lireNavigation(synthetique)).provenance.synthetique).toBe(true);
    expect((await lireNavigation(reel)).provenance.synthetique).toBe(false);
  });
  it("is in the header of a bilan built on the generator's extract, and only there", async () => {
    for (const chemin of ['/', '/pdp', '/departements/10']) {
      expect(entete(chemin, [], (await lireNavigation(synthetique)).provenance)).toContain(MENTION_SYNTHETIQUE);
      expect(entete(chemin, [], (await lireNavigation(reel)).provenance)).not.toContain(MENTION_SYNTHETIQUE);
    }
    expect(entete('/', [], { synthetique: false, dateExtraction: null })).not.toContain('synthétique');
  });
  it('reaches every page through the site configuration', () => {
    expect(enteteConfig(synthetique)).toContain(`<strong>${MENTION_SYNTHETIQUE}</strong>`);
    const vrai = enteteConfig(reel);
    expect(vrai).toContain('bilan-recherche');
    expect(vrai).not.toContain(MENTION_SYNTHETIQUE);
    expect(vrai).not.toMatch(/synth[ée]tique|fictif|démonstration/i);
  }, 60_000);
});
