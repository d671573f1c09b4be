import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { registerUser, type RegisteredUser } from '../helpers/users';
import { adminSession, fuzzCredentials } from './lib/fuzz-accounts';
import { fuzzSettings } from './lib/fuzz-settings';
import { operationsOf, requestsFor, type OpenApiDocument, type Operation } from './lib/openapi-requests';
import document from '../../schema/openapi.json';

const { seed, numRuns } = fuzzSettings(25);
const operations = operationsOf(document as unknown as OpenApiDocument);

/**
 * Every operation of the OpenAPI document, driven with valid and invalid path,
 * query and body values under every kind of credential: never a 5xx, and every
 * response is what the document says (the contract check of startTestApp).
 */
describe('REST fuzzing from the OpenAPI document', () => {
  let t: TestApp;
  let owner: RegisteredUser;
  let other: RegisteredUser;
  let credentials: Record<string, Record<string, string>>;
  const statuses = new Map<number, number>();
  let requests = 0;

  beforeAll(async () => {
    // Random logins fail by the hundred from one address: the throttle has its own suite (caller-limits).
    t = await startTestApp({ LOGIN_FAILURES_PER_ADDRESS: '1000000' });
    owner = await registerUser(t.app, 'fuzz');
    other = await registerUser(t.app, 'fuzz-other');
    credentials = await fuzzCredentials(t.app, owner, other);
  });
  afterAll(async () => {
    console.log(`REST fuzz (seed ${seed}): ${requests} requests over ${operations.length} operations; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    await t?.close();
  });

  /** The fuzzing account's own client and rows stay out of reach, so one lucky DELETE does not end the run. */
  const avoidIds = (operation: Operation) => (operation.path.startsWith('/api/clients/') ? [owner.client.id] : operation.path.startsWith('/api/users/') ? [owner.userId] : []);

  it('covers every operation of the document', () => {
    expect(operations.length).toBe(Object.values(document.paths).reduce((sum, methods) => sum + Object.keys(methods).length, 0));
    expect(operations.length).toBeGreaterThan(60);
  });

  it.each(operations.map((operation) => [`${operation.method} ${operation.path}`, operation] as const))('%s', async (_name, operation) => {
    // A fuzzed DELETE /api/auth/session/ may have ended the session: a fresh one for every operation.
    credentials['session cookie'] = await adminSession(t.app, owner, owner.client.id);
    const property = fc.asyncProperty(requestsFor(operation, document as unknown as OpenApiDocument, { credentials, avoidIds }), async ({ label, options }) => {
      const response = await t.app.inject(options);
      requests++;
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      expect(response.statusCode, `${label} → ${response.body.slice(0, 500)}`).toBeLessThan(500);
    });
    await fc.assert(property, { seed, numRuns });
  }, 60_000 + numRuns * 500);

  describe('what the fuzzer found, pinned', () => {
    const owned = () => ({ authorization: `Bearer ${owner.publicTokens.access}` });

    it('?search= on a resource without text fields is ignored, as DRF does, not a 500', async () => {
      const headers = { ...owned(), 'api-key': owner.client.api_key };
      const searched = await t.app.inject({ method: 'GET', url: '/api/order-items/?search=lamp&page_size=1', headers });
      const plain = await t.app.inject({ method: 'GET', url: '/api/order-items/?page_size=1', headers });
      expect(searched.statusCode, searched.body).toBe(200);
      expect(searched.json().count).toBe(plain.json().count);
    });

    it('a search term longer than 1000 characters is a 400 on search, not a statement past the deadline', async () => {
      const response = await t.app.inject({ method: 'GET', url: `/api/products/?search=${'x'.repeat(1001)}`, headers: { ...owned(), 'api-key': owner.client.api_key } });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toEqual({ search: ['Ensure each search term has no more than 1,000 characters (MAX_LOOKUP_LENGTH).'] });
    });

    it.each(['GET', 'DELETE'] as const)('%s of a client id past int4 is a 404, not a 500', async (method) => {
      const response = await t.app.inject({ method, url: '/api/clients/2147483648/', headers: owned() });
      expect(response.statusCode, response.body).toBe(404);
      expect(response.json()).toEqual({ detail: 'Not found.' });
    });

    it.each(['name__lte', 'name', 'search', 'ordering'])('a NUL in ?%s= is a 400 naming it, not a 503', async (parameter) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/tags/?${parameter}=a%00b`, headers: { ...owned(), 'api-key': owner.client.api_key } });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toEqual({ [parameter]: ['Null characters are not allowed.'] });
    });

    it.each([
      ['/api/token/', { email: 'a\u0000@example.com', password: 'whatever' }, 'email'],
      ['/api/auth/session/', { email: 'someone@example.com', password: 'pass\u0000word' }, 'password'],
      ['/api/auth/register/', { email: 'a\u0000@example.com', password: 'a long enough passphrase' }, 'email'],
      ['/api/clients/', { name: 'nul\u0000name' }, 'name'],
    ] as const)('a NUL in the body of POST %s is a 400 on that field, not a 500', async (url, payload, field) => {
      const response = await t.app.inject({ method: 'POST', url, payload, headers: url === '/api/clients/' ? owned() : {} });
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json()).toEqual({ [field]: ['Null characters are not allowed.'] });
    });
  });

  it('every response so far matches the document, and the happy paths were reached', () => {
    expect(t.contract.contractViolations()).toEqual([]);
    expect(requests).toBe(operations.length * numRuns);
    // (the pinned findings above go through app.inject directly, not through this count)
    for (const status of [200, 201, 204, 400, 401, 403, 404]) expect(statuses.get(status) ?? 0, `responses with ${status}`).toBeGreaterThan(0);
  });
});
