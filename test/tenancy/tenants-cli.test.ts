import { spawn } from 'node:child_process';
import { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/passwords';
import { testEnv } from '../helpers/app';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { projectRoot } from '../helpers/server-process';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('npm run tenants', () => {
  let database: TestDatabase;
  let pool: Pool;

  function tenants(...args: string[]): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/tenancy/tenants-cli.ts', ...args], {
        cwd: projectRoot,
        env: { PATH: process.env.PATH, ...testEnv, DATABASE_URL: database.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      child.on('error', reject);
      child.on('exit', (code) => resolve({ code, stdout, stderr }));
    });
  }

  function field(output: string, name: string): string {
    const match = new RegExp(`^${name}\\s+(\\S+)$`, 'm').exec(output);
    if (!match) throw new Error(`no "${name}" in:\n${output}`);
    return match[1];
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('list on a database with no clients says so', async () => {
    const run = await tenants('list');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('No API clients.');
  });

  it('create, list, reset and delete a client', async () => {
    const created = await tenants('create', 'Ops.Person@example.com');
    expect(created.code, created.stdout + created.stderr).toBe(0);
    const password = /^Password \(shown once, store it now\): (\S+)$/m.exec(created.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const schema = field(created.stdout, 'schema');
    const apiKey = field(created.stdout, 'api key');
    expect(schema).toMatch(/^ops_person_\d{6}$/);
    expect(field(created.stdout, 'status')).toBe('ready');
    const { rows: users } = await pool.query('select password from public.users where email = $1', ['Ops.Person@example.com']);
    expect(users).toHaveLength(1);
    expect(await verifyPassword(users[0].password, password!)).toBe(true);

    // The account exists (in any case): another client, no new password.
    const second = await tenants('create', 'ops.person@EXAMPLE.com');
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toContain('exists: created another API client');
    expect(second.stdout).not.toContain('Password');
    const secondSchema = field(second.stdout, 'schema');
    expect(secondSchema).not.toBe(schema);

    const listed = await tenants('list');
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^id\s+schema\s+owner email\s+status\s+created$/m);
    for (const name of [schema, secondSchema]) {
      expect(listed.stdout).toMatch(new RegExp(`^\\d+\\s+${name}\\s+Ops\\.Person@example\\.com\\s+ready\\s+\\d{4}-\\d\\d-\\d\\dT`, 'm'));
    }
    expect(listed.stdout).toContain('2 clients');

    const before = await pool.query(`select count(*)::int as n from public.products`);
    await pool.query(`delete from "${schema}".reviews`);
    const reset = await tenants('reset', schema);
    expect(reset.code, reset.stdout + reset.stderr).toBe(0);
    expect(field(reset.stdout, 'api key')).toBe(apiKey);
    expect(field(reset.stdout, 'status')).toBe('ready');
    const reviews = await pool.query(`select (select count(*) from "${schema}".reviews) = (select count(*) from public.reviews) as same`);
    expect(reviews.rows[0].same).toBe(true);
    const after = await pool.query(`select count(*)::int as n from "${schema}".products`);
    expect(after.rows[0].n).toBe(before.rows[0].n);

    const deleted = await tenants('delete', schema);
    expect(deleted.code, deleted.stdout + deleted.stderr).toBe(0);
    const gone = await pool.query('select (select count(*) from pg_namespace where nspname = $1) + (select count(*) from gateway.api_clients where schema_name = $1) as n', [
      schema,
    ]);
    expect(Number(gone.rows[0].n)).toBe(0);

    const again = await tenants('delete', schema);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`No API client with schema "${schema}"`);

    const remaining = await tenants('list');
    expect(remaining.stdout).not.toContain(schema);
    expect(remaining.stdout).toContain(secondSchema);
    expect(remaining.stdout).toContain('1 client');
  });

  it.each([[['frob']], [[]], [['reset']], [['list', 'extra']]])('a bad command line %j exits 1 with the usage', async (args) => {
    const run = await tenants(...args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Usage: npm run tenants -- <command>');
    expect(run.stdout).toBe('');
  });
});
