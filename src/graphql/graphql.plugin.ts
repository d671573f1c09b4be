import fp from 'fastify-plugin';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import type { ResourceRegistry } from '../resources/registry';
import { AuthResolver, OPEN_OPERATIONS, OWNER_OPERATIONS } from './auth-resolver';
import { GRAPHQL_PATH, serveWithApollo, serveWithMercurius } from './engines';
import { graphqlOverHttp } from './http-conformance';
import { resolveRelationsDirectly, resourceResolver } from './resolvers';
import { resourceTypes } from './schema-types';
import { DateTime } from './scalars';
import { withShield } from './shield';

declare module 'fastify' {
  interface FastifyInstance {
    graphqlSchema: GraphQLSchema;
  }
}

const schemas = new WeakMap<ResourceRegistry, { plain: GraphQLSchema; shielded: GraphQLSchema }>();

/** The schema, built once per registry from the generated types and resolvers, then shielded (unshielded only to measure shield). */
export function buildGraphQLSchema(registry: ResourceRegistry, shielded = true): GraphQLSchema {
  let built = schemas.get(registry);
  if (!built) {
    const types = resourceTypes(registry);
    const resolvers = [AuthResolver, ...[...types.values()].map((resourceTypes) => resourceResolver(resourceTypes, types))];
    const plain = buildSchemaSync({ resolvers: resolvers as [Function, ...Function[]], validate: false, scalarsMap: [{ type: Date, scalar: DateTime }] });
    resolveRelationsDirectly(plain, resolvers);
    built = { plain, shielded: withShield(plain, OPEN_OPERATIONS, OWNER_OPERATIONS) };
    schemas.set(registry, built);
  }
  return shielded ? built.shielded : built.plain;
}

export function printSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

export interface GraphQLPluginOptions {
  engine: 'mercurius' | 'apollo';
  /** Only bench/graphql turns it off, to measure what graphql-shield costs. */
  shield?: boolean;
}

/** GraphQL over the resources service at /graphql, served by mercurius (default) or Apollo. */
export const graphqlPlugin = fp<GraphQLPluginOptions>(
  async (app, { engine, shield = true }) => {
    const schema = buildGraphQLSchema(app.resources.registry, shield);
    app.decorate('graphqlSchema', schema);
    graphqlOverHttp(app, GRAPHQL_PATH);
    if (engine === 'apollo') await serveWithApollo(app, schema, app.limits);
    else await serveWithMercurius(app, schema, app.limits);
  },
  { name: 'graphql', dependencies: ['resources', 'auth', 'limits'] },
);
