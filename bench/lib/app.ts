import type { FastifyInstance } from 'fastify';
import { generousCallerLimits } from '../../test/helpers/generous-limits';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/connect';

export const BENCH_POOL_SIZE = 10;

/** The real app on `databaseUrl` (public migrated and seeded), listening on a free loopback port. */
export async function startBenchApp(
  databaseUrl: string,
  options: { graphqlEngine?: 'mercurius' | 'apollo'; graphqlShield?: boolean; env?: Record<string, string> } = {},
): Promise<{ app: FastifyInstance; url: string }> {
  const config = loadConfig({
    // A bench makes dozens of clients for one account from one address; the limits have their own suites.
    ...generousCallerLimits,
    NODE_ENV: 'test',
    JWT_SECRET: 'bench-secret-bench-secret-bench-secret',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    MAX_EVENT_LOOP_DELAY_MS: '60000',
    GRAPHQL_ENGINE: options.graphqlEngine ?? 'mercurius',
    ...options.env,
  });
  const { pool, orm } = await openDatabase(databaseUrl, config, BENCH_POOL_SIZE);
  const app = await buildApp({ config, orm, pool, databaseUrl, graphqlShield: options.graphqlShield });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url };
}
