import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDependencies } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase } from '../../src/db/connect';
import { installContractCheck, type ContractCheck } from './contract';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  database: TestDatabase;
  /** Every `/api/` response so far, checked against the OpenAPI document at close. */
  contract: ContractCheck;
  /** Closes the app and drops its database; throws if any response broke the OpenAPI contract. */
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
  const config = loadConfig({ ...testEnv, ...env, DATABASE_URL: database.url });
  const { pool, orm } = await openDatabase(database.url, config, 4);
  const app = await buildApp({ config, orm, pool, databaseUrl: database.url, ...seams });
  // Every suite is a contract test: each /api/ response must be what the OpenAPI document says.
  const contract = installContractCheck(app);
  await beforeReady?.(app);
  await app.ready();
  return {
    app,
    config,
    database,
    contract,
    async close() {
      const violations = contract.contractViolations();
      await app.close();
      await database.drop();
      if (violations.length) {
        throw new Error(`${violations.length} response(s) do not match the OpenAPI document (/docs/json):\n${violations.map((line) => `  - ${line}`).join('\n')}`);
      }
    },
  };
}
