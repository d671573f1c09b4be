import { ApolloClient, ApolloLink, CombinedGraphQLErrors, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { ErrorLink } from '@apollo/client/link/error';
import { serverAudits } from 'graphql-http';
import { from, mergeMap } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { GRAPHQL_ENGINES } from '../helpers/graphql';
import { registerUser, type RegisteredUser } from '../helpers/users';

let clock = Math.floor(Date.now() / 1000);

/** graphql-http's audit suite against the live server (GraphQL-over-HTTP). */
describe.each(GRAPHQL_ENGINES)('GraphQL over HTTP (%s)', (engine) => {
  let t: TestApp;
  let origin: string;
  let url: string;
  let user: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine }, { now: () => clock });
    origin = await t.app.listen({ host: '127.0.0.1', port: 0 });
    url = `${origin}/graphql`;
    user = await registerUser(t.app, `conformance-${engine}`);
  });
  afterAll(async () => t.close());

  it('fails no MUST audit and passes at least 57 of them', async () => {
    const results = [];
    for (const audit of serverAudits({ url, fetchFn: fetch })) results.push({ ...(await audit.fn()), name: audit.name });
    const failedMust = results.filter((result) => result.status !== 'ok' && result.name.startsWith('MUST'));
    expect(failedMust.map((result) => `${result.name}: ${'reason' in result ? result.reason : ''}`)).toEqual([]);
    const passed = results.filter((result) => result.status === 'ok').length;
    expect(results.length).toBeGreaterThanOrEqual(61);
    expect(passed).toBeGreaterThanOrEqual(57);
  });

  it('answers application/graphql-response+json when asked, with a 4xx and no data for a bad document', async () => {
    const headers = { 'content-type': 'application/json', accept: 'application/graphql-response+json' };
    const bad = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: '{ nope }' }) });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const body = (await bad.json()) as { errors: unknown[] };
    expect(body).not.toHaveProperty('data');
    expect(body.errors.length).toBeGreaterThan(0);
    const asJson = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ query: '{ nope }' }) });
    expect(asJson.status).toBe(200);
  });

  it('answers a 401 or 403 as a GraphQL response: application/graphql-response+json when asked, no data, the code', async () => {
    const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: '{ me { id } }' }) });
    const accept = 'application/graphql-response+json, application/json;q=0.9';
    for (const [headers, status, code] of [
      [{ authorization: 'Bearer garbage' }, 401, 'UNAUTHENTICATED'],
      [{ 'api-key': 'forged' }, 403, 'FORBIDDEN'],
    ] as const) {
      const response = await post({ accept, ...headers });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      const body = (await response.json()) as { errors: Array<{ message: string }> };
      expect(body).toEqual({ errors: [{ message: expect.any(String), extensions: { code } }] });
      // An application/json client keeps the status, and reads the same GraphQL body on both engines.
      const asJson = await post({ accept: 'application/json', ...headers });
      expect(asJson.status).toBe(status);
      expect(asJson.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await asJson.json()).toMatchObject({ errors: [{ message: body.errors[0].message, extensions: { code } }] });
    }
    expect((await post({ accept: 'application/graphql-response+json', authorization: 'Bearer garbage' })).headers.get('www-authenticate')).toBe('Bearer realm="api"');
  });

  it('Apollo Client 4 reads an expired token as CombinedGraphQLErrors UNAUTHENTICATED, refreshes and retries', async () => {
    const tokens = { ...user.publicTokens };
    let refreshes = 0;
    const withToken = new ApolloLink((operation, forward) => {
      operation.setContext({ headers: { authorization: `Bearer ${tokens.access}` } });
      return forward(operation);
    });
    const refreshOnUnauthenticated = new ErrorLink(({ error, operation, forward }) => {
      if (!CombinedGraphQLErrors.is(error) || !error.errors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') || refreshes > 0) return;
      refreshes++;
      // The stale header goes along, as a real client's fetch wrapper sends it: refresh must not mind.
      const refreshed = fetch(`${origin}/api/token/refresh/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.access}` },
        body: JSON.stringify({ refresh: tokens.refresh }),
      }).then(async (response) => Object.assign(tokens, await response.json()));
      return from(refreshed).pipe(
        mergeMap(() => {
          operation.setContext({ headers: { authorization: `Bearer ${tokens.access}` } });
          return forward(operation);
        }),
      );
    });
    const link = ApolloLink.from([refreshOnUnauthenticated, withToken, new HttpLink({ uri: url, fetch })]);
    const client = new ApolloClient({ cache: new InMemoryCache(), link });
    const bare = new ApolloClient({ cache: new InMemoryCache(), link: ApolloLink.from([withToken, new HttpLink({ uri: url, fetch })]) });
    const me = gql`query Me { me { id email } }`;

    const saved = clock;
    clock += 301; // the access token has expired; its refresh token has not
    try {
      const error = await bare.query({ query: me, fetchPolicy: 'network-only' }).then(() => undefined, (e: unknown) => e);
      expect(CombinedGraphQLErrors.is(error), String(error)).toBe(true);
      expect((error as CombinedGraphQLErrors).errors[0].extensions?.code).toBe('UNAUTHENTICATED');

      const result = await client.query({ query: me, fetchPolicy: 'network-only' });
      expect(refreshes).toBe(1);
      expect(result.data).toMatchObject({ me: { id: String(user.userId), email: user.email } });
    } finally {
      clock = saved;
    }
  });
});
