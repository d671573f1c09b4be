/**
 * `npm run migrate [-- --concurrency N]`: applies pending migrations to the
 * control plane, to `public`, then to every ready client schema (DESIGN §4),
 * with a progress bar on a terminal (a line per schema otherwise) and a
 * per-schema summary. Exits 1 if any schema failed; a re-run resumes.
 *
 * Also the home of what the operator CLIs share: reaching the database the
 * server uses, and printing tables.
 */
import { SingleBar } from 'cli-progress';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadConfigOrExit, type Config } from '../config';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { createPool, DDL_CONNECTION_MAX_USES } from '../db/pool';
import { migrateControlPlane } from './control-plane';
import { migrateAllSchemas, type MigrateReport, type SchemaMigrateResult } from './migrate-all';

export interface CliDatabase {
  url: string;
  /** Stops the embedded PostgreSQL if this process started it; otherwise nothing. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL, or the embedded PostgreSQL in DATA_DIR. When a server is already
 * running on that data dir its postmaster is used as is: starting another one
 * would treat the live postmaster as stale and stop it under the server.
 */
export async function openCliDatabase(config: Config, log: (message: string) => void): Promise<CliDatabase> {
  if (config.databaseUrl) return { url: config.databaseUrl, stop: async () => {} };
  const running = await runningEmbeddedUrl(config.dataDir);
  if (running) {
    log(`using the embedded PostgreSQL already running in ${config.dataDir}`);
    return { url: running, stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres(config.dataDir, log);
  return embedded;
}

async function runningEmbeddedUrl(dataDir: string): Promise<string | undefined> {
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  const passwordFile = join(dataDir, 'pg-password');
  if (!existsSync(pidFile) || !existsSync(passwordFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const port = Number(lines[3]);
  if (!Number.isInteger(port) || port <= 0) return undefined;
  const password = readFileSync(passwordFile, 'utf8').trim();
  const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const probe = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    await probe.query('select 1');
    return url;
  } catch {
    return undefined;
  } finally {
    await probe.end().catch(() => {});
  }
}

/** A plain-text table: a header, a rule, then the rows, columns padded to their widest cell. */
export function renderTable(headers: string[], rows: Array<Array<string | number>>): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => String(cell)))];
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(cells[0]), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

function parseConcurrency(argv: string[]): number {
  let raw = process.env.MIGRATE_CONCURRENCY ?? '4';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--concurrency' || arg === '-c') raw = argv[++i] ?? '';
    else if (arg.startsWith('--concurrency=')) raw = arg.slice('--concurrency='.length);
    else {
      console.error(`Unknown argument: ${arg}\nUsage: npm run migrate [-- --concurrency N]`);
      process.exit(1);
    }
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 64) {
    console.error(`--concurrency must be an integer between 1 and 64, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

function describe(result: SchemaMigrateResult): string {
  if (result.error !== undefined) return `FAILED   ${result.schema}: ${result.error}`;
  return `migrated ${result.schema}: ${result.applied.join(', ')} (${Math.round(result.ms)} ms)`;
}

export function summarize(report: MigrateReport): string {
  const lines: string[] = [];
  const touched = report.schemas.filter((result) => result.error !== undefined || result.applied.length > 0);
  if (touched.length) {
    lines.push(
      renderTable(
        ['schema', 'result', 'applied', 'ms', 'error'],
        touched.map((result) => [
          result.schema,
          result.error !== undefined ? 'failed' : 'migrated',
          result.applied.join(', ') || '-',
          Math.round(result.ms),
          result.error ?? '',
        ]),
      ),
      '',
    );
  }
  lines.push(
    `${report.total} schemas (public + ${report.total - 1} clients): ${report.migrated} migrated, ${report.upToDate} up to date, ` +
      `${report.failed} failed; ${report.migrationsApplied} migrations applied in ${(report.ms / 1000).toFixed(2)} s`,
  );
  if (report.failed) lines.push('Some schemas failed: fix the cause and run `npm run migrate` again; it resumes with what is still pending.');
  return lines.join('\n');
}

async function main(): Promise<number> {
  const concurrency = parseConcurrency(process.argv.slice(2));
  const config = loadConfigOrExit();
  const say = (message: string) => console.log(`[migrate] ${message}`);
  const database = await openCliDatabase(config, say);
  const pool = createPool(database.url, { max: concurrency + 1, maxUses: DDL_CONNECTION_MAX_USES });
  try {
    const controlPlane = await migrateControlPlane(pool);
    if (controlPlane.length) say(`applied to gateway: ${controlPlane.join(', ')}`);

    const tty = process.stdout.isTTY === true;
    const bar = tty
      ? new SingleBar({ format: 'migrating [{bar}] {value}/{total} schemas | {schema}', stream: process.stdout, hideCursor: true })
      : undefined;
    const report = await migrateAllSchemas(pool, {
      concurrency,
      onPlan: ({ behind, checked }) => {
        say(`${checked} schemas checked, ${behind} behind`);
        if (behind) bar?.start(behind, 0, { schema: '' });
      },
      onProgress: ({ done, result }) => {
        if (bar) bar.update(done, { schema: result.schema });
        else console.log(describe(result));
      },
    });
    bar?.stop();
    console.log(summarize(report));
    return report.failed ? 1 : 0;
  } finally {
    await pool.end();
    await database.stop();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error) => {
      console.error('[migrate] failed:', error);
      process.exit(1);
    },
  );
}
