// Dates do not depend on the host's time zone: the Parquet and CSV date cases are run in child
// processes under TZ=UTC, TZ=Pacific/Auckland and TZ=Europe/Paris (test/ingest/timezone-probe.ts).
// Expected dates worked out by hand: a timestamp with a zone gives its calendar date in
// Europe/Paris (UTC+1 in winter, UTC+2 in summer), one without a zone gives its own date.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const EXPECTED = [
  { id: 'I1', d: '2024-01-01' }, // 2023-12-31 23:30 UTC = 2024-01-01 00:30 in Paris (winter, UTC+1)
  { id: 'I2', d: '2024-07-01' }, // 2024-06-30 22:30 UTC = 2024-07-01 00:30 in Paris (summer, UTC+2)
  { id: 'I3', d: '2024-01-01' }, // 2024-01-01 00:30+01 is already Paris time
  { id: 'I4', d: '2024-03-01' }, // 2024-03-01 12:00-10 = 22:00 UTC = 23:00 in Paris, same day
  { id: 'I5', d: '2024-01-01' }, // no zone: its own date
  { id: 'I6', d: '2024-12-31' },
  { id: 'I7', d: '2024-01-01' }, // CSV
  { id: 'I8', d: '2024-12-31' },
];

describe('dates whatever the host time zone', () => {
  for (const tz of ['UTC', 'Pacific/Auckland', 'Europe/Paris']) {
    it(`TZ=${tz}`, () => {
      const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'timezone-probe.ts')], {
        env: { ...process.env, TZ: tz },
        encoding: 'utf8',
      });
      expect(JSON.parse(out)).toEqual(EXPECTED);
    });
  }
});
