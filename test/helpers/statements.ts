import type { FastifyInstance } from 'fastify';
import { STATEMENT_SEPARATOR } from '../../src/db/statement-batch';

export interface StatementLog {
  /** Every SQL statement, in the order sent. */
  statements: string[];
  /** Messages sent to PostgreSQL: a batch of statements issued together is one. */
  roundTrips: number;
}

/** The SQL the app's ORM connection sends while `work` runs (counts are the property, never the time). */
export async function statementsDuring(app: FastifyInstance, work: () => Promise<unknown>): Promise<StatementLog> {
  const log: StatementLog = { statements: [], roundTrips: 0 };
  const listener = (query: { sql: string }) => {
    log.roundTrips++;
    log.statements.push(...query.sql.split(STATEMENT_SEPARATOR));
  };
  const knex = app.orm.em.getKnex();
  knex.on('query', listener);
  try {
    await work();
  } finally {
    knex.off('query', listener);
  }
  return log;
}
