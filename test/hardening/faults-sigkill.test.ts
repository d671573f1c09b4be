import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTraffic, statusCounts, type Exchange } from '../../bench/load/traffic';
import { createPool } from '../../src/db/pool';
import { generousCallerLimits } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { auditWrites, storefrontPlan, waitFor } from '../helpers/storefront-workload';
import { PASSWORD } from '../helpers/users';

/**
 * `npm start` killed with SIGKILL, by the kernel's hand, not ours: once in a
 * burst of writes, once while API clients are being provisioned; each time the
 * next start must find every acknowledged write and finish every client.
 */
describe('the server killed with SIGKILL', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let server: ServerProcess | undefined;
  let pool: ReturnType<typeof createPool>;
  let schema: string;
  let headers: Record<string, string>;
  const ownerHeaders: Record<string, string> = {};
  const writes: Exchange[] = [];

  async function post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${server!.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(join(tmpdir(), 'faults-sigkill-'));
    env = { DATABASE_URL: database.url, DATA_DIR: dataDir, JWT_SECRET: 'sigkill-secret-sigkill-secret-0123456789', MAX_EVENT_LOOP_DELAY_MS: '60000', ...generousCallerLimits };
    pool = createPool(database.url);
    server = await startServerProcess(env);
    const email = `sigkill.${process.pid}@example.com`;
    const registered = await post<{ client: { schema: string; api_key: string } }>('/api/auth/register/', { email, password: PASSWORD });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const token = await post<{ access: string }>('/api/token/', { email, password: PASSWORD });
    expect(token.status).toBe(200);
    schema = registered.body.client.schema;
    ownerHeaders.authorization = `Bearer ${token.body.access}`;
    headers = { ...ownerHeaders, 'api-key': registered.body.client.api_key };
  });
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await pool?.end();
    await database?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('during a burst of writes: every acknowledged write is there after the restart, none torn', async () => {
    let killed = false;
    const traffic = runTraffic({
      baseUrl: server!.url,
      workers: 10,
      plan: storefrontPlan('burst', headers),
      keepGoing: () => !killed,
      onExchange: (exchange) => writes.push(exchange),
    });
    await waitFor('writes before the kill', () => writes.filter((e) => e.status === 201).length >= 40, 400);
    expect(await server!.stop('SIGKILL')).toBe('SIGKILL');
    killed = true;
    await traffic;
    server = await startServerProcess(env);

    const counts = statusCounts(writes);
    expect(counts[0], JSON.stringify(counts)).toBeGreaterThan(0); // requests cut by the kill
    for (const status of Object.keys(counts).map(Number)) expect([0, 200, 201], JSON.stringify(counts)).toContain(status);
    const audit = await auditWrites(pool, schema, 'burst', writes);
    expect(audit.lost).toEqual([]);
    expect(audit.torn).toEqual([]);
    console.log(`SIGKILL in a write burst: ${writes.length} requests ${JSON.stringify(counts)}, ${audit.acknowledged} acknowledged writes, ${audit.rows} rows`);
    expect((await fetch(`${server!.url}/api/tags/?page_size=1`, { headers })).status).toBe(200);
  });

  it('during provisioning: every client is ready after the restart, interrupted ones resumed', async () => {
    const status = async (wanted: string) =>
      (await pool.query<{ n: number }>(`select count(*)::int as n from gateway.api_clients where name like 'kill-%' and status = $1`, [wanted])).rows[0].n;
    let killed = false;
    const created: Exchange[] = [];
    const traffic = runTraffic({
      baseUrl: server!.url,
      workers: 4,
      plan: (worker, seq) => ({ method: 'POST', path: '/api/clients/', headers: ownerHeaders, body: { name: `kill-${worker}-${seq}` } }),
      keepGoing: () => !killed,
      onExchange: (exchange) => created.push(exchange),
    });
    await waitFor('clients ready and others being built', async () => (await status('ready')) >= 4 && (await status('provisioning')) >= 1, 600);
    expect(await server!.stop('SIGKILL')).toBe('SIGKILL');
    killed = true;
    await traffic;
    const interrupted = await status('provisioning');
    expect(interrupted).toBeGreaterThanOrEqual(1);
    const half = await pool.query(
      `select c.schema_name from gateway.api_clients c join pg_namespace n on n.nspname = c.schema_name where c.status = 'provisioning'`,
    );
    expect(half.rows).toEqual([]); // a killed job leaves no schema behind

    server = await startServerProcess(env);
    await waitFor('interrupted clients resumed', async () => (await status('provisioning')) === 0, 100, 100);
    expect(await status('failed')).toBe(0);
    const acknowledged = created.filter((e) => e.status === 201).map((e) => (e.response as { id: number }).id);
    const { rows } = await pool.query<{ id: number; schema_name: string; status: string }>(
      `select id, schema_name, status from gateway.api_clients where name like 'kill-%' order by id`,
    );
    expect(rows.map((row) => row.id)).toEqual(expect.arrayContaining(acknowledged));
    for (const row of rows) {
      expect(row.status).toBe('ready');
      const products = await pool.query(`select count(*)::int as n from "${row.schema_name}".products`);
      expect(products.rows[0].n, row.schema_name).toBe(2000);
    }
    console.log(`SIGKILL in provisioning: ${created.length} requests ${JSON.stringify(statusCounts(created))}, ${interrupted} clients interrupted and resumed, ${rows.length} clients ready`);
    // The writes of the first kill are still there after the second.
    expect((await auditWrites(pool, schema, 'burst', writes)).lost).toEqual([]);
  });
});
