/**
 * The parts of OpenAPI that every door's routes share: the error bodies (DESIGN §6), the security
 * requirements, what any request can meet before its handler, and the marker that turns a schema
 * into a named component. The generated routes (src/rest/route-docs.ts), auth (src/auth/auth.docs.ts)
 * and the API clients (src/tenancy/clients.docs.ts) build on them; this file imports nothing above it.
 *
 * The schemas of the hand-written routes are complete and inline, so serializing a response never
 * depends on a shared schema being registered in the route's scope (the error schemas are added by
 * the REST plugin, after those routes). Each named one carries `COMPONENT`: the docs plugin turns it
 * into a `$ref` to a component of that name, so the document reads like drf-spectacular's.
 */

export type Schema = Record<string | symbol, unknown>;

/** The component name a schema is documented as (a symbol: invisible to ajv and fast-json-stringify). */
export const COMPONENT = Symbol('openapi component');

/**
 * The validator compiler of the auth and clients routes: accepts anything,
 * leaving the body, query and path untouched (Fastify's ajv would coerce types
 * and fill defaults before the handler's own DRF-style checks).
 */
export const documentationOnly = () => () => true;

export function named<T extends Schema>(name: string, schema: T): T {
  return { ...schema, [COMPONENT]: name };
}

export const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });

/** Error bodies shared by every route (DESIGN §6). */
export const errorSchemas: Array<Record<string, unknown>> = [
  {
    $id: 'ErrorDetail',
    type: 'object',
    description: 'An error: `detail` says what was wrong; 401s add `code` (and `messages` for tokens), 500s a `request_id` to quote.',
    properties: {
      detail: { type: 'string', example: 'Not found.' },
      code: { type: 'string' },
      messages: { type: 'array', items: { type: 'object', additionalProperties: { type: 'string' } } },
      request_id: { type: 'string' },
    },
    required: ['detail'],
  },
  {
    $id: 'ValidationErrors',
    type: 'object',
    minProperties: 1,
    description: 'Only the failing fields, each with its messages; `non_field_errors` for the rest.',
    additionalProperties: { type: 'array', items: { type: 'string' } },
    example: { price: ['Ensure this value is greater than or equal to 0.'] },
  },
];


/**
 * Data routes take a token *and* the client's key, or the session cookie (the
 * client it was opened for). One requirement with both schemes, so Postman and
 * generators send both. A token alone (issued for `public`) reads `public`;
 * a write there is a 403, so writes do not list it. Nobody reads anonymously (auth/rules.ts).
 */
const TOKEN_AND_KEY = { jwtAuth: [], apiKeyAuth: [] };
export const dataSecurity = [TOKEN_AND_KEY, { cookieAuth: [] }];
export const readSecurity = [...dataSecurity, { jwtAuth: [] }];

function withoutId(id: string): Schema {
  const { $id: _id, ...schema } = errorSchemas.find((candidate) => candidate.$id === id)!;
  return named(id, schema);
}

// --- shared with the generated routes (route-docs.ts), documented as the same components ---

const errorDetail = withoutId('ErrorDetail');
const validationErrors = withoutId('ValidationErrors');

export const dateTime = { type: 'string', format: 'date-time' };

// --- responses ---

export const error = (description: string) => ({ ...errorDetail, description });

/** What any request can meet before its handler: the Api-Key, the credentials, the deadline, the database. */
export const everywhere = {
  400: {
    description: 'Invalid input: only the failing fields, or `detail` (a body that is not JSON, a malformed Host header, a response past MAX_RESPONSE_BYTES)',
    anyOf: [validationErrors, errorDetail],
  },
  401: error('No or bad credentials (`WWW-Authenticate: Bearer realm="api"`)'),
  403: error('Not allowed: an unknown Api-Key, or a cross-site write with the session cookie'),
  404: error('Not found: `?format=` names a format other than `json`'),
  406: error('The `Accept` header names nothing this API renders (it renders `application/json`)'),
  502: error('The request ran past the deadline'),
  503: error('Database unavailable, API client still provisioning, or overload (see Retry-After)'),
};

/** What a request with a JSON body can meet. */
export const withBody = {
  413: error('Request body is too large'),
  415: error('Unsupported media type: send `application/json`'),
};

export const noContent = (description: string) => ({ description, type: 'null' });

// Security alternatives: `[]` none needed; `{}` inside a list makes the others optional.
export type Security = Array<Record<string, string[]>>;
export const anonymous: Security = [];
