import fp from 'fastify-plugin';
import type { Quota } from '../limits/quota';
import type { ClientResolver } from './client-resolver';
import { createTenancy } from './create-tenancy';
import type { TenancyService } from './tenancy-service';

declare module 'fastify' {
  interface FastifyInstance {
    tenancy: TenancyService;
    clientResolver: ClientResolver;
    /** What each API client may hold (CLIENT_ROW_QUOTA, CLIENT_BYTE_QUOTA, resolved against the reference data). */
    quota: Quota;
  }
}

export interface TenancyPluginOptions {
  databaseUrl: string;
  /** The Api-Key cache's LISTEN connection (DATABASE_LISTEN_URL; unset: `databaseUrl`). */
  listenUrl?: string;
  /** Resume clients left in `provisioning` once the server is ready (off in some tests). */
  resumeProvisioning?: boolean;
}

/** API clients: the registry, Api-Key resolution, provisioning and expiry (DESIGN §4, §9). */
export const tenancyPlugin = fp<TenancyPluginOptions>(
  async (app, { databaseUrl, listenUrl, resumeProvisioning = true }) => {
    const tenancy = await createTenancy({ pool: app.pool, databaseUrl, listenUrl, limits: app.limits, callerLimits: app.callerLimits, log: app.log });
    app.decorate('clientResolver', tenancy.resolver);
    app.decorate('quota', tenancy.quota);
    app.decorate('tenancy', tenancy.service);

    app.addHook('onReady', async () => {
      if (resumeProvisioning) {
        void tenancy.provisioner.resumePending().then((outcomes) => {
          if (outcomes.length) app.log.info({ outcomes }, 'resumed interrupted provisioning');
        });
      }
      tenancy.expiry.start(app.limits.expirySweepSeconds);
    });
    app.addHook('onClose', () => tenancy.close());
  },
  { name: 'tenancy', dependencies: ['database', 'limits'] },
);
