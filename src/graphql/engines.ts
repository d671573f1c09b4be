import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import mercurius from 'mercurius';
import { createContext, type GraphQLContext } from './context';
import { DomainError } from '../errors';
import type { Limits } from '../limits/limits';
import { ACCOUNT_OPERATIONS } from './auth-resolver';
import { toGraphQLError } from './errors';
import { hasRecursiveInputVariable } from './jit-safety';
import { filterBoundsError, parseOptionsFor, rowBudgetError, validationRulesFor } from './limits';

export const GRAPHQL_PATH = '/graphql';

/**
 * Parsed and validated documents each engine keeps (mercurius: with their graphql-jit compilation,
 * about a quarter of a megabyte each): a bound, not a hope (the heap grew with every new document).
 */
export const DOCUMENT_CACHE_SIZE = 256;

function contextFor(app: FastifyInstance, request: FastifyRequest): GraphQLContext {
  return createContext(request, app.resources, { tenancy: app.tenancy, auth: app.auth });
}

/** A resolver error as the client sees it; internal ones are logged with the request id they carry. */
function present(error: GraphQLError, request: FastifyRequest | undefined): GraphQLError {
  const mapped = toGraphQLError(error, request?.id ?? '');
  if (mapped.extensions?.code === 'INTERNAL_SERVER_ERROR') request?.log.error({ err: error.originalError ?? error }, 'graphql resolver failed');
  return mapped;
}

/** A document error without a code gets the one Apollo gives it, so clients can tell them apart on both engines. */
function withDocumentCode<T extends { message: string; locations?: readonly unknown[]; extensions?: Record<string, unknown> }>(error: T): T {
  if (error.extensions?.code) return error;
  // The lexer's errors have a location; graphql-armor's limits also say "Syntax Error" but are validation errors without one.
  const parse = error.message.startsWith('Syntax Error') && Boolean(error.locations?.length);
  const code = parse ? 'GRAPHQL_PARSE_FAILED' : error.message.startsWith('Variable "$') ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED';
  return { ...error, extensions: { ...error.extensions, code } };
}

function withBadRequestCode<T extends { extensions?: Record<string, unknown> }>(error: T): T {
  return error.extensions?.code ? error : { ...error, extensions: { ...error.extensions, code: 'BAD_REQUEST' } };
}

/**
 * graphql-jit words every variable a scalar refuses as "…; Expected type JSON." and keeps the scalar's own
 * reason only as the cause; graphql-js (and so Apollo) puts the reason in the message. Both engines say it.
 */
function withScalarReason(error: GraphQLError): GraphQLError {
  const cause = error.originalError;
  if (!(cause instanceof GraphQLError) || !/; Expected type \w+\.$/.test(error.message)) return error;
  return new GraphQLError(error.message.replace(/Expected type \w+\.$/, cause.message), { nodes: error.nodes, positions: error.positions, source: error.source });
}

/** mercurius, the default engine: jit-compiled queries, batched operations off. */
export async function serveWithMercurius(app: FastifyInstance, schema: GraphQLSchema, limits: Limits): Promise<void> {
  await app.register(mercurius, {
    schema,
    path: GRAPHQL_PATH,
    graphiql: false,
    jit: 1,
    cache: DOCUMENT_CACHE_SIZE,
    allowBatchedQueries: false,
    graphql: { parseOptions: parseOptionsFor(limits) },
    context: (request) => contextFor(app, request),
    validationRules: validationRulesFor(limits, ACCOUNT_OPERATIONS),
    errorFormatter: (execution, context) => {
      const request = (context as { reply?: { request: FastifyRequest } }).reply?.request;
      // Refused before execution (a bad token or Api-Key): its status and code, as the Apollo door answers it.
      const [first] = execution.errors ?? [];
      if (execution.errors?.length === 1 && !first.path && first.originalError instanceof DomainError) {
        return { statusCode: first.originalError.status, response: { data: null, errors: [present(first, request)] } };
      }
      // Parse and validation errors (mercurius wraps them): its own formatting and status, with Apollo's codes.
      if (execution.errors?.some((error) => Array.isArray((error.originalError as { errors?: unknown })?.errors) || !error.path)) {
        const formatted = mercurius.defaultErrorFormatter({ ...execution, errors: execution.errors.map(withScalarReason) }, context);
        // HTTP's own refusals (a GET mutation's 405, a 413) judged no document: Apollo's BAD_REQUEST.
        const code = formatted.statusCode === 200 || formatted.statusCode === 400 ? withDocumentCode : withBadRequestCode;
        return { ...formatted, response: { ...formatted.response, errors: formatted.response.errors?.map(code) } };
      }
      return { statusCode: 200, response: { data: execution.data ?? null, errors: (execution.errors ?? []).map((error) => present(error, request)) } };
    },
  });
  // The estimate needs the variables, so it runs once they are known, before any resolver (refused as mercurius refuses an invalid document).
  app.graphql.addHook('preExecution', async (schema, document, context, variables) => {
    const request = (context as { reply: { request: FastifyRequest } }).reply.request;
    const params = (request.method === 'GET' ? request.query : request.body) as { operationName?: string } | undefined;
    const error = rowBudgetError(schema, document, params?.operationName, variables, limits) ?? filterBoundsError(schema, document, params?.operationName, variables, limits);
    if (error) throw Object.assign(new Error('Graphql validation error'), { statusCode: 400, errors: [error] });
    // Handing mercurius "a modified document" (the same one) is its only per-request way to skip graphql-jit.
    if (hasRecursiveInputVariable(schema, document)) return { document };
  });
}

/** The same estimate for Apollo, once it knows the operation and before it executes anything. */
function rowBudgetPlugin(limits: Limits): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operationName, request }) {
          const error = rowBudgetError(schema, document, operationName, request.variables, limits) ?? filterBoundsError(schema, document, operationName, request.variables, limits);
          if (error) throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}

/** @apollo/server through @as-integrations/fastify (GRAPHQL_ENGINE=apollo): the same schema, context and limits. */
export async function serveWithApollo(app: FastifyInstance, schema: GraphQLSchema, limits: Limits): Promise<void> {
  const apollo = new ApolloServer<GraphQLContext>({
    schema,
    validationRules: validationRulesFor(limits, ACCOUNT_OPERATIONS),
    parseOptions: parseOptionsFor(limits),
    plugins: [rowBudgetPlugin(limits)],
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => {
      const graphqlError = error as GraphQLError;
      if (graphqlError?.originalError) return present(graphqlError, undefined).toJSON();
      // `http` tells Apollo the status to answer with; it is not for the client (mercurius never shows it).
      const { http: _status, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    },
  });
  await apollo.start();
  // Fastify drains its own connections on close; Apollo's drain plugin would call app.close() again from inside it.
  app.addHook('onClose', async () => apollo.stop());
  app.route({
    url: GRAPHQL_PATH,
    method: ['GET', 'POST', 'OPTIONS'],
    handler: fastifyApolloHandler(apollo, { context: async (request) => contextFor(app, request) }),
  });
}
