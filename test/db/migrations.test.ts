import { MikroORM } from '@mikro-orm/core';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema, migrationScripts, pendingMigrations } from '../../src/db/migrations';
import { ormOptions } from '../../src/db/orm';
import { createPool } from '../../src/db/pool';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

/** A schema's tables, columns, constraints and indexes, comparable across schemas. */
async function describeSchema(pool: Pool, schema: string): Promise<string[]> {
  const { rows } = await pool.query<{ line: string }>(
    `select format('column %s.%s %s %s %s', c.table_name, c.column_name, c.data_type, c.is_nullable, regexp_replace(coalesce(c.column_default, ''), '"?' || $1 || '"?\\.', '', 'g')) as line
       from information_schema.columns c where c.table_schema = $1
     union all
     select format('constraint %s %s %s', con.conrelid::regclass::text, con.conname, pg_get_constraintdef(con.oid))
       from pg_constraint con join pg_namespace n on n.oid = con.connamespace where n.nspname = $1
     union all
     select format('index %s %s', i.tablename, regexp_replace(i.indexdef, '"?' || $1 || '"?\\.', '', 'g'))
       from pg_indexes i where i.schemaname = $1
     order by 1`,
    [schema],
  );
  return rows.map((row) => row.line.replaceAll(`${schema}.`, '').replaceAll(`"${schema}".`, ''));
}

describe('migrations', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = createPool(database.url);
  });
  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  it('applies every checked-in migration to public once', async () => {
    const scripts = await migrationScripts();
    expect(scripts.length).toBeGreaterThan(0);
    expect(await pendingMigrations(pool, 'public')).toEqual(scripts.map((script) => script.name));
    expect(await migrateSchema(pool, 'public')).toEqual(scripts.map((script) => script.name));
    expect(await migrateSchema(pool, 'public')).toEqual([]);
    expect(await pendingMigrations(pool, 'public')).toEqual([]);
  });

  it('builds an identical schema anywhere, without touching the pooled connections search_path', async () => {
    await Promise.all([migrateSchema(pool, 'client_a'), migrateSchema(pool, 'client_a'), migrateSchema(pool, 'client_b')]);
    const publicShape = await describeSchema(pool, 'public');
    expect(publicShape.length).toBeGreaterThan(50);
    expect(await describeSchema(pool, 'client_a')).toEqual(publicShape);
    expect(await describeSchema(pool, 'client_b')).toEqual(publicShape);
    const { rows } = await pool.query<{ search_path: string }>('show search_path');
    expect(rows[0].search_path).toBe('"$user", public');
  });

  it('leaves nothing behind when a migration fails half-way', async () => {
    const broken = [{ name: 'Broken', statements: ['create table half_done (id int)', 'select * from no_such_table'] }];
    await expect(migrateSchema(pool, 'client_broken', broken)).rejects.toThrow(/no_such_table/);
    const { rows } = await pool.query("select 1 from pg_namespace where nspname = 'client_broken'");
    expect(rows).toHaveLength(0);
  });

  it('matches the entities: the schema generator finds nothing to change', async () => {
    const orm = await MikroORM.init(ormOptions({ databaseUrl: database.url, unqualified: true }));
    try {
      const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true, schema: 'public' });
      expect(diff.trim()).toBe('');
    } finally {
      await orm.close();
    }
  });
});
