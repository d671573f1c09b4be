import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

const NOT_ACCEPTABLE = { detail: 'Could not satisfy the request Accept header.' };

/** DRF's content negotiation on the REST routes: `?format=` and `Accept`, JSON the only renderer. */
describe('content negotiation', () => {
  let t: TestApp;
  let user: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'negotiation');
  });
  afterAll(async () => t.close());

  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers: { ...bearer(user.publicTokens.access), ...headers } });

  it('JSON for no Accept, application/json, application/*, */*, a browser\'s Accept, and ?format=json', async () => {
    const accepts = [undefined, 'application/json', 'application/*', '*/*', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'text/csv, application/json; indent=4', 'application/json; version=1.0;q=0.5'];
    for (const accept of accepts) {
      const response = await get('/api/products/?page_size=1', accept === undefined ? {} : { accept });
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json().results).toHaveLength(1);
    }
    const asFormat = await get('/api/products/?format=json&page_size=1');
    expect(asFormat.statusCode).toBe(200);
    expect(asFormat.json().results).toHaveLength(1);
  });

  it('406 with DRF\'s text for an Accept we cannot render, on every REST route, before authentication', async () => {
    for (const url of ['/api/products/', '/api/products/1/', '/api/me/', '/api/', '/api/clients/']) {
      for (const accept of ['text/csv', 'text/html', 'application/xml', 'application/json;q=0']) {
        const response = await get(url, { accept });
        expect(response.statusCode, `${url} ${accept}`).toBe(406);
        expect(response.json()).toEqual(NOT_ACCEPTABLE);
      }
    }
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/products/', headers: { accept: 'text/csv' } });
    expect(anonymous.statusCode).toBe(406);
    const write = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { accept: 'text/csv' }, payload: { email: user.email, password: user.password } });
    expect(write.statusCode).toBe(406);
    // DRF filters the renderers by ?format= first, then matches Accept against what is left.
    expect((await get('/api/products/?format=json', { accept: 'text/csv' })).statusCode).toBe(406);
  });

  it('an unknown ?format= is a 404, as DRF 3.14 answers it', async () => {
    for (const url of ['/api/products/?format=xml', '/api/products/?format=api', '/api/products/1/?format=csv', '/api/products/?format=json&format=xml']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toEqual({ detail: 'Not found.' });
    }
  });

  it('leaves the home page, the docs, the admin panel and GraphQL alone', async () => {
    const html = 'text/html,application/xhtml+xml';
    const home = await t.app.inject({ method: 'GET', url: '/', headers: { accept: html } });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toMatch(/^text\/html/);
    for (const url of ['/docs/', '/docs/json']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { accept: html } });
      expect(response.statusCode, url).toBe(200);
    }
    // The browser apps answer as they do without negotiation (200, or 503 when not built): not a 406.
    for (const url of ['/admin/', '/graphiql/', '/admin/assets/app.js']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { accept: html } });
      expect(response.statusCode, url).not.toBe(406);
      expect(response.body).not.toContain(NOT_ACCEPTABLE.detail);
    }
    const graphql = await t.app.inject({ method: 'POST', url: '/graphql?format=xml', headers: { accept: 'application/json' }, payload: { query: '{ __typename }' } });
    expect(graphql.statusCode).toBe(200);
    expect(graphql.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('documents the 406 on every generated, auth and clients operation', async () => {
    const document = t.app.swagger() as unknown as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    // /api/resources/ (the metadata routes) documents its own responses: not yet the 406.
    for (const [path, item] of Object.entries(document.paths).filter(([path]) => !path.startsWith('/api/resources'))) {
      for (const [method, operation] of Object.entries(item)) expect(operation.responses, `${method} ${path}`).toHaveProperty('406');
    }
  });
});
