import type { FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { assertCanRead } from '../auth/rules';
import { MethodNotAllowed } from '../errors';
import { schemaFieldInfo, viewMetadata, type Actions, type ViewMetadata } from './simple-metadata';

/** A view as DRF's OPTIONS describes it; resource routes bring theirs (resource-views.ts). */
export interface DrfView {
  describe(request: FastifyRequest): Promise<ViewMetadata>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What OPTIONS on this route's URL answers; without one, it is read from the URL's route schemas. */
    drfView?: DrfView;
  }
}

type Documented = { summary?: string; description?: string; body?: Parameters<typeof schemaFieldInfo>[0] };

/** A view of hand-written routes (auth, clients), from their OpenAPI schemas: the summary, and the bodies of POST and PUT. */
function documentedView(routes: Map<string, RouteOptions>): DrfView {
  const first = (routes.get('GET') ?? [...routes.values()][0]).schema as Documented | undefined;
  const actions: Actions = {};
  for (const method of ['POST', 'PUT'] as const) {
    // A POST without a body (reset, rotate-key) has no serializer to describe, as in DRF.
    const body = (routes.get(method)?.schema as Documented | undefined)?.body;
    if (body) actions[method] = schemaFieldInfo(body);
  }
  const metadata = viewMetadata(first?.summary ?? '', first?.description ?? '', actions);
  return { describe: async () => metadata };
}

/** DRF's `allowed_methods`: Django's `http_method_names` order, HEAD wherever GET is (View.setup), OPTIONS everywhere. */
export function allowedMethods(methods: Iterable<string>): string {
  const has = new Set(methods);
  return ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']
    .filter((method) => has.has(method) || (method === 'HEAD' && has.has('GET')) || method === 'OPTIONS')
    .join(', ');
}

/** `/api/products/:id/` → a matcher for `/api/products/7` and `/api/products/7/` (the router ignores trailing slashes). */
function urlMatcher(url: string): RegExp {
  const pattern = url
    .replace(/\/$/, '')
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${pattern}/?$`);
}

/**
 * `OPTIONS` on every `/api/` route answers DRF's SimpleMetadata (a CORS preflight never gets here:
 * cors.plugin answers it in `onRequest`). Registered before the routes, it sees each one as it is
 * added and gives its URL one OPTIONS route, which asks the URL's routes at request time.
 */
export const optionsPlugin = fp(
  async (app) => {
    const byUrl = new Map<string, Map<string, RouteOptions>>();
    const matchers: Array<{ matches: RegExp; routes: Map<string, RouteOptions> }> = [];
    app.addHook('onRoute', (route) => {
      const methods = ([] as string[]).concat(route.method);
      if (!route.url.startsWith('/api/') || methods.includes('OPTIONS') || methods.includes('HEAD')) return;
      let routes = byUrl.get(route.url);
      if (!routes) {
        const atUrl = (routes = new Map());
        byUrl.set(route.url, routes);
        matchers.push({ matches: urlMatcher(route.url), routes: atUrl });
        let generated: DrfView | undefined;
        app.options(route.url, { schema: { hide: true } }, async (request) => {
          const own = [...atUrl.values()].find((candidate) => candidate.config?.drfView)?.config?.drfView;
          return (own ?? (generated ??= documentedView(atUrl))).describe(request);
        });
      }
      for (const method of methods) routes.set(method, route);
    });

    // DRF names the allowed methods on every answer, and a method a URL does not take is its 405, not a 404.
    app.addHook('onRequest', async (request, reply) => {
      if (!request.is404) {
        const routes = request.routeOptions.url === undefined ? undefined : byUrl.get(request.routeOptions.url);
        if (routes) reply.header('allow', allowedMethods(routes.keys()));
        return;
      }
      const path = request.url.split('?')[0];
      const routes = path.startsWith('/api/') ? matchers.find(({ matches }) => matches.test(path))?.routes : undefined;
      if (!routes) return;
      // As for OPTIONS: a resource asks for the user a GET needs before it says anything of itself.
      if ([...routes.values()].some((route) => route.config?.drfView)) assertCanRead(request.scope);
      throw new MethodNotAllowed(request.method, allowedMethods(routes.keys()));
    });
  },
  { name: 'rest-options', dependencies: ['auth'] },
);
