/**
 * OpenAPI for the hand-written routes: registration, simplejwt's tokens, `me`,
 * the admin session (tag `auth`) and the owner's API clients (tag `clients`).
 *
 * The schemas here are complete and inline, so serializing a response never
 * depends on a shared schema being registered in the route's scope (the error
 * schemas of route-docs.ts are added by the REST plugin, after these routes).
 * Each named one carries `COMPONENT`: the docs plugin turns it into a `$ref` to
 * a component of that name, so the document reads like drf-spectacular's.
 *
 * Bodies are not validated by ajv on these routes (see `documentationOnly`):
 * the handlers check them and answer with DRF's messages.
 */
import { errorSchemas, readSecurity } from './route-docs';

type Schema = Record<string | symbol, unknown>;

/** The component name a schema is documented as (a symbol: invisible to ajv and fast-json-stringify). */
export const COMPONENT = Symbol('openapi component');

/**
 * The validator compiler of the auth and clients routes: accepts anything,
 * leaving the body, query and path untouched (Fastify's ajv would coerce types
 * and fill defaults before the handler's own DRF-style checks).
 */
export const documentationOnly = () => () => true;

function named<T extends Schema>(name: string, schema: T): T {
  return { ...schema, [COMPONENT]: name };
}

const nullable = (schema: Schema): Schema => ({ ...schema, nullable: true });

function withoutId(id: string): Schema {
  const { $id: _id, ...schema } = errorSchemas.find((candidate) => candidate.$id === id)!;
  return named(id, schema);
}

// --- shared with the generated routes (route-docs.ts), documented as the same components ---

const errorDetail = withoutId('ErrorDetail');
const validationErrors = withoutId('ValidationErrors');

// --- components of these routes ---

const dateTime = { type: 'string', format: 'date-time' };

const accountProperties = {
  id: { type: 'integer', readOnly: true, example: 7 },
  email: { type: 'string', example: 'ada@example.com' },
  first_name: { type: 'string', example: 'Ada' },
  last_name: { type: 'string', example: 'Lovelace' },
  is_active: { type: 'boolean', example: true },
  date_joined: { ...dateTime, readOnly: true },
};
const accountRequired = Object.keys(accountProperties);

const account = named('Account', {
  type: 'object',
  description: 'A login account (never its password).',
  properties: accountProperties,
  required: accountRequired,
});

const apiClient = named('ApiClient', {
  type: 'object',
  description: 'An API client: a schema of its own with a copy of the reference data, picked by its `api_key` (the `Api-Key` header).',
  properties: {
    id: { type: 'integer', readOnly: true, example: 3 },
    name: { type: 'string', maxLength: 100, example: "ada's sandbox" },
    schema: { type: 'string', readOnly: true, example: 'ada_482913' },
    api_key: { type: 'string', readOnly: true, description: 'Send it as the `Api-Key` header.', example: 'm0mt333_ihvj7GhoZZ4UTrRd_O55jSJ6' },
    status: {
      type: 'string',
      enum: ['provisioning', 'ready', 'failed', 'expired'],
      readOnly: true,
      description:
        '`provisioning`: requests with its key get a 503 with Retry-After until it is `ready`; `failed`: see `error`, then reset it; `expired`: unused past `expires_at`, its data deleted (a 403 says so); a reset brings it back.',
    },
    error: { type: 'string', nullable: true, readOnly: true, description: 'Why provisioning failed.' },
    created_at: { ...dateTime, readOnly: true },
    ready_at: { ...dateTime, nullable: true, readOnly: true },
    last_used_at: { ...dateTime, readOnly: true, description: 'The last request with this client, to within an hour.' },
    expires_at: { ...dateTime, nullable: true, readOnly: true, description: 'When the client expires if unused until then (CLIENT_EXPIRY_DAYS after its last use); null: never.' },
    usage: {
      type: 'object',
      readOnly: true,
      description: 'What the client holds (every table, bookkeeping aside) against its quota; a write past a quota is a 403 and changes nothing. Null: not known (not ready) or no quota.',
      properties: {
        rows: { type: 'number', nullable: true, example: 42089 },
        bytes: { type: 'number', nullable: true, description: 'Bytes of row data, as PostgreSQL stores them.', example: 9126400 },
        row_quota: { type: 'number', nullable: true, example: 126270 },
        byte_quota: { type: 'number', nullable: true, example: 27379200 },
      },
      required: ['rows', 'bytes', 'row_quota', 'byte_quota'],
    },
  },
  required: ['id', 'name', 'schema', 'api_key', 'status', 'error', 'created_at', 'ready_at', 'last_used_at', 'expires_at', 'usage'],
});

const apiClientRequest = named('ApiClientRequest', {
  type: 'object',
  properties: { name: { type: 'string', minLength: 1, maxLength: 100, description: "Default: \"<your email's local part>'s sandbox\"." } },
  example: { name: 'staging' },
});

const registerRequest = named('RegisterRequest', {
  type: 'object',
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254 },
    password: { type: 'string', format: 'password', writeOnly: true, minLength: 8, maxLength: 128, description: "Django's validators: 8 characters at least, not all digits, not common, not like the email." },
    first_name: { type: 'string', maxLength: 150 },
    last_name: { type: 'string', maxLength: 150 },
  },
  required: ['email', 'password'],
  example: { email: 'ada@example.com', password: 'a long passphrase', first_name: 'Ada', last_name: 'Lovelace' },
});

const registration = named('Registration', {
  type: 'object',
  description: 'The new account and its first API client (`ready` unless setting it up took longer than a few seconds).',
  properties: { user: account, client: apiClient },
  required: ['user', 'client'],
});

const credentials = {
  email: { type: 'string', format: 'email', example: 'ada@example.com' },
  password: { type: 'string', format: 'password', writeOnly: true, example: 'a long passphrase' },
};

const tokenObtainPairRequest = named('TokenObtainPairRequest', {
  type: 'object',
  properties: credentials,
  required: ['email', 'password'],
});

const tokenPair = {
  type: 'object',
  properties: {
    access: { type: 'string', readOnly: true, description: 'Send as `Authorization: Bearer <access>`.', example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoiYWNjZXNzIn0.c2lnbmF0dXJl' },
    refresh: { type: 'string', readOnly: true, example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2lnbmF0dXJl' },
  },
  required: ['access', 'refresh'],
};
const tokenObtainPair = named('TokenObtainPair', tokenPair);
const tokenRefresh = named('TokenRefresh', { ...tokenPair, description: 'A new pair: the refresh token sent is blacklisted (rotation).' });

const tokenRefreshRequest = named('TokenRefreshRequest', { type: 'object', properties: { refresh: { type: 'string', writeOnly: true } }, required: ['refresh'] });
const tokenVerifyRequest = named('TokenVerifyRequest', {
  type: 'object',
  properties: { token: { type: 'string', writeOnly: true, description: 'An access or a refresh token.' } },
  required: ['token'],
});
const tokenBlacklistRequest = named('TokenBlacklistRequest', { type: 'object', properties: { refresh: { type: 'string', writeOnly: true } }, required: ['refresh'] });

const empty = { type: 'object', description: 'An empty object: `{}`.', properties: {}, additionalProperties: false };

const me = named('Me', {
  type: 'object',
  description: 'The account of the request, and the API client the request is served from (`null`: `public`).',
  properties: { ...accountProperties, client: nullable(apiClient) },
  required: [...accountRequired, 'client'],
});

const clientChoice = {
  description: '`"public"` (or null, or absent): the read-only public schema; otherwise the id of one of your ready API clients.',
  anyOf: [{ type: 'integer', minimum: 1, nullable: true }, { type: 'string', enum: ['public'] }],
  example: 'public',
};

const sessionRequest = named('SessionRequest', {
  type: 'object',
  properties: { ...credentials, client: clientChoice },
  required: ['email', 'password'],
});

const patchedSessionRequest = named('PatchedSessionRequest', {
  type: 'object',
  properties: { client: clientChoice },
  example: { client: 3 },
});

const session = named('Session', {
  type: 'object',
  description: 'The admin session: its account, the client it works in (`null`: `public`), every client of the account, and the CSRF token for `X-CSRFToken`.',
  properties: {
    user: account,
    client: nullable(apiClient),
    clients: { type: 'array', items: apiClient },
    csrf_token: { type: 'string', readOnly: true, description: 'Send as `X-CSRFToken` on cookie-authenticated writes that carry no same-origin `Origin`/`Referer`.' },
  },
  required: ['user', 'client', 'clients', 'csrf_token'],
});

/** Every named schema that is not already a component of the generated routes, for the docs plugin to add. */
export const authComponents: Schema[] = [
  account,
  apiClient,
  apiClientRequest,
  registerRequest,
  registration,
  tokenObtainPairRequest,
  tokenObtainPair,
  tokenRefreshRequest,
  tokenRefresh,
  tokenVerifyRequest,
  tokenBlacklistRequest,
  me,
  sessionRequest,
  patchedSessionRequest,
  session,
];

// --- responses ---

const error = (description: string) => ({ ...errorDetail, description });

/** What any request can meet before its handler: the Api-Key, the credentials, the deadline, the database. */
const everywhere = {
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
const withBody = {
  413: error('Request body is too large'),
  415: error('Unsupported media type: send `application/json`'),
};

const malformedBody = { 400: error('The request body is not valid JSON') };
const throttled = { 429: error('Too many failed logins for this email, or from this address, in a minute (see Retry-After)') };
const newClientThrottled = { 429: error('Too many new API clients from this address, or from everybody, in an hour (see Retry-After)') };
const forbiddenNewClient = { 403: error('Not allowed: an unknown Api-Key, a cross-site write with the session cookie, or the account has MAX_CLIENTS_PER_ACCOUNT clients') };
const notFound = { 404: error('No such API client among yours') };

const noContent = (description: string) => ({ description, type: 'null' });

const clientId = {
  type: 'object',
  properties: { id: { type: 'integer', description: 'A unique integer value identifying this API client.' } },
  required: ['id'],
};

// Security alternatives: `[]` none needed; `{}` inside a list makes the others optional.
type Security = Array<Record<string, string[]>>;
const anonymous: Security = [];
const optionalApiKey: Security = [{}, { apiKeyAuth: [] }];
const sessionCookie: Security = [{ cookieAuth: [] }];
const owner: Security = [{ jwtAuth: [] }, { cookieAuth: [] }, { jwtAuth: [], apiKeyAuth: [] }];

const auth = ['auth'];
const clients = ['clients'];

/** The `schema` option of each route of src/auth/auth.routes.ts. */
export const authDocs = {
  register: {
    tags: auth,
    operationId: 'auth_register_create',
    summary: 'Register: an account and its first API client',
    description: 'Creates the account in `public.users` and a first API client: a schema of its own with a copy of the reference data, ready in well under a second.',
    security: anonymous,
    body: registerRequest,
    response: { 201: { ...registration, description: 'Registered' }, ...withBody, ...everywhere, ...newClientThrottled },
  },
  token: {
    tags: auth,
    operationId: 'token_create',
    summary: 'Obtain a token pair',
    description:
      'simplejwt\'s `TokenObtainPairView`, `email` as the username field. With an `Api-Key` the tokens are issued for that client (and checked against its copy of `users`); without it, for `public`, usable by the owner on any of their clients too.',
    security: optionalApiKey,
    body: tokenObtainPairRequest,
    response: { 200: { ...tokenObtainPair, description: 'An access and a refresh token' }, ...withBody, ...everywhere, ...throttled },
  },
  refresh: {
    tags: auth,
    operationId: 'token_refresh_create',
    summary: 'Refresh: a new token pair',
    description: 'Rotation: the refresh token sent is blacklisted and cannot be used again. Its account must still be there and active (a 401 otherwise, as after a reset of its API client).',
    security: anonymous,
    body: tokenRefreshRequest,
    response: { 200: { ...tokenRefresh, description: 'A new access and refresh token' }, ...withBody, ...everywhere },
  },
  verify: {
    tags: auth,
    operationId: 'token_verify_create',
    summary: 'Verify a token',
    security: anonymous,
    body: tokenVerifyRequest,
    response: { 200: { ...empty, description: 'The token is valid' }, ...withBody, ...everywhere },
  },
  blacklist: {
    tags: auth,
    operationId: 'token_blacklist_create',
    summary: 'Blacklist a refresh token (log out)',
    security: anonymous,
    body: tokenBlacklistRequest,
    response: { 200: { ...empty, description: 'Blacklisted' }, ...withBody, ...everywhere },
  },
  me: {
    tags: auth,
    operationId: 'me_retrieve',
    summary: 'The current account and API client',
    security: readSecurity,
    response: { 200: { ...me, description: 'The account of the request' }, ...everywhere },
  },
  sessionCreate: {
    tags: auth,
    operationId: 'auth_session_create',
    summary: 'Log in to the admin session',
    description:
      'Checks the credentials against `public.users`, sets the http-only `sg_session` cookie (SameSite=Lax) and answers with the session. The admin panel, Swagger UI and GraphiQL on this origin are authenticated by it.',
    security: anonymous,
    body: sessionRequest,
    response: { 201: { ...session, description: 'Logged in: the cookie is set' }, ...withBody, ...everywhere, ...throttled },
  },
  sessionRetrieve: {
    tags: auth,
    operationId: 'auth_session_retrieve',
    summary: 'The admin session',
    security: sessionCookie,
    response: { 200: { ...session, description: 'The session of the cookie' }, ...everywhere },
  },
  sessionUpdate: {
    tags: auth,
    operationId: 'auth_session_partial_update',
    summary: 'Switch the API client of the admin session',
    security: sessionCookie,
    body: patchedSessionRequest,
    response: { 200: { ...session, description: 'The session, switched' }, ...withBody, ...everywhere },
  },
  sessionDestroy: {
    tags: auth,
    operationId: 'auth_session_destroy',
    summary: 'Log out of the admin session',
    description: 'Ends the session (if any) and clears the cookie.',
    security: [{}, ...sessionCookie],
    response: { 204: noContent('Logged out'), ...everywhere },
  },
};

/** The `schema` option of each route of src/tenancy/clients.routes.ts. */
export const clientsDocs = {
  list: {
    tags: clients,
    operationId: 'clients_list',
    summary: 'List your API clients',
    security: owner,
    response: { 200: { description: 'Every API client of the account, oldest first', type: 'array', items: apiClient }, ...everywhere },
  },
  create: {
    tags: clients,
    operationId: 'clients_create',
    summary: 'Create an API client',
    description: 'A new schema with a fresh copy of the reference data. Answers once it is ready, or with `status: provisioning` after a few seconds.',
    security: owner,
    body: apiClientRequest,
    response: { 201: { ...apiClient, description: 'Created' }, ...withBody, ...everywhere, ...forbiddenNewClient, ...newClientThrottled },
  },
  retrieve: {
    tags: clients,
    operationId: 'clients_retrieve',
    summary: 'Retrieve an API client',
    security: owner,
    params: clientId,
    response: { 200: { ...apiClient, description: 'The API client' }, ...everywhere, ...notFound },
  },
  reset: {
    tags: clients,
    operationId: 'clients_reset_create',
    summary: 'Reset an API client to a fresh copy of `public`',
    description: 'Drops every change made in the client; its key stays the same.',
    security: owner,
    params: clientId,
    response: { 200: { ...apiClient, description: 'Reset' }, ...malformedBody, ...everywhere, ...notFound },
  },
  rotateKey: {
    tags: clients,
    operationId: 'clients_rotate_key_create',
    summary: 'Give an API client a new key',
    description: 'The old key stops working at once, on every API node.',
    security: owner,
    params: clientId,
    response: { 200: { ...apiClient, description: 'The client with its new `api_key`' }, ...malformedBody, ...everywhere, ...notFound },
  },
  destroy: {
    tags: clients,
    operationId: 'clients_destroy',
    summary: 'Delete an API client and its schema',
    security: owner,
    params: clientId,
    response: { 204: noContent('Deleted'), ...everywhere, ...notFound },
  },
};

/** The `schema` option of `GET /api/` (src/rest/api-root.routes.ts). */
export const apiRootDocs = {
  tags: ['api'],
  operationId: 'api_root_retrieve',
  summary: 'The API root: every resource and its URL',
  description: "DRF's DefaultRouter root view: each router prefix with the absolute URL of its list.",
  security: anonymous,
  response: {
    200: {
      description: 'Each prefix and its URL',
      type: 'object',
      additionalProperties: { type: 'string', format: 'uri' },
      example: { categories: 'http://127.0.0.1:3000/api/categories/', products: 'http://127.0.0.1:3000/api/products/' },
    },
    ...everywhere,
  },
};
