import { defineConfig } from 'vitest/config';
import base from './vitest.config.mts';

/**
 * The PgBouncer pass (`npm run test:pgbouncer`, issue 17): the REST, GraphQL, tenancy and hardening
 * suites with every app's DATABASE_URL going through a PgBouncer 1.18 in transaction pooling mode
 * (test/helpers/pgbouncer.ts, started by the global setup), prepared statements off. Creating and
 * dropping the scratch databases goes to PostgreSQL directly.
 */
process.env.TEST_PGBOUNCER = '1'; // read by the global setup and, inherited, by the test workers
process.env.DATABASE_PREPARED_STATEMENTS = 'false';

/** The only tests left out of the pass: they cannot hold through a transaction pooler by their nature. */
export const notThroughPgBouncer: Record<string, string> = {
  'test/hardening/faults-outage.test.ts': 'stops and restarts a PostgreSQL of its own, which its app reaches directly: nothing of it would go through PgBouncer',
};

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ['test/pgbouncer/**/*.test.ts', 'test/rest/**/*.test.ts', 'test/graphql/**/*.test.ts', 'test/tenancy/**/*.test.ts', 'test/hardening/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...Object.keys(notThroughPgBouncer)],
  },
});
