import cors, { type FastifyCorsOptions } from '@fastify/cors';
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
  credentials: false,
  methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowedHeaders: ['Authorization', 'Api-Key', 'Content-Type'],
  exposedHeaders: ['Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
  // Chromium caps a preflight's cache at two hours, whatever is asked for.
  maxAge: 7200,
  strictPreflight: false,
} satisfies FastifyCorsOptions;

/** The Fetch standard's preflight: OPTIONS naming the method it asks about. A plain OPTIONS is DRF's metadata. */
export function isPreflight(request: FastifyRequest): boolean {
  return request.method === 'OPTIONS' && request.headers.origin !== undefined && request.headers['access-control-request-method'] !== undefined;
}

/**
 * CORS headers on every response, set in `onRequest` before anything can refuse the request (so a
 * 401 or 503 is readable cross-origin too), and preflights answered there, before authentication.
 */
export const corsPlugin = fp(
  async (app) => {
    await app.register(cors, {
      delegator: (request, callback) => callback(null, { ...CORS_POLICY, preflight: isPreflight(request) }),
    });
  },
  { name: 'cors' },
);
