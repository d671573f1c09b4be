import type { FastifyInstance } from 'fastify';
import type { ResourceRegistry } from '../resources/registry';
import { anonymous, everywhere } from '../http/route-docs-helpers';

/**
 * Prefixes DRF's DefaultRouter would list besides the generated resources: the owner's API clients
 * are a viewset of their own. The token views and the session are plain views, which a router
 * does not list.
 */
const HAND_WRITTEN_VIEWSETS = ['clients'];

/** Every router prefix, in registration order: the generated resources, then the hand-written viewsets. */
export function apiRootPrefixes(registry: ResourceRegistry): string[] {
  return [...[...registry.values()].map((spec) => spec.path), ...HAND_WRITTEN_VIEWSETS];
}

/** The `schema` option of `GET /api/`. */
const apiRootDocs = {
  tags: ['api'],
  operationId: 'api_root_retrieve',
  summary: 'The API root: every resource and its URL',
  description: "DRF's DefaultRouter root view: each router prefix with the absolute URL of its list.",
  security: anonymous,
  response: {
    200: {
      description: 'Each prefix and its URL',
      type: 'object',
      additionalProperties: { type: 'string', format: 'uri' },
      example: { categories: 'http://127.0.0.1:3000/api/categories/', products: 'http://127.0.0.1:3000/api/products/' },
    },
    ...everywhere,
  },
};

/** `GET /api/`: DRF's APIRootView, `{"categories": "http://host/api/categories/", …}`, links from the public origin. */
export function registerApiRoot(app: FastifyInstance, registry: ResourceRegistry): void {
  const prefixes = apiRootPrefixes(registry);
  app.get('/api/', { schema: apiRootDocs }, async (request) =>
    Object.fromEntries(prefixes.map((prefix) => [prefix, `${request.publicOrigin}/api/${prefix}/`])),
  );
}
