import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql, GRAPHQL_ENGINES } from '../helpers/graphql';
import { bearer, PASSWORD } from '../helpers/users';

describe.each(GRAPHQL_ENGINES)('GraphQL auth and client operations (django-graphql-jwt names) (%s)', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
  });
  afterAll(async () => t.close());

  it('register, tokenAuth, me, and the owner managing clients', async () => {
    const registered = await graphql(t.app, 'mutation ($email: String!, $password: String!) { register(email: $email, password: $password, firstName: "Gia") { user { id email firstName } client { id schema apiKey status } } }', {
      email: 'gql.owner@example.com',
      password: PASSWORD,
    });
    expect(registered.errors).toBeUndefined();
    const { user, client } = registered.data.register;
    expect(user).toMatchObject({ email: 'gql.owner@example.com', firstName: 'Gia' });
    expect(client.status).toBe('ready');

    const tokens = await graphql(t.app, `mutation { tokenAuth(email: "gql.owner@example.com", password: "${PASSWORD}") { access refresh } }`);
    const headers = bearer(tokens.data.tokenAuth.access);
    expect((await graphql(t.app, '{ me { id email } }', undefined, headers)).data.me).toEqual({ id: user.id, email: 'gql.owner@example.com' });

    const created = await graphql(t.app, 'mutation { createClient(name: "second") { id name status } }', undefined, headers);
    expect(created.data.createClient).toMatchObject({ name: 'second', status: 'ready' });
    const list = await graphql(t.app, '{ myClients { id name } }', undefined, headers);
    expect(list.data.myClients.map((c: { name: string }) => c.name)).toEqual([expect.stringMatching(/sandbox/), 'second']);
    const rotated = await graphql(t.app, `mutation { rotateClientKey(id: "${client.id}") { apiKey } }`, undefined, headers);
    expect(rotated.data.rotateClientKey.apiKey).not.toBe(client.apiKey);
    const reset = await graphql(t.app, `mutation { resetClient(id: "${client.id}") { status } }`, undefined, headers);
    expect(reset.data.resetClient.status).toBe('ready');
    expect((await graphql(t.app, `mutation { deleteClient(id: "${created.data.createClient.id}") }`, undefined, headers)).data.deleteClient).toBe(true);
    const foreign = await graphql(t.app, 'mutation { deleteClient(id: "999999") }', undefined, headers);
    expect(foreign.errors![0].extensions!.code).toBe('NOT_FOUND');
  });

  it('bad credentials, anonymous callers and invalid input get their codes', async () => {
    const bad = await graphql(t.app, 'mutation { tokenAuth(email: "nobody@example.com", password: "whatever it is") { access } }');
    expect(bad.errors![0]).toMatchObject({ message: 'No active account found with the given credentials', extensions: { code: 'UNAUTHENTICATED' } });
    expect((await graphql(t.app, '{ me { id } }')).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await graphql(t.app, 'mutation { createClient { id } }')).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const weak = await graphql(t.app, 'mutation { register(email: "weak@example.com", password: "123") { user { id } } }');
    expect(weak.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { password: expect.any(Array) } });
  });

  it('refreshToken rotates, a reused refresh token is refused; verifyToken and revokeToken', async () => {
    await graphql(t.app, `mutation { register(email: "gql.tokens@example.com", password: "${PASSWORD}") { user { id } } }`);
    const first = (await graphql(t.app, `mutation { tokenAuth(email: "gql.tokens@example.com", password: "${PASSWORD}") { access refresh } }`)).data.tokenAuth;
    const rotated = await graphql(t.app, `mutation { refreshToken(refresh: "${first.refresh}") { access refresh } }`);
    expect(rotated.data.refreshToken.refresh).not.toBe(first.refresh);
    const reused = await graphql(t.app, `mutation { refreshToken(refresh: "${first.refresh}") { access } }`);
    expect(reused.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await graphql(t.app, `mutation { verifyToken(token: "${first.access}") }`)).data.verifyToken).toBe(true);
    expect((await graphql(t.app, 'mutation { verifyToken(token: "forged") }')).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await graphql(t.app, `mutation { revokeToken(refresh: "${rotated.data.refreshToken.refresh}") }`)).data.revokeToken).toBe(true);
    expect((await graphql(t.app, `mutation { refreshToken(refresh: "${rotated.data.refreshToken.refresh}") { access } }`)).errors![0].extensions!.code).toBe('UNAUTHENTICATED');
  });
});
