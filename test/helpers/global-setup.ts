import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres';
import { chromiumExecutable } from './browser';
import { startPgBouncer, type PgBouncer } from './pgbouncer';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server every test file creates its own databases on. */
    serverUrl: string;
    /** The PgBouncer pass (TEST_PGBOUNCER=1, `npm run test:pgbouncer`): apps reach their databases through it. */
    pgbouncer: { adminUrl: string; port: number } | undefined;
  }
}

/**
 * One PostgreSQL server for the run: the embedded one, or TEST_DATABASE_URL's; with
 * TEST_PGBOUNCER=1 also a PgBouncer in transaction mode in front of it (test/helpers/pgbouncer.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Unpacked here, once: browser suites in two workers would otherwise both write the same file.
  await chromiumExecutable();
  let database: EmbeddedDatabase | undefined;
  let dataDir: string | undefined;
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    dataDir = await mkdtemp(join(tmpdir(), 'sandbox-gateway-test-'));
    database = await startEmbeddedPostgres(dataDir);
    serverUrl = database.url;
  }
  project.provide('serverUrl', serverUrl);
  let pgbouncer: PgBouncer | undefined;
  try {
    if (process.env.TEST_PGBOUNCER === '1') pgbouncer = await startPgBouncer(serverUrl);
  } catch (error) {
    await database?.stop();
    throw error;
  }
  project.provide('pgbouncer', pgbouncer && { adminUrl: pgbouncer.adminUrl, port: Number(new URL(pgbouncer.adminUrl).port) });
  return async () => {
    await pgbouncer?.stop();
    await database?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
