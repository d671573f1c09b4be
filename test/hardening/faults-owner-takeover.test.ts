import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * Found while writing SECURITY.md: the owner's row in a client's `users` is
 * sandbox data any account of that client may change, and a client token with
 * the owner's id manages all of the owner's clients (requireOwner). Setting a
 * password on that row must not make its setter the owner.
 */
describe("another account of a client changes the owner's row there", () => {
  let t: TestApp;
  let owner: RegisteredUser;
  let secondClientId: number;
  const mallory = { email: 'mallory@example.com', password: 'mallory has a long password' };
  const takenOver = 'a password mallory chose';

  beforeAll(async () => {
    t = await startTestApp();
    owner = await registerUser(t.app, 'takeover');
    const second = await t.app.inject({ method: 'POST', url: '/api/clients/', headers: bearer(owner.publicTokens.access), payload: { name: 'second' } });
    expect(second.statusCode, second.body).toBe(201);
    secondClientId = second.json().id;
    const created = await t.app.inject({ method: 'POST', url: '/api/users/', headers: bearer(owner.publicTokens.access, owner.client.api_key), payload: mallory });
    expect(created.statusCode, created.body).toBe(201);
    const token = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': owner.client.api_key }, payload: mallory });
    expect(token.statusCode, token.body).toBe(200);
    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/users/${owner.userId}/`,
      headers: bearer(token.json().access, owner.client.api_key),
      payload: { password: takenOver },
    });
    expect(changed.statusCode, changed.body).toBe(200); // the client's data is theirs to change
  });
  afterAll(async () => t.close());

  it('cannot log in to the client as the owner with the password set there, on either door', async () => {
    const rest = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': owner.client.api_key }, payload: { email: owner.email, password: takenOver } });
    expect(rest.statusCode, rest.body).toBe(401);
    expect(rest.json()).toMatchObject({ code: 'no_active_account' });

    const graphql = await t.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'api-key': owner.client.api_key },
      payload: { query: 'mutation ($email: String!, $password: String!) { tokenAuth(email: $email, password: $password) { access } }', variables: { email: owner.email, password: takenOver } },
    });
    expect(graphql.json().data).toBeNull();
    expect(graphql.json().errors[0].extensions.code).toBe('UNAUTHENTICATED');

    const clients = await t.app.inject({ method: 'GET', url: '/api/clients/', headers: bearer(owner.publicTokens.access) });
    expect(clients.json().map((client: { id: number }) => client.id)).toContain(secondClientId);
  });

  it('the owner still logs in to the client with their own password and manages their clients', async () => {
    const token = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': owner.client.api_key }, payload: { email: owner.email, password: owner.password } });
    expect(token.statusCode, token.body).toBe(200);
    const clients = await t.app.inject({ method: 'GET', url: '/api/clients/', headers: bearer(token.json().access, owner.client.api_key) });
    expect(clients.statusCode).toBe(200);
    expect(clients.json()).toHaveLength(2);
  });
});
