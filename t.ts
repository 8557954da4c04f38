import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:');
const c = await inst.connect();
const q = async (s: string) => { try { const r = await c.runAndReadAll(s); console.log(JSON.stringify(r.getRowObjectsJson())); } catch (e) { console.log('ERR', (e as Error).message); } };
for (const f of ['t.csv','t2.csv']) {
await q(`create or replace table l as select * from read_csv('/tmp/csvt/${f}', header=false, columns={'raw':'VARCHAR'}, delim=E'\\x1F', quote='', escape='', auto_detect=false, strict_mode=false)`);
await q(`select rowid, raw, length(raw) from l`);
}
await q(`select rowid, * from (select unnest(string_split(content, E'\\n')) raw from read_text('/tmp/csvt/t2.csv'))`);
