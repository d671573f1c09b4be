import swagger, { type FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { authComponents } from '../auth/auth.docs';
import { COMPONENT, dataSecurity } from '../http/route-docs-helpers';
import { clientsComponents } from '../tenancy/clients.docs';
import { REPEATED } from './route-docs';

type Json = Record<string, unknown>;

/** This project's package.json, found from here whether we run from `src/` (swc, vitest) or `dist/src/` (tsc). */
function packageVersion(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'sandbox-gateway') return pkg.version ?? '0.0.0';
    }
    if (dirname(dir) === dir) return '0.0.0';
  }
}

const description = `A multi-tenant sandbox over one storefront data set, compatible with Django REST Framework.

**Which data.** Every account owns one or more *API clients*: a PostgreSQL schema of its own, a full copy of
the reference data. The \`Api-Key\` header picks the client. Without it a request reads the \`public\` schema,
which is **read-only for everybody**: any write there is a 403.

**Who you are.** Every read and write needs an authenticated user, by either:

- a JWT (djangorestframework-simplejwt, \`email\` as the username field): \`POST /api/token/\` returns
  \`{"access", "refresh"}\`; send \`Authorization: Bearer <access>\`. Access tokens live 5 minutes, refresh tokens
  a day; \`/api/token/refresh/\` rotates (the old refresh token is blacklisted). A token asked for *with* an
  \`Api-Key\` is issued for that client; one asked for without it is issued for \`public\`, and its owner may also
  use it together with the \`Api-Key\` of any of their own clients;
- the admin session cookie \`sg_session\` (http-only, SameSite), set by \`POST /api/auth/session/\`. This page's
  *Try it out* works with it alone once you are logged in to the admin panel on this origin. Cookie-authenticated
  writes must come from this origin (\`Origin\`/\`Referer\`) or carry the session's \`csrf_token\` in \`X-CSRFToken\`.

**From a browser app** on any origin, send the token and the key: CORS allows \`Authorization\`, \`Api-Key\` and
\`Content-Type\`, never credentials (the session cookie works on this origin only). A plain \`OPTIONS\` on any route
answers DRF's metadata (the fields \`POST\` and \`PUT\` take).

**Errors** are DRF's: a 400 names only the failing fields, a 401 carries \`WWW-Authenticate\`, a 404 is
\`{"detail": "Not found."}\`, a 503 carries \`Retry-After\` (database unavailable, client still being set up, or
overload), a request past the deadline is a 502, and a 500 carries a \`request_id\` to quote.`;

const securitySchemes = {
  jwtAuth: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'An access token from `POST /api/token/` (simplejwt), sent as `Authorization: Bearer <access>`.',
  },
  apiKeyAuth: {
    type: 'apiKey',
    in: 'header',
    name: 'Api-Key',
    description: "Picks the API client (your schema). Without it a request reads the read-only `public` schema.",
  },
  cookieAuth: {
    type: 'apiKey',
    in: 'cookie',
    name: 'sg_session',
    description: 'The admin session, set by `POST /api/auth/session/`; unsafe methods also need a same-origin `Origin` or `X-CSRFToken`.',
  },
};

/** Where the checked-in document (`npm run openapi`) says the server is; `/docs/json` says the request's public origin. */
export const DEFAULT_SERVER = 'http://localhost:3000';

const tagDescriptions: Record<string, string> = {
  auth: 'Registration, simplejwt tokens, the current account and the admin session.',
  api: "The API root: every resource's URL, as DRF's DefaultRouter lists them.",
  clients: "The caller's API clients: create, inspect, reset to a fresh copy of `public`, rotate the key, delete.",
};

/** Tags in the order their operations appear, auth and clients first, each described. */
function documentTags(paths: Json): Array<{ name: string; description: string }> {
  const names = new Set<string>(['auth', 'clients']);
  for (const item of Object.values(paths) as Json[]) {
    for (const operation of Object.values(item) as Json[]) for (const tag of (operation.tags as string[] | undefined) ?? []) names.add(tag);
  }
  return [...names].map((name) => ({ name, description: tagDescriptions[name] ?? `\`/api/${name}/\`: list, create, retrieve, update, partial update, delete.` }));
}

/**
 * Every array in a query is one comma-separated value (`price__in=1,2`, `ordering=-price,name`), but for
 * many-to-many filters, repeated (`tags=5&tags=7`):
 * @fastify/swagger takes `style`/`explode` only from the whole querystring schema, so they are set here.
 */
function withArrayParameters(paths: Json): Json {
  for (const item of Object.values(paths) as Json[]) {
    for (const operation of Object.values(item) as Json[]) {
      for (const parameter of (operation.parameters as Json[] | undefined) ?? []) {
        const schema = parameter.schema as Json | undefined;
        if (parameter.in !== 'query' || schema?.type !== 'array') continue;
        Object.assign(parameter, { style: 'form', explode: Boolean(schema[REPEATED]) });
        delete schema[REPEATED];
      }
    }
  }
  return paths;
}

/** The component a schema stands for (`named` in src/http/route-docs-helpers.ts marks them), or undefined. */
const componentOf = (node: unknown): string | undefined =>
  node && typeof node === 'object' ? ((node as Record<symbol, unknown>)[COMPONENT] as string | undefined) : undefined;

/**
 * A schema with every marked subschema replaced by a `$ref` to its component.
 * A nullable one is `allOf: [$ref]` with `nullable: true` and the `type` that
 * `nullable` needs (siblings of a `$ref` are ignored in OpenAPI 3.0). Not an
 * `anyOf` with a `{nullable: true, enum: [null]}` branch: orval made
 * `ApiClient |  | null` of that, which does not compile.
 */
function referenced(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(referenced);
  if (!node || typeof node !== 'object') return node;
  const name = componentOf(node);
  if (name) {
    const ref = { $ref: `${name}#` };
    return (node as Json).nullable === true ? { type: 'object', allOf: [ref], nullable: true } : ref;
  }
  return withReferencedChildren(node as Json);
}

function withReferencedChildren(schema: Json): Json {
  return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, referenced(value)]));
}

/** A route's schema for the document: marked schemas become references, a response keeps its description. */
function documentedSchema(schema: Json): Json {
  const { response, ...rest } = schema;
  const documented = referenced(rest) as Json;
  if (response && typeof response === 'object') {
    documented.response = Object.fromEntries(
      Object.entries(response as Json).map(([status, entry]) => {
        const name = componentOf(entry);
        if (!name) return [status, referenced(entry)];
        const { description } = entry as Json;
        return [status, { ...(description ? { description } : {}), $ref: `${name}#` }];
      }),
    );
  }
  return documented;
}

/**
 * OpenAPI 3.0.3 for everything under `/api/` (the generated resource routes,
 * auth and clients), from the routes' own schemas: `/docs/json`, `/docs/yaml`,
 * and Swagger UI at `/docs` with its bundled assets (no CDN). Registered before
 * the routes so @fastify/swagger's onRoute hook sees each of them.
 */
export const docsPlugin = fp(
  async (app) => {
    // The components of the auth and clients routes (their own schemas are inline), named like drf-spectacular's.
    for (const component of [...authComponents, ...clientsComponents]) app.addSchema({ $id: componentOf(component), ...withReferencedChildren(component) });

    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: { title: 'sandbox-gateway', version: packageVersion(), description },
        servers: [{ url: DEFAULT_SERVER, description: 'This server' }],
        components: { securitySchemes } as Json,
        security: dataSecurity,
      },
      // Component names are the schemas' `$id`s (Product, ProductRequest, …), as drf-spectacular names them.
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
      hideUntagged: true,
      transform: ({ schema, url }) => ({
        schema: url.startsWith('/api/') && schema ? (documentedSchema(schema as Json) as typeof schema) : { ...schema, hide: true },
        url,
      }),
      transformObject: (documentObject) => {
        const document = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as Json;
        return { ...document, paths: withArrayParameters((document.paths ?? {}) as Json), tags: documentTags((document.paths ?? {}) as Json) } as ReturnType<NonNullable<FastifyDynamicSwaggerOptions['transformObject']>>;
      },
    });
    await app.register(swaggerUi, {
      routePrefix: '/docs',
      // An absolute URL, as generators and Postman need: the origin this request reached (PUBLIC_URL when set).
      // Same-origin for Swagger UI, so "Try it out" keeps the session cookie and passes the CSRF check.
      transformSpecificationClone: false,
      transformSpecification: (document, request) => ({ ...document, servers: [{ url: request.publicOrigin, description: 'This server' }] }),
      theme: { title: 'sandbox-gateway API' },
      uiConfig: {
        // Same-origin fetches carry the session cookie; the browser adds `Origin` to unsafe ones, which the CSRF check accepts.
        withCredentials: true,
        persistAuthorization: true,
        displayOperationId: true,
        deepLinking: true,
        docExpansion: 'list',
        filter: true,
      },
    });
  },
  { name: 'docs' },
);

/** The document as checked in (`schema/openapi.json`): its own key order, 2-space indent, trailing newline. */
export function openapiJson(document: unknown): string {
  return `${JSON.stringify(canonical(document), null, 2)}\n`;
}

const TOP_LEVEL = ['openapi', 'info', 'servers', 'security', 'tags', 'paths', 'components'];
const METHODS = ['get', 'put', 'post', 'patch', 'delete', 'options', 'head', 'trace'];

/**
 * A stable order for the maps whose order means nothing (paths, methods,
 * responses, components); schemas keep their fields in entity order.
 */
function canonical(document: unknown): unknown {
  const doc = document as Json;
  const byName = (map: Json | undefined) => (map ? Object.fromEntries(Object.keys(map).sort().map((key) => [key, map[key]])) : map);
  const ordered = (object: Json, first: string[]) =>
    Object.fromEntries(
      [...first.filter((key) => key in object), ...Object.keys(object).filter((key) => !first.includes(key)).sort()].map((key) => [key, object[key]]),
    );
  const paths = Object.fromEntries(
    Object.keys((doc.paths ?? {}) as Json)
      .sort()
      .map((path) => {
        const item = (doc.paths as Json)[path] as Json;
        const operations = ordered(item, METHODS);
        for (const method of Object.keys(operations)) {
          const operation = operations[method] as Json;
          if (operation && typeof operation === 'object' && operation.responses) {
            operations[method] = { ...operation, responses: byName(operation.responses as Json) };
          }
        }
        return [path, operations];
      }),
  );
  const components = doc.components as Json | undefined;
  return ordered(
    {
      ...doc,
      paths,
      ...(components ? { components: Object.fromEntries(Object.keys(components).sort().map((key) => [key, byName(components[key] as Json)])) } : {}),
    },
    TOP_LEVEL,
  );
}
