// docs/data-contract.md is generated from the contract: it must be up to date and name every rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_TEXTS } from '../../src/contract/messages.ts';
import { IDENTIFIER_COLUMNS, RULE_CODES, TABLES } from '../../src/contract/schema.ts';
import { CONTRACT_DOC, contractDoc } from '../../src/ingest/contract-doc.ts';

const doc = readFileSync(CONTRACT_DOC, 'utf8');

describe('docs/data-contract.md', () => {
  it('is what src/ingest/contract-doc.ts generates from the contract (regenerate: npx tsx src/ingest/contract-doc.ts)', () => {
    expect(doc).toBe(contractDoc());
  });

  it('names every rule code with its message, every table and column, every identifier column', () => {
    for (const code of RULE_CODES) {
      expect(doc, code).toContain(`\`${code}\``);
      expect(doc, code).toContain(RULE_TEXTS[code].template.replaceAll('|', '\\|'));
    }
    for (const t of TABLES) {
      expect(doc).toContain(`### \`${t.name}\``);
      for (const c of t.columns) expect(doc, `${t.name}.${c.name}`).toContain(`| \`${c.name}\` |`);
    }
    for (const id of IDENTIFIER_COLUMNS) expect(doc).toContain(`\`${id}\``);
  });
});
