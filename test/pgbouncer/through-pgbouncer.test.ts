import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { bearer, registerUser, type RegisteredUser } from '../helpers/users';

type Row = Record<string, string | number | null>;

/** One admin-console command (simple query protocol: the console takes no other). */
async function adminConsole(adminUrl: string, command: string): Promise<Row[]> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query<Row>(command)).rows;
  } finally {
    await client.end();
  }
}

/**
 * The PgBouncer pass is only worth something if the apps' traffic really goes through PgBouncer
 * (issue 17): PgBouncer's own admin console must have counted this app's transactions on its
 * database, and PostgreSQL must see the app's sessions arrive from PgBouncer, not from the app.
 */
describe('the PgBouncer pass', () => {
  const pgbouncer = inject('pgbouncer');
  let t: TestApp;
  let user: RegisteredUser;
  let name: string;

  beforeAll(async () => {
    if (!pgbouncer) return;
    t = await startTestApp();
    name = new URL(t.database.url).pathname.slice(1);
    user = await registerUser(t.app, 'bouncer');
  });
  afterAll(async () => t?.close());

  it('runs with a PgBouncer in transaction mode, and the app reaches its database through it with prepared statements off', async () => {
    expect(pgbouncer, 'the global setup started no PgBouncer: run with TEST_PGBOUNCER=1 (npm run test:pgbouncer)').toBeDefined();
    expect(new URL(t.database.url).port).toBe(String(pgbouncer!.port));
    expect(t.config.preparedStatements).toBe(false);
    const config = new Map((await adminConsole(pgbouncer!.adminUrl, 'SHOW CONFIG')).map((row) => [row.key, row.value]));
    expect(config.get('pool_mode')).toBe('transaction');
  });

  it("PgBouncer counts the app's REST and GraphQL requests as transactions on the app's database", async () => {
    const transactions = async () => {
      const rows = await adminConsole(pgbouncer!.adminUrl, 'SHOW STATS');
      const row = rows.find((stats) => stats.database === name);
      return Number(row?.total_xact_count ?? 0);
    };
    const before = await transactions();
    const headers = bearer(user.publicTokens.access, user.client.api_key);
    for (let i = 0; i < 10; i++) {
      expect((await t.app.inject({ method: 'GET', url: '/api/products/?page_size=2', headers })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'POST', url: '/graphql', headers, payload: { query: '{ tags(pageSize: 1) { totalCount } }' } })).statusCode).toBe(200);
    }
    // Twenty requests, at least one transaction each (a statement outside BEGIN is one).
    expect((await transactions()) - before).toBeGreaterThanOrEqual(20);
  });

  it("PgBouncer holds the app's client connections, and PostgreSQL sees them as PgBouncer's server connections", async () => {
    const clients = (await adminConsole(pgbouncer!.adminUrl, 'SHOW CLIENTS')).filter((row) => row.database === name);
    expect(clients.length).toBeGreaterThan(0);
    // The backend that served the app's statement is one of PgBouncer's server connections to this
    // database (SHOW SERVERS' remote_pid), and PostgreSQL's client on it is PgBouncer's local port.
    const { rows: [session] } = await t.app.pool.query<{ pid: number; port: number }>('select pid, client_port as port from pg_stat_activity where pid = pg_backend_pid()');
    const servers = (await adminConsole(pgbouncer!.adminUrl, 'SHOW SERVERS')).filter((row) => row.database === name);
    const server = servers.find((row) => Number(row.remote_pid) === session.pid);
    expect(server, `backend ${session.pid} is none of PgBouncer's server connections`).toBeDefined();
    expect(Number(server!.local_port)).toBe(session.port);
  });
});
