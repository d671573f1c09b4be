import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { createScratchDatabase } from '../../src/db/scratch-database';

export interface BenchDatabase {
  serverUrl: string;
  /** A new empty database on the server. */
  create(name: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL's server, or a throwaway embedded one reached over its Unix socket, as `npm start`
 * reaches it (BENCH_DATABASE_TCP=1: over TCP loopback instead; BENCH_PG_SETTINGS: more `-c` settings).
 * Every subject of a benchmark gets the same URL.
 */
export async function startBenchDatabase(given: string[] = []): Promise<BenchDatabase> {
  // BENCH_PG_SETTINGS: more server settings for a comparison (`plan_cache_mode=force_generic_plan`, comma-separated).
  const settings = [...given, ...(process.env.BENCH_PG_SETTINGS?.split(',').filter(Boolean) ?? [])];
  let serverUrl = process.env.BENCH_DATABASE_URL;
  let stop = async () => {};
  if (!serverUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'sandbox-gateway-bench-'));
    const database = await startEmbeddedPostgres(dataDir, () => {}, undefined, settings);
    serverUrl = process.env.BENCH_DATABASE_TCP ? database.url : database.socketUrl;
    stop = async () => {
      await database.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const url = serverUrl;
  return {
    serverUrl: url,
    async create(name) {
      return (await createScratchDatabase(url, name)).url;
    },
    stop,
  };
}
