import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const RESPONSE_TYPE = 'application/graphql-response+json';

/** Requests refused here as malformed: their 400 stands, whatever the client accepts. */
const malformed = new WeakSet<FastifyRequest>();

function badRequest(reply: FastifyReply, message: string) {
  malformed.add(reply.request);
  return reply.code(400).header('content-type', 'application/json; charset=utf-8').send({ errors: [{ message }] });
}

function wantsGraphQLResponse(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes(RESPONSE_TYPE) && (!accept.includes('application/json') || accept.indexOf(RESPONSE_TYPE) < accept.indexOf('application/json'));
}

/**
 * What mercurius leaves to us of the GraphQL-over-HTTP spec: malformed request
 * parameters are a 400 before execution; `application/graphql-response+json`
 * when the client accepts it (then a request error is a 4xx without `data`);
 * with `application/json`, a document that fails to parse, validate or coerce
 * its variables is a 200 carrying `errors`.
 */
export function graphqlOverHttp(app: FastifyInstance, path: string): void {
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
    if (request.routeOptions.url !== path || reply.statusCode !== 400 || typeof payload !== 'string') {
      if (request.routeOptions.url === path && wantsGraphQLResponse(request) && reply.statusCode < 300) reply.header('content-type', `${RESPONSE_TYPE}; charset=utf-8`);
      return payload;
    }
    let result: { data?: unknown; errors?: unknown[] };
    try {
      result = JSON.parse(payload);
    } catch {
      return payload;
    }
    // A document that did not parse, validate or coerce (not a malformed request, nor a refused batch).
    const isRequestError = Array.isArray(result.errors) && !malformed.has(request) && !Array.isArray(request.body) && request.method === 'POST';
    if (wantsGraphQLResponse(request)) {
      reply.header('content-type', `${RESPONSE_TYPE}; charset=utf-8`);
      if (isRequestError) {
        delete result.data;
        return JSON.stringify(result);
      }
      return payload;
    }
    if (isRequestError) reply.code(200);
    return payload;
  });
}
