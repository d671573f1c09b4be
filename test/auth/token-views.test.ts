import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql, GRAPHQL_ENGINES } from '../helpers/graphql';
import { bearer, PASSWORD, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * simplejwt's views authenticate nothing (`authentication_classes = ()`): whatever Authorization
 * header a client still sends (an expired access token, garbage, someone else's token, another
 * scheme), login, refresh, verify, blacklist and registration work; and their errors are the
 * views' bodies, not JWTAuthentication's.
 */
let clock = Math.floor(Date.now() / 1000);
let counter = 0;

/** Authorization headers a real client may still carry when it logs in or refreshes. */
function staleHeaders(user: RegisteredUser): Record<string, string> {
  const claims = jwt.decode(user.publicTokens.access) as Record<string, unknown>;
  return {
    expired: `Bearer ${user.publicTokens.access}`, // the tests move the clock past its lifetime
    garbage: 'Bearer garbage',
    malformed: 'Bearer one two',
    foreign: `Bearer ${jwt.sign(claims, 'another-secret-another-secret-another-secret', { algorithm: 'HS256' })}`,
    basic: `Basic ${Buffer.from('user:pass').toString('base64')}`,
  };
}

async function withClockPastAccessLifetime(run: () => Promise<void>) {
  const saved = clock;
  clock += 301;
  try {
    await run();
  } finally {
    clock = saved;
  }
}

describe('simplejwt views over REST', () => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp({}, { now: () => clock });
    user = await registerUser(t.app, 'views');
  });
  afterAll(async () => t.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) => t.app.inject({ method: 'POST', url, headers, payload: payload as object });
  const login = async (headers: Record<string, string> = {}) => (await post('/api/token/', { email: user.email, password: PASSWORD }, headers)).json() as { access: string; refresh: string };

  it('a stale Authorization header blocks none of the token views, registration or the admin login', async () => {
    await withClockPastAccessLifetime(async () => {
      for (const [kind, authorization] of Object.entries(staleHeaders(user))) {
        const headers = { authorization };
        const obtained = await post('/api/token/', { email: user.email, password: PASSWORD }, headers);
        expect(obtained.statusCode, `${kind}: ${obtained.body}`).toBe(200);
        const { refresh } = obtained.json();
        const refreshed = await post('/api/token/refresh/', { refresh }, headers);
        expect(refreshed.statusCode, `${kind}: ${refreshed.body}`).toBe(200);
        const verified = await post('/api/token/verify/', { token: refreshed.json().access }, headers);
        expect(verified.statusCode, `${kind}: ${verified.body}`).toBe(200);
        const blacklisted = await post('/api/token/blacklist/', { refresh: refreshed.json().refresh }, headers);
        expect(blacklisted.statusCode, `${kind}: ${blacklisted.body}`).toBe(200);
        const registered = await post('/api/auth/register/', { email: `stale.${kind}.${process.pid}.${++counter}@example.com`, password: PASSWORD }, headers);
        expect(registered.statusCode, `${kind}: ${registered.body}`).toBe(201);
        const session = await post('/api/auth/session/', { email: user.email, password: PASSWORD }, headers);
        expect(session.statusCode, `${kind}: ${session.body}`).toBe(201);
      }
    });
  });

  it('the Api-Key still picks the client a token is issued for, whatever the Authorization header', async () => {
    await withClockPastAccessLifetime(async () => {
      const { access } = await login({ ...bearer(user.publicTokens.access), 'api-key': user.client.api_key });
      expect((jwt.decode(access) as { client: unknown }).client).toBe(user.client.id);
      const forged = await post('/api/token/', { email: user.email, password: PASSWORD }, { ...bearer('garbage'), 'api-key': 'forged' });
      expect(forged.statusCode).toBe(403);
      expect(forged.json()).toEqual({ detail: 'Invalid API key.' });
    });
  });

  it('refresh, verify and blacklist answer with the views\' bodies: {detail, code} for a bad token, 400 naming a missing field', async () => {
    const { access, refresh } = await login();
    for (const url of ['/api/token/refresh/', '/api/token/blacklist/']) {
      for (const bad of ['garbage', jwt.sign({ token_type: 'refresh' }, 'another-secret-another-secret-another-secret')]) {
        const response = await post(url, { refresh: bad });
        expect(response.statusCode).toBe(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="api"');
        expect(response.json()).toEqual({ detail: 'Token is invalid or expired', code: 'token_not_valid' });
      }
      const wrongType = await post(url, { refresh: access });
      expect(wrongType.json()).toEqual({ detail: 'Token has wrong type', code: 'token_not_valid' });
      const missing = await post(url, {});
      expect(missing.statusCode).toBe(400);
      expect(missing.json()).toEqual({ refresh: ['This field is required.'] });
    }
    const verifyMissing = await post('/api/token/verify/', {});
    expect(verifyMissing.statusCode).toBe(400);
    expect(verifyMissing.json()).toEqual({ token: ['This field is required.'] });

    const saved = clock;
    clock += 86_401;
    try {
      const expired = await post('/api/token/refresh/', { refresh });
      expect(expired.statusCode).toBe(401);
      expect(expired.json()).toEqual({ detail: 'Token is invalid or expired', code: 'token_not_valid' });
      expect((await post('/api/token/verify/', { token: refresh })).json()).toEqual({ detail: 'Token is invalid or expired', code: 'token_not_valid' });
    } finally {
      clock = saved;
    }
  });

  it('other schemes (Basic, Token) are not ours: the request is anonymous, as JWTAuthentication returns None', async () => {
    for (const authorization of [`Basic ${Buffer.from(`${user.email}:${PASSWORD}`).toString('base64')}`, `Token ${user.publicTokens.access}`, '']) {
      for (const headers of [{ authorization }, { authorization, 'api-key': user.client.api_key }]) {
        const response = await t.app.inject({ method: 'GET', url: '/api/products/', headers });
        expect(response.statusCode, authorization).toBe(401);
        expect(response.json()).toEqual({ detail: 'Authentication credentials were not provided.', code: 'not_authenticated' });
      }
    }
    // Anonymous is what anonymous gets: the admin session still authenticates next to a Basic header.
    const session = await post('/api/auth/session/', { email: user.email, password: PASSWORD });
    const cookie = String(session.headers['set-cookie']).split(';')[0];
    const me = await t.app.inject({ method: 'GET', url: '/api/me/', headers: { authorization: 'Basic abc', cookie } });
    expect(me.statusCode, me.body).toBe(200);
    expect(me.json().email).toBe(user.email);
  });
});

describe.each(GRAPHQL_ENGINES)('simplejwt views over GraphQL (%s)', (engine) => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine }, { now: () => clock });
    user = await registerUser(t.app, `gql-views-${engine}`);
  });
  afterAll(async () => t.close());

  it('register, tokenAuth, refreshToken, verifyToken and revokeToken ignore a stale Authorization header', async () => {
    await withClockPastAccessLifetime(async () => {
      for (const [kind, authorization] of Object.entries(staleHeaders(user))) {
        const headers = { authorization };
        const obtained = await graphql(t.app, 'mutation ($email: String!, $password: String!) { tokenAuth(email: $email, password: $password) { access refresh } }', { email: user.email, password: PASSWORD }, headers);
        expect(obtained.errors, kind).toBeUndefined();
        expect(obtained.statusCode).toBe(200);
        const refreshed = await graphql(t.app, 'mutation Refresh($refresh: String!) { refreshToken(refresh: $refresh) { access refresh } }', { refresh: obtained.data.tokenAuth.refresh }, headers);
        expect(refreshed.errors, kind).toBeUndefined();
        const { access, refresh } = refreshed.data.refreshToken;
        const verified = await graphql(t.app, 'mutation ($token: String!) { verifyToken(token: $token) }', { token: access }, headers);
        expect(verified.errors, kind).toBeUndefined();
        expect(verified.data).toEqual({ verifyToken: true });
        const revoked = await graphql(t.app, 'mutation ($refresh: String!) { revokeToken(refresh: $refresh) }', { refresh }, headers);
        expect(revoked.errors, kind).toBeUndefined();
        expect(revoked.data).toEqual({ revokeToken: true });
        const registered = await graphql(t.app, 'mutation ($email: String!, $password: String!) { register(email: $email, password: $password) { user { id } } }', { email: `gql.stale.${engine}.${kind}.${process.pid}.${++counter}@example.com`, password: PASSWORD }, headers);
        expect(registered.errors, kind).toBeUndefined();
      }
    });
  });

  it('the refusal stands for everything else: me with an expired token is a 401 UNAUTHENTICATED', async () => {
    await withClockPastAccessLifetime(async () => {
      for (const query of ['{ me { id } }', 'mutation { refreshToken(refresh: "x") { access } createClient { id } }', 'mutation { ...Open } fragment Open on Mutation { refreshToken(refresh: "x") { access } }']) {
        const response = await graphql(t.app, query, undefined, bearer(user.publicTokens.access));
        expect(response.statusCode, query).toBe(401);
        expect(response.errors![0]).toMatchObject({ message: 'Given token not valid for any token type', extensions: { code: 'UNAUTHENTICATED' } });
      }
    });
  });

  it('a Basic header is ignored: the caller is anonymous', async () => {
    const response = await graphql(t.app, '{ me { id } }', undefined, { authorization: 'Basic abc' });
    expect(response.errors![0]).toMatchObject({ message: 'Authentication credentials were not provided.', extensions: { code: 'UNAUTHENTICATED' } });
  });
});
