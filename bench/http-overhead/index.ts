import Fastify from 'fastify';
import { Pool } from 'pg';
import { BENCH_POOL_SIZE, startBenchApp } from '../lib/app';
import { startBenchDatabase } from '../lib/database';
import { measureRps, type Benchmark, type BenchRow } from '../lib/harness';

/**
 * What our plugin stack costs per request: the app's probes against a bare
 * Fastify (+ pg) server answering the same JSON from the same queries.
 */
export const httpOverheadBenchmark: Benchmark = {
  name: 'http-overhead',
  async run() {
    const database = await startBenchDatabase();
    const url = await database.create('bench_http');
    const { app, url: appUrl } = await startBenchApp(url);

    const barePool = new Pool({ connectionString: url, max: BENCH_POOL_SIZE });
    const bare = Fastify();
    bare.get('/healthz', async () => ({ status: 'ok' }));
    bare.get('/readyz', async () => {
      await barePool.query('select name from public.mikro_orm_migrations');
      return { status: 'ready' };
    });
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });

    const rows: BenchRow[] = [];
    try {
      for (const path of ['/healthz', '/readyz']) {
        await measureRps(appUrl + path, { seconds: 1 }); // warm-up
        await measureRps(bareUrl + path, { seconds: 1 });
        const ours = await measureRps(appUrl + path);
        const baseline = await measureRps(bareUrl + path);
        rows.push({
          case: `GET ${path}`,
          subject: 'sandbox-gateway',
          subjectValue: ours.rps,
          baseline: 'bare fastify + pg',
          baselineValue: baseline.rps,
          unit: 'req/s',
          ratio: ours.rps / baseline.rps,
        });
      }
    } finally {
      await app.close();
      await bare.close();
      await barePool.end();
      await database.stop();
    }
    return rows;
  },
};
