import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationScripts } from '../../src/db/migrations';
import { startTestApp, type TestApp } from '../helpers/app';

describe('health, readiness and the error shapes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('GET /healthz answers while the process is up', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /readyz is 200 when the database answers and public is migrated', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });

  it('GET /readyz is 503 with Retry-After when a migration is pending', async () => {
    await t.app.pool.query("delete from public.mikro_orm_migrations where name like 'Migration%'");
    const response = await t.app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json().detail).toBe('Migrations are pending.');
  });

  it('GET /readyz costs one statement whatever the number of clients, reads no client schema, and names none', async () => {
    const names = (await migrationScripts()).map((script) => script.name);
    // The test before took public's ledger away: put it back.
    await t.app.pool.query('insert into public.mikro_orm_migrations (name) select unnest($1::text[]) except select name from public.mikro_orm_migrations', [names]);
    const latest = names.at(-1)!;
    // Two thousand ready clients whose schemas do not even exist: readiness must not look at them.
    await t.app.pool.query(
      `insert into gateway.api_clients (name, owner_id, schema_name, api_key, status, migration)
       select 'ghost', 0, 'ghost_' || i, 'ghost-key-' || i, 'ready', $1 from generate_series(1, 2000) i`,
      [latest],
    );
    const queries: string[] = [];
    const query = t.app.pool.query.bind(t.app.pool);
    t.app.pool.query = ((...args: Parameters<typeof query>) => {
      queries.push(String(args[0]));
      return query(...args);
    }) as typeof query;
    try {
      const ready = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode, ready.body).toBe(200);
      expect(queries).toHaveLength(1);
      await t.app.pool.query(`update gateway.api_clients set migration = null where schema_name = 'ghost_7'`);
      const behind = await t.app.inject({ method: 'GET', url: '/readyz' });
      expect(behind.statusCode).toBe(503);
      expect(behind.json()).toEqual({ detail: 'Migrations are pending.' });
    } finally {
      t.app.pool.query = query;
      await t.app.pool.query(`delete from gateway.api_clients where name = 'ghost'`);
    }
  });

  it('unknown routes are a JSON 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/no/such/route' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ detail: 'Not found.' });
  });

  it('the reference data set is in public', async () => {
    const { rows } = await t.app.pool.query<{ table: string; n: number }>(
      `select 'products' as table, count(*)::int as n from public.products
       union all select 'orders', count(*)::int from public.orders
       union all select 'users', count(*)::int from public.users`,
    );
    expect(Object.fromEntries(rows.map((row) => [row.table, row.n]))).toEqual({ products: 2000, orders: 6000, users: 0 });
  });
});
