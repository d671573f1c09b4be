import { escapeIdentifier, type PoolClient } from 'pg';
import { withKeysDeferred } from '../db/deferred-keys';
import { applyMigrationsInTransaction, type MigrationScript } from '../db/migrations';

/** Login accounts are not shop data: a client gets only its owner's row. */
const OWNER_ONLY_TABLE = 'users';
/** Bookkeeping, not data: each schema's own (the usage counter counts the copy as it is inserted). */
const NOT_COPIED = new Set(['mikro_orm_migrations', 'sandbox_usage']);

/**
 * Builds `schema` as a copy of `public` inside the caller's transaction (DESIGN
 * §4): drop any previous version, apply every migration, copy each domain table
 * (with keys deferred, see deferred-keys.ts), copy the owner into `users`, and
 * move sequences past the copied ids. Tables are read from the catalog, so a new
 * entity is copied with no change here.
 */
export async function cloneSchemaFromPublic(
  client: PoolClient,
  schema: string,
  ownerId: number,
  scripts: MigrationScript[],
): Promise<Record<string, number>> {
  const target = escapeIdentifier(schema);
  await client.query(`drop schema if exists ${target} cascade`);
  await applyMigrationsInTransaction(client, schema, scripts);

  const { rows: tables } = await client.query<{ table: string; columns: string[] }>(
    `select c.relname as table, array_agg(a.attname::text order by a.attnum) as columns
       from pg_class c
       join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
      where c.relnamespace = (select oid from pg_namespace where nspname = $1) and c.relkind = 'r'
      group by c.relname order by c.relname`,
    [schema],
  );

  const copied: Record<string, number> = {};
  await withKeysDeferred(client, schema, async () => {
    for (const { table, columns } of tables) {
      if (NOT_COPIED.has(table)) continue;
      const list = columns.map(escapeIdentifier).join(', ');
      const from = `public.${escapeIdentifier(table)}`;
      const where = table === OWNER_ONLY_TABLE ? ' where id = $1' : '';
      const result = await client.query(
        `insert into ${target}.${escapeIdentifier(table)} (${list}) select ${list} from ${from}${where}`,
        where ? [ownerId] : [],
      );
      copied[table] = result.rowCount ?? 0;
    }
  });

  // Every serial id continues after the copied ids, as in public.
  for (const { table, columns } of tables) {
    if (!columns.includes('id') || NOT_COPIED.has(table)) continue;
    const qualified = `${target}.${escapeIdentifier(table)}`;
    await client.query(
      `select setval(seq, coalesce((select max(id) from ${qualified}), 0) + 1, false)
         from pg_get_serial_sequence($1, 'id') as seq where seq is not null`,
      [qualified],
    );
  }
  return copied;
}
