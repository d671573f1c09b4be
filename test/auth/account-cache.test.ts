import { escapeIdentifier } from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/pool';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, PASSWORD, registerUser, type RegisteredUser } from '../helpers/users';

/**
 * The account behind an access token stays cached until its schema's accounts change: the
 * `users` trigger's NOTIFY reaches the node, from whatever wrote the change (here a plain
 * connection, as another node or psql would).
 */
describe('the account cache follows account changes', () => {
  let t: TestApp;
  let owner: RegisteredUser;
  let other: RegisteredUser;
  let direct: ReturnType<typeof createPool>;

  beforeAll(async () => {
    t = await startTestApp();
    [owner, other] = [await registerUser(t.app, 'cached'), await registerUser(t.app, 'elsewhere')];
    direct = createPool(t.database.directUrl ?? t.database.url, { max: 1 });
  });
  afterAll(async () => {
    await direct?.end();
    await t?.close();
  });

  /** An account made in the owner's client, and its access token for the client. */
  async function clientAccount(email: string) {
    const headers = bearer(owner.publicTokens.access, owner.client.api_key);
    const created = await t.app.inject({ method: 'POST', url: '/api/users/', headers, payload: { email, password: PASSWORD } });
    expect(created.statusCode, created.body).toBe(201);
    const tokens = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'api-key': owner.client.api_key }, payload: { email, password: PASSWORD } });
    expect(tokens.statusCode, tokens.body).toBe(200);
    return { id: created.json().id as number, headers: bearer(tokens.json().access, owner.client.api_key) };
  }

  const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/me/', headers });
  /** GET /api/me/ (a 200), and how the account cache counted it: `{ hits, misses }` added by this request. */
  async function countedMe(headers: Record<string, string>) {
    const { hits, misses } = t.app.auth.authenticator.accountStats;
    expect((await me(headers)).statusCode).toBe(200);
    const after = t.app.auth.authenticator.accountStats;
    return { hits: after.hits - hits, misses: after.misses - misses };
  }

  it('an unchanged account is not read again after the short bound (2 s) while changes are heard', async () => {
    const erin = await clientAccount('erin@example.com');
    expect((await me(erin.headers)).statusCode).toBe(200); // read and cached
    await sleep(2300);
    expect(await countedMe(erin.headers)).toEqual({ hits: 1, misses: 0 });
  });

  it('a deactivation written by another connection is seen within milliseconds, not after 2 s', async () => {
    const frank = await clientAccount('frank@example.com');
    expect((await me(frank.headers)).statusCode).toBe(200);
    await direct.query(`update ${escapeIdentifier(owner.client.schema)}.users set is_active = false where id = $1`, [frank.id]);
    const started = Date.now();
    let answer = await me(frank.headers);
    while (answer.statusCode === 200 && Date.now() - started < 5000) {
      await sleep(10);
      answer = await me(frank.headers);
    }
    const ms = Date.now() - started;
    console.log(`account cache: deactivation seen after ${ms} ms`);
    expect(answer.statusCode).toBe(401);
    expect(answer.json()).toMatchObject({ code: 'user_inactive' });
    expect(ms).toBeLessThan(1000);
  });

  it("a change to another schema's accounts leaves this one's cached", async () => {
    const gina = await clientAccount('gina@example.com');
    expect((await me(gina.headers)).statusCode).toBe(200);
    await direct.query(`update ${escapeIdentifier(other.client.schema)}.users set first_name = 'Changed'`);
    await sleep(200); // the NOTIFY arrives and is handled
    expect(await countedMe(gina.headers)).toEqual({ hits: 1, misses: 0 });
  });

  it("a change to this schema's accounts forgets its cached accounts: the next request reads again", async () => {
    const hank = await clientAccount('hank@example.com');
    expect((await me(hank.headers)).statusCode).toBe(200);
    await direct.query(`update ${escapeIdentifier(owner.client.schema)}.users set first_name = 'Renamed' where id <> $1`, [hank.id]);
    await sleep(200);
    expect(await countedMe(hank.headers)).toEqual({ hits: 0, misses: 1 });
  });
});
