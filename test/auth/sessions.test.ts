import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { registerUser, type RegisteredUser } from '../helpers/users';

const ORIGIN = 'http://localhost:80';

describe('admin sessions', () => {
  let t: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerUser(t.app, 'alice');
    bob = await registerUser(t.app, 'bob');
  });
  afterAll(async () => t.close());

  async function login(user: RegisteredUser, client: number | 'public') {
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/session/', payload: { email: user.email, password: user.password, client } });
    expect(response.statusCode, response.body).toBe(201);
    const cookie = response.cookies.find((c) => c.name === 'sg_session')!;
    return { response, cookie: `sg_session=${cookie.value}`, raw: cookie, csrf: response.json().csrf_token as string };
  }

  it('logging in sets an http-only SameSite cookie; GET returns the account, the client and its key', async () => {
    const { raw, cookie } = await login(alice, alice.client.id);
    expect(raw.httpOnly).toBe(true);
    expect(raw.sameSite).toBe('Lax');
    const session = await t.app.inject({ method: 'GET', url: '/api/auth/session/', headers: { cookie } });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({
      user: { email: alice.email },
      client: { id: alice.client.id, api_key: alice.client.api_key },
    });
    const me = await t.app.inject({ method: 'GET', url: '/api/me/', headers: { cookie } });
    expect(me.json().client).toMatchObject({ id: alice.client.id });
  });

  it('a wrong password, or a client of someone else, is refused', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/session/', payload: { email: alice.email, password: 'nope nope nope', client: 'public' } });
    expect(wrong.statusCode).toBe(401);
    const foreign = await t.app.inject({ method: 'POST', url: '/api/auth/session/', payload: { email: alice.email, password: alice.password, client: bob.client.id } });
    expect(foreign.statusCode).toBe(400);
    expect(Object.keys(foreign.json())).toEqual(['client']);
  });

  it('PATCH switches client (same-origin), DELETE logs out', async () => {
    const { cookie } = await login(alice, alice.client.id);
    const switched = await t.app.inject({ method: 'PATCH', url: '/api/auth/session/', headers: { cookie, origin: ORIGIN }, payload: { client: 'public' } });
    expect(switched.statusCode, switched.body).toBe(200);
    expect(switched.json().client).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: '/api/me/', headers: { cookie } })).json().client).toBeNull();
    const out = await t.app.inject({ method: 'DELETE', url: '/api/auth/session/', headers: { cookie, origin: ORIGIN } });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/session/', headers: { cookie } })).statusCode).toBe(401);
  });

  it("an Api-Key header overrides the session's client only when it is the same account's", async () => {
    const { cookie } = await login(alice, 'public');
    const own = await t.app.inject({ method: 'GET', url: '/api/me/', headers: { cookie, 'api-key': alice.client.api_key } });
    expect(own.json().client).toMatchObject({ id: alice.client.id });
    const foreign = await t.app.inject({ method: 'GET', url: '/api/me/', headers: { cookie, 'api-key': bob.client.api_key } });
    expect(foreign.statusCode).toBe(403);
  });

  it('cross-site writes with the cookie are refused; same-origin or with the CSRF token they pass', async () => {
    const { cookie, csrf } = await login(alice, 'public');
    // Another origin's request is not authenticated by the cookie at all (test/http/cors.test.ts)…
    const evil = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: { cookie, origin: 'https://evil.example' }, payload: { name: 'x' } });
    expect(evil.statusCode).toBe(401);
    // …and without an Origin, the CSRF check judges the Referer, or the lack of both.
    const evilReferer = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: { cookie, referer: 'https://evil.example/page' }, payload: { name: 'x' } });
    expect(evilReferer.statusCode).toBe(403);
    expect(evilReferer.json().detail).toMatch(/^CSRF Failed: Origin checking failed - https:\/\/evil.example does not match/);
    const bare = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: { cookie }, payload: { name: 'x' } });
    expect(bare.statusCode).toBe(403);
    const before = (await t.app.tenancy.listClients(alice.userId)).length;

    const sameOrigin = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: { cookie, origin: ORIGIN }, payload: { name: 'from the admin' } });
    expect(sameOrigin.statusCode, sameOrigin.body).toBe(201);
    const withToken = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: { cookie, 'x-csrftoken': csrf }, payload: { name: 'from a script' } });
    expect(withToken.statusCode).toBe(201);
    expect((await t.app.tenancy.listClients(alice.userId)).length).toBe(before + 2);
  });
});
