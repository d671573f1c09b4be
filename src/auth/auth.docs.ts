/**
 * OpenAPI for the routes of src/auth/auth.routes.ts: registration, simplejwt's tokens, `me` and the
 * admin session (tag `auth`), and the components they share with the API clients' routes (`ApiClient`).
 * Bodies are not validated by ajv on these routes (`documentationOnly`): the handlers check them and
 * answer with DRF's messages.
 */
import { anonymous, dateTime, error, everywhere, named, noContent, nullable, readSecurity, withBody, type Schema, type Security } from '../http/route-docs-helpers';

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

export const apiClient = named('ApiClient', {
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

/** Every named schema of these routes that is not already a component of the generated routes, for the docs plugin to add. */
export const authComponents: Schema[] = [
  account,
  apiClient,
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

const throttled = { 429: error('Too many failed logins for this email, or from this address, in a minute (see Retry-After)') };
/** Registration and a new API client alike. */
export const newClientThrottled = { 429: error('Too many new API clients from this address, or from everybody, in an hour (see Retry-After)') };

const optionalApiKey: Security = [{}, { apiKeyAuth: [] }];
const sessionCookie: Security = [{ cookieAuth: [] }];

const auth = ['auth'];

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
