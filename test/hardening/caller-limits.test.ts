import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { GRAPHQL_ENGINES, graphql } from '../helpers/graphql';
import { bearer, PASSWORD, registerUser } from '../helpers/users';

let emails = 0;
const email = (prefix: string) => `${prefix}.${process.pid}.${++emails}@example.com`;

/** What one anonymous or logged-in caller may start (issue 13, part 2): every refusal a 429/403/503 naming its limit. */
describe('abuse limits for callers', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      CLIENTS_PER_ADDRESS_PER_HOUR: '3',
      CLIENTS_PER_HOUR: '8',
      MAX_CLIENTS_PER_ACCOUNT: '3',
      LOGIN_FAILURES_PER_ACCOUNT: '5',
      LOGIN_FAILURES_PER_ADDRESS: '20',
    });
  });
  afterAll(async () => t.close());

  const register = (remoteAddress: string, address = email('rate')) =>
    t.app.inject({ method: 'POST', url: '/api/auth/register/', remoteAddress, payload: { email: address, password: PASSWORD } });
  const accounts = async () => (await t.app.pool.query<{ n: number }>('select count(*)::int as n from public.users')).rows[0].n;

  it('registrations from one address stop at CLIENTS_PER_ADDRESS_PER_HOUR with a 429 and Retry-After, and create nothing', async () => {
    for (let i = 0; i < 3; i++) expect((await register('10.0.0.1')).statusCode).toBe(201);
    const before = await accounts();
    const refused = await register('10.0.0.1');
    expect(refused.statusCode).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    expect(refused.json().detail).toMatch(/CLIENTS_PER_ADDRESS_PER_HOUR/);
    expect(await accounts()).toBe(before);
  });

  it('and everybody together stops at CLIENTS_PER_HOUR, counting new clients of existing accounts too', async () => {
    const owner = await register('10.0.1.1'); // 4 of 8 used overall
    expect(owner.statusCode).toBe(201);
    const token = (await t.app.inject({ method: 'POST', url: '/api/token/', payload: { email: owner.json().user.email, password: PASSWORD } })).json().access;
    const create = (remoteAddress: string) => t.app.inject({ method: 'POST', url: '/api/clients/', remoteAddress, headers: bearer(token), payload: { name: remoteAddress } });
    expect((await create('10.0.1.2')).statusCode).toBe(201);
    expect((await create('10.0.1.3')).statusCode).toBe(201);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await register(`10.0.2.${i}`)).statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(2);
    const overall = await register('10.0.3.1');
    expect(overall.statusCode).toBe(429);
    expect(overall.json().detail).toMatch(/CLIENTS_PER_HOUR/);
  });
});

describe('the clients of one account and the logins of one address', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ MAX_CLIENTS_PER_ACCOUNT: '3', LOGIN_FAILURES_PER_ACCOUNT: '5', LOGIN_FAILURES_PER_ADDRESS: '20' });
  });
  afterAll(async () => t.close());

  it('an account has at most MAX_CLIENTS_PER_ACCOUNT clients, even when ten are asked for at once', async () => {
    const user = await registerUser(t.app, 'many-clients'); // its first client
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/clients/', headers: bearer(user.publicTokens.access), payload: { name: `c${i}` } })),
    );
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses.filter((status) => status === 201)).toHaveLength(2);
    expect(statuses.filter((status) => status === 403)).toHaveLength(8);
    expect(answers.find((answer) => answer.statusCode === 403)!.json().detail).toMatch(/at most 3 API clients \(MAX_CLIENTS_PER_ACCOUNT\)/);
    expect((await t.app.tenancy.listClients(user.userId)).length).toBe(3);
  });

  it('forty concurrent wrong passwords for one account: five are judged, the rest are 429 before any argon2 work', async () => {
    const user = await registerUser(t.app, 'guessed');
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.app.inject({ method: 'POST', url: '/api/token/', remoteAddress: `10.1.0.${i}`, payload: { email: user.email, password: `wrong ${i}` } }),
      ),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(35);
    // The right password is refused too for the rest of the minute: the account is what is being guessed.
    expect((await t.app.inject({ method: 'POST', url: '/api/token/', payload: { email: user.email, password: PASSWORD } })).statusCode).toBe(429);
  });

  it('sixty failed logins from one address with sixty emails: twenty are judged, and another address still logs in at once', async () => {
    const user = await registerUser(t.app, 'bystander');
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/token/', remoteAddress: '10.2.0.1', payload: { email: email('sprayed'), password: 'wrong password' } })),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 401)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(40);
    expect(answers.find((answer) => answer.statusCode === 429)!.json().detail).toMatch(/LOGIN_FAILURES_PER_ADDRESS/);
    const fine = await t.app.inject({ method: 'POST', url: '/api/token/', remoteAddress: '10.2.0.2', payload: { email: user.email, password: PASSWORD } });
    expect(fine.statusCode).toBe(200);
  });

  it('a correct login gives back what it reserved: four typos and a success leave the account four failures, not five', async () => {
    const user = await registerUser(t.app, 'typos');
    const login = (password: string) => t.app.inject({ method: 'POST', url: '/api/token/', remoteAddress: '10.3.0.1', payload: { email: user.email, password } });
    for (let i = 0; i < 4; i++) expect((await login('typo')).statusCode).toBe(401);
    expect((await login(PASSWORD)).statusCode).toBe(200);
    expect((await login('typo')).statusCode).toBe(401);
    expect((await login(PASSWORD)).statusCode).toBe(429);
  });
});

describe('argon2 runs in a bounded line', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PASSWORD_HASH_CONCURRENCY: '1', PASSWORD_HASH_QUEUE: '2' });
  });
  afterAll(async () => t.close());

  it('past PASSWORD_HASH_QUEUE, a login is a 503 with Retry-After, not a longer line (and not a failure counted against anyone)', async () => {
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/token/', remoteAddress: `10.4.0.${i}`, payload: { email: email('busy'), password: 'wrong password' } })),
    );
    const statuses = answers.map((answer) => answer.statusCode);
    expect(statuses.filter((status) => status === 401).length).toBeGreaterThanOrEqual(3); // one running, two waiting
    expect(statuses.filter((status) => status === 503).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 401 || status === 503)).toBe(true);
    const busy = answers.find((answer) => answer.statusCode === 503)!;
    expect(busy.headers['retry-after']).toBe('1');
    expect(busy.json().detail).toMatch(/PASSWORD_HASH_QUEUE/);
  });

});

describe('provisioning runs in a bounded line, on connections of its own', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ PROVISIONING_CONCURRENCY: '1', PROVISIONING_QUEUE: '1' });
  });
  afterAll(async () => t.close());

  it('past PROVISIONING_QUEUE, a registration is a 503 that leaves no account behind, and logins go on meanwhile', async () => {
    const user = await registerUser(t.app, 'bystander');
    const before = (await t.app.pool.query<{ n: number }>('select count(*)::int as n from public.users')).rows[0].n;
    const registering = Promise.all(
      Array.from({ length: 6 }, (_, i) => t.app.inject({ method: 'POST', url: '/api/auth/register/', remoteAddress: `10.5.0.${i}`, payload: { email: email('build'), password: PASSWORD } })),
    );
    const login = await t.app.inject({ method: 'POST', url: '/api/token/', payload: { email: user.email, password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const answers = await registering;
    const created = answers.filter((answer) => answer.statusCode === 201);
    const refused = answers.filter((answer) => answer.statusCode === 503);
    expect(created.length + refused.length).toBe(6);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].json().detail).toMatch(/PROVISIONING_QUEUE/);
    expect(Number(refused[0].headers['retry-after'])).toBeGreaterThan(0);
    const after = (await t.app.pool.query<{ n: number }>('select count(*)::int as n from public.users')).rows[0].n;
    expect(after - before).toBe(created.length);
    await t.app.tenancy.provisioner.idle();
    const { rows } = await t.app.pool.query<{ n: number }>(`select count(*)::int as n from gateway.api_clients where status <> 'ready'`);
    expect(rows[0].n).toBe(0);
  });
});

describe.each(GRAPHQL_ENGINES)('account operations cannot be multiplied by aliases (%s)', (engine) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ GRAPHQL_ENGINE: engine });
  });
  afterAll(async () => t.close());

  it('five registrations in one document are one validation error, and no account is made', async () => {
    const before = (await t.app.pool.query<{ n: number }>('select count(*)::int as n from public.users')).rows[0].n;
    const registrations = Array.from({ length: 5 }, (_, i) => `r${i}: register(email: "${email('alias')}", password: "${PASSWORD}") { user { id } }`).join(' ');
    const response = await graphql(t.app, `mutation { ${registrations} }`);
    expect(response.errors?.[0]).toMatchObject({ message: expect.stringMatching(/Only one account operation .* has 5: register/), extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    expect((await t.app.pool.query<{ n: number }>('select count(*)::int as n from public.users')).rows[0].n).toBe(before);
    const guesses = Array.from({ length: 15 }, (_, i) => `g${i}: tokenAuth(email: "nobody@example.com", password: "guess ${i}") { access }`).join(' ');
    expect((await graphql(t.app, `mutation { ${guesses} }`)).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const one = await graphql(t.app, `mutation { register(email: "${email('alias')}", password: "${PASSWORD}") { user { id } } }`);
    expect(one.errors).toBeUndefined();
  });
});
