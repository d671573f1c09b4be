import Fastify from 'fastify';
import { Pool } from 'pg';
import { BENCH_POOL_SIZE } from '../lib/app';

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
