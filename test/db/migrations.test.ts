import { MikroORM } from '@mikro-orm/core';
import type { Pool } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateSchema, migrationScripts, pendingMigrations } from '../../src/db/migrations';
import { ormOptions } from '../../src/db/orm';
import { createPool } from '../../src/db/pool';
import { describeSchema } from '../helpers/catalog';
import { createTestDatabase, type TestDatabase } from '../helpers/database';

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
