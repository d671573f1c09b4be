import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Config } from './config';
import { databasePlugin } from './db/database.plugin';
import type { Orm } from './db/orm';
import { errorsPlugin } from './http/errors.plugin';
import { healthRoutes } from './http/health.routes';
import { OneLinePerRequest, requestIdHeaderPlugin } from './http/request-log';

export interface AppDependencies {
  config: Config;
  orm: Orm;
  pool: Pool;
}

/** The plugin graph, in the order a request meets it. Nothing else lives here. */
export async function buildApp({ config, orm, pool }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    logController: new OneLinePerRequest(),
    genReqId: () => randomUUID(),
    forceCloseConnections: 'idle',
    bodyLimit: 1024 * 1024,
  });

  await app.register(requestIdHeaderPlugin);
  await app.register(errorsPlugin);
  await app.register(databasePlugin, { orm, pool });
  await app.register(healthRoutes);

  return app;
}
