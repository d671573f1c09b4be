import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testEnv, type TestApp } from '../helpers/app';
import { bearer, PASSWORD, registerUser, type RegisteredUser } from '../helpers/users';

let clock = Math.floor(Date.now() / 1000);

function decode(token: string) {
  return jwt.decode(token) as Record<string, unknown>;
}

function expectInvalidToken(response: { statusCode: number; headers: Record<string, unknown>; json(): any }, reason: string) {
  expect(response.statusCode).toBe(401);
  expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
  const body = response.json();
  expect(body).toMatchObject({ detail: 'Given token not valid for any token type', code: 'token_not_valid' });
  expect(body.messages[0].message).toBe(reason);
}

describe('simplejwt-compatible tokens', () => {
  let t: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp({}, { now: () => clock });
    alice = await registerUser(t.app, 'alice');
    bob = await registerUser(t.app, 'bob');
  });
  afterAll(async () => t.close());

  const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/me/', headers });

  it('POST /api/token/ issues an access and a refresh token with the claims of DESIGN §5', async () => {
    const access = decode(alice.publicTokens.access);
    const refresh = decode(alice.publicTokens.refresh);
    expect(access).toMatchObject({ token_type: 'access', user_id: alice.userId, client: 'public' });
    expect(refresh).toMatchObject({ token_type: 'refresh', user_id: alice.userId, client: 'public' });
    expect(Number(access.exp) - Number(access.iat)).toBe(300);
    expect(Number(refresh.exp) - Number(refresh.iat)).toBe(86_400);
    expect(access.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(jwt.decode(alice.publicTokens.access, { complete: true })!.header.alg).toBe('HS256');
    const response = await me(bearer(alice.publicTokens.access));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ id: alice.userId, email: alice.email, client: null });
    expect(response.json()).not.toHaveProperty('password');
  });

  it('a token asked for with an Api-Key is issued for that client and authenticates against its users', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': alice.client.api_key }, payload: { email: alice.email, password: PASSWORD } });
    expect(response.statusCode).toBe(200);
    const { access } = response.json();
    expect(decode(access).client).toBe(alice.client.id);
    expect((await me(bearer(access, alice.client.api_key))).statusCode).toBe(200);
    const elsewhere = await me(bearer(access));
    expect(elsewhere.statusCode).toBe(401);
    expect(elsewhere.json()).toMatchObject({ detail: 'Given token was not issued for this API client.', code: 'token_not_valid' });
  });

  it('bad credentials are one 401 whether or not the email exists', async () => {
    for (const payload of [{ email: alice.email, password: 'wrong password!' }, { email: 'nobody@example.com', password: PASSWORD }]) {
      const response = await t.app.inject({ method: 'POST', url: '/api/token/', payload });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toEqual({ detail: 'No active account found with the given credentials', code: 'no_active_account' });
      expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    }
  });

  it('missing fields are a 400 naming them', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/token/', payload: { email: '' } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ email: ['This field may not be blank.'], password: ['This field is required.'] });
  });

  it('no credentials: 401 with WWW-Authenticate', async () => {
    const response = await me({});
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
    expect(response.json()).toEqual({ detail: 'Authentication credentials were not provided.', code: 'not_authenticated' });
    const threeValues = await me({ authorization: `Bearer ${alice.publicTokens.access} extra` });
    expect(threeValues.statusCode).toBe(401);
    expect(threeValues.json()).toEqual({ detail: 'Authorization header must contain two space-delimited values', code: 'bad_authorization_header' });
  });

  it('an expired access token is refused (the clock moves, nobody sleeps)', async () => {
    const saved = clock;
    clock += 301;
    try {
      expectInvalidToken(await me(bearer(alice.publicTokens.access)), 'Token is invalid or expired');
    } finally {
      clock = saved;
    }
  });

  it('a tampered signature, alg none, another secret and a refresh token used as access are all refused', async () => {
    const [header, payload, signature] = alice.publicTokens.access.split('.');
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const claims = decode(alice.publicTokens.access);
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, user_id: bob.userId })).toString('base64url');
    const swapped = `${header}.${forgedPayload}.${signature}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    const otherSecret = jwt.sign(claims, 'another-secret-another-secret-another-secret', { algorithm: 'HS256', noTimestamp: true });
    const hs512 = `${Buffer.from('{"alg":"HS512","typ":"JWT"}').toString('base64url')}.${payload}`;
    const hs512Signed = `${hs512}.${createHmac('sha512', testEnv.JWT_SECRET).update(hs512).digest('base64url')}`;
    for (const token of [tampered, swapped, none, otherSecret, hs512Signed, 'not.a.jwt', 'garbage']) {
      expectInvalidToken(await me(bearer(token)), 'Token is invalid or expired');
    }
    expectInvalidToken(await me(bearer(alice.publicTokens.refresh)), 'Token has wrong type');
  });

  it("a token of client A with client B's Api-Key is a 401", async () => {
    const aliceClientToken = (
      await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': alice.client.api_key }, payload: { email: alice.email, password: PASSWORD } })
    ).json().access;
    const response = await me(bearer(aliceClientToken, bob.client.api_key));
    expect(response.statusCode).toBe(401);
    expect(response.json().code).toBe('token_not_valid');
  });

  it("the owner's public token works on the owner's client, and not on someone else's", async () => {
    const own = await me(bearer(alice.publicTokens.access, alice.client.api_key));
    expect(own.statusCode).toBe(200);
    expect(own.json().client).toMatchObject({ id: alice.client.id, schema: alice.client.schema });
    const foreign = await me(bearer(alice.publicTokens.access, bob.client.api_key));
    expect(foreign.statusCode).toBe(401);
  });

  it('refresh rotates: a new pair each time, the old refresh blacklisted, reusing it a 401', async () => {
    const user = await registerUser(t.app, 'rotate');
    const first = await t.app.inject({ method: 'POST', url: '/api/token/refresh/', payload: { refresh: user.publicTokens.refresh } });
    expect(first.statusCode).toBe(200);
    const pair = first.json();
    expect(Object.keys(pair).sort()).toEqual(['access', 'refresh']);
    expect(pair.refresh).not.toBe(user.publicTokens.refresh);
    expect((await me(bearer(pair.access))).statusCode).toBe(200);

    const reuse = await t.app.inject({ method: 'POST', url: '/api/token/refresh/', payload: { refresh: user.publicTokens.refresh } });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json()).toEqual({ detail: 'Token is blacklisted', code: 'token_not_valid' });

    const concurrent = await Promise.all(
      [1, 2, 3].map(() => t.app.inject({ method: 'POST', url: '/api/token/refresh/', payload: { refresh: pair.refresh } })),
    );
    expect(concurrent.map((response) => response.statusCode).sort()).toEqual([200, 401, 401]);
  });

  it('verify and blacklist answer as simplejwt does', async () => {
    const user = await registerUser(t.app, 'verify');
    const verify = (token: unknown) => t.app.inject({ method: 'POST', url: '/api/token/verify/', payload: { token } });
    expect((await verify(user.publicTokens.access)).json()).toEqual({});
    expect((await verify(user.publicTokens.refresh)).statusCode).toBe(200);
    const invalid = await verify('nope');
    expect(invalid.statusCode).toBe(401);
    expect(invalid.json()).toEqual({ detail: 'Token is invalid or expired', code: 'token_not_valid' });
    expect(invalid.headers['www-authenticate']).toBe('Bearer realm="api"');

    const blacklisted = await t.app.inject({ method: 'POST', url: '/api/token/blacklist/', payload: { refresh: user.publicTokens.refresh } });
    expect(blacklisted.statusCode).toBe(200);
    expect(blacklisted.json()).toEqual({});
    // simplejwt's TokenVerifySerializer raises a ValidationError for a blacklisted token: a 400, not a 401.
    const verifyBlacklisted = await verify(user.publicTokens.refresh);
    expect(verifyBlacklisted.statusCode).toBe(400);
    expect(verifyBlacklisted.json()).toEqual({ non_field_errors: ['Token is blacklisted'] });
    const refresh = await t.app.inject({ method: 'POST', url: '/api/token/refresh/', payload: { refresh: user.publicTokens.refresh } });
    expect(refresh.statusCode).toBe(401);
    expect(refresh.json()).toEqual({ detail: 'Token is blacklisted', code: 'token_not_valid' });
    const again = await t.app.inject({ method: 'POST', url: '/api/token/blacklist/', payload: { refresh: user.publicTokens.refresh } });
    expect(again.statusCode).toBe(401);
    expect(again.json()).toEqual({ detail: 'Token is blacklisted', code: 'token_not_valid' });
  });

  it('repeated failed logins are throttled with 429 and Retry-After', async () => {
    const user = await registerUser(t.app, 'throttle');
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/token/', payload: { email: user.email, password } });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong password')).statusCode).toBe(401);
    const throttled = await attempt(PASSWORD);
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json().detail).toMatch(/^Request was throttled \(too many failed logins for this account: LOGIN_FAILURES_PER_ACCOUNT\)\. Expected available in \d+ seconds\.$/);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
  });
});
