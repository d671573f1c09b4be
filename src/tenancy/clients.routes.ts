import type { FastifyInstance } from 'fastify';
import { serializeClient } from '../auth/api-client';
import { requireOwner } from '../auth/rules';
import { bodyOf } from '../http/body';
import { documentationOnly } from '../http/route-docs-helpers';
import { clientsDocs } from './clients.docs';

type ById = { Params: { id: string } };

/** The owner's API clients (DESIGN §4). Somebody else's client is a 404. */
export async function clientsRoutes(app: FastifyInstance): Promise<void> {
  const tenancy = app.tenancy;
  app.setValidatorCompiler(documentationOnly); // the schemas document; the handlers validate (DRF's messages)

  app.get('/api/clients/', { schema: clientsDocs.list }, async (request) => {
    const owner = requireOwner(request.scope);
    return (await tenancy.listClients(owner.id)).map(serializeClient);
  });

  app.post('/api/clients/', { schema: clientsDocs.create }, async (request, reply) => {
    const owner = requireOwner(request.scope);
    const client = await tenancy.createClient(owner, bodyOf(request).name, { address: request.ip });
    return reply.code(201).send(serializeClient(client));
  });

  app.get<ById>('/api/clients/:id/', { schema: clientsDocs.retrieve }, async (request) => {
    return serializeClient(await tenancy.describeOne(await tenancy.getClient(requireOwner(request.scope).id, request.params.id)));
  });

  app.post<ById>('/api/clients/:id/reset/', { schema: clientsDocs.reset }, async (request) => {
    return serializeClient(await tenancy.resetClient(requireOwner(request.scope).id, request.params.id));
  });

  app.post<ById>('/api/clients/:id/rotate-key/', { schema: clientsDocs.rotateKey }, async (request) => {
    return serializeClient(await tenancy.rotateKey(requireOwner(request.scope).id, request.params.id));
  });

  app.delete<ById>('/api/clients/:id/', { schema: clientsDocs.destroy }, async (request, reply) => {
    await tenancy.deleteClient(requireOwner(request.scope).id, request.params.id);
    return reply.code(204).send();
  });
}
