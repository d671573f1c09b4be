/**
 * `npm run migration:create [name]`: diffs the entities against a scratch
 * database built from the checked-in migrations and writes the difference as a
 * new migration of unqualified SQL (see migrations.ts for why unqualified).
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrateSchema } from './migrations';
import { ormOptions } from './orm';
import { createPool } from './pool';

const migrationsDir = resolve(__dirname, '../../migrations');

async function writeIndex(): Promise<void> {
  const files = (await readdir(migrationsDir)).filter((file) => /^Migration\d+.*\.ts$/.test(file)).sort();
  const names = files.map((file) => basename(file, '.ts'));
  const lines = [
    '// The ordered list of migrations, maintained by `npm run migration:create`.',
    ...names.map((name) => `import { ${name} } from './${name}';`),
    '',
    'export const migrations = [',
    ...names.map((name) => `  { name: '${name}', migration: ${name} },`),
    '];',
    '',
  ];
  await writeFile(join(migrationsDir, 'index.ts'), lines.join('\n'));
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sandbox-gateway-migration-'));
  const database = await startEmbeddedPostgres(dataDir);
  try {
    const pool = createPool(database.url);
    await migrateSchema(pool, 'public');
    await pool.end();
    const orm = await MikroORM.init({ ...ormOptions({ databaseUrl: database.url, unqualified: true }), extensions: [Migrator] });
    const result = await orm.getMigrator().createMigration(migrationsDir, false, false, process.argv[2]);
    await orm.close();
    if (!result.fileName) {
      console.log('No changes: the entities match the migrations.');
      return;
    }
    await writeIndex();
    console.log(`Wrote migrations/${result.fileName} (${result.diff.up.length} statements) and migrations/index.ts`);
  } finally {
    await database.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
