import type { Pool } from 'pg';
import { withKeysDeferred } from './deferred-keys';
import { migrateSchema } from './migrations';
import { generateReferenceData, loadReferenceData } from './reference-data';

export interface BootstrapResult {
  migrationsApplied: string[];
  /** Rows loaded per table, or undefined when `public` already had its reference data. */
  referenceRows?: Record<string, number>;
}

/** Migrates `public` and fills it with the reference data set when it is empty. */
export async function bootstrapPublicSchema(pool: Pool, options: { seed: number; scale: number }): Promise<BootstrapResult> {
  const migrationsApplied = await migrateSchema(pool, 'public');
  const client = await pool.connect();
  try {
    await client.query('begin');
    // Two processes starting on one empty database: the second waits, then sees the data.
    await client.query("select pg_advisory_xact_lock(hashtext('reference-data:public'))");
    const { rows } = await client.query<{ empty: boolean }>('select not exists (select 1 from public.products) as empty');
    let referenceRows: Record<string, number> | undefined;
    if (rows[0].empty) {
      const data = generateReferenceData(options);
      referenceRows = await withKeysDeferred(client, 'public', () => loadReferenceData(client, 'public', data));
    }
    await client.query('commit');
    return { migrationsApplied, referenceRows };
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
