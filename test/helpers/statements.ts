import type { FastifyInstance } from 'fastify';

/** The SQL statements the app's ORM connection sends while `work` runs (the count is the property, never the time). */
export async function statementsDuring(app: FastifyInstance, work: () => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  const listener = (query: { sql: string }) => statements.push(query.sql);
  const knex = app.orm.em.getKnex();
  knex.on('query', listener);
  try {
    await work();
  } finally {
    knex.off('query', listener);
  }
  return statements;
}
