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
