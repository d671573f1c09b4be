import { Pool } from 'pg';

export interface PoolOptions {
  max?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
  /**
   * A connection is closed after this many checkouts and another opened: a backend never gives back
   * the catalog cache entries of the schemas it has touched (a schema build fills it with a whole
   * schema's worth), so a long-lived connection that serves thousands of clients grows without
   * bound and its DDL slows (bench/tenancy: two provisioning backends reached 460 MB each, and a
   * build 4.5× its first time, after 300 builds). A new backend costs a few ms.
   */
  maxUses?: number;
}

/** Checkouts of a control-plane connection before it is replaced: each is a statement or a short transaction. */
export const POOL_CONNECTION_MAX_USES = 1000;

/** Checkouts of a connection that builds, migrates or drops schemas: each use fills its catalog cache with a schema's worth. */
export const DDL_CONNECTION_MAX_USES = 10;

/** A plain pg pool for DDL and bulk work (migrations, reference data, provisioning); the ORM has its own. */
export function createPool(databaseUrl: string, { max = 5, statementTimeoutMs, applicationName = 'sandbox-gateway', maxUses = POOL_CONNECTION_MAX_USES }: PoolOptions = {}): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, application_name: applicationName, statement_timeout: statementTimeoutMs, maxUses });
  // An idle client losing its connection (database restarted) must not crash the process.
  pool.on('error', () => {});
  return pool;
}
