import Fastify from 'fastify';
import { Pool } from 'pg';
import { BENCH_POOL_SIZE, startBenchApp } from '../lib/app';
import { startBenchDatabase } from '../lib/database';
import { measureRps, type Benchmark } from '../lib/harness';

const PATH = '/api/products/?page_size=20&expand=category';

/**
 * The floor: the same JSON for the same page, by hand: two queries on a pg
 * pool of the same size, no ORM, no auth, no generated anything.
 */
function startFloor(databaseUrl: string, schema: string) {
  const pool = new Pool({ connectionString: databaseUrl, max: BENCH_POOL_SIZE });
  const app = Fastify();
  const s = `"${schema}"`;
  app.get('/api/products/', async (request) => {
    const page = Number((request.query as { page?: string }).page ?? 1);
    const [count, rows] = await Promise.all([
      pool.query<{ n: number }>(`select count(*)::int as n from ${s}.products`),
      pool.query(
        `select p.id, p.created_at, p.updated_at, p.sku, p.name, p.description, p.price, p.stock, p.is_active, p.attributes,
                case when c.id is null then null else json_build_object('id', c.id, 'created_at', c.created_at, 'updated_at', c.updated_at,
                  'name', c.name, 'slug', c.slug, 'description', c.description, 'parent', c.parent_id) end as category,
                coalesce((select array_agg(pt.tag_id order by pt.tag_id) from ${s}.product_tags pt where pt.product_id = p.id), '{}') as tags
           from ${s}.products p left join ${s}.categories c on c.id = p.category_id
          order by p.id limit 20 offset $1`,
        [(page - 1) * 20],
      ),
    ]);
    const pages = Math.ceil(count.rows[0].n / 20);
    const base = `http://${request.host}/api/products/?page_size=20&expand=category`;
    return { count: count.rows[0].n, next: page < pages ? `${base}&page=${page + 1}` : null, previous: null, results: rows.rows };
  });
  return { app, pool };
}

/** Issue 5's workload: a page of 20 products with their category, authenticated, in a client schema. */
export const restBenchmark: Benchmark = {
  name: 'rest',
  async run() {
    const database = await startBenchDatabase();
    const databaseUrl = await database.create('bench_rest');
    const { app, url } = await startBenchApp(databaseUrl);
    const registered = await app.inject({
      method: 'POST',
      url: '/api/auth/register/',
      payload: { email: 'bench@example.com', password: 'correct horse battery staple' },
    });
    if (registered.statusCode !== 201) throw new Error(`registration failed: ${registered.body}`);
    const { client } = registered.json();
    const token = await app.inject({ method: 'POST', url: '/api/token/', payload: { email: 'bench@example.com', password: 'correct horse battery staple' } });
    const headers = { authorization: `Bearer ${token.json().access}`, 'api-key': client.api_key };

    const floor = startFloor(databaseUrl, client.schema);
    const floorUrl = await floor.app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const ours = (await app.inject({ method: 'GET', url: PATH, headers })).json();
      const theirs = (await floor.app.inject({ method: 'GET', url: PATH })).json();
      const ids = (page: { results: Array<{ id: number }> }) => JSON.stringify(page.results.map((product) => product.id));
      if (ids(ours) !== ids(theirs) || ours.count !== theirs.count) throw new Error('the floor does not return the same page');

      await measureRps(url + PATH, { seconds: 2, headers });
      await measureRps(floorUrl + PATH, { seconds: 2 });
      const subject = await measureRps(url + PATH, { seconds: 10, headers });
      const baseline = await measureRps(floorUrl + PATH, { seconds: 10 });
      return [
        {
          case: 'GET products, page_size 20, expand=category',
          subject: `sandbox-gateway (p50 ${subject.p50} ms, p99 ${subject.p99} ms)`,
          subjectValue: subject.rps,
          baseline: `hand-written fastify + pg (p50 ${baseline.p50} ms, p99 ${baseline.p99} ms)`,
          baselineValue: baseline.rps,
          unit: 'req/s',
          ratio: subject.rps / baseline.rps,
        },
      ];
    } finally {
      await floor.app.close();
      await floor.pool.end();
      await app.close();
      await database.stop();
    }
  },
};
