import { Pool } from 'pg';

/** A plain pg pool for DDL and bulk work (migrations, reference data, provisioning); the ORM has its own. */
export function createPool(databaseUrl: string, max = 5, statementTimeoutMs?: number, applicationName = 'sandbox-gateway'): Pool {
  const pool = new Pool({ connectionString: databaseUrl, max, application_name: applicationName, statement_timeout: statementTimeoutMs });
  // An idle client losing its connection (database restarted) must not crash the process.
  pool.on('error', () => {});
  return pool;
}
