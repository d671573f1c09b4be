import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

describe("the owner's API clients and Api-Key routing", () => {
  let t: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerUser(t.app, 'alice');
    bob = await registerUser(t.app, 'bob');
  });
  afterAll(async () => t.close());

  const as = (user: RegisteredUser, apiKey?: string) => bearer(user.publicTokens.access, apiKey);

  it('lists only my clients and creates another one, ready at once', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: as(alice), payload: { name: 'Second' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Second', status: 'ready' });
    const list = await t.app.inject({ method: 'GET', url: '/api/clients', headers: as(alice) });
    expect(list.statusCode).toBe(200);
    expect(list.json().map((client: { id: number }) => client.id)).toEqual([alice.client.id, created.json().id]);
    const one = await t.app.inject({ method: 'GET', url: `/api/clients/${alice.client.id}/`, headers: as(alice) });
    expect(one.json()).toMatchObject({ id: alice.client.id, status: 'ready', api_key: alice.client.api_key });
  });

  it("somebody else's client is a 404 for every operation, and nothing changes", async () => {
    for (const [method, url] of [
      ['GET', `/api/clients/${bob.client.id}/`],
      ['POST', `/api/clients/${bob.client.id}/reset/`],
      ['POST', `/api/clients/${bob.client.id}/rotate-key/`],
      ['DELETE', `/api/clients/${bob.client.id}/`],
      ['GET', '/api/clients/999999/'],
      ['GET', '/api/clients/abc/'],
    ] as const) {
      const response = await t.app.inject({ method, url, headers: as(alice) });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.json()).toEqual({ detail: 'Not found.' });
    }
    expect(await t.app.tenancy.clients.byId(bob.client.id)).toMatchObject({ status: 'ready', apiKey: bob.client.api_key });
  });

  it('an unknown Api-Key is a 403; a key still provisioning is a 503 with Retry-After', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/me/', headers: { 'api-key': 'no-such-key' } });
    expect(unknown.statusCode).toBe(403);
    expect(unknown.json()).toEqual({ detail: 'Invalid API key.' });

    const pending = await t.app.tenancy.clients.create({ id: alice.userId, email: alice.email }, 'pending');
    const response = await t.app.inject({ method: 'GET', url: '/api/me/', headers: as(alice, pending.apiKey) });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json().detail).toMatch(/still being set up/);
    await t.app.tenancy.provisioner.provision(pending.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/', headers: as(alice, pending.apiKey) })).statusCode).toBe(200);
  });

  it('key rotation takes effect at once, even for a cached key', async () => {
    const user = await registerUser(t.app, 'rotating');
    const old = user.client.api_key;
    expect((await t.app.inject({ method: 'GET', url: '/api/me/', headers: as(user, old) })).statusCode).toBe(200); // now cached
    const rotated = await t.app.inject({ method: 'POST', url: `/api/clients/${user.client.id}/rotate-key/`, headers: as(user) });
    expect(rotated.statusCode).toBe(200);
    const fresh = rotated.json().api_key;
    expect(fresh).not.toBe(old);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/', headers: as(user, old) })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/', headers: as(user, fresh) })).statusCode).toBe(200);
  });

  it('a change made elsewhere (operator, another node) reaches the cache through NOTIFY', async () => {
    const user = await registerUser(t.app, 'notified');
    expect((await t.app.inject({ method: 'GET', url: '/api/me/', headers: as(user, user.client.api_key) })).statusCode).toBe(200);
    await t.app.pool.query("update gateway.api_clients set api_key = 'changed-by-sql-' || id where id = $1", [user.client.id]);
    let status = 200;
    for (let i = 0; i < 50 && status === 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await t.app.inject({ method: 'GET', url: '/api/me/', headers: as(user, user.client.api_key) })).statusCode;
    }
    expect(status).toBe(403);
  });

  it('delete drops the schema and the key stops working at once', async () => {
    const user = await registerUser(t.app, 'deleting');
    expect((await t.app.inject({ method: 'GET', url: '/api/me/', headers: as(user, user.client.api_key) })).statusCode).toBe(200);
    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/clients/${user.client.id}/`, headers: as(user) });
    expect(deleted.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/me/', headers: as(user, user.client.api_key) })).statusCode).toBe(403);
    const { rows } = await t.app.pool.query('select 1 from pg_namespace where nspname = $1', [user.client.schema]);
    expect(rows).toHaveLength(0);
  });

  it('reset brings a client back to a fresh copy of public, same key', async () => {
    const user = await registerUser(t.app, 'resetting');
    await t.app.pool.query(`delete from "${user.client.schema}".reviews`);
    const reset = await t.app.inject({ method: 'POST', url: `/api/clients/${user.client.id}/reset/`, headers: as(user) });
    expect(reset.statusCode).toBe(200);
    expect(reset.json()).toMatchObject({ status: 'ready', api_key: user.client.api_key });
    const { rows } = await t.app.pool.query(`select (select count(*) from "${user.client.schema}".reviews)::int as mine, (select count(*) from public.reviews)::int as reference`);
    expect(rows[0].mine).toBe(rows[0].reference);
  });

  it("a client token held by the client's owner may manage clients; anonymous callers may not", async () => {
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/clients/' });
    expect(anonymous.statusCode).toBe(401);
    const token = await t.app.inject({
      method: 'POST',
      url: '/api/token/',
      headers: { 'api-key': alice.client.api_key },
      payload: { email: alice.email, password: alice.password },
    });
    const list = await t.app.inject({ method: 'GET', url: '/api/clients/', headers: bearer(token.json().access, alice.client.api_key) });
    expect(list.statusCode).toBe(200);
    expect(list.json().every((client: { id: number }) => client.id !== bob.client.id)).toBe(true);
  });
});
