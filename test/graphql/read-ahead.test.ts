import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql, GRAPHQL_ENGINES } from '../helpers/graphql';
import { statementsDuring } from '../helpers/statements';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * A query field is read as one plan, in one statement (src/graphql/field-query.ts, src/sql/tree-statement.ts),
 * whatever its selection. Selecting `items` under a second alias (which once fell back to loading level
 * by level) reads the same rows in two shapes in that one statement, so every query here runs both ways
 * and the two answers must be the same, value for value: scalars of every type, nulls, empty lists,
 * nested and aliased relations, arguments from variables, fragments and @skip/@include.
 */
describe.each(GRAPHQL_ENGINES)('GraphQL reads every selection in one statement, aliases of items included (%s)', (engine) => {
  let t: TestApp;
  let user: RegisteredUser;
  let headers: Record<string, string>;
  let bare: string;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    user = await registerUser(t.app, 'read-ahead');
    headers = bearer(user.publicTokens.access, user.client.api_key);
    // A product with no category, no tags and no reviews: the nulls and empty lists.
    const created = await graphql(t.app, 'mutation { createProduct(data: { sku: "BARE-1", name: "Bare", price: "0.50" }) { id } }', undefined, headers);
    bare = created.data.createProduct.id;
  });
  afterAll(async () => t.close());

  /** The query as written, then with a second alias `fallback: items { id }` added to the page. */
  async function bothWays(page: string, selection: string, variables?: Record<string, unknown>, fragments = '') {
    const run = async (extra: string) => {
      let result: { data?: Record<string, { items: unknown[] }>; errors?: unknown[] } = {};
      const log = await statementsDuring(t.app, async () => {
        result = await graphql(t.app, `${page} { items ${selection} ${extra} } }${fragments}`, variables, headers);
      });
      expect(result.errors).toBeUndefined();
      return { items: Object.values(result.data!)[0].items, statements: log.statements.length };
    };
    const ahead = await run('');
    const levels = await run('fallback: items { id }');
    expect(ahead.items.length).toBeGreaterThan(0);
    expect(ahead.items).toEqual(levels.items);
    expect(ahead.statements).toBe(1);
    expect(levels.statements).toBe(1);
    return ahead.items;
  }

  it('products: every scalar type, references, many-to-many, one-to-many with arguments, aliases, nulls', async () => {
    const items = await bothWays(
      `query ($minRating: Int) { products(where: { OR: [{ id: { lte: 12 } }, { sku: { eq: "BARE-1" } }] }, orderBy: [{ price: DESC }], pageSize: 13)`,
      `{ id sku name description price stock isActive attributes createdAt updatedAt
         category { id name slug parent { id name } children(pageSize: 2) { id } }
         tags { id name }
         reviews(orderBy: [{ createdAt: DESC }], pageSize: 3) { id rating title createdAt customer { id email } }
         best: reviews(where: { rating: { gte: $minRating } }, orderBy: [{ rating: DESC }, { id: ASC }], pageSize: 2) { rating stars: rating }
         renamed: category { label: name } }`,
      { minRating: 4 },
    );
    const bareItem = items.find((item) => (item as { id: string }).id === bare) as Record<string, unknown>;
    expect(bareItem).toMatchObject({ price: '0.50', category: null, tags: [], reviews: [], best: [], renamed: null });
  });

  it('orders: enums, decimals and timestamps two levels down, fragments, @skip and @include from variables', async () => {
    await bothWays(
      `query ($withCustomer: Boolean!, $noNotes: Boolean!) { orders(where: { status: { in: [PAID, SHIPPED, DELIVERED] } }, orderBy: [{ placedAt: DESC }], pageSize: 10)`,
      `{ ...OrderFields customer @include(if: $withCustomer) { id firstName orders(pageSize: 2, orderBy: [{ id: ASC }]) { id status } } notes @skip(if: $noNotes) }`,
      { withCustomer: true, noNotes: true },
      ` fragment OrderFields on Order { id status placedAt ... on Order { items(orderBy: [{ id: ASC }]) { quantity unitPrice product { sku price } } } }`,
    );
  });

  it('one row by id is one statement, and answers what the page answers for it', async () => {
    const selection = '{ id name price category { name } tags { id } reviews(pageSize: 2) { id } }';
    const [fromPage] = await bothWays('{ products(where: { id: { eq: 3 } })', selection);
    let one: unknown;
    const log = await statementsDuring(t.app, async () => {
      one = (await graphql(t.app, `{ product(id: 3) ${selection} }`, undefined, headers)).data.product;
    });
    expect(one).toEqual(fromPage);
    expect(log.statements).toHaveLength(1);
  });

  it('two query fields are two statements in one round trip; arguments the plan cannot compile fail at their own path', async () => {
    const log = await statementsDuring(t.app, async () => {
      const result = await graphql(t.app, '{ tags(pageSize: 3) { items { id } } categories(pageSize: 3) { totalCount items { parent { id } } } }', undefined, headers);
      expect(result.errors).toBeUndefined();
    });
    expect(log.statements).toHaveLength(2);
    expect(log.roundTrips).toBe(1);
    const refused = await graphql(t.app, '{ products(pageSize: 2) { items { id reviews(pageSize: 0) { id } } } }', undefined, headers);
    expect(refused.errors![0]).toMatchObject({ path: ['products', 'items', expect.anything(), 'reviews'], extensions: { code: 'BAD_USER_INPUT' } });
  });
});
