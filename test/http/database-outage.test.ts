import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** PostgreSQL stopped in the middle of a run: 503s, then 200s again once it is back, no restart. */
describe('database outage', () => {
  let dataDir: string;
  let port: number;
  let postgres: EmbeddedDatabase;
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'outage-'));
    port = await freePort();
    postgres = await startEmbeddedPostgres(dataDir, () => {}, port);
    t = await startTestApp({}, { database: { url: postgres.url, drop: async () => {} } });
    user = await registerUser(t.app, 'outage');
  });
  afterAll(async () => {
    await t.close();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After while PostgreSQL is down and recovers by itself', async () => {
    const me = () => t.app.inject({ method: 'GET', url: '/api/me/', headers: bearer(user.publicTokens.access, user.client.api_key) });
    expect((await me()).statusCode).toBe(200);

    await postgres.stop();
    const down = await me();
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    expect(down.json()).toEqual({ detail: 'The database is unavailable. Try again shortly.' });
    // The login and registration counters live in PostgreSQL too: without it they count in memory
    // (src/limits/caller-limits.ts), and the request meets the outage like any other: 503, not 500 nor 429.
    for (const [url, payload] of [['/api/token/', { email: user.email, password: user.password }], ['/api/auth/register/', { email: 'outage.new@example.com', password: user.password }]] as const) {
      const refused = await t.app.inject({ method: 'POST', url, payload });
      expect(refused.statusCode, `${url} ${refused.body}`).toBe(503);
      expect(refused.headers['retry-after']).toBe('5');
    }
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    postgres = await startEmbeddedPostgres(dataDir, () => {}, port);
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i++) {
      status = (await me()).statusCode;
      if (status !== 200) await sleep(100);
    }
    expect(status).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
