// Privacy rule: a file with a NIR (valid key) anywhere, or a column named like a direct
// identifier, is refused whole; the message names the file and the column, never the value.
// Keys worked out by hand: 97 − (1850578006084 mod 97) = 91; 2901219123456 (2A → 19) → 44;
// 2901218123456 (2B → 18) → 71.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { nirRun, probeFile } from '../../src/ingest/files.ts';
import { H, acc, counts, csv, file, ingest, problems, rows } from './helpers.ts';

const NIRS = {
  spaces: '1 85 05 78 006 084 91',
  dots: '1.85.05.78.006.084.91',
  plain: '185057800608491',
  corse2A: '2 90 12 2A 123 456 44',
  corse2B: '290122B12345671',
};

describe('NIR in a file', () => {
  for (const [how, nir] of Object.entries(NIRS)) {
    it(`refuses the whole file (${how}), naming file and column, not the value`, async () => {
      const { w, r } = await ingest({
        'accompagnements.csv': csv(H.accompagnements, acc('A1'), acc('A2'), acc('A3', { 1: `ref ${nir}` })),
        'entretiens.csv': csv(H.entretiens, 'E1;A1;2024-02-01;VISIO'),
      });
      const f = file(r, 'accompagnements.csv');
      expect(f.status).toBe('refused');
      expect(counts(f)).toEqual([3, 0, 3]);
      expect(problems(f)).toEqual([[null, 'assure_id', 'donnees_identifiantes']]);
      const message = f.errors[0]!.message;
      expect(message).toContain('accompagnements.csv');
      expect(message).toContain('« assure_id »');
      expect(message).toContain('ligne 4');
      const digits = nir.replace(/[^0-9AB]/g, '');
      for (const part of [nir, digits, digits.slice(0, 7), digits.slice(-8)]) expect(message).not.toContain(part);
      // Nothing of the file is in the warehouse, not even in the rejects.
      expect(await rows(w, `SELECT count(*)::INT AS n FROM accompagnements`)).toEqual([{ n: 0 }]);
      const stored = await rows<{ t: string }>(w, `SELECT concat_ws('|', message, enregistrement, cle) AS t FROM load_rejects`);
      for (const s of stored) expect(s.t).not.toContain(digits.slice(-8));
      // Children of the refused file say their parent's file was refused.
      expect(problems(file(r, 'entretiens.csv'))).toEqual([[2, 'accompagnement_id', 'parent_rejete']]);
      expect(file(r, 'entretiens.csv').errors[0]!.message).toContain('refusé en entier');
    });
  }

  it('finds a NIR in a column outside the contract too', async () => {
    const { r } = await ingest({ 'instances.csv': csv(`${H.instances};note`, `I1;13;IC_PDP;2024-03-01;${NIRS.plain}`) });
    expect(problems(file(r, 'instances.csv'))).toEqual([[null, 'note', 'donnees_identifiantes']]);
  });

  it('a 15-digit number with a wrong key, or a longer digit run, is not a NIR', async () => {
    const { r } = await ingest({
      'accompagnements.csv': csv(H.accompagnements, acc('A1', { 1: '1 85 05 78 006 084 90' }), acc('A2', { 1: `9${NIRS.plain}` })),
    });
    expect(file(r, 'accompagnements.csv').status).toBe('loaded');
    expect(counts(file(r, 'accompagnements.csv'))).toEqual([2, 2, 0]);
  });
});

describe('identifier columns', () => {
  it('refuses a file with a column named like a direct identifier', async () => {
    const { w, r } = await ingest({
      'accompagnements.csv': csv(`${H.accompagnements};Prénom`, `${acc('A1')};Jeanne`),
      'instances.csv': csv(`${H.instances};nom_assure`, 'I1;13;IC_PDP;2024-03-01;Martin'),
      'entretiens.csv': csv(`${H.entretiens};nombre`, 'E9;A9;2024-02-01;VISIO;2'),
    });
    expect(problems(file(r, 'accompagnements.csv'))).toEqual([[null, 'prénom', 'colonne_identifiante']]);
    expect(problems(file(r, 'instances.csv'))).toEqual([[null, 'nom_assure', 'colonne_identifiante']]);
    expect(file(r, 'accompagnements.csv').errors[0]!.message).not.toContain('Jeanne');
    // `nombre` is not `nom`: that file is read (and its row rejected for its unknown parent).
    expect(file(r, 'entretiens.csv').status).toBe('loaded');
    expect(
      await rows(w, `SELECT count(*)::INT AS n FROM load_rejects WHERE enregistrement LIKE '%Jeanne%' OR enregistrement LIKE '%Martin%'`),
    ).toEqual([{ n: 0 }]);
  });
});

describe('the byte scan that lets a file skip the NIR search (probeFile.maybeNir)', () => {
  const probe = (text: string | Buffer): boolean => {
    const dir = mkdtempSync(join(tmpdir(), 'bilan-probe-'));
    const path = join(dir, 'f.csv');
    writeFileSync(path, text);
    try {
      return probeFile(path, { textChecks: true }).maybeNir;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it('sees every NIR shape: spaces, dots, no-break spaces, Corsica, and none in 13-digit runs or ids', () => {
    for (const nir of [...Object.values(NIRS), '1\u00A085\u00A005\u00A078\u00A0006\u00A0084\u00A091'])
      expect(probe(`a;b\nx;${nir}\n`)).toBe(true);
    // 13 digits at most in a run: no NIR can be there (a NIR has 15 digits, or 14 and the A/B of 2A/2B)
    expect(probe('id;date\nE01000000106;2020-01-16\n1234567890123;x\n12 34 56 78 90 12 3;y\n')).toBe(false);
  });
  it('the sampled scan (nirRun) agrees with a byte-by-byte reading on random texts cut into random chunks', () => {
    // Oracle: the rule read byte by byte (a run of digits, spaces, dots, A/B and no-break-space bytes holding 14 digits).
    const inRun = (b: number) => (b >= 0x30 && b <= 0x39) || [0x41, 0x42, 0x61, 0x62, 0x20, 0x2e, 0xc2, 0xa0, 0xe2, 0x80, 0xaf].includes(b);
    const oracle = (bytes: Uint8Array): boolean => {
      let d = 0;
      for (const b of bytes) {
        if (!inRun(b)) d = 0;
        else if (b >= 0x30 && b <= 0x39 && ++d >= 14) return true;
      }
      return false;
    };
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const alphabet = Buffer.from('0123456789012345678901234567890123456789 .AB;x-\n\xa0');
    let seen = 0;
    for (let t = 0; t < 3000; t++) {
      const bytes = Uint8Array.from({ length: 1 + rand(120) }, () => alphabet[rand(alphabet.length)]!);
      let carry = 0;
      for (let at = 0; at < bytes.length && carry >= 0;) {
        const len = 1 + rand(40);
        carry = nirRun(bytes.subarray(at, at + len), carry);
        at += len;
      }
      expect(carry < 0, Buffer.from(bytes).toString('latin1')).toBe(oracle(bytes));
      if (carry < 0) seen++;
    }
    expect(seen).toBeGreaterThan(300);
    expect(seen).toBeLessThan(2700);
  });
  it('sees a NIR that straddles two of the 8 MiB chunks the file is read by', () => {
    const chunk = 8 << 20;
    const filler = Buffer.alloc(chunk - 7, 'x;y\n');
    expect(probe(Buffer.concat([filler, Buffer.from('185057800608491\n')]))).toBe(true);
    expect(probe(Buffer.concat([filler, Buffer.from('1850578;0608491\n')]))).toBe(false);
  });
});
