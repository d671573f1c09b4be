/**
 * A backend keeps a catalog cache entry for every table, index and type it has touched, and never
 * gives it back: one pooled connection that read each of 1,000 clients grew from 6 MB to 101 MB
 * (bench/tenancy). So a request connection is replaced once it has served
 * DATABASE_CONNECTION_MAX_SCHEMAS distinct schemas, which bounds every backend's catalog memory
 * whatever the number of clients. Counting schemas rather than uses keeps the caches that serve:
 * a connection busy with the same clients lives on; only one that roams over more clients than
 * the bound starts again (and reads each client's catalog entries afresh, which is what costs).
 */

const SCHEMAS = Symbol('schemas');

type Noted = { [SCHEMAS]?: Set<string> };

/** `connection` is about to run a statement in `schema` (src/db/statement-batch.ts, for every pooled read and write). */
export function noteSchema(connection: object, schema: string): void {
  ((connection as Noted)[SCHEMAS] ??= new Set()).add(schema);
}

/**
 * knex's `pool.validate`, which its pool asks before it hands out an idle connection: false (the
 * connection is destroyed and another made) once it has served more than `maxSchemas` schemas.
 * 0: never replaced.
 */
export function underMaxSchemas(maxSchemas: number): ((connection: object) => boolean) | undefined {
  if (maxSchemas <= 0) return undefined;
  return (connection) => ((connection as Noted)[SCHEMAS]?.size ?? 0) <= maxSchemas;
}
