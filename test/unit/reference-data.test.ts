import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LOAD_CHUNK_SIZE,
  ROWS_PER_SCALE,
  generateReferenceData,
  insertStatement,
  loadReferenceData,
  type ReferenceData,
  type TableData,
} from '../../src/db/reference-data';

type Generated = ReturnType<typeof generateReferenceData>;

const TABLE_ORDER = ['categories', 'tags', 'products', 'product_tags', 'customers', 'orders', 'order_items', 'reviews'];
const STATUSES = new Set(['pending', 'paid', 'shipped', 'delivered', 'cancelled']);
const FIRST_DAY = Date.parse('2023-01-01T00:00:00Z');
const LAST_DAY = Date.parse('2026-06-30T00:00:00Z');
const DAY = 86_400_000;

const sha256 = (data: unknown) => createHash('sha256').update(JSON.stringify(data)).digest('hex');

/** The values of one column, by name. */
function column<T = unknown>(table: TableData, name: string): T[] {
  const index = table.columns.findIndex((spec) => spec.name === name);
  if (index < 0) throw new Error(`no column ${name}`);
  return table.rows.map((row) => row[index] as T);
}

function expectUnique(values: unknown[], label: string): void {
  const seen = new Set(values);
  expect(seen.size, `${label} must be unique`).toBe(values.length);
}

function expectReferences(values: (number | null)[], target: TableData, label: string, nullable = false): void {
  const ids = new Set(column<number>(target, 'id'));
  const dangling = values.filter((value) => (value === null ? !nullable : !ids.has(value)));
  expect(dangling, `${label}: dangling references`).toEqual([]);
}

/** One assertion for a whole column (per-value `expect` calls are slow at these sizes); reports the first offenders. */
function expectAll<T>(values: T[], ok: (value: T, index: number) => boolean, label: string): void {
  const bad = values.flatMap((value, index) => (ok(value, index) ? [] : [{ row: index + 1, value }]));
  expect(bad.slice(0, 5), label).toEqual([]);
}

function expectMaxLength(table: TableData, name: string, max: number): void {
  const longest = Math.max(...column<string>(table, name).map((value) => value.length));
  expect(longest, `${name} length`).toBeLessThanOrEqual(max);
}

const time = (value: unknown) => Date.parse(value as string);

describe('generateReferenceData: determinism', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives byte-identical output for the same seed and scale, without Math.random or Date.now', () => {
    const random = vi.spyOn(Math, 'random');
    const now = vi.spyOn(Date, 'now');
    const first = sha256(generateReferenceData({ seed: 1, scale: 1 }));
    const second = sha256(generateReferenceData({ seed: 1, scale: 1 }));
    expect(second).toBe(first);
    expect(random).not.toHaveBeenCalled();
    expect(now).not.toHaveBeenCalled();
  });

  it('gives different output for a different seed', () => {
    const one = generateReferenceData({ seed: 1, scale: 1 });
    const two = generateReferenceData({ seed: 2, scale: 1 });
    expect(sha256(two)).not.toBe(sha256(one));
    expect(sha256(two.customers)).not.toBe(sha256(one.customers));
    expect(sha256(two.products)).not.toBe(sha256(one.products));
  });

  it('rejects a non-integer seed and a scale that is not a positive integer', () => {
    expect(() => generateReferenceData({ seed: 1.5, scale: 1 })).toThrow(RangeError);
    expect(() => generateReferenceData({ seed: 1, scale: 0 })).toThrow(RangeError);
    expect(() => generateReferenceData({ seed: 1, scale: 1.5 })).toThrow(RangeError);
  });

  it('generates scale 10 quickly (no quadratic loops)', () => {
    const started = performance.now();
    const data = generateReferenceData({ seed: 3, scale: 10 });
    const elapsed = performance.now() - started;
    console.info(`generateReferenceData({ seed: 3, scale: 10 }) took ${elapsed.toFixed(0)} ms`);
    expect(data.order_items.rows).toHaveLength(ROWS_PER_SCALE.order_items * 10);
    expectUnique(column(data.categories, 'name'), 'categories.name');
    expectUnique(column(data.tags, 'name'), 'tags.name');
    expectMaxLength(data.categories, 'name', 100);
    expectMaxLength(data.tags, 'name', 50);
    expect(elapsed).toBeLessThan(15_000);
  });
});

describe('generateReferenceData: counts', () => {
  it('has the exact counts at scale 1, in FK dependency order, and no users', () => {
    const data = generateReferenceData({ seed: 1, scale: 1 });
    expect(Object.keys(data)).toEqual(TABLE_ORDER);
    const counts = Object.fromEntries(Object.entries(data).map(([table, { rows }]) => [table, rows.length]));
    expect(counts).toEqual({
      categories: 30,
      tags: 60,
      products: 2000,
      product_tags: 6000,
      customers: 2000,
      orders: 6000,
      order_items: 18_000,
      reviews: 8000,
    });
    expect(counts).toEqual(ROWS_PER_SCALE);
    expect(data).not.toHaveProperty('users');
  });

  it('doubles every count at scale 2', () => {
    const data = generateReferenceData({ seed: 1, scale: 2 });
    for (const [table, perScale] of Object.entries(ROWS_PER_SCALE)) {
      expect(data[table as keyof Generated].rows, table).toHaveLength(perScale * 2);
    }
  });
});

describe.each([
  { seed: 1, scale: 1 },
  { seed: 20_260_630, scale: 2 },
])('generateReferenceData($seed, $scale): integrity', (options) => {
  let data: Generated;
  beforeAll(() => {
    data = generateReferenceData(options);
  });

  it('has rows as wide as their columns, and ids 1..n in order', () => {
    for (const [table, { columns, rows }] of Object.entries(data)) {
      expectAll(rows, (row) => row.length === columns.length, `${table} row width`);
      if (columns.some((spec) => spec.name === 'id')) {
        expect(column(data[table as keyof Generated], 'id'), table).toEqual(rows.map((_, i) => i + 1));
      }
    }
  });

  it('only references existing ids', () => {
    expectReferences(column(data.categories, 'parent_id'), data.categories, 'categories.parent_id', true);
    expectReferences(column(data.products, 'category_id'), data.categories, 'products.category_id', true);
    expectReferences(column(data.product_tags, 'product_id'), data.products, 'product_tags.product_id');
    expectReferences(column(data.product_tags, 'tag_id'), data.tags, 'product_tags.tag_id');
    expectReferences(column(data.orders, 'customer_id'), data.customers, 'orders.customer_id');
    expectReferences(column(data.order_items, 'order_id'), data.orders, 'order_items.order_id');
    expectReferences(column(data.order_items, 'product_id'), data.products, 'order_items.product_id');
    expectReferences(column(data.reviews, 'product_id'), data.products, 'reviews.product_id');
    expectReferences(column(data.reviews, 'customer_id'), data.customers, 'reviews.customer_id');
  });

  it('keeps unique columns unique', () => {
    expectUnique(column(data.categories, 'name'), 'categories.name');
    expectUnique(column(data.categories, 'slug'), 'categories.slug');
    expectUnique(column(data.tags, 'name'), 'tags.name');
    expectUnique(column(data.products, 'sku'), 'products.sku');
    expectUnique(column(data.customers, 'email'), 'customers.email');
    expectUnique(data.product_tags.rows.map(([product, tag]) => `${product}:${tag}`), 'product_tags primary key');
    const orderIds = column<number>(data.order_items, 'order_id');
    const productIds = column<number>(data.order_items, 'product_id');
    expectUnique(orderIds.map((order, i) => `${order}:${productIds[i]}`), 'a product per order');
  });

  it('satisfies the check constraints and column types', () => {
    const money = /^\d{1,8}\.\d{2}$/;
    const prices = [...column<string>(data.products, 'price'), ...column<string>(data.order_items, 'unit_price')];
    expectAll(prices, (price) => typeof price === 'string' && money.test(price), 'price, unit_price: numeric(10,2) ≥ 0');
    expectAll(column(data.products, 'stock'), (stock) => Number.isInteger(stock) && (stock as number) >= 0, 'stock ≥ 0');
    expectAll(column(data.order_items, 'quantity'), (quantity) => Number.isInteger(quantity) && (quantity as number) > 0, 'quantity > 0');
    expectAll(column(data.reviews, 'rating'), (rating) => [1, 2, 3, 4, 5].includes(rating as number), 'rating 1..5');
    expectAll(column(data.customers, 'country'), (country) => /^[A-Z]{2}$/.test(country as string), 'country');
    expectAll(column(data.orders, 'status'), (status) => STATUSES.has(status as string), 'status');
    expectAll(column(data.customers, 'email'), (email) => /^[a-z0-9.]+@example\.(com|net|org)$/.test(email as string), 'email');
    expectAll(column(data.products, 'is_active'), (active) => typeof active === 'boolean', 'is_active');
    expectAll(
      column<Record<string, unknown>>(data.products, 'attributes'),
      (attributes) => Object.keys(attributes).join() === 'color,material,weight_kg' && typeof attributes.weight_kg === 'number',
      'attributes',
    );
    expectMaxLength(data.categories, 'name', 100);
    expectMaxLength(data.categories, 'slug', 100);
    expectMaxLength(data.tags, 'name', 50);
    expectMaxLength(data.products, 'sku', 32);
    expectMaxLength(data.products, 'name', 200);
    expectMaxLength(data.customers, 'email', 254);
    expectMaxLength(data.customers, 'first_name', 100);
    expectMaxLength(data.customers, 'last_name', 100);
    expectMaxLength(data.customers, 'phone', 32);
    expectMaxLength(data.customers, 'city', 100);
    expectMaxLength(data.reviews, 'title', 200);
  });

  it('dates every row within 2023-01-01..2026-06-30, created_at ≤ updated_at', () => {
    for (const [table, rows] of Object.entries(data)) {
      if (!rows.columns.some((spec) => spec.name === 'created_at')) continue;
      const created = column(rows, 'created_at').map(time);
      const updated = column(rows, 'updated_at').map(time);
      expectAll(created, (at, i) => at >= FIRST_DAY && at <= updated[i] && updated[i] <= LAST_DAY, `${table} dates`);
    }
    const placed = column(data.orders, 'placed_at').map(time);
    expect(placed).toEqual(column(data.orders, 'created_at').map(time));
  });

  it('never sells or reviews a product before it exists, nor to a customer before sign-up', () => {
    const productCreated = column(data.products, 'created_at').map(time);
    const customerCreated = column(data.customers, 'created_at').map(time);
    const placed = column(data.orders, 'placed_at').map(time);
    const orderCustomers = column<number>(data.orders, 'customer_id');
    expectAll(orderCustomers, (customer, i) => placed[i] >= customerCreated[customer - 1], 'order after sign-up');
    const itemOrders = column<number>(data.order_items, 'order_id');
    const itemProducts = column<number>(data.order_items, 'product_id');
    expectAll(itemProducts, (product, i) => placed[itemOrders[i] - 1] >= productCreated[product - 1], 'item after product');
    const reviewCreated = column(data.reviews, 'created_at').map(time);
    const reviewCustomers = column<number>(data.reviews, 'customer_id');
    const reviewProducts = column<number>(data.reviews, 'product_id');
    expectAll(reviewProducts, (product, i) => reviewCreated[i] >= productCreated[product - 1], 'review after product');
    expectAll(reviewCustomers, (customer, i) => reviewCreated[i] >= customerCreated[customer - 1], 'review after sign-up');
  });

  it('builds a category tree without cycles, mostly filing products under leaves', () => {
    const parents = column<number | null>(data.categories, 'parent_id');
    parents.forEach((parent, i) => {
      const seen = new Set<number>([i + 1]);
      for (let current = parent; current !== null; current = parents[current - 1]) {
        expect(seen.has(current), `cycle through category ${i + 1}`).toBe(false);
        seen.add(current);
      }
    });
    expect(parents.filter((parent) => parent === null)).toHaveLength(6 * options.scale);
    const leaves = new Set(parents.flatMap((parent, i) => (parent === null ? [] : [i + 1])));
    const categories = column<number | null>(data.products, 'category_id');
    expect(categories.filter((id) => id !== null && leaves.has(id)).length / categories.length).toBeGreaterThan(0.95);
  });

  it('gives every order at least one item, every product three tags', () => {
    const itemsPerOrder = new Map<number, number>();
    for (const order of column<number>(data.order_items, 'order_id')) itemsPerOrder.set(order, (itemsPerOrder.get(order) ?? 0) + 1);
    expect(itemsPerOrder.size).toBe(data.orders.rows.length);
    const tagsPerProduct = new Map<number, number>();
    for (const product of column<number>(data.product_tags, 'product_id')) {
      tagsPerProduct.set(product, (tagsPerProduct.get(product) ?? 0) + 1);
    }
    expect(new Set(tagsPerProduct.values())).toEqual(new Set([3]));
    expect(tagsPerProduct.size).toBe(data.products.rows.length);
  });

  it('has plausible distributions: active products, good ratings, statuses by age', () => {
    const active = column<boolean>(data.products, 'is_active').filter(Boolean).length / data.products.rows.length;
    expect(active).toBeGreaterThan(0.85);
    expect(active).toBeLessThan(0.95);
    const ratings = column<number>(data.reviews, 'rating');
    expect(ratings.filter((rating) => rating >= 4).length / ratings.length).toBeGreaterThan(0.6);
    const statuses = column<string>(data.orders, 'status');
    const placed = column(data.orders, 'placed_at').map(time);
    const old = (i: number) => LAST_DAY - placed[i] > 30 * DAY;
    const recent = (i: number) => LAST_DAY - placed[i] < 2 * DAY;
    expectAll(statuses, (status, i) => !old(i) || status === 'delivered' || status === 'cancelled', 'old orders are done');
    expectAll(statuses, (status, i) => !recent(i) || ['pending', 'paid', 'cancelled'].includes(status), 'recent orders in flight');
    expect(statuses.filter((status) => status === 'delivered').length / statuses.length).toBeGreaterThan(0.8);
  });
});

/** A pg client stand-in that records statements; an INSERT reports as many rows as its first array. */
function recordingClient() {
  const queries: { sql: string; params?: unknown[] }[] = [];
  const client = {
    query: vi.fn(async (sql: string, params?: unknown[]) => {
      queries.push({ sql, params });
      const rowCount = sql.startsWith('INSERT') ? (params?.[0] as unknown[]).length : 1;
      return { rows: [], rowCount };
    }),
  };
  return { client: client as unknown as ClientBase, queries };
}

describe('loadReferenceData', () => {
  it('builds one unnest INSERT per table, quoting identifiers and casting jsonb', () => {
    const sql = insertStatement('we"ird', 'products', [
      { name: 'id', type: 'integer' },
      { name: 'price', type: 'numeric' },
      { name: 'attributes', type: 'jsonb' },
      { name: 'is_active', type: 'boolean' },
      { name: 'rating', type: 'smallint' },
      { name: 'created_at', type: 'timestamptz' },
      { name: 'name', type: 'text' },
    ]);
    expect(sql).toBe(
      'INSERT INTO "we""ird"."products" ("id", "price", "attributes", "is_active", "rating", "created_at", "name") ' +
        'SELECT c1, c2, c3::jsonb, c4, c5, c6, c7 ' +
        'FROM unnest($1::int4[], $2::numeric[], $3::text[], $4::bool[], $5::int2[], $6::timestamptz[], $7::text[]) ' +
        'AS t(c1, c2, c3, c4, c5, c6, c7)',
    );
  });

  it('inserts in chunks of 5000 as array parameters, then moves id sequences past the max id', async () => {
    const rows = Array.from({ length: 2 * LOAD_CHUNK_SIZE + 1 }, (_, i) => [i + 1, { n: i }, i % 2 === 0 ? null : 'x']);
    const data: ReferenceData = {
      things: {
        columns: [
          { name: 'id', type: 'integer' },
          { name: 'attributes', type: 'jsonb' },
          { name: 'note', type: 'text' },
        ],
        rows,
      },
      links: { columns: [{ name: 'thing_id', type: 'integer' }, { name: 'other_id', type: 'integer' }], rows: [[1, 2]] },
    };
    const { client, queries } = recordingClient();
    const counts = await loadReferenceData(client, 'tenant_1', data);

    expect(counts).toEqual({ things: 2 * LOAD_CHUNK_SIZE + 1, links: 1 });
    const inserts = queries.filter((query) => query.sql.startsWith('INSERT'));
    expect(inserts.map((query) => (query.params?.[0] as unknown[]).length)).toEqual([LOAD_CHUNK_SIZE, LOAD_CHUNK_SIZE, 1, 1]);
    expect(inserts[0].params).toHaveLength(3);
    expect((inserts[0].params?.[1] as unknown[])[7]).toBe('{"n":7}');
    expect((inserts[0].params?.[2] as unknown[]).slice(0, 2)).toEqual([null, 'x']);
    expect((inserts[2].params?.[0] as unknown[])[0]).toBe(2 * LOAD_CHUNK_SIZE + 1);

    const setvals = queries.filter((query) => query.sql.includes('setval'));
    expect(setvals).toHaveLength(1); // `links` has no id column
    expect(setvals[0].sql).toContain('pg_get_serial_sequence($1');
    expect(setvals[0].sql).toContain('FROM "tenant_1"."things"');
    expect(setvals[0].params).toEqual(['"tenant_1"."things"']);
    expect(queries.some((query) => /^(begin|commit)/i.test(query.sql))).toBe(false);
  });

  it('loads a generated data set table by table in dependency order', async () => {
    const { client, queries } = recordingClient();
    const counts = await loadReferenceData(client, 'public', generateReferenceData({ seed: 1, scale: 1 }));
    expect(counts).toEqual(ROWS_PER_SCALE);
    const order = queries
      .filter((query) => query.sql.startsWith('INSERT'))
      .map((query) => /INSERT INTO "public"\."(\w+)"/.exec(query.sql)?.[1]);
    expect([...new Set(order)]).toEqual(TABLE_ORDER);
    expect(queries.filter((query) => query.sql.includes('setval'))).toHaveLength(TABLE_ORDER.length - 1);
  });

  it('rejects a row whose width does not match its columns', async () => {
    const { client } = recordingClient();
    const data: ReferenceData = { tags: { columns: [{ name: 'id', type: 'integer' }, { name: 'name', type: 'text' }], rows: [[1]] } };
    await expect(loadReferenceData(client, 'public', data)).rejects.toThrow(/1 values for 2 columns/);
  });
});
