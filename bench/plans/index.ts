import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { STATEMENT_SEPARATOR } from '../../src/db/statement-batch';
import { startBenchApp } from '../lib/app';
import { startBenchDatabase } from '../lib/database';
import { median, type Benchmark, type BenchRow } from '../lib/harness';

const BLOCK = 200;
const ROUNDS = 5;
const PASSWORD = 'correct horse battery staple';
const READ_PATH = '/api/products/?page_size=20&expand=category&ordering=-price';

interface Sent {
  sql: string;
  bindings: unknown[];
}

/**
 * Custom against generic plans, per statement kind (issue 17), on the exact SQL the server sends:
 * the statements are captured from a real request, then run on one bare connection, block by
 * block, the variants interleaved.
 * - A write (POST /api/tags/) is bound (`$n`) and prepared: PostgreSQL plans it per execution
 *   (custom) or once for every value (generic); `auto`, the default, picks generic after five
 *   executions when it is no costlier.
 * - A read's values are inlined, so that its statements travel together in one simple-query
 *   message (one round trip): custom and generic are then the same plan. What is measured is a
 *   hot client's gain: its text prepared once on the connection against parsed and planned every
 *   time, as for a client the connection has not served yet.
 */
export const plansBenchmark: Benchmark = {
  name: 'plans',
  async run() {
    const database = await startBenchDatabase();
    const databaseUrl = await database.create('bench_plans');
    const { app } = await startBenchApp(databaseUrl);
    const db = new Client({ connectionString: databaseUrl });
    try {
      const registered = await app.inject({ method: 'POST', url: '/api/auth/register/', payload: { email: 'plans@example.com', password: PASSWORD } });
      if (registered.statusCode !== 201) throw new Error(`registration failed: ${registered.body}`);
      const token = await app.inject({ method: 'POST', url: '/api/token/', payload: { email: 'plans@example.com', password: PASSWORD } });
      const headers = { authorization: `Bearer ${token.json().access}`, 'api-key': registered.json().client.api_key };

      const [write] = await sentDuring(app, () => app.inject({ method: 'POST', url: '/api/tags/', headers, payload: { name: 'captured tag' } }));
      if (!write.bindings.includes('captured tag')) throw new Error(`the write's bindings do not hold the name: ${JSON.stringify(write.bindings)}`);
      const reads = (await sentDuring(app, () => app.inject({ method: 'GET', url: READ_PATH, headers }))).flatMap((sent) => sent.sql.split(STATEMENT_SEPARATOR));
      await db.connect();

      let written = 0;
      // The name may be bound more than once (its unique check, the row): each execution a new one.
      const values = () => {
        const name = `plan tag ${++written}`;
        return write.bindings.map((value) => (value === 'captured tag' ? name : value));
      };
      const writeModes = ['force_custom_plan', 'force_generic_plan', 'auto'] as const;
      const writeTimes = new Map<string, number[]>(writeModes.map((mode) => [mode, []]));
      const readTimes = { unnamed: [] as number[], prepared: [] as number[] };
      for (let round = 0; round < ROUNDS; round++) {
        for (const mode of round % 2 ? [...writeModes].reverse() : writeModes) {
          await db.query(`set plan_cache_mode = ${mode}`);
          // A fresh name per block: its plan cache starts empty, as on a new connection.
          const name = `plans_${mode}_${round}`;
          writeTimes.get(mode)!.push(await perExecution(() => db.query({ name, text: write.sql, values: values() })));
        }
        await db.query('reset plan_cache_mode');
        const order = round % 2 ? (['prepared', 'unnamed'] as const) : (['unnamed', 'prepared'] as const);
        for (const kind of order) {
          readTimes[kind].push(
            await perExecution(async () => {
              for (const [index, sql] of reads.entries()) await db.query(kind === 'prepared' ? { name: `plans_read_${round}_${index}`, text: sql } : sql);
            }),
          );
        }
      }
      const custom = median(writeTimes.get('force_custom_plan')!);
      const row = (kind: string, subject: string, subjectValue: number, baseline: string, baselineValue: number): BenchRow => ({
        case: kind,
        subject,
        subjectValue,
        baseline,
        baselineValue,
        unit: 'µs per execution',
        ratio: subjectValue / baselineValue,
      });
      return [
        row(`write (POST /api/tags/'s one statement, bound), median of ${ROUNDS} blocks of ${BLOCK}`, 'generic plan', median(writeTimes.get('force_generic_plan')!), 'custom plan', custom),
        row(`write, the same`, "auto (PostgreSQL's default: generic after 5 when no costlier)", median(writeTimes.get('auto')!), 'custom plan', custom),
        row(`read (GET products, expand=category: ${reads.length} statements, values inlined)`, 'prepared once, reused (a hot client)', median(readTimes.prepared), 'parsed and planned each time (a client new to the connection)', median(readTimes.unnamed)),
      ];
    } finally {
      await db.end().catch(() => {});
      await app.close();
      await database.stop();
    }
  },
};

/** What the app's ORM connection sent while `work` ran: each message's SQL (positional) and its values. */
async function sentDuring(app: Awaited<ReturnType<typeof startBenchApp>>['app'], work: () => Promise<{ statusCode: number; body: string }>): Promise<Sent[]> {
  const sent: Sent[] = [];
  const knex = app.orm.em.getConnection().getKnex();
  const listener = (query: Sent) => sent.push({ sql: query.sql, bindings: query.bindings ?? [] });
  knex.client.on('query', listener);
  try {
    const response = await work();
    if (response.statusCode >= 300) throw new Error(`captured request failed: ${response.statusCode} ${response.body}`);
  } finally {
    knex.client.off('query', listener);
  }
  if (sent.length === 0) throw new Error('no statement captured');
  return sent;
}

/** µs per call of `run`, over BLOCK calls. */
async function perExecution(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < BLOCK; i++) await run();
  return ((performance.now() - started) * 1000) / BLOCK;
}
