import type { Pool } from 'pg';
import { withKeysDeferred } from './deferred-keys';
import { migrateSchema } from './migrations';
import { inTransaction } from './transaction';
import { generateReferenceData, loadReferenceData } from './reference-data';

export interface BootstrapResult {
  migrationsApplied: string[];
  /** Rows loaded per table, or undefined when `public` already had its reference data. */
  referenceRows?: Record<string, number>;
}

/** Migrates `public` and fills it with the reference data set when it is empty. */
export async function bootstrapPublicSchema(pool: Pool, options: { seed: number; scale: number }): Promise<BootstrapResult> {
  const migrationsApplied = await migrateSchema(pool, 'public');
  const referenceRows = await inTransaction(pool, async (client) => {
    // Two processes starting on one empty database: the second waits, then sees the data.
    await client.query("select pg_advisory_xact_lock(hashtext('reference-data:public'))");
    const { rows } = await client.query<{ empty: boolean }>('select not exists (select 1 from public.products) as empty');
    if (!rows[0].empty) return undefined;
    const data = generateReferenceData(options);
    return withKeysDeferred(client, 'public', () => loadReferenceData(client, 'public', data));
  });
  return { migrationsApplied, referenceRows };
}
