import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureStatements } from '../../src/db/statement-batch';
import { startTestApp, type TestApp } from '../helpers/app';
import { GRAPHQL_ENGINES, graphql } from '../helpers/graphql';
import { statementsDuring } from '../helpers/statements';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * What one request may make PostgreSQL and Node do (issue 13, part 1), on both doors and engines: the
 * request that would hurt most for each limit is refused before any statement about the client's data
 * is sent, with an error that names the limit. Counts, never times.
 */
describe.each(GRAPHQL_ENGINES)('the cost of one request (%s)', (engine) => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine, MAX_RELATED_ITEMS: '2', MAX_STATEMENT_BYTES: '20000', MAX_PREPARED_STATEMENT_BYTES: '2000' });
    user = await registerUser(t.app, `cost-${engine}`);
    headers = bearer(user.publicTokens.access, user.client.api_key);
    await graphql(t.app, '{ me { id } }', undefined, headers); // the token's account is cached: what follows counts the request's own statements
  });
  afterAll(async () => t.close());

  /** The statements that read or write the client's schema while `work` runs. */
  async function clientStatements(work: () => Promise<unknown>): Promise<string[]> {
    const log = await statementsDuring(t.app, work);
    return log.statements.filter((sql) => sql.includes(`"${user.client.schema}"`));
  }

  it('three levels of pageSize 100 (148 characters, 10⁶ rows) are refused before any statement, naming the estimate and the limit', async () => {
    const query = '{ product(id: 1) { reviews(pageSize: 100) { product { reviews(pageSize: 100) { product { reviews(pageSize: 100) { id } } } } } } }';
    let response: Awaited<ReturnType<typeof graphql>> | undefined;
    expect(await clientStatements(async () => (response = await graphql(t.app, query, undefined, headers)))).toEqual([]);
    expect(response!.data ?? null).toBeNull();
    expect(response!.errors).toHaveLength(1);
    expect(response!.errors![0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', estimatedRows: 1_020_201, maxEstimatedRows: 50_000 });
    expect(response!.errors![0].message).toMatch(/could read 1,020,201 rows .* the limit is 50,000 \(MAX_ESTIMATED_ROWS\)/);
    expect(response!.errors![0].extensions).not.toHaveProperty('http');
  });

  it('a document with a variable of a recursive input type, sent again and again, answers each time (graphql-jit ran out of heap compiling it)', async () => {
    const query = 'query($w: ProductWhere) { products(where: $w) { totalCount } }';
    const heapBefore = process.memoryUsage().heapUsed;
    for (let i = 0; i < 4; i++) {
      const response = await graphql(t.app, query, { w: { OR: [{ price: { lt: '10' } }, { NOT: { stock: { gte: 1 } } }] } }, headers);
      expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
      expect(response.data.products.totalCount).toBeGreaterThan(0);
    }
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024); // the compile grew it by gigabytes
  });

  it('page sizes given as variables, fragments and aliases are all counted', async () => {
    const viaVariables = await graphql(
      t.app,
      'query($n: Int = 100) { product(id: 1) { ...R } } fragment R on Product { reviews(pageSize: $n) { product { a: reviews(pageSize: $n) { id } b: reviews(pageSize: $n) { id } ...S } } } fragment S on Product { c: reviews(pageSize: $n) { id } d: reviews(pageSize: $n) { id } e: reviews(pageSize: $n) { id } }',
      {},
      headers,
    );
    // product 1, its 100 reviews, their 100 products, and five lists of 100 reviews under each.
    expect(viaVariables.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', estimatedRows: 1 + 100 + 100 + 5 * 10_000 });
    const withinWhenSmaller = await graphql(t.app, 'query($n: Int) { product(id: 1) { reviews(pageSize: $n) { product { reviews(pageSize: $n) { id } } } } }', { n: 10 }, headers);
    expect(withinWhenSmaller.errors).toBeUndefined();
    const wide = Array.from({ length: 15 }, (_, i) => `a${i}: products(pageSize: 100) { items { reviews(pageSize: 100) { id } } }`).join(' ');
    let refused: Awaited<ReturnType<typeof graphql>> | undefined;
    expect(await clientStatements(async () => (refused = await graphql(t.app, `{ ${wide} }`, undefined, headers)))).toEqual([]);
    expect(refused!.errors?.[0].extensions).toMatchObject({ code: 'GRAPHQL_VALIDATION_FAILED', estimatedRows: 15 * (1 + 100 + 10_000) }); // each page counts as one row too (its totalCount)
  });

  it('a query within the estimate runs (a page of 20 with its category, tags and three reviews each)', async () => {
    const response = await graphql(t.app, '{ products(pageSize: 20) { totalCount items { id category { name } tags { id } reviews(pageSize: 3) { rating } } } }', undefined, headers);
    expect(response.errors).toBeUndefined();
    expect(response.data.products.items).toHaveLength(20);
  });

  it('a many-to-many list holds at most MAX_RELATED_ITEMS, read ahead or level by level alike', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/products/', headers, payload: { sku: `REL-${engine}`, name: 'Related', price: '1.00', tags: [1, 2, 3, 4] } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id;
    const ahead = await graphql(t.app, `{ product(id: ${id}) { tags { id } } }`, undefined, headers);
    expect(ahead.data.product.tags).toEqual([{ id: '1' }, { id: '2' }]);
    // Two `items` selections cannot be planned as one statement: the batch loaders answer, with the same cap.
    const levelByLevel = await graphql(t.app, `{ products(where: { id: { eq: ${id} } }) { a: items { tags { id } } b: items { id } } }`, undefined, headers);
    expect(levelByLevel.data.products.a[0].tags).toEqual([{ id: '1' }, { id: '2' }]);
    // REST shows every id, as DRF does: its expansion is one row per distinct id, bounded by the client's quota.
    expect((await t.app.inject({ method: 'GET', url: `/api/products/${id}/`, headers })).json().tags).toEqual([1, 2, 3, 4]);
  });

  it('many-to-many filters offer only the lookups they compile, and each compiles', async () => {
    const refused = await graphql(t.app, '{ products(where: { tags: { id: { gt: "0" } } }) { totalCount } }', undefined, headers);
    expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(/"gt" is not defined by type "RelationIdFilter"/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const range = await graphql(t.app, '{ products(where: { category: { id: { range: ["1", "3"] } } }) { totalCount } }', undefined, headers);
    expect(range.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const count = async (where: string) => {
      const response = await graphql(t.app, `{ products(where: ${where}) { totalCount } }`, undefined, headers);
      expect(response.errors, where).toBeUndefined();
      return response.data.products.totalCount as number;
    };
    const rest = async (query: string) => (await t.app.inject({ method: 'GET', url: `/api/products/?page_size=1&${query}`, headers })).json().count as number;
    expect(await count('{ tags: { id: { in: [] } } }')).toBe(0);
    expect(await count('{ tags: { id: { eq: "5" } } }')).toBe(await rest('tags=5'));
    expect(await count('{ tags: { id: { exact: "5" } } }')).toBe(await rest('tags=5'));
    expect(await count('{ tags: { id: { in: ["5", "6"] } } }')).toBe(await rest('tags__in=5,6'));
    expect(await count('{ tags: { isnull: true } }')).toBe(await rest('tags__isnull=true'));
    expect(await count('{ tags: { isnull: false } }')).toBe(await rest('tags__isnull=false'));
    expect(await count('{ category: { id: { in: [] } } }')).toBe(0);
    expect(await count('{ category: { id: { in: ["1", "2"] } } }')).toBe(await rest('category__in=1,2'));
    expect(await count('{ category: { isnull: true } }')).toBe(await rest('category__isnull=true'));
  });

  it('search terms, lookup values and in lists are bounded before any SQL is written', async () => {
    const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
      ['query($s: String) { products(where: { search: $s }) { totalCount } }', { s: Array.from({ length: 300 }, (_, i) => `t${i}`).join(' ') }, 'search', /no more than 10 terms \(MAX_SEARCH_TERMS\)/],
      ['query($v: String) { products(where: { name: { icontains: $v } }) { totalCount } }', { v: 'x'.repeat(200_000) }, 'name.icontains', /no more than 1,000 characters \(MAX_LOOKUP_LENGTH\)/],
      ['query($ids: [ID!]) { products(where: { id: { in: $ids } }) { totalCount } }', { ids: Array.from({ length: 40_000 }, (_, i) => String(i)) }, 'id.in', /no more than 1,000 values \(MAX_IN_LIST\)/],
    ];
    for (const [query, variables, field, message] of cases) {
      let response: Awaited<ReturnType<typeof graphql>> | undefined;
      expect(await clientStatements(async () => (response = await graphql(t.app, query, variables, headers)))).toEqual([]);
      expect(response!.errors?.[0].extensions?.code, field).toBe('BAD_USER_INPUT');
      expect(response!.errors?.[0].extensions?.fields?.[field]?.[0], field).toMatch(message);
    }
    const rest: Array<[string, string, RegExp]> = [
      [`search=${Array.from({ length: 300 }, (_, i) => `t${i}`).join('+')}`, 'search', /MAX_SEARCH_TERMS/],
      [`name__icontains=${'x'.repeat(10_000)}`, 'name__icontains', /MAX_LOOKUP_LENGTH/],
      [`id__in=${Array.from({ length: 2_000 }, (_, i) => i + 1).join(',')}`, 'id__in', /MAX_IN_LIST/],
    ];
    for (const [query, parameter, message] of rest) {
      let response: Awaited<ReturnType<typeof t.app.inject>> | undefined;
      expect(await clientStatements(async () => (response = await t.app.inject({ method: 'GET', url: `/api/products/?${query}`, headers })))).toEqual([]);
      expect(response!.statusCode, parameter).toBe(400);
      expect(response!.json()[parameter][0]).toMatch(message);
    }
  });

  it('a statement that would compile past MAX_STATEMENT_BYTES is never sent', async () => {
    const conditions = Array.from({ length: 40 }, (_, i) => ({ name: { icontains: `${i}`.padEnd(900, 'y') } })); // ~40 KB of SQL, each value within its own limit
    let response: Awaited<ReturnType<typeof graphql>> | undefined;
    expect(await clientStatements(async () => (response = await graphql(t.app, 'query($w: ProductWhere) { products(where: $w) { totalCount } }', { w: { OR: conditions } }, headers)))).toEqual([]);
    expect(response!.errors?.[0]).toMatchObject({ message: expect.stringMatching(/compiles to [\d.]+ KB of SQL, more than MAX_STATEMENT_BYTES \(19\.5 KB\)/), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('a statement past MAX_PREPARED_STATEMENT_BYTES is never kept as a prepared statement, however often it is sent', async () => {
    const names: Array<string | undefined> = [];
    const record = (query: { sql: string; options?: { name?: string } }) => {
      if (query.sql.includes('"id" in (')) names.push(query.options?.name);
    };
    const ids = Array.from({ length: 900 }, (_, i) => String(i + 1)); // ~5 KB of SQL: allowed, but not to be prepared
    const knex = t.app.orm.em.getKnex();
    knex.on('query', record);
    try {
      for (let i = 0; i < 3; i++) {
        const response = await graphql(t.app, 'query($ids: [ID!]) { products(where: { id: { in: $ids } }) { totalCount } }', { ids }, headers);
        expect(response.errors).toBeUndefined();
      }
    } finally {
      knex.off('query', record);
    }
    expect(names).toEqual([undefined, undefined, undefined]);
    // The same read with a short list is prepared from its second sighting (the bound is what made the difference).
    configureStatements(t.app.orm, { prepared: true, maxStatementBytes: 20_000, maxPreparedStatementBytes: 20_000 });
    try {
      knex.on('query', record);
      names.length = 0;
      for (let i = 0; i < 2; i++) await graphql(t.app, 'query($ids: [ID!]) { products(where: { id: { in: $ids } }) { totalCount } }', { ids }, headers);
      expect(names[1]).toMatch(/^sg_/);
    } finally {
      knex.off('query', record);
      configureStatements(t.app.orm, { prepared: true, maxStatementBytes: 20_000, maxPreparedStatementBytes: 2_000 });
    }
  });
});

describe('the cost of one REST request against a tighter budget', () => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp({ MAX_ESTIMATED_ROWS: '1000', MAX_RESPONSE_BYTES: '20000' });
    const user = await registerUser(t.app, 'cost-rest');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  it('page_size × expand past MAX_ESTIMATED_ROWS is a 400 naming the parameter, before any statement', async () => {
    let response: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    const log = await statementsDuring(t.app, async () => (response = await t.app.inject({ method: 'GET', url: '/api/products/?page_size=100&expand=tags', headers })));
    expect(log.statements).toEqual([]);
    expect(response!.statusCode).toBe(400);
    expect(response!.json()).toEqual({ expand: [expect.stringMatching(/could read 10,100 rows .* the limit is 1,000 \(MAX_ESTIMATED_ROWS\)/)] });
    const small = await t.app.inject({ method: 'GET', url: '/api/products/?page_size=5&expand=tags', headers });
    expect(small.statusCode, small.body).toBe(200);
  });

  it('a response past MAX_RESPONSE_BYTES is a 400 naming the limit (REST), and PostgreSQL measures a GraphQL tree before sending it', async () => {
    const rest = await t.app.inject({ method: 'GET', url: '/api/products/?page_size=100', headers });
    expect(rest.statusCode).toBe(400);
    expect(rest.json()).toEqual({ detail: expect.stringMatching(/^The response would be [\d.]+ KB, more than MAX_RESPONSE_BYTES \(19\.5 KB\)/) });
    const received: number[] = [];
    const record = (response: unknown) => received.push(JSON.stringify(response ?? null).length);
    const knex = t.app.orm.em.getKnex();
    knex.on('query-response', record);
    let gql: Awaited<ReturnType<typeof graphql>> | undefined;
    try {
      gql = await graphql(t.app, '{ products(pageSize: 50) { items { name description reviews(pageSize: 9) { title body } } } }', undefined, headers);
    } finally {
      knex.off('query-response', record);
    }
    expect(gql!.errors?.[0]).toMatchObject({ message: expect.stringMatching(/MAX_RESPONSE_BYTES/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(Math.max(...received)).toBeLessThan(2_000); // the tree's size came back, not the tree
  });
});
