import type { FastifyBaseLogger } from 'fastify';
import type { Pool } from 'pg';
import { Accounts } from '../auth/accounts';
import { createPool, DDL_CONNECTION_MAX_USES } from '../db/pool';
import { CallerLimits } from '../limits/caller-limits';
import type { Limits } from '../limits/limits';
import { resolveQuota, type Quota } from '../limits/quota';
import { WorkQueue } from '../limits/work-queue';
import { ApiClients } from './api-clients';
import { ClientResolver } from './client-resolver';
import { migrateControlPlane } from './control-plane';
import { ClientExpiry } from './expiry';
import { Provisioner } from './provisioner';
import { TenancyService } from './tenancy-service';
import { usageOf } from './usage';

export interface Tenancy {
  service: TenancyService;
  resolver: ClientResolver;
  provisioner: Provisioner;
  expiry: ClientExpiry;
  quota: Quota;
  /** Waits for builds under way, then closes the listener and the provisioning pool. */
  close(): Promise<void>;
}

export interface TenancyDependencies {
  pool: Pool;
  databaseUrl: string;
  /** PostgreSQL itself, for the Api-Key cache's LISTEN, when `databaseUrl` is a transaction-mode pooler (DATABASE_LISTEN_URL). */
  listenUrl?: string;
  limits: Limits;
  callerLimits?: CallerLimits;
  log: Pick<FastifyBaseLogger, 'info' | 'error'>;
  /** How long a registration waits for its schema (the CLI waits for the job itself: 0). */
  waitForReadyMs?: number;
}

/** The API-client services, built one way for the server (tenancy.plugin.ts) and the operator's CLI. */
export async function createTenancy({ pool, databaseUrl, listenUrl, limits, callerLimits, log, waitForReadyMs }: TenancyDependencies): Promise<Tenancy> {
  await migrateControlPlane(pool);
  const clients = new ApiClients(pool);
  // LISTEN needs a session: through a transaction-mode pooler no NOTIFY would ever arrive.
  const resolver = new ClientResolver(clients, listenUrl ?? databaseUrl);
  await resolver.start();
  // Schema builds and drops get connections of their own: a burst of them never holds the ones logins need.
  const ddlPool = createPool(databaseUrl, { max: limits.provisioningConcurrency, applicationName: 'sandbox-gateway-provisioning', maxUses: DDL_CONNECTION_MAX_USES });
  const queue = new WorkQueue(limits.provisioningConcurrency, limits.provisioningQueue, 'Too many API clients are being built right now (PROVISIONING_QUEUE).', 5);
  const provisioner = new Provisioner(ddlPool, clients, log, queue);
  const expiry = new ClientExpiry(pool, ddlPool, clients, resolver, limits.clientExpiryDays, log);
  const reference = (await usageOf(pool, ['public'])).get('public') ?? { rows: 0, bytes: 0 };
  const quota = resolveQuota(limits, reference);
  const service = new TenancyService(pool, new Accounts(pool), clients, resolver, provisioner, expiry, callerLimits ?? new CallerLimits(limits, { pool }), {
    maxClientsPerAccount: limits.maxClientsPerAccount,
    quota,
    waitForReadyMs,
  });
  return {
    service,
    resolver,
    provisioner,
    expiry,
    quota,
    async close() {
      await expiry.stop();
      await provisioner.idle();
      await resolver.close();
      await ddlPool.end();
    },
  };
}
