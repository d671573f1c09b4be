import fp from 'fastify-plugin';

/**
 * Bodies are JSON, forms and multipart forms, as DRF's default parsers (json-body, form-body; and
 * `application/graphql` on /graphql, mercurius' own parser): the `parses` of every OPTIONS answer. Fastify would also read `text/plain` as a string, which DRF never parses:
 * without a parser it is a 415, `Unsupported media type "text/plain" in request.` (errors.plugin),
 * like every other media type we do not read.
 */
export const mediaTypesPlugin = fp(
  async (app) => {
    app.removeContentTypeParser('text/plain');
  },
  { name: 'media-types' },
);
