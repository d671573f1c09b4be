import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { NotAuthenticated } from '../errors';
import { onlyOpenOperations } from './auth-resolver';
import { refusalAsGraphQLResponse } from './errors';
import { parseOptionsFor } from './limits';

const RESPONSE_TYPE = 'application/graphql-response+json';

/** Requests refused here as malformed: their 400 stands, whatever the client accepts. */
const malformed = new WeakSet<FastifyRequest>();

function badRequest(reply: FastifyReply, message: string) {
  malformed.add(reply.request);
  return reply.code(400).header('content-type', 'application/json; charset=utf-8').send({ errors: [{ message }] });
}

/** The client's preferred of the two (negotiator: q-values, then specificity, then the client's order); a tie, any type or no Accept: JSON. */
function wantsGraphQLResponse(request: FastifyRequest): boolean {
  return new Negotiator(request.raw).mediaType(['application/json', RESPONSE_TYPE]) === RESPONSE_TYPE;
}

/**
 * What mercurius leaves to us of the GraphQL-over-HTTP spec: malformed request
 * parameters are a 400 before execution; `application/graphql-response+json`
 * when the client accepts it (then a request error is a 4xx without `data`);
 * with `application/json`, a document that fails to parse, validate or coerce
 * its variables is a 200 carrying `errors`. A refusal before GraphQL ran (a bad
 * token, an unknown Api-Key, the deadline) keeps its status and is a GraphQL
 * response too, on both engines.
 */
export function graphqlOverHttp(app: FastifyInstance, path: string): void {
  // A stale token must not block `refreshToken` or `tokenAuth`: the header is judged once the operation is known.
  app.auth.judgeAuthorizationLater(path);
  app.addHook('preValidation', async (request) => {
    const refused = request.routeOptions.url === path ? request.scope?.refusedAuthorization : null;
    if (!refused) return;
    const params = (request.method === 'POST' ? request.body : request.query) as Record<string, unknown> | undefined;
    const open = params && typeof params === 'object' && !Array.isArray(params) && typeof params.query === 'string' &&
      onlyOpenOperations(params.query, typeof params.operationName === 'string' ? params.operationName : null, parseOptionsFor(app.limits));
    if (!open) throw refused;
  });

  app.addHook('preValidation', async (request, reply) => {
    if (request.routeOptions.url !== path || request.method !== 'POST') return;
    const body = request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object' || Array.isArray(body)) return; // mercurius answers these
    if (typeof body.query !== 'string') return badRequest(reply, 'The "query" parameter must be a string.');
    if (body.operationName !== undefined && body.operationName !== null && typeof body.operationName !== 'string') {
      return badRequest(reply, 'The "operationName" parameter must be a string or null.');
    }
    for (const name of ['variables', 'extensions'] as const) {
      const value = body[name];
      if (value === null) delete body[name];
      else if (value !== undefined && (typeof value !== 'object' || Array.isArray(value))) return badRequest(reply, `The "${name}" parameter must be an object or null.`);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.routeOptions.url !== path || typeof payload !== 'string' || !isJson(reply)) return payload;
    const graphqlResponse = wantsGraphQLResponse(request);
    if (graphqlResponse) reply.header('content-type', `${RESPONSE_TYPE}; charset=utf-8`);
    if (reply.statusCode < 400) return payload;
    // mercurius answers a refusal through its error formatter, which sets no headers.
    if (reply.statusCode === 401 && !reply.hasHeader('www-authenticate')) reply.headers(new NotAuthenticated().headers);
    let result: { data?: unknown; errors?: unknown[]; detail?: unknown };
    try {
      result = JSON.parse(payload);
    } catch {
      return payload;
    }
    // A document that did not parse, validate or coerce (not a malformed request, nor a refused batch).
    const isRequestError = reply.statusCode === 400 && Array.isArray(result.errors) && !malformed.has(request) && !Array.isArray(request.body) && request.method === 'POST';
    // Refused before GraphQL ran (a bad token, an unknown Api-Key, the deadline): a GraphQL response all the same,
    // so that a client reads its code (Apollo Client refreshes on UNAUTHENTICATED) instead of a bare HTTP error.
    if (!Array.isArray(result.errors)) result = refusalAsGraphQLResponse(result, reply.statusCode);
    if (graphqlResponse) {
      delete result.data; // a 4xx or 5xx is a request error: no `data` (GraphQL over HTTP)
      return JSON.stringify(result);
    }
    if (isRequestError) reply.code(200);
    return JSON.stringify(result);
  });
}

function isJson(reply: FastifyReply): boolean {
  const type = String(reply.getHeader('content-type') ?? '');
  return type.startsWith('application/json') || type.startsWith(RESPONSE_TYPE);
}
