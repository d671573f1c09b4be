import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { GRAPHQL_ENGINES, graphql } from '../helpers/graphql';
import { bearer, PASSWORD, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * A token never authenticates an account other than the one it was issued to (issue 13, part 5): a
 * reset gives a client's users new rows with the same ids, so its tokens carry the client's generation;
 * refresh re-checks the account.
 */
describe.each(GRAPHQL_ENGINES)('tokens and the accounts they were issued to (%s)', (engine) => {
  let t: TestApp;
  let owner: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    owner = await registerUser(t.app, `issued-${engine}`);
  });
  afterAll(async () => t.close());

  const ownerHeaders = () => bearer(owner.publicTokens.access, owner.client.api_key);

  /** An account made inside the client, and its token pair for the client. */
  async function clientAccount(email: string) {
    const created = await t.app.inject({ method: 'POST', url: '/api/users/', headers: ownerHeaders(), payload: { email, password: PASSWORD } });
    expect(created.statusCode, created.body).toBe(201);
    const tokens = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': owner.client.api_key }, payload: { email, password: PASSWORD } });
    expect(tokens.statusCode, tokens.body).toBe(200);
    return { id: created.json().id as number, ...(tokens.json() as { access: string; refresh: string }) };
  }

  it('after a reset, a token of a removed account does not authenticate the next account given its id', async () => {
    const mallory = await clientAccount(`mallory.${engine}@example.com`);
    const reset = await t.app.inject({ method: 'POST', url: `/api/clients/${owner.client.id}/reset/`, headers: bearer(owner.publicTokens.access) });
    expect(reset.statusCode).toBe(200);
    const alice = await clientAccount(`alice.${engine}@example.com`);
    expect(alice.id).toBe(mallory.id); // the id is reused: that is what the token must not follow

    const asMallory = await t.app.inject({ method: 'GET', url: '/api/me/', headers: bearer(mallory.access, owner.client.api_key) });
    expect(asMallory.statusCode).toBe(401);
    expect(asMallory.json()).toMatchObject({ detail: 'Given token was issued before this API client was reset.', code: 'token_not_valid' });
    const asAlice = await t.app.inject({ method: 'GET', url: '/api/me/', headers: bearer(alice.access, owner.client.api_key) });
    expect(asAlice.json().email).toBe(`alice.${engine}@example.com`);

    const refreshed = await t.app.inject({ method: 'POST', url: '/api/token/refresh/', payload: { refresh: mallory.refresh } });
    expect(refreshed.statusCode).toBe(401);
    expect(refreshed.json()).toMatchObject({ detail: 'No active account found for the given token.', code: 'no_active_account' });
    const viaGraphql = await graphql(t.app, `mutation { refreshToken(refresh: "${mallory.refresh}") { access } }`);
    expect(viaGraphql.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refresh re-checks the account: deleted or inactive, its refresh token is refused', async () => {
    const bob = await clientAccount(`bob.${engine}@example.com`);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/users/${bob.id}/`, headers: ownerHeaders(), payload: { is_active: false } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/token/refresh/', payload: { refresh: bob.refresh } })).statusCode).toBe(401);
    const carol = await clientAccount(`carol.${engine}@example.com`);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/users/${carol.id}/`, headers: ownerHeaders() })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: '/api/token/refresh/', payload: { refresh: carol.refresh } })).statusCode).toBe(401);
    const dave = await clientAccount(`dave.${engine}@example.com`);
    const fine = await t.app.inject({ method: 'POST', url: '/api/token/refresh/', payload: { refresh: dave.refresh } });
    expect(fine.statusCode, fine.body).toBe(200);
    // The new pair still names the client's current generation: it works there.
    expect((await t.app.inject({ method: 'GET', url: '/api/me/', headers: bearer(fine.json().access, owner.client.api_key) })).statusCode).toBe(200);
  });

  it('a deleted client takes its tokens with it', async () => {
    const other = (await t.app.inject({ method: 'POST', url: '/api/clients/', headers: bearer(owner.publicTokens.access), payload: { name: 'doomed' } })).json();
    const tokens = (await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': other.api_key }, payload: { email: owner.email, password: PASSWORD } })).json();
    expect((await t.app.inject({ method: 'DELETE', url: `/api/clients/${other.id}/`, headers: bearer(owner.publicTokens.access) })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: '/api/token/refresh/', payload: { refresh: tokens.refresh } })).statusCode).toBe(401);
  });
});
