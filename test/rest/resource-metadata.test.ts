import { Entity, Property } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BaseEntity, domainEntities } from '../../src/domain';
import { READ_ONLY_PUBLIC } from '../../src/errors';
import { startAppWithEntities, startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

type Json = Record<string, any>;

/** A throwaway entity that exists only in this test: the metadata endpoint knows nothing about it. */
@Entity({ tableName: 'widgets', schema: '*' })
class Widget extends BaseEntity {
  @Property({ type: 'string', length: 30 })
  label!: string;

  @Property({ type: 'boolean', default: false })
  shiny: boolean = false;
}

describe('GET /api/resources/', () => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'metadata');
  });
  afterAll(async () => t.close());

  async function metadata(headers: Record<string, string>): Promise<Json> {
    const response = await t.app.inject({ method: 'GET', url: '/api/resources/', headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  }

  const resource = (body: Json, name: string): Json => body.resources.find((candidate: Json) => candidate.name === name);
  const field = (spec: Json, name: string): Json => spec.fields.find((candidate: Json) => candidate.name === name);

  it('describes every registered resource: path, display field, search and ordering fields', async () => {
    const body = await metadata(bearer(user.publicTokens.access, user.client.api_key));
    expect(body.resources.map((spec: Json) => spec.name).sort()).toEqual([...t.app.resources.registry.keys()].sort());
    const product = resource(body, 'Product');
    expect(product).toMatchObject({ path: 'products', verbose_name: 'product', display_field: 'name', can_write: true });
    expect(product.search_fields).toEqual(expect.arrayContaining(['sku', 'name', 'description']));
    expect(product.ordering_fields).toEqual(expect.arrayContaining(['id', 'price', 'name', 'category']));
    expect(product.ordering_fields).not.toContain('tags');
    expect(product.ordering_fields).not.toContain('attributes');
    expect(resource(body, 'Customer').display_field).toBe('email');
    expect(resource(body, 'Review').display_field).toBe('title');
    expect(resource(body, 'OrderItem')).toMatchObject({ path: 'order-items', verbose_name: 'order item', display_field: 'id', related: [] });
    expect(resource(body, 'Order').related).toEqual([{ name: 'items', target: 'OrderItem', field: 'order' }]);
    expect(resource(body, 'Category').related).toEqual([{ name: 'children', target: 'Category', field: 'parent' }]);
  });

  it('describes fields: types, requirements, limits, choices, relations and lookups', async () => {
    const body = await metadata(bearer(user.publicTokens.access, user.client.api_key));
    const product = resource(body, 'Product');
    expect(field(product, 'id')).toMatchObject({ type: 'integer', read_only: true, required: false });
    expect(field(product, 'sku')).toMatchObject({ type: 'string', required: true, max_length: 32, nullable: false });
    expect(field(product, 'price')).toMatchObject({ type: 'decimal', required: true, minimum: 0 });
    expect(field(product, 'description')).toMatchObject({ type: 'text', required: false, allow_blank: true });
    expect(field(product, 'category')).toMatchObject({ kind: 'reference', target: 'Category', nullable: true, lookups: ['exact', 'in', 'isnull'] });
    expect(field(product, 'tags')).toMatchObject({ kind: 'collection', target: 'Tag' });
    expect(field(product, 'name').lookups).toEqual(expect.arrayContaining(['icontains', 'istartswith', 'in']));
    expect(field(resource(body, 'Order'), 'status')).toMatchObject({ type: 'enum', choices: ['pending', 'paid', 'shipped', 'delivered', 'cancelled'] });
    expect(field(resource(body, 'Review'), 'rating')).toMatchObject({ minimum: 1, maximum: 5 });
    expect(field(resource(body, 'OrderItem'), 'quantity')).toMatchObject({ minimum: 1 });
    expect(field(resource(body, 'User'), 'password')).toMatchObject({ write_only: true, lookups: [] });
  });

  it('says the caller cannot write in public, and why', async () => {
    const body = await metadata(bearer(user.publicTokens.access));
    expect(body).toMatchObject({ can_write: false, read_only_reason: READ_ONLY_PUBLIC });
    expect(body.resources.every((spec: Json) => spec.can_write === false)).toBe(true);
    const write = await t.app.inject({ method: 'POST', url: '/api/tags/', headers: bearer(user.publicTokens.access), payload: { name: 'nope' } });
    expect(write.statusCode).toBe(403);
    expect((await metadata(bearer(user.publicTokens.access, user.client.api_key))).read_only_reason).toBeNull();
  });

  it('answers 401 without credentials', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/resources/' });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toMatch(/credentials/i);
  });

  it('is documented in the OpenAPI document', async () => {
    const document = (await t.app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(document.paths['/api/resources/'].get.operationId).toBe('resources_metadata_retrieve');
    expect(document.components.schemas.ResourceMetadataList.required).toEqual(['can_write', 'read_only_reason', 'resources']);
  });

  it('shows a throwaway entity that no code lists', async () => {
    await t.app.pool.query(
      `create table "${user.client.schema}".widgets (id serial primary key, created_at timestamptz not null default now(), updated_at timestamptz not null default now(), label varchar(30) not null, shiny boolean not null default false)`,
    );
    const app = await startAppWithEntities(t, [...domainEntities, Widget]);
    try {
      const response = await app.inject({ method: 'GET', url: '/api/resources/', headers: bearer(user.publicTokens.access, user.client.api_key) });
      const widget = resource(response.json(), 'Widget');
      expect(widget).toMatchObject({ path: 'widgets', display_field: 'label', search_fields: ['label'], can_write: true });
      expect(field(widget, 'label')).toMatchObject({ type: 'string', required: true, max_length: 30 });
      expect(field(widget, 'shiny')).toMatchObject({ type: 'boolean', required: false, lookups: ['exact', 'isnull'] });
    } finally {
      await app.close();
    }
  });
});
