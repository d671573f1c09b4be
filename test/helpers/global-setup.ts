import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded-postgres';
import { chromiumExecutable } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server every test file creates its own databases on. */
    serverUrl: string;
  }
}

/** One PostgreSQL server for the run: the embedded one, or TEST_DATABASE_URL's. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Unpacked here, once: browser suites in two workers would otherwise both write the same file.
  await chromiumExecutable();
  if (process.env.TEST_DATABASE_URL) {
    project.provide('serverUrl', process.env.TEST_DATABASE_URL);
    return async () => {};
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'sandbox-gateway-test-'));
  const database: EmbeddedDatabase = await startEmbeddedPostgres(dataDir);
  project.provide('serverUrl', database.url);
  return async () => {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
