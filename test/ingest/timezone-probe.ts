// Run by timezones.test.ts in a child process under a given TZ: writes Parquet timestamps (with and
// without a zone) and CSV dates, ingests them, prints the loaded dates as JSON on stdout.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestFolder } from '../../src/ingest/index.ts';
import { openWarehouse, queryRows } from '../../src/warehouse/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'bilan-tz-'));
const w = await openWarehouse(':memory:', { threads: 1 });
await w.con.run(`COPY (SELECT * FROM (VALUES
    ('I1', '13', 'IC_PDP', TIMESTAMPTZ '2023-12-31 23:30:00+00'),
    ('I2', '13', 'IC_PDP', TIMESTAMPTZ '2024-06-30 22:30:00+00'),
    ('I3', '13', 'IC_PDP', TIMESTAMPTZ '2024-01-01 00:30:00+01'),
    ('I4', '13', 'IC_PDP', TIMESTAMPTZ '2024-03-01 12:00:00-10')) t(instance_id, departement, type, date))
  TO '${join(dir, 'instances_tz.parquet')}' (FORMAT parquet)`);
await w.con.run(`COPY (SELECT * FROM (VALUES
    ('I5', '13', 'IC_PDP', TIMESTAMP '2024-01-01 00:00:00'),
    ('I6', '13', 'IC_PDP', TIMESTAMP '2024-12-31 23:59:59')) t(instance_id, departement, type, date))
  TO '${join(dir, 'instances_naive.parquet')}' (FORMAT parquet)`);
writeFileSync(join(dir, 'instances.csv'), 'instance_id;departement;type;date\nI7;13;IC_PDP;01/01/2024\nI8;13;IC_PDP;2024-12-31 00:00:00\n');
await ingestFolder(w, dir);
const out = await queryRows(w.con, `SELECT instance_id AS id, strftime(date, '%Y-%m-%d') AS d FROM instances ORDER BY id`);
process.stdout.write(JSON.stringify(out));
