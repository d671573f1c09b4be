import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { REQUEST_CONNECTIONS } from '../../src/db/orm';
import { createPool, DDL_CONNECTION_MAX_USES } from '../../src/db/pool';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * `count` list requests one after another, in the clients of `users` in turn: the request
 * connections' backend pids seen meanwhile, and how many connections the ORM's pool made.
 */
async function serveInTurn(t: TestApp, users: RegisteredUser[], count: number) {
  const knex = t.app.orm.em.getConnection().getKnex();
  const pool = (knex.client as { pool: { on(event: string, listener: () => void): void; removeListener(event: string, listener: () => void): void } }).pool;
  let created = 0;
  const onCreate = () => created++;
  pool.on('createSuccess', onCreate);
  const pids = new Set<number>();
  try {
    for (let i = 0; i < count; i++) {
      const user = users[i % users.length];
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

describe('request connections are replaced past DATABASE_CONNECTION_MAX_SCHEMAS', () => {
  let bounded: TestApp;
  let unbounded: TestApp;
  let boundedUsers: RegisteredUser[];
  let unboundedUsers: RegisteredUser[];
  beforeAll(async () => {
    [bounded, unbounded] = await Promise.all([startTestApp({ DATABASE_CONNECTION_MAX_SCHEMAS: '2' }), startTestApp({ DATABASE_CONNECTION_MAX_SCHEMAS: '0' })]);
    boundedUsers = [];
    unboundedUsers = [];
    for (let i = 0; i < 4; i++) {
      boundedUsers.push(await registerUser(bounded.app, 'roaming'));
      unboundedUsers.push(await registerUser(unbounded.app, 'roaming'));
    }
  });
  afterAll(async () => {
    await Promise.all([bounded?.close(), unbounded?.close()]);
  });

  it('a connection that keeps serving one client lives on, however many uses', async () => {
    await serveInTurn(bounded, [boundedUsers[0]], 1);
    const { created } = await serveInTurn(bounded, [boundedUsers[0]], 12);
    expect(created).toBe(0);
  });

  it('one that roams over 4 clients with a bound of 2 is replaced by new backends, and every request is still served', async () => {
    const { created, pids } = await serveInTurn(bounded, boundedUsers, 12);
    expect(created).toBeGreaterThanOrEqual(3);
    expect(pids.size).toBeGreaterThanOrEqual(3);
  });

  it('with 0 a connection is never replaced', async () => {
    await serveInTurn(unbounded, unboundedUsers, 1);
    const { created } = await serveInTurn(unbounded, unboundedUsers, 12);
    expect(created).toBe(0);
  });

  it('the bound is read from the environment and refused when negative', async () => {
    expect(bounded.config.databaseConnectionMaxSchemas).toBe(2);
    expect(loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40) }).databaseConnectionMaxSchemas).toBe(1000);
    expect(() => loadConfig({ NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATABASE_CONNECTION_MAX_SCHEMAS: '-1' })).toThrow(/DATABASE_CONNECTION_MAX_SCHEMAS/);
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

describe('request connections ask for generic plans when statements are prepared', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('plan_cache_mode is force_generic_plan on them (auto behind a pooler without prepared statements), and auto on the plain pool', async () => {
    const [row] = await t.app.orm.em.getConnection().execute<Array<{ mode: string }>>(`select current_setting('plan_cache_mode') as mode`);
    expect(row.mode).toBe(t.config.preparedStatements ? 'force_generic_plan' : 'auto');
    const { rows } = await t.app.pool.query<{ mode: string }>(`select current_setting('plan_cache_mode') as mode`);
    expect(rows[0].mode).toBe('auto');
  });
});
