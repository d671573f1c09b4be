import { request as httpRequest } from 'node:http';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../../src/db/pool';
import { Throttled } from '../../src/errors';
import { CallerLimits } from '../../src/limits/caller-limits';
import { DEFAULT_LIMITS } from '../../src/limits/limits';
import { WorkQueue } from '../../src/limits/work-queue';
import { ApiClients } from '../../src/tenancy/api-clients';
import { Provisioner, type ProvisionOutcome } from '../../src/tenancy/provisioner';
import { generousCallerLimits } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { pgbouncerPassEnv } from '../helpers/pgbouncer';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { PASSWORD } from '../helpers/users';

/**
 * What another node sees, and how soon: the bound this file asserts for every change made on one
 * node and observed on the other (the Api-Key cache is told by NOTIFY within milliseconds; the
 * account behind an access token is cached for 2 s, src/auth/authenticate.ts; the rest is read
 * from PostgreSQL on every request). The product property, not a performance figure.
 */
const STALENESS_BOUND_MS = 2_500;
/** Failed logins per account, and registrations per address, on both nodes: low, so that they trip here. */
const LOGIN_FAILURES = 3;
const CLIENTS_PER_ADDRESS = 3;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

interface CallOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /**
   * The loopback address the request comes from (all of 127.0.0.0/8 is this machine): the caller
   * limits count per address, and a test picks its own. Why node:http and not fetch: fetch cannot
   * choose its local address.
   */
  from?: string;
}

/** One real HTTP request to a node, on a connection of its own. */
function call(node: ServerProcess, method: string, path: string, { body, headers = {}, from = '127.0.0.1' }: CallOptions = {}): Promise<Answer> {
  const url = new URL(path, node.url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      {
        method,
        agent: false,
        localAddress: from,
        headers: { accept: 'application/json', ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: kept as text for the assertion message
          }
          resolve({ status: response.statusCode!, headers: response.headers, body: parsed });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const bearer = (access: string, apiKey?: string): Record<string, string> => ({ authorization: `Bearer ${access}`, ...(apiKey ? { 'api-key': apiKey } : {}) });

let counter = 0;
/** A loopback address no other request of this file came from. */
const freshAddress = () => `127.0.${100 + Math.floor(++counter / 250)}.${1 + (counter % 250)}`;
const freshEmail = (prefix: string) => `${prefix}.${process.pid}.${++counter}@example.com`;

/**
 * Polls `seen` until it is true or twice the bound has passed, and returns the milliseconds since
 * `since` (the answer to the change on the other node), printed; Infinity if it never was.
 */
async function timeUntil(label: string, since: number, seen: () => Promise<boolean>): Promise<number> {
  while (performance.now() - since < 2 * STALENESS_BOUND_MS) {
    if (await seen()) {
      const ms = Math.round(performance.now() - since);
      console.log(`two nodes: ${label}: seen on B after ${ms} ms (bound ${STALENESS_BOUND_MS} ms)`);
      return ms;
    }
    await sleep(10);
  }
  console.log(`two nodes: ${label}: not seen on B within ${2 * STALENESS_BOUND_MS} ms`);
  return Infinity;
}

describe('two API nodes on one database', () => {
  let database: TestDatabase;
  let pool: Pool;
  let a: ServerProcess;
  let b: ServerProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool(database.directUrl ?? database.url);
    const env = {
      DATABASE_URL: database.url,
      // In the PgBouncer pass the Api-Key cache's LISTEN goes to PostgreSQL itself.
      ...(database.directUrl && database.directUrl !== database.url ? { DATABASE_LISTEN_URL: database.directUrl } : {}),
      DATA_DIR: '/nonexistent-two-nodes-data-dir',
      JWT_SECRET: 'two-nodes-secret-two-nodes-secret-0123456789',
      MAX_EVENT_LOOP_DELAY_MS: '60000',
      LOG_LEVEL: 'info', // each node logs every schema it builds: "client provisioned"
      ...generousCallerLimits,
      CLIENTS_PER_ADDRESS_PER_HOUR: String(CLIENTS_PER_ADDRESS),
      LOGIN_FAILURES_PER_ACCOUNT: String(LOGIN_FAILURES),
      // In the PgBouncer pass: no named statements through a pooler that cannot keep them.
      ...pgbouncerPassEnv,
    };
    a = await startServerProcess(env); // the first start migrates and loads the reference data
    b = await startServerProcess(env);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await pool?.end();
    await database?.drop();
  });

  const referenceProducts = async () => (await pool.query<{ n: number }>('select count(*)::int as n from public.products')).rows[0].n;

  /** Registers on `node` from an address of its own; the first client is ready. */
  async function register(node: ServerProcess, prefix: string, from = freshAddress()) {
    const email = freshEmail(prefix);
    const registered = await call(node, 'POST', '/api/auth/register/', { body: { email, password: PASSWORD }, from });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    return { email, userId: registered.body.user.id as number, client: registered.body.client as { id: number; schema: string; api_key: string; status: string } };
  }

  async function tokens(node: ServerProcess, email: string, apiKey?: string, password = PASSWORD): Promise<{ access: string; refresh: string }> {
    const answer = await call(node, 'POST', '/api/token/', { body: { email, password }, headers: apiKey ? { 'api-key': apiKey } : {} });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body;
  }

  /** An owner registered on A, with a token for `public` (managing clients) and one for its client, both from B. */
  async function owner(prefix: string) {
    const registered = await register(a, prefix);
    expect(registered.client.status).toBe('ready');
    return { ...registered, public: await tokens(b, registered.email), own: await tokens(b, registered.email, registered.client.api_key) };
  }

  it('a client alternates between the nodes: registers on A, logs in on B, and each node sees the writes of the other', async () => {
    const registered = await register(a, 'alternating');
    expect(registered.client.status).toBe('ready');
    const key = registered.client.api_key;
    const { access, refresh } = await tokens(b, registered.email, key); // a token issued by B …
    const as = bearer(access, key);
    expect((await call(a, 'GET', '/api/me/', { headers: as })).body).toMatchObject({ email: registered.email, client: { id: registered.client.id } }); // … is good on A

    const created = await call(a, 'POST', '/api/products/', { headers: as, body: { sku: 'TWO-NODES-1', name: 'Written on A', price: '9.99' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    expect((await call(b, 'GET', `/api/products/${id}/`, { headers: as })).body).toMatchObject({ id, sku: 'TWO-NODES-1', name: 'Written on A' });

    const patched = await call(b, 'PATCH', `/api/products/${id}/`, { headers: as, body: { name: 'Renamed on B' } });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((await call(a, 'GET', `/api/products/${id}/`, { headers: as })).body).toMatchObject({ id, name: 'Renamed on B' });

    const reference = await referenceProducts();
    for (const node of [a, b]) expect((await call(node, 'GET', '/api/products/?page_size=1', { headers: as })).body.count).toBe(reference + 1);
    expect((await call(b, 'DELETE', `/api/products/${id}/`, { headers: as })).status).toBe(204);
    expect((await call(a, 'GET', `/api/products/${id}/`, { headers: as })).status).toBe(404);
    for (const node of [a, b]) expect((await call(node, 'GET', '/api/products/?page_size=1', { headers: as })).body.count).toBe(reference);

    // The session goes on across them: B's refresh token is rotated on A, the new access works on B.
    const rotated = await call(a, 'POST', '/api/token/refresh/', { body: { refresh } });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect((await call(b, 'GET', '/api/me/', { headers: bearer(rotated.body.access, key) })).body).toMatchObject({ email: registered.email });
  }, 60_000);

  describe(`a change on A is seen on B within ${STALENESS_BOUND_MS} ms`, () => {
    it('a key rotated on A: B refuses the old key (cached there a moment before) and accepts the new one', async () => {
      const user = await owner('rotated');
      const oldKey = user.client.api_key;
      expect((await call(b, 'GET', '/api/me/', { headers: bearer(user.own.access, oldKey) })).status).toBe(200); // B has the key cached
      const rotated = await call(a, 'POST', `/api/clients/${user.client.id}/rotate-key/`, { headers: bearer(user.public.access) });
      expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
      const since = performance.now();
      const newKey = rotated.body.api_key;
      expect(newKey).not.toBe(oldKey);
      const ms = await timeUntil('key rotated', since, async () => (await call(b, 'GET', '/api/me/', { headers: bearer(user.own.access, oldKey) })).status === 403);
      expect(ms).toBeLessThanOrEqual(STALENESS_BOUND_MS);
      const fresh = await call(b, 'GET', '/api/me/', { headers: bearer(user.own.access, newKey) });
      expect(fresh.status).toBe(200);
      expect(fresh.body.client).toMatchObject({ id: user.client.id, api_key: newKey });
    }, 60_000);

    it("a client reset on A: B refuses the tokens of the client's old generation, and reads the reference data again", async () => {
      const user = await owner('reset');
      const key = user.client.api_key;
      const own = bearer(user.own.access, key);
      const { rows: [original] } = await pool.query<{ name: string }>('select name from public.products where id = 1');
      expect((await call(b, 'PATCH', '/api/products/1/', { headers: own, body: { name: 'Changed before the reset' } })).status).toBe(200);
      const written = await call(b, 'POST', '/api/products/', { headers: own, body: { sku: 'BEFORE-RESET', name: 'Gone after the reset', price: '1.00' } });
      expect(written.status).toBe(201);
      expect((await call(b, 'GET', '/api/products/1/', { headers: own })).body.name).toBe('Changed before the reset'); // B has the client (and its generation) cached

      const reset = await call(a, 'POST', `/api/clients/${user.client.id}/reset/`, { headers: bearer(user.public.access) });
      expect(reset.status, JSON.stringify(reset.body)).toBe(200);
      const since = performance.now();
      expect(reset.body).toMatchObject({ status: 'ready', api_key: key });
      const ms = await timeUntil('client reset', since, async () => {
        const answer = await call(b, 'GET', '/api/products/1/', { headers: own });
        return answer.status === 401 && /reset/.test(answer.body.detail);
      });
      expect(ms).toBeLessThanOrEqual(STALENESS_BOUND_MS);

      const again = bearer((await tokens(b, user.email, key)).access, key); // a token of the new generation, from B
      expect((await call(b, 'GET', '/api/products/1/', { headers: again })).body.name).toBe(original.name);
      expect((await call(b, 'GET', `/api/products/${written.body.id}/`, { headers: again })).status).toBe(404);
      expect((await call(b, 'GET', '/api/products/?page_size=1', { headers: again })).body.count).toBe(await referenceProducts());
    }, 60_000);

    it('a client deleted on A: B refuses its key', async () => {
      const user = await owner('deleted');
      const key = user.client.api_key;
      expect((await call(b, 'GET', '/api/me/', { headers: bearer(user.own.access, key) })).status).toBe(200); // cached on B
      const deleted = await call(a, 'DELETE', `/api/clients/${user.client.id}/`, { headers: bearer(user.public.access) });
      expect(deleted.status).toBe(204);
      const since = performance.now();
      const ms = await timeUntil('client deleted', since, async () => (await call(b, 'GET', '/api/me/', { headers: bearer(user.own.access, key) })).status === 403);
      expect(ms).toBeLessThanOrEqual(STALENESS_BOUND_MS);
      expect((await pool.query('select 1 from information_schema.schemata where schema_name = $1', [user.client.schema])).rows).toHaveLength(0);
    }, 60_000);

    it('a refresh token blacklisted on A is refused by B (after B had refreshed the session once)', async () => {
      const user = await owner('blacklisted');
      const key = user.client.api_key;
      const first = await call(b, 'POST', '/api/token/refresh/', { body: { refresh: user.own.refresh } });
      expect(first.status, JSON.stringify(first.body)).toBe(200); // B refreshes this session
      const refresh = first.body.refresh;
      const ended = await call(a, 'POST', '/api/token/blacklist/', { body: { refresh } });
      expect(ended.status, JSON.stringify(ended.body)).toBe(200);
      const since = performance.now();
      const ms = await timeUntil('refresh token blacklisted', since, async () => {
        const answer = await call(b, 'POST', '/api/token/refresh/', { body: { refresh } });
        return answer.status === 401 && answer.body.code === 'token_not_valid';
      });
      expect(ms).toBeLessThanOrEqual(STALENESS_BOUND_MS);
      // and the access tokens of the client still work meanwhile: one session ended, not the client
      expect((await call(b, 'GET', '/api/me/', { headers: bearer(user.own.access, key) })).status).toBe(200);
    }, 60_000);

    it('an admin session logged out on A is refused by B', async () => {
      const email = (await register(a, 'session')).email;
      const created = await call(b, 'POST', '/api/auth/session/', { body: { email, password: PASSWORD } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const cookie = String(created.headers['set-cookie']).split(';')[0];
      expect((await call(a, 'GET', '/api/auth/session/', { headers: { cookie } })).status).toBe(200); // one session, both nodes
      expect((await call(b, 'GET', '/api/auth/session/', { headers: { cookie } })).status).toBe(200);
      const out = await call(a, 'DELETE', '/api/auth/session/', { headers: { cookie, 'x-csrftoken': created.body.csrf_token } });
      expect(out.status).toBe(204);
      const since = performance.now();
      const ms = await timeUntil('session logged out', since, async () => (await call(b, 'GET', '/api/auth/session/', { headers: { cookie } })).status === 401);
      expect(ms).toBeLessThanOrEqual(STALENESS_BOUND_MS);
    }, 60_000);

    it.each([
      ['deactivated', (node: ServerProcess, id: number, headers: Record<string, string>) => call(node, 'PATCH', `/api/users/${id}/`, { headers, body: { is_active: false } }), 200],
      ['deleted', (node: ServerProcess, id: number, headers: Record<string, string>) => call(node, 'DELETE', `/api/users/${id}/`, { headers }), 204],
    ] as const)('an account %s on A: B refuses its access token (the 2 s account cache)', async (what, change, status) => {
      const user = await owner(`account-${what}`);
      const key = user.client.api_key;
      const email = freshEmail('member');
      const member = await call(a, 'POST', '/api/users/', { headers: bearer(user.own.access, key), body: { email, password: PASSWORD } });
      expect(member.status, JSON.stringify(member.body)).toBe(201);
      const theirs = bearer((await tokens(b, email, key)).access, key);
      expect((await call(b, 'GET', '/api/me/', { headers: theirs })).body).toMatchObject({ email }); // B has the account cached
      const changed = await change(a, member.body.id, bearer(user.own.access, key));
      expect(changed.status, JSON.stringify(changed.body)).toBe(status);
      const since = performance.now();
      const ms = await timeUntil(`account ${what}`, since, async () => (await call(b, 'GET', '/api/me/', { headers: theirs })).status === 401);
      expect(ms).toBeLessThanOrEqual(STALENESS_BOUND_MS);
    }, 60_000);
  });

  it('twelve registrations at once, six on each node, and a third provisioner resuming pending clients meanwhile: every schema is built exactly once', async () => {
    // A third node's provisioner, in this process: it claims the same rows (`for update skip locked`) while A and B build them.
    const contenderPool = createPool(database.url, { max: 2 });
    const contenderLog: string[] = [];
    const contender = new Provisioner(
      contenderPool,
      new ApiClients(contenderPool),
      { info: (object: object, message?: string) => contenderLog.push(`${message} ${JSON.stringify(object)}`), error: (object: object, message?: string) => contenderLog.push(`${message} ${JSON.stringify(object)}`) } as never,
      new WorkQueue(2, 100, 'busy'),
    );
    const outcomes: ProvisionOutcome[] = [];
    let burstOver = false;
    const contending = (async () => {
      while (!burstOver) {
        outcomes.push(...(await contender.resumePending()));
        await sleep(5);
      }
    })();
    try {
      const answers = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          call(i % 2 ? b : a, 'POST', '/api/auth/register/', { body: { email: freshEmail(`burst${i}`), password: PASSWORD }, from: freshAddress() }),
        ),
      );
      for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      const ids = answers.map((answer) => answer.body.client.id as number);
      const schemas = answers.map((answer) => answer.body.client.schema as string);
      expect(new Set(ids).size).toBe(12);

      // A registration whose row the contender claimed answers at once, `provisioning`: wait for the rows.
      const deadline = Date.now() + 60_000;
      let statuses: Array<{ id: number; status: string; ready_at: Date | null }> = [];
      while (Date.now() < deadline) {
        statuses = (await pool.query('select id, status, ready_at from gateway.api_clients where id = any($1) order by id', [ids])).rows;
        if (statuses.every((row) => row.status !== 'provisioning')) break;
        await sleep(50);
      }
      burstOver = true;
      await contending;
      await contender.idle();

      expect(statuses).toHaveLength(12);
      expect(statuses.map((row) => row.status)).toEqual(Array(12).fill('ready'));
      expect(statuses.every((row) => row.ready_at !== null)).toBe(true);

      // Each schema exists once, and the database holds no schema without a client (no orphan of a second build).
      const { rows: counts } = await pool.query<{ schema_name: string; n: number }>(
        'select schema_name, count(*)::int as n from information_schema.schemata where schema_name = any($1) group by schema_name',
        [schemas],
      );
      expect(counts.map((row) => row.n)).toEqual(Array(12).fill(1));
      const { rows: orphans } = await pool.query(
        `select schema_name from information_schema.schemata
          where schema_name not in ('public', 'gateway', 'information_schema') and schema_name not like 'pg\\_%'
            and schema_name not in (select schema_name from gateway.api_clients)`,
      );
      expect(orphans).toEqual([]);

      // Every build logs "client provisioned" once, on whichever node (or the contender) built it.
      const built = (log: string) => [...log.matchAll(/"clientId":(\d+)[^\n]*"msg":"client provisioned"|client provisioned \{"clientId":(\d+)/g)].map((match) => Number(match[1] ?? match[2]));
      const byA = built(a.output());
      const byB = built(b.output());
      const byContender = built(contenderLog.join('\n'));
      const builds = [...byA, ...byB, ...byContender].filter((id) => ids.includes(id)).sort((x, y) => x - y);
      console.log(
        `two nodes: 12 registrations built by A ${byA.filter((id) => ids.includes(id)).length}, B ${byB.filter((id) => ids.includes(id)).length}, ` +
          `the contender ${byContender.filter((id) => ids.includes(id)).length}; the contender skipped ${outcomes.filter((o) => o.status === 'skipped').length} claims`,
      );
      expect(builds).toEqual([...ids].sort((x, y) => x - y));
      for (const log of [a.output(), b.output(), contenderLog.join('\n')]) expect(log).not.toMatch(/provisioning failed/);
      expect(outcomes.filter((outcome) => outcome.status === 'failed')).toEqual([]);
    } finally {
      burstOver = true;
      await contending.catch(() => {});
      await contenderPool.end();
    }
  }, 120_000);

  describe('the caller limits are counted in PostgreSQL, once for both nodes', () => {
    it(`failed logins for one account, alternately on A and B, trip at LOGIN_FAILURES_PER_ACCOUNT (${LOGIN_FAILURES}) on both`, async () => {
      const { email } = await register(a, 'guessed');
      const from = freshAddress();
      const login = (node: ServerProcess, password: string) => call(node, 'POST', '/api/token/', { body: { email, password }, from });
      const nodes = [a, b, a];
      for (const node of nodes) expect((await login(node, 'wrong password')).status).toBe(401);
      for (const node of [b, a]) {
        const refused = await login(node, 'wrong password');
        expect(refused.status, JSON.stringify(refused.body)).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
        expect(refused.body.detail).toMatch(/LOGIN_FAILURES_PER_ACCOUNT/);
      }
      expect((await login(b, PASSWORD)).status).toBe(429); // the account is what is being guessed, on every node
    }, 60_000);

    it(`registrations from one address, alternately on A and B, trip at CLIENTS_PER_ADDRESS_PER_HOUR (${CLIENTS_PER_ADDRESS}) on both`, async () => {
      const from = freshAddress();
      const accounts = async () => (await pool.query<{ n: number }>('select count(*)::int as n from public.users')).rows[0].n;
      for (const node of [a, b, a]) await register(node, 'limited', from);
      const before = await accounts();
      for (const node of [b, a]) {
        const refused = await call(node, 'POST', '/api/auth/register/', { body: { email: freshEmail('limited'), password: PASSWORD }, from });
        expect(refused.status, JSON.stringify(refused.body)).toBe(429);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
        expect(refused.body.detail).toMatch(/CLIENTS_PER_ADDRESS_PER_HOUR/);
      }
      expect(await accounts()).toBe(before);
      await register(b, 'unlimited'); // another address still registers
    }, 60_000);

    it('a key of any length is counted in PostgreSQL too (a 5,000-character email, under its digest), shared by two limiters', async () => {
      const email = `${'x'.repeat(5_000)}@example.com`;
      const limits = { ...DEFAULT_LIMITS, loginFailuresPerAccount: 2 };
      const warnings: string[] = [];
      const log = { warn: (_object: object, message: string) => warnings.push(message) };
      const [one, other] = [new CallerLimits(limits, { pool, log }), new CallerLimits(limits, { pool, log })];
      await one.beginLogin('10.8.0.1', email);
      await other.beginLogin('10.8.0.2', email.toUpperCase());
      await expect(one.beginLogin('10.8.0.3', email)).rejects.toThrow(/LOGIN_FAILURES_PER_ACCOUNT/);
      expect(warnings).toEqual([]); // no statement failed: not the insurance counting
    });

    it('expired counters are swept: rows expired over an hour ago go, live ones stay', async () => {
      const now = Date.now();
      await pool.query(
        `insert into gateway.caller_limits (key, points, expire) values ('test-sweep:old', 1, $1), ('test-sweep:recent', 1, $2), ('test-sweep:live', 1, $3)`,
        [now - 2 * 3600_000, now - 60_000, now + 60_000],
      );
      const limits = new CallerLimits(DEFAULT_LIMITS, { pool });
      await limits.sweep(now);
      const { rows } = await pool.query<{ key: string }>(`select key from gateway.caller_limits where key like 'test-sweep:%' order by key`);
      expect(rows.map((row) => row.key)).toEqual(['test-sweep:live', 'test-sweep:recent']);
    });
  });
});

describe('the caller limits when PostgreSQL cannot be reached', () => {
  it('fall back to counting on this node with the same limits (never open), and say so in the log', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as { port: number };
        server.close(() => resolve(free));
      });
    });
    const unreachable = new Pool({ connectionString: `postgres://nobody@127.0.0.1:${port}/nothing`, connectionTimeoutMillis: 2_000 });
    unreachable.on('error', () => {});
    const warnings: string[] = [];
    const limits = new CallerLimits({ ...DEFAULT_LIMITS, loginFailuresPerAccount: 2 }, { pool: unreachable, log: { warn: (_object, message) => warnings.push(message) } });
    try {
      await limits.beginLogin('10.9.0.1', 'outage@example.com');
      await limits.beginLogin('10.9.0.2', 'outage@example.com');
      const refused = await limits.beginLogin('10.9.0.3', 'OUTAGE@example.com').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(Throttled);
      expect((refused as Throttled).message).toMatch(/LOGIN_FAILURES_PER_ACCOUNT/);
      expect(warnings.length).toBeGreaterThan(0);
      expect(warnings[0]).toMatch(/PostgreSQL store failed/);
    } finally {
      await unreachable.end();
    }
  });
});
