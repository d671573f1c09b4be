import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { usageOf } from '../../src/tenancy/usage';
import { registerUser } from '../helpers/users';

/** The usage counter (migrations/…_usage.ts) counts every table: a table added without its triggers would go uncounted. */
describe('usage triggers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('every table of public and of a client has the three counting triggers, and the counter matches the rows', async () => {
    const user = await registerUser(t.app, 'usage');
    for (const schema of ['public', user.client.schema]) {
      const { rows } = await t.app.pool.query<{ table: string; triggers: string[] }>(
        `select c.relname as table, array(select t.tgname::text from pg_trigger t where t.tgrelid = c.oid and t.tgname like 'sandbox_usage_%' order by 1) as triggers
           from pg_class c where c.relnamespace = $1::regnamespace and c.relkind = 'r' and c.relname not in ('sandbox_usage', 'mikro_orm_migrations')`,
        [schema],
      );
      expect(rows.length, schema).toBeGreaterThanOrEqual(9);
      for (const row of rows) expect(row.triggers, `${schema}.${row.table}`).toEqual(['sandbox_usage_delete', 'sandbox_usage_insert', 'sandbox_usage_update']);
      const counted = (await t.app.pool.query<{ rows: number }>(`select "rows"::int as rows from "${schema}".sandbox_usage`)).rows[0].rows;
      const real = await Promise.all(rows.map(async ({ table }) => (await t.app.pool.query<{ n: number }>(`select count(*)::int as n from "${schema}"."${table}"`)).rows[0].n));
      expect(counted, schema).toBe(real.reduce((sum, n) => sum + n, 0));
    }
  });

  it('a schema dropped while its usage is read (a reset, the expiry sweep) is left out, not a 500', async () => {
    const [kept, dropped] = [await registerUser(t.app, 'usage-kept'), await registerUser(t.app, 'usage-dropped')];
    const dropper = await t.app.pool.connect();
    try {
      await dropper.query('begin');
      await dropper.query(`drop schema "${dropped.client.schema}" cascade`);
      // The check sees the table (the drop is not committed); the read then waits for the drop's lock.
      const reading = usageOf(t.app.pool, [kept.client.schema, dropped.client.schema]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      await dropper.query('commit');
      const usage = await reading;
      expect([...usage.keys()]).toEqual([kept.client.schema]);
      expect(usage.get(kept.client.schema)?.rows).toBeGreaterThan(0);
    } finally {
      dropper.release();
    }
  });
});
