import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { graphql, GRAPHQL_ENGINES } from '../helpers/graphql';
import { bearer, registerUser } from '../helpers/users';

/** Money in GraphQL: the Decimal scalar takes numbers and strings, everywhere a price is read or written, and answers exact strings. */
describe.each(GRAPHQL_ENGINES)('the Decimal scalar (%s)', (engine) => {
  let t: TestApp;
  let headers: Record<string, string>;
  const count = async (sql: string) => (await t.app.pool.query<{ n: number }>(`select count(*)::int as n from public.products where ${sql}`)).rows[0].n;
  const total = (response: Awaited<ReturnType<typeof graphql>>) => {
    expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
    return response.data.products.totalCount as number;
  };
  // A document of its own each time: mercurius' jit compiles a document on its second run, and
  // graphql-jit never finishes compiling the variables of a recursive input type (ProductWhere).
  let documents = 0;
  const byVariables = (where: Record<string, unknown>) =>
    graphql(t.app, `query Products${++documents}($where: ProductWhere) { products(where: $where) { totalCount } }`, { where }, headers);

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    const user = await registerUser(t.app, 'decimal');
    headers = bearer(user.publicTokens.access, user.client.api_key);
  });
  afterAll(async () => t.close());

  it('filters take numbers and strings, in literals and in variables', async () => {
    const expected = await count('price >= 10 and price < 20.5');
    expect(expected).toBeGreaterThan(0);
    const literalNumbers = await graphql(t.app, '{ products(where: { price: { gte: 10, lt: 20.5 } }) { totalCount } }', undefined, headers);
    const literalStrings = await graphql(t.app, '{ products(where: { price: { gte: "10", lt: "20.50" } }) { totalCount } }', undefined, headers);
    const variableNumbers = await byVariables({ price: { gte: 10, lt: 20.5 } });
    const variableMixed = await byVariables({ price: { gte: '10.00', lt: 20.5 } });
    expect([literalNumbers, literalStrings, variableNumbers, variableMixed].map(total)).toEqual([expected, expected, expected, expected]);

    const { rows } = await t.app.pool.query<{ price: string }>('select price::text from public.products order by id limit 2');
    const listed = await count(`price in (${rows.map((row) => row.price).join(', ')})`);
    const inList = await byVariables({ price: { in: [Number(rows[0].price), rows[1].price] } });
    expect(total(inList)).toBe(listed);
    const range = await graphql(t.app, '{ products(where: { price: { range: [5, "7.5"] } }) { totalCount } }', undefined, headers);
    expect(total(range)).toBe(await count('price between 5 and 7.5'));
  });

  it('creates and updates take numbers and strings; the answer is the exact string PostgreSQL stores', async () => {
    const created = await graphql(t.app, `mutation { createProduct(data: { sku: "DEC-${engine}", name: "Decimal kettle", price: 9.9 }) { id price } }`, undefined, headers);
    expect(created.errors).toBeUndefined();
    expect(created.data.createProduct.price).toBe('9.90');
    const id: string = created.data.createProduct.id;

    const update = 'mutation ($id: ID!, $data: ProductUpdateInput!) { updateProduct(id: $id, data: $data) { price } }';
    const byNumber = await graphql(t.app, update, { id, data: { price: 12 } }, headers);
    expect(byNumber.data.updateProduct.price).toBe('12.00');
    const byString = await graphql(t.app, update, { id, data: { price: '12.35' } }, headers);
    expect(byString.data.updateProduct.price).toBe('12.35');

    const item = await graphql(
      t.app,
      `mutation { createOrderItem(data: { order: "1", product: "${id}", quantity: 2, unitPrice: 0.5 }) { unitPrice product { price } } }`,
      undefined,
      headers,
    );
    expect(item.errors).toBeUndefined();
    expect(item.data.createOrderItem).toEqual({ unitPrice: '0.50', product: { price: '12.35' } });

    // The service's rules still apply to a number: two decimal places at most.
    const tooPrecise = await graphql(t.app, update, { id, data: { price: 1.234 } }, headers);
    expect(tooPrecise.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { price: ['Ensure that there are no more than 2 decimal places.'] } });
  });

  it('anything that is not a number is refused by the scalar, naming it', async () => {
    const literal = await graphql(t.app, '{ products(where: { price: { gte: true } }) { totalCount } }', undefined, headers);
    expect(literal.errors?.[0].message).toMatch(/Decimal cannot represent/);
    const text = await graphql(t.app, '{ products(where: { price: { gte: "ten" } }) { totalCount } }', undefined, headers);
    expect(text.errors?.[0].message).toMatch(/Decimal cannot represent "ten"/);
    const variable = await graphql(t.app, 'query ($p: Decimal) { products(where: { price: { gte: $p } }) { totalCount } }', { p: { amount: 10 } }, headers);
    expect(variable.errors?.[0].message).toMatch(/Decimal cannot represent/);
    expect(variable.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('prices are read as exact strings, never floats', async () => {
    const read = await graphql(t.app, '{ products(pageSize: 50, orderBy: [{ id: ASC }]) { items { price } } orderItems(pageSize: 5) { items { unitPrice } } }', undefined, headers);
    const prices: unknown[] = [...read.data.products.items.map((item: { price: unknown }) => item.price), ...read.data.orderItems.items.map((item: { unitPrice: unknown }) => item.unitPrice)];
    expect(prices.every((price) => typeof price === 'string' && /^\d+\.\d{2}$/.test(price))).toBe(true);
    const { rows } = await t.app.pool.query<{ price: string }>('select price::text from public.products order by id limit 50');
    expect(read.data.products.items.map((item: { price: string }) => item.price)).toEqual(rows.map((row) => row.price));
  });

  it('the SDL describes the scalar and uses it for every money field', async () => {
    const types = await graphql(
      t.app,
      '{ d: __type(name: "Decimal") { kind description } p: __type(name: "Product") { fields { name type { ofType { name } } } } f: __type(name: "DecimalFilter") { inputFields { name type { name } } } }',
    );
    expect(types.data.d.kind).toBe('SCALAR');
    expect(types.data.d.description).toMatch(/exact decimal number.*number.*string/s);
    expect(types.data.p.fields.find((field: { name: string }) => field.name === 'price').type.ofType.name).toBe('Decimal');
    expect(types.data.f.inputFields.find((field: { name: string }) => field.name === 'gte').type.name).toBe('Decimal');
  });
});
