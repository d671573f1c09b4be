import fp from 'fastify-plugin';
import { classifyError } from '../errors';

/**
 * The response contract (DESIGN §6) from the one error table (`classifyError`, src/errors.ts):
 * domain errors carry their own status and DRF body; Fastify's client errors become `{detail}`;
 * an unreachable database is a 503 with Retry-After; anything else is a 500 that carries the
 * request id found in the log, never a stack trace.
 */
export const errorsPlugin = fp(
  async (app) => {
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ detail: 'Not found.' }));

    app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, request, reply) => {
      const answer = classifyError(error, { id: request.id, contentType: request.headers['content-type'] });
      if (answer.kind !== 'domain' && reply.sent) return reply; // the deadline already answered 502
      if (answer.log) request.log[answer.log.level]({ err: error }, answer.log.message);
      return reply.code(answer.status).headers(answer.headers).send(answer.body);
    });
  },
  { name: 'errors' },
);
