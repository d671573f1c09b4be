import fp from 'fastify-plugin';
import { Accounts } from '../auth/accounts';
import { ApiClients } from './api-clients';
import { ClientResolver } from './client-resolver';
import { migrateControlPlane } from './control-plane';
import { Provisioner } from './provisioner';
import { TenancyService } from './tenancy-service';

declare module 'fastify' {
  interface FastifyInstance {
    tenancy: TenancyService;
    clientResolver: ClientResolver;
  }
}

export interface TenancyPluginOptions {
  databaseUrl: string;
  /** Resume clients left in `provisioning` once the server is ready (off in some tests). */
  resumeProvisioning?: boolean;
}

/** API clients: the registry, Api-Key resolution and provisioning (DESIGN §4). */
export const tenancyPlugin = fp<TenancyPluginOptions>(
  async (app, { databaseUrl, resumeProvisioning = true }) => {
    await migrateControlPlane(app.pool);
    const clients = new ApiClients(app.pool);
    const resolver = new ClientResolver(clients, databaseUrl);
    await resolver.start();
    const provisioner = new Provisioner(app.pool, clients, app.log);
    app.decorate('clientResolver', resolver);
    app.decorate('tenancy', new TenancyService(app.pool, new Accounts(app.pool), clients, resolver, provisioner));

    if (resumeProvisioning) {
      app.addHook('onReady', async () => {
        void provisioner.resumePending().then((outcomes) => {
          if (outcomes.length) app.log.info({ outcomes }, 'resumed interrupted provisioning');
        });
      });
    }
    app.addHook('onClose', async () => {
      await provisioner.idle();
      await resolver.close();
    });
  },
  { name: 'tenancy', dependencies: ['database'] },
);
