import type { FastifyRequest } from 'fastify';

/** This server's origin: PUBLIC_URL, or the request's own from its validated Host (src/http/public-origin.plugin.ts). */
export function ownOrigin(request: FastifyRequest): string {
  return request.publicOrigin;
}

/**
 * A browser names the page's origin in `Origin` on every cross-origin request (and on same-origin
 * writes); one that is not ours (`null` included) comes from another site's page. Unless the browser
 * itself says the request is same-origin (`Sec-Fetch-Site`, which no page can set): behind a proxy
 * that terminates TLS or renames the host, our own pages' `Origin` is not what this server sees.
 */
export function fromAnotherOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  return origin !== undefined && origin !== ownOrigin(request) && request.headers['sec-fetch-site'] !== 'same-origin';
}
