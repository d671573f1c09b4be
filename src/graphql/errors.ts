import { GraphQLError } from 'graphql';
import { DomainError, DATABASE_UNAVAILABLE, isDatabaseUnavailable, isStatementCancelled, STATEMENT_CANCELLED, ValidationError } from '../errors';

const CODES: Record<number, string> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 429: 'BAD_USER_INPUT', 503: 'UNAVAILABLE' };

/** A resolver's error with `extensions.code` from DESIGN §6b; internals never leak. */
export function toGraphQLError(error: GraphQLError, requestId: string): GraphQLError {
  const original = error.originalError as (Error & { code?: string }) | undefined;
  if (!original || original instanceof GraphQLError) return error;
  const base = { nodes: error.nodes, positions: error.positions, path: error.path, source: error.source };
  if (original instanceof DomainError) {
    const extensions: Record<string, unknown> = { code: CODES[original.status] ?? 'BAD_USER_INPUT' };
    if (original instanceof ValidationError) extensions.fields = original.fields;
    return new GraphQLError(original.message, { ...base, extensions });
  }
  if (isStatementCancelled(original)) return new GraphQLError(STATEMENT_CANCELLED, { ...base, extensions: { code: 'TIMEOUT' } });
  if (isDatabaseUnavailable(original)) {
    return new GraphQLError(DATABASE_UNAVAILABLE, { ...base, extensions: { code: 'UNAVAILABLE' } });
  }
  return new GraphQLError('A server error occurred.', { ...base, extensions: { code: 'INTERNAL_SERVER_ERROR', request_id: requestId } });
}

/** Refusals of the HTTP layer (Apollo's codes for what judged no document), by status; the rest as CODES. */
const HTTP_CODES: Record<number, string> = { 400: 'BAD_REQUEST', 405: 'BAD_REQUEST', 406: 'BAD_REQUEST', 413: 'BAD_REQUEST', 415: 'BAD_REQUEST', 500: 'INTERNAL_SERVER_ERROR', 502: 'TIMEOUT' };

/**
 * A refusal answered before GraphQL ran, DRF-shaped (`{detail, code?, request_id?}`: a bad token, an
 * unknown Api-Key, a body too large, the deadline), as the GraphQL response a GraphQL client reads.
 */
export function refusalAsGraphQLResponse(body: { detail?: unknown; request_id?: unknown }, status: number): { errors: Array<{ message: string; extensions: Record<string, unknown> }> } {
  const extensions: Record<string, unknown> = { code: HTTP_CODES[status] ?? CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST') };
  if (typeof body.request_id === 'string') extensions.request_id = body.request_id;
  return { errors: [{ message: typeof body.detail === 'string' ? body.detail : 'The request was refused.', extensions }] };
}
