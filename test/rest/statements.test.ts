import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { statementsDuring, type StatementLog } from '../helpers/statements';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** The number of SQL statements a list costs depends on what it asks for, never on how many rows. */
describe('SQL statements per list request', () => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp();
    user = await registerUser(t.app, 'statements');
  });
  afterAll(async () => t.close());

  async function countFor(url: string): Promise<StatementLog> {
    const headers = bearer(user.publicTokens.access, user.client.api_key);
    await t.app.inject({ method: 'GET', url, headers }); // warm the token's account cache
    return statementsDuring(t.app, async () => {
      const response = await t.app.inject({ method: 'GET', url, headers });
      expect(response.statusCode).toBe(200);
    });
  }

  it('a page with expanded relations is the same few statements at 5 rows and at 100', async () => {
    const small = await countFor('/api/products/?page_size=5&expand=category,tags');
    const large = await countFor('/api/products/?page_size=100&expand=category,tags');
    expect(large.statements.length).toBe(small.statements.length);
    expect(small.statements.length).toBe(4); // the count; the page with its tag ids; categories by id; tags by id
    expect(small.roundTrips).toBe(2); // count + page together, then both expansions together
    expect(large.roundTrips).toBe(2);
    for (const sql of small.statements) expect(sql).toContain(`"${user.client.schema}".`);
  });

  it('an M:N filter (pagination in a subquery) is still independent of the page size', async () => {
    const small = await countFor('/api/products/?page_size=5&tags=5');
    const large = await countFor('/api/products/?page_size=100&tags=5');
    expect(small.statements.length).toBe(2);
    expect(large.statements.length).toBe(2);
    expect(small.roundTrips).toBe(1);
  });
});
