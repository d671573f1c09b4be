import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql, GRAPHQL_ENGINES } from '../helpers/graphql';
import { statementsDuring } from '../helpers/statements';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

describe.each(GRAPHQL_ENGINES)('GraphQL over the resources service (%s)', (engine) => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  const sql = async (query: string) => (await t.app.pool.query(query)).rows;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    user = await registerUser(t.app, 'graphql');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  it('lists with where (REST lookups, AND/OR/NOT), orderBy and pages', async () => {
    const result = await graphql(
      t.app,
      `query ($where: ProductWhere) {
         products(where: $where, orderBy: [{ price: DESC }, { name: ASC }], page: 2, pageSize: 5) {
           totalCount page pageSize items { id name price isActive category { id name } tags { id name } }
         }
       }`,
      { where: { price: { gte: '10', lt: '500' }, OR: [{ name: { icontains: 'lamp' } }, { name: { icontains: 'mug' } }], NOT: { isActive: { eq: false } } } },
      headers,
    );
    expect(result.errors).toBeUndefined();
    const [{ n }] = await sql(`select count(*)::int as n from public.products where price >= 10 and price < 500 and (name ilike '%lamp%' or name ilike '%mug%') and is_active`);
    const page = result.data.products;
    expect(page).toMatchObject({ totalCount: n, page: 2, pageSize: 5 });
    const expected = await sql(`select id::text from public.products where price >= 10 and price < 500 and (name ilike '%lamp%' or name ilike '%mug%') and is_active order by price desc, name asc, id limit 5 offset 5`);
    expect(page.items.map((item: { id: string }) => item.id)).toEqual(expected.map((row) => row.id));
    for (const item of page.items) for (const tag of item.tags) expect(tag).toMatchObject({ id: expect.any(String), name: expect.any(String) });
  });

  it('relation filters by id, enums as GraphQL enums, one object by id (null when absent)', async () => {
    const result = await graphql(
      t.app,
      `{ orders(where: { customer: { id: { eq: 1 } }, status: { in: [PAID, SHIPPED, DELIVERED] } }) { totalCount items { status customer { id } } }
         order(id: 1) { id status } missing: product(id: 999999) { id } }`,
      undefined,
      headers,
    );
    expect(result.errors).toBeUndefined();
    const [{ n }] = await sql("select count(*)::int as n from public.orders where customer_id = 1 and status in ('paid', 'shipped', 'delivered')");
    expect(result.data.orders.totalCount).toBe(n);
    expect(result.data.missing).toBeNull();
    expect(result.data.order.status).toMatch(/^[A-Z]+$/);
  });

  it('creates, updates and deletes in the client; BAD_USER_INPUT names every failing field', async () => {
    const created = await graphql(t.app, 'mutation { createProduct(data: { sku: "GQL-1", name: "Teapot", price: "19.90", tags: ["1", "2"], category: "3" }) { id sku price tags { id } category { id } } }', undefined, headers);
    expect(created.errors).toBeUndefined();
    const id = created.data.createProduct.id;
    expect(created.data.createProduct).toMatchObject({ sku: 'GQL-1', price: '19.90', tags: [{ id: '1' }, { id: '2' }], category: { id: '3' } });
    const updated = await graphql(t.app, `mutation { updateProduct(id: "${id}", data: { price: "17.50" }) { price } }`, undefined, headers);
    expect(updated.data.updateProduct.price).toBe('17.50');
    const invalid = await graphql(t.app, 'mutation { createProduct(data: { sku: "GQL-1", name: "", price: "-1" }) { id } }', undefined, headers);
    expect(invalid.errors![0].extensions).toEqual({
      code: 'BAD_USER_INPUT',
      fields: { sku: ['product with this sku already exists.'], name: ['This field may not be blank.'], price: ['Ensure this value is greater than or equal to 0.'] },
    });
    const deleted = await graphql(t.app, `mutation { deleteProduct(id: "${id}") }`, undefined, headers);
    expect(deleted.data.deleteProduct).toBe(true);
    expect((await graphql(t.app, `{ product(id: "${id}") { id } }`, undefined, headers)).data.product).toBeNull();
  });

  it('public is read-only (FORBIDDEN) and everything needs a user (UNAUTHENTICATED), resolver errors unmasked', async () => {
    const write = await graphql(t.app, 'mutation { createTag(data: { name: "nope" }) { id } }', undefined, bearer(user.publicTokens.access));
    expect(write.errors![0]).toMatchObject({ message: expect.stringMatching(/^The public schema is read-only/), extensions: { code: 'FORBIDDEN' } });
    const anonymous = await graphql(t.app, '{ tags { totalCount } }');
    expect(anonymous.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    expect((await sql("select count(*)::int as n from public.tags where name = 'nope'"))[0].n).toBe(0);
  });

  it('a page and its relations to any depth are one statement: 20 and 100 products alike', async () => {
    const count = (pageSize: number) =>
      statementsDuring(t.app, async () => {
        const result = await graphql(t.app, `{ products(pageSize: ${pageSize}) { totalCount items { id category { id name parent { id } } tags { id name } } } }`, undefined, headers);
        expect(result.errors).toBeUndefined();
        expect(result.data.products.items).toHaveLength(pageSize);
      });
    const small = await count(20);
    const large = await count(100);
    expect(large.statements.length).toBe(small.statements.length);
    expect(small.statements.length).toBe(1); // the page as JSON: count, categories, their parents and tags as subqueries
    expect(small.roundTrips).toBe(1);
    expect(large.roundTrips).toBe(1);
    expect(small.statements[0]).toContain(`"${user.client.schema}"."categories"`);
  });

  it("one-to-many relations take the list arguments: each product's 3 most recent reviews, in the page's statement", async () => {
    const run = async (pageSize: number) => {
      let items: Array<{ id: string; reviews: Array<{ id: string }> }> = [];
      const statements = await statementsDuring(t.app, async () => {
        const result = await graphql(
          t.app,
          `{ products(pageSize: ${pageSize}, orderBy: [{ id: ASC }]) { totalCount items { id category { id name } tags { id name } reviews(orderBy: [{ createdAt: DESC }], pageSize: 3) { id rating title } } } }`,
          undefined,
          headers,
        );
        expect(result.errors).toBeUndefined();
        items = result.data.products.items;
      });
      return { items, statements: statements.statements.length, roundTrips: statements.roundTrips };
    };
    const small = await run(20);
    const large = await run(100);
    expect(large.statements).toBe(small.statements);
    expect(small.statements).toBe(1);
    expect(small.roundTrips).toBe(1);
    expect(large.roundTrips).toBe(1);
    const expected = await sql(
      `select product_id, array_agg(id::text order by created_at desc, id) as ids from (select *, row_number() over (partition by product_id order by created_at desc, id) as rank from public.reviews) r
        where rank <= 3 and product_id <= 20 group by product_id`,
    );
    const byProduct = new Map(expected.map((row) => [String(row.product_id), row.ids]));
    for (const product of small.items) expect(product.reviews.map((review: { id: string }) => review.id)).toEqual(byProduct.get(product.id) ?? []);
    const filtered = await graphql(t.app, '{ product(id: 1) { reviews(where: { rating: { gte: 4 } }) { rating } } }', undefined, headers);
    expect(filtered.data.product.reviews.every((review: { rating: number }) => review.rating >= 4)).toBe(true);
  });

  it('refuses documents that are too deep, alias too much or have too many tokens, and batched operations', async () => {
    const deep = await graphql(t.app, '{ products { items { category { parent { parent { parent { parent { parent { parent { parent { id } } } } } } } } } } }', undefined, headers);
    expect(deep.errors![0].message).toMatch(/depth/i);
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: tags { totalCount }`).join(' ');
    const many = await graphql(t.app, `{ ${aliases} }`, undefined, headers);
    expect(many.errors![0].message).toMatch(/alias/i);
    const fields = Array.from({ length: 1200 }, () => 'id name').join(' ');
    const huge = await graphql(t.app, `{ tags { items { ${fields} } } }`, undefined, headers);
    expect(huge.errors![0].message).toMatch(/more th\w+ 2000 tokens/);
    const batch = await t.app.inject({ method: 'POST', url: '/graphql', headers, payload: [{ query: '{ tags { totalCount } }' }, { query: '{ tags { totalCount } }' }] });
    expect(batch.statusCode).toBe(400);
  });
});
