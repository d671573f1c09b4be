import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Any origin may call REST and GraphQL with a token and a key (DESIGN §10), never with cookies:
 * no `Access-Control-Allow-Credentials`, so a browser neither sends the session cookie cross-origin
 * with `credentials: 'include'` nor lets the page read the answer (and the authenticator ignores the
 * cookie of a request from another origin: SECURITY.md, "CORS").
 */
export const CORS_POLICY = {
  origin: '*',
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowedHeaders: ['Authorization', 'Api-Key', 'Content-Type'],
  exposedHeaders: ['Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
  // Chromium caps a preflight's cache at two hours, whatever is asked for.
  maxAge: 7200,
} as const;

/** What every response carries: the policy is one origin for all (`*`), so nothing varies by request (no `Vary: Origin`). */
const RESPONSE_HEADERS = {
  'access-control-allow-origin': CORS_POLICY.origin,
  'access-control-expose-headers': CORS_POLICY.exposedHeaders.join(', '),
};

/** What a preflight's answer adds. */
const PREFLIGHT_HEADERS = {
  'access-control-allow-methods': CORS_POLICY.methods.join(', '),
  'access-control-allow-headers': CORS_POLICY.allowedHeaders.join(', '),
  'access-control-max-age': String(CORS_POLICY.maxAge),
  // Safari waits for a body on a 204 without it.
  'content-length': '0',
};

/** The Fetch standard's preflight: OPTIONS naming the method it asks about. A plain OPTIONS is DRF's metadata. */
export function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;
}

/**
 * CORS headers on every response, set in `onRequest` before anything can refuse the request (so a
 * 401 or 503 is readable cross-origin too), and preflights answered there (204), before
 * authentication and whatever the path. The headers are computed once: @fastify/cors, which this
 * replaced, rebuilt its options and joined its lists on every request (its delegator was ~5 % of a
 * write's CPU in bench load's profile), and with one origin for all nothing here depends on the
 * request but whether it is a preflight.
 */
export const corsPlugin = fp(
  async (app) => {
    app.addHook('onRequest', (request, reply, done) => {
      reply.headers(RESPONSE_HEADERS);
      if (isPreflight(request)) {
        reply.code(204).headers(PREFLIGHT_HEADERS).send();
        return;
      }
      done();
    });
  },
  { name: 'cors' },
);
