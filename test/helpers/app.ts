import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDependencies } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { openDatabase } from '../../src/db/connect';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  database: TestDatabase;
  close(): Promise<void>;
}

export const testEnv = {
  NODE_ENV: 'test',
  DATA_DIR: '/nonexistent-test-data-dir',
  JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
  LOG_LEVEL: 'silent',
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
  await beforeReady?.(app);
  await app.ready();
  return {
    app,
    config,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
