import type { Pool, PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema } from '../../src/db/migrations';
import { createPool } from '../../src/db/pool';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

/**
 * Every constraint of DESIGN §3 is enforced by the database itself: each case
 * inserts one bad row next to a valid fixture and expects the named constraint.
 */
const fixture = `
  insert into categories (id, name, slug) values (1, 'Kitchen', 'kitchen');
  insert into tags (id, name) values (1, 'eco');
  insert into products (id, sku, name, price, category_id) values (1, 'SKU-1', 'Mug', 9.50, 1);
  insert into customers (id, email, first_name, last_name, country) values (1, 'ada@example.com', 'Ada', 'L', 'GB');
  insert into orders (id, customer_id) values (1, 1);
  insert into users (id, email, password) values (1, 'Ada@Example.com', 'hash');
  select setval(pg_get_serial_sequence(t, 'id'), 100)
    from unnest(array['categories', 'tags', 'products', 'customers', 'orders', 'users']) as t;
`;

const cases: Array<[string, string, string, string]> = [
  // [what, sql, sqlstate, constraint]
  ['duplicate category name', "insert into categories (name, slug) values ('Kitchen', 'k2')", '23505', 'categories_name_unique'],
  ['duplicate category slug', "insert into categories (name, slug) values ('Kitchen 2', 'kitchen')", '23505', 'categories_slug_unique'],
  ['unknown parent category', "insert into categories (name, slug, parent_id) values ('A', 'a', 999)", '23503', 'categories_parent_id_foreign'],
  ['duplicate tag', "insert into tags (name) values ('eco')", '23505', 'tags_name_unique'],
  ['duplicate sku', "insert into products (sku, name, price) values ('SKU-1', 'x', 1)", '23505', 'products_sku_unique'],
  ['negative price', "insert into products (sku, name, price) values ('SKU-2', 'x', -0.01)", '23514', 'products_price_check'],
  ['negative stock', "insert into products (sku, name, price, stock) values ('SKU-2', 'x', 1, -1)", '23514', 'products_stock_check'],
  ['unknown category', "insert into products (sku, name, price, category_id) values ('SKU-2', 'x', 1, 999)", '23503', 'products_category_id_foreign'],
  ['price over numeric(10,2)', "insert into products (sku, name, price) values ('SKU-2', 'x', 123456789)", '22003', ''],
  ['missing product name', "insert into products (sku, price) values ('SKU-2', 1)", '23502', ''],
  ['unknown tag on a product', 'insert into product_tags (product_id, tag_id) values (1, 999)', '23503', 'product_tags_tag_id_foreign'],
  ['tag twice on a product', 'insert into product_tags (product_id, tag_id) values (1, 1), (1, 1)', '23505', 'product_tags_pkey'],
  ['duplicate customer email', "insert into customers (email, first_name, last_name, country) values ('ada@example.com', 'A', 'B', 'FR')", '23505', 'customers_email_unique'],
  ['lower-case country', "insert into customers (email, first_name, last_name, country) values ('b@example.com', 'A', 'B', 'fr')", '23514', 'customers_country_check'],
  ['three-letter country', "insert into customers (email, first_name, last_name, country) values ('b@example.com', 'A', 'B', 'FRA')", '22001', ''],
  ['unknown order status', "insert into orders (customer_id, status) values (1, 'lost')", '23514', 'orders_status_check'],
  ['order of unknown customer', 'insert into orders (customer_id) values (999)', '23503', 'orders_customer_id_foreign'],
  ['zero quantity', 'insert into order_items (order_id, product_id, quantity, unit_price) values (1, 1, 0, 1)', '23514', 'order_items_quantity_check'],
  ['negative unit price', 'insert into order_items (order_id, product_id, quantity, unit_price) values (1, 1, 1, -1)', '23514', 'order_items_unit_price_check'],
  ['item of unknown order', 'insert into order_items (order_id, product_id, quantity, unit_price) values (999, 1, 1, 1)', '23503', 'order_items_order_id_foreign'],
  ['item of unknown product', 'insert into order_items (order_id, product_id, quantity, unit_price) values (1, 999, 1, 1)', '23503', 'order_items_product_id_foreign'],
  ['rating 0', "insert into reviews (product_id, customer_id, rating, title) values (1, 1, 0, 't')", '23514', 'reviews_rating_check'],
  ['rating 6', "insert into reviews (product_id, customer_id, rating, title) values (1, 1, 6, 't')", '23514', 'reviews_rating_check'],
  ['review of unknown product', "insert into reviews (product_id, customer_id, rating, title) values (999, 1, 5, 't')", '23503', 'reviews_product_id_foreign'],
  ['review by unknown customer', "insert into reviews (product_id, customer_id, rating, title) values (1, 999, 5, 't')", '23503', 'reviews_customer_id_foreign'],
  ['user email differing only in case', "insert into users (email, password) values ('ADA@EXAMPLE.COM', 'h')", '23505', 'users_email_lower_unique'],
  ['deleting an ordered product', "insert into order_items (order_id, product_id, quantity, unit_price) values (1, 1, 1, 1); delete from products where id = 1", '23503', 'order_items_product_id_foreign'],
  ['deleting a customer with orders', 'delete from customers where id = 1', '23503', 'orders_customer_id_foreign'],
];

describe('database constraints', () => {
  let database: TestDatabase;
  let pool: Pool;
  let client: PoolClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool(database.url);
    await migrateSchema(pool, 'public');
    client = await pool.connect();
    await client.query('begin');
    await client.query(fixture);
  });
  afterAll(async () => {
    await client.query('rollback');
    client.release();
    await pool.end();
    await database.drop();
  });

  it('accepts the valid fixture', async () => {
    const { rows } = await client.query('select count(*)::int as n from products');
    expect(rows[0].n).toBe(1);
  });

  it.each(cases)('rejects %s', async (_what, sql, sqlstate, constraint) => {
    await client.query('savepoint bad_row');
    const error = await client.query(sql).then(
      () => undefined,
      (caught: { code?: string; constraint?: string }) => caught,
    );
    await client.query('rollback to savepoint bad_row');
    expect(error, 'the statement should have failed').toBeDefined();
    expect(error!.code).toBe(sqlstate);
    if (constraint) expect(error!.constraint).toBe(constraint);
  });

  it('cascades: deleting an order deletes its items, deleting a product its reviews and tags', async () => {
    await client.query('savepoint cascade');
    await client.query('insert into products (id, sku, name, price) values (2, $1, $2, 1)', ['SKU-C', 'Cup']);
    await client.query('insert into order_items (order_id, product_id, quantity, unit_price) values (1, 2, 1, 1)');
    await client.query("insert into reviews (product_id, customer_id, rating, title) values (2, 1, 5, 'ok')");
    await client.query('insert into product_tags (product_id, tag_id) values (2, 1)');
    await client.query('delete from orders where id = 1');
    await client.query('delete from products where id = 2');
    const { rows } = await client.query(
      'select (select count(*) from order_items)::int as items, (select count(*) from reviews)::int as reviews, (select count(*) from product_tags)::int as tags',
    );
    expect(rows[0]).toEqual({ items: 0, reviews: 0, tags: 0 });
    await client.query('rollback to savepoint cascade');
  });
});
