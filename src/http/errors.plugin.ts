import fp from 'fastify-plugin';
import { DomainError, DATABASE_UNAVAILABLE, isDatabaseUnavailable, isStatementCancelled, STATEMENT_CANCELLED } from '../errors';

/**
 * One mapping from errors to the response contract (DESIGN §6): domain errors
 * carry their own status and DRF body; Fastify's client errors become
 * `{detail}`; an unreachable database is a 503 with Retry-After; anything else
 * is a 500 that carries the request id found in the log, never a stack trace.
 */
export const errorsPlugin = fp(
  async (app) => {
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ detail: 'Not found.' }));

    app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
      if (error instanceof DomainError) {
        if (error.status >= 500) request.log.warn({ err: error }, error.message);
        return reply.code(error.status).headers(error.headers).send(error.body());
      }
      if (isStatementCancelled(error) && !reply.sent) {
        return reply.code(502).send({ detail: STATEMENT_CANCELLED });
      }
      if (reply.sent) return reply; // the deadline already answered 502
      if (isDatabaseUnavailable(error)) {
        request.log.warn({ err: error }, 'database unavailable');
        return reply.code(503).header('retry-after', '5').send({ detail: DATABASE_UNAVAILABLE });
      }
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const detail =
          error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
            ? 'Request body is too large.'
            : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
              ? `Unsupported media type "${request.headers['content-type'] ?? ''}" in request.`
              : error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError
                ? `JSON parse error - ${error.message}`
                : error.message;
        return reply.code(status).send({ detail });
      }
      request.log.error({ err: error }, 'request failed');
      return reply.code(500).send({ detail: 'A server error occurred.', request_id: request.id });
    });
  },
  { name: 'errors' },
);
