// The repository carries a copy of the fixed contracts it is tested against (docs/spec/, the
// contracts of ../shared/spec/), so that a fresh clone's tests need nothing beside it. Where the
// original folder exists (this machine's layout, CI), the copy must be identical, file by file.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.ts';

const COPY = join(REPO_ROOT, 'docs', 'spec');
const ORIGINAL = join(REPO_ROOT, '..', 'shared', 'spec');

/** Every file under a folder, as paths relative to it, sorted. */
function files(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) visit(p);
      else out.push(relative(dir, p));
    }
  };
  visit(dir);
  return out.sort();
}

describe('docs/spec, the copy of the fixed contracts', () => {
  it('holds the four contracts the tests read', () => {
    expect(files(COPY)).toEqual(
      expect.arrayContaining([
        'cli.md',
        'data-contract.md',
        'indicators.md',
        join('reference', 'departements.csv'),
        join('reference', 'organismes.csv'),
      ]),
    );
  });

  it.runIf(existsSync(ORIGINAL))('is identical to ../shared/spec, file by file', () => {
    expect(files(COPY)).toEqual(files(ORIGINAL));
    for (const f of files(ORIGINAL)) expect(readFileSync(join(COPY, f), 'utf8'), f).toBe(readFileSync(join(ORIGINAL, f), 'utf8'));
  });
});
