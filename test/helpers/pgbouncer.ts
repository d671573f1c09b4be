import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What every app of the PgBouncer pass (vitest.pgbouncer.config.mts) is configured with, in-process
 * or a child server process: PgBouncer 1.18 cannot keep protocol-level prepared statements.
 */
export const pgbouncerPassEnv: Record<string, string> = process.env.TEST_PGBOUNCER === '1' ? { DATABASE_PREPARED_STATEMENTS: 'false' } : {};

/** PGBOUNCER, or Debian's package's (in /usr/sbin, often not on a non-root PATH), or PATH's. */
const BINARY = process.env.PGBOUNCER || (existsSync('/usr/sbin/pgbouncer') ? '/usr/sbin/pgbouncer' : 'pgbouncer');

export interface PgBouncer {
  /** `serverUrl` with its host and port swapped for PgBouncer's (same user, password and database). */
  through(serverUrl: string): string;
  /** PgBouncer's admin console (the `pgbouncer` virtual database): `SHOW POOLS`, `SHOW STATS`. */
  adminUrl: string;
  pid: number;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolveAccepts) => {
    const socket = new Socket();
    socket.once('connect', () => (socket.destroy(), resolveAccepts(true)));
    socket.once('error', () => (socket.destroy(), resolveAccepts(false)));
    socket.connect(port, '127.0.0.1');
  });
}

const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;

/**
 * A PgBouncer in transaction pooling mode in front of the PostgreSQL of `serverUrl`, on a loopback
 * port of its own, with a wildcard database entry: any database of that server (every test file's
 * scratch database) is reached through it by the same name. Clients log in with the server's own
 * user and password (SCRAM, checked against the auth file), and PgBouncer logs in to PostgreSQL
 * with them. PgBouncer refuses to run as root: as root it runs as `postgres` (`-u`).
 */
export async function startPgBouncer(serverUrl: string): Promise<PgBouncer> {
  const server = new URL(serverUrl);
  const user = decodeURIComponent(server.username);
  const password = decodeURIComponent(server.password);
  const dir = await mkdtemp(join(tmpdir(), 'sandbox-gateway-pgbouncer-'));
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  await writeFile(join(dir, 'users.txt'), `${quote(user)} ${quote(password)}\n`, { mode: 0o600 });
  await writeFile(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      `* = host=${server.hostname} port=${server.port}`,
      '[pgbouncer]',
      'pool_mode = transaction',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = scram-sha-256',
      `auth_file = ${join(dir, 'users.txt')}`,
      `admin_users = ${user}`,
      // Enough for two test workers' apps (pool, ORM, provisioning pool, each per scratch database).
      'max_client_conn = 500',
      'default_pool_size = 20',
      'max_db_connections = 60',
      // pg sends statement_timeout as a startup parameter, which PgBouncer 1.18 refuses; dropping
      // it only drops the backstop: the request deadline's CancelRequest still goes through.
      'ignore_startup_parameters = statement_timeout',
      // A dropped scratch database's server connections are gone: do not keep retrying them.
      'server_login_retry = 1',
      'log_connections = 0',
      'log_disconnections = 0',
      '',
    ].join('\n'),
  );
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    await chmod(dir, 0o700);
    for (const file of [dir, join(dir, 'users.txt'), join(dir, 'pgbouncer.ini')]) await chown(file, uid, gid);
  }
  const child: ChildProcess = spawn(BINARY, [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], { stdio: ['ignore', 'ignore', 'pipe'] });
  const lines: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => {
    lines.push(chunk.toString());
    if (lines.length > 50) lines.shift();
  });
  const exited = once(child, 'exit');
  const failed = (why: string) => new Error(`pgbouncer ${why}:\n${lines.join('')}`);
  const spawnError = once(child, 'error').then(([error]) => {
    throw failed(`did not start (${String(error)})`);
  });
  spawnError.catch(() => {});
  for (let waited = 0; !(await accepts(port)); waited += 50) {
    if (child.exitCode !== null) throw failed(`exited with ${child.exitCode}`);
    if (waited > 10_000) {
      child.kill('SIGKILL');
      throw failed('did not listen within 10 s');
    }
    await Promise.race([sleep(50), spawnError]);
  }
  const through = (url: string) => {
    const routed = new URL(url);
    routed.hostname = '127.0.0.1';
    routed.port = String(port);
    routed.searchParams.delete('host'); // a Unix socket directory would bypass it
    return routed.toString();
  };
  const admin = new URL(through(serverUrl));
  admin.pathname = '/pgbouncer';
  return {
    through,
    adminUrl: admin.toString(),
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM'); // immediate shutdown (SIGINT would wait for every client to leave)
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
