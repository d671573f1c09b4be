/**
 * Process entry: config → database (embedded unless DATABASE_URL) → migrations
 * and reference data → app → listen; SIGINT/SIGTERM drain requests, then stop
 * everything, the embedded PostgreSQL last.
 */
import closeWithGrace from 'close-with-grace';
import { performance } from 'node:perf_hooks';
import { buildApp } from './app';
import { loadConfigOrExit } from './config';
import { openDatabase } from './db/connect';
import { migrateAllSchemas } from './tenancy/migrate-all';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded-postgres';
import { answerHeapProbes } from './heap-probe';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfigOrExit();
  const say = (message: string) => console.log(`[sandbox-gateway] ${message}`);

  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedPostgres(config.dataDir, say);
    databaseUrl = embedded.socketUrl;
    say(`embedded PostgreSQL running in ${config.dataDir}`);
  }

  try {
    const { pool, orm, bootstrap } = await openDatabase(databaseUrl, config);
    const { migrationsApplied, referenceRows } = bootstrap;
    if (migrationsApplied.length) say(`applied to public: ${migrationsApplied.join(', ')}`);
    if (referenceRows) {
      const total = Object.values(referenceRows).reduce((sum, count) => sum + count, 0);
      say(`generated the reference data set (scale ${config.referenceScale}): ${total} rows`);
    }
    const app = await buildApp({ config, orm, pool, databaseUrl });
    await app.ready();
    if (config.migrateOnStart) {
      const report = await migrateAllSchemas(pool);
      if (report.migrated || report.failed) say(`migrated ${report.migrated} client schemas, ${report.failed} failed (npm run migrate for details)`);
    }

    closeWithGrace({ delay: 15_000, logger: app.log }, async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'closing after an unexpected error');
      else app.log.info({ signal }, 'draining requests and shutting down');
      await app.close();
      await embedded?.stop();
    });

    const address = await app.listen({ host: config.host, port: config.port });
    answerHeapProbes();
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    say(`ready in ${seconds}s`);
    say(`API       ${address}/api/`);
    say(`GraphQL   ${address}/graphql  (GraphiQL ${address}/graphiql)`);
    say(`Admin     ${address}/admin`);
    say(`Docs      ${address}/docs`);
    say(`Health    ${address}/healthz  ${address}/readyz`);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

main().catch((error) => {
  console.error('[sandbox-gateway] failed to start:', error);
  process.exit(1);
});
