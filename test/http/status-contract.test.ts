import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOverload } from '../../src/http/limits.plugin';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

/** The rows of DESIGN §6's status table that are not covered by the auth and tenancy suites. */
describe('the response contract', () => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp(
      { REQUEST_DEADLINE_MS: '2000' },
      {
        beforeReady: (app) => {
          app.get('/test/boom', async () => {
            throw new Error('an internal detail that must not leak');
          });
          app.get('/test/slow-sql', async (request) => {
            await request.scope.em.getConnection().execute("select pg_sleep(5), 'deadline-probe'");
            return { finished: true };
          });
        },
      },
    );
    user = await registerUser(t.app, 'contract');
  });
  afterAll(async () => t.close());

  it('500 carries a request id that is in the log, and no stack trace', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/test/boom' });
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body).toEqual({ detail: 'A server error occurred.', request_id: response.headers['x-request-id'] });
    expect(response.body).not.toMatch(/internal detail|at .*\.ts/);
  });

  it('502 when a request runs past the deadline, and its SQL statement is cancelled', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/test/slow-sql' });
    expect(response.statusCode).toBe(502);
    expect(response.json().detail).toMatch(/took (longer than 2 seconds|too long)/);
    let running = 1;
    for (let i = 0; i < 40 && running > 0; i++) {
      const { rows } = await t.app.pool.query(
        "select count(*)::int as n from pg_stat_activity where query like '%deadline-probe%' and pid <> pg_backend_pid() and state = 'active'",
      );
      running = rows[0].n;
      if (running) await sleep(50);
    }
    expect(running).toBe(0);
  });

  it('413 for an oversized body', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/token/',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'x'.repeat(2 * 1024 * 1024), password: 'y' }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ detail: 'Request body is too large.' });
  });

  it('400 for malformed JSON and for a body that is not an object', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/api/token/', headers: { 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().detail).toMatch(/^JSON parse error/);
    const list = await t.app.inject({ method: 'POST', url: '/api/token/', payload: [1, 2] });
    expect(list.statusCode).toBe(400);
    expect(list.json()).toEqual({ non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] });
  });

  it('404 is JSON for unknown routes and objects; the slash-less form of a route works', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/nothing-here/' })).json()).toEqual({ detail: 'Not found.' });
    const slashless = await t.app.inject({ method: 'GET', url: '/api/me', headers: bearer(user.publicTokens.access) });
    expect(slashless.statusCode).toBe(200);
  });

  it('the docs and probes stay open whatever credentials a stale browser sends', async () => {
    for (const url of ['/docs/json', '/healthz']) {
      const response = await t.app.inject({ method: 'GET', url, headers: { authorization: 'Bearer expired.or.garbage', 'api-key': 'unknown' } });
      expect(response.statusCode, url).toBe(200);
    }
  });

  it('403 names what was refused', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/me/', headers: { 'api-key': 'forged' } });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ detail: 'Invalid API key.' });
  });
});

describe('overload', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ MAX_EVENT_LOOP_DELAY_MS: '10' }, { beforeReady: (app) => void app.get('/test/ping', async () => ({ ok: true })) });
  });
  afterAll(async () => t.close());

  it('503 with Retry-After when the event loop lags', async () => {
    let response = await t.app.inject({ method: 'GET', url: '/test/ping' });
    for (let i = 0; i < 20 && response.statusCode !== 503; i++) {
      const until = Date.now() + 200;
      while (Date.now() < until); // hold the event loop, as a CPU-bound burst would
      await sleep(5);
      response = await t.app.inject({ method: 'GET', url: '/test/ping' });
    }
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.json()).toEqual({ detail: 'The server is overloaded. Try again shortly.' });
  });
});

describe('what counts as an overload', () => {
  it('a loop blocked through a whole sample (reported as an infinite delay) is one sample of delay: an overload only under a limit of 1 s or less', () => {
    expect(isOverload('eventLoopDelay', Infinity, 60_000)).toBe(false);
    expect(isOverload('eventLoopDelay', Infinity, 1000)).toBe(true);
    expect(isOverload('eventLoopDelay', 1500, 1000)).toBe(true);
    expect(isOverload('heapUsedBytes', Infinity, 60_000)).toBe(true);
  });
});
