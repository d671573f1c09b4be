import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** A valid body per resource, relations by id into the reference data. */
const samples: Record<string, { create: Record<string, unknown>; patch: Record<string, unknown> }> = {
  categories: { create: { name: 'Sandbox Test Category', slug: 'sandbox-test-category', parent: 1 }, patch: { description: 'Rakes and spades' } },
  tags: { create: { name: 'sandbox-test-tag' }, patch: { name: 'sandbox-test-tag-2' } },
  products: {
    create: { sku: 'NEW-0001', name: 'Copper Kettle', price: '49.90', stock: 3, category: 2, tags: [1, 2], attributes: { color: 'copper' } },
    patch: { price: '44.00', tags: [3] },
  },
  customers: { create: { email: 'new.customer@example.com', first_name: 'New', last_name: 'Customer', country: 'DE' }, patch: { city: 'Berlin' } },
  orders: { create: { customer: 1, status: 'paid', notes: 'gift wrap' }, patch: { status: 'shipped' } },
  'order-items': { create: { order: 1, product: 1, quantity: 2, unit_price: '9.99' }, patch: { quantity: 3 } },
  reviews: { create: { product: 1, customer: 1, rating: 4, title: 'Solid', body: 'Does the job.' }, patch: { rating: 5 } },
  users: { create: { email: 'colleague@example.com', password: 'another long passphrase', first_name: 'Col' }, patch: { last_name: 'League' } },
};

describe('CRUD on every entity in a client', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'crud');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  it.each(Object.entries(samples))('%s: create, retrieve, update, partial update, delete', async (path, sample) => {
    const created = await t.app.inject({ method: 'POST', url: `/api/${path}/`, headers, payload: sample.create });
    expect(created.statusCode, created.body).toBe(201);
    const object = created.json();
    expect(object.id).toEqual(expect.any(Number));
    expect(object).not.toHaveProperty('password');
    for (const [key, value] of Object.entries(sample.create)) if (key !== 'password') expect(object[key], key).toEqual(value);

    const read = await t.app.inject({ method: 'GET', url: `/api/${path}/${object.id}/`, headers });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(object);

    const replaced = await t.app.inject({ method: 'PUT', url: `/api/${path}/${object.id}/`, headers, payload: { ...sample.create, ...sample.patch } });
    expect(replaced.statusCode, replaced.body).toBe(200);
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/${path}/${object.id}`, headers, payload: sample.patch });
    expect(patched.statusCode, patched.body).toBe(200);
    for (const [key, value] of Object.entries(sample.patch)) expect(patched.json()[key], key).toEqual(value);
    expect(new Date(patched.json().updated_at) >= new Date(object.updated_at)).toBe(true);

    const deleted = await t.app.inject({ method: 'DELETE', url: `/api/${path}/${object.id}/`, headers });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await t.app.inject({ method: 'GET', url: `/api/${path}/${object.id}/`, headers })).statusCode).toBe(404);
  });

  it('a user created in a client can log in to that client, and its password is stored hashed', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/users/', headers, payload: { email: 'member@example.com', password: 'member passphrase 1' } });
    expect(created.statusCode).toBe(201);
    const { rows } = await t.app.pool.query(`select password from "${user.client.schema}".users where email = 'member@example.com'`);
    expect(rows[0].password).toMatch(/^\$argon2id\$/);
    const token = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': user.client.api_key }, payload: { email: 'member@example.com', password: 'member passphrase 1' } });
    expect(token.statusCode).toBe(200);
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/token/', payload: { email: 'member@example.com', password: 'member passphrase 1' } });
    expect(elsewhere.statusCode).toBe(401);
  });

  it('unknown objects and ids that are not integers are a JSON 404', async () => {
    for (const url of ['/api/products/999999/', '/api/products/abc/', '/api/products/1.5/', '/api/products/-1/']) {
      const response = await t.app.inject({ method: 'GET', url, headers });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toEqual({ detail: 'Not found.' });
    }
  });

  it('every write to public is a 403 with the DESIGN §6 message, through every route', async () => {
    const publicHeaders = bearer(user.publicTokens.access);
    for (const path of Object.keys(samples)) {
      for (const [method, url] of [
        ['POST', `/api/${path}/`],
        ['PUT', `/api/${path}/1/`],
        ['PATCH', `/api/${path}/1/`],
        ['DELETE', `/api/${path}/1/`],
      ] as const) {
        const response = await t.app.inject({ method, url, headers: publicHeaders, payload: method === 'DELETE' ? undefined : samples[path].create });
        expect(response.statusCode, `${method} ${url}`).toBe(403);
        expect(response.json().detail).toMatch(/^The public schema is read-only/);
      }
    }
  });

  it('reads need an authenticated user; in public, users shows only the caller', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/products/' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/products/', headers: { 'api-key': user.client.api_key } })).statusCode).toBe(401);
    const other = await registerUser(t.app, 'other');
    const users = await t.app.inject({ method: 'GET', url: '/api/users/', headers: bearer(user.publicTokens.access) });
    expect(users.json().results.map((row: { id: number }) => row.id)).toEqual([user.userId]);
    expect((await t.app.inject({ method: 'GET', url: `/api/users/${other.userId}/`, headers: bearer(user.publicTokens.access) })).statusCode).toBe(404);
  });
});
