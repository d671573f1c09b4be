import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTraffic, statusCounts, type Exchange } from '../../bench/load/traffic';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres';
import { DATABASE_UNAVAILABLE } from '../../src/errors';
import { startTestApp, type TestApp } from '../helpers/app';
import { auditWrites, storefrontPlan, waitFor } from '../helpers/storefront-workload';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * PostgreSQL stopped and started again while six clients keep writing and
 * reading (its own embedded server: the shared test server stays up).
 */
describe('PostgreSQL stopped and started under load', () => {
  let dataDir: string;
  let port: string;
  let postgres: EmbeddedDatabase;
  let t: TestApp;
  let user: RegisteredUser;
  let baseUrl: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'faults-outage-'));
    postgres = await startEmbeddedPostgres(dataDir);
    port = new URL(postgres.url).port;
    t = await startTestApp({}, { database: { url: postgres.url, drop: async () => {} } });
    // Generating the reference data blocks the loop for a while; start once the app answers.
    await waitFor('the event loop to settle', async () => (await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode === 200, 50, 100);
    user = await registerUser(t.app, 'outage-load');
    baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await t?.close();
    await postgres?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers 503 while it is down, never 500, serves again without a restart and loses no acknowledged write', async () => {
    const headers = bearer(user.publicTokens.access, user.client.api_key);
    let phase = 'up' as 'up' | 'down' | 'restarted' | 'recovered';
    const byPhase: Record<typeof phase, Exchange[]> = { up: [], down: [], restarted: [], recovered: [] };
    let stop = false;
    const traffic = runTraffic({
      baseUrl,
      workers: 6,
      plan: storefrontPlan('outage', headers),
      keepGoing: () => !stop,
      pauseMs: 5,
      onExchange: (exchange) => byPhase[phase].push(exchange),
    });

    await waitFor('writes before the outage', () => byPhase.up.filter((e) => e.status === 201).length >= 20);
    await postgres.stop();
    phase = 'down';
    await waitFor('503s during the outage', () => byPhase.down.filter((e) => e.status === 503).length >= 20);

    postgres = await startEmbeddedPostgres(dataDir, () => {}, Number(port));
    phase = 'restarted';
    // Recovery is counted in requests, not seconds: at most 50 probes, 100 ms apart (waitFor throws past them).
    const probe = async () => (await fetch(`${baseUrl}/api/tags/?page_size=1`, { headers })).status === 200;
    await waitFor('a 200 after the restart', probe, 50, 100);
    phase = 'recovered';
    await waitFor('writes after recovery', () => byPhase.recovered.filter((e) => e.status === 201).length >= 30);
    stop = true;
    const exchanges = await traffic;

    const counts = statusCounts(exchanges);
    expect(Object.keys(counts).map(Number).sort(), JSON.stringify(counts)).toEqual(expect.arrayContaining([200, 201, 503]));
    for (const status of Object.keys(counts).map(Number)) expect([200, 201, 503], JSON.stringify(counts)).toContain(status);
    for (const exchange of exchanges.filter((e) => e.status === 503)) expect(exchange.response).toEqual({ detail: DATABASE_UNAVAILABLE });
    // Once one request got through, every later one does: no stale connection left in a pool.
    expect(statusCounts(byPhase.recovered)).not.toHaveProperty('503');

    const audit = await auditWrites(t.app.pool, user.client.schema, 'outage', exchanges);
    expect(audit.lost).toEqual([]);
    expect(audit.torn).toEqual([]);
    expect(audit.acknowledged).toBeGreaterThanOrEqual(50);
    console.log(`PostgreSQL outage: ${exchanges.length} requests ${JSON.stringify(counts)}, ${audit.acknowledged} acknowledged writes, ${audit.rows} rows`);
  });
});
