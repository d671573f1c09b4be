import Fastify, { type FastifyInstance } from 'fastify';
import { Pool } from 'pg';
import { BENCH_POOL_SIZE, startBenchApp } from '../lib/app';
import { startBenchDatabase } from '../lib/database';
import { measureRps, type Benchmark, type BenchRow } from '../lib/harness';

/** Workload W (issue 6): 20 products by id, each with category, tags and its 3 most recent reviews, plus the total. */
const QUERY = `{ products(pageSize: 20, orderBy: [{ id: ASC }]) { totalCount items { id name price
  category { id name } tags { id name } reviews(orderBy: [{ createdAt: DESC }], pageSize: 3) { id rating title } } } }`;

/** The floor: the same JSON from four hand-written statements on a pg pool of the same size. */
function startFloor(databaseUrl: string, schema: string) {
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

/** GraphQL workload W: our engines (and ours without graphql-shield) next to the hand-written floor, measured A B C D then D C B A. */
export const graphqlBenchmark: Benchmark = {
  name: 'graphql',
  async run() {
    const database = await startBenchDatabase();
    const databaseUrl = await database.create('bench_graphql');
    const apps: Array<{ name: string; app: FastifyInstance; url: string }> = [];
    const floorPools: Pool[] = [];
    try {
      const mercurius = await startBenchApp(databaseUrl);
      apps.push({ name: 'sandbox-gateway, mercurius', ...mercurius });
      const registered = await mercurius.app.inject({ method: 'POST', url: '/api/auth/register/', payload: { email: 'bench@example.com', password: 'correct horse battery staple' } });
      const { client } = registered.json();
      const token = (await mercurius.app.inject({ method: 'POST', url: '/api/token/', payload: { email: 'bench@example.com', password: 'correct horse battery staple' } })).json().access;
      apps.push({ name: 'mercurius without graphql-shield', ...(await startBenchApp(databaseUrl, { graphqlShield: false })) });
      apps.push({ name: 'sandbox-gateway, apollo', ...(await startBenchApp(databaseUrl, { graphqlEngine: 'apollo' })) });
      const floor = startFloor(databaseUrl, client.schema);
      floorPools.push(floor.pool);
      apps.push({ name: 'hand-written fastify + pg (4 statements)', app: floor.app, url: await floor.app.listen({ host: '127.0.0.1', port: 0 }) });

      const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'api-key': client.api_key };
      const body = JSON.stringify({ query: QUERY });
      const idsFrom = async (url: string) => {
        const result = (await (await fetch(`${url}/graphql`, { method: 'POST', headers, body })).json()) as { data: { products: { items: Array<{ id: string }> } } };
        return JSON.stringify(result.data.products.items.map((product) => product.id));
      };
      const reference = await idsFrom(apps[0].url);
      for (const subject of apps) {
        if ((await idsFrom(subject.url)) !== reference) throw new Error(`${subject.name} does not return the same page`);
        await measureRps(`${subject.url}/graphql`, { seconds: 2, headers, method: 'POST', body }); // warm-up
      }
      const totals = new Map<string, { rps: number[]; p50: number[]; p99: number[] }>();
      for (const order of [apps, [...apps].reverse()]) {
        for (const subject of order) {
          const result = await measureRps(`${subject.url}/graphql`, { seconds: 6, headers, method: 'POST', body });
          const entry = totals.get(subject.name) ?? { rps: [], p50: [], p99: [] };
          entry.rps.push(result.rps);
          entry.p50.push(result.p50);
          entry.p99.push(result.p99);
          totals.set(subject.name, entry);
        }
      }
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const floorRps = mean(totals.get(apps[3].name)!.rps);
      const oursRps = mean(totals.get(apps[0].name)!.rps);
      const rows: BenchRow[] = apps.slice(0, 3).map((subject) => {
        const entry = totals.get(subject.name)!;
        return {
          case: 'workload W',
          subject: `${subject.name} (p50 ${mean(entry.p50)} ms, p99 ${mean(entry.p99)} ms)`,
          subjectValue: mean(entry.rps),
          baseline: apps[3].name,
          baselineValue: floorRps,
          unit: 'req/s',
          ratio: mean(entry.rps) / floorRps,
        };
      });
      const unshielded = mean(totals.get(apps[1].name)!.rps);
      rows.push({ case: 'graphql-shield overhead', subject: 'with shield', subjectValue: oursRps, baseline: 'without shield', baselineValue: unshielded, unit: 'req/s', ratio: oursRps / unshielded });
      return rows;
    } finally {
      for (const subject of apps) await subject.app.close();
      for (const pool of floorPools) await pool.end();
      await database.stop();
    }
  },
};
