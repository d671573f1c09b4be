import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { migrateSchema } from '../../src/db/migrations';
import { initOrm } from '../../src/db/orm';
import { createPool } from '../../src/db/pool';
import { WorkQueue } from '../../src/limits/work-queue';
import { Provisioner } from '../../src/tenancy/provisioner';
import { startTestApp, type TestApp } from '../helpers/app';
import { describeSchema } from '../helpers/catalog';
import { registerUser } from '../helpers/users';

const domainTables = ['categories', 'tags', 'products', 'product_tags', 'customers', 'orders', 'order_items', 'reviews'];

async function tableChecksum(pool: Pool, schema: string, table: string): Promise<string> {
  const { rows } = await pool.query(`select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as md5 from "${schema}".${table} t`);
  return rows[0].md5;
}

describe('provisioning a client schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('is a copy of public: same catalog as the migrations build, same rows, only the owner in users', async () => {
    const user = await registerUser(t.app, 'copy');
    const schema = user.client.schema;
    await migrateSchema(t.app.pool, 'built_by_migrations_only');
    expect(await describeSchema(t.app.pool, schema)).toEqual(await describeSchema(t.app.pool, 'built_by_migrations_only'));

    for (const table of domainTables) {
      expect(await tableChecksum(t.app.pool, schema, table), table).toBe(await tableChecksum(t.app.pool, 'public', table));
    }
    const users = await t.app.pool.query(`select id, email from "${schema}".users`);
    expect(users.rows).toEqual([{ id: user.userId, email: user.email }]);

    const fks = await t.app.pool.query(
      `select confrelid::regclass::text as target from pg_constraint where contype = 'f' and connamespace = $1::regnamespace`,
      [schema],
    );
    expect(fks.rows.length).toBe(9);
    for (const { target } of fks.rows) expect(target.startsWith(`${schema}.`), target).toBe(true);

    const next = await t.app.pool.query(`insert into "${schema}".products (sku, name, price) values ('NEW-1', 'New', 1) returning id`);
    expect(next.rows[0].id).toBe(2001);
    const nextUser = await t.app.pool.query(`insert into "${schema}".users (email, password) values ('other@example.com', 'x') returning id`);
    expect(nextUser.rows[0].id).toBe(user.userId + 1);
  });

  it('a failure half-way through the copy leaves no schema and status failed; a reset retries it', async () => {
    const user = await registerUser(t.app, 'atomic');
    const db = t.app.pool;
    const owner = { id: user.userId, email: user.email };
    const client = await t.app.tenancy.clients.create(owner, 'doomed');
    const failing = new Provisioner(db, t.app.tenancy.clients, t.app.log, new WorkQueue(1, 0, 'busy'), async (schema) => {
      const copied = await db.query(`select count(*)::int as n from pg_namespace where nspname = $1`, [schema]);
      expect(copied.rows[0].n).toBe(0); // not visible from outside the transaction
      throw new Error('injected failure after the copy');
    });
    const outcome = await failing.provision(client.id);
    expect(outcome).toMatchObject({ status: 'failed', error: 'injected failure after the copy' });
    const after = await t.app.tenancy.clients.byId(client.id);
    expect(after).toMatchObject({ status: 'failed', error: 'injected failure after the copy' });
    const schemas = await db.query('select 1 from pg_namespace where nspname = $1', [client.schemaName]);
    expect(schemas.rows).toHaveLength(0);

    const failedKey = await t.app.inject({ method: 'GET', url: '/api/me/', headers: { 'api-key': client.apiKey } });
    expect(failedKey.statusCode).toBe(503);

    const retried = await t.app.inject({
      method: 'POST',
      url: `/api/clients/${client.id}/reset/`,
      headers: { authorization: `Bearer ${user.publicTokens.access}` },
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'ready', error: null, api_key: client.apiKey });
  });

  it('a job interrupted by a crash is resumed at the next start', async () => {
    const user = await registerUser(t.app, 'crash');
    // What a SIGKILL mid-job leaves: the row says provisioning, the transaction was rolled back.
    const client = await t.app.tenancy.clients.create({ id: user.userId, email: user.email }, 'interrupted');
    expect(client.status).toBe('provisioning');

    const pool = createPool(t.database.url);
    const orm = await initOrm({ databaseUrl: t.database.url, poolSize: 2 });
    const restarted = await buildApp({ config: t.config, orm, pool, databaseUrl: t.database.url });
    await restarted.ready();
    await restarted.tenancy.provisioner.idle();
    for (let i = 0; i < 50 && (await restarted.tenancy.clients.byId(client.id))?.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await restarted.tenancy.clients.byId(client.id)).toMatchObject({ status: 'ready' });
    await restarted.close();
  });

  it('two nodes asked to build the same client build it once', async () => {
    const user = await registerUser(t.app, 'twice');
    const client = await t.app.tenancy.clients.create({ id: user.userId, email: user.email }, 'contended');
    const other = new Provisioner(t.app.pool, t.app.tenancy.clients, t.app.log, new WorkQueue(1, 0, 'busy'));
    const outcomes = await Promise.all([t.app.tenancy.provisioner.provision(client.id), other.provision(client.id)]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['ready', 'skipped']);
  });
});
