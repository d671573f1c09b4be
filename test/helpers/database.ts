import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-database';

export interface TestDatabase extends ScratchDatabase {
  /**
   * The same database on PostgreSQL itself, never through PgBouncer: what needs a session of its
   * own (the Api-Key cache's LISTEN). `url` itself in the ordinary pass.
   */
  directUrl?: string;
}

/**
 * A fresh, empty database on the test server, so test files never share state. In the PgBouncer
 * pass its `url` goes through PgBouncer; creating and dropping it go to PostgreSQL directly.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const database = await createScratchDatabase(inject('serverUrl'), `test_${randomBytes(6).toString('hex')}`);
  const pgbouncer = inject('pgbouncer');
  if (!pgbouncer) return { ...database, directUrl: database.url };
  const routed = new URL(database.url);
  routed.hostname = '127.0.0.1';
  routed.port = String(pgbouncer.port);
  routed.searchParams.delete('host'); // a Unix socket directory would bypass PgBouncer
  return { ...database, url: routed.toString(), directUrl: database.url };
}
