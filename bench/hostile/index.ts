import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Client } from 'pg';
import { generousCallerLimits } from '../../test/helpers/generous-limits';
import { startServerProcess, type ServerProcess } from '../../test/helpers/server-process';
import { startBenchDatabase, type BenchDatabase } from '../lib/database';
import type { Benchmark, BenchRow } from '../lib/harness';
import { hostileRequests, type HostileRequest } from '../lib/hostile-requests';

/** An older checkout (with its own node_modules) to measure beside this one: what each request cost before. */
const BEFORE_DIR = process.env.BENCH_BEFORE_DIR;
const TIMEOUT_MS = Number(process.env.HOSTILE_TIMEOUT_MS ?? 20_000);
const PASSWORD = 'correct horse battery staple';

/** What one request cost: the server's answer, its statements and rows in PostgreSQL, its time, the server's memory. */
interface Cost {
  status: string;
  ms: number;
  bytes: number;
  statements: number;
  rows: number;
  /** The server's resident memory after the request, and the most it ever held (VmHWM), in MB. */
  rssMb: number;
  peakMb: number;
}

/** The benign request every cost is set against: workload W (a page of 20 with category, tags and 3 reviews each). */
const BENIGN: HostileRequest = {
  name: 'benign: workload W',
  limit: 'baseline',
  method: 'POST',
  path: '/graphql',
  body: { query: '{ products(pageSize: 20) { totalCount items { id name price category { name } tags { name } reviews(pageSize: 3) { rating } } } }' },
  expect: { status: 200 },
};

function memory(pid: number): { rssMb: number; peakMb: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return { rssMb: 0, peakMb: 0 };
  }
}

function send(url: string, attack: HostileRequest): Promise<{ status: string; bytes: number }> {
  const body = attack.body === undefined ? undefined : typeof attack.body === 'string' ? attack.body : JSON.stringify(attack.body);
  return new Promise((resolve) => {
    const req = httpRequest(new URL(attack.path, url), {
      method: attack.method,
      headers: { ...(attack.headers ?? {}), ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) },
      timeout: TIMEOUT_MS,
    });
    req.on('response', (res) => {
      let bytes = 0;
      let text = '';
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (text.length < 2000) text += chunk;
      });
      res.on('end', () => {
        const code = /"code":"([A-Z_]+)"/.exec(text)?.[1];
        resolve({ status: `${res.statusCode}${code ? ` ${code}` : ''}`, bytes });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: error.message === 'timeout' ? `no answer in ${TIMEOUT_MS / 1000} s` : `connection ${error.message}`, bytes: 0 }));
    req.end(body);
  });
}

/** One checkout's server on a fresh database, with an account to attack from; restarted when a request kills it. */
class Subject {
  private server!: ServerProcess;
  private headers: Record<string, string> = {};
  private emails = 0;
  private databaseOid = 0;
  private databaseUrl = '';

  constructor(
    readonly label: string,
    private readonly cwd: string | undefined,
    private readonly database: BenchDatabase,
    private readonly stats: Client,
  ) {}

  email = () => `hostile.${this.label}.${process.pid}.${++this.emails}@example.com`;

  async start(): Promise<void> {
    if (!this.databaseUrl) {
      const name = `bench_hostile_${this.label}`;
      this.databaseUrl = await this.database.create(name);
      this.databaseOid = (await this.stats.query<{ oid: number }>('select oid::int from pg_database where datname = $1', [name])).rows[0].oid;
    }
    this.server = await startServerProcess(
      { DATABASE_URL: this.databaseUrl, DATA_DIR: '/nonexistent-hostile-data-dir', JWT_SECRET: 'hostile-secret-hostile-secret-0123456789', ACCESS_TOKEN_LIFETIME: '86400', MAX_EVENT_LOOP_DELAY_MS: '60000', ...generousCallerLimits },
      { cwd: this.cwd },
    );
    const post = async (path: string, body: unknown, headers: Record<string, string> = {}) =>
      (await (await fetch(new URL(path, this.server.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })).json()) as any;
    const email = this.email();
    const { client } = await post('/api/auth/register/', { email, password: PASSWORD });
    const { access } = await post('/api/token/', { email, password: PASSWORD }, { 'api-key': client.api_key });
    this.headers = { authorization: `Bearer ${access}`, 'api-key': client.api_key };
  }

  attacks(): HostileRequest[] {
    return [BENIGN, ...hostileRequests({ headers: this.headers, email: this.email })].map((attack) => ({ ...attack, headers: { ...this.headers, ...(attack.headers ?? {}) } }));
  }

  /** Sends `attack` twice (a document seen twice is compiled; that killed servers before) and measures the second. */
  async measure(attack: HostileRequest): Promise<Cost> {
    await send(this.server.url, attack);
    await this.stats.query('select pg_stat_statements_reset(0, $1, 0)', [this.databaseOid]);
    const started = performance.now();
    const answer = await send(this.server.url, attack);
    const ms = performance.now() - started;
    const { rows } = await this.stats.query<{ calls: number; rows: number }>(
      `select coalesce(sum(calls), 0)::int as calls, coalesce(sum(rows), 0)::int as rows from pg_stat_statements
        where dbid = $1 and query not ilike '%pg_stat_statements%'`,
      [this.databaseOid],
    );
    const cost = { ...answer, ms, statements: rows[0].calls, rows: rows[0].rows, ...memory(this.server.child.pid!) };
    if (!(await this.alive())) {
      cost.status += ' (server dead or hung: restarted)';
      await this.server.stop('SIGKILL').catch(() => {});
      await this.start();
    }
    return cost;
  }

  private async alive(): Promise<boolean> {
    if (this.server.child.exitCode !== null) return false;
    return (await send(this.server.url, { name: 'probe', limit: '', method: 'GET', path: '/healthz', expect: { status: 200 } })).status === '200';
  }

  async stop(): Promise<void> {
    await this.server?.stop().catch(() => {});
  }
}

/**
 * `npm run bench hostile`: every request of bench/lib/hostile-requests.ts against this server (and,
 * with BENCH_BEFORE_DIR, against an older checkout's), each measured as its second sending: answer,
 * time, statements and rows PostgreSQL ran (pg_stat_statements), the server's memory. The baseline is
 * the benign workload-W query in the same run: a refused request should cost a fraction of it.
 */
export const hostileBenchmark: Benchmark = {
  name: 'hostile',
  async run(): Promise<BenchRow[]> {
    const database = await startBenchDatabase(['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all']);
    const stats = new Client({ connectionString: database.serverUrl });
    await stats.connect();
    await stats.query('create extension if not exists pg_stat_statements');
    const subjects = [new Subject('now', undefined, database, stats), ...(BEFORE_DIR ? [new Subject('before', BEFORE_DIR, database, stats)] : [])];
    const rows: BenchRow[] = [];
    const table: Record<string, Record<string, string>> = {};
    try {
      for (const subject of subjects) {
        await subject.start();
        let benign: Cost | undefined;
        for (const attack of subject.attacks()) {
          const cost = await subject.measure(attack);
          benign ??= cost;
          (table[attack.name] ??= {})[subject.label] =
            `${cost.status}; ${cost.ms.toFixed(0)} ms; ${cost.statements} stmts, ${cost.rows} rows; ${(cost.bytes / 1024).toFixed(1)} KB; rss ${cost.rssMb.toFixed(0)} MB (peak ${cost.peakMb.toFixed(0)})`;
          rows.push({
            case: `${subject.label}: ${attack.name}`,
            subject: `${cost.status}, ${cost.statements} statements`,
            subjectValue: cost.ms,
            baseline: 'workload W',
            baselineValue: benign.ms,
            unit: 'ms',
            ratio: cost.ms / benign.ms,
          });
        }
        await subject.stop();
      }
      for (const [name, bySubject] of Object.entries(table)) {
        console.log(`\n${name}`);
        for (const [label, line] of Object.entries(bySubject)) console.log(`  ${label.padEnd(7)} ${line}`);
      }
      return rows;
    } finally {
      for (const subject of subjects) await subject.stop();
      await stats.end();
      await database.stop();
    }
  },
};
