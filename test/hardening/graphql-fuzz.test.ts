import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { buildSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { GRAPHQL_ENGINES } from '../helpers/graphql';
import { registerUser, type RegisteredUser } from '../helpers/users';
import { fuzzCredentials } from './lib/fuzz-accounts';
import { fuzzSettings } from './lib/fuzz-settings';
import { envelope, malformed } from './lib/graphql-malformed';
import { mutations, queries, type GraphQLRequest, type OperationOptions } from './lib/graphql-operations';

const schema = buildSchema(readFileSync('schema/schema.graphql', 'utf8'));
const { seed, numRuns } = fuzzSettings(150);

interface GraphQLBody {
  data?: unknown;
  errors?: Array<{ message?: unknown; extensions?: { code?: unknown } }>;
}

/**
 * Random operations from the schema (valid queries with arguments of the right
 * types, mutations on a client), malformed and hostile documents, and variables
 * of the wrong type, on both engines: never a 5xx, never INTERNAL_SERVER_ERROR.
 */
describe.each(GRAPHQL_ENGINES)('GraphQL fuzzing from the schema (%s)', (engine) => {
  let t: TestApp;
  let owner: RegisteredUser;
  let credentials: Record<string, Record<string, string>>;
  let options: OperationOptions;
  const tally = new Map<string, number>();
  let requests = 0;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    owner = await registerUser(t.app, 'gqlfuzz');
    const other = await registerUser(t.app, 'gqlfuzz-other');
    credentials = await fuzzCredentials(t.app, owner, other);
    options = { maxDepth: 4, avoidIds: [owner.client.id, owner.userId], wrongVariableRate: 0.1 };
  });
  afterAll(async () => {
    console.log(`GraphQL fuzz on ${engine} (seed ${seed}): ${requests} requests; outcomes ${JSON.stringify(Object.fromEntries([...tally].sort()))}`);
    await t?.close();
  });

  function count(outcome: string) {
    tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  }

  /** Sends `request` in some envelope under some credential and checks the answer is a clean one. */
  function property(requestsOf: (options: OperationOptions) => fc.Arbitrary<GraphQLRequest>, names = Object.keys(credentials)) {
    // Sent twice, a document is compiled by graphql-jit on mercurius (jit: 1): a document sent twice once filled the heap.
    const sent = fc.tuple(fc.constantFrom(...names), requestsOf(options).chain(envelope), fc.integer({ min: 1, max: 3 }).map((n) => (n === 1 ? 2 : 1)));
    return fc.asyncProperty(sent, async ([name, request, times]: [string, InjectOptions, number]) => {
      for (let time = 1; time <= times; time++) await sendAndCheck(name, request);
    });
  }

  async function sendAndCheck(name: string, request: InjectOptions) {
    const response = await t.app.inject({ ...request, headers: { ...request.headers, ...credentials[name] } });
    requests++;
    const label = `${name}: ${String(request.payload ?? request.url).slice(0, 400)} → ${response.statusCode} ${response.body.slice(0, 400)}`;
    expect(response.statusCode, label).toBeLessThan(500);
    let body: GraphQLBody | undefined;
    try {
      body = JSON.parse(response.body) as GraphQLBody;
    } catch {
      body = undefined;
    }
    const codes = (body?.errors ?? []).map((error) => String(error.extensions?.code ?? 'no code'));
    count(`${response.statusCode}${codes.length ? ` ${[...new Set(codes)].sort().join('+')}` : ''}`);
    expect(codes, label).not.toContain('INTERNAL_SERVER_ERROR');
    for (const error of body?.errors ?? []) expect(typeof error.message, label).toBe('string');
    // A 400 refuses the request itself (malformed parameters); anything else names its error with a code.
    if (response.statusCode !== 400) expect(codes, label).not.toContain('no code');
  }

  it('random queries with arguments of the right types, under every credential', async () => {
    await fc.assert(property((options) => queries(schema, options)), { seed, numRuns, endOnFailure: true });
  }, 120_000 + numRuns * 400);

  it('random mutations on a client, and on public', async () => {
    const writers = ['owner token + own key', 'client token + own key', 'session cookie', 'public token', 'none'];
    await fc.assert(property((options) => mutations(schema, options), writers), { seed, numRuns, endOnFailure: true });
  }, 120_000 + numRuns * 400);

  it('malformed, hostile and over-limit documents, wrong variable types', async () => {
    await fc.assert(property((options) => malformed(queries(schema, { ...options, wrongVariableRate: 0.5 }))), { seed, numRuns, endOnFailure: true });
  }, 120_000 + numRuns * 400);

  describe('what the fuzzer found, pinned', () => {
    const send = (query: string, headers: Record<string, string>, variables?: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query, variables } });

    it.each([
      ['{ tags(where: { name: { eq: "a\\u0000" } }) { totalCount } }', 'name.eq'],
      ['{ tags(where: { search: "a\\u0000" }) { totalCount } }', 'search'],
      ['mutation { tokenAuth(email: "a\\u0000@example.com", password: "x") { access } }', 'email'],
    ])('a NUL in %s is BAD_USER_INPUT on that field, not UNAVAILABLE', async (query, field) => {
      const body = (await send(query, credentials['owner token + own key'])).json();
      expect(body.errors).toHaveLength(1);
      expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { [field]: ['Null characters are not allowed.'] } });
    });

    it('a search term longer than 1000 characters is BAD_USER_INPUT, not a statement past the deadline', async () => {
      const body = (await send(`{ products(where: { search: "${'x'.repeat(1001)}" }) { totalCount } }`, credentials['owner token + own key'])).json();
      expect(body.errors[0].extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { search: ['Ensure each search term has no more than 1,000 characters (MAX_LOOKUP_LENGTH).'] } });
    });

    it('an empty `in` list matches nothing instead of failing as SQL', async () => {
      const body = (await send('{ tags(where: { id: { in: [] } }) { totalCount } orderItems(where: { product: { id: { in: [] } } }) { totalCount } }', credentials['owner token + own key'])).json();
      expect(body).toEqual({ data: { tags: { totalCount: 0 }, orderItems: { totalCount: 0 } } });
    });

    it('timestamps read through GraphQL are the ISO strings REST gives, not a serialization error', async () => {
      const headers = credentials['owner token + own key'];
      const body = (await send('{ tag(id: 1) { createdAt updatedAt } tags(pageSize: 1, orderBy: [{ id: ASC }]) { items { createdAt } } }', headers)).json();
      const rest = (await t.app.inject({ method: 'GET', url: '/api/tags/1/', headers })).json();
      expect(body).toEqual({ data: { tag: { createdAt: rest.created_at, updatedAt: rest.updated_at }, tags: { items: [{ createdAt: rest.created_at }] } } });
    });

    it.each([
      ['malformed token', 401, 'Given token not valid for any token type'],
      ['own token + unknown key', 403, 'Invalid API key.'],
    ])('a request refused before the operation (%s) answers %i and says why', async (name, status, message) => {
      const response = await send('{ me { id } }', credentials[name]);
      expect(response.statusCode).toBe(status);
      expect(response.body).toContain(message);
    });

    it.each([
      ['{ me { id ', 'GRAPHQL_PARSE_FAILED'],
      ['{ nope }', 'GRAPHQL_VALIDATION_FAILED'],
      ['query ($size: Int) { tags(pageSize: $size) { totalCount } }', 'BAD_USER_INPUT'],
    ])('document error %s has the code %s', async (query, code) => {
      const response = await send(query, credentials['owner token + own key'], { size: 'ten' });
      expect(response.json().errors[0].extensions.code, response.body).toBe(code);
    });
  });

  it('reached data, field errors and document errors alike', () => {
    const outcomes = [...tally.keys()];
    expect(outcomes.some((outcome) => outcome === '200'), outcomes.join(', ')).toBe(true);
    expect(outcomes.some((outcome) => /^200 .*BAD_USER_INPUT/.test(outcome)), outcomes.join(', ')).toBe(true);
    expect(outcomes.some((outcome) => outcome.startsWith('400')), outcomes.join(', ')).toBe(true);
  });
});
