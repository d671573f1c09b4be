import fp from 'fastify-plugin';
import { registerApiRoot } from './api-root.routes';
import { allComponentSchemas } from './json-schemas';
import { registerResourceMetadataRoutes } from './resource-metadata.routes';
import { registerResourceRoutes } from './resource-routes';
import { errorSchemas } from '../http/route-docs-helpers';

/**
 * DRF-compatible REST, generated from the entity metadata: one ModelViewSet per
 * resource in the registry. Bodies and queries are validated by the resources
 * service (DRF's messages, every field at once, shared with GraphQL), so the
 * JSON schemas here document requests and serialize responses.
 */
export const restPlugin = fp(
  async (app) => {
    const service = app.resources;
    const registry = service.registry;
    for (const schema of [...errorSchemas, ...allComponentSchemas(registry)]) app.addSchema(schema);
    registerResourceMetadataRoutes(app, registry);
    registerApiRoot(app, registry);

    await app.register(async (scope) => {
      // Only path parameters go through ajv; bodies and queries are the service's to judge.
      scope.setValidatorCompiler(() => () => true);
      for (const spec of registry.values()) registerResourceRoutes(scope, spec, service);
    });
  },
  { name: 'rest', dependencies: ['auth', 'resources'] },
);
