import { MikroORM, wrap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Category, Customer, Order, OrderItem, Product, Review, Tag, User } from '../../src/domain';
import { startTestApp, type TestApp } from '../helpers/app';
import { registerUser, type RegisteredUser } from '../helpers/users';

/**
 * Every relation of every entity, loaded through an EntityManager forked for a
 * client schema, must read that schema (MikroORM has had wildcard-schema bugs:
 * STACK.md). Client A's rows are renamed first, so a read of `public` shows.
 */
describe('client schemas through the ORM', () => {
  let t: TestApp;
  let a: RegisteredUser;
  let b: RegisteredUser;
  let orm: MikroORM;
  const fork = (schema: string) => orm.em.fork({ schema }) as EntityManager;
  const statements: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    [a, b] = [await registerUser(t.app, 'a'), await registerUser(t.app, 'b')];
    const s = `"${a.client.schema}"`;
    await t.app.pool.query(`
      update ${s}.categories set name = 'A ' || name;
      update ${s}.tags set name = 'A ' || name;
      update ${s}.products set name = 'A ' || name;
      update ${s}.customers set first_name = 'A ' || first_name;
      update ${s}.orders set notes = 'A';
      update ${s}.order_items set quantity = quantity + 1000;
      update ${s}.reviews set title = 'A ' || title;
    `);
    orm = await MikroORM.init({ ...ormOptions({ databaseUrl: t.database.url }), debug: ['query'], logger: (message: string) => statements.push(message) });
  });
  afterAll(async () => {
    await orm.close();
    await t.close();
  });

  it('populate, lazy references, collections and batched loads all read the client schema', async () => {
    statements.length = 0;
    const em = fork(a.client.schema);
    const product = await em.findOneOrFail(Product, 1, { populate: ['category', 'tags', 'reviews', 'reviews.customer'] });
    expect(product.name).toMatch(/^A /);
    if (product.category) expect(product.category.name).toMatch(/^A /);
    expect(product.tags.getItems().every((tag) => tag.name.startsWith('A '))).toBe(true);
    expect(product.reviews.getItems().every((review) => review.title.startsWith('A ') && review.customer.firstName.startsWith('A '))).toBe(true);

    const lazy = fork(a.client.schema);
    const products = await lazy.find(Product, { category: { $ne: null } }, { limit: 20, orderBy: { id: 'asc' } });
    const categories = await Promise.all(products.map((p) => (p.category ? lazy.findOneOrFail(Category, p.category.id) : undefined)));
    expect(categories.every((category) => !category || category.name.startsWith('A '))).toBe(true);
    for (const p of products) {
      await p.tags.init();
      await p.reviews.init();
      expect(p.tags.getItems().every((tag) => tag.name.startsWith('A '))).toBe(true);
      expect(p.reviews.getItems().every((review) => review.title.startsWith('A '))).toBe(true);
    }
    const referenced = await Promise.all(products.map((p) => (p.category ? wrap(p.category).init() : undefined)));
    expect(referenced.every((category) => !category || category.name.startsWith('A '))).toBe(true);

    const parent = await lazy.findOneOrFail(Category, { children: { $ne: null } });
    await parent.children.init();
    expect(parent.children.getItems().every((child) => child.name.startsWith('A '))).toBe(true);

    const customer = await lazy.findOneOrFail(Customer, { orders: { $ne: null } }, { orderBy: { id: 'asc' } });
    await customer.orders.init();
    const order = customer.orders.getItems()[0];
    expect(order.notes).toBe('A');
    await order.items.init();
    const item = order.items.getItems()[0];
    expect(item.quantity).toBeGreaterThan(1000);
    const orderedProduct = await wrap(item.product).init();
    expect(orderedProduct!.name).toMatch(/^A /);
    const review = await lazy.findOneOrFail(Review, 1);
    expect((await wrap(review.customer).init())!.firstName).toMatch(/^A /);
    expect((await wrap(review.product).init())!.name).toMatch(/^A /);
    const sameOrder = await lazy.findOneOrFail(OrderItem, item.id, { populate: ['order.customer'] });
    expect(sameOrder.order.customer.firstName).toMatch(/^A /);

    const users = await lazy.find(User, {});
    expect(users.map((user) => user.email)).toEqual([a.email]);

    const tables = /\b(from|join|into|update)\s+"([^"]+)"\."/gi;
    const schemasRead = new Set<string>();
    for (const statement of statements) for (const match of statement.matchAll(tables)) schemasRead.add(match[2]);
    expect(statements.length).toBeGreaterThan(10);
    expect([...schemasRead]).toEqual([a.client.schema]);
  });

  it('a write in client A is invisible in client B and in public', async () => {
    const em = fork(a.client.schema);
    const tag = em.create(Tag, { name: 'only-in-a' });
    const product = await em.findOneOrFail(Product, 2, { populate: ['tags'] });
    product.price = '1234.50';
    product.tags.add(tag);
    const order = await em.findOneOrFail(Order, 1, { populate: ['items'] });
    em.remove(order);
    await em.flush();

    const count = async (schema: string, sql: string) => (await t.app.pool.query(sql.replaceAll('$s', `"${schema}"`))).rows[0].n;
    const probe = `select (select count(*) from $s.tags where name = 'only-in-a') + (select count(*) from $s.products where id = 2 and price = 1234.50)
                        + (select count(*) from $s.orders where id = 1) * 100 as n`;
    expect(Number(await count(a.client.schema, probe))).toBe(2);
    expect(Number(await count(b.client.schema, probe))).toBe(100);
    expect(Number(await count('public', probe))).toBe(100);
  });
});
