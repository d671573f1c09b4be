import type { FastifyInstance } from 'fastify';
import { pendingMigrations } from '../db/migrations';

/** Liveness and readiness probes (DESIGN §7). */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    try {
      const pending = await pendingMigrations(app.pool, 'public');
      if (pending.length > 0) return reply.code(503).header('retry-after', '5').send({ detail: 'Migrations are pending.', pending });
      return { status: 'ready' };
    } catch (error) {
      request.log.warn({ err: error }, 'readiness check failed');
      return reply.code(503).header('retry-after', '5').send({ detail: 'The database is unavailable.' });
    }
  });
}
