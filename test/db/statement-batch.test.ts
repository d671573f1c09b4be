import type { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureStatements, statementBatchOf, type StatementSettings } from '../../src/db/statement-batch';
import { startTestApp, type TestApp } from '../helpers/app';

type PooledClient = Client & { connection: { parsedStatements: Record<string, string> } };

/** The reads of a request: batched when issued together, prepared by name when sent alone again. */
describe('statement batch', () => {
  let t: TestApp;
  const names: Array<string | undefined> = [];
  const record = (query: { options?: { name?: string } }) => names.push(query.options?.name);

  beforeAll(async () => {
    t = await startTestApp();
    t.app.orm.em.getKnex().on('query', record);
  });
  afterAll(async () => {
    t.app.orm.em.getKnex().off('query', record);
    await t.close();
  });

  /** The app's statement settings, with some changed (`{}`: back to the app's own). */
  const withSettings = (changes: Partial<StatementSettings>) => {
    const { maxStatementBytes, maxPreparedStatementBytes } = t.config.limits;
    configureStatements(t.app.orm, { prepared: true, maxStatementBytes, maxPreparedStatementBytes, ...changes });
  };

  /** A read on a request's EntityManager (each request forks its own; so does each call here unless given one). */
  const read = (sql: string, em = t.app.orm.em.fork()) => statementBatchOf(em).rows<{ n: number }>(sql, []);

  it('reads issued in the same turn are one message; each caller gets its own rows or its own error', async () => {
    names.length = 0;
    const em = t.app.orm.em.fork();
    const [one, two, bad] = await Promise.allSettled([read('select 1 as n', em), read('select 2 as n', em), read('select * from no_such_table', em)]);
    expect(one).toEqual({ status: 'fulfilled', value: [{ n: 1 }] });
    expect(two).toEqual({ status: 'fulfilled', value: [{ n: 2 }] });
    expect(bad).toMatchObject({ status: 'rejected', reason: { code: '42P01' } });
    expect(names.length).toBe(4); // the batch, which failed as a whole; then each statement alone
  });

  it('a statement sent alone a second time is a named prepared statement, with the same answer', async () => {
    names.length = 0;
    const sql = "select 41 + 1 as n, 'prepared' as label";
    const answers = [await read(sql), await read(sql), await read(sql)];
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(names[0]).toBeUndefined();
    expect(names[1]).toMatch(/^sg_/);
    expect(names[2]).toBe(names[1]);
    withSettings({ prepared: false }); // DATABASE_PREPARED_STATEMENTS=false: for poolers that cannot keep them
    try {
      names.length = 0;
      expect(await read(sql)).toEqual(answers[0]);
      expect(names).toEqual([undefined]);
    } finally {
      withSettings({});
    }
  });

  it('no connection prepares more than 100 statements, and answers stay right past the cap', async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 150; i++) expect(await read(`select ${i}::int as n`)).toEqual([{ n: i }]);
    }
    // What the cap counts is pg's record of each connection's statements (an internal of pg this pins).
    const pool = (t.app.orm.em.getKnex().client as { pool: { free: Array<{ resource: PooledClient }>; used: Array<{ resource: PooledClient }> } }).pool;
    const sizes = [...pool.free, ...pool.used].map(({ resource }) => Object.keys(resource.connection.parsedStatements).length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeGreaterThan(0);
  });
});
