import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRecursiveInputVariable } from '../../src/graphql/jit-safety';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql, GRAPHQL_ENGINES } from '../helpers/graphql';
import { statementsDuring } from '../helpers/statements';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** What clients written for Prisma-, Hasura- or Apollo-style servers send: orderBy items, fragments, relation filters. */
describe.each(GRAPHQL_ENGINES)('GraphQL query arguments as clients write them (%s)', (engine) => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  const sql = async (query: string) => (await t.app.pool.query(query)).rows;
  const ids = (items: Array<{ id: string }>) => items.map((item) => item.id);

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    user = await registerUser(t.app, 'arguments');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  it('an orderBy item with two fields is refused (the written order would be lost); one field per item sorts in the order written', async () => {
    // Sent twice: mercurius runs a document's second sending through graphql-jit.
    for (let round = 0; round < 2; round++) {
      const two = await graphql(t.app, '{ products(orderBy: [{ stock: DESC, id: ASC }]) { items { id } } }', undefined, headers);
      expect(two.data).toBeNull();
      expect(two.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { orderBy: [expect.stringMatching(/^Each orderBy item takes exactly one field/)] } });
      expect(two.errors![0].message).toMatch(/this one has 2: (id, stock|stock, id)\); write one item per field/);
      const variables = await graphql(t.app, 'query($o: [ProductOrderBy!]) { products(orderBy: $o) { items { id } } }', { o: [{ stock: 'DESC', id: 'ASC' }] }, headers);
      expect(variables.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
      const nested = await graphql(t.app, '{ product(id: 1) { reviews(orderBy: [{ rating: DESC, id: ASC }]) { id } } }', undefined, headers);
      expect(nested.errors![0]).toMatchObject({ path: ['product', 'reviews'], extensions: { code: 'BAD_USER_INPUT' } });
    }
    const split = await graphql(t.app, '{ products(orderBy: [{ stock: DESC }, { id: ASC }], pageSize: 30) { items { id } } }', undefined, headers);
    expect(split.errors).toBeUndefined();
    const expected = await sql('select p.id::text from public.products p order by p.stock desc, p.id asc limit 30');
    expect(ids(split.data.products.items)).toEqual(expected.map((row) => row.id));
    // A null direction is no field: `{ stock: DESC, id: null }` is one key.
    const withNull = await graphql(t.app, '{ products(orderBy: [{ stock: DESC, id: null }], pageSize: 30) { items { id } } }', undefined, headers);
    expect(ids(withNull.data.products.items)).toEqual(expected.map((row) => row.id));
  });

  it('a fragment spread is no level of depth: 5 levels through nested fragments pass; the depth limit + 1 through fragments is refused', async () => {
    // products > items > category > parent … > id, each level in a fragment of its own.
    const nested = (parents: number) => {
      const fragments = ['fragment L0 on ProductPage { items { ...L1 } }', 'fragment L1 on Product { category { ...L2 } }'];
      for (let i = 0; i < parents; i++) fragments.push(`fragment L${i + 2} on Category { parent { ...L${i + 3} } }`);
      fragments.push(`fragment L${parents + 2} on Category { id }`);
      return `{ products(pageSize: 2) { ...L0 } } ${fragments.join(' ')}`;
    };
    const limit = t.config.limits.graphqlMaxDepth;
    const five = await graphql(t.app, nested(1), undefined, headers); // products, items, category, parent, id
    expect(five.errors).toBeUndefined();
    expect(five.data.products.items).toHaveLength(2);
    const atLimit = await graphql(t.app, nested(limit - 4), undefined, headers);
    expect(atLimit.errors).toBeUndefined();
    const log = await statementsDuring(t.app, async () => {
      const over = await graphql(t.app, nested(limit - 3), undefined, headers);
      expect(over.errors![0]).toMatchObject({ message: `Syntax Error: Query depth limit of ${limit} exceeded, found ${limit + 1}.`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    });
    expect(log.statements).toHaveLength(0);
  });

  /** totalCount of `products(where: …)` and the statements it took. */
  async function products(where: string, variables?: Record<string, unknown>) {
    let response: Awaited<ReturnType<typeof graphql>> | undefined;
    const log = await statementsDuring(t.app, async () => {
      response = await graphql(t.app, `query${where === '$w' ? '($w: ProductWhere)' : ''} { products(where: ${where}, pageSize: 100) { totalCount items { id name category { name } } } }`, variables, headers);
    });
    expect(response!.errors, where).toBeUndefined();
    return { total: response!.data.products.totalCount as number, ids: ids(response!.data.products.items).map(Number).sort((a, b) => a - b), log };
  }
    // In the client's schema, which the tests write to (`public.` in the conditions reads as the client's tables).
  const inClient = (text: string) => text.replaceAll('public.', `"${user.client.schema}".`);
  const sqlIds = async (where: string) => (await sql(inClient(`select p.id from public.products p where ${where} order by p.id limit 100`))).map((row) => Number(row.id));
  const sqlCount = async (table: string, where: string) => (await sql(inClient(`select count(*)::int as n from public.${table} where ${where}`)))[0].n as number;

  it("to-one relations filter by the related row's fields, nested, in the page's one statement (an exists on the client's own tables)", async () => {
    const [{ name }] = await sql('select c.name from public.categories c where exists (select 1 from public.products p where p.category_id = c.id) order by c.id limit 1');
    const word = name.split(' ')[0].toLowerCase();
    const byName = await products(`{ category: { name: { icontains: "${word}" } } }`);
    const expected = `exists (select 1 from public.categories c where c.id = p.category_id and c.name ilike '%${word}%')`;
    expect(byName.total).toBe(await sqlCount('products p', expected));
    expect(byName.total).toBeGreaterThan(0);
    expect(byName.ids).toEqual(await sqlIds(expected));
    expect(byName.log.statements).toHaveLength(1);
    expect(byName.log.statements[0]).toContain(`"${user.client.schema}"."categories"`);
    expect(byName.log.statements[0]).not.toContain('"public"');

    const [{ slug }] = await sql('select g.slug from public.categories g where exists (select 1 from public.categories c join public.products p on p.category_id = c.id where c.parent_id = g.id) order by g.id limit 1');
    const nested = await products(`{ category: { parent: { slug: { eq: "${slug}" } } } }`);
    const nestedSql = `exists (select 1 from public.categories c join public.categories g on g.id = c.parent_id where c.id = p.category_id and g.slug = '${slug}')`;
    expect(nested.total).toBe(await sqlCount('products p', nestedSql));
    expect(nested.total).toBeGreaterThan(0);
    expect(nested.log.statements).toHaveLength(1);
    // The shapes written before go on working: by id, isnull, and both with the related fields.
    const byId = await products('{ category: { id: { eq: 3 } } }');
    expect(byId.total).toBe(await sqlCount('products p', 'p.category_id = 3'));
    const withNull = await products('{ OR: [{ category: { isnull: true } }, { category: { id: { in: [3] }, name: { startswith: "" } } }] }');
    expect(withNull.total).toBe(await sqlCount('products p', 'p.category_id is null or p.category_id = 3'));
    // From variables, in a nested field's where, and through a one-to-many's own filter.
    const variables = await products('$w', { w: { category: { parent: { slug: { eq: slug } } } } });
    expect(variables.total).toBe(nested.total);
  });

  it('the data filtered is the client\'s own: a category renamed in the client matches there, not in public', async () => {
    const renamed = await graphql(t.app, 'mutation { updateCategory(id: 3, data: { name: "Zz renamed for relation filters" }) { id } }', undefined, headers);
    expect(renamed.errors).toBeUndefined();
    const mine = await products('{ category: { name: { eq: "Zz renamed for relation filters" } } }');
    expect(mine.total).toBe(await sqlCount('products p', 'p.category_id = 3'));
    expect(mine.total).toBeGreaterThan(0);
    const inPublic = await graphql(t.app, '{ products(where: { category: { name: { eq: "Zz renamed for relation filters" } } }) { totalCount } }', undefined, bearer(user.publicTokens.access));
    expect(inPublic.data.products.totalCount).toBe(0);
  });

  it('to-many relations take some, every and none (every holds when there is none), many-to-many and one-to-many alike', async () => {
    const bare = await graphql(t.app, 'mutation { createProduct(data: { sku: "REL-BARE", name: "No tags, no reviews", price: "1.00" }) { id } }', undefined, headers);
    expect(bare.errors).toBeUndefined();
    const [{ name: tag }] = await sql('select t.name from public.tags t join public.product_tags pt on pt.tag_id = t.id group by t.id order by count(*) desc, t.id limit 1');
    const tagged = `exists (select 1 from public.product_tags pt join public.tags t on t.id = pt.tag_id where pt.product_id = p.id and t.name = '${tag}')`;
    const some = await products(`{ tags: { some: { name: { eq: "${tag}" } } } }`);
    expect(some.total).toBe(await sqlCount('products p', tagged));
    expect(some.total).toBeGreaterThan(0);
    expect(some.ids).toEqual(await sqlIds(tagged));
    expect(some.log.statements).toHaveLength(1);
    const none = await products(`{ tags: { none: { name: { eq: "${tag}" } } } }`);
    expect(none.total).toBe(await sqlCount('products p', `not ${tagged}`));
    const every = await products(`{ tags: { every: { name: { eq: "${tag}" } } } }`);
    const everySql = `not exists (select 1 from public.product_tags pt join public.tags t on t.id = pt.tag_id where pt.product_id = p.id and t.name <> '${tag}')`;
    expect(every.total).toBe(await sqlCount('products p', everySql));
    // Products without tags are in `every`, and `tags: { every: … }` and `isnull` combine.
    const untagged = await sqlCount('products p', 'not exists (select 1 from public.product_tags pt where pt.product_id = p.id)');
    expect(untagged).toBeGreaterThan(0);
    expect((await products(`{ tags: { isnull: true, every: { name: { eq: "${tag}" } } } }`)).total).toBe(untagged);

    const goodReviews = await products('{ reviews: { every: { rating: { gte: 4 } } } }');
    const goodSql = 'not exists (select 1 from public.reviews r where r.product_id = p.id and not (r.rating >= 4))';
    expect(goodReviews.total).toBe(await sqlCount('products p', goodSql));
    expect(goodReviews.ids).toEqual(await sqlIds(goodSql));
    expect(await sqlCount('products p', 'not exists (select 1 from public.reviews r where r.product_id = p.id)')).toBeGreaterThan(0); // so `every` on none is tested
    expect(goodReviews.log.statements).toHaveLength(1);

    const customers = await graphql(t.app, '{ customers(where: { orders: { none: { status: { eq: CANCELLED } } } }) { totalCount } }', undefined, headers);
    expect(customers.data.customers.totalCount).toBe(await sqlCount('customers c', "not exists (select 1 from public.orders o where o.customer_id = c.id and o.status = 'cancelled')"));
    const some5 = await graphql(t.app, '{ customers(where: { orders: { some: { items: { some: { quantity: { gte: 5 } } } } } }) { totalCount } }', undefined, headers);
    expect(some5.data.customers.totalCount).toBe(
      await sqlCount('customers c', 'exists (select 1 from public.orders o join public.order_items i on i.order_id = o.id where o.customer_id = c.id and i.quantity >= 5)'),
    );
  });

  it('a relation filter inside a nested field\'s arguments stays in the one statement', async () => {
    const [{ country }] = await sql('select country from public.customers order by id limit 1');
    let response: Awaited<ReturnType<typeof graphql>> | undefined;
    const log = await statementsDuring(t.app, async () => {
      response = await graphql(t.app, `{ products(pageSize: 20, where: { reviews: { some: {} } }) { items { id reviews(where: { customer: { country: { eq: "${country}" } } }) { customer { country } } } } }`, undefined, headers);
    });
    expect(response!.errors).toBeUndefined();
    expect(log.statements).toHaveLength(1);
    const reviews = response!.data.products.items.flatMap((item: { reviews: Array<{ customer: { country: string } }> }) => item.reviews);
    expect(reviews.length).toBeGreaterThan(0);
    for (const review of reviews) expect(review.customer.country).toBe(country);
  });

  it('a relation filter past MAX_FILTER_DEPTH (50 deep, in a literal or a variable) and one past MAX_FILTER_CONDITIONS are refused before any statement', async () => {
    const { maxFilterDepth, maxFilterConditions } = t.config.limits;
    const deep = (levels: number, leaf = '{ slug: { eq: "x" } }') => `{ category: ${'{ parent: '.repeat(levels - 1)}${leaf}${' }'.repeat(levels - 1)} }`;
    const atLimit = await products(deep(maxFilterDepth));
    expect(atLimit.log.statements).toHaveLength(1);
    const refused = async (query: string, variables: Record<string, unknown> | undefined, message: RegExp) => {
      let response: Awaited<ReturnType<typeof graphql>> | undefined;
      const log = await statementsDuring(t.app, async () => (response = await graphql(t.app, query, variables, headers)));
      expect(log.statements).toEqual([]);
      expect(response!.errors![0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    };
    await refused(`{ products(where: ${deep(50)}) { totalCount } }`, undefined, /goes through more than 4 relations, nested \(category\.parent\.parent\.parent\.parent…\).*\(MAX_FILTER_DEPTH\)/);
    await refused(`{ products(where: ${deep(maxFilterDepth + 1)}) { totalCount } }`, undefined, /MAX_FILTER_DEPTH/);
    const chain: Record<string, unknown> = { rating: { gte: 1 } };
    let where: Record<string, unknown> = chain;
    for (let i = 0; i < 6; i++) where = { product: { reviews: { some: where } } };
    await refused('query($w: ReviewWhere) { reviews(where: $w) { totalCount } }', { w: where }, /MAX_FILTER_DEPTH/);
    await refused('{ product(id: 1) { reviews(where: { product: { category: { parent: { parent: { parent: { id: { eq: 1 } } } } } } }) { id } } }', undefined, /The filter of reviews goes through/);
    const wide = { OR: Array.from({ length: maxFilterConditions }, (_, i) => ({ category: { name: { eq: `c${i}` } } })) };
    await refused('query($w: ProductWhere) { products(where: $w) { totalCount } }', { w: wide }, /more than 100 conditions; the limit is 100 \(MAX_FILTER_CONDITIONS\)/);
    const withinWidth = { OR: wide.OR.slice(0, maxFilterConditions / 2) };
    expect((await products('$w', { w: withinWidth })).log.statements).toHaveLength(1);
  });

  it('variables of the relation filter types run on graphql-js, not graphql-jit (whose compiler never ends on them), however often they are sent', async () => {
    const schema = t.app.graphqlSchema;
    for (const type of ['ProductCategoryWhere', 'ProductTagsWhere', 'CustomerOrdersWhere', 'CategoryParentWhere']) {
      expect(hasRecursiveInputVariable(schema, parse(`query($w: ${type}) { __typename }`)), type).toBe(true);
    }
    expect(hasRecursiveInputVariable(schema, parse('query($o: [ProductOrderBy!], $f: StringFilter) { __typename }'))).toBe(false);
    for (let round = 0; round < 4; round++) {
      const response = await graphql(t.app, 'query($c: ProductCategoryWhere) { products(where: { category: $c }) { totalCount } }', { c: { name: { icontains: 'a' } } }, headers);
      expect(response.errors).toBeUndefined();
    }
  });
});
