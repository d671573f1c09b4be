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
import { registerUser, type RegisteredUser } from '../helpers/users';

const root = resolve(__dirname, '../..');
const checkedIn = join(root, 'schema/openapi.json');

type Json = Record<string, any>;

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: Json;

  beforeAll(async () => {
    t = await startTestApp();
    const response = await t.app.inject({ method: 'GET', url: '/docs/json' });
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
    expect(document.servers).toEqual([{ url: '/', description: expect.any(String) }]);
    expect(document.components.securitySchemes).toEqual({
      jwtAuth: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      apiKeyAuth: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'Api-Key' }),
      cookieAuth: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'sg_session' }),
    });
    expect(document.security).toEqual([{ jwtAuth: [] }, { apiKeyAuth: [] }, { cookieAuth: [] }]);
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
      const docs = operationDocs(spec);
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
