import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql, GRAPHQL_ENGINES } from '../helpers/graphql';
import { bearer, registerUser } from '../helpers/users';

/** The scalars under the names clients and code generators know: DateTime (ISO 8601), JSON (an object), Decimal (decimal.test.ts). */
describe.each(GRAPHQL_ENGINES)('the DateTime and JSON scalars (%s)', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;
  const sql = async (query: string) => (await t.app.pool.query(query)).rows;
  let documents = 0;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    const user = await registerUser(t.app, 'scalars');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  it('are named DateTime and JSON in the schema', async () => {
    const result = await graphql(t.app, '{ __schema { types { name kind } } }', undefined, headers);
    const scalars = result.data.__schema.types.filter((type: { kind: string }) => type.kind === 'SCALAR').map((type: { name: string }) => type.name);
    expect(scalars).toEqual(expect.arrayContaining(['DateTime', 'JSON', 'Decimal']));
    expect(scalars).not.toContain('DateTimeISO');
    expect(scalars).not.toContain('JSONObject');
  });

  it('DateTime: a date alone is midnight UTC in filters, in literals and variables; answered as ISO 8601 at UTC', async () => {
    const [{ n }] = await sql("select count(*)::int as n from public.orders where placed_at >= '2024-01-01T00:00:00Z' and placed_at < '2024-07-01T00:00:00Z'");
    expect(n).toBeGreaterThan(0);
    const literal = await graphql(t.app, '{ orders(where: { placedAt: { gte: "2024-01-01", lt: "2024-07-01T00:00:00Z" } }, pageSize: 1) { totalCount items { placedAt } } }', undefined, headers);
    expect(literal.errors).toBeUndefined();
    expect(literal.data.orders.totalCount).toBe(n);
    expect(literal.data.orders.items[0].placedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?Z$/);
    const variables = await graphql(t.app, `query O${++documents}($w: OrderWhere) { orders(where: $w) { totalCount } }`, { w: { placedAt: { gte: '2024-01-01', lt: '2024-07-01' } } }, headers);
    expect(variables.data.orders.totalCount).toBe(n);
    const range = await graphql(t.app, '{ orders(where: { placedAt: { range: ["2024-01-01", "2024-06-30T23:59:59.999Z"] } }) { totalCount } }', undefined, headers);
    expect(range.data.orders.totalCount).toBe(n);
  });

  it('DateTime: a date that does not exist or is not one is a validation error naming the value, never a server error', async () => {
    const bad = await graphql(t.app, '{ orders(where: { placedAt: { gte: "2024-02-30" } }) { totalCount } }', undefined, headers);
    expect(bad.errors![0]).toMatchObject({ message: expect.stringContaining('DateTime cannot represent an invalid date 2024-02-30'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const word = await graphql(t.app, `query O${++documents}($w: OrderWhere) { orders(where: $w) { totalCount } }`, { w: { placedAt: { gte: 'yesterday' } } }, headers);
    expect(word.errors![0]).toMatchObject({ message: expect.stringContaining('DateTime cannot represent'), extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('DateTime in writes: an order placed at a given time', async () => {
    const created = await graphql(t.app, 'mutation { createOrder(data: { customer: "1", placedAt: "2024-03-01T10:30:00Z" }) { id placedAt } }', undefined, headers);
    expect(created.errors).toBeUndefined();
    expect(created.data.createOrder.placedAt).toBe('2024-03-01T10:30:00Z');
  });

  it('JSON: attributes are objects in and out; an array or a bare value is refused with a message saying so', async () => {
    const [{ attributes }] = await sql('select attributes from public.products where id = 1');
    const read = await graphql(t.app, '{ product(id: 1) { attributes } }', undefined, headers);
    expect(read.data.product.attributes).toEqual(attributes);
    const written = await graphql(t.app, 'mutation { updateProduct(id: 1, data: { attributes: { color: "red", sizes: [1, 2] } }) { attributes } }', undefined, headers);
    expect(written.errors).toBeUndefined();
    expect(written.data.updateProduct.attributes).toEqual({ color: 'red', sizes: [1, 2] });
    const byVariable = await graphql(t.app, 'mutation($a: JSON) { updateProduct(id: 1, data: { attributes: $a }) { attributes } }', { a: { size: 'L' } }, headers);
    expect(byVariable.data.updateProduct.attributes).toEqual({ size: 'L' });
    const array = await graphql(t.app, 'mutation { updateProduct(id: 1, data: { attributes: [1, 2] }) { id } }', undefined, headers);
    expect(array.errors![0]).toMatchObject({ message: expect.stringContaining('JSON here takes an object'), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    for (const value of [5, 'red', [1]]) {
      const wrong = await graphql(t.app, 'mutation($a: JSON) { updateProduct(id: 1, data: { attributes: $a }) { id } }', { a: value }, headers);
      expect(wrong.errors![0]).toMatchObject({ message: expect.stringContaining('JSON here takes an object'), extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});
