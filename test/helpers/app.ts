import type { FastifyInstance } from 'fastify';
import { buildApp, type AppDependencies } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { bootstrapPublicSchema } from '../../src/db/bootstrap';
import { initOrm } from '../../src/db/orm';
import { createPool } from '../../src/db/pool';
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
export async function startTestApp(env: Record<string, string> = {}, seams: Pick<AppDependencies, 'now' | 'resumeProvisioning'> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ ...testEnv, ...env, DATABASE_URL: database.url });
  const pool = createPool(database.url);
  await bootstrapPublicSchema(pool, { seed: config.referenceSeed, scale: config.referenceScale });
  const orm = await initOrm({ databaseUrl: database.url, poolSize: 4 });
  const app = await buildApp({ config, orm, pool, databaseUrl: database.url, ...seams });
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
