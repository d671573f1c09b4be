import type { Pool } from 'pg';
import type { Config } from '../config';
import { bootstrapPublicSchema, type BootstrapResult } from './bootstrap';
import { initOrm, type Orm } from './orm';
import { configureStatements } from './statement-batch';
import { trackConnectionsByDeadline } from './request-deadline';
import { createPool } from './pool';

export interface Database {
  pool: Pool;
  orm: Orm;
  bootstrap: BootstrapResult;
}

/**
 * The two connections every process needs, with `public` ready: a plain pg pool
 * for DDL and control-plane work, and the ORM (whose statements PostgreSQL
 * cancels at the request deadline).
 */
export async function openDatabase(databaseUrl: string, config: Config, poolSize = config.databasePoolSize): Promise<Database> {
  const pool = createPool(databaseUrl);
  try {
    const bootstrap = await bootstrapPublicSchema(pool, { seed: config.referenceSeed, scale: config.referenceScale });
    const orm = await initOrm({ databaseUrl, poolSize, statementTimeoutMs: config.requestDeadlineMs, connectionMaxSchemas: config.databaseConnectionMaxSchemas, genericPlans: config.preparedStatements });
    const { maxStatementBytes, maxPreparedStatementBytes } = config.limits;
    configureStatements(orm, { prepared: config.preparedStatements, maxStatementBytes, maxPreparedStatementBytes });
    trackConnectionsByDeadline(orm.em.getConnection().getKnex().client);
    return { pool, orm, bootstrap };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
