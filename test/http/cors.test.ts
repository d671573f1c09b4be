import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

const APP_ORIGIN = 'http://localhost:5173';
/** What `app.inject` requests look like to the server (Host: localhost:80). */
const OWN_ORIGIN = 'http://localhost:80';

describe('CORS: any origin with a token and a key, never with cookies', () => {
  let t: TestApp;
  let alice: RegisteredUser;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerUser(t.app, 'cors');
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/session/', payload: { email: alice.email, password: alice.password, client: alice.client.id } });
    expect(login.statusCode, login.body).toBe(201);
    cookie = `sg_session=${login.cookies.find((candidate) => candidate.name === 'sg_session')!.value}`;
  });
  afterAll(async () => t.close());

  const preflight = (url: string, method: string) =>
    t.app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin: APP_ORIGIN, 'access-control-request-method': method, 'access-control-request-headers': 'authorization,api-key,content-type' },
    });

  it.each([
    ['/api/products/', 'POST'],
    ['/api/products/1/', 'PATCH'],
    ['/api/token/', 'POST'],
    ['/graphql', 'POST'],
  ])('a preflight for %s (%s) allows the three headers, every method, for two hours, without credentials', async (url, method) => {
    const response = await preflight(url, method);
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(String(response.headers['access-control-allow-headers']).split(', ')).toEqual(['Authorization', 'Api-Key', 'Content-Type']);
    expect(String(response.headers['access-control-allow-methods']).split(', ')).toEqual(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
    expect(response.headers['access-control-max-age']).toBe('7200');
    expect(response.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('a preflight is answered before authentication: a stale cookie or an unknown key cannot turn it into an error', async () => {
    const response = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/products/',
      headers: { origin: APP_ORIGIN, 'access-control-request-method': 'GET', 'api-key': 'not-a-key', cookie: 'sg_session=stale' },
    });
    expect(response.statusCode).toBe(204);
  });

  it('answers, errors included, are readable by the app: the origin allowed, Retry-After, WWW-Authenticate and X-Request-Id exposed', async () => {
    const headers = { ...bearer(alice.publicTokens.access, alice.client.api_key), origin: APP_ORIGIN };
    const ok = await t.app.inject({ method: 'GET', url: '/api/products/?page_size=1', headers });
    const unauthenticated = await t.app.inject({ method: 'GET', url: '/api/products/', headers: { origin: APP_ORIGIN } });
    const unknownKey = await t.app.inject({ method: 'GET', url: '/api/products/', headers: { origin: APP_ORIGIN, 'api-key': 'not-a-key' } });
    const graphql = await t.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query: '{ me { email } }' } });
    expect([ok.statusCode, unauthenticated.statusCode, unknownKey.statusCode, graphql.statusCode]).toEqual([200, 401, 403, 200]);
    for (const response of [ok, unauthenticated, unknownKey, graphql]) {
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(String(response.headers['access-control-expose-headers']).split(', ')).toEqual(['Retry-After', 'WWW-Authenticate', 'X-Request-Id']);
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    }
    expect(unauthenticated.headers['www-authenticate']).toBe('Bearer realm="api"');
    expect(graphql.json()).toEqual({ data: { me: { email: alice.email } } });
  });

  it("the session cookie of a request from another origin is ignored; from this origin, or with no Origin, it works", async () => {
    const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/me/', headers: { cookie, ...headers } });
    expect((await me({})).statusCode).toBe(200);
    expect((await me({ origin: OWN_ORIGIN })).statusCode).toBe(200);
    for (const origin of [APP_ORIGIN, 'http://localhost:3000', 'https://localhost:80', 'null']) {
      const response = await me({ origin });
      expect(response.statusCode, origin).toBe(401);
      expect(response.json().detail).toBe('Authentication credentials were not provided.');
    }
    const graphql = await t.app.inject({ method: 'POST', url: '/graphql', headers: { cookie, origin: APP_ORIGIN }, payload: { query: '{ me { email } }' } });
    expect(graphql.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // The browser's own word for another site's page changes nothing; for our page behind a TLS proxy (https://…), it counts.
    expect((await me({ origin: APP_ORIGIN, 'sec-fetch-site': 'same-site' })).statusCode).toBe(401);
    expect((await me({ origin: 'https://sandbox.example', 'sec-fetch-site': 'same-origin' })).statusCode).toBe(200);
  });

  it('a write from another origin with the cookie changes nothing; the same-origin write works as before', async () => {
    const before = (await t.app.tenancy.listClients(alice.userId)).length;
    const forged = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: { cookie, origin: APP_ORIGIN }, payload: { name: 'forged' } });
    expect(forged.statusCode).toBe(401);
    const forgedGraphql = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { cookie, origin: APP_ORIGIN },
      payload: { query: 'mutation { createTag(data: { name: "forged" }) { id } }' },
    });
    expect(forgedGraphql.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await t.app.tenancy.listClients(alice.userId)).length).toBe(before);

    const sameOrigin = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: { cookie, origin: OWN_ORIGIN }, payload: { name: 'from the admin' } });
    expect(sameOrigin.statusCode, sameOrigin.body).toBe(201);
  });

  it('a token and a key from another origin read and write', async () => {
    const headers = { ...bearer(alice.publicTokens.access, alice.client.api_key), origin: APP_ORIGIN };
    const created = await t.app.inject({ method: 'POST', url: '/api/tags/', headers, payload: { name: `cors-${process.pid}` } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['access-control-allow-origin']).toBe('*');
  });
});
