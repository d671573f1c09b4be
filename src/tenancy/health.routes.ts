import type { FastifyInstance } from 'fastify';
import { allMigrated } from './migrate-all';

/**
 * Liveness, and readiness: the database answers and every schema (public and each ready client) is
 * migrated (DESIGN §7). Both are anonymous: readiness costs two index lookups whatever the number of
 * clients, and names no schema (`npm run migrate` reports them to the operator).
 */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    try {
      if (!(await allMigrated(app.pool))) return reply.code(503).header('retry-after', '5').send({ detail: 'Migrations are pending.' });
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).header('retry-after', '5').send({ detail: 'The database is unavailable.' });
    }
  });
}
