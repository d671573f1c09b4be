import { escapeIdentifier, escapeLiteral, type Pool } from 'pg';
import type { Usage } from '../limits/quota';

/** A schema or table dropped between the two statements: a reset or the expiry sweep got there first. */
const DROPPED_MEANWHILE = new Set(['42P01', '3F000']);

/** The usage of some schemas, in two statements whatever their number (a schema without a counter is left out). */
export async function usageOf(pool: Pool, schemas: readonly string[], attempts = 3): Promise<Map<string, Usage>> {
  try {
    return await readUsage(pool, schemas);
  } catch (error) {
    if (attempts > 1 && DROPPED_MEANWHILE.has((error as { code?: string }).code ?? '')) return usageOf(pool, schemas, attempts - 1);
    throw error;
  }
}

async function readUsage(pool: Pool, schemas: readonly string[]): Promise<Map<string, Usage>> {
  const { rows: found } = await pool.query<{ schema: string }>(
    `select s as schema from unnest($1::text[]) s where to_regclass(quote_ident(s) || '.sandbox_usage') is not null`,
    [schemas],
  );
  const present = found.map((row) => row.schema);
  if (present.length === 0) return new Map();
  const union = present
    .map((schema) => `select ${escapeLiteral(schema)}::text as schema, "rows"::float8 as rows, "bytes"::float8 as bytes from ${escapeIdentifier(schema)}.sandbox_usage`)
    .join(' union all ');
  const { rows } = await pool.query<{ schema: string; rows: number; bytes: number }>(union);
  return new Map(rows.map((row) => [row.schema, { rows: row.rows, bytes: row.bytes }]));
}

