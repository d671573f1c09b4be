import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

describe('writes: DRF messages on the right field, every one at once, nothing changed', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  let schema: string;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'writes');
    headers = bearer(user.publicTokens.access, user.client.api_key);
    schema = user.client.schema;
  });
  afterAll(async () => t.close());

  const productCount = async () => (await t.app.pool.query(`select count(*)::int as n from "${schema}".products`)).rows[0].n;

  it.each([
    ['required fields', {}, { sku: ['This field is required.'], name: ['This field is required.'], price: ['This field is required.'] }],
    ['blank and too long', { sku: 'x'.repeat(33), name: '  ', price: '1' }, { sku: ['Ensure this field has no more than 32 characters.'], name: ['This field may not be blank.'] }],
    ['type errors', { sku: 'T-1', name: 'n', price: 'cheap', stock: 'many', is_active: 'perhaps' }, { price: ['A valid number is required.'], stock: ['A valid integer is required.'], is_active: ['Must be a valid boolean.'] }],
    ['ranges from the check constraints', { sku: 'T-1', name: 'n', price: '-0.01', stock: -1 }, { price: ['Ensure this value is greater than or equal to 0.'], stock: ['Ensure this value is greater than or equal to 0.'] }],
    ['decimal digits', { sku: 'T-1', name: 'n', price: '12345678901' }, { price: ['Ensure that there are no more than 10 digits in total.'] }],
    ['decimal places', { sku: 'T-1', name: 'n', price: '1.999' }, { price: ['Ensure that there are no more than 2 decimal places.'] }],
    ['missing referenced ids', { sku: 'T-1', name: 'n', price: '1', category: 99999, tags: [1, 99999] }, { category: ['Invalid pk "99999" - object does not exist.'], tags: ['Invalid pk "99999" - object does not exist.'] }],
    ['relation types', { sku: 'T-1', name: 'n', price: '1', category: 'three', tags: 'one' }, { category: ['Incorrect type. Expected pk value, received str.'], tags: ['Expected a list of items but got type "str".'] }],
    ['null where not allowed', { sku: null, name: 'n', price: '1', category: null }, { sku: ['This field may not be null.'] }],
    ['unique', { sku: 'KIT-CUT-000001', name: 'n', price: '1' }, { sku: ['product with this sku already exists.'] }],
  ])('products: %s', async (_case, payload, expected) => {
    const before = await productCount();
    const response = await t.app.inject({ method: 'POST', url: '/api/products/', headers, payload });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toEqual(expected);
    expect(await productCount()).toBe(before);
  });

  it('enums, ranges and ISO codes on other entities', async () => {
    const order = await t.app.inject({ method: 'POST', url: '/api/orders/', headers, payload: { customer: 1, status: 'lost', placed_at: 'yesterday' } });
    expect(order.json()).toEqual({
      status: ['"lost" is not a valid choice.'],
      placed_at: ['Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].'],
    });
    const review = await t.app.inject({ method: 'POST', url: '/api/reviews/', headers, payload: { product: 1, customer: 1, rating: 6, title: 't' } });
    expect(review.json()).toEqual({ rating: ['Ensure this value is less than or equal to 5.'] });
    const item = await t.app.inject({ method: 'POST', url: '/api/order-items/', headers, payload: { order: 1, product: 1, quantity: 0, unit_price: '1' } });
    expect(item.json()).toEqual({ quantity: ['Ensure this value is greater than or equal to 1.'] });
    const customer = await t.app.inject({ method: 'POST', url: '/api/customers/', headers, payload: { email: 'c@example.com', first_name: 'a', last_name: 'b', country: 'gb' } });
    expect(customer.statusCode).toBe(400);
    expect(Object.keys(customer.json())).toEqual(['country']);
  });

  it('read-only and unknown fields are ignored, as DRF does', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/tags/',
      headers,
      payload: { id: 424242, created_at: '2000-01-01T00:00:00Z', name: 'ignored-fields', colour: 'blue' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().id).not.toBe(424242);
    expect(response.json().created_at).not.toMatch(/^2000/);
    expect(response.json()).not.toHaveProperty('colour');
  });

  it('PUT needs every required field; PATCH any subset', async () => {
    const put = await t.app.inject({ method: 'PUT', url: '/api/products/1/', headers, payload: { price: '3.00' } });
    expect(put.statusCode).toBe(400);
    expect(put.json()).toEqual({ sku: ['This field is required.'], name: ['This field is required.'] });
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/products/1/', headers, payload: { price: '3.00' } });
    expect(patch.statusCode).toBe(200);
    expect(patch.json().price).toBe('3.00');
  });

  it('a protected delete is a 400, not a 500', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: '/api/products/1/', headers });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ non_field_errors: ['Cannot delete this product: it is referenced by order items.'] });
    const customer = await t.app.inject({ method: 'DELETE', url: '/api/customers/1/', headers });
    expect(customer.statusCode).toBe(400);
  });

  it('malformed JSON is a 400 that says so', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/products/', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"sku": ' });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/^JSON parse error/);
  });

  it('a body that is not a JSON object is a 400', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/tags/', headers, payload: ['a'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  });
});
