import { generousCallerLimits } from '../../test/helpers/generous-limits';
import { startServerProcess } from '../../test/helpers/server-process';
import { startBenchDatabase } from '../lib/database';
import type { Benchmark, BenchRow } from '../lib/harness';
import { runSoak } from './mixed-traffic';

const REQUESTS = Number(process.env.SOAK_REQUESTS ?? 40_000);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 200);
const MB = 1024 * 1024;

/** The env of a soaked server: registrations unthrottled (they come from one address), tokens that outlive the run. */
export function soakEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATA_DIR: '/nonexistent-soak-data-dir',
    JWT_SECRET: 'soak-secret-soak-secret-soak-secret-0123',
    ACCESS_TOKEN_LIFETIME: '86400',
    MAX_EVENT_LOOP_DELAY_MS: '60000',
    ...generousCallerLimits,
  };
}

/**
 * Issue 13's soak: a server in a process of its own answers SOAK_REQUESTS (40,000) mixed requests
 * after CLIENTS (200) registrations, more registrations among them; its heap after a forced GC is
 * read at each quarter. The baseline is the heap after the first quarter (every cache warmed): a
 * ratio near 1.00× at the end is a flat heap.
 */
export const soakBenchmark: Benchmark = {
  name: 'soak',
  async run(): Promise<BenchRow[]> {
    const database = await startBenchDatabase();
    const server = await startServerProcess(soakEnv(await database.create('bench_soak')), { probeHeap: true });
    try {
      const heaps: number[] = [];
      const result = await runSoak({
        baseUrl: server.url,
        requests: REQUESTS,
        clients: CLIENTS,
        registerEvery: 200,
        distinctDocuments: 2_000,
        workers: 8,
        prefix: 'soak',
        checkpoint: async (done) => {
          const heap = await server.heap();
          heaps.push(heap.heapUsed);
          console.log(`soak: ${done} requests, heap ${(heap.heapUsed / MB).toFixed(1)} MB after GC, rss ${(heap.rss / MB).toFixed(1)} MB`);
        },
      });
      console.log(`soak: ${JSON.stringify(result.statuses)}; ${result.registered} clients; ${(REQUESTS / result.seconds).toFixed(0)} req/s`);
      if (result.failures.length) throw new Error(`the soak met server errors:\n${result.failures.join('\n')}`);
      const warmed = heaps[1];
      return heaps.slice(2).map((heap, i) => ({
        case: `heap after ${((i + 2) * 25).toString()}% of ${REQUESTS} requests (${result.registered} clients)`,
        subject: 'heap after GC',
        subjectValue: heap / MB,
        baseline: 'heap after GC at 25%',
        baselineValue: warmed / MB,
        unit: 'MB',
        ratio: heap / warmed,
      }));
    } finally {
      await server.stop();
      await database.stop();
    }
  },
};
