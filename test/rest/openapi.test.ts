import SwaggerParser from '@apidevtools/swagger-parser';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/resources/registry';
import { naming } from '../../src/resources/naming';
import { openapiJson } from '../../src/rest/docs.plugin';
import { operationDocs } from '../../src/rest/route-docs';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

const root = resolve(__dirname, '../..');
const checkedIn = join(root, 'schema/openapi.json');

type Json = Record<string, any>;

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: Json;

  beforeAll(async () => {
    t = await startTestApp();
    // The checked-in document names http://localhost:3000; the served one names the origin it was asked from.
    const response = await t.app.inject({ method: 'GET', url: '/docs/json', headers: { host: 'localhost:3000' } });
    expect(response.statusCode).toBe(200);
    document = response.json();
  });
  afterAll(async () => t.close());

  it('is the checked-in schema/openapi.json', async () => {
    const file = await readFile(checkedIn, 'utf8').catch(() => '');
    expect(openapiJson(document) === file, 'schema/openapi.json is not the document the app serves: run `npm run openapi` and commit it').toBe(true);
  });

  it('is a valid OpenAPI 3.0.3 document (swagger-parser)', async () => {
    expect(document.openapi).toBe('3.0.3');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
  });

  it('passes redocly lint without errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
    try {
      await writeFile(join(dir, 'openapi.json'), JSON.stringify(document));
      // DRF's paths end with a slash (`/api/products/`): that is the convention here, not a mistake.
      await writeFile(join(dir, 'redocly.yaml'), 'extends:\n  - recommended\nrules:\n  no-path-trailing-slash: off\n');
      const { stdout } = await promisify(execFile)(join(root, 'node_modules/.bin/redocly'), ['lint', 'openapi.json', '--config', 'redocly.yaml', '--format=json'], {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((error: { stdout?: string; stderr?: string }) => ({ stdout: error.stdout ?? '', stderr: error.stderr }));
      const report = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; severity: string; message: string }> };
      const errors = report.problems.filter((problem) => problem.severity === 'error').map((problem) => `${problem.ruleId}: ${problem.message}`);
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('documents only the API, with the info, servers and security a client needs', () => {
    expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/'))).toEqual([]);
    expect(document.info).toMatchObject({ title: 'sandbox-gateway', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(document.info.description).toMatch(/Api-Key/);
    expect(document.info.description).toMatch(/read-only/);
    expect(document.info.description).toMatch(/token/);
    expect(document.servers).toEqual([{ url: 'http://localhost:3000', description: expect.any(String) }]);
    expect(document.components.securitySchemes).toEqual({
      jwtAuth: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      apiKeyAuth: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Api-Key' }),
      cookieAuth: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'sg_session' }),
    });
    expect(document.security).toEqual([{ jwtAuth: [], apiKeyAuth: [] }, { cookieAuth: [] }]);
  });

  it('names, as its server, the public origin it is served from: an absolute URL generators and Postman can use', async () => {
    for (const [host, url] of [['api.example.test', 'http://api.example.test'], ['127.0.0.1:8080', 'http://127.0.0.1:8080']]) {
      const json = await t.app.inject({ method: 'GET', url: '/docs/json', headers: { host } });
      expect(json.json().servers, host).toEqual([{ url, description: expect.any(String) }]);
      const yaml = await t.app.inject({ method: 'GET', url: '/docs/yaml', headers: { host } });
      expect(yaml.body, host).toContain(`url: ${url}`);
    }
    // The app's own document (what `npm run openapi` writes) is left as it was.
    expect((t.app.swagger() as Json).servers).toEqual([{ url: 'http://localhost:3000', description: expect.any(String) }]);
  });

  it('declares Bearer and Api-Key as one requirement on data routes, a token alone only for reads, and keeps auth routes open', async () => {
    const registry = buildRegistry(t.app.orm.getMetadata());
    const tokenAndKey = { jwtAuth: [], apiKeyAuth: [] };
    for (const spec of registry.values()) {
      for (const [path, method] of [[`/api/${spec.path}/`, 'get'], [`/api/${spec.path}/{id}/`, 'get']]) {
        expect(document.paths[path][method].security, `${method} ${path}`).toEqual([tokenAndKey, { cookieAuth: [] }, { jwtAuth: [] }]);
      }
      for (const [path, method] of [[`/api/${spec.path}/`, 'post'], [`/api/${spec.path}/{id}/`, 'put'], [`/api/${spec.path}/{id}/`, 'patch'], [`/api/${spec.path}/{id}/`, 'delete']]) {
        // No operation-level security: the document's, a token with a key or the cookie.
        expect(document.paths[path][method].security, `${method} ${path}`).toBeUndefined();
      }
    }
    for (const path of ['/api/auth/register/', '/api/token/refresh/', '/api/token/verify/', '/api/token/blacklist/']) expect(document.paths[path].post.security, path).toEqual([]);
    for (const path of ['/api/me/', '/api/resources/']) expect(document.paths[path].get.security, path).toEqual([tokenAndKey, { cookieAuth: [] }, { jwtAuth: [] }]);

    // What is declared is what the server does: a token with the key reads and writes the client, a token alone
    // reads `public` and may not write there, a key alone is nobody.
    const user = await registerUser(t.app, 'security');
    const product = { sku: 'SEC-0001', name: 'Security kettle', price: '5.00' };
    const asked = async (method: 'GET' | 'POST', headers: Record<string, string>) =>
      (await t.app.inject({ method, url: '/api/products/', headers, ...(method === 'POST' ? { payload: product } : {}) })).statusCode;
    expect(await asked('GET', bearer(user.publicTokens.access, user.client.api_key))).toBe(200);
    expect(await asked('POST', bearer(user.publicTokens.access, user.client.api_key))).toBe(201);
    expect(await asked('GET', bearer(user.publicTokens.access))).toBe(200);
    expect(await asked('POST', bearer(user.publicTokens.access))).toBe(403);
    expect(await asked('GET', { 'api-key': user.client.api_key })).toBe(401);
    for (const url of ['/api/me/', '/api/resources/']) {
      expect((await t.app.inject({ method: 'GET', url, headers: bearer(user.publicTokens.access) })).statusCode, url).toBe(200);
      expect((await t.app.inject({ method: 'GET', url, headers: bearer(user.publicTokens.access, user.client.api_key) })).statusCode, url).toBe(200);
    }
  });

  it('has no `enum: [null]` branch (orval made `ApiClient |  | null` of it): a nullable reference is allOf a $ref, nullable', () => {
    const found: string[] = [];
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) node.forEach((child, i) => walk(child, `${at}/${i}`));
      else if (node && typeof node === 'object') {
        if (Array.isArray((node as Json).enum) && (node as Json).enum.includes(null)) found.push(at);
        for (const [key, child] of Object.entries(node)) walk(child, `${at}/${key}`);
      }
    };
    walk(document, '#');
    expect(found).toEqual([]);
    for (const name of ['Me', 'Session']) {
      expect(document.components.schemas[name].properties.client, name).toEqual({ type: 'object', allOf: [{ $ref: '#/components/schemas/ApiClient' }], nullable: true });
    }
  });

  it('types every filter as its field: numbers, booleans, date-times, choices, arrays for __in, __range, ordering and expand', async () => {
    const parameters = (path: string, method = 'get') =>
      Object.fromEntries((document.paths[path][method].parameters as Json[]).filter((p) => p.in === 'query').map((p) => [p.name, p]));
    const products = parameters('/api/products/');
    const schema = (name: string) => products[name]?.schema;
    expect(schema('price__gte')).toEqual({ type: 'number' });
    expect(schema('price')).toEqual({ type: 'number' });
    expect(schema('stock__lt')).toEqual({ type: 'integer' });
    expect(schema('id')).toEqual({ type: 'integer' });
    expect(schema('category')).toEqual({ type: 'integer' });
    expect(schema('tags')).toEqual({ type: 'array', items: { type: 'integer' } });
    expect(products.tags).toMatchObject({ style: 'form', explode: true }); // django-filter's ModelMultipleChoiceFilter: tags=5&tags=7
    expect(schema('is_active')).toEqual({ type: 'boolean' });
    expect(schema('category__isnull')).toEqual({ type: 'boolean' });
    expect(schema('created_at__gt')).toEqual({ type: 'string', format: 'date-time' });
    expect(schema('name__icontains')).toEqual({ type: 'string' });
    expect(products.price__in).toMatchObject({ style: 'form', explode: false, schema: { type: 'array', items: { type: 'number' } } });
    expect(products.stock__range).toMatchObject({ style: 'form', explode: false, schema: { type: 'array', items: { type: 'integer' }, minItems: 2, maxItems: 2 } });
    expect(products.ordering).toMatchObject({ style: 'form', explode: false, schema: { type: 'array', items: { type: 'string' } } });
    expect(products.ordering.schema.items.enum).toEqual(expect.arrayContaining(['price', '-price', 'name', '-name', 'category', '-category']));
    expect(products.ordering.schema.items.enum).not.toContain('tags');
    expect(products.ordering.schema.items.enum).not.toContain('attributes');
    expect(products.expand).toMatchObject({ style: 'form', explode: false, schema: { type: 'array', items: { type: 'string' } } });
    expect(products.expand.schema.items.enum).toEqual(expect.arrayContaining(['category', 'tags', 'reviews', 'category.parent', 'reviews.customer', 'category.parent.parent']));
    expect(products.expand.schema.items.enum).not.toContain('category.parent.parent.parent'); // MAX_EXPAND_DEPTH
    expect(parameters('/api/products/{id}/').expand).toEqual(products.expand);
    expect(parameters('/api/orders/').status.schema).toEqual({ type: 'string', enum: ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] });
    expect(parameters('/api/orders/').status__in.schema).toMatchObject({ type: 'array', items: { type: 'string', enum: expect.arrayContaining(['paid']) } });
    // Tags have no relation to expand: no `expand` to send.
    expect(parameters('/api/tags/').expand).toBeUndefined();

    // Serialized as documented (form, not exploded), every one of them is what the server reads.
    const user = await registerUser(t.app, 'filters');
    const query = 'price__gte=10&price__in=19.9,25&stock__range=0,1000&is_active=true&category__isnull=false&created_at__gt=2000-01-01T00:00:00Z&ordering=-price,name&expand=category,tags';
    const listed = await t.app.inject({ method: 'GET', url: `/api/products/?${query}`, headers: bearer(user.publicTokens.access, user.client.api_key) });
    expect(listed.statusCode, listed.body).toBe(200);
    const wrong = await t.app.inject({ method: 'GET', url: '/api/products/?price__gte=ten&stock__lt=few&is_active=maybe', headers: bearer(user.publicTokens.access, user.client.api_key) });
    expect(wrong.statusCode).toBe(400);
    // django-filter's BooleanWidget: a value it does not know is no filter, not an error.
    expect(Object.keys(wrong.json()).sort()).toEqual(['price__gte', 'stock__lt']);
    const repeated = await t.app.inject({ method: 'GET', url: '/api/products/?tags=1&tags=2&expand=category.parent,reviews.customer', headers: bearer(user.publicTokens.access, user.client.api_key) });
    expect(repeated.statusCode, repeated.body).toBe(200);
  });

  it('gives every resource a create and a PATCH example the server accepts, and patterns the database agrees with', async () => {
    const registry = buildRegistry(t.app.orm.getMetadata());
    const schemas = document.components.schemas as Json;
    const user = await registerUser(t.app, 'examples');
    const headers = bearer(user.publicTokens.access, user.client.api_key);
    for (const spec of registry.values()) {
      const create = schemas[naming.request(spec.name)].example;
      const patch = schemas[naming.patchedRequest(spec.name)].example;
      expect(Object.keys(create), spec.name).toEqual(expect.arrayContaining(schemas[naming.request(spec.name)].required));
      expect(Object.keys(patch).length, spec.name).toBeGreaterThan(0);
      const created = await t.app.inject({ method: 'POST', url: `/api/${spec.path}/`, headers, payload: create });
      expect(created.statusCode, `POST /api/${spec.path}/ ${JSON.stringify(create)}: ${created.body}`).toBe(201);
      const { id } = created.json();
      const patched = await t.app.inject({ method: 'PATCH', url: `/api/${spec.path}/${id}/`, headers, payload: patch });
      expect(patched.statusCode, `PATCH /api/${spec.path}/${id}/ ${JSON.stringify(patch)}: ${patched.body}`).toBe(200);
      const replaced = await t.app.inject({ method: 'PUT', url: `/api/${spec.path}/${id}/`, headers, payload: create });
      expect(replaced.statusCode, `PUT /api/${spec.path}/${id}/: ${replaced.body}`).toBe(200);
    }
    const product = schemas.ProductRequest.properties;
    expect(new RegExp(product.price.pattern).test('19.90')).toBe(true);
    for (const refused of ['-1.00', '', '.5', '1.234']) expect(new RegExp(product.price.pattern).test(refused), refused).toBe(false);
    expect(product.sku.minLength).toBe(1);
    expect(product.description.minLength, "'' is the column's default").toBeUndefined();
    expect(schemas.CustomerRequest.properties.country.pattern).toBe('^[A-Z]{2}$');
    expect(schemas.OrderItemRequest.properties.quantity.minimum).toBe(1);
    // …and the server refuses what the patterns refuse.
    const refused = await t.app.inject({ method: 'POST', url: '/api/products/', headers, payload: { ...schemas.ProductRequest.example, sku: 'NEG-1', price: '-1.00' } });
    expect(refused.statusCode).toBe(400);
    const country = await t.app.inject({ method: 'POST', url: '/api/customers/', headers, payload: { ...schemas.CustomerRequest.example, email: 'c2@example.com', country: 'fr' } });
    expect(country.statusCode).toBe(400);
  });

  it('has examples for registration, tokens, the session and a new client that work one after the other', async () => {
    const schemas = document.components.schemas as Json;
    const fromProperties = (name: string) =>
      Object.fromEntries(Object.entries(schemas[name].properties as Json).filter(([, property]) => 'example' in property).map(([key, property]) => [key, property.example]));
    const registered = await t.app.inject({ method: 'POST', url: '/api/auth/register/', payload: schemas.RegisterRequest.example });
    expect(registered.statusCode, registered.body).toBe(201);
    const token = await t.app.inject({ method: 'POST', url: '/api/token/', payload: fromProperties('TokenObtainPairRequest') });
    expect(token.statusCode, token.body).toBe(200);
    const session = await t.app.inject({ method: 'POST', url: '/api/auth/session/', headers: { host: 'localhost:3000', origin: 'http://localhost:3000' }, payload: fromProperties('SessionRequest') });
    expect(session.statusCode, session.body).toBe(201);
    const client = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: bearer(token.json().access), payload: schemas.ApiClientRequest.example });
    expect(client.statusCode, client.body).toBe(201);
  });

  it("names each entity's four components as drf-spectacular does, and every generated route documents its statuses", () => {
    const registry = buildRegistry(t.app.orm.getMetadata());
    expect(registry.size).toBeGreaterThan(0);
    const schemas = document.components.schemas as Json;
    const methods = { list: ['', 'get'], create: ['', 'post'], retrieve: ['{id}/', 'get'], update: ['{id}/', 'put'], partialUpdate: ['{id}/', 'patch'], destroy: ['{id}/', 'delete'] } as const;
    for (const spec of registry.values()) {
      for (const name of [naming.component(spec.name), naming.request(spec.name), naming.patchedRequest(spec.name), naming.paginatedList(spec.name)]) {
        expect(schemas[name], name).toMatchObject({ type: 'object' });
      }
      expect(schemas[naming.paginatedList(spec.name)].properties.results.items).toEqual({ $ref: `#/components/schemas/${naming.component(spec.name)}` });
      const docs = operationDocs(registry, spec, t.app.limits.maxExpandDepth);
      for (const [kind, [suffix, method]] of Object.entries(methods) as Array<[keyof typeof methods, readonly [string, string]]>) {
        const operation = document.paths[`/api/${spec.path}/${suffix}`]?.[method];
        expect(operation, `${method} /api/${spec.path}/${suffix}`).toBeDefined();
        expect(operation.operationId).toBe(docs[kind].operationId);
        expect(operation.tags).toEqual([spec.path]);
        const statuses = Object.keys(docs[kind].response as Json);
        expect(Object.keys(operation.responses).sort(), operation.operationId).toEqual(statuses.sort());
        for (const status of ['400', '401', '403', '502', '503']) expect(statuses, `${operation.operationId} ${status}`).toContain(status);
        if (suffix) expect(statuses, operation.operationId).toContain('404');
      }
    }
    for (const shared of ['ErrorDetail', 'ValidationErrors', 'Account', 'ApiClient', 'Session', 'TokenObtainPair']) expect(schemas[shared], shared).toBeDefined();
  });

  it('documents the auth and clients routes, each with a unique operationId', () => {
    const operations = Object.entries(document.paths).flatMap(([path, item]) => Object.entries(item as Json).map(([method, operation]) => ({ path, method, ...operation })));
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const byId = Object.fromEntries(operations.map((operation) => [operation.operationId, operation]));
    const expected = {
      auth_register_create: ['post', '/api/auth/register/', '201'],
      token_create: ['post', '/api/token/', '200'],
      token_refresh_create: ['post', '/api/token/refresh/', '200'],
      token_verify_create: ['post', '/api/token/verify/', '200'],
      token_blacklist_create: ['post', '/api/token/blacklist/', '200'],
      me_retrieve: ['get', '/api/me/', '200'],
      auth_session_create: ['post', '/api/auth/session/', '201'],
      auth_session_retrieve: ['get', '/api/auth/session/', '200'],
      auth_session_partial_update: ['patch', '/api/auth/session/', '200'],
      auth_session_destroy: ['delete', '/api/auth/session/', '204'],
      clients_list: ['get', '/api/clients/', '200'],
      clients_create: ['post', '/api/clients/', '201'],
      clients_retrieve: ['get', '/api/clients/{id}/', '200'],
      clients_reset_create: ['post', '/api/clients/{id}/reset/', '200'],
      clients_rotate_key_create: ['post', '/api/clients/{id}/rotate-key/', '200'],
      clients_destroy: ['delete', '/api/clients/{id}/', '204'],
    };
    for (const [id, [method, path, success]] of Object.entries(expected)) {
      const operation = byId[id];
      expect(operation, id).toMatchObject({ method, path, tags: [id.startsWith('clients') ? 'clients' : 'auth'] });
      expect(Object.keys(operation.responses), id).toEqual(expect.arrayContaining([success, '401', '403', '503']));
      expect(operation.summary, id).toEqual(expect.any(String));
    }
    expect(byId.auth_register_create.security).toEqual([]);
    expect(byId.token_create.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/TokenObtainPairRequest' });
    expect(byId.token_create.responses['429']).toBeDefined();
  });

  it('the contract check of every suite catches an undocumented status and a body off its schema', async () => {
    const me = await t.app.inject({ method: 'GET', url: '/api/me/' });
    expect(me.statusCode).toBe(401);
    const recorded = t.contract.exchanges.find((exchange) => exchange.route === '/api/me/' && exchange.status === 401);
    expect(recorded).toMatchObject({ method: 'GET', body: me.body });
    expect(t.contract.contractViolations()).toEqual([]);

    const forged = [
      { ...recorded!, status: 418 },
      { ...recorded!, status: 200, body: JSON.stringify({ id: 'seven', email: 'a@example.com' }) },
      { ...recorded!, status: 401, body: '{"code": 1}' },
    ];
    t.contract.exchanges.push(...forged);
    try {
      const violations = t.contract.contractViolations();
      expect(violations).toHaveLength(3);
      expect(violations[0]).toMatch(/^GET \/api\/me\/ → 418: status not documented/);
      expect(violations[1]).toMatch(/^GET \/api\/me\/ → 200: .*must have required property 'first_name'.*must be integer/);
      expect(violations[2]).toMatch(/^GET \/api\/me\/ → 401: .*must have required property 'detail'/);
    } finally {
      t.contract.exchanges.splice(-forged.length);
    }
  });

  it('serves the same document as YAML', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs/yaml' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/yaml/);
    expect(response.body).toMatch(/^openapi: 3\.0\.3$/m);
    expect(response.body).toContain('/api/products/{id}/:');
  });
});

describe('Swagger UI', () => {
  let t: TestApp;
  let user: RegisteredUser;
  const origin = 'http://localhost:3000';

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'swagger');
  });
  afterAll(async () => t.close());

  it('is served from our own assets at /docs, nothing from another host', async () => {
    for (const url of ['/docs', '/docs/']) {
      const page = await t.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.body).toContain('<div id="swagger-ui">');
      expect(page.body, 'no external URL').not.toMatch(/(src|href)=["']?(https?:)?\/\//i);
      const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => new URL(match[1], `http://localhost${url}`).pathname);
      expect(assets).toEqual(expect.arrayContaining(['/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-ui.css', '/docs/static/swagger-initializer.js']));
      for (const asset of assets) {
        const response = await t.app.inject({ method: 'GET', url: asset });
        expect(response.statusCode, asset).toBe(200);
        expect(response.body.length, asset).toBeGreaterThan(0);
        if (asset.endsWith('.js')) expect(response.headers['content-type'], asset).toMatch(/javascript/);
        if (asset.endsWith('.css')) expect(response.headers['content-type'], asset).toMatch(/text\/css/);
      }
    }
    const initializer = await t.app.inject({ method: 'GET', url: '/docs/static/swagger-initializer.js' });
    expect(initializer.body).toMatch(/"withCredentials":\s*true/);
    expect(initializer.body).toContain("resolveUrl('./json')");
    expect(initializer.body, 'no call to the online validator').toMatch(/validatorUrl: null/);
  });

  it('"Try it out" works with the admin session cookie alone', async () => {
    const login = await t.app.inject({
      method: 'POST',
      url: '/api/auth/session/',
      headers: { host: 'localhost:3000', origin },
      payload: { email: user.email, password: user.password, client: user.client.id },
    });
    expect(login.statusCode, login.body).toBe(201);
    const cookie = login.cookies.find((candidate) => candidate.name === 'sg_session');
    expect(cookie).toMatchObject({ httpOnly: true, path: '/' });
    const asBrowser = { host: 'localhost:3000', cookie: `sg_session=${cookie!.value}` };

    const list = await t.app.inject({ method: 'GET', url: '/api/products/?page_size=2', headers: asBrowser });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().results).toHaveLength(2);

    // A browser sends Origin on a same-origin POST, which the CSRF check accepts.
    const product = { sku: 'DOCS-0001', name: 'Swagger Kettle', price: '19.90', stock: 2, category: 2 };
    const created = await t.app.inject({ method: 'POST', url: '/api/products/', headers: { ...asBrowser, origin }, payload: product });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject(product);

    // …and another site's page cannot do the same with the cookie: from there, it authenticates nothing.
    const forged = await t.app.inject({ method: 'POST', url: '/api/products/', headers: { ...asBrowser, origin: 'https://evil.example' }, payload: { ...product, sku: 'DOCS-0002' } });
    expect(forged.statusCode).toBe(401);
  });
});
