import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

describe('DRF lists: pagination, ordering, search, filters, expand', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers });
  const sql = async (query: string) => (await t.app.pool.query(query)).rows;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'lists');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  it('pages as {count, next, previous, results} with absolute URLs', async () => {
    const first = await get('/api/products/?page_size=50&ordering=id');
    expect(first.statusCode).toBe(200);
    const body = first.json();
    expect(Object.keys(body)).toEqual(['count', 'next', 'previous', 'results']);
    expect(body.count).toBe(2000);
    expect(body.results).toHaveLength(50);
    expect(body.previous).toBeNull();
    expect(body.next).toBe('http://localhost/api/products/?ordering=id&page=2&page_size=50'); // sorted by name, as DRF's replace_query_param gives it
    const second = (await get(new URL(body.next).pathname + new URL(body.next).search)).json();
    expect(second.results[0].id).toBe(51);
    expect(second.previous).toBe('http://localhost/api/products/?ordering=id&page_size=50');
  });

  it('default page size 20, at most 100; the last page, an empty list, a page past the end', async () => {
    expect((await get('/api/products/')).json().results).toHaveLength(20);
    expect((await get('/api/products/?page_size=1000')).json().results).toHaveLength(100);
    const last = (await get('/api/products/?page_size=300&page=20')).json();
    expect(last.results).toHaveLength(100);
    expect(last.next).toBeNull();
    expect((await get('/api/products/?page_size=100&page=last')).json().results.at(-1).id).toBe(2000);
    const past = await get('/api/products/?page=1000');
    expect(past.statusCode).toBe(404);
    expect(past.json()).toEqual({ detail: 'Invalid page.' });
    const empty = await get('/api/products/?name=no-such-product-anywhere');
    expect(empty.statusCode).toBe(200);
    expect(empty.json()).toEqual({ count: 0, next: null, previous: null, results: [] });
    const bad = await get('/api/products/?page=zero&page_size=-3');
    expect(bad.statusCode).toBe(404);
    expect(bad.json()).toEqual({ detail: 'Invalid page.' });
  });

  it('orders by several fields, by a relation id, and ignores unknown ones', async () => {
    const rows = (await get('/api/products/?ordering=-price,name&page_size=100')).json().results;
    const expected = await sql('select id from public.products order by price desc, name asc, id asc limit 100');
    expect(rows.map((row: { id: number }) => row.id)).toEqual(expected.map((row) => row.id));
    const byCategory = (await get('/api/products/?ordering=-category,id&page_size=30')).json().results;
    const expectedByCategory = await sql('select id from public.products order by category_id desc, id limit 30');
    expect(byCategory.map((row: { id: number }) => row.id)).toEqual(expectedByCategory.map((row) => row.id));
    expect((await get('/api/products/?ordering=no_such_field')).statusCode).toBe(200);
  });

  it('search: every term must match some text field', async () => {
    const [{ name }] = await sql('select name from public.products where name like \'% %\' order by id limit 1');
    const [first, second] = name.split(' ');
    const body = (await get(`/api/products/?search=${encodeURIComponent(`${first.toLowerCase()}, ${second.toUpperCase()}`)}&page_size=100`)).json();
    const expected = await sql(
      `select count(*)::int as n from public.products where (name ilike '%${first}%' or sku ilike '%${first}%' or description ilike '%${first}%')
         and (name ilike '%${second}%' or sku ilike '%${second}%' or description ilike '%${second}%')`,
    );
    expect(body.count).toBe(expected[0].n);
    expect(body.count).toBeGreaterThan(0);
  });

  it('django-filter lookups, combined', async () => {
    const check = async (query: string, where: string, table = 'products') => {
      const body = (await get(`/api/${table.replace('_', '-')}/?${query}&page_size=1`)).json();
      const [{ n }] = await sql(`select count(*)::int as n from public.${table} t where ${where}`);
      expect(body.count, query).toBe(n);
      return n;
    };
    expect(await check('price__gte=100&price__lt=200', 'price >= 100 and price < 200')).toBeGreaterThan(0);
    await check('name__icontains=MUG', "name ilike '%mug%'");
    await check('name__startswith=Classic', "name like 'Classic%'");
    await check('sku__iexact=kit-cut-000001', "lower(sku) = 'kit-cut-000001'");
    await check('stock=0', 'stock = 0');
    await check('is_active=false', 'not is_active');
    await check('category=3', 'category_id = 3');
    await check('category__in=3,4,5', 'category_id in (3, 4, 5)');
    await check('category__isnull=true', 'category_id is null');
    await check('tags=5', 'exists (select 1 from public.product_tags pt where pt.product_id = t.id and pt.tag_id = 5)');
    await check('tags=5&price__lte=50&is_active=true', 'price <= 50 and is_active and exists (select 1 from public.product_tags pt where pt.product_id = t.id and pt.tag_id = 5)');
    await check('status__in=paid,shipped', "status in ('paid', 'shipped')", 'orders');
    await check('placed_at__range=2024-01-01,2024-06-30', "placed_at between '2024-01-01' and '2024-06-30'", 'orders');
    await check('quantity__gt=2&order=10', 'quantity > 2 and order_id = 10', 'order_items');
    await check('unknown_param=1&name__nolookup=x', 'true');
  });

  it('a known parameter with a bad value is a 400 naming it', async () => {
    const response = await get('/api/products/?price__gte=cheap&category=abc&placed_at=x&is_active=maybe');
    expect(response.statusCode).toBe(400);
    // As django-filter: an unknown boolean is no filter; `placed_at` is not a product field.
    expect(response.json()).toEqual({ price__gte: ['Enter a number.'], category: ['Select a valid choice. That choice is not one of the available choices.'] });
    const status = await t.app.inject({ method: 'GET', url: '/api/orders/?status=lost', headers });
    expect(status.json()).toEqual({ status: ['Select a valid choice. lost is not one of the available choices.'] });
    const expand = await get('/api/products/?expand=price');
    expect(expand.json()).toEqual({ expand: ['"price" is not a relation of Product.'] });
  });

  it('expand embeds relations without a request per row', async () => {
    const body = (await get('/api/products/?expand=category,tags&page_size=5&ordering=id')).json();
    for (const product of body.results) {
      if (product.category !== null) expect(product.category).toMatchObject({ id: expect.any(Number), name: expect.any(String) });
      for (const tag of product.tags) expect(tag).toMatchObject({ id: expect.any(Number), name: expect.any(String) });
    }
    const plain = (await get('/api/products/1/')).json();
    expect(typeof plain.category === 'number' || plain.category === null).toBe(true);
    expect(plain.tags.every((id: unknown) => typeof id === 'number')).toBe(true);
    const one = (await get('/api/order-items/1/?expand=order,product')).json();
    expect(one.order).toMatchObject({ id: expect.any(Number), status: expect.any(String) });
    expect(one.product).toMatchObject({ sku: expect.any(String) });
  });
});
