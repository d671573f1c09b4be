import { Pool } from 'pg';

/** A plain pg pool for DDL and bulk work (migrations, reference data, provisioning); the ORM has its own. */
export function createPool(databaseUrl: string, max = 5, statementTimeoutMs?: number): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, application_name: 'sandbox-gateway', statement_timeout: statementTimeoutMs });
  // An idle client losing its connection (database restarted) must not crash the process.
  pool.on('error', () => {});
  return pool;
}
