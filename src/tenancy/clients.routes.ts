import type { FastifyInstance } from 'fastify';
import { requireOwner } from '../auth/rules';
import { bodyOf } from '../http/body';
import { serializeClient } from './tenancy-service';

type ById = { Params: { id: string } };

/** The owner's API clients (DESIGN §4). Somebody else's client is a 404. */
export async function clientsRoutes(app: FastifyInstance): Promise<void> {
  const tenancy = app.tenancy;

  app.get('/api/clients/', async (request) => {
    const owner = requireOwner(request.scope);
    return (await tenancy.listClients(owner.id)).map(serializeClient);
  });

  app.post('/api/clients/', async (request, reply) => {
    const owner = requireOwner(request.scope);
    const client = await tenancy.createClient(owner, bodyOf(request).name);
    return reply.code(201).send(serializeClient(client));
  });

  app.get<ById>('/api/clients/:id/', async (request) => {
    return serializeClient(await tenancy.getClient(requireOwner(request.scope).id, request.params.id));
  });

  app.post<ById>('/api/clients/:id/reset/', async (request) => {
    return serializeClient(await tenancy.resetClient(requireOwner(request.scope).id, request.params.id));
  });

  app.post<ById>('/api/clients/:id/rotate-key/', async (request) => {
    return serializeClient(await tenancy.rotateKey(requireOwner(request.scope).id, request.params.id));
  });

  app.delete<ById>('/api/clients/:id/', async (request, reply) => {
    await tenancy.deleteClient(requireOwner(request.scope).id, request.params.id);
    return reply.code(204).send();
  });
}
