/**
 * Domain errors: thrown by services and the auth/tenancy layers, which know
 * nothing of HTTP or GraphQL, and the one table (`classifyError`) that both
 * doors answer them by: src/http/errors.plugin.ts as DRF-shaped responses, the
 * GraphQL door (src/graphql/errors.ts) as `extensions.code`.
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly headers: Record<string, string> = {};
  body(): Record<string, unknown> {
    return { detail: this.message };
  }
}

/** 400 with only the failing fields: `{"price": ["…"], "non_field_errors": ["…"]}`. */
export class ValidationError extends DomainError {
  readonly status = 400;
  readonly code = 'BAD_USER_INPUT';
  constructor(readonly fields: Record<string, string[]>) {
    super(Object.entries(fields).map(([field, messages]) => `${field}: ${messages.join(' ')}`).join('; '));
  }
  override body() {
    return this.fields;
  }
}

/** 401, simplejwt-shaped, with `WWW-Authenticate`. */
export class NotAuthenticated extends DomainError {
  readonly status = 401;
  constructor(
    message = 'Authentication credentials were not provided.',
    readonly code: string = 'not_authenticated',
    readonly messages?: Array<Record<string, string>>,
  ) {
    super(message);
    this.headers['www-authenticate'] = 'Bearer realm="api"';
  }
  override body() {
    return { detail: this.message, code: this.code, ...(this.messages ? { messages: this.messages } : {}) };
  }
}

export class InvalidToken extends NotAuthenticated {
  constructor(reason: string, tokenClass = 'AccessToken', tokenType = 'access') {
    super('Given token not valid for any token type', 'token_not_valid', [
      { token_class: tokenClass, token_type: tokenType, message: reason },
    ]);
  }
}

export class PermissionDenied extends DomainError {
  readonly status = 403;
  readonly code = 'permission_denied';
  constructor(message = 'You do not have permission to perform this action.') {
    super(message);
  }
}

/** PostgreSQL text cannot hold NUL: refused as input, DRF's message (its CharField does the same). */
export const NULL_CHARACTERS = 'Null characters are not allowed.';

/**
 * Whether a value holds a NUL: a string, or any string or key of an array or object at any depth
 * (iterative: a JSON value's depth is bounded by MAX_JSON_DEPTH, not by the stack). Every door and
 * service refuses such input with NULL_CHARACTERS through this one check.
 */
export function hasNulCharacter(value: unknown): boolean {
  const stack = [value];
  while (stack.length) {
    const current = stack.pop();
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return true;
    } else if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        if (key.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

export const READ_ONLY_PUBLIC = 'The public schema is read-only. Send the Api-Key header of your API client to change data.';

export class NotFound extends DomainError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(message = 'Not found.') {
    super(message);
  }
}

/** 405 with `Allow`, DRF's message: `Method "DELETE" not allowed.` */
export class MethodNotAllowed extends DomainError {
  readonly status = 405;
  readonly code = 'method_not_allowed';
  constructor(method: string, allow: string) {
    super(`Method "${method}" not allowed.`);
    this.headers.allow = allow;
  }
}

export class ServiceUnavailable extends DomainError {
  readonly status = 503;
  readonly code = 'service_unavailable';
  constructor(message: string, retryAfterSeconds = 1) {
    super(message);
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

export class Throttled extends DomainError {
  readonly status = 429;
  readonly code = 'throttled';
  /** DRF's message, with what was counted: `Request was throttled (too many …). Expected available in 42 seconds.` */
  constructor(retryAfterSeconds: number, reason?: string) {
    super(`Request was throttled${reason ? ` (${reason})` : ''}. Expected available in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`);
    this.headers['retry-after'] = String(retryAfterSeconds);
  }
}

/**
 * SQLSTATE classes meaning "the database is not there right now", not "the query is wrong".
 * knex's "Transaction query already complete" is one too: when the connection dies under a
 * BEGIN, knex ends the transaction and the ORM's next statement in it gets only this message
 * (test/hardening/faults-proxy.test.ts); our code never queries a transaction it ended itself.
 */
export function isDatabaseUnavailable(error: { code?: string; message?: string }): boolean {
  const code = error.code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '53300'].includes(code) ||
    code.startsWith('08') ||
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Transaction query already complete/.test(error.message ?? '')
  );
}

export const DATABASE_UNAVAILABLE = 'The database is unavailable. Try again shortly.';
export const STATEMENT_CANCELLED = 'The request took too long and its database statement was cancelled.';

/** PostgreSQL cancelled the statement: here, always the request deadline (statement_timeout). */
export function isStatementCancelled(error: { code?: string }): boolean {
  return error.code === '57014';
}

/** `extensions.code` of a domain error's status, for GraphQL (DESIGN §6b); any other status: BAD_USER_INPUT. */
export const GRAPHQL_CODES: Record<number, string> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 429: 'BAD_USER_INPUT', 503: 'UNAVAILABLE' };

/** How an error is answered, by either door. */
export interface ErrorAnswer {
  /** `domain`: a DomainError; `cancelled`: the deadline's statement_timeout; `unavailable`: the database; `refused`: Fastify's own 4xx; `internal`: a bug. */
  kind: 'domain' | 'cancelled' | 'unavailable' | 'refused' | 'internal';
  /** The HTTP answer (DRF's shape). */
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
  /** The GraphQL answer: the error's message and extensions (a `refused` error is a bug inside GraphQL: internal). */
  graphql: { message: string; extensions: Record<string, unknown> };
  /** What the HTTP door logs, if anything. */
  log?: { level: 'warn' | 'error'; message: string };
}

const INTERNAL = 'A server error occurred.';

/** Fastify's client errors as DRF words them. */
function refusalDetail(error: Error & { code?: string }, contentType: string | undefined): string {
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return 'Request body is too large.';
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return `Unsupported media type "${contentType ?? ''}" in request.`;
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) return `JSON parse error - ${error.message}`;
  return error.message;
}

/**
 * The one error table (DESIGN §6): a domain error carries its own status, body and headers; a
 * cancelled statement is the deadline (502, TIMEOUT); an unreachable database is a 503 with
 * Retry-After (UNAVAILABLE); Fastify's own 4xx refusals keep their status with `{detail}`;
 * anything else is a 500 with the request id found in the log, never a stack trace.
 */
export function classifyError(error: Error & { statusCode?: number; code?: string }, request: { id: string; contentType?: string }): ErrorAnswer {
  const internal = { message: INTERNAL, extensions: { code: 'INTERNAL_SERVER_ERROR', request_id: request.id } };
  if (error instanceof DomainError) {
    const extensions: Record<string, unknown> = { code: GRAPHQL_CODES[error.status] ?? 'BAD_USER_INPUT' };
    if (error instanceof ValidationError) extensions.fields = error.fields;
    return {
      kind: 'domain',
      status: error.status,
      headers: error.headers,
      body: error.body(),
      graphql: { message: error.message, extensions },
      ...(error.status >= 500 ? { log: { level: 'warn' as const, message: error.message } } : {}),
    };
  }
  if (isStatementCancelled(error)) {
    return { kind: 'cancelled', status: 502, headers: {}, body: { detail: STATEMENT_CANCELLED }, graphql: { message: STATEMENT_CANCELLED, extensions: { code: 'TIMEOUT' } } };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      kind: 'unavailable',
      status: 503,
      headers: { 'retry-after': '5' },
      body: { detail: DATABASE_UNAVAILABLE },
      graphql: { message: DATABASE_UNAVAILABLE, extensions: { code: 'UNAVAILABLE' } },
      log: { level: 'warn', message: 'database unavailable' },
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { kind: 'refused', status, headers: {}, body: { detail: refusalDetail(error, request.contentType) }, graphql: internal };
  }
  return { kind: 'internal', status: 500, headers: {}, body: { detail: INTERNAL, request_id: request.id }, graphql: internal, log: { level: 'error', message: 'request failed' } };
}
