import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { PASSWORD, registerUser } from '../helpers/users';

describe('registration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('creates the account in public.users and a first client that is ready at once', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/register/',
      payload: { email: 'Grace.Hopper+test@Example.com', password: PASSWORD, first_name: 'Grace', last_name: 'Hopper' },
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({ email: 'Grace.Hopper+test@Example.com', first_name: 'Grace', last_name: 'Hopper' });
    expect(body.user).not.toHaveProperty('password');
    expect(body.client, JSON.stringify(body.client)).toMatchObject({ status: 'ready', name: "Grace.Hopper+test's sandbox" });
    expect(body.client.schema).toMatch(/^grace_hopper_test_\d{6}$/);
    expect(body.client.api_key).toMatch(/^[A-Za-z0-9_-]{32}$/);

    const { rows } = await t.app.pool.query('select email from public.users where id = $1', [body.user.id]);
    expect(rows).toEqual([{ email: 'Grace.Hopper+test@Example.com' }]);
    const copy = await t.app.pool.query(`select id, email from "${body.client.schema}".users`);
    expect(copy.rows).toEqual([{ id: body.user.id, email: 'Grace.Hopper+test@Example.com' }]);
  });

  it.each([
    [{ email: 'not-an-email', password: PASSWORD }, { email: ['Enter a valid email address.'] }],
    [{ email: 'a@example.com', password: '' }, { password: ['This field may not be blank.'] }],
    [{ email: 'a@example.com', password: 'short' }, { password: ['This password is too short. It must contain at least 8 characters.'] }],
    [{ email: 'a@example.com', password: '1234567890' }, { password: ['This password is entirely numeric.', 'This password is too common.'] }],
    [{ password: PASSWORD }, { email: ['This field is required.'] }],
    [{}, { email: ['This field is required.'], password: ['This field is required.'] }],
    [{ email: 42, password: PASSWORD }, { email: ['Not a valid string.'] }],
  ])('400 with only the failing fields for %j', async (payload, expected) => {
    const before = await t.app.pool.query('select count(*)::int as n from public.users');
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/register/', payload });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual(expected);
    const after = await t.app.pool.query('select count(*)::int as n from public.users');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('a duplicate email (in any case) is a 400 on email', async () => {
    const user = await registerUser(t.app, 'dup');
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/register/', payload: { email: user.email.toUpperCase(), password: PASSWORD } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ email: ['user with this email already exists.'] });
  });

  it('twenty concurrent registrations of one email create exactly one account and one client', async () => {
    const email = `race.${Date.now()}@example.com`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.app.inject({ method: 'POST', url: '/api/auth/register/', payload: { email, password: PASSWORD } })),
    );
    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 400)).toHaveLength(19);
    const { rows } = await t.app.pool.query(
      `select (select count(*)::int from public.users where lower(email) = lower($1)) as users,
              (select count(*)::int from gateway.api_clients c join public.users u on u.id = c.owner_id where lower(u.email) = lower($1)) as clients`,
      [email],
    );
    expect(rows[0]).toEqual({ users: 1, clients: 1 });
  });
});
