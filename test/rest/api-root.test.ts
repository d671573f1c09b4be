import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** `GET /api/`: DRF's DefaultRouter root, every prefix with the absolute URL of its list, from the registry. */
describe('the API root', () => {
  let t: TestApp;
  let user: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'root');
  });
  afterAll(async () => t.close());

  it('lists every resource of the registry, then the clients, each with its absolute URL', async () => {
    for (const url of ['/api/', '/api']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { host: 'sandbox.test:8080' } });
      expect(response.statusCode, url).toBe(200);
      const root = response.json() as Record<string, string>;
      const expected = [...[...t.app.resources.registry.values()].map((spec) => spec.path), 'clients'];
      expect(Object.keys(root)).toEqual(expected);
      expect(root.products).toBe('http://sandbox.test:8080/api/products/');
      for (const [prefix, link] of Object.entries(root)) expect(link).toBe(`http://sandbox.test:8080/api/${prefix}/`);
    }
  });

  it('every link answers, and a stale token does not block the root', async () => {
    const root = (await t.app.inject({ method: 'GET', url: '/api/', headers: { authorization: 'Bearer expired.or.garbage' } })).json() as Record<string, string>;
    for (const link of Object.values(root)) {
      const response = await t.app.inject({ method: 'GET', url: new URL(link).pathname, headers: bearer(user.publicTokens.access) });
      expect(response.statusCode, link).toBe(200);
    }
  });

  it('links come from PUBLIC_URL when it is set', async () => {
    const behindProxy = await startTestApp({ PUBLIC_URL: 'https://sandbox.example.org' });
    try {
      const root = (await behindProxy.app.inject({ method: 'GET', url: '/api/', headers: { host: 'internal:3000' } })).json();
      expect(root.categories).toBe('https://sandbox.example.org/api/categories/');
    } finally {
      await behindProxy.close();
    }
  });
});
