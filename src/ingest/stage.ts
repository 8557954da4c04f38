// Reading one file into DuckDB as records: each record has its line number (where it starts in
// the file, header = line 1), its fields as text (`f`, a VARCHAR list) and its text as read.
// CSV: the physical lines are read with a delimiter that never occurs, so DuckDB neither splits
// nor unquotes; quoted records spanning lines are glued by the parity of their quotes.
// Parquet: columns are cast to text; the line is the record number + 1 (as if it had a header).
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ColumnSpec, TableSpec } from '../contract/schema.ts';
import { ident, lit, queryRows } from '../warehouse/db.ts';
import { NIR_CAPTURE, NIR_PATTERN, nirKeyValidSql } from './sql.ts';

/** The records of one file, as an SQL relation. */
export interface Source {
  /** SQL relation with `line` BIGINT, `f` VARCHAR[] (fields in header order, trimmed) and `nir` (NIR-shaped text). */
  relation: string;
  /** SQL text of the record as read, over a row of `relation` aliased `alias`. */
  rawOf: (alias: string) => string;
  /** SQL: the record has a wrong number of fields (over `relation`). */
  fieldCountBad: string;
  /** Number of records (blank lines excluded). */
  rowsRead: number;
  /** Temporary tables to drop once the table is loaded. */
  temps: string[];
}

const LINES_OPTIONS = `header = false, columns = {'raw': 'VARCHAR'}, delim = E'\\x1F', quote = '', escape = '', auto_detect = false, strict_mode = false, max_line_size = 104857600`;

/** Stages a UTF-8 CSV file (`headerRow`: 0-based physical line of the header); error: why it cannot be read. */
export async function stageCsv(
  con: DuckDBConnection, key: string, path: string, sep: string, headerRow: number, headerCount: number, hasQuote: boolean,
): Promise<{ source: Source } | { error: string; rowsRead: number }> {
  const lines = `_ing_l${key}`;
  try {
    await con.run(`CREATE TEMP TABLE ${lines} AS SELECT raw, regexp_matches(raw, ${lit(NIR_PATTERN)}) AS nir FROM read_csv(${lit(path)}, ${LINES_OPTIONS})`);
  } catch (e) {
    return { error: `lecture impossible (${(e as Error).message.split('\n')[0]})`, rowsRead: 0 };
  }
  const base = { rawOf: (a: string) => `${a}.raw`, fieldCountBad: `len(f) <> ${headerCount}` };
  if (!hasQuote) {
    const [{ n }] = await queryRows<{ n: number }>(con, `SELECT count(raw) AS n FROM ${lines} WHERE rowid > ${headerRow}`) as [{ n: number }];
    return {
      source: {
        ...base, rowsRead: n, temps: [lines],
        // Fields are trimmed, but only lines with a space pay for it.
        relation: `(SELECT rowid + 1 AS line, raw, CASE WHEN contains(raw, ' ') THEN list_transform(string_split(raw, ${lit(sep)}), lambda x: trim(x))
          ELSE string_split(raw, ${lit(sep)}) END AS f, nir FROM ${lines} WHERE rowid > ${headerRow} AND raw IS NOT NULL)`,
      },
    };
  }
  // Quoted fields may span lines. A line with an odd number of quotes opens or closes a record
  // spanning lines: the odd lines, in order, pair up into spans (first, second), (third, fourth)…
  // The lines of a span are glued into one record; every other line is a record by itself.
  const spans = `_ing_s${key}`;
  await con.run(`CREATE TEMP TABLE ${spans} AS
    SELECT unnest(range(a, coalesce(b, (SELECT max(rowid) FROM ${lines})) + 1)) AS r, a, b IS NULL AS open
    FROM (SELECT r AS a, lead(r) OVER (ORDER BY r) AS b, row_number() OVER (ORDER BY r) AS k
          FROM (SELECT rowid AS r FROM ${lines} WHERE rowid > ${headerRow} AND (length(raw) - length(replace(raw, '"', ''))) % 2 = 1))
    WHERE k % 2 = 1`);
  const records = `(SELECT rowid + 1 AS line, raw, nir FROM ${lines} WHERE rowid > ${headerRow} AND raw IS NOT NULL AND rowid NOT IN (SELECT r FROM ${spans})
    UNION ALL
    SELECT m.a + 1 AS line, string_agg(coalesce(l.raw, ''), E'\n' ORDER BY m.r) AS raw, bool_or(l.nir) AS nir
    FROM ${spans} m JOIN ${lines} l ON l.rowid = m.r GROUP BY m.a)`;
  const [{ n }] = await queryRows<{ n: number }>(con, `SELECT count(*) AS n FROM ${records}`) as [{ n: number }];
  const [{ open }] = await queryRows<{ open: number }>(con, `SELECT count(*) FILTER (WHERE open) AS open FROM ${spans}`) as [{ open: number }];
  if (open > 0) {
    await con.run(`DROP TABLE ${spans}`);
    return { error: 'guillemets non refermés (un champ entre guillemets ne se termine pas)', rowsRead: n };
  }
  // Fields: no quote → split; quotes that only wrap fields (no doubled quote, no separator between
  // an opening quote and its closing one) → drop the quotes and split; otherwise a regex that
  // splits outside quotes and unquotes. Only records with a space pay for trimming.
  const s = sep === ',' ? ',' : ';';
  const sepInside = `^(?:[^"]*"[^"]*")*[^"]*"[^"${s}]*${s}`;
  const fieldRe = `(?:^|${s})((?:"(?:[^"]|"")*"|[^${s}"])*)`;
  const unquote = `lambda x: CASE WHEN length(x) >= 2 AND starts_with(x, '"') AND ends_with(x, '"') THEN replace(x[2:-2], '""', '"') ELSE x END`;
  const fields = `CASE WHEN NOT contains(raw, '"') THEN string_split(raw, '${s}')
    WHEN NOT contains(raw, '""') AND NOT regexp_matches(raw, ${lit(sepInside)}) THEN string_split(replace(raw, '"', ''), '${s}')
    ELSE list_transform(regexp_extract_all(raw, ${lit(fieldRe)}, 1), ${unquote}) END`;
  return {
    source: {
      ...base, rowsRead: n, temps: [lines, spans],
      relation: `(SELECT line, raw, CASE WHEN contains(raw, ' ') THEN list_transform(f0, lambda x: trim(x)) ELSE f0 END AS f, nir
        FROM (SELECT line, raw, nir, ${fields} AS f0 FROM ${records}))`,
    },
  };
}

/** Column names and DuckDB types of a Parquet file, or an error. */
export async function parquetColumns(con: DuckDBConnection, path: string): Promise<{ name: string; type: string }[] | { error: string }> {
  try {
    const rows = await queryRows<{ column_name: string; column_type: string }>(con, `DESCRIBE SELECT * FROM read_parquet(${lit(path)})`);
    return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
  } catch (e) {
    return { error: `ce n'est pas un fichier Parquet lisible (${(e as Error).message.split('\n')[0]})` };
  }
}

/** SQL text of a Parquet value, shaped as the CSV reader would see it for its contract column. */
function parquetText(column: string, type: string, spec: ColumnSpec | undefined): string {
  const c = ident(column);
  if (spec?.type === 'date' && /^(DATE|TIMESTAMP)/.test(type)) return `strftime(CAST(${c} AS DATE), '%Y-%m-%d')`;
  if (spec?.type === 'int' && /^(FLOAT|DOUBLE|DECIMAL)/.test(type)) {
    return `CASE WHEN ${c} = trunc(${c}) THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
  }
  return type === 'VARCHAR' ? `trim(${c})` : `CAST(${c} AS VARCHAR)`;
}

/** Stages a Parquet file: nothing is copied, the relation reads the file. */
export async function stageParquet(
  con: DuckDBConnection, path: string, columns: { name: string; type: string }[], spec: TableSpec, names: string[],
): Promise<Source> {
  const byName = new Map(spec.columns.map((c) => [c.name, c]));
  const fields = columns.map((c, i) => parquetText(c.name, c.type, byName.get(names[i]!)));
  const [{ n }] = await queryRows<{ n: number }>(con, `SELECT count(*) AS n FROM read_parquet(${lit(path)})`) as [{ n: number }];
  return {
    rowsRead: n, temps: [], fieldCountBad: 'false',
    relation: `(SELECT file_row_number + 2 AS line, f, regexp_matches(array_to_string(f, E'\\x1F'), ${lit(NIR_PATTERN)}) AS nir
      FROM (SELECT file_row_number, [${fields.join(', ')}] AS f FROM read_parquet(${lit(path)}, file_row_number = true)))`,
    rawOf: (a) => `CAST(json_object(${columns.map((c, i) => `${lit(c.name)}, ${a}.f[${i + 1}]`).join(', ')}) AS VARCHAR)`,
  };
}

/** Columns (1-based field positions) holding a NIR with a valid key, with the first line where each occurs. */
export async function findNir(con: DuckDBConnection, source: Source): Promise<{ position: number; line: number }[]> {
  return queryRows<{ position: number; line: number }>(con, `
    WITH c AS (SELECT line, f, unnest(regexp_extract_all(array_to_string(f, E'\\x1F'), ${lit(NIR_CAPTURE)}, 1)) AS cand
               FROM ${source.relation} WHERE nir),
    v AS (SELECT line, list_filter(range(1, len(f) + 1), lambda i: contains(f[i], cand)) AS positions FROM c WHERE ${nirKeyValidSql('cand')})
    SELECT position, min(line) AS line FROM (SELECT line, unnest(positions) AS position FROM v) GROUP BY position ORDER BY position`);
}
