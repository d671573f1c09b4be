import { Entity, Property } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseEntity, domainEntities } from '../../src/domain';
import { startAppWithEntities, startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

type Json = Record<string, any>;

/** An entity that exists only in this test: its OPTIONS answer can only come from the registry. */
@Entity({ tableName: 'gadgets', schema: '*' })
class Gadget extends BaseEntity {
  @Property({ type: 'string', length: 12 })
  code!: string;

  @Property({ type: 'decimal', precision: 6, scale: 3 })
  weight!: string;
}

const DRF_MEDIA_TYPES = { renders: ['application/json'], parses: ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'] };

describe('OPTIONS: DRF SimpleMetadata on every REST route', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let own: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'options');
    own = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  async function options(url: string, headers: Record<string, string> = own): Promise<Json> {
    const response = await t.app.inject({ method: 'OPTIONS', url, headers });
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    return response.json();
  }

  it("a resource's list describes its POST: every field of the registry, with DRF's type, required, read_only, label and limits", async () => {
    const products = await options('/api/products/');
    expect(products).toMatchObject({ name: 'Product List', ...DRF_MEDIA_TYPES });
    const post = products.actions.POST;
    expect(Object.keys(products.actions)).toEqual(['POST']);
    expect(post.id).toEqual({ type: 'integer', required: false, read_only: true, label: 'ID' });
    expect(post.sku).toEqual({ type: 'string', required: true, read_only: false, label: 'Sku', max_length: 32 });
    expect(post.price).toEqual({ type: 'decimal', required: true, read_only: false, label: 'Price', min_value: 0, max_digits: 10, decimal_places: 2 });
    expect(post.is_active).toEqual({ type: 'boolean', required: false, read_only: false, label: 'Is active' });
    expect(post.category).toEqual({ type: 'field', required: false, read_only: false, label: 'Category' });
    expect(post.created_at).toEqual({ type: 'datetime', required: false, read_only: true, label: 'Created at' });

    const orders = await options('/api/orders/');
    expect(orders.actions.POST.status).toMatchObject({
      type: 'choice',
      choices: ['pending', 'paid', 'shipped', 'delivered', 'cancelled'].map((value) => ({ value, display_name: value[0].toUpperCase() + value.slice(1) })),
    });
    expect((await options('/api/order-items/')).actions.POST.quantity).toMatchObject({ type: 'integer', required: true, min_value: 1 });
  });

  it('every resource of GET /api/resources/ answers the same fields, required and read-only as its metadata says', async () => {
    const { resources } = (await t.app.inject({ method: 'GET', url: '/api/resources/', headers: own })).json();
    expect(resources.length).toBeGreaterThan(5);
    for (const resource of resources) {
      const { actions } = await options(`/api/${resource.path}/`);
      expect(Object.keys(actions.POST), resource.name).toEqual(resource.fields.map((field: Json) => field.name));
      for (const field of resource.fields) {
        expect(actions.POST[field.name], `${resource.name}.${field.name}`).toMatchObject({ required: field.required, read_only: field.read_only });
        if (field.max_length !== null) expect(actions.POST[field.name].max_length).toBe(field.max_length);
      }
    }
  });

  it('an existing object describes its PUT; a missing one, none', async () => {
    const one = await options('/api/products/1/');
    expect(one).toMatchObject({ name: 'Product Instance', ...DRF_MEDIA_TYPES });
    expect(Object.keys(one.actions)).toEqual(['PUT']);
    expect(one.actions.PUT.price.type).toBe('decimal');
    const missing = await options('/api/products/99999999/');
    expect(missing).toEqual({ name: 'Product Instance', description: missing.description, ...DRF_MEDIA_TYPES });
  });

  it('in read-only public no action is described; without credentials it is the 401 a GET gets', async () => {
    const inPublic = await options('/api/products/', bearer(user.publicTokens.access));
    expect(inPublic.actions).toBeUndefined();
    expect((await options('/api/products/1/', bearer(user.publicTokens.access))).actions).toBeUndefined();
    const anonymous = await t.app.inject({ method: 'OPTIONS', url: '/api/products/' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="api"');
  });

  it('the hand-written routes are described from their documented bodies', async () => {
    const token = await options('/api/token/', {});
    expect(token).toMatchObject({ name: 'Obtain a token pair', ...DRF_MEDIA_TYPES });
    expect(token.actions.POST).toEqual({
      email: { type: 'email', required: true, read_only: false, label: 'Email' },
      password: { type: 'string', required: true, read_only: false, label: 'Password' },
    });
    expect((await options('/api/auth/register/', {})).actions.POST.email.required).toBe(true);
    expect((await options('/api/clients/')).actions.POST).toHaveProperty('name');
    // No body, no serializer: nothing to describe.
    expect((await options(`/api/clients/${user.client.id}/reset/`)).actions).toBeUndefined();
    expect((await options('/api/me/')).actions).toBeUndefined();
  });

  it('every path of the OpenAPI document answers OPTIONS; an unknown one is a 404', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    const paths = Object.keys(document.paths);
    expect(paths.length).toBeGreaterThan(20);
    for (const path of paths) {
      const metadata = await options(path.replace('{id}', '1'));
      expect(metadata, path).toMatchObject(DRF_MEDIA_TYPES);
      expect(typeof metadata.name).toBe('string');
    }
    const unknown = await t.app.inject({ method: 'OPTIONS', url: '/api/no-such-thing/', headers: own });
    expect([unknown.statusCode, unknown.json()]).toEqual([404, { detail: 'Not found.' }]);
  });

  it('the same verb with Origin and Access-Control-Request-Method is a CORS preflight, not metadata', async () => {
    const preflight = await t.app.inject({ method: 'OPTIONS', url: '/api/products/', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.body).toBe('');
    // Origin alone (a browser tool on another origin asking for the metadata) still gets the metadata.
    const metadata = await options('/api/products/', { ...own, origin: 'http://localhost:5173' });
    expect(metadata.name).toBe('Product List');
  });

  it('describes an entity that no code lists', async () => {
    await t.app.pool.query(
      `create table "${user.client.schema}".gadgets (id serial primary key, created_at timestamptz not null default now(), updated_at timestamptz not null default now(), code varchar(12) not null, weight numeric(6,3) not null)`,
    );
    const app = await startAppWithEntities(t, [...domainEntities, Gadget]);
    try {
      const response = await app.inject({ method: 'OPTIONS', url: '/api/gadgets/', headers: own });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        name: 'Gadget List',
        actions: {
          POST: {
            code: { type: 'string', required: true, read_only: false, label: 'Code', max_length: 12 },
            weight: { type: 'decimal', required: true, read_only: false, label: 'Weight', max_digits: 6, decimal_places: 3 },
          },
        },
      });
    } finally {
      await app.close();
    }
  });
});
