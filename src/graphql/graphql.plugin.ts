import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import mercurius from 'mercurius';
import { buildSchemaSync } from 'type-graphql';
import type { ResourceRegistry } from '../resources/registry';
import { AuthResolver, OPEN_OPERATIONS } from './auth-resolver';
import { createContext } from './context';
import { toGraphQLError } from './errors';
import { graphqlOverHttp } from './http-conformance';
import { resourceResolver } from './resolvers';
import { resourceTypes } from './schema-types';
import { withShield } from './shield';

declare module 'fastify' {
  interface FastifyInstance {
    graphqlSchema: GraphQLSchema;
  }
}

const schemas = new WeakMap<ResourceRegistry, GraphQLSchema>();

/** The schema, built once per registry from the generated types and resolvers, then shielded. */
export function buildGraphQLSchema(registry: ResourceRegistry): GraphQLSchema {
  let schema = schemas.get(registry);
  if (!schema) {
    const types = resourceTypes(registry);
    const resolvers = [AuthResolver, ...[...types.values()].map((resourceTypes) => resourceResolver(resourceTypes, types))];
    schema = withShield(buildSchemaSync({ resolvers: resolvers as [Function, ...Function[]], validate: false }), OPEN_OPERATIONS);
    schemas.set(registry, schema);
  }
  return schema;
}

export function printSdl(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

/** GraphQL over the resources service: mercurius at /graphql (jit), with query limits. */
export const graphqlPlugin = fp(
  async (app) => {
    const schema = buildGraphQLSchema(app.resources.registry);
    app.decorate('graphqlSchema', schema);
    graphqlOverHttp(app, '/graphql');
    await app.register(mercurius, {
      schema,
      path: '/graphql',
      graphiql: false,
      jit: 1,
      allowBatchedQueries: false,
      context: (request) => createContext(request, app.resources, { tenancy: app.tenancy, auth: app.auth }),
      validationRules: [maxDepthRule({ n: 8 }), maxAliasesRule({ n: 15 }), costLimitRule({ maxCost: 20_000 })],
      errorFormatter: (execution, context) => {
        // Parse and validation errors (mercurius wraps them): its own formatting and status.
        if (execution.errors?.some((error) => Array.isArray((error.originalError as { errors?: unknown })?.errors) || !error.path)) {
          return mercurius.defaultErrorFormatter(execution, context);
        }
        const request = (context as { reply?: { request: FastifyRequest } }).reply?.request;
        const errors = (execution.errors ?? []).map((error) => {
          const mapped = toGraphQLError(error, request?.id ?? '');
          if (mapped.extensions.code === 'INTERNAL_SERVER_ERROR') request?.log.error({ err: error.originalError ?? error }, 'graphql resolver failed');
          return mapped;
        });
        return { statusCode: 200, response: { data: execution.data ?? null, errors } };
      },
    });
  },
  { name: 'graphql', dependencies: ['rest', 'auth'] },
);
