import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { statementsDuring } from '../helpers/statements';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * What a DRF 3.14 + django-filter 23.1 list answers, byte for byte, for the cases real clients hit:
 * PageNumberPagination, the filters' parsing and messages, DateTimeField output, drf-flex-fields' expand.
 */
describe('lists as DRF and django-filter answer them', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  const get = (url: string) => t.app.inject({ method: 'GET', url, headers });
  const sql = async (query: string) => (await t.app.pool.query(query)).rows;
  const count = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().count as number;
  };
  const ids = (body: { results: Array<{ id: number }> }) => body.results.map((row) => row.id);

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'drf-lists');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  describe('PageNumberPagination', () => {
    it.each(['0', '-1', 'abc', '', '1.0', '2x'])('page=%s is 404 {"detail": "Invalid page."}', async (page) => {
      const response = await get(`/api/products/?page=${page}`);
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ detail: 'Invalid page.' });
    });

    it('a page past the last is 404, a huge one too, without a statement PostgreSQL refuses', async () => {
      expect((await get('/api/products/?page=101')).json()).toEqual({ detail: 'Invalid page.' });
      const huge = await get(`/api/products/?page=${'9'.repeat(400)}`);
      expect(huge.statusCode).toBe(404);
      expect(huge.json()).toEqual({ detail: 'Invalid page.' });
      // The first page of nothing is a page (allow_empty_first_page); the second is not.
      expect((await get('/api/products/?name=nothing-here')).statusCode).toBe(200);
      expect((await get('/api/products/?name=nothing-here&page=2')).statusCode).toBe(404);
    });

    it('int() forms of a page are pages: " 2", "+2", "0_2"', async () => {
      const second = ids((await get('/api/products/?page=2&ordering=id')).json());
      for (const page of ['%202', '%2B2', '0_2']) expect(ids((await get(`/api/products/?page=${page}&ordering=id`)).json()), page).toEqual(second);
    });

    it.each(['abc', '0', '-5', '', '1.5'])('page_size=%s falls back to the default page size (20)', async (size) => {
      const response = await get(`/api/products/?page_size=${size}`);
      expect(response.statusCode).toBe(200);
      expect(response.json().results).toHaveLength(20);
    });

    it('a page_size above the maximum is capped at it (100), and pages are counted on the capped size', async () => {
      const body = (await get('/api/products/?page_size=100000&page=2&ordering=id')).json();
      expect(body.results).toHaveLength(100);
      expect(body.results[0].id).toBe(101);
      expect((await get('/api/products/?page_size=100000&page=20')).statusCode).toBe(200);
      expect((await get('/api/products/?page_size=100000&page=21')).statusCode).toBe(404);
    });

    it('a bad filter is reported before a bad page, as DRF filters before it paginates', async () => {
      const response = await get('/api/products/?page=abc&price__gte=cheap');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ price__gte: ['Enter a number.'] });
    });
  });
  describe('django-filter', () => {
    const n = async (where: string, table = 'products') => (await sql(`select count(*)::int as n from public.${table} t where ${where}`))[0].n as number;
    const hasTag = (ids: string) => `exists (select 1 from public.product_tags pt where pt.product_id = t.id and pt.tag_id in (${ids}))`;

    it('a repeated M:N parameter ORs its values, as ModelMultipleChoiceFilter does', async () => {
      const both = await n(hasTag('5, 7'));
      expect(both).toBeGreaterThan(await n(hasTag('7')));
      expect(await count('/api/products/?tags=5&tags=7&page_size=1')).toBe(both);
      expect(await count('/api/products/?tags__in=5&tags__in=7&page_size=1')).toBe(both);
    });

    it('a repeated __in ORs every occurrence, each comma-separated; the in-list bound applies to the union', async () => {
      expect(await count('/api/orders/?status__in=paid&status__in=shipped,delivered&page_size=1')).toBe(await n("status in ('paid', 'shipped', 'delivered')", 'orders'));
      expect(await count('/api/products/?category__in=3&category__in=4,5&page_size=1')).toBe(await n('category_id in (3, 4, 5)'));
      const half = Array.from({ length: 600 }, (_, i) => i + 1).join(',');
      const response = await get(`/api/products/?id__in=${half}&id__in=${half}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ id__in: ['Ensure this list has no more than 1,000 values (MAX_IN_LIST).'] });
      // An empty __in is no filter (django-filter's `[]`); a parameter that is not repeated keeps its last value.
      expect(await count('/api/orders/?status__in=&page_size=1')).toBe(await n('true', 'orders'));
      expect(await count('/api/products/?category=3&category=4&page_size=1')).toBe(await n('category_id = 4'));
    });

    it('an FK or M:N id that does not exist is 400 as ModelChoiceFilter / ModelMultipleChoiceFilter word it', async () => {
      const category = await get('/api/products/?category=999999');
      expect(category.statusCode).toBe(400);
      expect(category.json()).toEqual({ category: ['Select a valid choice. That choice is not one of the available choices.'] });
      expect((await get('/api/products/?category__in=3,999999')).json()).toEqual({ category__in: ['Select a valid choice. That choice is not one of the available choices.'] });
      expect((await get('/api/products/?category=abc')).json()).toEqual({ category: ['Select a valid choice. That choice is not one of the available choices.'] });
      const tags = await get('/api/products/?tags=5&tags=999');
      expect(tags.statusCode).toBe(400);
      expect(tags.json()).toEqual({ tags: ['Select a valid choice. 999 is not one of the available choices.'] });
      expect((await get('/api/products/?tags=abc')).json()).toEqual({ tags: ['“abc” is not a valid value.'] });
      expect((await get(`/api/products/?tags=${'9'.repeat(30)}`)).json()).toEqual({ tags: [`Select a valid choice. ${'9'.repeat(30)} is not one of the available choices.`] });
      // An existing id is fine; an int() form of it is too for an FK (queryset.get), not for an M:N (its text must match).
      expect(await count('/api/products/?category=%2B3&page_size=1')).toBe(await n('category_id = 3'));
      expect((await get('/api/products/?tags=05')).json()).toEqual({ tags: ['Select a valid choice. 05 is not one of the available choices.'] });
    });

    it('the existence check rides on the count statement: still two statements in one round trip', async () => {
      await get('/api/products/?tags=5&category=3');
      const log = await statementsDuring(t.app, async () => expect((await get('/api/products/?tags=5&tags=7&category=3')).statusCode).toBe(200));
      expect(log.statements).toHaveLength(2);
      expect(log.roundTrips).toBe(1);
      const refused = await statementsDuring(t.app, async () => expect((await get('/api/products/?category=999999')).statusCode).toBe(400));
      expect(refused.statements).toHaveLength(2);
    });

    it('several invalid parameters are reported together, the missing ids with the rest', async () => {
      const response = await get('/api/products/?price__gte=cheap&stock__lt=x&category=999999&tags=999&page=abc');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({
        price__gte: ['Enter a number.'],
        stock__lt: ['Enter a number.'],
        category: ['Select a valid choice. That choice is not one of the available choices.'],
        tags: ['Select a valid choice. 999 is not one of the available choices.'],
      });
      // Refused without the list: one statement, only to look the ids up.
      const log = await statementsDuring(t.app, async () => get('/api/products/?price__gte=cheap&category=999999'));
      expect(log.statements).toHaveLength(1);
      expect((await statementsDuring(t.app, async () => get('/api/products/?price__gte=cheap'))).statements).toHaveLength(0);
    });

    it.each([
      ['true', 'is_active'],
      ['True', 'is_active'],
      ['TRUE', 'is_active'],
      ['1', 'is_active'],
      ['false', 'not is_active'],
      ['False', 'not is_active'],
      ['0', 'not is_active'],
      ['yes', 'true'],
      ['maybe', 'true'],
      ['', 'true'],
    ])('is_active=%s is BooleanWidget: an unrecognised value is no filter', async (value, where) => {
      expect(await count(`/api/products/?is_active=${value}&page_size=1`)).toBe(await n(where));
    });

    it('__isnull reads booleans the same way', async () => {
      expect(await count('/api/products/?category__isnull=True&page_size=1')).toBe(await n('category_id is null'));
      expect(await count('/api/products/?category__isnull=0&page_size=1')).toBe(await n('category_id is not null'));
      expect(await count('/api/products/?category__isnull=perhaps&page_size=1')).toBe(await n('true'));
    });

    it("numbers are Python's Decimal(): an invalid one is 400 Enter a number.", async () => {
      for (const value of ['cheap', 'NaN', 'Infinity', '1.2.3', '%20', '1e']) {
        const response = await get(`/api/products/?price__gte=${value}`);
        expect(response.statusCode, value).toBe(400);
        expect(response.json()).toEqual({ price__gte: ['Enter a number.'] });
      }
      expect(await count('/api/products/?price__gte=1e2&page_size=1')).toBe(await n('price >= 100'));
      expect(await count('/api/products/?price__gte=%2B99.5&page_size=1')).toBe(await n('price >= 99.5'));
      expect(await count('/api/products/?price__lt=.5e3&page_size=1')).toBe(await n('price < 500'));
      expect(await count(`/api/products/?price__lt=1e99999999&page_size=1`)).toBe(await n('true'));
      // On an integer column Django's int() truncates the Decimal.
      expect(await count('/api/products/?stock=3.9&page_size=1')).toBe(await n('stock = 3'));
      expect(await count(`/api/products/?stock__lt=${'9'.repeat(40)}&page_size=1`)).toBe(await n('true'));
    });

    it('a choice not offered is 400 naming it; __in of a choice is a CharFilter, not checked', async () => {
      const response = await get('/api/orders/?status=bogus');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ status: ['Select a valid choice. bogus is not one of the available choices.'] });
      expect(await count('/api/orders/?status__in=bogus,paid&page_size=1')).toBe(await n("status = 'paid'", 'orders'));
    });

    it('ranges: two values, an empty bound matches nothing; datetimes as parse_datetime reads them', async () => {
      expect((await get('/api/products/?price__range=1')).json()).toEqual({ price__range: ['Range query expects two values.'] });
      expect((await get('/api/products/?price__range=1,2,3')).json()).toEqual({ price__range: ['Range query expects two values.'] });
      expect(await count('/api/products/?price__range=10,&page_size=1')).toBe(0);
      expect(await count('/api/orders/?placed_at__gte=2024-01-01 00:00&page_size=1')).toBe(await n("placed_at >= '2024-01-01T00:00:00Z'", 'orders'));
      expect(await count('/api/orders/?placed_at__gte=2024-03-01T12:00:00%2B02:00&page_size=1')).toBe(await n("placed_at >= '2024-03-01T10:00:00Z'", 'orders'));
      for (const value of ['2024-02-30', '2024-13-01', 'yesterday', '2024-01-01T25:00']) {
        expect((await get(`/api/orders/?placed_at__gte=${value}`)).json(), value).toEqual({ placed_at__gte: ['Enter a valid date/time.'] });
      }
    });
  });

  describe('DateTimeField output', () => {
    it('renders UTC with Z, no .000, and microseconds when there are some, in lists, items and expansions', async () => {
      const schema = user.client.schema;
      await t.app.pool.query(`update "${schema}".orders set placed_at = '2023-01-01T00:05:37Z' where id = 1`);
      await t.app.pool.query(`update "${schema}".orders set placed_at = '2023-01-01T00:05:37.123456Z' where id = 2`);
      await t.app.pool.query(`update "${schema}".orders set placed_at = '2023-01-01T02:05:37.5+02:00' where id = 3`);
      const rows = (await get('/api/orders/?id__in=1,2,3&ordering=id')).json().results;
      expect(rows.map((row: { placed_at: string }) => row.placed_at)).toEqual(['2023-01-01T00:05:37Z', '2023-01-01T00:05:37.123456Z', '2023-01-01T00:05:37.500000Z']);
      expect((await get('/api/orders/2/')).json().placed_at).toBe('2023-01-01T00:05:37.123456Z');
      const item = (await get('/api/order-items/?order=2&expand=order&page_size=1')).json().results[0];
      expect(item.order.placed_at).toBe('2023-01-01T00:05:37.123456Z');
      for (const row of (await get('/api/products/?page_size=5')).json().results) expect(row.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$/);
    });

    it('a filter on a datetime with microseconds matches it exactly', async () => {
      expect(await count('/api/orders/?placed_at=2023-01-01T00:05:37.123456Z')).toBe(1);
      expect(await count('/api/orders/?placed_at=2023-01-01T00:05:37.123Z')).toBe(0);
    });

    // Writes go through MikroORM entities, whose JS Date holds milliseconds: a written value keeps them,
    // and microseconds beyond them are dropped (README, "Where we differ from DRF").
    it('a value written through the API reads back as written, to the millisecond, in DRF\'s format', async () => {
      const write = (placedAt: string) => t.app.inject({ method: 'PATCH', url: '/api/orders/4/', headers, payload: { placed_at: placedAt } });
      expect((await write('2023-03-04T05:06:07.891Z')).json().placed_at).toBe('2023-03-04T05:06:07.891000Z');
      expect((await get('/api/orders/4/')).json().placed_at).toBe('2023-03-04T05:06:07.891000Z');
      expect((await write('2023-03-04T07:06:07+02:00')).json().placed_at).toBe('2023-03-04T05:06:07Z');
      expect((await write('2023-03-04T05:06:07.891234Z')).json().placed_at).toBe('2023-03-04T05:06:07.891000Z');
    });
  });
  describe('expand, as drf-flex-fields nests it', () => {
    it('expand=category.parent embeds the category and its parent, in one statement per level', async () => {
      const [{ id }] = await sql('select p.id from public.products p join public.categories c on c.id = p.category_id where c.parent_id is not null order by p.id limit 1');
      const [expected] = await sql(`select c.id, c.parent_id, pc.name as parent_name from public.products p join public.categories c on c.id = p.category_id join public.categories pc on pc.id = c.parent_id where p.id = ${id}`);
      const body = (await get(`/api/products/?id=${id}&expand=category.parent`)).json();
      const { category } = body.results[0];
      expect(category).toMatchObject({ id: expected.id, parent: { id: expected.parent_id, name: expected.parent_name } });
      expect(typeof category.parent.parent === 'number' || category.parent.parent === null).toBe(true);
      expect((await get(`/api/products/${id}/?expand=category.parent`)).json().category.parent.id).toBe(expected.parent_id);
    });

    it('expand=items on orders embeds the order items, and items.product their products', async () => {
      const [{ order_id }] = await sql('select order_id from public.order_items group by order_id having count(*) > 1 order by order_id limit 1');
      const expected = await sql(`select id, product_id from public.order_items where order_id = ${order_id} order by id`);
      const plain = (await get(`/api/orders/${order_id}/`)).json();
      expect(plain).not.toHaveProperty('items');
      const order = (await get(`/api/orders/?id=${order_id}&expand=items.product,customer`)).json().results[0];
      expect(order.items.map((item: { id: number }) => item.id)).toEqual(expected.map((row) => row.id));
      expect(order.items.map((item: { product: { id: number } }) => item.product.id)).toEqual(expected.map((row) => row.product_id));
      expect(order.items[0]).toMatchObject({ quantity: expect.any(Number), unit_price: expect.any(String), order: order_id, product: { sku: expect.any(String) } });
      expect(order.customer).toMatchObject({ email: expect.any(String) });
    });

    it('statements grow with the levels asked for, never with the rows', async () => {
      const url = (size: number) => `/api/orders/?page_size=${size}&expand=items.product.category,customer`;
      await get(url(5));
      const small = await statementsDuring(t.app, async () => expect((await get(url(5))).statusCode).toBe(200));
      const large = await statementsDuring(t.app, async () => expect((await get(url(50))).statusCode).toBe(200));
      // count and page; items and customers; products; categories: 6 statements in 4 round trips
      expect(small.statements).toHaveLength(6);
      expect(large.statements).toHaveLength(6);
      expect(small.roundTrips).toBe(4);
    });

    it('an unknown relation at any level is a 400 naming it and the resource it was looked for in', async () => {
      const response = await get('/api/products/?expand=category.owner,tags');
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ expand: ['"owner" is not a relation of Category.'] });
    });

    it('a path deeper than MAX_EXPAND_DEPTH, even a megabyte long, is refused with no statement', async () => {
      const deep = await get('/api/products/?expand=category.parent.parent.parent');
      expect(deep.statusCode).toBe(400);
      expect(deep.json()).toEqual({ expand: ['Ensure each expand path has no more than 3 levels (MAX_EXPAND_DEPTH).'] });
      const huge = `category${'.parent'.repeat(100_000)}`;
      let response!: Awaited<ReturnType<typeof get>>;
      const log = await statementsDuring(t.app, async () => (response = await get(`/api/products/?expand=${huge}`)));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toEqual({ expand: ['Ensure each expand path has no more than 3 levels (MAX_EXPAND_DEPTH).'] });
      expect(log.statements).toHaveLength(0);
    });

    it('nested lists count in the row estimate: orders × items × product tags', async () => {
      // 100 orders + 100×100 items + as many products + 100×100×100 tags > 50,000: refused before any statement.
      let response!: Awaited<ReturnType<typeof get>>;
      const log = await statementsDuring(t.app, async () => (response = await get('/api/orders/?page_size=100&expand=items.product.tags')));
      expect(response.statusCode).toBe(400);
      expect(response.json().expand[0]).toMatch(/^This request could read 1,020,100 rows/);
      expect(log.statements).toHaveLength(0);
      expect((await get('/api/orders/?page_size=4&expand=items.product.tags')).statusCode).toBe(200);
    });
  });
});
