// Provenance on the ingest side: the manifest PROVENANCE_FILE of `bilan generate` is not a data
// file, is read when present (an invalid one makes the folder unusable: exit 2), and a load that
// loads a file records where it came from (readProvenance: synthetic or not).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { ingestFolder } from '../../src/ingest/index.ts';
import { PROVENANCE_FILE, readProvenance } from '../../src/warehouse/provenance.ts';
import { H, acc, csv, extract, memoryWarehouse, rows } from './helpers.ts';

describe('provenance of a load', () => {
  it('a folder with a synthetic manifest: the manifest is not reported as a file, the load is recorded synthetic', async () => {
    const dir = extract({ 'accompagnements.csv': csv(H.accompagnements, acc('A1')) });
    writeFileSync(
      join(dir, PROVENANCE_FILE),
      JSON.stringify({ synthetique: true, generateur: 'bilan generate', date_extraction: '2025-01-31' }),
    );
    const w = await memoryWarehouse();
    const r = await ingestFolder(w, dir);
    expect(r.files.map((f) => f.file)).toEqual(['accompagnements.csv']);
    expect(await readProvenance(w.con)).toEqual({ synthetique: true, dateExtraction: '2025-01-31' });
    expect(await rows(w, `SELECT dossier, synthetique FROM load_provenance`)).toEqual([{ dossier: dir, synthetique: true }]);
  });

  it('a folder without a manifest is a real extract; a run that loads nothing records nothing', async () => {
    const dir = extract({ 'accompagnements.csv': csv(H.accompagnements, acc('A1')) });
    const w = await memoryWarehouse();
    expect(await readProvenance(w.con)).toEqual({ synthetique: false, dateExtraction: null });
    await ingestFolder(w, dir);
    expect((await readProvenance(w.con)).synthetique).toBe(false);
    expect(await rows(w, `SELECT count(*)::INT AS n, bool_or(synthetique) AS s FROM load_provenance`)).toEqual([{ n: 1, s: false }]);
    await ingestFolder(w, dir); // same file: already loaded, nothing loaded
    expect(await rows(w, `SELECT count(*)::INT AS n FROM load_provenance`)).toEqual([{ n: 1 }]);
  });

  it('an invalid manifest makes the folder unusable (InputError, French), nothing written', async () => {
    const dir = extract({ 'accompagnements.csv': csv(H.accompagnements, acc('A1')), [PROVENANCE_FILE]: '{"synthetique": "oui"}' });
    const w = await memoryWarehouse();
    await expect(ingestFolder(w, dir)).rejects.toThrow(InputError);
    await expect(ingestFolder(w, dir)).rejects.toThrow(/manifeste invalide \(synthetique\)/);
    expect(await rows(w, `SELECT count(*)::INT AS n FROM load_files`)).toEqual([{ n: 0 }]);
  });
});
