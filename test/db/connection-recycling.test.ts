import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
import { REQUEST_CONNECTIONS } from '../../src/db/orm';
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
