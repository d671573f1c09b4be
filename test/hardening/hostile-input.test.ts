import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deepJson } from '../../bench/lib/hostile-requests';
import { startTestApp, type TestApp } from '../helpers/app';
import { GRAPHQL_ENGINES, graphql } from '../helpers/graphql';
import { bearer, registerUser } from '../helpers/users';

/** Hostile bodies and headers (issue 13, part 5): a 400 that names what was wrong, never a 500, and nothing changed. */
describe.each(GRAPHQL_ENGINES)('hostile JSON and headers (%s)', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    const user = await registerUser(t.app, `hostile-${engine}`);
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  const patch = (payload: string) => t.app.inject({ method: 'PATCH', url: '/api/products/1/', headers: { ...headers, 'content-type': 'application/json' }, payload });

  it('a body 50,000 levels deep is a 400 naming MAX_JSON_DEPTH, on both doors', async () => {
    const rest = await patch(`{"attributes": ${deepJson(50_000)}}`);
    expect(rest.statusCode).toBe(400);
    expect(rest.json()).toEqual({ detail: expect.stringMatching(/deeper than 32 levels \(MAX_JSON_DEPTH\)/) });
    const variables = `{"query":"query($w: ProductWhere) { products(where: $w) { totalCount } }","variables":{"w":${'{"AND":['.repeat(20_000)}{}${']}'.repeat(20_000)}}}`;
    const viaGraphql = await t.app.inject({ method: 'POST', url: '/graphql', headers: { ...headers, 'content-type': 'application/json' }, payload: variables });
    expect(viaGraphql.statusCode).toBeLessThan(500);
    const refused = viaGraphql.json();
    expect(refused.errors?.[0].message ?? refused.detail).toMatch(/MAX_JSON_DEPTH/); // mercurius answers as GraphQL, Apollo's Fastify route as the server
    // Within the depth, nesting still works.
    expect((await patch(`{"attributes": ${deepJson(20)}}`)).statusCode).toBe(200);
  });

  it('a NUL in a JSON attribute, a string or a list where an object belongs are 400s on the field', async () => {
    expect((await patch('{"attributes": {"k": "\\u0000"}}')).json()).toEqual({ attributes: ['Null characters are not allowed.'] });
    expect((await patch('{"attributes": {"\\u0000": 1}}')).json()).toEqual({ attributes: ['Null characters are not allowed.'] });
    expect((await patch('{"attributes": "notobj"}')).json()).toEqual({ attributes: ['Expected a dictionary of items but got type "str".'] });
    expect((await patch('{"attributes": [1, 2]}')).json()).toEqual({ attributes: ['Expected a dictionary of items but got type "list".'] });
    const gql = await graphql(t.app, 'mutation($a: JSON) { updateProduct(id: 1, data: { attributes: $a }) { id } }', { a: { k: '\u0000' } }, headers);
    expect(gql.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await t.app.inject({ method: 'GET', url: '/api/products/1/', headers })).json().attributes).toEqual(deepJsonValue(20));
  });

  it('a malformed Host is a 400, and links never echo a Host that is not a host', async () => {
    for (const host of ['bad host!', 'a/b', '<script>', 'x'.repeat(300), 'a..b', 'host:port']) {
      const response = await t.app.inject({ method: 'GET', url: '/api/products/?page_size=1', headers: { ...headers, host } });
      expect(response.statusCode, host).toBe(400);
      expect(response.json().detail, host).toMatch(/^Invalid HTTP_HOST header/);
    }
    const fine = await t.app.inject({ method: 'GET', url: '/api/products/?page_size=1', headers: { ...headers, host: 'api.example.test:8080' } });
    expect(fine.json().next).toBe('http://api.example.test:8080/api/products/?page=2&page_size=1');
  });
});

/** `{"a":{"a":…1}}`, `depth` objects deep, as a value. */
function deepJsonValue(depth: number): unknown {
  return JSON.parse(deepJson(depth));
}

describe('PUBLIC_URL', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://sandbox.example.org' });
  });
  afterAll(async () => t.close());

  it('links come from PUBLIC_URL, whatever Host was sent', async () => {
    const user = await registerUser(t.app, 'public-url');
    const response = await t.app.inject({ method: 'GET', url: '/api/products/?page_size=1', headers: { ...bearer(user.publicTokens.access, user.client.api_key), host: 'attacker.example' } });
    expect(response.json().next).toBe('https://sandbox.example.org/api/products/?page=2&page_size=1');
  });
});
