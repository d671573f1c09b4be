import { Entity, Property } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { BaseEntity, domainEntities } from '../../src/domain';
import { ormOptions } from '../../src/db/orm';
import { createPool } from '../../src/db/pool';
import { startTestApp, testEnv, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** A throwaway entity that exists only in this test: no REST code knows about it. */
@Entity({ tableName: 'gadgets', schema: '*' })
class Gadget extends BaseEntity {
  @Property({ type: 'string', length: 40, unique: true })
  label!: string;

  @Property({ type: 'integer', default: 1 })
  weight: number = 1;
}

describe('routes are generated from the entity metadata', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let orm: MikroORM;
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'gadgets');
    await t.app.pool.query(`create table "${user.client.schema}".gadgets (id serial primary key, created_at timestamptz not null default now(), updated_at timestamptz not null default now(), label varchar(40) not null unique, weight int not null default 1)`);
    const entities = [...domainEntities, Gadget];
    orm = await MikroORM.init({ ...ormOptions({ databaseUrl: t.database.url }), entities });
    const config = loadConfig({ ...testEnv, DATABASE_URL: t.database.url });
    app = await buildApp({ config, orm: orm as never, pool: createPool(t.database.url), databaseUrl: t.database.url, entities, resumeProvisioning: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('adding an entity adds its list, create, retrieve, update and delete routes', async () => {
    const headers = bearer(user.publicTokens.access, user.client.api_key);
    const created = await app.inject({ method: 'POST', url: '/api/gadgets/', headers, payload: { label: 'sprocket' } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ label: 'sprocket', weight: 1 });
    const list = await app.inject({ method: 'GET', url: '/api/gadgets/?label__icontains=SPROCK', headers });
    expect(list.json()).toMatchObject({ count: 1, results: [{ label: 'sprocket' }] });
    const invalid = await app.inject({ method: 'POST', url: '/api/gadgets/', headers, payload: { label: 'x'.repeat(41), weight: 'heavy' } });
    expect(invalid.json()).toEqual({ label: ['Ensure this field has no more than 40 characters.'], weight: ['A valid integer is required.'] });
    const id = created.json().id;
    expect((await app.inject({ method: 'PATCH', url: `/api/gadgets/${id}/`, headers, payload: { weight: 7 } })).json().weight).toBe(7);
    expect((await app.inject({ method: 'DELETE', url: `/api/gadgets/${id}/`, headers })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/gadgets/', headers })).statusCode).toBe(404);
  });

  it('and its GraphQL queries and mutations', async () => {
    const headers = bearer(user.publicTokens.access, user.client.api_key);
    const created = await app.inject({ method: 'POST', url: '/graphql', headers, payload: { query: 'mutation { createGadget(data: { label: "cog", weight: 3 }) { id label weight } }' } });
    expect(created.json().data.createGadget).toMatchObject({ label: 'cog', weight: 3 });
    const listed = await app.inject({ method: 'POST', url: '/graphql', headers, payload: { query: '{ gadgets(where: { label: { eq: "cog" } }) { totalCount } }' } });
    expect(listed.json().data.gadgets.totalCount).toBe(1);
  });

  it('and its JSON schemas and OpenAPI documentation', async () => {
    const document = (await app.inject({ method: 'GET', url: '/docs/json' })).json();
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/gadgets/', '/api/gadgets/{id}/']));
    for (const name of ['Gadget', 'GadgetRequest', 'PatchedGadgetRequest', 'PaginatedGadgetList']) expect(document.components.schemas).toHaveProperty(name);
    expect(document.components.schemas.GadgetRequest.properties.label).toMatchObject({ type: 'string', maxLength: 40 });
  });
});
