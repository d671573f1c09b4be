import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { validationErrorFromDatabase } from '../../src/resources/db-errors';
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

  describe('validation: every failing field at once, DRF 3.14 messages and coercions', () => {
    const post = (url: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url, headers, payload });
    const row = async (table: string, id = 1) => (await t.app.pool.query(`select * from "${schema}".${table} where id = $1`, [id])).rows[0];

    it('every unique field is reported with the other failures, in field order', async () => {
      const { name, slug } = await row('categories');
      const categories = await post('/api/categories/', { name, slug });
      expect(categories.statusCode).toBe(400);
      expect(categories.json()).toEqual({ name: ['category with this name already exists.'], slug: ['category with this slug already exists.'] });
      const { sku: taken } = await row('products');
      const products = await post('/api/products/', { sku: taken, name: ' ', price: 'cheap' });
      expect(JSON.stringify(products.json())).toBe(
        JSON.stringify({ sku: ['product with this sku already exists.'], name: ['This field may not be blank.'], price: ['A valid number is required.'] }),
      );
    });

    it('an update may keep its own unique values', async () => {
      const { id, sku: code } = await product();
      const response = await t.app.inject({ method: 'PATCH', url: `/api/products/${id}/`, headers, payload: { sku: code, name: 'Renamed' } });
      expect(response.statusCode, response.body).toBe(200);
    });

    it.each([
      ['123456789.5', { price: ['Ensure that there are no more than 8 digits before the decimal point.'] }],
      ['12345678901', { price: ['Ensure that there are no more than 10 digits in total.'] }],
      ['1.500', { price: ['Ensure that there are no more than 2 decimal places.'] }],
      ['NaN', { price: ['A valid number is required.'] }],
      ['x'.repeat(1001), { price: ['String value too large.'] }],
    ])('price %s is refused before the database sees it', async (price, expected) => {
      const response = await post('/api/products/', { sku: sku(), name: 'n', price });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual(expected);
    });

    it.each([
      ['1e2', '100.00'],
      [12.5, '12.50'],
      ['  7.1 ', '7.10'],
      ['0.5', '0.50'],
      ['.25', '0.25'],
    ])('price %j is read as DRF reads it: %s', async (price, stored) => {
      expect((await product({ price })).price).toBe(stored);
    });

    it.each([
      ['12.0', 12],
      [12.0, 12],
      [' 7 ', 7],
      ['3.000', 3],
    ])('stock %j is the integer %d', async (stock, expected) => {
      expect((await product({ stock })).stock).toBe(expected);
    });

    it.each([['12.5'], [12.5], [true], ['1e2']])('stock %j is not an integer', async (stock) => {
      const response = await post('/api/products/', { sku: sku(), name: 'n', price: '1', stock });
      expect(response.json()).toEqual({ stock: ['A valid integer is required.'] });
    });

    it('integers past PostgreSQL\'s integer are refused with Django\'s bound', async () => {
      const response = await post('/api/products/', { sku: sku(), name: 'n', price: '1', stock: 3_000_000_000 });
      expect(response.json()).toEqual({ stock: ['Ensure this value is less than or equal to 2147483647.'] });
    });

    it.each([
      ['yes', true], ['no', false], ['on', true], ['off', false], ['1', true], ['0', false], ['true', true], ['false', false], ['Y', true], ['f', false], [1, true], [0, false],
    ])('is_active %j is %s (BooleanField.TRUE_VALUES and FALSE_VALUES)', async (value, expected) => {
      expect((await product({ is_active: value })).is_active).toBe(expected);
    });

    it('strings are trimmed; blank after the trim is blank', async () => {
      expect((await product({ name: '  Copper Kettle \n' })).name).toBe('Copper Kettle');
      const blank = await post('/api/products/', { sku: sku(), name: ' \t ', price: '1' });
      expect(blank.json()).toEqual({ name: ['This field may not be blank.'] });
    });

    it('emails and slugs are checked as EmailField and SlugField check them', async () => {
      const customer = await post('/api/customers/', { email: 'not-an-email', first_name: 'a', last_name: 'b', country: 'GB' });
      expect(customer.statusCode).toBe(400);
      expect(customer.json()).toEqual({ email: ['Enter a valid email address.'] });
      const user = await post('/api/users/', { email: 'two@@example.com', password: 'a long passphrase' });
      expect(user.json()).toEqual({ email: ['Enter a valid email address.'] });
      const category = await post('/api/categories/', { name: 'Not a slug', slug: 'not a slug!' });
      expect(category.json()).toEqual({ slug: ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'] });
      const good = await post('/api/customers/', { email: ' ok.person+tag@example.co.uk ', first_name: 'a', last_name: 'b', country: 'GB' });
      expect(good.statusCode, good.body).toBe(201);
      expect(good.json().email).toBe('ok.person+tag@example.co.uk');
    });

    it('a relation sent as "" is null (DRF\'s RelatedField), refused where it is required', async () => {
      expect((await product({ category: '' })).category).toBeNull();
      const item = await post('/api/order-items/', { order: 1, product: '', quantity: 1, unit_price: '1' });
      expect(item.json()).toEqual({ product: ['This field may not be null.'] });
    });

    it("the database's own refusals (a race past the checks) land on their field in DRF's words", async () => {
      const spec = t.app.resources.registry.get('Product')!;
      const refusal = (column: string, value: unknown) =>
        t.app.pool
          .query(`insert into "${schema}".products (sku, name, price) values ('RACE', 'n', 1); update "${schema}".products set ${column} = '${value}' where sku = 'RACE'`)
          .then(() => 'accepted', (error) => validationErrorFromDatabase(spec, error)?.fields ?? error.message);
      expect(await refusal('description', 'ok')).toBe('accepted');
      await t.app.pool.query(`delete from "${schema}".products where sku = 'RACE'`);
      expect(await refusal('sku', 'x'.repeat(33))).toEqual({ sku: ['Ensure this field has no more than 32 characters.'] });
      expect(await refusal('price', '123456789')).toEqual({ price: ['Ensure that there are no more than 8 digits before the decimal point.'] });
      expect(await refusal('price', '-1')).toEqual({ price: ['Ensure this value is greater than or equal to 0.'] });
      expect(await refusal('stock', '3000000000')).toEqual({ stock: ['Ensure this value is less than or equal to 2147483647.'] });
    });
  });
});
