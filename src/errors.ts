/**
 * Domain errors: thrown by services and the auth/tenancy layers, which know
 * nothing of HTTP or GraphQL. src/http/errors.plugin.ts maps them to DRF-shaped
 * responses; the GraphQL door maps them to `extensions.code`.
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
