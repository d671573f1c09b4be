import { MikroORM } from '@mikro-orm/core';
import type { FastifyInstance } from 'fastify';
import { escapeIdentifier, escapeLiteral, type Pool } from 'pg';
import { buildApp, type AppDependencies } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase } from '../../src/db/connect';
import { ormOptions } from '../../src/db/orm';
import { createPool } from '../../src/db/pool';
import { installContractCheck, type ContractCheck } from './contract';
import { createTestDatabase, type TestDatabase } from './database';
import { generousCallerLimits } from './generous-limits';
import { pgbouncerPassEnv } from './pgbouncer';

export { generousCallerLimits };

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  database: TestDatabase;
  /** Every `/api/` response so far, checked against the OpenAPI document at close. */
  contract: ContractCheck;
  /** Closes the app and drops its database; throws if any response broke the OpenAPI contract or changed a row of `public`. */
  close(): Promise<void>;
}

export const testEnv = {
  NODE_ENV: 'test',
  DATA_DIR: '/nonexistent-test-data-dir',
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  LOG_LEVEL: 'silent',
  // A busy CI box (two suites at once, argon2, child processes) can stall a worker's event loop for
  // over a second; overload protection is tested on its own (status-contract), not by accident.
  MAX_EVENT_LOOP_DELAY_MS: '60000',
  ...generousCallerLimits,
  ...pgbouncerPassEnv,
};

/** The real app on a fresh database whose `public` is migrated and holds the reference data. */
export interface TestSeams extends Pick<AppDependencies, 'now' | 'resumeProvisioning'> {
  /** Extra routes for a test, registered before the app is ready. */
  beforeReady?: (app: FastifyInstance) => void | Promise<void>;
  /** A database of the test's own (default: a fresh one on the shared test server). */
  database?: TestDatabase;
}

export async function startTestApp(env: Record<string, string> = {}, { beforeReady, database: given, ...seams }: TestSeams = {}): Promise<TestApp> {
  const database = given ?? (await createTestDatabase());
  // In the PgBouncer pass the Api-Key cache's LISTEN goes to PostgreSQL itself, as behind any transaction pooler.
  const listen = database.directUrl && database.directUrl !== database.url ? { DATABASE_LISTEN_URL: database.directUrl } : {};
  const config = loadConfig({ ...testEnv, ...listen, ...env, DATABASE_URL: database.url });
  const { pool, orm } = await openDatabase(database.url, config, 4);
  const app = await buildApp({ config, orm, pool, databaseUrl: database.url, ...seams });
  // Every suite is a contract test: each /api/ response must be what the OpenAPI document says.
  const contract = installContractCheck(app);
  await beforeReady?.(app);
  await app.ready();
  const publicAtStart = await checksumPublic(pool);
  return {
    app,
    config,
    database,
    contract,
    async close() {
      const violations = contract.contractViolations();
      const changed = await publicAtStart.changedTables();
      await app.close();
      await database.drop();
      if (violations.length) {
        throw new Error(`${violations.length} response(s) do not match the OpenAPI document (/docs/json):\n${violations.map((line) => `  - ${line}`).join('\n')}`);
      }
      if (changed.length) throw new Error(`public is read-only, yet these tables changed during the suite: ${changed.join(', ')}`);
    },
  };
}

/**
 * A second app on the test app's database that exposes `entities` (a test's own throwaway entity
 * among them), ready: what is generated for an entity that no code lists. The caller closes it.
 */
export async function startAppWithEntities(t: TestApp, entities: NonNullable<AppDependencies['entities']>): Promise<FastifyInstance> {
  const orm = await MikroORM.init({ ...ormOptions({ databaseUrl: t.database.url }), entities });
  const config = loadConfig({ ...testEnv, DATABASE_URL: t.database.url });
  const app = await buildApp({ config, orm: orm as never, pool: createPool(t.database.url), databaseUrl: t.database.url, entities, resumeProvisioning: false });
  await app.ready();
  return app;
}

/**
 * A checksum of every table of `public`, over the columns and rows it had at
 * start: a migration may add a column or a table, and registration adds
 * accounts to `users`, but no door may change a row that was there. The
 * migration ledger and the usage counter are bookkeeping and are left out.
 */
async function checksumPublic(pool: Pool): Promise<{ changedTables(): Promise<string[]> }> {
  const { rows: columns } = await pool.query<{ table: string; column: string }>(
    `select c.table_name as table, c.column_name as column from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE' and c.table_name not in ('mikro_orm_migrations', 'sandbox_usage')
      order by c.table_name, c.ordinal_position`,
  );
  const byTable = new Map<string, string[]>();
  for (const { table, column } of columns) byTable.set(table, [...(byTable.get(table) ?? []), escapeIdentifier(column)]);
  const { rows: [{ last_user: lastUser }] } = await pool.query<{ last_user: number }>('select coalesce(max(id), 0)::int as last_user from public.users');
  const sql = [...byTable].map(([table, list]) => {
    const where = table === 'users' ? `where id <= ${lastUser}` : '';
    return `select ${escapeLiteral(table)} as table, md5(coalesce(string_agg(r, ',' order by r), '')) as sum
      from (select row(${list.join(', ')})::text as r from public.${escapeIdentifier(table)} ${where}) rows`;
  }).join(' union all ');
  const read = async () => new Map((await pool.query<{ table: string; sum: string }>(sql)).rows.map((row) => [row.table, row.sum]));
  const before = await read();
  return {
    async changedTables() {
      let after: Map<string, string>;
      try {
        after = await read();
      } catch (error) {
        return [`(the tables could not be read: ${(error as Error).message})`];
      }
      return [...before].filter(([table, sum]) => after.get(table) !== sum).map(([table]) => table);
    },
  };
}
