import fp from 'fastify-plugin';

/**
 * The response contract's error shapes (DESIGN §6): JSON 404 for unknown routes,
 * `{detail}` for client errors, and a 500 that carries the request id that is in
 * the log but never a stack trace.
 */
export const errorsPlugin = fp(
  async (app) => {
    app.setNotFoundHandler(async (_request, reply) => reply.code(404).send({ detail: 'Not found.' }));

    app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
      const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
      if (status >= 500) {
        request.log.error({ err: error }, 'request failed');
        return reply.code(status).send({ detail: 'A server error occurred.', request_id: request.id });
      }
      return reply.code(status).send({ detail: error.message });
    });
  },
  { name: 'errors' },
);
