import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printSdl } from '../../src/graphql/graphql.plugin';
import { startTestApp, type TestApp } from '../helpers/app';

describe('schema/schema.graphql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('is what the app serves (run `npm run sdl` after changing an entity)', () => {
    const checkedIn = readFileSync(resolve(__dirname, '../../schema/schema.graphql'), 'utf8');
    expect(printSdl(t.app.graphqlSchema), 'schema/schema.graphql is stale: run `npm run sdl`').toBe(checkedIn);
  });

  it('has the operations of DESIGN §6b for every entity', () => {
    const query = t.app.graphqlSchema.getQueryType()!.getFields();
    const mutation = t.app.graphqlSchema.getMutationType()!.getFields();
    for (const [list, one, entity] of [['products', 'product', 'Product'], ['orderItems', 'orderItem', 'OrderItem'], ['categories', 'category', 'Category'], ['users', 'user', 'User']]) {
      expect(query).toHaveProperty(list);
      expect(query).toHaveProperty(one);
      for (const verb of ['create', 'update', 'delete']) expect(mutation).toHaveProperty(`${verb}${entity}`);
    }
    expect(t.app.graphqlSchema.getType('User')!.toString()).toBe('User');
    expect(Object.keys((t.app.graphqlSchema.getType('User') as unknown as { getFields(): object }).getFields())).not.toContain('password');
  });
});
