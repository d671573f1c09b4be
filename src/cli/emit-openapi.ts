/**
 * `npm run openapi`: builds the app against a throwaway database and writes
 * `schema/openapi.json`, the document served at `/docs/json`. The database is
 * an embedded PostgreSQL in a temporary folder, or a scratch database created
 * on the server of `DATABASE_URL` when that is set; either is gone afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { buildApp } from '../app';
import { loadConfig } from '../config';
import { openDatabase } from '../db/connect';
import { createScratchDatabase } from '../db/scratch-database';
import { startEmbeddedPostgres } from '../db/embedded-postgres';
import { openapiJson } from '../rest/docs.plugin';

const target = resolve(__dirname, '../../schema/openapi.json');

interface Scratch {
  url: string;
  dispose(): Promise<void>;
}

async function scratchDatabase(serverUrl: string | undefined, dataDir: string): Promise<Scratch> {
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres(dataDir);
    return { url: embedded.url, dispose: () => embedded.stop() };
  }
  const database = await createScratchDatabase(serverUrl);
  return { url: database.url, dispose: database.drop };
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'sandbox-gateway-openapi-'));
  const scratch = await scratchDatabase(process.env.DATABASE_URL || undefined, dataDir);
  try {
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: dataDir,
      DATABASE_URL: scratch.url,
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
    });
    const { pool, orm } = await openDatabase(scratch.url, config, 2);
    const app = await buildApp({ config, orm, pool, databaseUrl: scratch.url, resumeProvisioning: false });
    try {
      await app.ready();
      const text = openapiJson(app.swagger());
      await mkdir(resolve(target, '..'), { recursive: true });
      await writeFile(target, text);
      const document = JSON.parse(text) as { paths: Record<string, Record<string, unknown>> };
      const operations = Object.values(document.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
      console.log(`wrote ${relative(process.cwd(), target)}: ${Object.keys(document.paths).length} paths, ${operations} operations`);
    } finally {
      await app.close();
    }
  } finally {
    await scratch.dispose();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error('[openapi] failed:', error);
  process.exit(1);
});
