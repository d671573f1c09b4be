import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';

/** One response of the app under `/api/`, as it went out. */
export interface Exchange {
  method: string;
  /** The route that answered (`/api/clients/:id/`), undefined when none did (a 404 for an unknown path). */
  route: string | undefined;
  url: string;
  status: number;
  contentType: string | undefined;
  body: string;
}

export interface ContractCheck {
  exchanges: Exchange[];
  /** Every recorded response that the OpenAPI document does not describe, one line each (deduplicated). */
  contractViolations(): string[];
}

type Json = Record<string, unknown>;

const COMPONENTS = '#/components/schemas/';

/**
 * OpenAPI 3.0's schema dialect → JSON Schema for ajv: `nullable: true` becomes
 * "this, or null" (OpenAPI 3.0 has no `type: 'null'`), and references to
 * `#/components/schemas/X` point at the schema ajv knows as `X`.
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Json;
  if (nullable !== undefined && typeof nullable !== 'boolean') rest.nullable = nullable; // a property named `nullable`
  const converted = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(COMPONENTS)) return [key, value.slice(COMPONENTS.length)];
      return [key, toJsonSchema(value)];
    }),
  );
  return nullable === true ? { anyOf: [converted, { type: 'null' }] } : converted;
}

function openapiPath(route: string): string {
  return route.replace(/:(\w+)/g, '{$1}');
}

/**
 * Records every `/api/` response of `app` (add it before `app.ready()`: a hook
 * added to the root reaches the routes of every plugin) and checks each against
 * the app's own OpenAPI document: the operation exists, the status is
 * documented, and the JSON body matches that status's schema.
 */
export function installContractCheck(app: FastifyInstance): ContractCheck {
  const exchanges: Exchange[] = [];

  app.addHook('onSend', async (request, reply, payload) => {
    if (!request.url.startsWith('/api/') || request.method === 'HEAD' || request.method === 'OPTIONS') return payload;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : '[stream]';
    const contentType = reply.getHeader('content-type');
    exchanges.push({
      method: request.method,
      route: request.routeOptions.url,
      url: request.url,
      status: reply.statusCode,
      contentType: typeof contentType === 'string' ? contentType : undefined,
      body,
    });
    return payload;
  });

  function contractViolations(): string[] {
    if (exchanges.length === 0) return [];
    const document = app.swagger() as unknown as { paths: Record<string, Record<string, Json>>; components?: { schemas?: Json } };
    const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
    addFormats(ajv);
    ajv.addFormat('password', true);
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) ajv.addSchema(toJsonSchema(schema) as Json, name);

    const validators = new Map<object, ValidateFunction>();
    const violations = new Set<string>();
    for (const exchange of exchanges) {
      if (exchange.route === undefined) continue; // no route answered: the 404 of an unknown path
      const where = `${exchange.method} ${exchange.route} → ${exchange.status}`;
      const operation = document.paths[openapiPath(exchange.route)]?.[exchange.method.toLowerCase()];
      if (!operation) {
        violations.add(`${where}: operation not documented`);
        continue;
      }
      const responses = (operation.responses ?? {}) as Record<string, Json>;
      const response = responses[String(exchange.status)] ?? responses[`${String(exchange.status)[0]}XX`] ?? responses.default;
      if (!response) {
        violations.add(`${where}: status not documented (documented: ${Object.keys(responses).join(', ')}); body ${exchange.body.slice(0, 200)}`);
        continue;
      }
      const content = response.content as Record<string, { schema?: Json }> | undefined;
      if (!content) {
        if (exchange.body !== '') violations.add(`${where}: documented without a body, sent ${exchange.body.slice(0, 200)}`);
        continue;
      }
      const media = content['application/json'];
      if (!media?.schema) continue; // documented as something other than JSON: nothing to check here
      let body: unknown;
      try {
        body = JSON.parse(exchange.body);
      } catch {
        violations.add(`${where}: documented as JSON, sent ${exchange.contentType ?? 'no content type'}: ${exchange.body.slice(0, 200)}`);
        continue;
      }
      let validate = validators.get(media.schema);
      if (!validate) {
        validate = ajv.compile(toJsonSchema(media.schema) as Json);
        validators.set(media.schema, validate);
      }
      if (!validate(body)) {
        violations.add(`${where}: ${ajv.errorsText(validate.errors, { separator: '; ' })}; body ${exchange.body.slice(0, 300)}`);
      }
    }
    return [...violations];
  }

  return { exchanges, contractViolations };
}
