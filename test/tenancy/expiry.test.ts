import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, testEnv, type TestApp } from '../helpers/app';
import { projectRoot } from '../helpers/server-process';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

const run = promisify(execFile);
const DAY = 86_400_000;

/** Clients unused for CLIENT_EXPIRY_DAYS expire (issue 13, part 4): shown, swept in the background, by hand, and brought back by a reset. */
describe('client expiry', () => {
  let t: TestApp;
  let user: RegisteredUser;

  beforeAll(async () => {
    t = await startTestApp({ CLIENT_EXPIRY_DAYS: '30', EXPIRY_SWEEP_SECONDS: '1' });
    user = await registerUser(t.app, 'expiry');
  });
  afterAll(async () => t.close());

  const unusedFor = (days: number, clientId: number) =>
    t.app.pool.query(`update gateway.api_clients set last_used_at = now() - make_interval(days => $1) where id = $2`, [days, clientId]);
  const client = async (id: number) => (await t.app.inject({ method: 'GET', url: `/api/clients/${id}/`, headers: bearer(user.publicTokens.access) })).json();

  it('a client shows when it expires: CLIENT_EXPIRY_DAYS after its last use', async () => {
    const shown = await client(user.client.id);
    expect(new Date(shown.expires_at).getTime() - new Date(shown.last_used_at).getTime()).toBe(30 * DAY);
  });

  it('one unused past its time is expired by the background sweep: schema dropped, its key a 403 that says why, a reset brings it back', async () => {
    const extra = (await t.app.inject({ method: 'POST', url: '/api/clients/', headers: bearer(user.publicTokens.access), payload: { name: 'forgotten' } })).json();
    await unusedFor(31, extra.id);
    await unusedFor(29, user.client.id); // close to its time, but not past it
    let status = '';
    for (let i = 0; i < 100 && status !== 'expired'; i++) {
      status = (await client(extra.id)).status;
      if (status !== 'expired') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe('expired');
    const schemas = await t.app.pool.query('select 1 from pg_namespace where nspname = $1', [extra.schema]);
    expect(schemas.rows).toHaveLength(0);
    expect((await client(user.client.id)).status).toBe('ready');

    const refused = await t.app.inject({ method: 'GET', url: '/api/products/', headers: bearer(user.publicTokens.access, extra.api_key) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(new RegExp(`expired on \\d{4}-\\d\\d-\\d\\d, after 30 days without requests.*POST /api/clients/${extra.id}/reset/`));

    const reset = await t.app.inject({ method: 'POST', url: `/api/clients/${extra.id}/reset/`, headers: bearer(user.publicTokens.access) });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(reset.json()).toMatchObject({ status: 'ready', api_key: extra.api_key });
    expect((await t.app.inject({ method: 'GET', url: '/api/products/?page_size=1', headers: bearer(user.publicTokens.access, extra.api_key) })).statusCode).toBe(200);
  });

  it('a request moves the last use forward (at most hourly), so a client in use never expires', async () => {
    await unusedFor(2, user.client.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/tags/', headers: bearer(user.publicTokens.access, user.client.api_key) })).statusCode).toBe(200);
    let lastUsed = 0;
    for (let i = 0; i < 50 && Date.now() - lastUsed > 60_000; i++) {
      lastUsed = (await t.app.pool.query<{ at: Date }>('select last_used_at as at from gateway.api_clients where id = $1', [user.client.id])).rows[0].at.getTime();
      if (Date.now() - lastUsed > 60_000) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Date.now() - lastUsed).toBeLessThan(60_000);
  });

  it('`npm run tenants -- prune` expires them by hand', async () => {
    const forgotten = (await t.app.inject({ method: 'POST', url: '/api/clients/', headers: bearer(user.publicTokens.access), payload: { name: 'pruned' } })).json();
    await t.app.tenancy.expiry.stop(); // the CLI, not the server's sweep, must do it
    await unusedFor(40, forgotten.id);
    const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', 'src/tenancy/tenants-cli.ts', 'prune'], {
      cwd: projectRoot,
      env: { ...process.env, ...testEnv, DATABASE_URL: t.database.url, CLIENT_EXPIRY_DAYS: '30' },
    });
    expect(stdout).toContain(forgotten.schema);
    expect(stdout).toMatch(/Expired 1 client/);
    expect((await client(forgotten.id)).status).toBe('expired');
  });
});
