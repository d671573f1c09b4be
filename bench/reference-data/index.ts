import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';
import { withKeysDeferred } from '../../src/db/deferred-keys';
import { migrateSchema } from '../../src/db/migrations';
import { createPool } from '../../src/db/pool';
import { generateReferenceData, loadReferenceData, ROWS_PER_SCALE } from '../../src/db/reference-data';
import { startBenchDatabase } from '../lib/database';
import type { Benchmark, BenchRow } from '../lib/harness';

/** The same row counts made by PostgreSQL itself from generate_series: no client, no faker. */
function floorSql(scale: number): string[] {
  const n = (table: keyof typeof ROWS_PER_SCALE) => ROWS_PER_SCALE[table] * scale;
  return [
    `insert into public.categories (id, name, slug, parent_id) select g, 'Category ' || g, 'category-' || g, nullif((g - 1) / 5, 0) from generate_series(1, ${n('categories')}) g`,
    `insert into public.tags (id, name) select g, 'tag-' || g from generate_series(1, ${n('tags')}) g`,
    `insert into public.products (id, sku, name, description, price, stock, attributes, category_id)
       select g, 'SKU-' || g, 'Product ' || g, 'A product', (g % 500) + 0.99, g % 100, '{"color":"red"}', 1 + g % ${n('categories')} from generate_series(1, ${n('products')}) g`,
    `insert into public.product_tags (product_id, tag_id) select 1 + g / 3, 1 + (g * 7 + g % 3) % ${n('tags')} from generate_series(0, ${n('product_tags')} - 1) g on conflict do nothing`,
    `insert into public.customers (id, email, first_name, last_name, phone, city, country)
       select g, 'customer' || g || '@example.com', 'First', 'Last', '+1 555 0100', 'Springfield', 'US' from generate_series(1, ${n('customers')}) g`,
    `insert into public.orders (id, status, placed_at, customer_id) select g, 'delivered', now() - g * interval '1 hour', 1 + g % ${n('customers')} from generate_series(1, ${n('orders')}) g`,
    `insert into public.order_items (id, quantity, unit_price, order_id, product_id) select g, 1 + g % 4, 9.99, 1 + g % ${n('orders')}, 1 + g % ${n('products')} from generate_series(1, ${n('order_items')}) g`,
    `insert into public.reviews (id, rating, title, body, product_id, customer_id) select g, 1 + g % 5, 'Review', 'Body', 1 + g % ${n('products')}, 1 + g % ${n('customers')} from generate_series(1, ${n('reviews')}) g`,
  ];
}

async function timeInTransaction(pool: Pool, work: (client: import('pg').PoolClient) => Promise<unknown>): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const started = performance.now();
    await withKeysDeferred(client, 'public', () => work(client));
    const elapsed = performance.now() - started;
    await client.query('rollback');
    return elapsed;
  } finally {
    client.release();
  }
}

/** Generating and loading the reference data set, against the bare-SQL floor. */
export const referenceDataBenchmark: Benchmark = {
  name: 'reference-data',
  async run() {
    const database = await startBenchDatabase();
    const rows: BenchRow[] = [];
    try {
      const pool = createPool(await database.create('bench_reference_data'));
      await migrateSchema(pool, 'public');
      for (const scale of [1, 10]) {
        const subject = await timeInTransaction(pool, (client) =>
          loadReferenceData(client, 'public', generateReferenceData({ seed: 1, scale })),
        );
        const floor = await timeInTransaction(pool, async (client) => {
          for (const sql of floorSql(scale)) await client.query(sql);
        });
        rows.push({
          case: `scale ${scale} (${Object.values(ROWS_PER_SCALE).reduce((a, b) => a + b, 0) * scale} rows)`,
          subject: 'generate + load',
          subjectValue: subject,
          baseline: 'generate_series SQL',
          baselineValue: floor,
          unit: 'ms',
          ratio: subject / floor,
        });
      }
      await pool.end();
    } finally {
      await database.stop();
    }
    return rows;
  },
};
