import { escapeIdentifier, type ClientBase } from 'pg';
import type { ColumnSpec, ColumnType, ReferenceData } from './types';

/** Rows per INSERT: one statement per chunk, each column bound as one array parameter. */
export const LOAD_CHUNK_SIZE = 5000;

/** The array type each column is bound as; jsonb travels as text[] and is cast per element. */
const ARRAY_TYPES: Record<ColumnType, string> = {
  integer: 'int4[]',
  smallint: 'int2[]',
  text: 'text[]',
  numeric: 'numeric[]',
  boolean: 'bool[]',
  timestamptz: 'timestamptz[]',
  jsonb: 'text[]',
};

/** `INSERT INTO "s"."t" ("a", "b") SELECT c1, c2::jsonb FROM unnest($1::int4[], $2::text[]) AS t(c1, c2)` */
export function insertStatement(schema: string, table: string, columns: readonly ColumnSpec[]): string {
  const names = columns.map((column) => escapeIdentifier(column.name)).join(', ');
  const selected = columns.map((column, i) => (column.type === 'jsonb' ? `c${i + 1}::jsonb` : `c${i + 1}`)).join(', ');
  const arrays = columns.map((column, i) => {
    const type = ARRAY_TYPES[column.type];
    if (!type) throw new Error(`${table}.${column.name}: unsupported column type ${String(column.type)}`);
    return `$${i + 1}::${type}`;
  });
  const aliases = columns.map((_, i) => `c${i + 1}`).join(', ');
  return (
    `INSERT INTO ${escapeIdentifier(schema)}.${escapeIdentifier(table)} (${names}) ` +
    `SELECT ${selected} FROM unnest(${arrays.join(', ')}) AS t(${aliases})`
  );
}

function parameter(value: unknown, type: ColumnType): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'jsonb' && typeof value !== 'string') return JSON.stringify(value);
  return value;
}

/**
 * Bulk-inserts every table of `data`, in its key order, into `schema`, then moves each
 * table's `id` sequence past the largest id so later inserts do not collide. Runs inside
 * the caller's transaction (it never BEGINs or COMMITs). Returns the rows inserted per table.
 */
export async function loadReferenceData(
  client: ClientBase,
  schema: string,
  data: ReferenceData,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [table, { columns, rows }] of Object.entries(data)) {
    const sql = insertStatement(schema, table, columns);
    let inserted = 0;
    for (let start = 0; start < rows.length; start += LOAD_CHUNK_SIZE) {
      const chunk = rows.slice(start, start + LOAD_CHUNK_SIZE);
      for (const row of chunk) {
        if (row.length !== columns.length) throw new Error(`${table}: a row has ${row.length} values for ${columns.length} columns`);
      }
      const parameters = columns.map((column, c) => chunk.map((row) => parameter(row[c], column.type)));
      const result = await client.query(sql, parameters);
      inserted += result.rowCount ?? 0;
    }
    counts[table] = inserted;

    if (columns.some((column) => column.name === 'id')) {
      const target = `${escapeIdentifier(schema)}.${escapeIdentifier(table)}`;
      // setval(seq, max, true): the next id is max + 1; an empty table restarts at 1. No sequence (NULL): no-op.
      await client.query(
        `SELECT setval(seq::regclass, COALESCE(m.max_id, 1), m.max_id IS NOT NULL) ` +
          `FROM pg_get_serial_sequence($1, 'id') AS seq, (SELECT max("id") AS max_id FROM ${target}) AS m ` +
          `WHERE seq IS NOT NULL`,
        [target],
      );
    }
  }
  return counts;
}
