import type { FastifyInstance } from 'fastify';
import { Agent, request } from 'node:http';
import { Client as PgClient } from 'pg';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startBenchApp } from '../lib/app';
import { startBenchDatabase } from '../lib/database';
import { median, percentile, type Benchmark, type BenchRow } from '../lib/harness';
import { postgresMemory } from './postgres-memory';

/** Issue 17: a thousand ready clients at scale 1 (BENCH_TENANCY_CLIENTS for another number). */
const CLIENTS = Number(process.env.BENCH_TENANCY_CLIENTS ?? 1000);
const ROUNDS = 3;
const PATH = '/api/products/?page_size=20&expand=category&ordering=-price';
const PASSWORD = 'correct horse battery staple';
/** Builds at once: the product's own line (PROVISIONING_CONCURRENCY), kept full. */
const PARALLEL_BUILDS = 2;

interface Client {
  id: number;
  apiKey: string;
  /** An access token issued for this client (the owner's row in the client's own users table). */
  access: string;
  ms: number;
}

/**
 * Many clients, one read each in turn, against one hot client: what a sandbox that anyone may join
 * ends up doing. The clients are made through the product's own API (POST /api/clients/, two builds
 * at a time), each with a token of its own, as each developer's app would hold. Then, ROUNDS times:
 * the read CLIENTS times on the hot client, and once on every client in turn; one request at a time
 * over one keep-alive connection, so what is compared is a request's own latency. Reported: p50 of
 * each rotation round against the hot client's p50 (measured between the rounds of the same run),
 * SQL statements per request, the in-process caches' hit rates, PostgreSQL's memory (PSS over its
 * processes) before and after touching every client, and provisioning time of the last clients
 * against the first.
 */
export const tenancyBenchmark: Benchmark = {
  name: 'tenancy',
  async run() {
    const database = await startBenchDatabase();
    const databaseUrl = await database.create('bench_tenancy');
    try {
      const builder = await startBenchApp(databaseUrl, { env: BUILD_ENV });
      let clients: Client[];
      let disk: BenchRow;
      try {
        clients = await makeClients(builder.app);
        disk = await diskRow(builder.app, clients.length);
      } finally {
        await builder.app.close();
      }
      const rows: BenchRow[] = [];
      // Each variant a fresh server (fresh pools and caches) on the same clients, one after another.
      for (const variant of VARIANTS) rows.push(...(await measure(databaseUrl, clients, variant)));
      rows.push(provisioningRow(clients), disk);
      return rows;
    } finally {
      await database.stop();
    }
  },
};

const BUILD_ENV = { MAX_CLIENTS_PER_ACCOUNT: String(CLIENTS + 1), PROVISIONING_CONCURRENCY: String(PARALLEL_BUILDS), PROVISIONING_QUEUE: String(CLIENTS) };

/** The server's settings measured, each against its own hot client: the step before, then the product's defaults. */
const VARIANTS: Array<{ name: string; env: Record<string, string> }> = [
  { name: 'request connections never replaced', env: { DATABASE_CONNECTION_MAX_SCHEMAS: '0' } },
  { name: 'replaced past 200 schemas', env: { DATABASE_CONNECTION_MAX_SCHEMAS: '200' } },
  { name: 'defaults (replaced past 1,000 schemas)', env: {} },
];

async function measure(databaseUrl: string, clients: Client[], variant: { name: string; env: Record<string, string> }): Promise<BenchRow[]> {
  const { app, url } = await startBenchApp(databaseUrl, { env: { ...BUILD_ENV, ...variant.env } });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const statements = countStatements();
    const hot = clients[0];
    for (let i = 0; i < 200; i++) await timedGet(url, hot, agent);
    const memoryBefore = await postgresMemory(app);

    const hotTimes: number[] = [];
    const rounds: Array<{ times: number[]; statements: number; caches: CacheCounts }> = [];
    let hotStatements = 0;
    let hotCaches = cacheSnapshot(app);
    for (let round = 1; round <= ROUNDS; round++) {
      const hotBefore = cacheSnapshot(app);
      const hotCount = statements.count;
      for (let i = 0; i < clients.length; i++) hotTimes.push(await timedGet(url, hot, agent));
      hotStatements += statements.count - hotCount;
      hotCaches = cacheSnapshot(app, hotBefore);
      const before = cacheSnapshot(app);
      const count = statements.count;
      const times: number[] = [];
      for (const client of clients) times.push(await timedGet(url, client, agent));
      rounds.push({ times, statements: (statements.count - count) / clients.length, caches: cacheSnapshot(app, before) });
      console.log(`[tenancy] ${variant.name}, round ${round}: p50 ${median(times).toFixed(2)} ms over ${clients.length} clients, hot p50 ${median(hotTimes).toFixed(2)} ms`);
    }
    statements.stop();
    const memoryAfter = await postgresMemory(app);

    const hotP50 = median(hotTimes);
    const perHotRequest = hotStatements / hotTimes.length;
    const rows: BenchRow[] = rounds.map(({ times, statements: perRequest, caches }, index) => ({
      case: `${variant.name}: GET products over ${clients.length} clients, round ${index + 1}, p50 (p95 ${percentile(times, 95).toFixed(1)} ms)`,
      subject: `one request per client in turn (${perRequest.toFixed(2)} statements/request; hit rates: key ${pct(caches.keys)}, account ${pct(caches.accounts)}, token ${pct(caches.tokens)})`,
      subjectValue: median(times),
      baseline: `one hot client (p95 ${percentile(hotTimes, 95).toFixed(1)} ms, ${perHotRequest.toFixed(2)} statements/request; key ${pct(hotCaches.keys)}, account ${pct(hotCaches.accounts)}, token ${pct(hotCaches.tokens)})`,
      baselineValue: hotP50,
      unit: 'ms',
      ratio: median(times) / hotP50,
    }));
    rows.push(
      {
        case: `${variant.name}: PostgreSQL memory (PSS, all its processes) after reading all ${clients.length} clients`,
        subject: `after (${memoryAfter.backends} request backends)`,
        subjectValue: memoryAfter.total / 2 ** 20,
        baseline: `before: only the hot client read`,
        baselineValue: memoryBefore.total / 2 ** 20,
        unit: 'MB',
        ratio: memoryAfter.total / memoryBefore.total,
      },
      {
        case: `${variant.name}: PostgreSQL memory (PSS) of the largest request backend after reading all ${clients.length} clients`,
        subject: `after`,
        subjectValue: memoryAfter.largestBackend / 2 ** 20,
        baseline: `before: only the hot client read`,
        baselineValue: memoryBefore.largestBackend / 2 ** 20,
        unit: 'MB',
        ratio: memoryAfter.largestBackend / memoryBefore.largestBackend,
      },
    );
    return rows;
  } finally {
    agent.destroy();
    await app.close();
  }
}

/** The owner, registered, then CLIENTS - 1 more clients of theirs through POST /api/clients/, each with its own access token. */
async function makeClients(app: FastifyInstance): Promise<Client[]> {
  const started = performance.now();
  const registered = await app.inject({ method: 'POST', url: '/api/auth/register/', payload: { email: 'tenants@example.com', password: PASSWORD } });
  if (registered.statusCode !== 201) throw new Error(`registration failed: ${registered.body}`);
  const { user } = registered.json() as { user: { id: number } };
  const login = await app.inject({ method: 'POST', url: '/api/token/', payload: { email: 'tenants@example.com', password: PASSWORD } });
  const owner = { authorization: `Bearer ${login.json().access}` };
  const first = await untilReady(app, owner, registered.json().client.id, performance.now() - started);
  const clients: Array<{ id: number; apiKey: string; ms: number }> = [first];
  let next = 1;
  const builder = async () => {
    while (next < CLIENTS) {
      next++;
      const begun = performance.now();
      const created = await app.inject({ method: 'POST', url: '/api/clients/', headers: owner, payload: { name: `tenant ${next}` } });
      if (created.statusCode !== 201) throw new Error(`client ${next}: ${created.statusCode} ${created.body}`);
      clients.push(await untilReady(app, owner, created.json().id, performance.now() - begun));
      if (clients.length % 100 === 0) console.log(`[tenancy] ${clients.length} clients ready (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_BUILDS }, builder));
  clients.sort((a, b) => a.id - b.id);
  // Each client's own token, as POST /api/token/ with its Api-Key issues it (the owner's row is copied into every client);
  // signed here rather than through 1,000 password checks.
  const tokens = app.auth.tokens;
  const one = await app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': clients[1].apiKey }, payload: { email: 'tenants@example.com', password: PASSWORD } });
  if (one.statusCode !== 200) throw new Error(`a client's token: ${one.body}`);
  return clients.map((client) => ({ ...client, access: tokens.issuePair(user.id, client.id).access }));
}

async function untilReady(app: FastifyInstance, owner: Record<string, string>, id: number, msSoFar: number): Promise<{ id: number; apiKey: string; ms: number }> {
  const begun = performance.now();
  for (;;) {
    const detail = await app.inject({ method: 'GET', url: `/api/clients/${id}/`, headers: owner });
    const { status, api_key: apiKey } = detail.json() as { status: string; api_key: string };
    if (status === 'ready') return { id, apiKey, ms: msSoFar + performance.now() - begun };
    if (status !== 'provisioning') throw new Error(`client ${id} ended ${status}`);
    await sleep(5);
  }
}

/** One GET over a keep-alive connection, in ms; a non-200 fails the benchmark. */
function timedGet(base: string, client: Client, agent: Agent): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(base + PATH, { agent, headers: { 'api-key': client.apiKey, authorization: `Bearer ${client.access}` } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`client ${client.id}: ${response.statusCode} ${body.slice(0, 300)}`));
        else resolve(performance.now() - started);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** SQL statements this process sends from now on, on any connection (pg's Client.query, which knex and every pool call). */
function countStatements() {
  const query = PgClient.prototype.query;
  const counter = { count: 0, stop: () => void (PgClient.prototype.query = query) };
  PgClient.prototype.query = function (this: PgClient, ...args: unknown[]) {
    counter.count++;
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  return counter;
}

type Counts = { hits: number; misses: number; hitRate: number };
type CacheCounts = { keys: Counts; accounts: Counts; tokens: Counts };

function cacheSnapshot(app: FastifyInstance, since?: CacheCounts): CacheCounts {
  return {
    keys: app.clientResolver.stats.snapshot(since?.keys),
    accounts: app.auth.authenticator.accountStats.snapshot(since?.accounts),
    tokens: app.auth.tokens.verifiedStats.snapshot(since?.tokens),
  };
}

function provisioningRow(clients: Client[]): BenchRow {
  const sample = Math.max(1, Math.min(20, Math.floor(clients.length / 10)));
  const first = median(clients.slice(1, 1 + sample).map((client) => client.ms));
  const last = median(clients.slice(-sample).map((client) => client.ms));
  return {
    case: `provisioning a client (POST /api/clients/ until ready, ${PARALLEL_BUILDS} at a time): clients ${clients.length - sample + 1}-${clients.length}, median`,
    subject: `the last ${sample} (client ${clients.length}: ${clients.at(-1)!.ms.toFixed(0)} ms)`,
    subjectValue: last,
    baseline: `clients 2-${sample + 1} (client 1, registration: ${clients[0].ms.toFixed(0)} ms)`,
    baselineValue: first,
    unit: 'ms',
    ratio: last / first,
  };
}

/** What one client holds on disk (its schema: tables with their indexes, TOAST and maps, sequences), against `public`'s reference data. */
async function diskRow(app: FastifyInstance, count: number): Promise<BenchRow> {
  const { rows } = await app.pool.query<{ schema: string; relations: number; bytes: string }>(
    `select n.nspname as schema, count(c.oid)::int as relations, coalesce(sum(case when c.relkind in ('r', 'S', 'm') then pg_total_relation_size(c.oid) else 0 end), 0)::bigint as bytes
       from pg_namespace n join pg_class c on c.relnamespace = n.oid
      where n.nspname = 'public' or n.nspname = (select schema_name from gateway.api_clients order by id desc limit 1)
      group by n.nspname`,
  );
  const [client] = rows.filter((row) => row.schema !== 'public');
  const [reference] = rows.filter((row) => row.schema === 'public');
  const { rows: total } = await app.pool.query<{ bytes: string }>(`select pg_database_size(current_database())::bigint as bytes`);
  return {
    case: `disk of one client (its schema), of ${count}: ${client.relations} relations; the whole database ${(Number(total[0].bytes) / 2 ** 30).toFixed(2)} GB`,
    subject: `client ${client.schema}`,
    subjectValue: Number(client.bytes) / 2 ** 20,
    baseline: `public, the reference data (${reference.relations} relations)`,
    baselineValue: Number(reference.bytes) / 2 ** 20,
    unit: 'MB',
    ratio: Number(client.bytes) / Number(reference.bytes),
  };
}

const pct = (stats: { hitRate: number }) => `${(stats.hitRate * 100).toFixed(1)}%`;

