import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql } from '../helpers/graphql';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** Writes as a DRF 3.14 ModelViewSet answers them: status and exact body, per point of the issue "Real clients work unchanged". */
describe('DRF-shaped writes', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  let schema: string;
  let serial = 0;
  const sku = () => `DRF-${++serial}`;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'drf-writes');
    headers = bearer(user.publicTokens.access, user.client.api_key);
    schema = user.client.schema;
  });
  afterAll(async () => t.close());

  const tagsOf = async (id: number) =>
    (await t.app.pool.query(`select tag_id from "${schema}".product_tags where product_id = $1 order by tag_id`, [id])).rows.map((row) => row.tag_id);

  async function product(extra: Record<string, unknown> = {}): Promise<Record<string, any>> {
    const created = await t.app.inject({ method: 'POST', url: '/api/products/', headers, payload: { sku: sku(), name: 'Kettle', price: '9.90', tags: [1, 2], ...extra } });
    expect(created.statusCode, created.body).toBe(201);
    return created.json();
  }

  describe('an empty list clears a many-to-many relation', () => {
    it.each(['PATCH', 'PUT'] as const)('%s with "tags": [] answers and stores no tags', async (method) => {
      const { id, sku: code } = await product();
      expect(await tagsOf(id)).toEqual([1, 2]);
      const response = await t.app.inject({ method, url: `/api/products/${id}/`, headers, payload: { sku: code, name: 'Kettle', price: '9.90', tags: [] } });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().tags).toEqual([]);
      expect(await tagsOf(id)).toEqual([]);
    });

    it('PUT without "tags" keeps them (the field is not required), as DRF does', async () => {
      const { id, sku: code } = await product();
      const response = await t.app.inject({ method: 'PUT', url: `/api/products/${id}/`, headers, payload: { sku: code, name: 'Kettle', price: '9.90' } });
      expect(response.json().tags).toEqual([1, 2]);
    });

    it('GraphQL updateProduct(data: { tags: [] }) clears them too', async () => {
      const { id } = await product();
      const updated = await graphql(t.app, `mutation { updateProduct(id: "${id}", data: { tags: [] }) { tags { id } } }`, undefined, headers);
      expect(updated.errors).toBeUndefined();
      expect(updated.data.updateProduct.tags).toEqual([]);
      expect(await tagsOf(id)).toEqual([]);
    });
  });

  describe('attributes is a JSON object or a 400 naming it', () => {
    it.each([
      ['a string', 'notobj', 'str'],
      ['a list', [1, 2], 'list'],
      ['a number', 5, 'int'],
      ['a boolean', true, 'bool'],
    ])('%s is refused', async (_case, attributes, type) => {
      const response = await t.app.inject({ method: 'POST', url: '/api/products/', headers, payload: { sku: sku(), name: 'n', price: '1', attributes } });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ attributes: [`Expected a dictionary of items but got type "${type}".`] });
    });

    it('an object is stored as sent', async () => {
      const created = await product({ attributes: { colour: 'red', sizes: [1, 2], nested: { deep: true } } });
      expect(created.attributes).toEqual({ colour: 'red', sizes: [1, 2], nested: { deep: true } });
    });
  });
});
