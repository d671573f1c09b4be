import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statementBatchOf } from '../../src/db/statement-batch';
import { startTestApp, type TestApp } from '../helpers/app';

const PROBE = 'deadline_probe';

/**
 * One deadline for all of a request's database time (issue 13, part 1): fifteen statements sent in one
 * message (what fifteen aliased GraphQL reads are) each had their own statement_timeout, so one request
 * held a connection for fifteen times the deadline, and a failed batch was then re-run. Each statement
 * here advances a sequence (which no rollback undoes), so the count of statements that started is seen.
 */
describe('the request deadline', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(
      { REQUEST_DEADLINE_MS: '1500' },
      {
        beforeReady: (app) => {
          app.get('/test/fifteen-slow-reads', async (request) => {
            const batch = statementBatchOf(request.scope.em);
            await Promise.all(Array.from({ length: 15 }, () => batch.rows(`select nextval('${PROBE}') as n, pg_sleep(0.5)`, [])));
            return { finished: true };
          });
          app.get('/test/reads-one-after-another', async (request) => {
            for (let i = 0; i < 15; i++) await statementBatchOf(request.scope.em).rows(`select nextval('${PROBE}') as n, pg_sleep(0.5)`, []);
            return { finished: true };
          });
        },
      },
    );
    await t.app.pool.query(`create sequence public.${PROBE}`);
  });
  afterAll(async () => {
    await t.app.pool.query(`drop sequence if exists public.${PROBE}`);
    await t.close();
  });

  const started = async () => Number((await t.app.pool.query(`select last_value, is_called from public.${PROBE}`)).rows[0].last_value);
  const active = async () =>
    (await t.app.pool.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where query like '%${PROBE}%' and pid <> pg_backend_pid() and state = 'active'`)).rows[0].n;

  it.each(['/test/fifteen-slow-reads', '/test/reads-one-after-another'])('%s: a 502 at the deadline, the running statement cancelled, no later one started', async (url) => {
    await t.app.pool.query(`select setval('public.${PROBE}', 1, false)`);
    const response = await t.app.inject({ method: 'GET', url });
    expect(response.statusCode).toBe(502);
    await sleep(2_000); // what was not cancelled would still be running, or starting the next statements
    expect(await active()).toBe(0);
    // 1.5 s of 0.5 s statements: three or four started, never fifteen (nor thirty with a re-run).
    expect(await started()).toBeLessThanOrEqual(5);
  });
});
