import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import Negotiator from 'negotiator';

/** What the REST routes render: JSON only (no browsable API), as `?format=json` names it. */
const RENDERERS = [{ format: 'json', mediaType: 'application/json' }];
const NOT_ACCEPTABLE = 'Could not satisfy the request Accept header.';
const NOT_FOUND = 'Not found.';

function isRestRoute(url: string | undefined): boolean {
  return url !== undefined && (url === '/api' || url.startsWith('/api/'));
}

/** `?format=`, the last one given (Django's `QueryDict.get`). */
function formatOf(request: FastifyRequest): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.format;
  const last = Array.isArray(value) ? value.at(-1) : value;
  return last === undefined ? undefined : String(last);
}

/**
 * The Accept header without media type parameters but `q`: DRF matches `application/json; indent=4`
 * or `; version=1.0` (AcceptHeaderVersioning) to its JSON renderer, where negotiator would want the
 * renderer to carry the same parameters.
 */
function acceptWithoutParameters(accept: string): string {
  return accept.replace(/;\s*(?!q\s*=)[^;,]*/gi, '');
}

/**
 * DRF's DefaultContentNegotiation on the REST routes, before authentication as in DRF: `?format=`
 * picks a renderer by name (an unknown one is DRF's Http404), then `Accept` must match one of
 * them (`application/json`, `application/*`, `*` + `/*`, or no header), else 406 (both documented
 * with every operation: route-docs-helpers.ts). Negotiation is
 * by negotiator, the library of Express' `accepts`, so a media type with `q=0` is refused as RFC
 * 9110 says (DRF ignores q-values).
 */
export const contentNegotiationPlugin = fp(
  async (app) => {
    app.addHook('onRequest', async (request, reply) => {
      if (!isRestRoute(request.routeOptions.url)) return;
      const format = formatOf(request);
      const renderers = format === undefined ? RENDERERS : RENDERERS.filter((renderer) => renderer.format === format);
      if (renderers.length === 0) return reply.code(404).send({ detail: NOT_FOUND });
      if (request.headers.accept === undefined) return;
      const negotiator = new Negotiator({ headers: { accept: acceptWithoutParameters(request.headers.accept) } });
      if (!negotiator.mediaType(renderers.map((renderer) => renderer.mediaType))) {
        return reply.code(406).send({ detail: NOT_ACCEPTABLE });
      }
    });
  },
  { name: 'content-negotiation' },
);
