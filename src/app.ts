import Fastify, { type FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { Config } from './config';
import { databasePlugin } from './db/database.plugin';
import type { Orm } from './db/orm';
import { contentNegotiationPlugin } from './http/content-negotiation.plugin';
import { corsPlugin } from './http/cors.plugin';
import { errorsPlugin } from './http/errors.plugin';
import { formBodyPlugin } from './http/form-body.plugin';
import { jsonBodyPlugin } from './http/json-body.plugin';
import { limitsPlugin } from './http/limits.plugin';
import { mediaTypesPlugin } from './http/media-types.plugin';
import { publicOriginPlugin } from './http/public-origin.plugin';
import { authPlugin } from './auth/auth.plugin';
import { authRoutes } from './auth/auth.routes';
import { homeRoutes } from './home/home.routes';
import { OneLinePerRequest, requestIdHeaderPlugin } from './http/request-log';
import { staticUiPlugin } from './http/static-ui.plugin';
import { docsPlugin } from './rest/docs.plugin';
import { optionsPlugin } from './rest/options.plugin';
import { GRAPHQL_PATH } from './graphql/engines';
import { graphqlPlugin } from './graphql/graphql.plugin';
import { restPlugin } from './rest/rest.plugin';
import { resourcesPlugin } from './resources/resources.plugin';
import { clientsRoutes } from './tenancy/clients.routes';
import { healthRoutes } from './tenancy/health.routes';
import { tenancyPlugin } from './tenancy/tenancy.plugin';

export interface AppDependencies {
  config: Config;
  orm: Orm;
  pool: Pool;
  databaseUrl: string;
  /** Test seams: a movable clock for tokens; no provisioning resumed at start; the exposed entities. */
  now?: () => number;
  entities?: Array<new (...args: never[]) => object>;
  /** bench/graphql only: serve GraphQL without graphql-shield, to measure it. */
  graphqlShield?: boolean;
  resumeProvisioning?: boolean;
}

/** The plugin graph, in the order a request meets it. Nothing else lives here. */
export async function buildApp({ config, orm, pool, databaseUrl, now, resumeProvisioning, entities, graphqlShield }: AppDependencies): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.logLevel },
    logController: new OneLinePerRequest(),
    genReqId: () => randomUUID(),
    forceCloseConnections: 'idle',
    bodyLimit: config.limits.maxBodyBytes,
    routerOptions: { ignoreTrailingSlash: true },
  });

  await app.register(requestIdHeaderPlugin);
  await app.register(corsPlugin);
  await app.register(errorsPlugin);
  await app.register(jsonBodyPlugin, { maxDepth: config.limits.maxJsonDepth });
  await app.register(formBodyPlugin, { maxFields: config.limits.maxFormFields, graphqlPath: GRAPHQL_PATH });
  await app.register(mediaTypesPlugin);
  await app.register(limitsPlugin, {
    deadlineMs: config.requestDeadlineMs,
    maxEventLoopDelayMs: config.maxEventLoopDelayMs,
    limits: config.limits,
    graphqlPath: GRAPHQL_PATH,
    pool,
    preparedStatements: config.preparedStatements,
  });
  await app.register(publicOriginPlugin, { publicUrl: config.publicUrl });
  await app.register(databasePlugin, { orm, pool });
  await app.register(healthRoutes);
  await app.register(tenancyPlugin, { databaseUrl, listenUrl: config.databaseListenUrl, resumeProvisioning });
  await app.register(contentNegotiationPlugin); // before authentication, as in DRF
  await app.register(authPlugin, {
    jwtSecret: config.jwtSecret,
    accessTokenLifetime: config.accessTokenLifetime,
    refreshTokenLifetime: config.refreshTokenLifetime,
    now,
  });
  await app.register(docsPlugin);
  await app.register(optionsPlugin);
  await app.register(authRoutes);
  await app.register(clientsRoutes);
  await app.register(resourcesPlugin, { entities });
  await app.register(restPlugin);
  await app.register(graphqlPlugin, { engine: config.graphqlEngine, shield: graphqlShield });
  await app.register(homeRoutes, {
    accessTokenLifetime: config.accessTokenLifetime,
    refreshTokenLifetime: config.refreshTokenLifetime,
    requestDeadlineMs: config.requestDeadlineMs,
  });
  await app.register(staticUiPlugin, { mount: '/admin', folder: 'admin', title: 'The admin panel' });
  await app.register(staticUiPlugin, { mount: '/graphiql', folder: 'graphiql', title: 'GraphiQL' });

  return app;
}
