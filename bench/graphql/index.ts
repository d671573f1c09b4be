import Fastify, { type FastifyInstance } from 'fastify';
import { Pool } from 'pg';
import { BENCH_POOL_SIZE, startBenchApp } from '../lib/app';
import { startBenchDatabase } from '../lib/database';
import { measureRps, type Benchmark, type BenchRow } from '../lib/harness';
import { startPostGraphile4, startPostGraphile5 } from './postgraphile';
import { normalizeOurs, normalizePostGraphile, ourQuery, postGraphileQuery, type WorkloadPage } from './workload';

const FLOOR = 'hand-written fastify + pg (4 statements)';
const POSTGRAPHILE_4 = 'PostGraphile 4';
const POSTGRAPHILE_5 = 'PostGraphile 5 (Amber)';

/** The floor: the same JSON from four hand-written statements on a pg pool of the same size. */
export function startFloor(databaseUrl: string, schema: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: BENCH_POOL_SIZE });
  const app = Fastify();
  const s = `"${schema}"`;
  app.post('/graphql', async () => {
    const [count, page] = await Promise.all([
      pool.query<{ n: number }>(`select count(*)::int as n from ${s}.products`),
      pool.query(`select p.id::text, p.name, p.price, c.id::text as category_id, c.name as category_name
                    from ${s}.products p left join ${s}.categories c on c.id = p.category_id order by p.id limit 20`),
    ]);
    const ids = page.rows.map((row) => Number(row.id));
    const [tags, reviews] = await Promise.all([
      pool.query(`select pt.product_id, t.id::text, t.name from ${s}.product_tags pt join ${s}.tags t on t.id = pt.tag_id where pt.product_id = any($1) order by t.id`, [ids]),
      pool.query(
        `select product_id, id::text, rating, title from (select *, row_number() over (partition by product_id order by created_at desc, id) as rank
           from ${s}.reviews where product_id = any($1)) r where rank <= 3 order by product_id, rank`,
        [ids],
      ),
    ]);
    const group = (rows: Array<Record<string, unknown>>) => {
      const byProduct = new Map<number, Array<Record<string, unknown>>>();
      for (const { product_id, ...rest } of rows) byProduct.set(product_id as number, [...(byProduct.get(product_id as number) ?? []), rest]);
      return byProduct;
    };
    const tagsBy = group(tags.rows);
    const reviewsBy = group(reviews.rows);
    return {
      data: {
        products: {
          totalCount: count.rows[0].n,
          items: page.rows.map((row) => ({
            id: row.id,
            name: row.name,
            price: row.price,
            category: row.category_id ? { id: row.category_id, name: row.category_name } : null,
            tags: tagsBy.get(Number(row.id)) ?? [],
            reviews: reviewsBy.get(Number(row.id)) ?? [],
          })),
        },
      },
    };
  });
  return { app, pool };
}

interface Subject {
  name: string;
  url: string;
  body: string;
  normalize: (result: unknown) => WorkloadPage;
  close(): Promise<void>;
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * GraphQL workload W: our engines (and ours without graphql-shield), the hand-written floor, PostGraphile 4
 * and 5, all over the same client schema, each checked to return the same rows, then measured in the order
 * A B C D and again D C B A.
 */
export const graphqlBenchmark: Benchmark = {
  name: 'graphql',
  async run() {
    const database = await startBenchDatabase();
    const databaseUrl = await database.create('bench_graphql');
    const subjects: Subject[] = [];
    try {
      const ours = (name: string, started: { app: FastifyInstance; url: string }): Subject => ({
        name,
        url: started.url,
        body: JSON.stringify({ query: ourQuery }),
        normalize: normalizeOurs,
        close: () => started.app.close(),
      });
      const mercurius = await startBenchApp(databaseUrl);
      subjects.push(ours('sandbox-gateway, mercurius', mercurius));
      const registered = await mercurius.app.inject({ method: 'POST', url: '/api/auth/register/', payload: { email: 'bench@example.com', password: 'correct horse battery staple' } });
      const { client } = registered.json();
      const token = (await mercurius.app.inject({ method: 'POST', url: '/api/token/', payload: { email: 'bench@example.com', password: 'correct horse battery staple' } })).json().access;
      subjects.push(ours('sandbox-gateway, mercurius without graphql-shield', await startBenchApp(databaseUrl, { graphqlShield: false })));
      subjects.push(ours('sandbox-gateway, apollo', await startBenchApp(databaseUrl, { graphqlEngine: 'apollo' })));
      const floor = startFloor(databaseUrl, client.schema);
      const floorUrl = await floor.app.listen({ host: '127.0.0.1', port: 0 });
      subjects.push({ name: FLOOR, url: floorUrl, body: JSON.stringify({ query: ourQuery }), normalize: normalizeOurs, close: async () => (await floor.app.close(), await floor.pool.end()) });
      for (const [name, start, idField] of [
        [POSTGRAPHILE_4, startPostGraphile4, 'id'],
        [POSTGRAPHILE_5, startPostGraphile5, 'rowId'],
      ] as const) {
        const peer = await start(databaseUrl, client.schema);
        subjects.push({ name, url: peer.url, body: JSON.stringify({ query: postGraphileQuery(idField) }), normalize: normalizePostGraphile(idField), close: peer.close });
      }

      // Ours authenticates (token + Api-Key); the floor and PostGraphile serve the schema to anybody.
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'api-key': client.api_key };
      const answer = async (subject: Subject) => {
        const response = await fetch(`${subject.url}/graphql`, { method: 'POST', headers, body: subject.body });
        const result = (await response.json()) as { errors?: unknown };
        if (result.errors) throw new Error(`${subject.name}: ${JSON.stringify(result.errors)}`);
        return JSON.stringify(subject.normalize(result));
      };
      const reference = await answer(subjects[0]);
      for (const subject of subjects) {
        if ((await answer(subject)) !== reference) throw new Error(`${subject.name} does not return the same rows as ${subjects[0].name}`);
        await measureRps(`${subject.url}/graphql`, { seconds: 2, headers, method: 'POST', body: subject.body }); // warm-up
      }
      const totals = new Map<string, { rps: number[]; p50: number[]; p99: number[] }>();
      for (const order of [subjects, [...subjects].reverse()]) {
        for (const subject of order) {
          const result = await measureRps(`${subject.url}/graphql`, { seconds: 6, headers, method: 'POST', body: subject.body });
          const entry = totals.get(subject.name) ?? { rps: [], p50: [], p99: [] };
          entry.rps.push(result.rps);
          entry.p50.push(result.p50);
          entry.p99.push(result.p99);
          totals.set(subject.name, entry);
        }
      }
      const rps = (name: string) => mean(totals.get(name)!.rps);
      const rows: BenchRow[] = subjects
        .filter((subject) => subject.name !== FLOOR)
        .map((subject) => {
          const entry = totals.get(subject.name)!;
          return {
            case: 'workload W',
            subject: `${subject.name} (p50 ${mean(entry.p50)} ms, p99 ${mean(entry.p99)} ms)`,
            subjectValue: rps(subject.name),
            baseline: FLOOR,
            baselineValue: rps(FLOOR),
            unit: 'req/s',
            ratio: rps(subject.name) / rps(FLOOR),
          };
        });
      for (const peer of [POSTGRAPHILE_5, POSTGRAPHILE_4]) {
        rows.push({ case: 'against a peer', subject: subjects[0].name, subjectValue: rps(subjects[0].name), baseline: peer, baselineValue: rps(peer), unit: 'req/s', ratio: rps(subjects[0].name) / rps(peer) });
      }
      rows.push({ case: 'graphql-shield overhead', subject: 'with shield', subjectValue: rps(subjects[0].name), baseline: 'without shield', baselineValue: rps(subjects[1].name), unit: 'req/s', ratio: rps(subjects[0].name) / rps(subjects[1].name) });
      return rows;
    } finally {
      for (const subject of subjects) await subject.close();
      await database.stop();
    }
  },
};
