import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';

export interface BenchDatabase {
  serverUrl: string;
  /** A new empty database on the server. */
  create(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** BENCH_DATABASE_URL's server, or a throwaway embedded one. */
export async function startBenchDatabase(): Promise<BenchDatabase> {
  let serverUrl = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'sandbox-gateway-bench-'));
    const database = await startEmbeddedPostgres(dataDir);
    serverUrl = database.url;
    stop = async () => {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const url = serverUrl;
  return {
    serverUrl: url,
    async create(name) {
      const client = new Client({ connectionString: url });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.query(`create database "${name}"`);
      await client.end();
      const databaseUrl = new URL(url);
      databaseUrl.pathname = `/${name}`;
      return databaseUrl.toString();
    },
    stop,
  };
}
