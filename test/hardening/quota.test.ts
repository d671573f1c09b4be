import { escapeIdentifier } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql } from '../helpers/graphql';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** Per-client quotas (issue 13, part 3): exact counts from every door; past the quota a write is refused whole. */
describe('per-client quotas', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  /** Rows a fresh client holds: the reference data and its owner. */
  let copied: number;

  /** What the client really holds: every table counted, the bookkeeping aside. */
  async function realRows(schema: string): Promise<number> {
    const { rows: tables } = await t.app.pool.query<{ table: string }>(
      `select c.relname as table from pg_class c where c.relnamespace = $1::regnamespace and c.relkind = 'r' and c.relname not in ('sandbox_usage', 'mikro_orm_migrations')`,
      [schema],
    );
    const sql = tables.map(({ table }) => `select count(*)::int as n from ${escapeIdentifier(schema)}.${escapeIdentifier(table)}`).join(' union all ');
    return (await t.app.pool.query<{ n: number }>(sql)).rows.reduce((sum, row) => sum + row.n, 0);
  }
  const usage = async () => {
    const clients = (await t.app.inject({ method: 'GET', url: '/api/clients/', headers: bearer(user.publicTokens.access) })).json();
    return clients.find((client: { id: number }) => client.id === user.client.id).usage;
  };

  beforeAll(async () => {
    const probe = await startTestApp();
    const probeUser = await registerUser(probe.app, 'quota-probe');
    copied = (await probe.app.pool.query<{ rows: number }>(`select "rows"::int as rows from ${escapeIdentifier(probeUser.client.schema)}.sandbox_usage`)).rows[0].rows;
    await probe.close();
    // Room for five more rows in every client.
    t = await startTestApp({ CLIENT_ROW_QUOTA: String(copied + 5) });
    user = await registerUser(t.app, 'quota');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  it('a fresh client holds exactly its copy, and says so with its quota', async () => {
    expect(await realRows(user.client.schema)).toBe(copied);
    expect(await usage()).toMatchObject({ rows: copied, row_quota: copied + 5 });
    expect((await usage()).bytes).toBeGreaterThan(1_000_000);
  });

  it('writes up to the quota pass; the one past it is a 403 naming CLIENT_ROW_QUOTA and changes nothing', async () => {
    for (let i = 0; i < 3; i++) expect((await t.app.inject({ method: 'POST', url: '/api/tags/', headers, payload: { name: `quota-${i}` } })).statusCode).toBe(201);
    // A product with two tags is three rows (the product and two pivot rows): one too many, so none of it is written.
    const refused = await t.app.inject({ method: 'POST', url: '/api/products/', headers, payload: { sku: 'Q-1', name: 'Over', price: '1.00', tags: [1, 2] } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/would hold [\d,]+ rows, over its quota of [\d,]+ rows \(CLIENT_ROW_QUOTA\)/);
    expect((await t.app.inject({ method: 'GET', url: '/api/products/?sku=Q-1', headers })).json().count).toBe(0);
    expect(await realRows(user.client.schema)).toBe(copied + 3);
    expect((await usage()).rows).toBe(copied + 3);
    // The same through GraphQL: FORBIDDEN, with the same words.
    const viaGraphql = await graphql(t.app, 'mutation { createProduct(data: { sku: "Q-2", name: "Over", price: "1.00", tags: ["1", "2"] }) { id } }', undefined, headers);
    expect(viaGraphql.errors?.[0]).toMatchObject({ message: expect.stringMatching(/CLIENT_ROW_QUOTA/), extensions: { code: 'FORBIDDEN' } });
    expect(await realRows(user.client.schema)).toBe(copied + 3);
  });

  it('deleting frees room, cascades included; updates that add no row always pass', async () => {
    const order = (await t.app.inject({ method: 'GET', url: '/api/orders/?page_size=1', headers })).json().results[0];
    const items = (await t.app.inject({ method: 'GET', url: `/api/order-items/?order=${order.id}`, headers })).json().count;
    expect(items).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/orders/${order.id}/`, headers })).statusCode).toBe(204);
    expect(await realRows(user.client.schema)).toBe(copied + 3 - 1 - items);
    expect((await usage()).rows).toBe(copied + 3 - 1 - items);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/products/1/', headers, payload: { name: 'Renamed at the quota' } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/products/', headers, payload: { sku: 'Q-3', name: 'Fits now', price: '1.00', tags: [1, 2] } })).statusCode).toBe(201);
    expect((await usage()).rows).toBe(await realRows(user.client.schema));
  });

  it('a reset starts the count over from the copy', async () => {
    const reset = await t.app.inject({ method: 'POST', url: `/api/clients/${user.client.id}/reset/`, headers: bearer(user.publicTokens.access) });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json().usage).toMatchObject({ rows: copied, row_quota: copied + 5 });
  });
});

describe('the byte quota', () => {
  let t: TestApp;
  let headers: Record<string, string>;

  beforeAll(async () => {
    const probe = await startTestApp();
    const probeUser = await registerUser(probe.app, 'bytes-probe');
    const { bytes } = (await probe.app.pool.query<{ bytes: number }>(`select bytes::int from ${escapeIdentifier(probeUser.client.schema)}.sandbox_usage`)).rows[0];
    await probe.close();
    t = await startTestApp({ CLIENT_BYTE_QUOTA: String(bytes + 100_000) });
    const user = await registerUser(t.app, 'bytes');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  it('a description that would take the client past CLIENT_BYTE_QUOTA is refused, a shorter one is not', async () => {
    // Random text: PostgreSQL compresses repetitive text, and it is the stored size that counts.
    const noise = (length: number) => Array.from({ length }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 89) ^ (i % 7))).join('');
    const big = await t.app.inject({ method: 'PATCH', url: '/api/products/1/', headers, payload: { description: noise(300_000) } });
    expect(big.statusCode).toBe(403);
    expect(big.json().detail).toMatch(/CLIENT_BYTE_QUOTA/);
    const small = await t.app.inject({ method: 'PATCH', url: '/api/products/1/', headers, payload: { description: noise(10_000) } });
    expect(small.statusCode, small.body).toBe(200);
  });
});
