import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { REQUEST_CONNECTIONS } from '../../src/db/orm';
import { createPool, DDL_CONNECTION_MAX_USES } from '../../src/db/pool';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser } from '../helpers/users';

/** The backend pids that served `count` sequential list requests in a client, and how many connections the pool made. */
async function serveSequentially(t: TestApp, count: number) {
  const user = await registerUser(t.app, 'recycling');
  const knex = t.app.orm.em.getConnection().getKnex();
  const pool = (knex.client as { pool: { on(event: string, listener: () => void): void; removeListener(event: string, listener: () => void): void } }).pool;
  let created = 0;
  const onCreate = () => created++;
  pool.on('createSuccess', onCreate);
  const pids = new Set<number>();
  try {
    for (let i = 0; i < count; i++) {
      const response = await t.app.inject({ method: 'GET', url: '/api/categories/?page_size=1', headers: bearer(user.publicTokens.access, user.client.api_key) });
      expect(response.statusCode).toBe(200);
      const { rows } = await t.app.pool.query<{ pid: number }>(`select pid from pg_stat_activity where application_name = $1 and datname = current_database()`, [REQUEST_CONNECTIONS]);
      for (const row of rows) pids.add(row.pid);
    }
  } finally {
    pool.removeListener('createSuccess', onCreate);
  }
  return { created, pids };
}

describe('request connections are recycled after DATABASE_CONNECTION_MAX_USES', () => {
  let recycled: TestApp;
  let kept: TestApp;
  beforeAll(async () => {
    [recycled, kept] = await Promise.all([startTestApp({ DATABASE_CONNECTION_MAX_USES: '3' }), startTestApp({ DATABASE_CONNECTION_MAX_USES: '0' })]);
  });
  afterAll(async () => {
    await Promise.all([recycled?.close(), kept?.close()]);
  });

  it('a connection handed out 3 times is replaced by a new backend, and every request is still served', async () => {
    // One list request is one acquisition (its page and count go in one message): 12 requests, 3 uses each.
    const { created, pids } = await serveSequentially(recycled, 12);
    expect(created).toBeGreaterThanOrEqual(3);
    expect(pids.size).toBeGreaterThanOrEqual(3);
  });

  it('with 0 a connection is never replaced', async () => {
    await serveSequentially(kept, 2);
    const { created, pids } = await serveSequentially(kept, 12);
    expect(created).toBe(0);
    expect(pids.size).toBe(1);
  });

  it('the bound is read from the environment and refused when negative', async () => {
    expect(recycled.config.databaseConnectionMaxUses).toBe(3);
    expect(() => loadConfig({ ...process.env, NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATABASE_CONNECTION_MAX_USES: '-1' })).toThrow(/DATABASE_CONNECTION_MAX_USES/);
  });
});

describe('plain pools replace their connections too', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ PROVISIONING_CONCURRENCY: '1' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a pool made with maxUses 2 serves 6 checkouts on at least 3 backends', async () => {
    const pool = createPool(t.database.url, { max: 1, maxUses: 2 });
    try {
      const pids = new Set<number>();
      for (let i = 0; i < 6; i++) pids.add((await pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid);
      expect(pids.size).toBeGreaterThanOrEqual(3);
    } finally {
      await pool.end();
    }
  });

  it(`the provisioning connection is a new backend after ${DDL_CONNECTION_MAX_USES} schema builds`, async () => {
    const owner = await registerUser(t.app, 'builds'); // the first build
    const headers = bearer(owner.publicTokens.access);
    const pids = new Set<number>();
    for (let build = 2; build <= DDL_CONNECTION_MAX_USES + 2; build++) {
      const created = await t.app.inject({ method: 'POST', url: '/api/clients/', headers, payload: { name: `build ${build}` } });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().status).toBe('ready');
      const { rows } = await t.app.pool.query<{ pid: number }>(`select pid from pg_stat_activity where application_name = 'sandbox-gateway-provisioning' and datname = current_database()`);
      for (const row of rows) pids.add(row.pid);
    }
    expect(pids.size).toBeGreaterThanOrEqual(2);
  });
});
