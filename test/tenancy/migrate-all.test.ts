import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Account } from '../../src/auth/accounts';
import { migrationScripts, type MigrationScript } from '../../src/db/migrations';
import { migrateAllSchemas, type MigrateProgress } from '../../src/tenancy/migrate-all';
import { startTestApp, testEnv, type TestApp } from '../helpers/app';
import { projectRoot } from '../helpers/server-process';
import { registerUser } from '../helpers/users';

const CLIENTS = 50;

function runCli(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/tenancy/migrate-cli.ts'], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH, ...testEnv, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('migrating every schema', () => {
  let t: TestApp;
  let clientSchemas: string[];
  let pendingClientSchema: string;
  let withFixture: MigrationScript[];

  const fixture: MigrationScript = {
    name: 'Fixture_add_column',
    statements: ['alter table products add column fixture_flag boolean not null default false'],
  };
  const second: MigrationScript = { name: 'Fixture_second', statements: ['alter table products add column fixture_note text'] };

  async function schemasWithColumn(column: string): Promise<string[]> {
    const { rows } = await t.app.pool.query<{ schema: string }>(
      `select table_schema as schema from information_schema.columns where table_name = 'products' and column_name = $1 order by 1`,
      [column],
    );
    return rows.map((row) => row.schema);
  }

  beforeAll(async () => {
    t = await startTestApp();
    withFixture = [...(await migrationScripts()), fixture];
    const users = [await registerUser(t.app, 'migrate'), await registerUser(t.app, 'migrate')];
    clientSchemas = users.map((user) => user.client.schema);
    const owners: Account[] = users.map((user) => ({ id: user.userId, email: user.email, firstName: '', lastName: '', isActive: true, createdAt: new Date() }));
    for (let i = clientSchemas.length; i < CLIENTS; i += 4) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(4, CLIENTS - i) }, (_, j) => t.app.tenancy.createClient(owners[(i + j) % 2], `extra ${i + j}`)),
      );
      for (const client of batch) {
        expect(client.status).toBe('ready');
        clientSchemas.push(client.schemaName);
      }
    }
    // A client still provisioning is not migrated: it gets every migration when it is built.
    const pending = await t.app.tenancy.clients.create({ id: users[0].userId, email: users[0].email }, 'queued');
    pendingClientSchema = pending.schemaName;
  });
  afterAll(async () => t.close());

  it('applies a new migration to public first, then to every ready client schema', async () => {
    expect(clientSchemas).toHaveLength(CLIENTS);
    const progress: MigrateProgress[] = [];
    const report = await migrateAllSchemas(t.app.pool, { scripts: withFixture, concurrency: 4, onProgress: (event) => progress.push(event) });

    expect(report).toMatchObject({ total: CLIENTS + 1, migrated: CLIENTS + 1, upToDate: 0, failed: 0, migrationsApplied: CLIENTS + 1 });
    const inRegistryOrder = await t.app.pool.query<{ schema: string }>(
      `select schema_name as schema from gateway.api_clients where status = 'ready' order by id`,
    );
    expect(inRegistryOrder.rows.map((row) => row.schema).sort()).toEqual([...clientSchemas].sort());
    expect(report.schemas.map((result) => result.schema)).toEqual(['public', ...inRegistryOrder.rows.map((row) => row.schema)]);
    for (const result of report.schemas) {
      expect(result, result.schema).toMatchObject({ applied: ['Fixture_add_column'] });
      expect(result.error).toBeUndefined();
    }
    expect(report.schemas.map((result) => result.schema)).not.toContain(pendingClientSchema);
    expect(progress).toHaveLength(CLIENTS + 1);
    expect(progress[0].result.schema).toBe('public');
    expect(progress.at(-1)).toMatchObject({ done: CLIENTS + 1, total: CLIENTS + 1 });

    expect(await schemasWithColumn('fixture_flag')).toEqual(['public', ...clientSchemas].sort());
    const { rows } = await t.app.pool.query('select 1 from pg_namespace where nspname = $1', [pendingClientSchema]);
    expect(rows).toHaveLength(0);
  });

  it('a re-run applies nothing and opens no transaction', async () => {
    // pg's pool.query() checks out a client with a callback; a transaction (inTransaction) calls connect() bare.
    const connect = vi.spyOn(t.app.pool, 'connect');
    const progress: MigrateProgress[] = [];
    const report = await migrateAllSchemas(t.app.pool, { scripts: withFixture, onProgress: (event) => progress.push(event) });
    const calls = [...connect.mock.calls];
    connect.mockRestore();
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((args) => (args as unknown[]).length === 0)).toHaveLength(0);
    expect(report).toMatchObject({ total: CLIENTS + 1, migrated: 0, upToDate: CLIENTS + 1, failed: 0, migrationsApplied: 0 });
    expect(progress).toHaveLength(0);
    expect(report.ms).toBeLessThan(2000);
  });

  it('a broken schema is reported failed, rolled back, and does not stop the others; a re-run resumes', async () => {
    const broken = clientSchemas[7];
    await t.app.pool.query(`drop table "${broken}".products cascade`);
    const scripts = [...withFixture, second];

    const report = await migrateAllSchemas(t.app.pool, { scripts, concurrency: 3 });
    expect(report).toMatchObject({ total: CLIENTS + 1, migrated: CLIENTS, failed: 1, upToDate: 0 });
    const failed = report.schemas.filter((result) => result.error !== undefined);
    expect(failed).toHaveLength(1);
    expect(failed[0].schema).toBe(broken);
    expect(failed[0].applied).toEqual([]);
    expect(failed[0].error).toMatch(/^Fixture_second: relation "products" does not exist/);

    expect(await schemasWithColumn('fixture_note')).toEqual(['public', ...clientSchemas.filter((schema) => schema !== broken)].sort());
    const recorded = await t.app.pool.query(`select name from "${broken}".mikro_orm_migrations where name = 'Fixture_second'`);
    expect(recorded.rows).toHaveLength(0);

    // Fixed by hand: the re-run migrates only that schema.
    await t.app.pool.query(`create table "${broken}".products (like public.products including all)`);
    await t.app.pool.query(`alter table "${broken}".products drop column fixture_note`);
    const again = await migrateAllSchemas(t.app.pool, { scripts });
    expect(again).toMatchObject({ migrated: 1, failed: 0, upToDate: CLIENTS });
    expect(again.schemas.find((result) => result.schema === broken)?.applied).toEqual(['Fixture_second']);
  });

  it('the CLI migrates the control plane and every schema, prints a summary and exits 1 when a schema fails', async () => {
    const ok = await runCli({ DATABASE_URL: t.database.url });
    expect(ok.output).toContain(`${CLIENTS + 1} schemas (public + ${CLIENTS} clients): 0 migrated, ${CLIENTS + 1} up to date, 0 failed`);
    expect(ok.code, ok.output).toBe(0);

    // One client loses its record of the initial migration: replaying it fails on the existing tables.
    const [initial] = await migrationScripts();
    const victim = clientSchemas[3];
    await t.app.pool.query(`delete from "${victim}".mikro_orm_migrations where name = $1`, [initial.name]);
    const failing = await runCli({ DATABASE_URL: t.database.url });
    expect(failing.code, failing.output).toBe(1);
    expect(failing.output).toMatch(new RegExp(`FAILED\\s+${victim}: ${initial.name}: relation "\\w+" already exists`));
    expect(failing.output).toMatch(new RegExp(`^${victim}\\s+failed\\s+-\\s+\\d+\\s+${initial.name}: relation`, 'm'));
    expect(failing.output).toContain(`${CLIENTS + 1} schemas (public + ${CLIENTS} clients): 0 migrated, ${CLIENTS} up to date, 1 failed`);
    await t.app.pool.query(`insert into "${victim}".mikro_orm_migrations (name) values ($1)`, [initial.name]);
  });

  it('when public fails, the clients that are behind are not attempted', async () => {
    const clash: MigrationScript = { name: 'Fixture_clash', statements: ['alter table products add column fixture_clash int'] };
    await t.app.pool.query('alter table public.products add column fixture_clash int');
    const report = await migrateAllSchemas(t.app.pool, { scripts: [...withFixture, second, clash] });
    expect(report).toMatchObject({ migrated: 0, failed: CLIENTS + 1 });
    expect(report.schemas[0]).toMatchObject({ schema: 'public', applied: [] });
    expect(report.schemas[0].error).toMatch(/^Fixture_clash: column "fixture_clash" of relation "products" already exists/);
    for (const result of report.schemas.slice(1)) expect(result.error).toBe('not attempted: public failed to migrate');
    expect(await schemasWithColumn('fixture_clash')).toEqual(['public']);
  });
});
