import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../../src/db/scratch-database';

export type TestDatabase = ScratchDatabase;

/** A fresh, empty database on the test server, so test files never share state. */
export function createTestDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(inject('serverUrl'), `test_${randomBytes(6).toString('hex')}`);
}
