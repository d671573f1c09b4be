import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
