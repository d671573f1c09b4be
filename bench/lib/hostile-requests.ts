/**
 * The requests that hurt most, one per limit (issue 13): what a freshly registered account can send.
 * The hardening suite asserts each is refused cheaply; the soak mixes them into its traffic; `npm run
 * bench hostile` measures what each costs (and, given an older checkout, what it cost before).
 */
export interface Caller {
  /** `Authorization` and `Api-Key` of an account on its own client. */
  headers: Record<string, string>;
  /** A fresh email for requests that register. */
  email: () => string;
}

export interface HostileRequest {
  name: string;
  /** The limit (or defect) it probes. */
  limit: string;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  /** JSON (serialized by the sender) or a raw string. */
  body?: unknown;
  /** What the answer must be now: an HTTP status, and for GraphQL the error code. */
  expect: { status: number; code?: string };
}

const gql = (query: string, variables?: Record<string, unknown>) => ({ query, ...(variables ? { variables } : {}) });

/** `{"a":{"a":…}}`, `depth` levels, as text (JSON.stringify would overflow the stack building it). */
export function deepJson(depth: number, leaf = '1'): string {
  return '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}

export function hostileRequests(caller: Caller): HostileRequest[] {
  const h = caller.headers;
  const nested = 'reviews(pageSize: 100) { product { reviews(pageSize: 100) { product { reviews(pageSize: 100) { id } } } } }';
  const wide = Array.from({ length: 15 }, (_, i) => `a${i}: products(pageSize: 100) { items { reviews(pageSize: 100) { id } } }`).join(' ');
  const terms = Array.from({ length: 300 }, (_, i) => `t${i}`).join(' ');
  const longValue = 'x'.repeat(200_000);
  const bigIn = Array.from({ length: 40_000 }, (_, i) => String(i + 1));
  const manyConditions = Array.from({ length: 200 }, (_, i) => ({ name: { icontains: `${i}`.padEnd(900, 'y') } }));
  return [
    {
      name: 'GraphQL many-to-many filter with gt',
      limit: 'M:N filters expose only what they compile',
      method: 'POST',
      path: '/graphql',
      headers: h,
      body: gql('{ products(where: { tags: { id: { gt: "0" } } }) { totalCount items { id tags { id } } } }'),
      expect: { status: 200, code: 'GRAPHQL_VALIDATION_FAILED' },
    },
    {
      name: 'GraphQL many-to-many filter with in: []',
      limit: 'M:N filters compile',
      method: 'POST',
      path: '/graphql',
      headers: h,
      body: gql('{ products(where: { tags: { id: { in: [] } } }) { totalCount } }'),
      expect: { status: 200 },
    },
    {
      name: '148 characters, 3 levels of pageSize 100',
      limit: 'MAX_ESTIMATED_ROWS',
      method: 'POST',
      path: '/graphql',
      headers: h,
      body: gql(`{ product(id: 1) { ${nested} } }`),
      expect: { status: 200, code: 'GRAPHQL_VALIDATION_FAILED' },
    },
    {
      name: 'the same with page sizes in variables',
      limit: 'MAX_ESTIMATED_ROWS',
      method: 'POST',
      path: '/graphql',
      headers: h,
      body: gql('query($n: Int) { product(id: 1) { reviews(pageSize: $n) { product { reviews(pageSize: $n) { product { reviews(pageSize: $n) { id } } } } } } }', { n: 100 }),
      expect: { status: 200, code: 'GRAPHQL_VALIDATION_FAILED' },
    },
    {
      name: '15 aliases of a page of 100 with 100 reviews each',
      limit: 'MAX_ESTIMATED_ROWS',
      method: 'POST',
      path: '/graphql',
      headers: h,
      body: gql(`{ ${wide} }`),
      expect: { status: 200, code: 'GRAPHQL_VALIDATION_FAILED' },
    },
    {
      name: 'GraphQL search of 300 terms',
      limit: 'MAX_SEARCH_TERMS',
      method: 'POST',
      path: '/graphql',
      headers: h,
      body: gql('query($s: String) { products(where: { search: $s }) { totalCount } }', { s: terms }),
      expect: { status: 200, code: 'BAD_USER_INPUT' },
    },
    {
      name: 'GraphQL icontains of 200,000 characters',
      limit: 'MAX_LOOKUP_LENGTH',
      method: 'POST',
      path: '/graphql',
      headers: h,
      body: gql('query($v: String) { products(where: { name: { icontains: $v } }) { totalCount } }', { v: longValue }),
      expect: { status: 200, code: 'BAD_USER_INPUT' },
    },
    {
      name: 'GraphQL in list of 40,000 ids',
      limit: 'MAX_IN_LIST',
      method: 'POST',
      path: '/graphql',
      headers: h,
      body: gql('query($ids: [ID!]) { products(where: { id: { in: $ids } }) { totalCount } }', { ids: bigIn }),
      expect: { status: 200, code: 'BAD_USER_INPUT' },
    },
    {
      // MAX_FILTER_CONDITIONS refuses it now, before MAX_STATEMENT_BYTES would (it would compile to 180 KB of SQL).
      name: '200 long OR conditions (180 KB of SQL)',
      limit: 'MAX_FILTER_CONDITIONS',
      method: 'POST',
      path: '/graphql',
      headers: h,
      body: gql('query($w: ProductWhere) { products(where: $w) { totalCount } }', { w: { OR: manyConditions } }),
      expect: { status: 200, code: 'GRAPHQL_VALIDATION_FAILED' },
    },
    {
      name: 'REST search of 300 terms',
      limit: 'MAX_SEARCH_TERMS',
      method: 'GET',
      path: `/api/products/?search=${encodeURIComponent(terms)}`,
      headers: h,
      expect: { status: 400 },
    },
    {
      name: 'REST icontains of 10,000 characters',
      limit: 'MAX_LOOKUP_LENGTH',
      method: 'GET',
      path: `/api/products/?name__icontains=${'x'.repeat(10_000)}`,
      headers: h,
      expect: { status: 400 },
    },
    {
      name: 'REST in list of 2,000 ids',
      limit: 'MAX_IN_LIST',
      method: 'GET',
      path: `/api/products/?id__in=${bigIn.slice(0, 2_000).join(',')}`,
      headers: h,
      expect: { status: 400 },
    },
    {
      name: 'a JSON body 50,000 levels deep (REST)',
      limit: 'MAX_JSON_DEPTH',
      method: 'PATCH',
      path: '/api/products/1/',
      headers: { ...h, 'content-type': 'application/json' },
      body: `{"attributes": ${deepJson(50_000)}}`,
      expect: { status: 400 },
    },
    {
      name: 'GraphQL variables 20,000 levels deep',
      limit: 'MAX_JSON_DEPTH',
      method: 'POST',
      path: '/graphql',
      headers: { ...h, 'content-type': 'application/json' },
      body: `{"query":"query($w: ProductWhere) { products(where: $w) { totalCount } }","variables":{"w":${'{"AND":['.repeat(20_000)}{}${']}'.repeat(20_000)}}}`,
      expect: { status: 200, code: 'GRAPHQL_VALIDATION_FAILED' },
    },
    {
      name: 'a NUL inside a JSON attribute',
      limit: 'hostile JSON',
      method: 'PATCH',
      path: '/api/products/1/',
      headers: h,
      body: { attributes: { k: '\u0000' } },
      expect: { status: 400 },
    },
    {
      name: 'a malformed Host header',
      limit: 'Host validation',
      method: 'GET',
      path: '/api/products/?page_size=1',
      headers: { ...h, host: 'bad host!' },
      expect: { status: 400 },
    },
    {
      name: 'five registrations through aliases',
      limit: 'one account operation per request',
      method: 'POST',
      path: '/graphql',
      body: gql(`mutation { ${Array.from({ length: 5 }, (_, i) => `r${i}: register(email: "${caller.email()}", password: "a long passphrase ${i}") { user { id } }`).join(' ')} }`),
      expect: { status: 200, code: 'GRAPHQL_VALIDATION_FAILED' },
    },
    {
      name: 'fifteen password guesses through aliases',
      limit: 'one account operation per request',
      method: 'POST',
      path: '/graphql',
      body: gql(`mutation { ${Array.from({ length: 15 }, (_, i) => `t${i}: tokenAuth(email: "nobody@example.com", password: "guess number ${i}") { access }`).join(' ')} }`),
      expect: { status: 200, code: 'GRAPHQL_VALIDATION_FAILED' },
    },
  ];
}
