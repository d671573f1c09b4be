import fp from 'fastify-plugin';
import { registryFor } from './registry';
import { ResourceService } from './resource-service';

declare module 'fastify' {
  interface FastifyInstance {
    /** The resources service every door calls (its `registry` is what the doors are generated from). */
    resources: ResourceService;
  }
}

export interface ResourcesPluginOptions {
  /** The entities to expose; default: every domain entity. */
  entities?: Array<new (...args: never[]) => object>;
}

/** The registry, built once from the entity metadata, and the one resources service over it, for REST and GraphQL alike. */
export const resourcesPlugin = fp<ResourcesPluginOptions>(
  async (app, { entities }) => {
    const registry = registryFor(app.orm.getMetadata(), entities);
    app.decorate('resources', new ResourceService(registry, app.limits, app.quota));
  },
  // app.quota is the tenancy plugin's: what a client may hold.
  { name: 'resources', dependencies: ['database', 'limits', 'tenancy'] },
);
