import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ownOrigin } from '../auth/origin';
import type { ApiClient } from '../auth/api-client';
import { renderHomePage, type HomeView } from './home-page';

export interface HomeOptions {
  accessTokenLifetime: number;
  refreshTokenLifetime: number;
  requestDeadlineMs: number;
}

/**
 * The client the quick starts are filled in for: the admin session's own, else (the session is in
 * `public`) the account's first ready one.
 */
async function visitorOf(app: FastifyInstance, request: FastifyRequest): Promise<HomeView['visitor']> {
  const { via, user, client } = request.scope;
  if (via !== 'session' || !user) return null;
  const chosen: ApiClient | undefined = client ?? (await app.tenancy.listClients(user.id)).find((candidate) => candidate.status === 'ready');
  return { email: user.email, client: chosen ? { name: chosen.name, schema: chosen.schemaName, apiKey: chosen.apiKey } : null };
}

/** `/`: the user instructions, rendered here (no CDN, no script), with the visitor's key when they are logged in to the admin panel. */
export async function homeRoutes(app: FastifyInstance, options: HomeOptions): Promise<void> {
  app.get('/', { schema: { hide: true } }, async (request, reply) => {
    const html = renderHomePage({ ...options, origin: ownOrigin(request), visitor: await visitorOf(app, request) });
    // The page may carry the visitor's API key: never cached, by anyone.
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').header('vary', 'Cookie').send(html);
  });
}
