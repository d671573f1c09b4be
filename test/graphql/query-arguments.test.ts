import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
});
