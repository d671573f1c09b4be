import type { Configuration } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { escapeIdentifier, type Pool, type PoolClient } from 'pg';
import { migrations as checkedInMigrations } from '../../migrations';
import { inTransaction } from './transaction';

/**
 * MikroORM 6 cannot point its migrator at a given schema (STACK.md), so the
 * checked-in migrations are generated as unqualified SQL and applied here, per
 * schema, inside one transaction that starts with `SET LOCAL search_path`
 * (transaction-scoped: nothing leaks into pooled connections). Each schema
 * records what it has applied in its own `mikro_orm_migrations` table, the
 * table MikroORM's migrator uses.
 */

export type MigrationClass = new (driver: never, config: Configuration) => Migration;
export interface MigrationScript {
  name: string;
  statements: string[];
}

/** Migrations only call `addSql` with strings, so their SQL can be read without a database. */
export async function readMigrationScripts(
  list: Array<{ name: string; migration: MigrationClass }> = checkedInMigrations,
): Promise<MigrationScript[]> {
  return Promise.all(
    list.map(async ({ name, migration }) => {
      const instance = new migration(undefined as never, undefined as unknown as Configuration);
      await instance.up();
      const statements = instance.getQueries().map((query) => {
        if (typeof query !== 'string') throw new Error(`migration ${name}: only string SQL is supported`);
        return query;
      });
      return { name, statements };
    }),
  );
}

let cachedScripts: Promise<MigrationScript[]> | undefined;
export function migrationScripts(): Promise<MigrationScript[]> {
  return (cachedScripts ??= readMigrationScripts());
}

const createTrackingTable =
  'create table if not exists "mikro_orm_migrations" ("id" serial primary key, "name" varchar(255), "executed_at" timestamptz default current_timestamp)';

/** Applies the pending scripts to `schema` on a client that is already inside a transaction. */
export async function applyMigrationsInTransaction(client: PoolClient, schema: string, scripts: MigrationScript[]): Promise<string[]> {
  // Two processes migrating one schema at once queue here instead of racing.
  await client.query('select pg_advisory_xact_lock(hashtext($1))', [`migrate:${schema}`]);
  await client.query(`create schema if not exists ${escapeIdentifier(schema)}`);
  await client.query(`set local search_path to ${escapeIdentifier(schema)}`);
  await client.query(createTrackingTable);
  const { rows } = await client.query<{ name: string }>('select name from mikro_orm_migrations');
  const done = new Set(rows.map((row) => row.name));
  const applied: string[] = [];
  for (const script of scripts) {
    if (done.has(script.name)) continue;
    for (const statement of script.statements) await client.query(statement);
    await client.query('insert into mikro_orm_migrations (name) values ($1)', [script.name]);
    applied.push(script.name);
  }
  await client.query('set local search_path to default');
  return applied;
}

/** Applies every pending migration to one schema, atomically. Returns the names applied. */
export async function migrateSchema(pool: Pool, schema: string, scripts?: MigrationScript[]): Promise<string[]> {
  const all = scripts ?? (await migrationScripts());
  return inTransaction(pool, (client) => applyMigrationsInTransaction(client, schema, all));
}

/** Names of the migrations a schema still lacks (all of them when it has never been migrated). */
export async function pendingMigrations(pool: Pool, schema: string, scripts?: MigrationScript[]): Promise<string[]> {
  const all = scripts ?? (await migrationScripts());
  const { rows } = await pool.query<{ exists: boolean }>('select to_regclass($1) is not null as exists', [
    `${escapeIdentifier(schema)}.mikro_orm_migrations`,
  ]);
  if (!rows[0].exists) return all.map((script) => script.name);
  const applied = await pool.query<{ name: string }>(`select name from ${escapeIdentifier(schema)}.mikro_orm_migrations`);
  const done = new Set(applied.rows.map((row) => row.name));
  return all.map((script) => script.name).filter((name) => !done.has(name));
}
