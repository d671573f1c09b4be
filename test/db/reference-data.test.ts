import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapPublicSchema } from '../../src/db/bootstrap';
import { createPool } from '../../src/db/pool';
import { ROWS_PER_SCALE } from '../../src/db/reference-data';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

/** md5 of every row of every table, in primary-key order. */
async function checksums(pool: Pool): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of Object.keys(ROWS_PER_SCALE)) {
    const { rows } = await pool.query<{ md5: string }>(`select md5(string_agg(t::text, '|' order by t::text)) as md5 from public.${table} t`);
    result[table] = rows[0].md5;
  }
  return result;
}

describe('reference data in PostgreSQL', () => {
  const databases: TestDatabase[] = [];
  const pools: Pool[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 2; i++) {
      databases.push(await createTestDatabase());
      pools.push(createPool(databases[i].url));
    }
  });
  afterAll(async () => {
    for (const pool of pools) await pool.end();
    for (const database of databases) await database.drop();
  });

  it('the same seed and scale load byte-identical tables, once', async () => {
    const [first, second] = await Promise.all(pools.map((pool) => bootstrapPublicSchema(pool, { seed: 7, scale: 1 })));
    expect(first.referenceRows).toEqual(ROWS_PER_SCALE);
    expect(second.referenceRows).toEqual(ROWS_PER_SCALE);
    expect(await checksums(pools[0])).toEqual(await checksums(pools[1]));

    const again = await bootstrapPublicSchema(pools[0], { seed: 7, scale: 1 });
    expect(again).toEqual({ migrationsApplied: [], referenceRows: undefined });
  });

  it('the keys dropped for the bulk load are all back, and sequences continue after the data', async () => {
    const { rows } = await pools[0].query<{ n: number }>(
      "select count(*)::int as n from pg_constraint where connamespace = 'public'::regnamespace and contype = 'f'",
    );
    expect(rows[0].n).toBe(9);
    const next = await pools[0].query<{ id: number }>("insert into public.tags (name) values ('brand-new') returning id");
    expect(next.rows[0].id).toBe(ROWS_PER_SCALE.tags + 1);
  });
});
