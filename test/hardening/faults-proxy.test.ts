import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTraffic, statusCounts, type Exchange } from '../../bench/load/traffic';
import { DATABASE_UNAVAILABLE } from '../../src/errors';
import { startTestApp, type TestApp } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { auditWrites, storefrontPlan, waitFor } from '../helpers/storefront-workload';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

const DEADLINE_MS = 1500;

/** The app reaches PostgreSQL only through a TCP proxy that cuts, refuses and delays connections. */
describe('the network between the server and PostgreSQL', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let t: TestApp;
  /** A second node on the same database with a short request deadline. */
  let short: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    const server = new URL(database.url);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
    const proxied = { url: proxy.url(database.url), drop: async () => {} };
    t = await startTestApp({}, { database: proxied });
    short = await startTestApp({ REQUEST_DEADLINE_MS: String(DEADLINE_MS) }, { database: proxied });
    user = await registerUser(t.app, 'proxy');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => {
    await short?.close();
    await t?.close();
    await proxy?.close();
    await database?.drop();
  });

  const serves = (app: TestApp) => async () => (await app.app.inject({ method: 'GET', url: '/api/tags/?page_size=1', headers })).statusCode === 200;

  it('a connection lost under a BEGIN is a 503, not a 500', async () => {
    expect(await serves(t)()).toBe(true); // the account and the key are cached: the write's first statement is its BEGIN
    proxy.delay(60_000);
    const write = t.app.inject({ method: 'POST', url: '/api/tags/', headers, payload: { name: 'lost-under-begin' } });
    await waitFor('the BEGIN to reach the proxy', () => proxy.held() > 0);
    proxy.cut();
    proxy.heal();
    const response = await write;
    expect(response.statusCode, response.body).toBe(503);
    expect(response.json()).toEqual({ detail: DATABASE_UNAVAILABLE });
    await waitFor('service after the cut', serves(t), 50, 100); // throws past 50 probes
  });

  it('connections cut mid-load: 503s, then full service without a restart, no acknowledged write lost', async () => {
    const baseUrl = await t.app.listen({ host: '127.0.0.1', port: 0 });
    let round = 0;
    const byRound: Exchange[][] = [[]];
    let stop = false;
    const traffic = runTraffic({
      baseUrl,
      workers: 6,
      plan: storefrontPlan('cut', headers),
      keepGoing: () => !stop,
      pauseMs: 5,
      onExchange: (exchange) => byRound[round].push(exchange),
    });
    const created = (exchanges: Exchange[]) => exchanges.filter((e) => e.status === 201).length;

    await waitFor('writes before the first cut', () => created(byRound[0]) >= 15);
    for (let cut = 1; cut <= 3; cut++) {
      byRound[++round] = [];
      proxy.refuse(true);
      proxy.cut();
      await waitFor(`503s after cut ${cut}`, () => byRound[round].filter((e) => e.status === 503).length >= 5);
      proxy.refuse(false);
      await waitFor(`writes after cut ${cut}`, () => created(byRound[round]) >= 15);
    }
    stop = true;
    const exchanges = await traffic;

    const counts = statusCounts(exchanges);
    for (const status of Object.keys(counts).map(Number)) expect([200, 201, 503], JSON.stringify(counts)).toContain(status);
    for (const exchange of exchanges.filter((e) => e.status === 503)) expect(exchange.response).toEqual({ detail: DATABASE_UNAVAILABLE });
    const audit = await auditWrites(t.app.pool, user.client.schema, 'cut', exchanges);
    expect(audit.lost).toEqual([]);
    expect(audit.torn).toEqual([]);
    expect(audit.acknowledged).toBeGreaterThanOrEqual(60);
    console.log(`3 cuts: ${exchanges.length} requests ${JSON.stringify(counts)}, ${audit.acknowledged} acknowledged writes, ${audit.rows} rows`);
  });

  it('latency past the request deadline: 502 with the deadline message, never a 500, then full service', async () => {
    expect(await serves(short)()).toBe(true);
    proxy.delay(DEADLINE_MS * 2);
    // Requests that must reach PostgreSQL (GET /api/me/ may be answered from the account and key caches).
    const responses = await Promise.all([
      short.app.inject({ method: 'GET', url: '/api/products/?page_size=5', headers }),
      short.app.inject({ method: 'POST', url: '/api/tags/', headers, payload: { name: 'slow-write' } }),
      short.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query: '{ tags(pageSize: 1) { totalCount } }' } }),
    ]);
    proxy.heal();
    const stopped = 'The request took longer than 1.5 seconds and was stopped.';
    for (const response of responses) expect(response.statusCode, response.body).toBe(502);
    for (const response of responses.slice(0, 2)) expect(response.json()).toEqual({ detail: stopped });
    // /graphql answers every refusal as a GraphQL response (src/graphql/http-conformance.ts).
    expect(responses[2].json()).toEqual({ errors: [{ message: stopped, extensions: { code: 'TIMEOUT' } }] });
    await waitFor('service after the delay', serves(short), 50, 100); // throws past 50 probes
  });
});
