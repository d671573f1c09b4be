import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql } from '../helpers/graphql';
import { statementsDuring } from '../helpers/statements';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * A write is one statement (its checks, the row, its many-to-many links and the quota settings as
 * CTEs), sent in one round trip; a GraphQL mutation's answer is read in the same message.
 */
describe('SQL statements per write', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  let schema: string;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'write-statements');
    headers = bearer(user.publicTokens.access, user.client.api_key);
    schema = user.client.schema;
    await t.app.inject({ method: 'GET', url: '/api/tags/', headers }); // warm the token's account cache
  });
  afterAll(async () => t.close());

  const rest = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) => t.app.inject({ method, url, headers, payload });
  const tagsOf = async (id: number) => (await t.app.pool.query(`select array_agg(tag_id order by tag_id) as ids from "${schema}".product_tags where product_id = $1`, [id])).rows[0].ids;
  const productCount = async () => (await t.app.pool.query(`select count(*)::int as n from "${schema}".products`)).rows[0].n;

  it('REST create, update and delete are one statement and one round trip each, many-to-many links included', async () => {
    let id = 0;
    const created = await statementsDuring(t.app, async () => {
      const response = await rest('POST', '/api/products/', { sku: 'ONE-1', name: 'One', price: '3.50', category: 2, tags: [3, 1] });
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json()).toMatchObject({ sku: 'ONE-1', price: '3.50', category: 2, tags: [1, 3], stock: 0, is_active: true });
      id = response.json().id;
    });
    expect(created.statements).toHaveLength(1);
    expect(created.roundTrips).toBe(1);
    expect(created.statements[0]).toMatch(/^with "settings"/);
    expect(await tagsOf(id)).toEqual([1, 3]);

    const patched = await statementsDuring(t.app, async () => {
      const response = await rest('PATCH', `/api/products/${id}/`, { name: 'Two', tags: [2] });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({ name: 'Two', sku: 'ONE-1', tags: [2] });
    });
    expect(patched.statements).toHaveLength(1);
    expect(patched.roundTrips).toBe(1);
    expect(await tagsOf(id)).toEqual([2]);

    const put = await statementsDuring(t.app, async () => {
      const response = await rest('PUT', `/api/products/${id}/`, { sku: 'ONE-1', name: 'Three', price: '4.00' });
      expect(response.statusCode, response.body).toBe(200);
      // A PUT without the many-to-many field leaves its links (as DRF's serializer does).
      expect(response.json()).toMatchObject({ name: 'Three', price: '4.00', tags: [2] });
    });
    expect(put.statements).toHaveLength(1);

    const deleted = await statementsDuring(t.app, async () => expect((await rest('DELETE', `/api/products/${id}/`)).statusCode).toBe(204));
    expect(deleted.statements).toHaveLength(1);
    expect(deleted.roundTrips).toBe(1);
    expect((await t.app.pool.query(`select count(*)::int as n from "${schema}".products where id = $1`, [id])).rows[0].n).toBe(0);
  });

  it('a taken unique value and a missing id are found by the same statement, which then writes nothing', async () => {
    const before = await productCount();
    const log = await statementsDuring(t.app, async () => {
      const response = await rest('POST', '/api/products/', { sku: 'KIT-CUT-000001', name: 'n', price: '1', category: 99999, tags: [1, 88888, 77777] });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        sku: ['product with this sku already exists.'],
        category: ['Invalid pk "99999" - object does not exist.'],
        tags: ['Invalid pk "88888" - object does not exist.'],
      });
    });
    expect(log.statements).toHaveLength(1);
    expect(await productCount()).toBe(before);
  });

  it('a body refused field by field still reports the database checks, in one statement that writes nothing', async () => {
    const before = await productCount();
    const log = await statementsDuring(t.app, async () => {
      const response = await rest('POST', '/api/products/', { sku: 'KIT-CUT-000001', name: '', price: '1', tags: [424242] });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ sku: ['product with this sku already exists.'], name: ['This field may not be blank.'], tags: ['Invalid pk "424242" - object does not exist.'] });
    });
    expect(log.statements).toHaveLength(1);
    expect(log.statements[0]).not.toMatch(/insert into/);
    expect(await productCount()).toBe(before);
  });

  it('an update or delete of a row that is not there is a 404 before any 400, from the same one statement', async () => {
    const log = await statementsDuring(t.app, async () => {
      expect((await rest('PATCH', '/api/products/999999/', { name: '' })).statusCode).toBe(404);
      expect((await rest('PATCH', '/api/products/999999/', { name: 'fine' })).statusCode).toBe(404);
      expect((await rest('DELETE', '/api/products/999999/')).statusCode).toBe(404);
    });
    expect(log.statements).toHaveLength(3);
  });

  it('its own unique value is no conflict on update (Django excludes the instance)', async () => {
    const response = await rest('PATCH', '/api/products/1/', { sku: 'KIT-CUT-000001', stock: 3 });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ sku: 'KIT-CUT-000001', stock: 3 });
  });

  it("a write's values are bounded by the body limit, not by MAX_STATEMENT_BYTES (the SQL compiled around them is)", async () => {
    const description = "it's ".repeat(60_000); // 300 KB, every quote doubled when inlined
    const response = await rest('PATCH', '/api/products/2/', { description });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect((await t.app.pool.query(`select length(description) as n from "${schema}".products where id = 2`)).rows[0].n).toBe(description.trim().length); // CharField trims
  });

  it('every update touches updated_at, as auto_now does', async () => {
    const before = (await rest('PATCH', '/api/tags/1/', {})).json().updated_at;
    const after = (await rest('PATCH', '/api/tags/1/', {})).json().updated_at;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
  });

  it('a GraphQL create or update is one round trip: the write, then its selection read in the same message', async () => {
    let id = '';
    const created = await statementsDuring(t.app, async () => {
      const response = await graphql(t.app, 'mutation { createProduct(data: { sku: "GQ-ONE", name: "Pot", price: "2.00", category: "3", tags: ["4", "2"] }) { id sku category { id name } tags { id } reviews { id } } }', undefined, headers);
      expect(response.errors).toBeUndefined();
      expect(response.data.createProduct).toMatchObject({ sku: 'GQ-ONE', category: { id: '3' }, tags: [{ id: '2' }, { id: '4' }], reviews: [] });
      expect(typeof response.data.createProduct.category.name).toBe('string');
      id = response.data.createProduct.id;
    });
    expect(created.roundTrips).toBe(1);
    expect(created.statements).toHaveLength(2);

    const updated = await statementsDuring(t.app, async () => {
      const response = await graphql(t.app, `mutation { updateProduct(id: "${id}", data: { tags: ["5"], name: "Kettle" }) { name tags { id } } }`, undefined, headers);
      expect(response.errors).toBeUndefined();
      expect(response.data.updateProduct).toEqual({ name: 'Kettle', tags: [{ id: '5' }] });
    });
    expect(updated.roundTrips).toBe(1);

    const refused = await graphql(t.app, 'mutation { createProduct(data: { sku: "GQ-ONE", name: "x", price: "1" }) { id } }', undefined, headers);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { sku: ['product with this sku already exists.'] } });
  });
});
