import type { FastifyInstance } from 'fastify';
import { schemasNeedingMigration } from '../tenancy/migrate-all';

/** Liveness, and readiness: the database answers and every schema (public and each ready client) is migrated (DESIGN §7). */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    try {
      const behind = await schemasNeedingMigration(app.pool);
      if (behind.length > 0) {
        return reply.code(503).header('retry-after', '5').send({ detail: 'Migrations are pending.', schemas: behind.slice(0, 20), count: behind.length });
      }
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).header('retry-after', '5').send({ detail: 'The database is unavailable.' });
    }
  });
}
