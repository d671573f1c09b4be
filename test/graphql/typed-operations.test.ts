import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generate, loadContext } from '@graphql-codegen/cli';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { execute, GRAPHQL_ENGINES } from '../helpers/graphql';
import { PASSWORD, registerUser, bearer, type RegisteredUser } from '../helpers/users';
import { CreateProductDocument, OrdersPlacedDocument, ProductPageDocument, TokenAuthDocument, UpdateProductAttributesDocument } from './generated';

const root = resolve(__dirname, '../..');

describe('typed operations from codegen.yml', () => {
  it('test/graphql/generated.ts is what `npm run codegen` makes from schema/schema.graphql', async () => {
    const context = await loadContext(resolve(root, 'codegen.yml'));
    context.cwd = root;
    const [output] = await generate(context, false);
    expect(output.content, 'test/graphql/generated.ts is stale: run `npm run codegen`').toBe(readFileSync(resolve(root, 'test/graphql/generated.ts'), 'utf8'));
  }, 60_000);
});

describe.each(GRAPHQL_ENGINES)('typed operations against the server (%s)', (engine) => {
  let t: TestApp;
  let user: RegisteredUser;
  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
    user = await registerUser(t.app, 'typed');
  });
  afterAll(async () => t.close());

  it('tokenAuth, then a page of products and a product created, all typed', async () => {
    const tokens = await execute(t.app, TokenAuthDocument, { email: user.email, password: PASSWORD });
    const headers = bearer(tokens.data.tokenAuth.access, user.client.api_key);
    const page = await execute(t.app, ProductPageDocument, { where: { price: { lt: '50' } }, orderBy: [{ price: 'DESC' }], pageSize: 5 }, headers);
    expect(page.errors).toBeUndefined();
    expect(page.data.products.items).toHaveLength(5);
    expect(page.data.products.items.every((item) => Number(item.price) < 50)).toBe(true);
    const created = await execute(t.app, CreateProductDocument, { data: { sku: `TYPED-${engine}`, name: 'Typed', price: '3.00', tags: ['4'] } }, headers);
    expect(created.data.createProduct).toMatchObject({ sku: `TYPED-${engine}`, price: '3.00', tags: [{ id: '4' }], category: null });
  });

  it("the scalars as codegen.yml maps them: DateTime a string (a date alone in), JSON an object", async () => {
    const tokens = await execute(t.app, TokenAuthDocument, { email: user.email, password: PASSWORD });
    const headers = bearer(tokens.data.tokenAuth.access, user.client.api_key);
    const orders = await execute(t.app, OrdersPlacedDocument, { where: { placedAt: { gte: '2024-01-01' } }, pageSize: 3 }, headers);
    expect(orders.errors).toBeUndefined();
    const placedAt: string = orders.data.orders.items[0].placedAt;
    expect(Date.parse(placedAt)).toBeGreaterThanOrEqual(Date.parse('2024-01-01T00:00:00Z'));
    const updated = await execute(t.app, UpdateProductAttributesDocument, { id: 2, attributes: { color: 'teal' } }, headers);
    const attributes: Record<string, unknown> = updated.data.updateProduct.attributes;
    expect(attributes).toEqual({ color: 'teal' });
  });
});
