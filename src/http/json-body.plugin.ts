import fp from 'fastify-plugin';

export interface JsonBodyOptions {
  /** MAX_JSON_DEPTH: objects and arrays nested deeper are refused. */
  maxDepth: number;
}

/** How deep `value` nests objects and arrays, stopping as soon as it passes `limit` (iterative: the value may be 50,000 deep). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}

/**
 * JSON bodies as Fastify parses them (secure-json-parse: prototype poisoning refused), and no deeper
 * than MAX_JSON_DEPTH. V8 parses a 50,000-deep document happily; everything after it that recurses
 * (serializers, GraphQL's variable coercion, the `where` compiler, pg's JSON encoding) then dies
 * with a RangeError, which was a 500. Refused here, once, for both doors.
 */
export const jsonBodyPlugin = fp<JsonBodyOptions>(
  async (app, { maxDepth }) => {
    const parse = app.getDefaultJsonParser('error', 'ignore');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      // DRF reads no body as an empty one (a DELETE or a bodyless POST that names JSON anyway).
      if (body === '') return done(null, undefined);
      parse(request, body as string, (error, value) => {
        if (error) return done(error, undefined);
        if (nestsDeeperThan(value, maxDepth)) {
          return done(Object.assign(new Error(`JSON parse error - the body nests objects and arrays deeper than ${maxDepth} levels (MAX_JSON_DEPTH).`), { statusCode: 400 }), undefined);
        }
        done(null, value);
      });
    });
  },
  { name: 'json-body' },
);
