import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** Where links in responses point (`next`, `previous`): PUBLIC_URL, or this request's own validated origin. */
    publicOrigin: string;
  }
}

export interface PublicOriginOptions {
  /** PUBLIC_URL: the origin clients reach the service at, whatever Host they send. */
  publicUrl: string | undefined;
}

/** A DNS name or an IPv4 address, or a bracketed IPv6 address, with an optional port: what RFC 9110 allows in Host. */
const VALID_HOST = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

export function isValidHost(host: string): boolean {
  return host.length <= 255 && VALID_HOST.test(host);
}

/**
 * The Host header is the caller's to write, so it is never trusted for links: with PUBLIC_URL set,
 * links use it; without it, a Host that is not a well-formed host[:port] is refused with a 400, as
 * Django does (`Invalid HTTP_HOST header`), instead of reaching a URL parser (it was a 500).
 */
export const publicOriginPlugin = fp<PublicOriginOptions>(
  async (app, { publicUrl }) => {
    app.decorateRequest('publicOrigin', '');
    app.addHook('onRequest', async (request, reply) => {
      const host = request.host;
      if (!isValidHost(host)) {
        return reply.code(400).send({ detail: `Invalid HTTP_HOST header: ${JSON.stringify(host.slice(0, 100))}. The domain name provided is not valid according to RFC 1034/1035.` });
      }
      request.publicOrigin = publicUrl ?? `${request.protocol}://${host}`;
    });
  },
  { name: 'public-origin' },
);
