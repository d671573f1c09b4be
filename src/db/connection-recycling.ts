/**
 * A backend keeps a catalog cache entry for every table, index and type it has touched, and never
 * gives it back: a pooled connection that serves every client of a thousand grows by each client's
 * 42 relations (bench/tenancy). Recycling a connection after a bound on its uses bounds what any one
 * backend can have touched, and so its memory, whatever the number of clients; the new connection
 * costs one backend start per DATABASE_CONNECTION_MAX_USES requests.
 */

const USES = Symbol('uses');

/**
 * knex's `pool.validate`, which its pool asks before it hands out an idle connection: false (the
 * connection is destroyed and another made) once the connection has been handed out `maxUses`
 * times. 0: never recycled.
 */
export function underMaxUses(maxUses: number): ((connection: object) => boolean) | undefined {
  if (maxUses <= 0) return undefined;
  return (connection) => {
    const counted = connection as { [USES]?: number };
    counted[USES] = (counted[USES] ?? 0) + 1;
    return counted[USES] <= maxUses;
  };
}
