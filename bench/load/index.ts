import Fastify from 'fastify';
import { Pool } from 'pg';
import { BENCH_POOL_SIZE, startBenchApp } from '../lib/app';
import { startBenchDatabase } from '../lib/database';
import { percentile, type Benchmark, type BenchRow } from '../lib/harness';
import { countWrittenRows, runWriteLoad, type LoadTarget, type WriteLoadResult } from './workload';

const CONNECTIONS = 50;
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
/** API clients the connections are spread over (50: each connection its own client). */
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? CONNECTIONS);
const PASSWORD = 'correct horse battery staple';

/** The floor: the same insert by hand, the Api-Key mapped to its schema in memory, a pg pool of the same size. */
function startFloor(databaseUrl: string, schemaByKey: Map<string, string>) {
  const pool = new Pool({ connectionString: databaseUrl, max: BENCH_POOL_SIZE });
  const app = Fastify();
  app.post('/api/tags/', async (request, reply) => {
    const schema = schemaByKey.get(String(request.headers['api-key']));
    if (!schema) return reply.code(403).send({ detail: 'Invalid API key.' });
    const { rows } = await pool.query(`insert into "${schema}".tags (name) values ($1) returning id, created_at, updated_at, name`, [
      (request.body as { name: string }).name,
    ]);
    return reply.code(201).send(rows[0]);
  });
  return { app, pool };
}

/** Runs the load for `seconds`, then checks that the rows in every schema are exactly the acknowledged writes. */
async function measure(baseUrl: string, targets: LoadTarget[], pool: Pool, prefix: string, seconds: number): Promise<WriteLoadResult & { p50: number; p99: number; rps: number }> {
  const end = performance.now() + seconds * 1000;
  const result = await runWriteLoad({ baseUrl, targets, connections: CONNECTIONS, prefix, keepGoing: () => performance.now() < end });
  const failed = result.exchanges.length - (result.statuses[201] ?? 0);
  if (failed) throw new Error(`${prefix}: ${failed} writes were not acknowledged: ${JSON.stringify(result.statuses)}`);
  const rows = await countWrittenRows(pool, targets.map((target) => target.schema), prefix);
  for (const [schema, acknowledged] of result.acknowledged) {
    if (rows.get(schema) !== acknowledged) throw new Error(`${prefix}: ${schema} holds ${rows.get(schema)} rows for ${acknowledged} acknowledged writes`);
  }
  const latencies = result.exchanges.map((exchange) => exchange.ms);
  return { ...result, p50: percentile(latencies, 50), p99: percentile(latencies, 99), rps: result.exchanges.length / result.seconds };
}

/**
 * Issue 8's load: 50 connections writing at once for LOAD_SECONDS (10), each
 * into its own API client (LOAD_CLIENTS to share fewer), every write
 * acknowledged and every acknowledged row counted afterwards.
 */
export const loadBenchmark: Benchmark = {
  name: 'load',
  async run(): Promise<BenchRow[]> {
    const database = await startBenchDatabase();
    const databaseUrl = await database.create('bench_load');
    const { app, url } = await startBenchApp(databaseUrl);
    const email = 'load@example.com';
    const registered = await app.inject({ method: 'POST', url: '/api/auth/register/', payload: { email, password: PASSWORD } });
    if (registered.statusCode !== 201) throw new Error(`registration failed: ${registered.body}`);
    const token = await app.inject({ method: 'POST', url: '/api/token/', payload: { email, password: PASSWORD } });
    const authorization = `Bearer ${token.json().access}`;
    const clients: Array<{ api_key: string; schema: string }> = [registered.json().client];
    while (clients.length < CLIENTS) {
      const created = await app.inject({ method: 'POST', url: '/api/clients/', headers: { authorization }, payload: { name: `load ${clients.length}` } });
      if (created.statusCode !== 201 || created.json().status !== 'ready') throw new Error(`client creation failed: ${created.body}`);
      clients.push(created.json());
    }
    const targets = clients.map((client) => ({ schema: client.schema, headers: { authorization, 'api-key': client.api_key } }));

    const floor = startFloor(databaseUrl, new Map(clients.map((client) => [client.api_key, client.schema])));
    const floorUrl = await floor.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      await measure(url, targets, app.pool, 'warm', 2);
      await measure(floorUrl, targets, app.pool, 'floorwarm', 2);
      const subject = await measure(url, targets, app.pool, 'load', SECONDS);
      const baseline = await measure(floorUrl, targets, app.pool, 'floor', SECONDS);
      const label = `${CONNECTIONS} connections, ${clients.length} API clients, ${SECONDS} s`;
      const count = (run: typeof subject) => `${run.exchanges.length} writes = ${run.exchanges.length} rows`;
      return [
        {
          case: `POST tags, ${label}`,
          subject: `sandbox-gateway (${count(subject)})`,
          subjectValue: subject.rps,
          baseline: `hand-written fastify + pg insert (${count(baseline)})`,
          baselineValue: baseline.rps,
          unit: 'req/s',
          ratio: subject.rps / baseline.rps,
        },
        { case: 'p50 latency', subject: 'sandbox-gateway', subjectValue: subject.p50, baseline: 'hand-written', baselineValue: baseline.p50, unit: 'ms', ratio: subject.p50 / baseline.p50 },
        { case: 'p99 latency', subject: 'sandbox-gateway', subjectValue: subject.p99, baseline: 'hand-written', baselineValue: baseline.p99, unit: 'ms', ratio: subject.p99 / baseline.p99 },
      ];
    } finally {
      await floor.app.close();
      await floor.pool.end();
      await app.close();
      await database.stop();
    }
  },
};
